package engine

import (
	"bytes"
	"testing"
)

// FuzzHLLDecode feeds untrusted bytes (as a SET can store them) to every
// reader and writer of the HLL representation, as they are and behind a
// valid sparse header: nothing panics; the readers agree on what is valid
// and on the registers; and adding elements to a valid HLL keeps it valid,
// with each register raised to at least its element's count.
func FuzzHLLDecode(f *testing.F) {
	hdr := []byte("HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80")
	f.Add([]byte("\x7f\xff"), []byte("a"))
	f.Add([]byte("\x00\x80\x7f\xfd"), []byte("foo"))
	f.Add([]byte("\x7f\x00\x40"), []byte(""))
	f.Add([]byte("\x7f\xff\x80"), []byte("x"))
	f.Add(append(bytes.Clone(hdr), "\x3f\x7f\xbf"...), []byte("hello"))
	dense := make([]byte, hllDenseLen)
	copy(dense, "HYLL")
	f.Add(dense, []byte("d"))
	f.Fuzz(func(t *testing.T, data, elem []byte) {
		for _, s := range [][]byte{data, append(bytes.Clone(hdr), data...)} {
			if checkHLL(s) != nil {
				continue
			}
			h, histOK := hllHistogram(s)
			if histOK {
				h.estimate()
			}
			regs := make([]uint8, hllRegisters)
			mergeOK := hllMergeInto(regs, s)
			if histOK && !mergeOK {
				t.Fatalf("%q: histogram valid, merge not", s)
			}
			if histOK && *histoOf(regs) != *h {
				t.Fatalf("%q: histogram and merged registers differ", s)
			}
			if s[4] == hllEncSparse {
				decodeSparse(s[hllHeaderLen:])
				d, ok := sparseToDense(s)
				if ok != mergeOK {
					t.Fatalf("%q: to dense %v, merge %v", s, ok, mergeOK)
				}
				if ok && !bytes.Equal(denseRegisters(t, d), regs) {
					t.Fatalf("%q: dense registers differ from merged ones", s)
				}
			}
			// Adds, on a copy, with small and default sparse limits.
			for _, sparseMax := range []int{40, 3000} {
				out, r := hllAdd(bytes.Clone(s), elem, sparseMax)
				if r < 0 {
					if histOK {
						t.Fatalf("%q: add to a valid HLL failed", s)
					}
					continue
				}
				if checkHLL(out) != nil {
					t.Fatalf("%q: add made an invalid header: %q", s, out)
				}
				if !histOK {
					continue
				}
				if _, ok := hllHistogram(out); !ok && !cutXZero(s) {
					t.Fatalf("%q: add made %q, which is corrupt", s, out)
				}
				index, count := hllPosition(elem)
				if cutXZero(s) {
					continue // Redis loses an opcode here: see sparseRaise
				}
				after := denseRegisters(t, out)
				want := bytes.Clone(regs)
				want[index] = max(want[index], uint8(count))
				if !bytes.Equal(after, want) {
					t.Fatalf("%q: add of %q changed other registers", s, elem)
				}
				if (r == 1) != (regs[index] < uint8(count)) {
					t.Fatalf("%q: add reported %d, register %d→%d", s, r, regs[index], count)
				}
			}
			// A merge into it (PFMERGE's destination path).
			if mergeOK && s[4] == hllEncSparse {
				src := make([]uint8, hllRegisters)
				index, count := hllPosition(elem)
				src[index] = uint8(count)
				if out, ok := hllRaiseAll(bytes.Clone(s), src, false, 3000); ok && histOK && !cutXZero(s) {
					if _, valid := hllHistogram(out); !valid {
						t.Fatalf("%q: merge made a corrupt HLL", s)
					}
				}
			}
		}
	})
}

// cutXZero reports whether the sparse HLL s ends with an XZERO opcode cut
// short, whose update Redis (and so tierdb) gets wrong on purpose.
func cutXZero(s []byte) bool {
	body := s[hllHeaderLen:]
	p := 0
	for p < len(body) {
		_, _, size := sparseOp(body, p)
		p += size
	}
	return p > len(body)
}

package engine

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// Ensure that elements hash to the register and count Redis gives them
// (read on redis-server 7.0.15 with PFADD then PFDEBUG DECODE), covering
// every tail length of MurmurHash64A.
func TestHLL_Position_MatchesRedis(t *testing.T) {
	for _, c := range []struct {
		elem         string
		index, count int
	}{
		{"", 5938, 2},
		{"a", 12711, 2},
		{"foo", 7348, 5},
		{"hello world", 9399, 4},
		{"12345678", 10579, 3},
		{"exactly8", 75, 4},
		{"seventeen chars!!", 190, 1},
	} {
		index, count := hllPosition([]byte(c.elem))
		if index != c.index || count != c.count {
			t.Errorf("%q: register %d count %d, want %d %d", c.elem, index, count, c.index, c.count)
		}
	}
}

// Ensure that a new HLL is Redis's 18 bytes and decodes as one XZERO.
func TestHLL_New(t *testing.T) {
	want := []byte("HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff")
	if got := newHLL(); !bytes.Equal(got, want) {
		t.Fatalf("newHLL() = %q, want %q", got, want)
	}
	if got := decodeSparse(newHLL()[hllHeaderLen:]); got != "Z:16384" {
		t.Fatalf("decode = %q", got)
	}
	h, ok := hllHistogram(newHLL())
	if !ok || h.estimate() != 0 {
		t.Fatalf("empty HLL: valid %v, estimate %d", ok, h.estimate())
	}
}

// denseRegisters is every register of the HLL s (valid), read through the
// dense conversion.
func denseRegisters(t *testing.T, s []byte) []uint8 {
	t.Helper()
	regs := make([]uint8, hllRegisters)
	if !hllMergeInto(regs, s) {
		t.Fatalf("invalid HLL %q", s)
	}
	return regs
}

// Ensure that the sparse representation, updated in place element by
// element, always holds the same registers as a plain array fed the same
// elements, stays valid, and turns dense where Redis's would: at a count
// above 32 or past hll-sparse-max-bytes.
func TestHLL_SparseMatchesModel(t *testing.T) {
	for _, sparseMax := range []int{3000, 200, 0} {
		t.Run(fmt.Sprintf("max=%d", sparseMax), func(t *testing.T) {
			s := newHLL()
			model := make([]uint8, hllRegisters)
			for i := range 3000 {
				elem := []byte(fmt.Sprintf("e%d", i))
				index, count := hllPosition(elem)
				var r int
				s, r = hllAdd(s, elem, sparseMax)
				changed := int(model[index]) < count
				if changed {
					model[index] = uint8(count)
				}
				if r != int(boolInt(changed)) {
					t.Fatalf("element %d: hllAdd = %d, changed %v", i, r, changed)
				}
				if s[4] == hllEncSparse && len(s) > max(sparseMax, 18) {
					t.Fatalf("element %d: sparse HLL of %d bytes, max %d", i, len(s), sparseMax)
				}
				if i%97 == 0 || i == 2999 {
					if got := denseRegisters(t, s); !bytes.Equal(got, model) {
						t.Fatalf("element %d: registers differ from the model", i)
					}
					if _, ok := hllHistogram(s); !ok {
						t.Fatalf("element %d: histogram says invalid", i)
					}
				}
			}
			if s[4] != hllEncDense {
				t.Errorf("3000 elements left the HLL sparse (%d bytes)", len(s))
			}
		})
	}
}

// Ensure that adjacent equal VAL opcodes merge, as Redis's do, so that a
// run of equal registers is one opcode.
func TestHLL_SparseMergesRuns(t *testing.T) {
	s := newHLL()
	for i := 10; i < 14; i++ {
		var r int
		if s, r = sparseRaise(s, i, 3, 3000); r != 1 {
			t.Fatalf("raise %d: %d", i, r)
		}
	}
	if got := decodeSparse(s[hllHeaderLen:]); got != "z:10 v:3,4 Z:16370" {
		t.Fatalf("decode = %q", got)
	}
	if s, r := sparseRaise(s, 11, 2, 3000); r != 0 || decodeSparse(s[hllHeaderLen:]) != "z:10 v:3,4 Z:16370" {
		t.Fatalf("a lower value changed the HLL: %d", r)
	}
}

// Ensure that dense registers pack at 6 bits, least significant first,
// without touching their neighbours, the last one included.
func TestHLL_DenseRegisters(t *testing.T) {
	r := make([]byte, hllDenseLen-hllHeaderLen)
	rng := rand.New(rand.NewPCG(3, 4))
	model := make([]uint8, hllRegisters)
	for range 50000 {
		i, v := rng.IntN(hllRegisters), uint8(rng.IntN(64))
		denseSet(r, i, v)
		model[i] = v
	}
	for i, v := range model {
		if got := denseGet(r, i); got != v {
			t.Fatalf("register %d = %d, want %d", i, got, v)
		}
	}
	r = make([]byte, hllDenseLen-hllHeaderLen)
	denseSet(r, 1, 63)
	if r[0] != 0xc0 || r[1] != 0x0f {
		t.Fatalf("register 1 = 63 packs as % x, want c0 0f", r[:2])
	}
}

// Ensure that malformed HLL values are refused as Redis refuses them: a
// bad header with WRONGTYPE's HLL text, a sparse body that does not cover
// the registers exactly as corrupt.
func TestHLL_Invalid(t *testing.T) {
	hdr := "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80"
	for _, c := range []struct {
		name      string
		s         string
		headerOK  bool
		histoOK   bool
		mergeOK   bool
		addResult int
	}{
		{"short", "HYLL", false, false, false, 0},
		{"magic", "HYLX\x01" + hdr[5:] + "\x7f\xff", false, false, false, 0},
		{"encoding 2", "HYLL\x02" + hdr[5:], false, false, false, 0},
		{"dense too short", "HYLL\x00" + hdr[5:] + "\x00", false, false, false, 0},
		{"empty sparse body", hdr, true, false, false, -1},
		{"runs too short", hdr + "\x7f\xfe", true, false, false, 1}, // -1 only when the register is past the runs
		{"runs too long", hdr + "\x7f\xff\x00", true, false, false, 1},
		{"trailing VAL", hdr + "\x7f\xff\x80", true, false, false, 1},
		{"cut XZERO", hdr + "\x7f\x00\x40", true, false, false, 1}, // the last XZERO reads a 0 byte
	} {
		s := []byte(c.s)
		if err := checkHLL(s); (err == nil) != c.headerOK {
			t.Errorf("%s: checkHLL = %v", c.name, err)
		}
		if !c.headerOK {
			continue
		}
		if _, ok := hllHistogram(s); ok != c.histoOK {
			t.Errorf("%s: histogram valid %v, want %v", c.name, ok, c.histoOK)
		}
		if ok := hllMergeInto(make([]uint8, hllRegisters), s); ok != c.mergeOK {
			t.Errorf("%s: merge valid %v, want %v", c.name, ok, c.mergeOK)
		}
		if _, r := sparseRaise(bytes.Clone(s), 0, 1, 3000); r != c.addResult {
			t.Errorf("%s: sparseRaise = %d, want %d", c.name, r, c.addResult)
		}
	}
}

// Ensure that the estimator is Redis's: the counts below were read from
// redis-server 7.0.15 after PFADD of "e0".."e<n-1>".
func TestHLL_Estimate_MatchesRedis(t *testing.T) {
	for _, c := range []struct {
		n    int
		want uint64
	}{
		{1, 1}, {10, 10}, {100, 100}, {1000, 1008}, {200000, 200859},
	} {
		s := newHLL()
		for i := range c.n {
			s, _ = hllAdd(s, []byte(fmt.Sprintf("e%d", i)), 3000)
		}
		h, ok := hllHistogram(s)
		if !ok {
			t.Fatalf("n=%d: invalid", c.n)
		}
		if got := h.estimate(); got != c.want {
			t.Errorf("n=%d: estimate %d, want %d", c.n, got, c.want)
		}
	}
}

package engine

import (
	"encoding/binary"
	"slices"
)

// The HyperLogLog representation, byte for byte Redis's, so that the value
// of an HLL key can move between tierdb and Redis with GET and SET:
//
//	header (16 bytes): "HYLL", encoding (0 dense, 1 sparse), 3 unused
//	bytes, the cached cardinality (8 bytes little-endian; the top bit of
//	the last byte set means "not valid, recompute").
//	dense body: 16384 registers of 6 bits, packed from the least
//	significant bit of each byte.
//	sparse body: run-length opcodes covering the 16384 registers:
//	  ZERO  00xxxxxx           xxxxxx+1 registers (1..64) at 0
//	  XZERO 01xxxxxx yyyyyyyy  the 14-bit xxxxxxyyyyyyyy+1 (1..16384) at 0
//	  VAL   1vvvvvxx           xx+1 registers (1..4) at vvvvv+1 (1..32)
//
// A sparse HLL becomes dense when a register needs a value above 32, or
// when it would grow past hll-sparse-max-bytes. The bytes are untrusted (a
// SET can store anything): every reader checks bounds, and a malformed
// value is an error, never a panic.

const (
	hllP          = 14
	hllQ          = 64 - hllP // bits of the hash left for the count
	hllRegisters  = 1 << hllP
	hllBits       = 6
	hllHeaderLen  = 16
	hllDenseLen   = hllHeaderLen + (hllRegisters*hllBits+7)/8
	hllEncDense   = 0
	hllEncSparse  = 1
	hllCacheStale = 0x80 // in the last byte of the cached cardinality

	sparseValMax    = 32
	sparseValMaxRun = 4
	sparseZeroMax   = 64
	sparseXZeroMax  = 1 << 14
)

var (
	errNotHLL     = &Error{"WRONGTYPE", "Key is not a valid HyperLogLog string value."}
	errCorruptHLL = &Error{"INVALIDOBJ", "Corrupted HLL object detected"}
)

// newHLL is an empty HLL: sparse, one XZERO over every register, a valid
// cached cardinality of 0.
func newHLL() []byte {
	s := make([]byte, hllHeaderLen, hllHeaderLen+2)
	copy(s, "HYLL")
	s[4] = hllEncSparse
	return append(s, xzeroOp(hllRegisters)...)
}

// checkHLL reports whether s has a valid HLL header and, if dense, the
// exact dense length. A sparse body is checked only as it is read.
func checkHLL(s []byte) error {
	if len(s) < hllHeaderLen || string(s[:4]) != "HYLL" || s[4] > hllEncSparse ||
		(s[4] == hllEncDense && len(s) != hllDenseLen) {
		return errNotHLL
	}
	return nil
}

// hllCached returns the cached cardinality and whether it is valid.
func hllCached(s []byte) (uint64, bool) {
	return binary.LittleEndian.Uint64(s[8:16]), s[15]&hllCacheStale == 0
}

// hllSetCached stores a valid cached cardinality.
func hllSetCached(s []byte, n uint64) { binary.LittleEndian.PutUint64(s[8:16], n) }

// hllInvalidate marks the cached cardinality stale.
func hllInvalidate(s []byte) { s[15] |= hllCacheStale }

// denseGet is register i of the dense registers r.
func denseGet(r []byte, i int) uint8 {
	bit := i * hllBits
	b, shift := bit>>3, uint(bit&7)
	v := uint(r[b]) >> shift
	if b+1 < len(r) {
		v |= uint(r[b+1]) << (8 - shift)
	}
	return uint8(v & (1<<hllBits - 1))
}

// denseSet sets register i of the dense registers r to v.
func denseSet(r []byte, i int, v uint8) {
	bit := i * hllBits
	b, shift := bit>>3, uint(bit&7)
	const mask = 1<<hllBits - 1
	r[b] = r[b]&^byte(mask<<shift) | byte(uint(v)<<shift)
	if b+1 < len(r) {
		r[b+1] = r[b+1]&^byte(mask>>(8-shift)) | byte(uint(v)>>(8-shift))
	}
}

// denseRaise sets register i to count if that is higher, and reports
// whether it did.
func denseRaise(r []byte, i, count int) bool {
	if int(denseGet(r, i)) >= count {
		return false
	}
	denseSet(r, i, uint8(count))
	return true
}

// Sparse opcodes.

func zeroOp(n int) byte { return byte(n - 1) }

func xzeroOp(n int) []byte { return []byte{0x40 | byte((n-1)>>8), byte(n - 1)} }

func valOp(v, n int) byte { return 0x80 | byte(v-1)<<2 | byte(n-1) }

// appendZeros appends the opcode for a run of n ≤ 16384 zero registers.
func appendZeros(seq []byte, n int) []byte {
	if n > sparseZeroMax {
		return append(seq, xzeroOp(n)...)
	}
	return append(seq, zeroOp(n))
}

// sparseOp decodes the opcode at body[p]: the registers it covers, their
// value (0 for ZERO and XZERO) and its size in bytes. An XZERO cut short by
// the end of the string reads its missing byte as 0, as Redis reads the
// string's terminating NUL.
func sparseOp(body []byte, p int) (run, val, size int) {
	b := body[p]
	switch {
	case b&0xc0 == 0x00:
		return int(b&0x3f) + 1, 0, 1
	case b&0xc0 == 0x40:
		lo := 0
		if p+1 < len(body) {
			lo = int(body[p+1])
		}
		return (int(b&0x3f)<<8 | lo) + 1, 0, 2
	}
	return int(b&3) + 1, int(b>>2&0x1f) + 1, 1
}

// eachSparseRun calls fn for the runs of non-zero registers of a sparse
// body in order, with the index of each run's first register. It reports
// whether the runs cover exactly the 16384 registers, stopping early at a
// run of values that would end past the last register.
func eachSparseRun(body []byte, fn func(first, run, val int)) bool {
	idx := 0
	for p := 0; p < len(body); {
		run, val, size := sparseOp(body, p)
		if val != 0 {
			if idx+run > hllRegisters {
				return false
			}
			fn(idx, run, val)
		}
		idx += run
		p += size
	}
	return idx == hllRegisters
}

// sparseToDense converts a valid sparse HLL to a new dense one, keeping the
// header (cached cardinality and unused bytes included).
func sparseToDense(s []byte) ([]byte, bool) {
	d := make([]byte, hllDenseLen)
	copy(d, s[:hllHeaderLen])
	d[4] = hllEncDense
	regs := d[hllHeaderLen:]
	ok := eachSparseRun(s[hllHeaderLen:], func(first, run, val int) {
		for i := first; i < first+run; i++ {
			denseSet(regs, i, uint8(val))
		}
	})
	if !ok {
		return nil, false
	}
	return d, true
}

// hllAdd adds an element to the HLL s (header checked). It returns the
// new value (s changed in place, or a new slice) and 1 if a register
// changed, 0 if none did, -1 if s is a corrupt sparse HLL.
func hllAdd(s, elem []byte, sparseMax int) ([]byte, int) {
	index, count := hllPosition(elem)
	if s[4] == hllEncDense {
		if denseRaise(s[hllHeaderLen:], index, count) {
			return s, 1
		}
		return s, 0
	}
	return sparseRaise(s, index, count, sparseMax)
}

// sparseRaise raises register index of the sparse HLL s to count, if that
// is higher, in place where it can, as Redis's sparse update does (so that
// the bytes come out the same): the opcode holding the register is split,
// then equal neighbouring VAL opcodes are merged. It converts s to dense
// when count does not fit a VAL opcode or s would grow past sparseMax
// bytes. Results as hllAdd's. A cached cardinality is left as it is.
func sparseRaise(s []byte, index, count, sparseMax int) ([]byte, int) {
	if count > sparseValMax {
		return promoteRaise(s, index, count)
	}
	body := s[hllHeaderLen:]
	p, first, prev := 0, 0, -1
	run, val, size := 0, 0, 0
	for {
		if p >= len(body) {
			return s, -1 // the runs end before the register
		}
		run, val, size = sparseOp(body, p)
		if index < first+run {
			break
		}
		prev, p, first = p, p+size, first+run
	}
	// An XZERO cut short by the end of the string (a corrupt value) is
	// replaced as Redis replaces it: as if its second byte were there, so
	// the last byte of the new opcodes falls past the end, lost.
	cut := p+size > len(body)
	isVal := val != 0
	switch {
	case isVal && val >= count:
		return s, 0
	case run == 1 && body[p]&0xc0 != 0x40: // a VAL or ZERO of one register
		body[p] = valOp(count, 1)
		return mergeSparseVals(s, max(prev, 0)), 1
	}
	// Split the opcode around the register.
	last := first + run - 1
	seq := make([]byte, 0, 5)
	if !isVal {
		if index != first {
			seq = appendZeros(seq, index-first)
		}
		seq = append(seq, valOp(count, 1))
		if index != last {
			seq = appendZeros(seq, last-index)
		}
	} else {
		if index != first {
			seq = append(seq, valOp(val, index-first))
		}
		seq = append(seq, valOp(count, 1))
		if index != last {
			seq = append(seq, valOp(val, last-index))
		}
	}
	if grow := len(seq) - size; grow > 0 && len(s)+grow > sparseMax {
		return promoteRaise(s, index, count)
	}
	at := hllHeaderLen + p
	if cut {
		s = append(s[:at], seq[:len(seq)-1]...)
	} else {
		s = slices.Replace(s, at, at+size, seq...)
	}
	return mergeSparseVals(s, max(prev, 0)), 1
}

// promoteRaise converts the sparse HLL s to dense, then raises register
// index to count.
func promoteRaise(s []byte, index, count int) ([]byte, int) {
	d, ok := sparseToDense(s)
	if !ok {
		return s, -1
	}
	denseRaise(d[hllHeaderLen:], index, count)
	return d, 1
}

// mergeSparseVals merges adjacent VAL opcodes of equal value whose runs
// fit one opcode, looking at up to five opcodes from body offset p (the
// opcode before the one just changed), as Redis does.
func mergeSparseVals(s []byte, p int) []byte {
	body := s[hllHeaderLen:]
	for budget := 5; p < len(body) && budget > 0; budget-- {
		b := body[p]
		switch {
		case b&0xc0 == 0x40:
			p += 2
			continue
		case b&0xc0 == 0x00:
			p++
			continue
		}
		if p+1 < len(body) && body[p+1]&0x80 != 0 {
			run1, v1, _ := sparseOp(body, p)
			run2, v2, _ := sparseOp(body, p+1)
			if v1 == v2 && run1+run2 <= sparseValMaxRun {
				body[p+1] = valOp(v1, run1+run2)
				s = slices.Delete(s, hllHeaderLen+p, hllHeaderLen+p+1)
				body = s[hllHeaderLen:]
				continue // try the merged opcode with the next one
			}
		}
		p++
	}
	return s
}

// hllMergeInto raises each of the 16384 registers in regs to the HLL s's
// (header checked), and reports false if s is a corrupt sparse HLL.
func hllMergeInto(regs []uint8, s []byte) bool {
	if s[4] == hllEncDense {
		r := s[hllHeaderLen:]
		for i := range regs {
			regs[i] = max(regs[i], denseGet(r, i))
		}
		return true
	}
	return eachSparseRun(s[hllHeaderLen:], func(first, run, val int) {
		for i := first; i < first+run; i++ {
			regs[i] = max(regs[i], uint8(val))
		}
	})
}

// hllRaiseAll raises the registers of the HLL s (header checked, valid) to
// regs, converting s to dense first when dense is set. It returns the new
// value; s may have been changed in place.
func hllRaiseAll(s []byte, regs []uint8, dense bool, sparseMax int) ([]byte, bool) {
	if dense && s[4] == hllEncSparse {
		var ok bool
		if s, ok = sparseToDense(s); !ok {
			return nil, false
		}
	}
	for i, v := range regs {
		if v == 0 {
			continue
		}
		if s[4] == hllEncDense {
			denseRaise(s[hllHeaderLen:], i, int(v))
			continue
		}
		var r int
		if s, r = sparseRaise(s, i, int(v), sparseMax); r < 0 {
			return nil, false
		}
	}
	return s, true
}

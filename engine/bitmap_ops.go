package engine

import (
	"encoding/binary"
	"math/bits"
)

// Bit-level work on string values, shared by the bitmap commands. Bit 0 of
// a string is the most significant bit of its first byte, as in Redis.

var (
	errBitOffset = errf("bit offset is not an integer or out of range")
	errBitValue  = errf("bit is not an integer or out of range")
	errBitArg    = errf("The bit argument must be 1 or 0.")
)

// parseBitOffset parses a bit offset as SETBIT, GETBIT and BITFIELD do: a
// decimal integer, at least 0, addressing a byte below maxBytes (the
// proto-max-bulk-len, so 2^32-1 at most with the default 512mb). With
// width > 0 (BITFIELD) the form "#n" means n*width; like Redis's 64-bit
// multiplication, that product wraps around on overflow before the range
// check.
func parseBitOffset(arg []byte, width int, maxBytes int64) (uint64, error) {
	hash := width > 0 && len(arg) > 0 && arg[0] == '#'
	if hash {
		arg = arg[1:]
	}
	n, ok := ParseInteger(arg)
	if !ok {
		return 0, errBitOffset
	}
	if hash {
		n *= int64(width) // wraps, as Redis's does
	}
	if n < 0 || n>>3 >= maxBytes {
		return 0, errBitOffset
	}
	return uint64(n), nil
}

// bitOffset parses the bit offset argument arg (see parseBitOffset) against
// the configured proto-max-bulk-len.
func (c *Call) bitOffset(arg []byte, width int) (uint64, error) {
	return parseBitOffset(arg, width, c.e.cfg.Int("proto-max-bulk-len"))
}

// getBit is bit i of s; bits past the end are 0.
func getBit(s []byte, i uint64) byte {
	if i>>3 >= uint64(len(s)) {
		return 0
	}
	return s[i>>3] >> (7 - i&7) & 1
}

// setBit sets bit i of s (which must hold it) to v (0 or 1).
func setBit(s []byte, i uint64, v byte) {
	mask := byte(1) << (7 - i&7)
	if v != 0 {
		s[i>>3] |= mask
	} else {
		s[i>>3] &^= mask
	}
}

// popcount counts the set bits of s.
func popcount(s []byte) int64 {
	var n int
	for len(s) >= 8 {
		n += bits.OnesCount64(binary.LittleEndian.Uint64(s))
		s = s[8:]
	}
	for _, b := range s {
		n += bits.OnesCount8(b)
	}
	return int64(n)
}

// countBits counts the set bits of s between bit positions lo and hi,
// both included (0 ≤ lo ≤ hi < 8*len(s)).
func countBits(s []byte, lo, hi uint64) int64 {
	first, last := lo>>3, hi>>3
	n := popcount(s[first : last+1])
	// Take back the bits of the edge bytes that lie outside the range.
	n -= int64(bits.OnesCount8(s[first] & ^byte(0xff>>(lo&7))))
	n -= int64(bits.OnesCount8(s[last] & byte(0xff>>(hi&7+1))))
	return n
}

// findBit returns the position of the first bit equal to bit (0 or 1)
// between bit positions lo and hi of s, both included (0 ≤ lo ≤ hi <
// 8*len(s)), or -1 if there is none.
func findBit(s []byte, lo, hi uint64, bit byte) int64 {
	// skip is the byte made only of bits we are not looking for.
	skip := byte(0)
	if bit == 0 {
		skip = 0xff
	}
	i := lo
	// Bits of the first byte, up to a byte boundary.
	for ; i <= hi && i&7 != 0; i++ {
		if getBit(s, i) == bit {
			return int64(i)
		}
	}
	// Whole bytes, eight at a time while possible.
	word := uint64(0)
	if bit == 0 {
		word = ^uint64(0)
	}
	for i+64 <= hi+1 && binary.LittleEndian.Uint64(s[i>>3:]) == word {
		i += 64
	}
	for i+8 <= hi+1 && s[i>>3] == skip {
		i += 8
	}
	for ; i <= hi; i++ {
		if getBit(s, i) == bit {
			return int64(i)
		}
	}
	return -1
}

// bitRange turns BITCOUNT's and BITPOS's start and end (negative from the
// end, in bytes or in bits) into bit positions lo..hi within a string of n
// bytes; ok is false when the range is empty.
func bitRange(n, start, end int64, inBits bool) (lo, hi uint64, ok bool) {
	total := n
	if inBits {
		total = n * 8
	}
	if start < 0 {
		start += total
	}
	if end < 0 {
		end += total
	}
	start, end = max(start, 0), max(end, 0)
	if end >= total {
		end = total - 1
	}
	if start > end {
		return 0, 0, false
	}
	if inBits {
		return uint64(start), uint64(end), true
	}
	return uint64(start) * 8, uint64(end)*8 + 7, true
}

// bitOp is a BITOP operation.
type bitOp uint8

const (
	bitAnd bitOp = iota
	bitOr
	bitXor
	bitNot
)

// parseBitOp parses BITOP's operation name (any case; a C string, as Redis
// compares it).
func parseBitOp(arg []byte) (bitOp, bool) {
	for op, name := range []string{"and", "or", "xor", "not"} {
		if optEq(arg, name) {
			return bitOp(op), true
		}
	}
	return 0, false
}

// applyBitOp combines srcs (nil for a missing key) as BITOP does: shorter
// strings are padded with zero bytes to the longest; NOT takes one source.
// The result is as long as the longest source, empty if all are empty.
func applyBitOp(op bitOp, srcs [][]byte) []byte {
	n := 0
	for _, s := range srcs {
		n = max(n, len(s))
	}
	if n == 0 {
		return nil
	}
	res := make([]byte, n)
	copy(res, srcs[0])
	if op == bitNot {
		for i := range res {
			res[i] = ^res[i]
		}
		return res
	}
	for _, s := range srcs[1:] {
		switch op {
		case bitAnd:
			for i, b := range s {
				res[i] &= b
			}
			clear(res[len(s):])
		case bitOr:
			for i, b := range s {
				res[i] |= b
			}
		case bitXor:
			for i, b := range s {
				res[i] ^= b
			}
		}
	}
	return res
}

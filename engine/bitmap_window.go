package engine

import "github.com/tierdb/tierdb/tier"

// Bit windows: the bitmap commands read and write only the bytes that hold
// the bits they use, so that a SETBIT, GETBIT or BITFIELD on a big chunked
// string (tier/string.go) costs the chunk it touches, not the string.

// bitWindow returns a copy of the bytes of string o (nil: no key) that hold
// bits lo..hi (inclusive), zero-padded past o's end, and the bit offset of
// its first byte.
func (c *Call) bitWindow(o *tier.Object, lo, hi uint64) (window []byte, base uint64, err error) {
	first, last := lo>>3, hi>>3
	window = make([]byte, last-first+1)
	if o != nil {
		held, err := c.Txn.StringRange(c.DB(), o, int64(first), int64(len(window)))
		if err != nil {
			return nil, 0, err
		}
		copy(window, held)
	}
	return window, first << 3, nil
}

// bitPieceBytes is the most bytes of a string eachBitPiece reads at once.
const bitPieceBytes = 1 << 20

// eachBitPiece calls fn with the bytes of string o that hold bits lo..hi
// (inclusive, within o), in order, a piece of at most bitPieceBytes at a
// time, and the bit offset of each piece's first byte, until fn returns
// false; BITCOUNT and BITPOS over a big string so hold one piece at a time.
// The pieces are read-only.
func (c *Call) eachBitPiece(o *tier.Object, lo, hi uint64, fn func(piece []byte, base uint64) bool) error {
	for first, last := lo>>3, hi>>3; first <= last; first += bitPieceBytes {
		piece, err := c.Txn.StringRange(c.DB(), o, int64(first), int64(min(bitPieceBytes, last-first+1)))
		if err != nil {
			return err
		}
		if !fn(piece, first<<3) {
			break
		}
	}
	return nil
}

// putBitWindow writes window, read by bitWindow at bit offset base, back
// into string o; the caller Puts o afterwards.
func (c *Call) putBitWindow(o *tier.Object, window []byte, base uint64) error {
	return c.Txn.StringWrite(c.DB(), o, int64(base>>3), window)
}

// growString extends string o with zero bytes to at least n bytes and
// reports whether it grew; the caller Puts o afterwards.
func (c *Call) growString(o *tier.Object, n uint64) (bool, error) {
	if uint64(o.StrLen()) >= n {
		return false, nil
	}
	return true, c.Txn.StringWrite(c.DB(), o, int64(n), nil)
}

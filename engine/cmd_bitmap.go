package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// Bitmap commands: the table (COMMAND INFO and DOCS of Redis 7.0), then the
// handlers in table order. Bitmaps are strings; the bit-level helpers are in
// bitmap_ops.go, BITFIELD in bitmap_field.go.
//
// Writes change the hot object's bytes in place. The whole value is still
// written to Pebble on each change: storing big strings in chunks, so that
// a SETBIT on a cold 512 MB bitmap writes one chunk, is a later step of the
// tier.
var bitmapCommands = []*Command{
	{Name: "setbit", Arity: 4, Flags: Write | DenyOOM, ACL: CatBitmap, Keys: oneKey(RW | Access | Update),
		Group: "bitmap", Summary: "Sets or clears the bit at offset in the string value stored at key",
		Since: "2.2.0", Complex: "O(1)", Run: cmdSetbit},
	{Name: "getbit", Arity: 3, Flags: ReadOnly | Fast, ACL: CatBitmap, Keys: oneKey(RO | Access),
		Group: "bitmap", Summary: "Returns the bit value at offset in the string value stored at key",
		Since: "2.2.0", Complex: "O(1)", Run: cmdGetbit},
	{Name: "bitcount", Arity: -2, Flags: ReadOnly, ACL: CatBitmap, Keys: oneKey(RO | Access),
		Group: "bitmap", Summary: "Count set bits in a string", Since: "2.6.0", Complex: "O(N)",
		Run: cmdBitcount},
	{Name: "bitpos", Arity: -3, Flags: ReadOnly, ACL: CatBitmap, Keys: oneKey(RO | Access),
		Group: "bitmap", Summary: "Find first bit set or clear in a string", Since: "2.8.7", Complex: "O(N)",
		Run: cmdBitpos},
	{Name: "bitop", Arity: -4, Flags: Write | DenyOOM, ACL: CatBitmap,
		Keys:  []KeySpec{{Flags: OW | Update, Index: 2, Step: 1}, {Flags: RO | Access, Index: 3, LastKey: -1, Step: 1}},
		Group: "bitmap", Summary: "Perform bitwise operations between strings", Since: "2.6.0",
		Complex: "O(N)", Run: cmdBitop},
	{Name: "bitfield", Arity: -2, Flags: Write | DenyOOM, ACL: CatBitmap,
		Keys: []KeySpec{{Notes: "This command allows both access and modification of the key",
			Flags: RW | Access | Update | VariableFlags, Index: 1, Step: 1}},
		Group: "bitmap", Summary: "Perform arbitrary bitfield integer operations on strings", Since: "3.2.0",
		Complex: "O(1) for each subcommand specified", Run: cmdBitfield},
	{Name: "bitfield_ro", Arity: -2, Flags: ReadOnly | Fast, ACL: CatBitmap, Keys: oneKey(RO | Access),
		Group:   "bitmap",
		Summary: "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
		Since:   "6.0.0", Complex: "O(1) for each subcommand specified", Run: cmdBitfieldRO},
}

// SETBIT key offset value
//
// It replies with the bit's old value. The string grows with zero bytes to
// hold the offset; a bit set to the value it had changes nothing.
func cmdSetbit(c *Call) error {
	key := c.Args[1]
	offset, err := c.bitOffset(c.Args[2], 0)
	if err != nil {
		return err
	}
	v, ok := ParseInteger(c.Args[3])
	if !ok || v&^1 != 0 {
		return errBitValue
	}
	o, err := c.writeString(key)
	if err != nil {
		return err
	}
	dirty := o == nil
	if dirty {
		o = tier.NewString(nil)
	}
	grew, err := c.growString(o, offset>>3+1)
	if err != nil {
		return err
	}
	window, base, err := c.bitWindow(o, offset, offset)
	if err != nil {
		return err
	}
	old := getBit(window, offset-base)
	if old != byte(v) {
		setBit(window, offset-base, byte(v))
		if err := c.putBitWindow(o, window, base); err != nil {
			return err
		}
	}
	if dirty || grew || old != byte(v) {
		if err := c.Txn.Put(c.DB(), key, o); err != nil {
			return err
		}
	}
	c.Out.Int(int64(old))
	return nil
}

// GETBIT key offset
func cmdGetbit(c *Call) error {
	offset, err := c.bitOffset(c.Args[2], 0)
	if err != nil {
		return err
	}
	o, err := c.readString(c.Args[1])
	if err != nil {
		return err
	}
	window, base, err := c.bitWindow(o, offset, offset)
	if err != nil {
		return err
	}
	c.Out.Int(int64(getBit(window, offset-base)))
	return nil
}

// parseRangeUnit parses the optional BYTE | BIT of BITCOUNT and BITPOS and
// reports whether it is BIT.
func parseRangeUnit(arg []byte) (inBits bool, err error) {
	switch {
	case optEq(arg, "bit"):
		return true, nil
	case optEq(arg, "byte"):
		return false, nil
	}
	return false, ErrSyntax
}

// BITCOUNT key [start end [BYTE | BIT]]
//
// As in Redis, a missing key counts 0 before the range is looked at.
func cmdBitcount(c *Call) error {
	o, err := c.readString(c.Args[1])
	if err != nil {
		return err
	}
	if o == nil {
		c.Out.Int(0)
		return nil
	}
	n := o.StrLen()
	var start, end int64
	inBits := false
	switch len(c.Args) {
	case 2:
		start, end = 0, -1
	case 4, 5:
		if start, err = parseInt(c.Args[2]); err != nil {
			return err
		}
		if end, err = parseInt(c.Args[3]); err != nil {
			return err
		}
		if len(c.Args) == 5 {
			if inBits, err = parseRangeUnit(c.Args[4]); err != nil {
				return err
			}
		}
		if start < 0 && end < 0 && start > end {
			c.Out.Int(0)
			return nil
		}
	default:
		return ErrSyntax
	}
	lo, hi, ok := bitRange(n, start, end, inBits)
	if !ok {
		c.Out.Int(0)
		return nil
	}
	var count int64
	err = c.eachBitPiece(o, lo, hi, func(piece []byte, base uint64) bool {
		count += countBits(piece, max(lo, base)-base, min(hi, base+uint64(len(piece))*8-1)-base)
		return true
	})
	if err != nil {
		return err
	}
	c.Out.Int(count)
	return nil
}

// BITPOS key bit [start [end [BYTE | BIT]]]
//
// A missing key is all zeros: 0 for a clear bit, -1 for a set one. When no
// clear bit is found and no end was given, the string counts as padded with
// zeros, so the answer is the first bit past its end; with an explicit end
// it is -1.
func cmdBitpos(c *Call) error {
	b, ok := ParseInteger(c.Args[2])
	if !ok {
		return ErrNotInteger
	}
	if b != 0 && b != 1 {
		return errBitArg
	}
	bit := byte(b)
	o, err := c.readString(c.Args[1])
	if err != nil {
		return err
	}
	if o == nil {
		c.Out.Int(-int64(bit))
		return nil
	}
	n := o.StrLen()
	start, end := int64(0), int64(-1)
	inBits, endGiven := false, false
	switch len(c.Args) {
	case 3:
	case 4, 5, 6:
		if start, err = parseInt(c.Args[3]); err != nil {
			return err
		}
		if len(c.Args) == 6 {
			if inBits, err = parseRangeUnit(c.Args[5]); err != nil {
				return err
			}
		}
		if len(c.Args) >= 5 {
			if end, err = parseInt(c.Args[4]); err != nil {
				return err
			}
			endGiven = true
		}
	default:
		return ErrSyntax
	}
	lo, hi, ok := bitRange(n, start, end, inBits)
	if !ok {
		c.Out.Int(-1)
		return nil
	}
	pos := int64(-1)
	err = c.eachBitPiece(o, lo, hi, func(piece []byte, base uint64) bool {
		if at := findBit(piece, max(lo, base)-base, min(hi, base+uint64(len(piece))*8-1)-base, bit); at >= 0 {
			pos = int64(base) + at
		}
		return pos < 0
	})
	if err != nil {
		return err
	}
	if pos < 0 && bit == 0 && !endGiven {
		pos = int64(hi>>3+1) * 8
	}
	c.Out.Int(pos)
	return nil
}

// BITOP AND | OR | XOR | NOT destkey key [key ...]
//
// Missing keys are empty strings. The result replaces destkey (any type,
// without TTL); an empty result deletes it. It replies with the result's
// length.
func cmdBitop(c *Call) error {
	op, ok := parseBitOp(c.Args[1])
	if !ok {
		return ErrSyntax
	}
	if op == bitNot && len(c.Args) != 4 {
		return errf("BITOP NOT must be called with a single source key.")
	}
	srcs := make([][]byte, 0, len(c.Args)-3)
	for _, key := range c.Args[3:] {
		o, err := c.readString(key)
		if err != nil {
			return err
		}
		v, err := c.stringValue(o)
		if err != nil {
			return err
		}
		srcs = append(srcs, v)
	}
	res := applyBitOp(op, srcs)
	dest := c.Args[2]
	if len(res) == 0 {
		if _, err := c.Txn.Delete(c.DB(), dest); err != nil {
			return err
		}
	} else if err := c.Txn.Put(c.DB(), dest, tier.NewString(res)); err != nil {
		return err
	}
	c.Out.Int(int64(len(res)))
	return nil
}

package engine

import (
	"math"

	"github.com/tierdb/tierdb/tier"
)

// BITFIELD and BITFIELD_RO: integers of 1 to 64 bits (unsigned: 1 to 63)
// at any bit offset of a string, most significant bit first.

var (
	errBitfieldType = errf("Invalid bitfield type. Use something like i16 u8. " +
		"Note that u64 is not supported but i64 is.")
	errBitfieldOverflow = errf("Invalid OVERFLOW type specified")
	errBitfieldRO       = errf("BITFIELD_RO only supports the GET subcommand")
)

// bfKind is a BITFIELD subcommand.
type bfKind uint8

const (
	bfGet bfKind = iota
	bfSet
	bfIncrby
)

// bfOverflow is an OVERFLOW policy.
type bfOverflow uint8

const (
	bfWrap bfOverflow = iota
	bfSat
	bfFail
)

// bfOp is one parsed GET, SET or INCRBY, with the OVERFLOW policy in force
// where it appeared.
type bfOp struct {
	kind     bfKind
	overflow bfOverflow
	signed   bool
	width    int    // bits: 1..64 signed, 1..63 unsigned
	offset   uint64 // in bits
	value    int64  // SET's value or INCRBY's increment
}

// bfRequest is a parsed BITFIELD argument list.
type bfRequest struct {
	ops     []bfOp
	writes  bool   // some op is a SET or INCRBY
	highest uint64 // the last bit a write touches
}

// parseBitfield parses the arguments after BITFIELD's key, in order, with
// Redis's errors: the first bad subcommand, type, offset or value wins.
// maxBytes is proto-max-bulk-len, the limit on offsets.
func parseBitfield(args [][]byte, maxBytes int64) (*bfRequest, error) {
	req := &bfRequest{}
	overflow := bfWrap
	for j := 0; j < len(args); {
		rest := len(args) - j - 1
		var op bfOp
		switch sub := args[j]; {
		case optEq(sub, "get") && rest >= 2:
			op.kind = bfGet
		case optEq(sub, "set") && rest >= 3:
			op.kind = bfSet
		case optEq(sub, "incrby") && rest >= 3:
			op.kind = bfIncrby
		case optEq(sub, "overflow") && rest >= 1:
			switch name := args[j+1]; {
			case optEq(name, "wrap"):
				overflow = bfWrap
			case optEq(name, "sat"):
				overflow = bfSat
			case optEq(name, "fail"):
				overflow = bfFail
			default:
				return nil, errBitfieldOverflow
			}
			j += 2
			continue
		default:
			return nil, ErrSyntax
		}
		var err error
		if op.signed, op.width, err = parseBitfieldType(args[j+1]); err != nil {
			return nil, err
		}
		if op.offset, err = parseBitOffset(args[j+2], op.width, maxBytes); err != nil {
			return nil, err
		}
		op.overflow = overflow
		j += 3
		if op.kind != bfGet {
			req.writes = true
			req.highest = max(req.highest, op.offset+uint64(op.width)-1)
			if op.value, err = parseInt(args[j]); err != nil {
				return nil, err
			}
			j++
		}
		req.ops = append(req.ops, op)
	}
	return req, nil
}

// parseBitfieldType parses a type: i1..i64 or u1..u63, lower case only. The
// width is read as a C string, up to a NUL byte, as Redis does.
func parseBitfieldType(arg []byte) (signed bool, width int, err error) {
	if len(arg) == 0 || (arg[0] != 'i' && arg[0] != 'u') {
		return false, 0, errBitfieldType
	}
	signed = arg[0] == 'i'
	n, ok := ParseInteger(cstr(arg[1:]))
	if !ok || n < 1 || (signed && n > 64) || (!signed && n > 63) {
		return false, 0, errBitfieldType
	}
	return signed, int(n), nil
}

// getBits reads width bits of s at bit offset, most significant first; bits
// past the end of s are 0.
func getBits(s []byte, offset uint64, width int) uint64 {
	var v uint64
	for i := range uint64(width) {
		v = v<<1 | uint64(getBit(s, offset+i))
	}
	return v
}

// setBits writes the low width bits of v at bit offset of s (which must
// hold them), most significant first.
func setBits(s []byte, offset uint64, width int, v uint64) {
	for i := range width {
		setBit(s, offset+uint64(i), byte(v>>(width-1-i)&1))
	}
}

// signExtend reads the low width bits of v (ignoring the others) as a two's
// complement integer.
func signExtend(v uint64, width int) int64 {
	if width == 64 {
		return int64(v)
	}
	if high := ^uint64(0) << width; v&(1<<(width-1)) != 0 {
		v |= high
	} else {
		v &^= high
	}
	return int64(v)
}

// unsignedField computes value+incr for an unsigned field of width bits,
// value being the field's old value (INCRBY) or SET's value as Redis reads
// it (its two's complement bits, with incr 0). overflow reports whether the
// result left the field's range; res is then what the policy makes of it.
func unsignedField(value uint64, incr int64, width int, policy bfOverflow) (res uint64, overflow bool) {
	maxv := uint64(1)<<width - 1
	var sat uint64
	switch {
	case value > maxv || (incr > 0 && incr > int64(maxv-value)):
		overflow, sat = true, maxv
	case incr < 0 && incr < -int64(value):
		overflow, sat = true, 0
	default:
		return value + uint64(incr), false
	}
	if policy == bfSat {
		return sat, true
	}
	return (value + uint64(incr)) & maxv, true
}

// signedField is unsignedField for a signed field. Its tests mirror Redis's
// arithmetic, quirks included: a SET value far below the range (such as
// -2^63 into an i8) saturates to the maximum, as Redis's does.
func signedField(value, incr int64, width int, policy bfOverflow) (res int64, overflow bool) {
	maxv := int64(math.MaxInt64)
	if width < 64 {
		maxv = 1<<(width-1) - 1
	}
	minv := -maxv - 1
	maxIncr := int64(uint64(maxv) - uint64(value)) // wraps, as in Redis
	minIncr := minv - value                        // wraps too; read only where it cannot
	var sat int64
	switch {
	case value > maxv || (width != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr):
		overflow, sat = true, maxv
	case value < minv || (width != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr):
		overflow, sat = true, minv
	default:
		return value + incr, false
	}
	if policy == bfSat {
		return sat, true
	}
	return signExtend(uint64(value)+uint64(incr), width), true
}

// apply runs op on s, which holds every bit a write touches (a GET reads
// past its end as zeros). ok is false when OVERFLOW FAIL refused a write:
// the reply is then nil and s is unchanged.
func (op bfOp) apply(s []byte) (reply int64, ok bool) {
	old := getBits(s, op.offset, op.width)
	if op.kind == bfGet {
		if op.signed {
			return signExtend(old, op.width), true
		}
		return int64(old), true
	}
	var stored uint64
	var overflow bool
	if op.signed {
		oldv := signExtend(old, op.width)
		var v int64
		if op.kind == bfIncrby {
			v, overflow = signedField(oldv, op.value, op.width, op.overflow)
			reply = v
		} else {
			v, overflow = signedField(op.value, 0, op.width, op.overflow)
			reply = oldv
		}
		stored = uint64(v)
	} else {
		if op.kind == bfIncrby {
			stored, overflow = unsignedField(old, op.value, op.width, op.overflow)
			reply = int64(stored)
		} else {
			stored, overflow = unsignedField(uint64(op.value), 0, op.width, op.overflow)
			reply = int64(old)
		}
	}
	if overflow && op.overflow == bfFail {
		return 0, false
	}
	setBits(s, op.offset, op.width, stored)
	return reply, true
}

// BITFIELD key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL]
// SET encoding offset value | INCRBY encoding offset increment ...]
func cmdBitfield(c *Call) error { return bitfield(c, false) }

// BITFIELD_RO key [GET encoding offset ...]
func cmdBitfieldRO(c *Call) error { return bitfield(c, true) }

// bitfield runs BITFIELD, or BITFIELD_RO when readOnly. With only GETs the
// key is read (a missing key reads as zeros); with writes it is created or
// grown with zeros up to the last bit written, even when OVERFLOW FAIL then
// refuses every write, as Redis does.
func bitfield(c *Call, readOnly bool) error {
	key := c.Args[1]
	req, err := parseBitfield(c.Args[2:], c.e.cfg.Int("proto-max-bulk-len"))
	if err != nil {
		return err
	}
	var o *tier.Object
	if !req.writes {
		if o, err = c.readString(key); err != nil {
			return err
		}
	} else {
		if readOnly {
			return errBitfieldRO
		}
		if o, err = c.writeString(key); err != nil {
			return err
		}
		if o == nil {
			o = tier.NewString(nil)
		}
		if _, err := c.growString(o, req.highest>>3+1); err != nil {
			return err
		}
	}
	type result struct {
		v  int64
		ok bool
	}
	results := make([]result, len(req.ops))
	for i, op := range req.ops {
		window, base, err := c.bitWindow(o, op.offset, op.offset+uint64(op.width)-1)
		if err != nil {
			return err
		}
		op.offset -= base
		results[i].v, results[i].ok = op.apply(window)
		if op.kind != bfGet && results[i].ok {
			if err := c.putBitWindow(o, window, base); err != nil {
				return err
			}
		}
	}
	if req.writes {
		if err := c.Txn.Put(c.DB(), key, o); err != nil {
			return err
		}
	}
	c.Out.Array(len(results))
	for _, r := range results {
		if r.ok {
			c.Out.Int(r.v)
		} else {
			c.Out.Null()
		}
	}
	return nil
}

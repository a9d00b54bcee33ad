package engine

import (
	"math/big"
	"strconv"
)

// Hash counters: HINCRBY and HINCRBYFLOAT. Checks run in Redis's order:
// the increment, the key's type, the stored value, the result.

var (
	errHashNotInteger = errf("hash value is not an integer")
	errHashNotFloat   = errf("hash value is not a float")
	errFloatNaNOrInf  = errf("value is NaN or Infinity")
)

// HINCRBY key field increment
func cmdHincrby(c *Call) error {
	by, err := parseInt(c.Args[3])
	if err != nil {
		return err
	}
	h, err := c.writeHash(c.Args[1], true)
	if err != nil {
		return err
	}
	cur, ok, err := h.Get(c.Args[2])
	if err != nil {
		return err
	}
	var n int64
	if ok {
		if n, err = parseInt(cur); err != nil {
			return errHashNotInteger
		}
	}
	sum, ok := addInt64(n, by)
	if !ok {
		return ErrOverflow
	}
	if _, err := c.hashLimits().set(h, c.Args[2], strconv.AppendInt(nil, sum, 10)); err != nil {
		return err
	}
	c.Out.Int(sum)
	return nil
}

// HINCRBYFLOAT key field increment
//
// The sum is computed and printed as INCRBYFLOAT does (80-bit long double,
// see parse_float.go).
func cmdHincrbyfloat(c *Call) error {
	by, ok := parseLongDouble(c.Args[3])
	if !ok {
		return ErrNotFloat
	}
	if by.IsInf() {
		return errFloatNaNOrInf
	}
	h, err := c.writeHash(c.Args[1], true)
	if err != nil {
		return err
	}
	stored, found, err := h.Get(c.Args[2])
	if err != nil {
		return err
	}
	cur := new(big.Float)
	if found {
		if cur, ok = parseLongDouble(stored); !ok {
			return errHashNotFloat
		}
	}
	sum, ok := addLongDouble(cur, by)
	if !ok {
		return errNaNOrInf
	}
	v := formatLongDouble(sum)
	if _, err := c.hashLimits().set(h, c.Args[2], v); err != nil {
		return err
	}
	c.Out.Bulk(v)
	return nil
}

package engine

import (
	"math"
	"math/big"
	"strconv"
)

// Counters: INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT. They keep the key's
// TTL, as Redis does.

var (
	errDecrOverflow = errf("decrement would overflow")
	errNaNOrInf     = errf("increment would produce NaN or Infinity")
)

// INCR key
func cmdIncr(c *Call) error { return incrBy(c, 1) }

// DECR key
func cmdDecr(c *Call) error { return incrBy(c, -1) }

// INCRBY key increment
func cmdIncrby(c *Call) error {
	n, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	return incrBy(c, n)
}

// DECRBY key decrement
func cmdDecrby(c *Call) error {
	n, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	if n == math.MinInt64 {
		return errDecrOverflow
	}
	return incrBy(c, -n)
}

// incrBy adds by to the integer at key (0 if missing) and replies with the
// result.
func incrBy(c *Call, by int64) error {
	key := c.Args[1]
	o, err := c.writeString(key)
	if err != nil {
		return err
	}
	var cur int64
	if o != nil {
		// A chunked string, longer than any number, has no Str: it fails
		// here as Redis's does.
		if cur, err = parseInt(o.Str); err != nil {
			return err
		}
	}
	n, ok := addInt64(cur, by)
	if !ok {
		return ErrOverflow
	}
	if o == nil {
		o = newString(nil)
	}
	o.Str = strconv.AppendInt(o.Str[:0], n, 10)
	if err := c.Txn.Put(c.DB(), key, o); err != nil {
		return err
	}
	c.Out.Int(n)
	return nil
}

// INCRBYFLOAT key increment
//
// The sum is computed in 80-bit extended precision and printed with 17
// decimals, as Redis on x86-64 does (see parse_float.go), so that
// "INCRBYFLOAT k 0.1" on a missing key gives "0.1".
func cmdIncrbyfloat(c *Call) error {
	key := c.Args[1]
	o, err := c.writeString(key)
	if err != nil {
		return err
	}
	cur := new(big.Float)
	if o != nil {
		var ok bool
		if cur, ok = parseLongDouble(o.Str); !ok {
			return ErrNotFloat
		}
	}
	by, ok := parseLongDouble(c.Args[2])
	if !ok {
		return ErrNotFloat
	}
	sum, ok := addLongDouble(cur, by)
	if !ok {
		return errNaNOrInf
	}
	if o == nil {
		o = newString(nil)
	}
	o.Str = formatLongDouble(sum)
	if err := c.Txn.Put(c.DB(), key, o); err != nil {
		return err
	}
	c.Out.Bulk(o.Str)
	return nil
}

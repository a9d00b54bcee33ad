package engine

import (
	"math"
)

// HRANDFIELD. The picks are made by tier.Hash.Random: uniform for a hash in
// memory, one bounded Pebble read per pick for a big one on disk.

var errHrandRange = errf("value is out of range")

// HRANDFIELD key [count [WITHVALUES]]
//
// Without count: one random field, or nil. With a positive count: that many
// distinct fields (the whole hash when count reaches its size); with a
// negative one: -count fields that may repeat. WITHVALUES gives each
// field's value after it, and in RESP3 makes each pair an array of two.
// Checks run in Redis's order: count, options, then the key.
func cmdHrandfield(c *Call) error {
	if len(c.Args) == 2 {
		return hrandOne(c)
	}
	count, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	if count == math.MinInt64 {
		return errf("value is out of range, value must between -9223372036854775807 and 9223372036854775807")
	}
	withValues := false
	switch {
	case len(c.Args) > 4 || (len(c.Args) == 4 && !optEq(c.Args[3], "withvalues")):
		return ErrSyntax
	case len(c.Args) == 4:
		withValues = true
		if count < -math.MaxInt64/2 || count > math.MaxInt64/2 {
			return errHrandRange
		}
	}
	h, err := c.readHash(c.Args[1])
	if err != nil {
		return err
	}
	if h == nil || count == 0 {
		c.Out.Array(0)
		return nil
	}
	w := pairWriter{c: c, values: withValues}
	mark := c.Out.Mark()
	switch n := h.Len(); {
	case count < 0 || count == 1:
		picks := count
		if picks < 0 {
			picks = -picks
		}
		w.head(picks)
		err = h.Random(int(picks), false, w.pair)
	case count >= n:
		w.head(n)
		err = h.Each(func(f, v []byte) bool { w.pair(f, v); return true })
	default:
		w.head(count)
		err = h.Random(int(count), true, w.pair)
	}
	if err != nil {
		c.Out.Rewind(mark)
	}
	return err
}

// hrandOne answers HRANDFIELD key: one random field, or nil.
func hrandOne(c *Call) error {
	h, err := c.readHash(c.Args[1])
	if err != nil || h == nil {
		return nullOr(c, err)
	}
	var field []byte
	if err := h.Random(1, false, func(f, _ []byte) { field = append([]byte{}, f...) }); err != nil {
		return err
	}
	c.Out.Bulk(field)
	return nil
}

// pairWriter writes HRANDFIELD's fields, with their values if asked, as
// Redis 7.0 does: a flat array in RESP2, an array of pairs in RESP3.
type pairWriter struct {
	c      *Call
	values bool
}

func (w pairWriter) head(n int64) {
	if w.values && w.c.Out.Proto() == 2 {
		n *= 2
	}
	w.c.Out.Array(int(n))
}

func (w pairWriter) pair(f, v []byte) {
	if !w.values {
		w.c.Out.Bulk(f)
		return
	}
	if w.c.Out.Proto() > 2 {
		w.c.Out.Array(2)
	}
	w.c.Out.Bulk(f)
	w.c.Out.Bulk(v)
}

package engine

import (
	"bytes"

	"github.com/tierdb/tierdb/tier"
)

// What SORT reads and writes: the elements of the sorted key through its
// kind's handle, and the STORE destination, a list.

// sortAll returns a copy of every element of the list, set or sorted set o
// at the sorted key: a list's in order, a sorted set's by score, a set's in
// its own order.
func (c *Call) sortAll(o *tier.Object) ([][]byte, error) {
	key := c.Args[1]
	out := make([][]byte, 0, min(o.Count, 1<<16))
	collect := func(v []byte) bool {
		out = append(out, bytes.Clone(v))
		return true
	}
	var err error
	switch o.Kind {
	case tier.KindList:
		var l *tier.List
		if l, err = c.Txn.List(c.DB(), key, o); err == nil {
			err = l.Each(collect)
		}
	case tier.KindSet:
		var s *tier.Set
		if s, err = c.Txn.Set(c.DB(), key, o); err == nil {
			err = s.Each(collect)
		}
	case tier.KindZSet:
		var z *tier.ZSet
		if z, err = c.Txn.ZSet(c.DB(), key, o); err == nil {
			err = z.Each(func(m []byte, _ float64) bool { return collect(m) })
		}
	}
	return out, err
}

// sortWindow returns a copy of count elements of the list or sorted set o
// from position start in its own order, or from the end with desc: all
// that BY nosort reads.
func (c *Call) sortWindow(o *tier.Object, start, count int64, desc bool) ([][]byte, error) {
	out := make([][]byte, 0, count)
	if count == 0 {
		return out, nil
	}
	key := c.Args[1]
	if o.Kind == tier.KindZSet {
		z, err := c.Txn.ZSet(c.DB(), key, o)
		if err != nil {
			return nil, err
		}
		err = z.RangeByRank(start, start+count-1, desc, func(m []byte, _ float64) bool {
			out = append(out, bytes.Clone(m))
			return true
		})
		return out, err
	}
	l, err := c.Txn.List(c.DB(), key, o)
	if err != nil {
		return nil, err
	}
	from, to := start, start+count
	if desc {
		from, to = l.Len()-start-count, l.Len()-start
	}
	err = l.Range(from, to, desc, func(_ int64, v []byte) bool {
		out = append(out, bytes.Clone(v))
		return true
	})
	return out, err
}

// sortStore replaces dst with a list of vals (deleting it when vals is
// empty) and replies with their number.
func (c *Call) sortStore(dst []byte, vals [][]byte) error {
	old, err := c.lookupWrite(dst)
	if err != nil {
		return err
	}
	if old != nil {
		if _, err := c.Txn.Delete(c.DB(), dst); err != nil {
			return err
		}
	}
	if len(vals) > 0 {
		if err := c.Txn.NewList(c.DB(), dst).Push(false, vals...); err != nil {
			return err
		}
	}
	c.Out.Int(int64(len(vals)))
	return nil
}

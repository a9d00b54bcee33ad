package engine

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/tierdb/tierdb/tier"
)

// SINTER, SINTERCARD, SUNION, SDIFF and their STORE forms. Every key is
// looked up and type-checked first, in order, as Redis 7.0 does: a key of
// another type is WRONGTYPE even when an earlier key is missing (which
// would make an intersection empty). An intersection walks the smallest
// set and asks the others, so a small set against a big cold one costs
// point reads; a difference walks the first set and asks the others.
// Members are collected before anything is written, so a destination that
// is also a source is read whole first.

// Errors of SINTERCARD, as Redis 7.0 prints them.
var (
	errNumkeys       = errf("numkeys should be greater than 0")
	errNumkeysArgs   = errf("Number of keys can't be greater than number of args")
	errNegativeLimit = errf("LIMIT can't be negative")
)

// setOp is one of the set algebra operations.
type setOp int

const (
	setInter setOp = iota
	setUnion
	setDiff
)

// readSets looks up keys for a read, in order, and returns their handles
// (nil for a missing key), or WRONGTYPE at the first key of another type.
func (c *Call) readSets(keys [][]byte) ([]*tier.Set, error) {
	sets := make([]*tier.Set, len(keys))
	for i, k := range keys {
		s, err := c.readSet(k)
		if err != nil {
			return nil, err
		}
		sets[i] = s
	}
	return sets, nil
}

// eachInter calls fn for each member of the intersection of sets (a nil
// set is empty) until fn returns false.
func eachInter(sets []*tier.Set, fn func(m []byte) bool) error {
	if slices.Contains(sets, nil) {
		return nil
	}
	bySize := slices.Clone(sets)
	slices.SortStableFunc(bySize, func(a, b *tier.Set) int { return cmp.Compare(a.Len(), b.Len()) })
	var err error
	walkErr := bySize[0].Each(func(m []byte) bool {
		for _, o := range bySize[1:] {
			var ok bool
			if ok, err = o.Has(m); err != nil || !ok {
				return err == nil
			}
		}
		return fn(m)
	})
	return cmp.Or(walkErr, err)
}

// eachDiff calls fn for each member of the first set that is in none of
// the others, until fn returns false.
func eachDiff(sets []*tier.Set, fn func(m []byte) bool) error {
	if sets[0] == nil {
		return nil
	}
	var err error
	walkErr := sets[0].Each(func(m []byte) bool {
		for _, o := range sets[1:] {
			if o == nil {
				continue
			}
			var ok bool
			if ok, err = o.Has(m); err != nil || ok {
				return err == nil
			}
		}
		return fn(m)
	})
	return cmp.Or(walkErr, err)
}

// eachUnion calls fn once for each member of any of sets.
func eachUnion(sets []*tier.Set, fn func(m []byte) bool) error {
	seen := map[string]struct{}{}
	for _, s := range sets {
		if s == nil {
			continue
		}
		stop := false
		err := s.Each(func(m []byte) bool {
			if _, ok := seen[string(m)]; ok {
				return true
			}
			seen[string(m)] = struct{}{}
			stop = !fn(m)
			return !stop
		})
		if err != nil || stop {
			return err
		}
	}
	return nil
}

// setResult returns the members (copied) of op applied to the sets at
// keys.
func (c *Call) setResult(op setOp, keys [][]byte) ([][]byte, error) {
	sets, err := c.readSets(keys)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	collect := func(m []byte) bool {
		out = append(out, bytes.Clone(m))
		return true
	}
	switch op {
	case setInter:
		err = eachInter(sets, collect)
	case setUnion:
		err = eachUnion(sets, collect)
	default:
		err = eachDiff(sets, collect)
	}
	return out, err
}

// replySetResult answers SINTER, SUNION and SDIFF: a set in RESP3.
func replySetResult(c *Call, op setOp) error {
	members, err := c.setResult(op, c.Args[1:])
	if err != nil {
		return err
	}
	c.Out.Set(len(members))
	for _, m := range members {
		c.Out.Bulk(m)
	}
	return nil
}

// storeSetResult answers SINTERSTORE, SUNIONSTORE and SDIFFSTORE: the
// destination, whatever it held, is replaced by the result, or deleted
// when the result is empty; the reply is the result's size.
func storeSetResult(c *Call, op setOp) error {
	members, err := c.setResult(op, c.Args[2:])
	if err != nil {
		return err
	}
	dst := c.Args[1]
	if _, err := c.Txn.Delete(c.DB(), dst); err != nil {
		return err
	}
	var n int64
	if len(members) > 0 {
		if n, err = c.setLimits().add(c.Txn.NewSet(c.DB(), dst), members...); err != nil {
			return err
		}
	}
	c.Out.Int(n)
	return nil
}

// SINTER key [key ...]
func cmdSinter(c *Call) error { return replySetResult(c, setInter) }

// SUNION key [key ...]
func cmdSunion(c *Call) error { return replySetResult(c, setUnion) }

// SDIFF key [key ...]
func cmdSdiff(c *Call) error { return replySetResult(c, setDiff) }

// SINTERSTORE destination key [key ...]
func cmdSinterstore(c *Call) error { return storeSetResult(c, setInter) }

// SUNIONSTORE destination key [key ...]
func cmdSunionstore(c *Call) error { return storeSetResult(c, setUnion) }

// SDIFFSTORE destination key [key ...]
func cmdSdiffstore(c *Call) error { return storeSetResult(c, setDiff) }

// SINTERCARD numkeys key [key ...] [LIMIT limit]
//
// Checks run in Redis's order: numkeys, its fit in the arguments, the
// options (LIMIT any number of times, the last wins; 0 is no limit), then
// the keys. The count stops at the limit.
func cmdSintercard(c *Call) error {
	numkeys, err := parseInt(c.Args[1])
	if err != nil || numkeys < 1 {
		return errNumkeys
	}
	if numkeys > int64(len(c.Args)-2) {
		return errNumkeysArgs
	}
	keys := c.Args[2 : 2+numkeys]
	limit := int64(0)
	for i := 2 + int(numkeys); i < len(c.Args); i++ {
		if !optEq(c.Args[i], "limit") || i+1 >= len(c.Args) {
			return ErrSyntax
		}
		i++
		if limit, err = parseInt(c.Args[i]); err != nil || limit < 0 {
			return errNegativeLimit
		}
	}
	sets, err := c.readSets(keys)
	if err != nil {
		return err
	}
	var n int64
	err = eachInter(sets, func([]byte) bool {
		n++
		return limit == 0 || n < limit
	})
	if err != nil {
		return err
	}
	c.Out.Int(n)
	return nil
}

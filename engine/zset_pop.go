package engine

import (
	"time"

	"github.com/tierdb/tierdb/tier"
)

// Pops: ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN,
// BZPOPMAX, BZMPOP. A pop is a run of entries removed from one end of the
// set (tier.ZSet.RemoveRange), so it reads and deletes only what it pops;
// popping the last entry deletes the key.

var (
	errZpopCount    = errf("value is out of range, must be positive")
	errZmpopNumkeys = errf("numkeys should be greater than 0")
	errZmpopCount   = errf("count should be greater than 0")
)

// zpop removes up to n entries from the low end of z (the high end with
// max) and returns them in pop order.
func zpop(z *tier.ZSet, max bool, n int64) ([]zentry, error) {
	from := tier.ZFirst
	if max {
		from = tier.ZLast
	}
	out := make([]zentry, 0, min(n, z.Len(), 1024))
	_, err := z.RemoveRange(from, max, n, func(m []byte, sc float64) bool {
		out = append(out, zentry{append([]byte(nil), m...), sc})
		return true
	})
	return out, err
}

// ZPOPMIN key [count]
func cmdZpopmin(c *Call) error { return zpopMinMax(c, false) }

// ZPOPMAX key [count]
func cmdZpopmax(c *Call) error { return zpopMinMax(c, true) }

// zpopMinMax pops from one key. Without count the reply is a flat
// [member, score] (empty when there is no key); with count, a flat array
// in RESP2 and pairs in RESP3.
func zpopMinMax(c *Call, max bool) error {
	if len(c.Args) > 3 {
		return ErrSyntax
	}
	count := int64(-1)
	if len(c.Args) == 3 {
		n, err := parseInt(c.Args[2])
		if err != nil || n < 0 {
			return errZpopCount
		}
		count = n
	}
	z, err := c.writeZSet(c.Args[1], false)
	if err != nil {
		return err
	}
	if z == nil || count == 0 {
		c.Out.Array(0)
		return nil
	}
	popped, err := zpop(z, max, cmpOr(count, -1, 1))
	if err != nil {
		return err
	}
	nested := c.Out.Proto() > 2 && count != -1
	if nested {
		c.Out.Array(len(popped))
	} else {
		c.Out.Array(2 * len(popped))
	}
	for _, e := range popped {
		if nested {
			c.Out.Array(2)
		}
		c.Out.Bulk(e.member)
		c.Out.Double(e.score)
	}
	return nil
}

// cmpOr is v, or instead when v is the sentinel.
func cmpOr(v, sentinel, instead int64) int64 {
	if v == sentinel {
		return instead
	}
	return v
}

// zmpopArgs are the parsed arguments of ZMPOP and BZMPOP.
type zmpopArgs struct {
	keys  [][]byte
	max   bool
	count int64
}

// parseZmpop reads "numkeys key [key ...] MIN|MAX [COUNT count]" starting
// at args[at], in Redis's order: numkeys, the direction, then the options.
func parseZmpop(args [][]byte, at int) (zmpopArgs, error) {
	var a zmpopArgs
	n, err := parseInt(args[at])
	if err != nil || n < 1 {
		return a, errZmpopNumkeys
	}
	where := at + 1 + int(min(n, int64(len(args))))
	if where >= len(args) {
		return a, ErrSyntax
	}
	a.keys = args[at+1 : where]
	switch {
	case optEq(args[where], "min"):
	case optEq(args[where], "max"):
		a.max = true
	default:
		return a, ErrSyntax
	}
	a.count = -1
	for j := where + 1; j < len(args); j++ {
		if a.count != -1 || !optEq(args[j], "count") || j+1 >= len(args) {
			return a, ErrSyntax
		}
		j++
		if a.count, err = parseInt(args[j]); err != nil || a.count < 1 {
			return a, errZmpopCount
		}
	}
	if a.count == -1 {
		a.count = 1
	}
	return a, nil
}

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
func cmdZmpop(c *Call) error {
	a, err := parseZmpop(c.Args, 1)
	if err != nil {
		return err
	}
	ok, err := a.serve(c)
	if err == nil && !ok {
		c.Out.NullArray()
	}
	return err
}

// serve pops from the first of the keys that holds a sorted set and
// replies [key, [[member, score] ...]]; it reports false, writing nothing,
// when none does. A key of another type before it is WRONGTYPE.
func (a zmpopArgs) serve(c *Call) (bool, error) { return a.pop(c, true) }

// serveBlocked is serve for a blocked client, which keeps waiting past
// keys of another type (Redis serves it from a sorted set only).
func (a zmpopArgs) serveBlocked(c *Call) (bool, error) { return a.pop(c, false) }

func (a zmpopArgs) pop(c *Call, strict bool) (bool, error) {
	key, z, err := firstZSet(c, a.keys, strict)
	if err != nil || z == nil {
		return false, err
	}
	popped, err := zpop(z, a.max, a.count)
	if err != nil {
		return false, err
	}
	c.Out.Array(2)
	c.Out.Bulk(key)
	c.Out.Array(len(popped))
	for _, e := range popped {
		c.Out.Array(2)
		c.Out.Bulk(e.member)
		c.Out.Double(e.score)
	}
	return true, nil
}

// firstZSet returns the first of keys that exists, as a sorted set handle,
// or nil when none exists. A key of another type is WRONGTYPE when strict,
// else skipped.
func firstZSet(c *Call, keys [][]byte, strict bool) ([]byte, *tier.ZSet, error) {
	for _, k := range keys {
		z, err := c.writeZSet(k, false)
		if err == ErrWrongType && !strict {
			continue
		}
		if err != nil || z != nil {
			return k, z, err
		}
	}
	return nil, nil, nil
}

// BZPOPMIN key [key ...] timeout
func cmdBzpopmin(c *Call) error { return bzpop(c, false) }

// BZPOPMAX key [key ...] timeout
func cmdBzpopmax(c *Call) error { return bzpop(c, true) }

// bzpop pops one entry from the first non-empty key, replying [key,
// member, score], or blocks until a key gets one (nil on timeout).
func bzpop(c *Call, max bool) error {
	timeout, err := parseBlockTimeout(c.Args[len(c.Args)-1])
	if err != nil {
		return err
	}
	keys := c.Args[1 : len(c.Args)-1]
	pop := func(c *Call, strict bool) (bool, error) {
		key, z, err := firstZSet(c, keys, strict)
		if err != nil || z == nil {
			return false, err
		}
		popped, err := zpop(z, max, 1)
		if err != nil {
			return false, err
		}
		c.Out.Array(3)
		c.Out.Bulk(key)
		c.Out.Bulk(popped[0].member)
		c.Out.Double(popped[0].score)
		return true, nil
	}
	return blockOrServe(c, keys, timeout, func(c *Call) (bool, error) { return pop(c, true) },
		func(c *Call) (bool, error) { return pop(c, false) })
}

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
func cmdBzmpop(c *Call) error {
	a, err := parseZmpop(c.Args, 2)
	if err != nil {
		return err
	}
	timeout, err := parseBlockTimeout(c.Args[1])
	if err != nil {
		return err
	}
	return blockOrServe(c, a.keys, timeout, a.serve, a.serveBlocked)
}

// blockOrServe serves the client now if it can, else blocks it on keys:
// blocked runs whenever one changes; a timeout replies nil.
func blockOrServe(c *Call, keys [][]byte, timeout time.Duration, now, blocked func(c *Call) (bool, error)) error {
	if ok, err := now(c); ok || err != nil {
		return err
	}
	c.Block(BlockSpec{Keys: keys, Timeout: timeout, Serve: blocked, Consumes: true,
		TimedOut: func(out Reply) { out.NullArray() }})
	return nil
}

package engine

import "math"

// ZRANDMEMBER and ZSCAN. Random picks are made by tier.ZSet.Random
// (uniform for a set in memory, one bounded Pebble read per pick for a big
// one on disk). ZSCAN's cursor is the 64-bit hash of the next member, as
// HSCAN's (hash_scan.go); a sorted set in Redis's listpack encoding comes
// whole, in score order, with cursor 0, as Redis sends it. Scores in a scan
// reply are strings in Redis's %.17g form.

// ZRANDMEMBER key [count [WITHSCORES]]
//
// Checks run in Redis's order: count, options, then the key. A positive
// count gives that many distinct members (the whole set when it reaches
// its size), a negative one -count members that may repeat.
func cmdZrandmember(c *Call) error {
	if len(c.Args) == 2 {
		return zrandOne(c)
	}
	count, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	if count == math.MinInt64 {
		return errf("value is out of range, value must between -9223372036854775807 and 9223372036854775807")
	}
	withScores := false
	switch {
	case len(c.Args) > 4 || (len(c.Args) == 4 && !optEq(c.Args[3], "withscores")):
		return ErrSyntax
	case len(c.Args) == 4:
		withScores = true
		if count < -math.MaxInt64/2 || count > math.MaxInt64/2 {
			return errHrandRange
		}
	}
	z, err := c.readZSet(c.Args[1])
	if err != nil {
		return err
	}
	if z == nil || count == 0 {
		c.Out.Array(0)
		return nil
	}
	w := zpairWriter{c: c, scores: withScores}
	mark := c.Out.Mark()
	switch n := z.Len(); {
	case count < 0 || count == 1:
		picks := count
		if picks < 0 {
			picks = -picks
		}
		w.head(picks)
		for left := picks; left > 0 && err == nil; left -= min(left, 1<<20) {
			err = z.Random(int(min(left, 1<<20)), false, w.pair)
		}
	case count >= n:
		w.head(n)
		err = z.Each(func(m []byte, sc float64) bool { w.pair(m, sc); return true })
	default:
		w.head(count)
		err = z.Random(int(count), true, w.pair)
	}
	if err != nil {
		c.Out.Rewind(mark)
	}
	return err
}

// zpairWriter writes members, with their scores if asked: a flat array in
// RESP2, pairs in RESP3.
type zpairWriter struct {
	c      *Call
	scores bool
}

func (w zpairWriter) head(n int64) {
	if w.scores && w.c.Out.Proto() == 2 {
		n *= 2
	}
	w.c.Out.Array(int(n))
}

func (w zpairWriter) pair(m []byte, sc float64) {
	if w.scores && w.c.Out.Proto() > 2 {
		w.c.Out.Array(2)
	}
	w.c.Out.Bulk(m)
	if w.scores {
		w.c.Out.Double(sc)
	}
}

// zrandOne answers ZRANDMEMBER key: one random member, or nil.
func zrandOne(c *Call) error {
	z, err := c.readZSet(c.Args[1])
	if err != nil || z == nil {
		return nullOr(c, err)
	}
	var member []byte
	if err := z.Random(1, false, func(m []byte, _ float64) { member = append([]byte{}, m...) }); err != nil {
		return err
	}
	c.Out.Bulk(member)
	return nil
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]
//
// Checks run in Redis's order: the cursor, the key (a missing key is an
// empty scan, whatever the options), then the options.
func cmdZscan(c *Call) error {
	cursor, err := parseScanCursor(c.Args[2])
	if err != nil {
		return err
	}
	z, err := c.readZSet(c.Args[1])
	if err != nil || z == nil {
		return replyEmptyScan(c, err)
	}
	walk := func(cursor uint64, count int, fn func(name, value []byte) bool) (uint64, error) {
		keep := func(m []byte, sc float64) bool { return fn(m, formatScore(sc)) }
		if count < 0 { // a listpack comes whole, in rank order
			return 0, z.Each(keep)
		}
		return z.Scan(cursor, count, keep)
	}
	return replyScan(c, c.Args[3:], cursor, !z.Object().ZSkiplist(), true, walk)
}

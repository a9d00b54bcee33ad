package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// The range commands of sorted sets: ZRANGE with its BYSCORE, BYLEX, REV
// and LIMIT options, its older forms (ZREVRANGE, Z[REV]RANGEBYSCORE,
// Z[REV]RANGEBYLEX), ZRANGESTORE, ZCOUNT, ZLEXCOUNT, ZRANK and ZREVRANK.
// Every range is a walk of the set's order from a position (tier.ZPos), so
// a cold set reads only the entries it returns or skips.
//
// Lex ranges follow Redis's listpack code, which is defined for any scores:
// the first entry (in score order) whose member is ≥ min, then the entries
// after it while their member is ≤ max (and mirrored for REV). When all
// scores are equal, as lex ranges intend, that is a seek to the member; with
// several scores it is one seek per score block skipped. (Redis's skiplist
// answers differently for mixed scores: the result is undefined there.)

// zrangeBy is what a range is over.
type zrangeBy int

const (
	byAuto zrangeBy = iota
	byRank
	byScore
	byLex
)

// zrangeSpec is a parsed ZRANGE (or one of its older forms).
type zrangeSpec struct {
	by            zrangeBy
	rev           bool
	withScores    bool
	offset, limit int64 // limit -1: no limit
	start, stop   int64
	score         zScoreRange
	lex           zLexRange
}

var (
	errZrangeLimit = errf("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
	errZrangeLexWS = errf("syntax error, WITHSCORES not supported in combination with BYLEX")
)

// parseZrange reads "<src> <min> <max> [options]" starting at args[at] as
// zrangeGenericCommand does; by and rev are fixed by the older forms (byAuto
// and revAuto leave them to the options). store refuses WITHSCORES.
func parseZrange(args [][]byte, at int, store bool, by zrangeBy, rev, revAuto bool) (zrangeSpec, error) {
	s := zrangeSpec{by: by, rev: rev, limit: -1}
	for j := at + 3; j < len(args); j++ {
		a, left := args[j], len(args)-j-1
		switch {
		case !store && optEq(a, "withscores"):
			s.withScores = true
		case optEq(a, "limit") && left >= 2:
			var err error
			if s.offset, err = parseInt(args[j+1]); err != nil {
				return s, err
			}
			if s.limit, err = parseInt(args[j+2]); err != nil {
				return s, err
			}
			j += 2
		case revAuto && !s.rev && optEq(a, "rev"):
			s.rev = true
		case s.by == byAuto && optEq(a, "bylex"):
			s.by = byLex
		case s.by == byAuto && optEq(a, "byscore"):
			s.by = byScore
		default:
			return s, ErrSyntax
		}
	}
	if s.by == byAuto {
		s.by = byRank
	}
	switch {
	case s.limit != -1 && s.by == byRank:
		return s, errZrangeLimit
	case s.withScores && s.by == byLex:
		return s, errZrangeLexWS
	}
	lo, hi := args[at+1], args[at+2]
	if s.rev && s.by != byRank {
		lo, hi = hi, lo
	}
	var err error
	switch s.by {
	case byRank:
		if s.start, err = parseInt(lo); err == nil {
			s.stop, err = parseInt(hi)
		}
	case byScore:
		s.score, err = parseZScoreRange(lo, hi)
	case byLex:
		s.lex, err = parseZLexRange(lo, hi)
	}
	return s, err
}

// zentry is a member (owned) and its score.
type zentry struct {
	member []byte
	score  float64
}

// collect runs the range of s over z and returns its entries, in order.
func (s zrangeSpec) collect(z *tier.ZSet) ([]zentry, error) {
	var out []zentry
	keep := func(m []byte, sc float64) { out = append(out, zentry{append([]byte(nil), m...), sc}) }
	switch s.by {
	case byRank:
		start, stop, ok := rankRange(s.start, s.stop, z.Len())
		if !ok {
			return nil, nil
		}
		out = make([]zentry, 0, min(stop-start+1, 1024))
		err := z.RangeByRank(start, stop, s.rev, func(m []byte, sc float64) bool { keep(m, sc); return true })
		return out, err
	case byScore:
		if s.offset < 0 || (s.offset > 0 && s.offset >= z.Len()) {
			return nil, nil
		}
		from, in := s.score.lowPos(), s.score.lteMax
		if s.rev {
			from, in = s.score.highPos(), s.score.gteMin
		}
		err := s.window(z, from, func(_ []byte, sc float64) bool { return in(sc) }, keep)
		return out, err
	}
	if s.offset < 0 {
		return nil, nil
	}
	first, ok, err := lexStart(z, s.lex, s.rev)
	if err != nil || !ok {
		return nil, err
	}
	in := func(m []byte, _ float64) bool { return s.lex.lteMax(m) }
	if s.rev {
		in = func(m []byte, _ float64) bool { return s.lex.gteMin(m) }
	}
	err = s.window(z, first, in, keep)
	return out, err
}

// window walks z from position from (backward with rev), skips offset
// entries without looking at them, then passes to keep up to limit entries
// while in accepts them: Redis's LIMIT.
func (s zrangeSpec) window(z *tier.ZSet, from tier.ZPos, in func([]byte, float64) bool, keep func([]byte, float64)) error {
	skip, left := s.offset, s.limit
	return z.Range(from, s.rev, func(m []byte, sc float64) bool {
		if skip > 0 {
			skip--
			return true
		}
		if left == 0 || !in(m, sc) {
			return false
		}
		keep(m, sc)
		left--
		return left != 0
	})
}

// rankRange turns ZRANGE's start and stop (negative from the end) into
// ranks within a set of n entries; ok is false for an empty range.
func rankRange(start, stop, n int64) (int64, int64, bool) {
	from, to := listRange(start, stop, n) // the same clamp as LRANGE's
	return from, to - 1, to > from
}

// lexStart finds where a lex range starts as Redis's listpack does: the
// first entry whose member is ≥ min (the last ≤ max with rev), provided
// the range can hold anything and that entry is within its other end. It
// returns the position just before that entry (after it with rev).
func lexStart(z *tier.ZSet, r zLexRange, rev bool) (tier.ZPos, bool, error) {
	if r.empty() || z.Len() == 0 {
		return tier.ZPos{}, false, nil
	}
	head, tail, err := zEnds(z)
	if err != nil || !r.gteMin(tail.member) || !r.lteMax(head.member) {
		return tier.ZPos{}, false, err
	}
	var (
		pos   = tier.ZFirst
		found zentry
		ok    bool
	)
	if rev {
		pos = tier.ZLast
	}
	for !ok {
		var e zentry
		var any bool
		err := z.Range(pos, rev, func(m []byte, sc float64) bool {
			e, any = zentry{append([]byte(nil), m...), sc}, true
			return false
		})
		if err != nil || !any {
			return tier.ZPos{}, false, err
		}
		switch {
		case !rev && r.gteMin(e.member):
			found, ok = e, true
		case rev && r.lteMax(e.member):
			found, ok = e, true
		case !rev:
			pos = r.minPos(e.score)
		default:
			pos = r.maxPos(e.score)
		}
	}
	if rev {
		if !r.gteMin(found.member) {
			return tier.ZPos{}, false, nil
		}
		return tier.ZEntryAfter(found.score, found.member), true, nil
	}
	if !r.lteMax(found.member) {
		return tier.ZPos{}, false, nil
	}
	return tier.ZEntryAt(found.score, found.member), true, nil
}

// zEnds returns the lowest and the highest entry of a non-empty set.
func zEnds(z *tier.ZSet) (head, tail zentry, err error) {
	take := func(e *zentry) func([]byte, float64) bool {
		return func(m []byte, sc float64) bool {
			*e = zentry{append([]byte(nil), m...), sc}
			return false
		}
	}
	if err = z.Range(tier.ZFirst, false, take(&head)); err == nil {
		err = z.Range(tier.ZLast, true, take(&tail))
	}
	return head, tail, err
}

// replyZEntries writes a range: members, with their scores if asked (a
// flat array in RESP2, pairs in RESP3).
func replyZEntries(c *Call, entries []zentry, withScores bool) {
	w := zpairWriter{c: c, scores: withScores}
	w.head(int64(len(entries)))
	for _, e := range entries {
		w.pair(e.member, e.score)
	}
}

// zrangeReply parses a ZRANGE-like command (its key at c.Args[1]; by and
// rev fixed by the older forms, revAuto leaving REV to the options), runs
// it and replies with the range.
func zrangeReply(c *Call, by zrangeBy, rev, revAuto bool) error {
	s, entries, err := zrangeEntries(c, 1, false, by, rev, revAuto)
	if err != nil {
		return err
	}
	replyZEntries(c, entries, s.withScores)
	return nil
}

// zrangeEntries parses the range arguments of a ZRANGE-like command whose
// source key is c.Args[at] (see parseZrange) and collects the range from
// that key (none when it is missing).
func zrangeEntries(c *Call, at int, store bool, by zrangeBy, rev, revAuto bool) (zrangeSpec, []zentry, error) {
	s, err := parseZrange(c.Args, at, store, by, rev, revAuto)
	if err != nil {
		return s, nil, err
	}
	z, err := c.readZSet(c.Args[at])
	if err != nil || z == nil {
		return s, nil, err
	}
	entries, err := s.collect(z)
	return s, entries, err
}

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
func cmdZrange(c *Call) error { return zrangeReply(c, byAuto, false, true) }

// ZREVRANGE key start stop [WITHSCORES]
func cmdZrevrange(c *Call) error { return zrangeReply(c, byRank, true, false) }

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
func cmdZrangebyscore(c *Call) error { return zrangeReply(c, byScore, false, false) }

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
func cmdZrevrangebyscore(c *Call) error { return zrangeReply(c, byScore, true, false) }

// ZRANGEBYLEX key min max [LIMIT offset count]
func cmdZrangebylex(c *Call) error { return zrangeReply(c, byLex, false, false) }

// ZREVRANGEBYLEX key max min [LIMIT offset count]
func cmdZrevrangebylex(c *Call) error { return zrangeReply(c, byLex, true, false) }

// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
//
// The range replaces dst (whatever it held, its TTL too), built member by
// member as ZADD would build it; an empty range deletes dst.
func cmdZrangestore(c *Call) error {
	_, entries, err := zrangeEntries(c, 2, true, byAuto, false, true)
	if err != nil {
		return err
	}
	if err := c.storeZEntries(c.Args[1], entries, false); err != nil {
		return err
	}
	c.Out.Int(int64(len(entries)))
	return nil
}

// storeZEntries replaces the key dst with a sorted set of entries (whose
// members are distinct), or deletes it when there are none. With
// decideAtEnd the encoding is chosen from the whole content (the STORE
// forms of the algebra); without, members are added one by one as ZADD
// adds them (ZRANGESTORE).
func (c *Call) storeZEntries(dst []byte, entries []zentry, decideAtEnd bool) error {
	if _, err := c.Txn.Delete(c.DB(), dst); err != nil || len(entries) == 0 {
		return err
	}
	lim := c.zsetLimits()
	z := c.Txn.NewZSet(c.DB(), dst)
	if decideAtEnd {
		var maxLen int64
		for _, e := range entries {
			maxLen = max(maxLen, int64(len(e.member)))
		}
		if !lim.fits(int64(len(entries)), maxLen) {
			z.Object().MarkZSkiplist()
		}
	}
	for _, e := range entries {
		if err := lim.put(z, e.member, e.score, true); err != nil {
			return err
		}
	}
	return nil
}

// ZCOUNT key min max
func cmdZcount(c *Call) error {
	r, err := parseZScoreRange(c.Args[2], c.Args[3])
	if err != nil {
		return err
	}
	return zcount(c, func(z *tier.ZSet) (int64, error) { return z.Count(r.lowPos(), r.highPos()) })
}

// ZLEXCOUNT key min max
//
// The entries of the start's score within the range are counted by rank
// (O(log n) for a set in memory); a range going on into higher scores
// (mixed scores only) is walked.
func cmdZlexcount(c *Call) error {
	r, err := parseZLexRange(c.Args[2], c.Args[3])
	if err != nil {
		return err
	}
	return zcount(c, func(z *tier.ZSet) (int64, error) { return lexCount(z, r) })
}

// zcount replies with what count says of the set at the key, 0 for a
// missing key.
func zcount(c *Call, count func(z *tier.ZSet) (int64, error)) error {
	z, err := c.readZSet(c.Args[1])
	if err != nil {
		return err
	}
	var n int64
	if z != nil {
		if n, err = count(z); err != nil {
			return err
		}
	}
	c.Out.Int(n)
	return nil
}

// lexCount counts the entries of a lex range.
func lexCount(z *tier.ZSet, r zLexRange) (int64, error) {
	from, ok, err := lexStart(z, r, false)
	if err != nil || !ok {
		return 0, err
	}
	n, err := z.Count(from, r.maxPos(from.Score))
	if err != nil {
		return 0, err
	}
	// Redis's walk goes on into the next score only if every member of
	// this one was within max.
	first := true
	err = z.Range(r.maxPos(from.Score), false, func(m []byte, sc float64) bool {
		if (first && sc == from.Score) || !r.lteMax(m) {
			return false
		}
		first = false
		n++
		return true
	})
	return n, err
}

// ZRANK key member
func cmdZrank(c *Call) error { return zrank(c, false) }

// ZREVRANK key member
func cmdZrevrank(c *Call) error { return zrank(c, true) }

// zrank replies with the rank of a member, or nil. A set on disk only
// counts the entries before the member.
func zrank(c *Call, rev bool) error {
	return zmemberReply(c, func(z *tier.ZSet) (bool, error) {
		r, ok, err := z.Rank(c.Args[2], rev)
		if ok && err == nil {
			c.Out.Int(r)
		}
		return ok, err
	})
}

// zmemberReply answers a question about one member of the set at the key:
// answer writes the reply and reports true, or reports false for nil (also
// the reply for a missing key).
func zmemberReply(c *Call, answer func(z *tier.ZSet) (bool, error)) error {
	z, err := c.readZSet(c.Args[1])
	if err != nil || z == nil {
		return nullOr(c, err)
	}
	ok, err := answer(z)
	if err == nil && !ok {
		c.Out.Null()
	}
	return err
}

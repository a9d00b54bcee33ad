package tier

import (
	"math/rand/v2"

	"github.com/tierdb/tierdb/persistence"
)

// ZSCAN and ZRANDMEMBER walk the member family, ordered by member hash like
// a hash's fields (see hash_order.go): the scan cursor is the hash of the
// next member, and a random pick of an element-cold set is one seek to a
// random hash. A loaded set picks by rank, uniformly.

// Scan calls fn for the members whose hash is ≥ cursor, in member-family
// order, until about count members were visited (count < 0: all of them)
// or fn returns false. Members sharing a hash are never split across calls.
// It returns the cursor to continue from, 0 when no member is left.
func (z *ZSet) Scan(cursor uint64, count int, fn func(member []byte, score float64) bool) (uint64, error) {
	if e := z.o.zsetElems(); e != nil {
		return scanEntries(e.sorted(), cursor, count, func(he hashEntry) bool {
			return fn([]byte(he.field), e.m[he.field])
		}), nil
	}
	if z.o.Version == 0 {
		return 0, nil
	}
	r, err := z.t.elemReader()
	if err != nil {
		return 0, err
	}
	return z.scanMembers(r, cursor, count, fn)
}

// scanMembers is scanHashOrder over the member family, decoding each
// score.
func (z *ZSet) scanMembers(r persistence.ElementReader, cursor uint64, count int, fn func(member []byte, score float64) bool) (uint64, error) {
	var bad error
	next, err := scanHashOrder(r, z.ks.phys, z.o.Version, memberTag, cursor, count, func(m, v []byte) bool {
		s, ok := ScoreFromBytes(v)
		if !ok {
			bad = persistence.ErrCorrupt
			return false
		}
		return fn(m, s)
	})
	return next, firstErr(err, bad)
}

// Random calls fn for n entries picked at random. With distinct they are n
// different members and n must be less than Len (a caller wanting Len or
// more wants them all: Each); without, a member may come more than once. A
// loaded set picks uniformly by rank; an element-cold one makes one bounded
// Pebble read per pick, or one pass when n is a large part of the set (see
// hash_order.go's randomPairs).
func (z *ZSet) Random(n int, distinct bool, fn func(member []byte, score float64)) error {
	if n <= 0 || z.o.Count == 0 {
		return nil
	}
	if e := z.o.zsetElems(); e != nil {
		l := e.sl.length
		pickRank := func(i int) {
			nd := e.sl.byRank(i)
			fn([]byte(nd.member), nd.score)
		}
		if !distinct {
			for range n {
				pickRank(rand.IntN(l))
			}
			return nil
		}
		for _, i := range rand.Perm(l)[:min(n, l)] {
			pickRank(i)
		}
		return nil
	}
	valid := func(s []byte) bool { _, ok := ScoreFromBytes(s); return ok }
	return z.randomCold(n, distinct, memberTag, "sorted set", "member", valid, z.EachPair, func(m, s []byte) {
		f, _ := ScoreFromBytes(s)
		fn(m, f)
	})
}

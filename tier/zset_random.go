package tier

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"

	"github.com/tierdb/tierdb/persistence"
)

// ZSCAN and ZRANDMEMBER walk the member family, ordered by member hash like
// a hash's fields (see hash.go and set_order.go): the scan cursor is the
// hash of the next member, and a random pick of an element-cold set is one
// seek to a random hash. A loaded set picks by rank, uniformly.

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
	var (
		n    int
		next uint64
		last uint64
	)
	err := z.scanMembers(cursor, func(h uint64, m []byte, s float64) bool {
		if count >= 0 && n > 0 && n >= count && h != last {
			next = h
			return false
		}
		n++
		last = h
		return fn(m, s)
	})
	return next, err
}

// scanMembers walks the member family from hash cursor on, decoding each
// element, until fn returns false.
func (z *ZSet) scanMembers(cursor uint64, fn func(h uint64, member []byte, score float64) bool) error {
	r, err := z.t.elemReader()
	if err != nil {
		return err
	}
	var bad error
	from := binary.BigEndian.AppendUint64([]byte{zsetMemberTag}, cursor)
	err = r.ScanElements(z.ks.phys, z.o.Version, from, func(e, v []byte) bool {
		if len(e) == 0 || e[0] != zsetMemberTag {
			return false
		}
		s, ok := ScoreFromBytes(v)
		if len(e) < 9 || !ok {
			bad = persistence.ErrCorrupt
			return false
		}
		return fn(binary.BigEndian.Uint64(e[1:9]), e[9:], s)
	})
	return firstErr(err, bad)
}

// Random calls fn for n entries picked at random. With distinct they are n
// different members and n must be less than Len (a caller wanting Len or
// more wants them all: Each); without, a member may come more than once. A
// loaded set picks uniformly by rank; an element-cold one makes one bounded
// Pebble read per pick, or one pass when n is a large part of the set (see
// set_order.go's randomPairs).
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
	return randomPairs(n, distinct, z.o.Count, z.pickCold, z.EachPair, func(m, s []byte) {
		f, _ := ScoreFromBytes(s)
		fn(m, f)
	})
}

// pickCold returns copies of the first member at or after a random hash of
// an element-cold set (wrapping around to the first member) and its score
// bytes.
func (z *ZSet) pickCold() (member, score []byte, err error) {
	found := false
	take := func(_ uint64, m []byte, s float64) bool {
		member, score, found = append([]byte{}, m...), scoreBytes(s), true
		return false
	}
	if err := z.scanMembers(rand.Uint64(), take); err != nil || found {
		return member, score, err
	}
	if err := z.scanMembers(0, take); err != nil || found {
		return member, score, err
	}
	return nil, nil, fmt.Errorf("tier: sorted set %q: no member stored, count says %d: %w", z.key, z.o.Count, persistence.ErrCorrupt)
}

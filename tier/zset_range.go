package tier

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/tierdb/tierdb/persistence"
)

// Ranges of sorted sets: walks of the (score, member) order from a
// position, by rank, counts, and removal of a run of entries. A loaded set
// walks its skiplist; an element-cold one iterates its score family in
// Pebble, forward or backward, reading only the entries it visits.

// ZPos is a position in a sorted set's order, between two entries: just
// before the entry (Score, Member), just after it (After), or after every
// member of Score (Top). ZPos{Score: -Inf} is before every entry and
// ZPos{Score: +Inf, Top: true} after every entry. Scores compare as floats
// (-0 is 0).
type ZPos struct {
	Score  float64
	Member []byte
	After  bool
	Top    bool
}

// ZFirst and ZLast are the positions before every entry and after every
// entry.
var (
	ZFirst = ZPos{Score: math.Inf(-1)}
	ZLast  = ZPos{Score: math.Inf(1), Top: true}
)

// cmpEntry compares position p with the entry (score, member): positive
// when p comes after the entry, negative when before (never 0).
func (p ZPos) cmpEntry(score float64, member string) int {
	switch {
	case p.Score < score:
		return -1
	case p.Score > score:
		return 1
	case p.Top:
		return 1
	case string(p.Member) < member:
		return -1
	case string(p.Member) > member:
		return 1
	case p.After:
		return 1
	}
	return -1
}

// key is the score family element bytes at p: every entry after p has
// bytes ≥ key, every entry before p bytes < key.
func (p ZPos) key() []byte {
	k := []byte{zsetScoreTag}
	if p.Top {
		return binary.BigEndian.AppendUint64(k, scoreOrder(p.Score)+1)
	}
	k = binary.BigEndian.AppendUint64(k, scoreOrder(p.Score))
	k = append(k, p.Member...)
	if p.After {
		k = append(k, 0)
	}
	return k
}

// ZEntryAt is the position just before the entry (score, member).
func ZEntryAt(score float64, member []byte) ZPos { return ZPos{Score: score, Member: member} }

// ZEntryAfter is the position just after the entry (score, member).
func ZEntryAfter(score float64, member []byte) ZPos {
	return ZPos{Score: score, Member: member, After: true}
}

// Range calls fn for the entries after from in ascending order, or with
// rev for the entries before from in descending order, until fn returns
// false.
func (z *ZSet) Range(from ZPos, rev bool, fn func(member []byte, score float64) bool) error {
	if e := z.o.zsetElems(); e != nil {
		if !rev {
			for n := e.sl.firstAfter(from); n != nil && fn([]byte(n.member), n.score); n = n.next() {
			}
			return nil
		}
		_, n := e.sl.lastBefore(from)
		for ; n != nil && fn([]byte(n.member), n.score); n = n.back {
		}
		return nil
	}
	if z.o.Version == 0 {
		return nil
	}
	r, err := z.t.elemReader()
	if err != nil {
		return err
	}
	var bad error
	visit := func(e, v []byte) bool {
		if e[0] != zsetScoreTag {
			return false
		}
		member, score, ok := splitZSetScoreElement(e, v)
		if !ok {
			bad = persistence.ErrCorrupt
			return false
		}
		return fn(member, score)
	}
	if !rev {
		err = r.ScanElements(z.ks.phys, z.o.Version, from.key(), visit)
		return firstErr(err, bad)
	}
	rr, ok := r.(persistence.ReverseElementReader)
	if !ok {
		return fmt.Errorf("tier: element reader %T cannot scan backward", r)
	}
	err = rr.ScanElementsReverse(z.ks.phys, z.o.Version, from.key(), visit)
	return firstErr(err, bad)
}

// Each calls fn for every entry in ascending order until fn returns false.
func (z *ZSet) Each(fn func(member []byte, score float64) bool) error {
	return z.Range(ZFirst, false, fn)
}

// EachPair calls fn for every entry as DUMP lists it: the member, then the
// score as 8 bytes of IEEE 754 big-endian (ScoreFromBytes).
func (z *ZSet) EachPair(fn func(member, score []byte) bool) error {
	return z.Each(func(m []byte, s float64) bool { return fn(m, scoreBytes(s)) })
}

// RangeByRank calls fn for the entries of 0-based ranks start to stop
// (0 ≤ start ≤ stop < Len), in ascending order, or with rev ranked from
// the highest entry down, until fn returns false. An element-cold set is
// walked from the nearer end: O(distance from that end + stop-start).
func (z *ZSet) RangeByRank(start, stop int64, rev bool, fn func(member []byte, score float64) bool) error {
	n := z.o.Count
	if start < 0 || stop < start || stop >= n {
		return nil
	}
	if e := z.o.zsetElems(); e != nil {
		if !rev {
			for nd, i := e.sl.byRank(int(start)), start; nd != nil && i <= stop && fn([]byte(nd.member), nd.score); nd, i = nd.next(), i+1 {
			}
			return nil
		}
		for nd, i := e.sl.byRank(int(n-1-start)), start; nd != nil && i <= stop && fn([]byte(nd.member), nd.score); nd, i = nd.back, i+1 {
		}
		return nil
	}
	if start <= n-1-stop {
		return z.walkSkipping(rev, start, stop-start+1, fn)
	}
	// Nearer the other end: walk from it, keep the run, give it back in
	// the asked order.
	type entry struct {
		m []byte
		s float64
	}
	run := make([]entry, 0, min(stop-start+1, 1024))
	err := z.walkSkipping(!rev, n-1-stop, stop-start+1, func(m []byte, s float64) bool {
		run = append(run, entry{append([]byte(nil), m...), s})
		return true
	})
	if err != nil {
		return err
	}
	for _, e := range slices.Backward(run) {
		if !fn(e.m, e.s) {
			break
		}
	}
	return nil
}

// walkSkipping walks from the low end (from the high end with rev), skips
// skip entries and calls fn for the next take ones.
func (z *ZSet) walkSkipping(rev bool, skip, take int64, fn func(member []byte, score float64) bool) error {
	from := ZFirst
	if rev {
		from = ZLast
	}
	i := int64(0)
	return z.Range(from, rev, func(m []byte, s float64) bool {
		i++
		if i <= skip {
			return true
		}
		return fn(m, s) && i < skip+take
	})
}

// Rank returns the 0-based rank of member (from the highest entry with
// rev) and whether it is in the set. An element-cold set counts the
// entries before it: O(rank).
func (z *ZSet) Rank(member []byte, rev bool) (int64, bool, error) {
	score, ok, err := z.Score(member)
	if err != nil || !ok {
		return 0, false, err
	}
	if e := z.o.zsetElems(); e != nil {
		r := int64(e.sl.rank(string(member), score))
		if rev {
			r = z.o.Count - 1 - r
		}
		return r, true, nil
	}
	// The rank is the number of entries before the member (after it with
	// rev): walk them.
	var r int64
	count := func([]byte, float64) bool { r++; return true }
	if rev {
		err = z.Range(ZEntryAfter(score, member), false, count)
	} else {
		err = z.Range(ZEntryAt(score, member), true, count)
	}
	return r, true, err
}

// Count is the number of entries between positions lo and hi (after lo
// and before hi). A loaded set answers in O(log n), an element-cold one by
// walking the entries counted.
func (z *ZSet) Count(lo, hi ZPos) (int64, error) {
	if e := z.o.zsetElems(); e != nil {
		return max(int64(e.sl.countBefore(hi)-e.sl.countBefore(lo)), 0), nil
	}
	var n int64
	err := z.Range(lo, false, func(m []byte, s float64) bool {
		if hi.cmpEntry(s, string(m)) < 0 {
			return false
		}
		n++
		return true
	})
	return n, err
}

// removeChunk is how many entries RemoveRange collects before deleting
// them, so that it never deletes what it is iterating.
const removeChunk = 256

// RemoveRange deletes a run of consecutive entries: those after from in
// ascending order (before from, descending, with rev), at most n of them
// (all when n < 0), as long as keep returns true for them; keep sees each
// entry it accepts in order. It returns how many were deleted. Deleting
// the last entry deletes the key.
func (z *ZSet) RemoveRange(from ZPos, rev bool, n int64, keep func(member []byte, score float64) bool) (int64, error) {
	type entry struct {
		m []byte
		s float64
	}
	var (
		done  int64
		chunk []entry
		ended bool
	)
	for !ended && (n < 0 || done < n) {
		chunk = chunk[:0]
		err := z.Range(from, rev, func(m []byte, s float64) bool {
			if (n >= 0 && done+int64(len(chunk)) >= n) || !keep(m, s) {
				ended = true
				return false
			}
			chunk = append(chunk, entry{append([]byte(nil), m...), s})
			return len(chunk) < removeChunk
		})
		if err != nil {
			return done, err
		}
		if len(chunk) < removeChunk {
			ended = true
		}
		for _, e := range chunk {
			z.drop(e.m, e.s)
		}
		done += int64(len(chunk))
		if len(chunk) > 0 {
			last := chunk[len(chunk)-1]
			from = ZEntryAfter(last.s, last.m)
			if rev {
				from = ZEntryAt(last.s, last.m)
			}
		}
	}
	if done == 0 {
		return 0, nil
	}
	return done, z.settle()
}

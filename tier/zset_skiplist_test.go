package tier

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// zslModel is the reference for the skiplist: its entries sorted.
type zslModel []zslEntry

type zslEntry struct {
	member string
	score  float64
}

func (m zslModel) sort() {
	slices.SortFunc(m, func(a, b zslEntry) int { return zslCompare(a.score, a.member, b.score, b.member) })
}

// countBefore counts the model's entries before position p.
func (m zslModel) countBefore(p ZPos) int {
	n := 0
	for _, e := range m {
		if p.cmpEntry(e.score, e.member) > 0 {
			n++
		}
	}
	return n
}

// checkSkiplist compares every query of l with the model.
func checkSkiplist(t *testing.T, l *zskiplist, m zslModel, probes []ZPos) {
	t.Helper()
	if l.length != len(m) {
		t.Fatalf("length %d, model %d", l.length, len(m))
	}
	i := 0
	var prev *zslNode
	for n := l.first(); n != nil; n = n.next() {
		if n.member != m[i].member || math.Float64bits(n.score) != math.Float64bits(m[i].score) {
			t.Fatalf("entry %d: %q %v, model %q %v", i, n.member, n.score, m[i].member, m[i].score)
		}
		if n.back != prev {
			t.Fatalf("entry %d: back link wrong", i)
		}
		if r := l.rank(n.member, n.score); r != i {
			t.Fatalf("rank of %q = %d, want %d", n.member, r, i)
		}
		if b := l.byRank(i); b != n {
			t.Fatalf("byRank(%d) is not the %d-th node", i, i)
		}
		prev = n
		i++
	}
	if l.tail != prev {
		t.Fatalf("tail is not the last node")
	}
	if l.byRank(-1) != nil || l.byRank(len(m)) != nil {
		t.Fatalf("byRank out of range gave a node")
	}
	for _, p := range probes {
		want := m.countBefore(p)
		if got := l.countBefore(p); got != want {
			t.Fatalf("countBefore(%+v) = %d, want %d", p, got, want)
		}
		after := l.firstAfter(p)
		if want == len(m) {
			if after != nil {
				t.Fatalf("firstAfter(%+v) = %q, want none", p, after.member)
			}
		} else if after == nil || after.member != m[want].member {
			t.Fatalf("firstAfter(%+v) wrong, want %q", p, m[want].member)
		}
	}
}

// Ensure that the skiplist keeps the order, ranks, back links and position
// queries of a sorted slice through random inserts, moves and removals,
// with duplicate scores, both zeros and infinities.
func TestSkiplist_MatchesSortedModel(t *testing.T) {
	seed := rand.Uint64()
	r := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d", seed)
	scores := []float64{math.Inf(-1), -2.5, -1, math.Copysign(0, -1), 0, 1, 1, 2, 3.25, math.Inf(1)}
	l := newSkiplist()
	var m zslModel
	have := map[string]float64{}
	for step := range 4000 {
		member := fmt.Sprintf("m%d", r.IntN(300))
		score := scores[r.IntN(len(scores))]
		old, ok := have[member]
		switch {
		case ok && r.IntN(3) == 0:
			if !l.remove(member, old) {
				t.Fatalf("step %d: remove %q failed", step, member)
			}
			delete(have, member)
			m = slices.DeleteFunc(m, func(e zslEntry) bool { return e.member == member })
		case ok:
			l.remove(member, old)
			l.insert(member, score)
			have[member] = score
			for i := range m {
				if m[i].member == member {
					m[i].score = score
				}
			}
		default:
			l.insert(member, score)
			have[member] = score
			m = append(m, zslEntry{member, score})
		}
		m.sort()
		if l.remove("nosuch", 0) {
			t.Fatalf("removed a missing entry")
		}
		if step%100 == 0 || step > 3900 {
			probes := []ZPos{ZFirst, ZLast, {Score: 1}, {Score: 1, Top: true}, {Score: 0, Member: []byte("m5")},
				{Score: 0, Member: []byte("m5"), After: true}, {Score: math.Copysign(0, -1), Top: true}}
			for _, e := range m[:min(len(m), 20)] {
				probes = append(probes, ZEntryAt(e.score, []byte(e.member)), ZEntryAfter(e.score, []byte(e.member)))
			}
			checkSkiplist(t, l, m, probes)
		}
	}
}

// Ensure that an empty skiplist answers every query with nothing.
func TestSkiplist_Empty(t *testing.T) {
	l := newSkiplist()
	if l.first() != nil || l.tail != nil || l.byRank(0) != nil || l.firstAfter(ZFirst) != nil || l.countBefore(ZLast) != 0 {
		t.Fatal("empty skiplist returned something")
	}
	if l.remove("a", 1) {
		t.Fatal("removed from an empty skiplist")
	}
}

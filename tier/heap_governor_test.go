package tier

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// Ensure that the control step takes the excess of the live heap over its
// target off the budget, gives back a quarter of the gap below target, and
// keeps the cut between nothing and three quarters of the budget.
func TestNextCut(t *testing.T) {
	const target, base = 40 << 20, 20 << 20
	for _, c := range []struct {
		name           string
		cut, live, out int64
	}{
		{"at target", 0, target, 0},
		{"over target", 0, target + 3<<20, 3 << 20},
		{"further over", 3 << 20, target + 1<<20, 4 << 20},
		{"far over: three quarters at most", 0, target + 100<<20, base - base/4},
		{"under: a quarter of the gap back", 4 << 20, target - 8<<20, 2 << 20},
		{"far under: all back, never below nothing", 4 << 20, 0, 0},
		{"under with nothing taken", 0, target - 1<<20, 0},
	} {
		if got := nextCut(c.cut, c.live, target, base); got != c.out {
			t.Errorf("%s: nextCut(%d, %d) = %d, want %d", c.name, c.cut, c.live, got, c.out)
		}
	}
}

// Ensure that the governor shrinks the hot set when the live heap is over
// its target for reasons no object accounts for (here a ballast the test
// holds), that the keys it evicts still read back, and that the budget
// comes back once the heap is below target.
func TestHeapGovernor_FollowsTheLiveHeap(t *testing.T) {
	s := openTestStore(t, "", nil)
	c := defaultEviction
	c.Policy = AllKeysLRU
	s.SetEviction(c)
	s.SetMaxMemory(64 << 20)
	// The Go limit tierdb's main sets from maxmemory.
	old := debug.SetMemoryLimit(s.MemorySplit().GoLimit)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	base := s.MemorySplit().Hot
	if s.HotLimit() != base {
		t.Fatalf("hot limit %d before any collection, want the split's %d", s.HotLimit(), base)
	}
	value := strings.Repeat("v", 4096)
	const keys = 2000 // about 8.5 MB accounted, well within the budget
	for i := range keys {
		setKey(t, s, fmt.Sprintf("k%05d", i), value, 0)
	}
	hot := s.TierStats().HotKeys

	ballast := make([]byte, 96<<20)
	runtime.GC()
	s.governHeap()
	if got, want := s.HotLimit(), base/minCutShare; got > want+1 {
		t.Fatalf("hot limit %d with a 96 MB ballast live, want it cut to %d", got, want)
	}
	if cut := s.TierStats().HotLimitCut; cut != base-s.HotLimit() {
		t.Errorf("HotLimitCut %d, want %d", cut, base-s.HotLimit())
	}
	settle(t, s)
	if left := s.TierStats().HotKeys; left >= hot {
		t.Errorf("%d hot keys after the cut, %d before: nothing evicted", left, hot)
	}
	runtime.KeepAlive(ballast)
	ballast = nil

	for range 50 {
		runtime.GC()
		s.governHeap()
		if s.HotLimit() == base {
			break
		}
	}
	if s.HotLimit() != base {
		t.Errorf("hot limit %d with the ballast gone, want the split's %d back", s.HotLimit(), base)
	}
	for i := range keys {
		if o := getKey(t, s, fmt.Sprintf("k%05d", i)); o == nil || string(o.Str) != value {
			t.Fatalf("k%05d after the governor's eviction: %v", i, o)
		}
	}

	// Without a Go memory limit the governor lets go of what it took.
	ballast = make([]byte, 96<<20)
	runtime.GC()
	s.governHeap()
	if s.HotLimit() == base {
		t.Fatal("no cut with the ballast back")
	}
	runtime.KeepAlive(ballast)
	debug.SetMemoryLimit(math.MaxInt64)
	s.governHeap()
	if s.HotLimit() != base || s.TierStats().HotLimitCut != 0 {
		t.Errorf("hot limit %d (cut %d) with no Go limit, want the split's %d", s.HotLimit(), s.TierStats().HotLimitCut, base)
	}
}

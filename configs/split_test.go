package configs

import "testing"

// Ensure that maxmemory's split adds up: the parts fit in maxmemory, the
// Go memory limit covers what lives on the Go heap (Pebble's caches too
// unless they are C memory), and no maxmemory gives the defaults.
func TestSplitMemory(t *testing.T) {
	if s := SplitMemory(0, 1<<20); s.Max != 0 || s.GoLimit != 0 || s.Hot != 0 || s.BlockCache != defaultBlockCache || s.ColdCache != 1<<20 {
		t.Errorf("SplitMemory(0) = %+v", s)
	}
	const mb = 1 << 20
	s := SplitMemory(64*mb, 64*mb)
	want := MemorySplit{Max: 64 * mb, BlockCache: 8 * mb, MemTable: 2 * mb, ColdCache: 4 * mb, Hot: 23 * mb}
	want.GoLimit = 64*mb + 64*mb/20 + runtimeAllowance
	if !PebbleCachesOnGoHeap {
		want.GoLimit -= 8*mb + 3*2*mb
	}
	if s != want {
		t.Errorf("SplitMemory(64mb) = %+v, want %+v", s, want)
	}
	for _, max := range []int64{16 * mb, 64 * mb, 1 << 30, 64 << 30} {
		s := SplitMemory(max, 1<<62)
		offHeap := s.BlockCache + MemTables*s.MemTable
		if sum := offHeap + s.ColdCache + s.Hot; sum > max {
			t.Errorf("maxmemory %d: the parts take %d", max, sum)
		}
		onHeap := s.Hot + s.ColdCache
		if PebbleCachesOnGoHeap {
			onHeap += offHeap
		}
		if s.GoLimit < onHeap+runtimeAllowance || s.GoLimit > max+max/10+runtimeAllowance {
			t.Errorf("maxmemory %d: Go limit %d for %d on the Go heap", max, s.GoLimit, onHeap)
		}
	}
}

package tier

import (
	"fmt"
	"os"
	"testing"

	"github.com/tierdb/tierdb/persistence"
)

// Benchmarks of lists: the cost of LPUSH (one element, committed) and of
// LRANGE 0 99 must not grow with the list. A list of 10^3 elements is
// loaded in memory; one of 10^5 is element-cold (its elements are read
// from Pebble). TIERDB_BENCH_HUGE=1 adds a list of 10^7 elements.

// benchListSizes are the list lengths benchmarked.
func benchListSizes() []int {
	sizes := []int{1_000, 100_000}
	if os.Getenv("TIERDB_BENCH_HUGE") != "" {
		sizes = append(sizes, 10_000_000)
	}
	return sizes
}

// benchList opens a store holding the list "l" of n elements.
func benchList(b *testing.B, n int) *Store {
	b.Helper()
	s, err := Open(Options{Dir: b.TempDir(), Databases: 1, Sync: persistence.SyncNo})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	var l LockSet
	l.AddAll()
	s.Lock(&l)
	defer s.Unlock(&l)
	const batch = 100_000
	for done := 0; done < n; done += batch {
		txn := s.Begin(false)
		o, err := txn.Get(0, []byte("l"))
		if err != nil {
			b.Fatal(err)
		}
		h := txn.NewList(0, []byte("l"))
		if o != nil {
			if h, err = txn.List(0, []byte("l"), o); err != nil {
				b.Fatal(err)
			}
		}
		vals := make([][]byte, min(batch, n-done))
		for i := range vals {
			vals[i] = fmt.Appendf(nil, "element:%d", done+i)
		}
		if err := h.Push(false, vals...); err != nil {
			b.Fatal(err)
		}
		if err := txn.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// benchListCommand runs fn on the handle of "l" in a committed Txn of its own, as a
// command would.
func benchListCommand(b *testing.B, s *Store, fn func(l *List) error) {
	var locks LockSet
	locks.Add([]byte("l"))
	s.Lock(&locks)
	defer s.Unlock(&locks)
	txn := s.Begin(false)
	o, err := txn.Get(0, []byte("l"))
	if err != nil || o == nil {
		b.Fatal(o, err)
	}
	l, err := txn.List(0, []byte("l"), o)
	if err != nil {
		b.Fatal(err)
	}
	if err := fn(l); err != nil {
		b.Fatal(err)
	}
	if err := txn.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkList_LPush measures one LPUSH of one element, committed, on a
// list of n elements (trimmed back to n, untimed, every 1000 pushes, so
// that a list of 10^3 stays loaded).
func BenchmarkList_LPush(b *testing.B) {
	for _, n := range benchListSizes() {
		b.Run(fmt.Sprint("elems=", n), func(b *testing.B) {
			s := benchList(b, n)
			v := []byte("pushed-element")
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				benchListCommand(b, s, func(l *List) error { return l.Push(true, v) })
				if i++; i%1000 == 0 {
					b.StopTimer()
					benchListCommand(b, s, func(l *List) error { return l.Trim(1000, int64(n)+999) })
					b.StartTimer()
				}
			}
		})
	}
}

// BenchmarkList_LRange100 measures reading the first 100 elements of a
// list of n elements: from memory (hot, loaded) or from Pebble
// (element-cold).
func BenchmarkList_LRange100(b *testing.B) {
	for _, n := range benchListSizes() {
		tier := "hot"
		if n > loadMax {
			tier = "cold"
		}
		b.Run(fmt.Sprintf("elems=%d/tier=%s", n, tier), func(b *testing.B) {
			s := benchList(b, n)
			b.ReportAllocs()
			for b.Loop() {
				benchListCommand(b, s, func(l *List) error {
					got := 0
					err := l.Range(0, 100, false, func(int64, []byte) bool { got++; return true })
					if got != 100 {
						b.Fatalf("read %d elements", got)
					}
					return err
				})
			}
		})
	}
}

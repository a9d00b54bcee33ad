package tier

import (
	"fmt"
	"os"
	"testing"

	"github.com/tierdb/tierdb/persistence"
)

// Sorted set benchmarks: the per-operation cost of ZADD of a new member on
// sets of 10^3 and 10^5 entries (10^7 with TIERDB_BENCH_HUGE=1), each ZADD
// committed like a command; and a ZRANGE 0 9 read on a loaded set (hot) and
// on an element-cold one (10^5 entries: Pebble range reads). Both must stay
// flat as the set grows: a write costs what it changes.

// benchZSet opens a store and fills key "z" with n entries in batches.
func benchZSet(b *testing.B, n int) *Store {
	b.Helper()
	s, err := Open(Options{Dir: b.TempDir(), Databases: 1, Sync: persistence.SyncNo})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	const batch = 10000
	for from := 0; from < n; from += batch {
		zbenchTxn(b, s, func(txn *Txn) error {
			z, err := zsetOf(txn)
			if err != nil {
				return err
			}
			for i := from; i < min(from+batch, n); i++ {
				if _, err := z.Set(fmt.Appendf(nil, "member:%d", i), float64(i%1000)); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return s
}

// zsetOf returns the handle of "z", a new one if there is none.
func zsetOf(txn *Txn) (*ZSet, error) {
	o, err := txn.Get(0, []byte("z"))
	if err != nil || o == nil {
		return txn.NewZSet(0, []byte("z")), err
	}
	return txn.ZSet(0, []byte("z"), o)
}

// zbenchTxn runs fn in one committed Txn holding every lock.
func zbenchTxn(b *testing.B, s *Store, fn func(*Txn) error) {
	b.Helper()
	var l LockSet
	l.AddAll()
	s.Lock(&l)
	defer s.Unlock(&l)
	txn := s.Begin(false)
	if err := fn(txn); err != nil {
		txn.Discard()
		b.Fatal(err)
	}
	if err := txn.Commit(); err != nil {
		b.Fatal(err)
	}
}

func benchSizes() []int {
	sizes := []int{1_000, 100_000}
	if os.Getenv("TIERDB_BENCH_HUGE") != "" && !testing.Short() {
		sizes = append(sizes, 10_000_000)
	}
	return sizes
}

// BenchmarkZSet_Add measures ZADD of a new member (two element writes and
// the meta record, committed) on sets of growing size.
func BenchmarkZSet_Add(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint("entries=", n), func(b *testing.B) {
			s := benchZSet(b, n)
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				zbenchTxn(b, s, func(txn *Txn) error {
					z, err := zsetOf(txn)
					if err != nil {
						return err
					}
					_, err = z.Set(fmt.Appendf(nil, "new:%d", i), float64(i%977))
					return err
				})
				i++
			}
		})
	}
}

// BenchmarkZSet_Range10 measures ZRANGE 0 9 WITHSCORES: on a loaded set
// (hot) and on one too big to load (cold, read from Pebble).
func BenchmarkZSet_Range10(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int
	}{{"hot/entries=1000", 1_000}, {"cold/entries=100000", 100_000}} {
		b.Run(c.name, func(b *testing.B) {
			s := benchZSet(b, c.n)
			b.ReportAllocs()
			for b.Loop() {
				zbenchTxn(b, s, func(txn *Txn) error {
					z, err := zsetOf(txn)
					if err != nil {
						return err
					}
					got := 0
					err = z.RangeByRank(0, 9, false, func([]byte, float64) bool { got++; return true })
					if got != 10 {
						return fmt.Errorf("ranged %d entries", got)
					}
					return err
				})
			}
		})
	}
}

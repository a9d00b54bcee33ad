package tier

import (
	"fmt"
	"os"
	"testing"
)

// Stream benchmarks: the per-operation cost of XADD (an entry, its node
// record and the metadata) and of reading 10 entries, on streams of 10^3
// and 10^5 entries (10^7 with TIERDB_BENCH_HUGE set), with the stream's
// metadata in memory as after any access: the size must not matter.

func streamBenchSizes() []int {
	sizes := []int{1_000, 100_000}
	if os.Getenv("TIERDB_BENCH_HUGE") != "" {
		sizes = append(sizes, 10_000_000)
	}
	return sizes
}

// fillBenchStream gives the stream "x" n entries i-0 (i from 1), 10000 per
// Txn.
func fillBenchStream(b *testing.B, s *Store, n int) {
	b.Helper()
	key := []byte("x")
	for start := 1; start <= n; start += 10_000 {
		benchTxn(b, s, key, func(txn *Txn, o *Object) error {
			st := txn.NewStream(0, key)
			if o != nil {
				var err error
				if st, err = txn.Stream(0, key, o); err != nil {
					return err
				}
			}
			for i := start; i < start+10_000 && i <= n; i++ {
				err := st.Add(StreamID{uint64(i), 0}, [][]byte{[]byte("field"), []byte(fmt.Sprint("value:", i))},
					StreamNodeLimits{MaxEntries: 100, MaxBytes: 4096})
				if err != nil {
					return err
				}
			}
			return st.Save()
		})
	}
}

// BenchmarkStream fills one stream per size, then measures XADD and a
// 10-entry range read on it, hot (the stream's metadata in memory, as after
// any access) and cold (the key evicted before each operation, so that its
// metadata comes from the cold tier). Its entries are always in Pebble.
func BenchmarkStream(b *testing.B) {
	for _, n := range streamBenchSizes() {
		b.Run(fmt.Sprint("entries=", n), func(b *testing.B) {
			s := openBenchStore(b, b.TempDir())
			defer s.Close()
			fillBenchStream(b, s, n)
			if err := s.Flush(); err != nil {
				b.Fatal(err)
			}
			next := uint64(n + 1)
			for _, cold := range []bool{false, true} {
				tier := map[bool]string{false: "hot", true: "cold"}[cold]
				b.Run("xadd/"+tier, func(b *testing.B) {
					benchStreamOp(b, s, cold, func(st *Stream) error {
						next++
						return st.Add(StreamID{next, 0}, [][]byte{[]byte("field"), []byte("value")},
							StreamNodeLimits{MaxEntries: 100, MaxBytes: 4096})
					})
				})
				i := uint64(0)
				b.Run("range10/"+tier, func(b *testing.B) {
					benchStreamOp(b, s, cold, func(st *Stream) error {
						start := StreamID{1 + i*7919%uint64(n-10), 0}
						i++
						got := 0
						err := st.Range(start, MaxStreamID, false, func(StreamID, [][]byte) bool {
							got++
							return got < 10
						})
						if err == nil && got != 10 {
							err = fmt.Errorf("read %d entries", got)
						}
						return err
					})
				})
			}
		})
	}
}

// benchStreamOp times op on the stream "x", one committed Txn per
// iteration; with cold, the key is evicted before each (untimed).
func benchStreamOp(b *testing.B, s *Store, cold bool, op func(st *Stream) error) {
	key := []byte("x")
	b.ReportAllocs()
	for b.Loop() {
		if cold {
			b.StopTimer()
			evictForBench(s, key)
			b.StartTimer()
		}
		benchTxn(b, s, key, func(txn *Txn, o *Object) error {
			st, err := txn.Stream(0, key, o)
			if err != nil {
				return err
			}
			if err := op(st); err != nil {
				return err
			}
			return st.Save()
		})
	}
}

// evictForBench moves key out of memory as the evictor does (spilled, so
// still readable from the cold tier).
func evictForBench(s *Store, key []byte) {
	var l LockSet
	l.Add(key)
	s.Lock(&l)
	defer s.Unlock(&l)
	ks, shard := s.keyspace(0), ShardOf(key)
	if o := ks.hot[shard][string(key)]; o != nil {
		s.evictKey(ks, shard, string(key), o, false)
	}
}

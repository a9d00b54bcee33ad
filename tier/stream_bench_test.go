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

func BenchmarkStream_Xadd(b *testing.B) {
	for _, n := range streamBenchSizes() {
		b.Run(fmt.Sprint("entries=", n), func(b *testing.B) {
			s := openBenchStore(b, b.TempDir())
			defer s.Close()
			fillBenchStream(b, s, n)
			key := []byte("x")
			next := uint64(n + 1)
			b.ReportAllocs()
			for b.Loop() {
				benchTxn(b, s, key, func(txn *Txn, o *Object) error {
					st, err := txn.Stream(0, key, o)
					if err != nil {
						return err
					}
					err = st.Add(StreamID{next, 0}, [][]byte{[]byte("field"), []byte("value")},
						StreamNodeLimits{MaxEntries: 100, MaxBytes: 4096})
					if err != nil {
						return err
					}
					next++
					return st.Save()
				})
			}
		})
	}
}

func BenchmarkStream_Range10(b *testing.B) {
	for _, n := range streamBenchSizes() {
		b.Run(fmt.Sprint("entries=", n), func(b *testing.B) {
			s := openBenchStore(b, b.TempDir())
			defer s.Close()
			fillBenchStream(b, s, n)
			if err := s.Flush(); err != nil {
				b.Fatal(err)
			}
			key := []byte("x")
			i := uint64(0)
			b.ReportAllocs()
			for b.Loop() {
				benchTxn(b, s, key, func(txn *Txn, o *Object) error {
					st, err := txn.Stream(0, key, o)
					if err != nil {
						return err
					}
					start := StreamID{1 + i*7919%uint64(n-10), 0}
					i++
					got := 0
					err = st.Range(start, MaxStreamID, false, func(StreamID, [][]byte) bool {
						got++
						return got < 10
					})
					if err == nil && got != 10 {
						err = fmt.Errorf("read %d entries", got)
					}
					return err
				})
			}
		})
	}
}

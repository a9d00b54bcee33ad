package tier

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tierdb/tierdb/persistence"
)

// Benchmarks of tiered operation: the hot set holds a tenth of the data
// (maxmemory as the process budget, as the server opens it), and the
// commands go through Txns as the engine's do, with the evictor running.

// benchTieredStore opens a store of maxmemory bytes and loads keys of
// valueSize bytes until the data is factor times maxmemory.
func benchTieredStore(b *testing.B, maxmemory int64, factor, valueSize int) (*Store, int) {
	b.Helper()
	s, err := Open(Options{Dir: b.TempDir(), Databases: 1, Sync: persistence.SyncNo, MaxMemory: maxmemory})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	c := defaultEviction
	c.Policy = AllKeysLRU
	s.SetEviction(c)
	n := int(maxmemory) * factor / valueSize
	val := make([]byte, valueSize)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		for j := range val {
			val[j] = byte(r.Uint32())
		}
		benchSet(b, s, benchKey(i), val)
	}
	return s, n
}

func benchKey(i int) []byte { return []byte(fmt.Sprintf("ltr:%012d", i)) }

func benchSet(b *testing.B, s *Store, key, val []byte) {
	if err := s.MakeRoom(); err != nil {
		b.Fatal(err)
	}
	var l LockSet
	l.Add(key)
	s.Lock(&l)
	t := s.Begin(false)
	if _, err := t.Get(0, key); err != nil { // SET's own lookup
		b.Fatal(err)
	}
	if err := t.Put(0, key, NewString(append([]byte(nil), val...))); err != nil {
		b.Fatal(err)
	}
	if err := t.Commit(); err != nil {
		b.Fatal(err)
	}
	s.Unlock(&l)
}

func benchGet(b *testing.B, s *Store, key []byte) {
	if err := s.MakeRoom(); err != nil {
		b.Fatal(err)
	}
	var l LockSet
	l.Add(key)
	s.Lock(&l)
	t := s.Begin(false)
	o, err := t.Get(0, key)
	if err != nil || o == nil {
		b.Fatalf("%s: %v %v", key, o, err)
	}
	_ = t.Commit()
	s.Unlock(&l)
}

// BenchmarkTiered_GetZipf reads keys of a data set ten times maxmemory
// with a Zipfian distribution (s=1.1), as tierdb-bench's larger-than-ram.
func BenchmarkTiered_GetZipf(b *testing.B) {
	s, n := benchTieredStore(b, 32<<20, 10, 1000)
	z := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 1, uint64(n-1))
	perm := rand.New(rand.NewPCG(5, 6)).Perm(n) // popular keys spread over the key space
	before := s.TierStats()
	b.ResetTimer()
	for b.Loop() {
		benchGet(b, s, benchKey(perm[z.Uint64()]))
	}
	b.StopTimer()
	st := s.TierStats()
	b.ReportMetric(float64(st.ColdReads-before.ColdReads)/float64(b.N), "cold/op")
	b.ReportMetric(float64(st.ColdCacheHits-before.ColdCacheHits)/float64(b.N), "cache-hits/op")
	b.ReportMetric(float64(st.Promotions-before.Promotions)/float64(b.N), "promotions/op")
}

// BenchmarkTiered_SetNew writes new keys while the hot set is full.
func BenchmarkTiered_SetNew(b *testing.B) {
	s, n := benchTieredStore(b, 32<<20, 2, 1000)
	val := make([]byte, 1000)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		benchSet(b, s, benchKey(n+i), val)
	}
}

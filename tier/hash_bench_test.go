package tier

import (
	"fmt"
	"testing"

	"github.com/tierdb/tierdb/persistence"
)

// BenchmarkHash_FirstAccess measures what the first command on a cold hash
// pays before its field read: reading the metadata, then, for a hash of at
// most loadMax fields, loading every field into memory (bigger ones are
// never loaded: their first access costs a metadata read only). Each
// iteration drops the hash from memory first, as a restart would.
func BenchmarkHash_FirstAccess(b *testing.B) {
	for _, n := range []int{10, 1_000, loadMax, loadMax + 1} {
		b.Run(fmt.Sprint("fields=", n), func(b *testing.B) {
			s, err := Open(Options{Dir: b.TempDir(), Databases: 1, Sync: persistence.SyncNo})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var l LockSet
			l.AddAll()
			s.Lock(&l)
			defer s.Unlock(&l)
			txn := s.Begin(false)
			h := txn.NewHash(0, []byte("h"))
			for i := range n {
				if _, err := h.Set([]byte(fmt.Sprint("field:", i)), []byte(fmt.Sprint("value:", i))); err != nil {
					b.Fatal(err)
				}
			}
			if err := txn.Commit(); err != nil {
				b.Fatal(err)
			}
			ks := s.keyspace(0)
			b.ReportAllocs()
			for b.Loop() {
				if o := ks.hot[ShardOf([]byte("h"))]["h"]; o != nil {
					s.removeHot(ks, ShardOf([]byte("h")), "h", o)
					ks.cold[ShardOf([]byte("h"))] = coldUnknown
				}
				txn := s.Begin(false)
				o, err := txn.Get(0, []byte("h"))
				if err != nil || o == nil {
					b.Fatal(o, err)
				}
				h, err := txn.Hash(0, []byte("h"), o)
				if err != nil {
					b.Fatal(err)
				}
				if _, ok, err := h.Get([]byte("field:7")); err != nil || !ok {
					b.Fatal(ok, err)
				}
				txn.Discard()
			}
		})
	}
}

package tier

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/tierdb/tierdb/persistence"
)

// BenchmarkSet measures one command's work on a set through its handle
// (lock, Txn, lookup, handle, operation, commit), on sets of 1e3 members
// (loaded in memory) and 1e5 (element-cold: every operation reads Pebble),
// with the set just written (hot) and after a reopen (cold: nothing in
// memory; the small set is loaded by the first operation). TIERDB_BENCH_1E7
// adds a set of 1e7 members. DESIGN.md's invariants 3 and 4 say the
// per-op cost must not grow with the set: compare 1e5 with 1e7.
//
//   - op=sadd-srem: SADD of a new member, then SREM of it, alternately
//     (each a real write; the size stays put).
//   - op=sismember: a point read of a member.
//   - op=sscan10: a scan of about 10 members from a random cursor.
func BenchmarkSet(b *testing.B) {
	sizes := []int{1_000, 100_000}
	if os.Getenv("TIERDB_BENCH_1E7") != "" {
		sizes = append(sizes, 10_000_000)
	}
	for _, n := range sizes {
		dir := b.TempDir()
		s := openBenchStore(b, dir)
		fillBenchSet(b, s, n)
		for _, tier := range []string{"hot", "cold"} {
			if tier == "cold" {
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				s = openBenchStore(b, dir)
			}
			for _, op := range []string{"sadd-srem", "sismember", "sscan10"} {
				name := fmt.Sprintf("op=%s/members=1e%d/tier=%s", op, len(strconv.Itoa(n))-1, tier)
				b.Run(name, func(b *testing.B) {
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						benchSetOp(b, s, op, i, n)
						i++
					}
				})
			}
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func openBenchStore(b *testing.B, dir string) *Store {
	b.Helper()
	s, err := Open(Options{Dir: dir, Databases: 1, Sync: persistence.SyncNo})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// fillBenchSet gives the set "s" n members member:0 .., 10000 per Txn.
func fillBenchSet(b *testing.B, s *Store, n int) {
	b.Helper()
	key := []byte("s")
	for start := 0; start < n; start += 10_000 {
		benchTxn(b, s, key, func(txn *Txn, o *Object) error {
			set := txn.NewSet(0, key)
			if o != nil {
				var err error
				if set, err = txn.Set(0, key, o); err != nil {
					return err
				}
			}
			members := make([][]byte, 0, 10_000)
			for i := start; i < min(start+10_000, n); i++ {
				members = append(members, []byte("member:"+strconv.Itoa(i)))
			}
			_, err := set.Add(members...)
			return err
		})
	}
}

// benchTxn runs fn on the object at key in one committed Txn, as the
// engine runs a command.
func benchTxn(b *testing.B, s *Store, key []byte, fn func(txn *Txn, o *Object) error) {
	var l LockSet
	l.Add(key)
	s.Lock(&l)
	defer s.Unlock(&l)
	txn := s.Begin(false)
	o, err := txn.Get(0, key)
	if err == nil {
		err = fn(txn, o)
	}
	if err == nil {
		err = txn.Commit()
	} else {
		txn.Discard()
	}
	if err != nil {
		b.Fatal(err)
	}
}

// benchSetOp runs iteration i of op on the set "s" of n members.
func benchSetOp(b *testing.B, s *Store, op string, i, n int) {
	key := []byte("s")
	benchTxn(b, s, key, func(txn *Txn, o *Object) error {
		set, err := txn.Set(0, key, o)
		if err != nil {
			return err
		}
		switch op {
		case "sadd-srem":
			m := []byte("new:" + strconv.Itoa(i/2))
			if i%2 == 0 {
				_, err = set.Add(m)
			} else {
				_, err = set.Remove(m)
			}
		case "sismember":
			var ok bool
			if ok, err = set.Has([]byte("member:" + strconv.Itoa(i*7919%n))); err == nil && !ok {
				b.Fatal("a member is missing")
			}
		default:
			_, err = set.Scan(fieldHash([]byte(strconv.Itoa(i))), 10, func([]byte) bool { return true })
		}
		return err
	})
}

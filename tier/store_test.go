package tier

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/tierdb/tierdb/persistence"
)

// testDatabases is the number of logical databases of a test store.
const testDatabases = 4

// testClock is a settable clock for a test store, in unix milliseconds.
type testClock struct{ ms atomic.Int64 }

func (c *testClock) now() int64           { return c.ms.Load() }
func (c *testClock) advance(ms int64)     { c.ms.Add(ms) }
func (c *testClock) set(ms int64)         { c.ms.Store(ms) }
func newTestClock(start int64) *testClock { c := &testClock{}; c.set(start); return c }

// openTestStore opens a store in dir (a fresh temporary directory if empty)
// with a settable clock. Its cleanup checks the package invariants and
// closes it; a test that closes the store itself (to reopen dir) must not
// use it afterwards.
func openTestStore(t *testing.T, dir string, clock *testClock) *Store {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	s, err := Open(Options{Dir: dir, Databases: testDatabases, Sync: persistence.SyncNo})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	if clock != nil {
		s.now = clock.now
	}
	t.Cleanup(func() {
		if _, _, err := s.db.GetMeta(0, nil); err != persistence.ErrClosed {
			checkInvariants(t, s)
		}
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

// checkInvariants fails the test unless (1) every hot object holds exactly
// what Pebble holds for its key, (2) each database's count equals the keys
// stored in Pebble, and (3) the accounted memory is the sum of the hot
// objects' footprints. No Txn may be open.
func checkInvariants(t *testing.T, s *Store) {
	t.Helper()
	var all LockSet
	all.AddAll()
	s.Lock(&all)
	defer s.Unlock(&all)
	var used int64
	for db := range s.Databases() {
		ks := s.keyspace(db)
		for shard, m := range ks.hot {
			for key, o := range m {
				used += o.size
				if o.size != o.footprint(key) {
					t.Errorf("db %d key %q: accounted %d bytes, footprint %d", db, key, o.size, o.footprint(key))
				}
				if ShardOf([]byte(key)) != shard {
					t.Errorf("db %d key %q is in shard %d, belongs in %d", db, key, shard, ShardOf([]byte(key)))
				}
				m, ok, err := s.db.GetMeta(ks.phys, []byte(key))
				switch {
				case err != nil:
					t.Errorf("db %d key %q: GetMeta: %v", db, key, err)
				case !ok:
					t.Errorf("db %d key %q is in memory but not in Pebble", db, key)
				case m.Type != o.Kind || m.ExpireAt != o.ExpireAt || !bytes.Equal(m.Value, o.Str):
					t.Errorf("db %d key %q: memory has kind %d ttl %d %q, Pebble has kind %d ttl %d %q",
						db, key, o.Kind, o.ExpireAt, o.Str, m.Type, m.ExpireAt, m.Value)
				case o.diskExpire != m.ExpireAt:
					t.Errorf("db %d key %q: diskExpire %d, Pebble %d", db, key, o.diskExpire, m.ExpireAt)
				}
			}
		}
		stored := storedKeys(t, s, db)
		if n := s.DBSize(db); n != int64(len(stored)) {
			t.Errorf("db %d: DBSize %d, Pebble holds %d keys", db, n, len(stored))
		}
		if n, err := s.db.Count(ks.phys); err != nil || n != int64(len(stored)) {
			t.Errorf("db %d: stored count %d (%v), Pebble holds %d keys", db, n, err, len(stored))
		}
	}
	if got := s.UsedMemory(); got != used {
		t.Errorf("UsedMemory %d, hot objects add up to %d", got, used)
	}
}

// storedKeys lists the keys Pebble holds for database db, expired or not.
func storedKeys(t *testing.T, s *Store, db int) []string {
	t.Helper()
	var keys []string
	err := s.db.ScanMeta(s.keyspace(db).phys, 0, func(e persistence.MetaEntry) bool {
		keys = append(keys, string(e.Key))
		return true
	})
	if err != nil {
		t.Fatalf("ScanMeta: %v", err)
	}
	return keys
}

// expiryEntries lists the expiry index as "phys/key@expireAt" strings.
func expiryEntries(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	err := s.db.ScanExpiry(1<<62, func(exp int64, phys uint32, key []byte) bool {
		out = append(out, fmt.Sprintf("%d/%s@%d", phys, key, exp))
		return true
	})
	if err != nil {
		t.Fatalf("ScanExpiry: %v", err)
	}
	return out
}

// run locks key's shard (or every shard when keys is nil), runs fn in a Txn
// and commits it, as the engine does for one command.
func run(t *testing.T, s *Store, keys []string, fn func(*Txn) error) {
	t.Helper()
	var l LockSet
	if keys == nil {
		l.AddAll()
	}
	for _, k := range keys {
		l.Add([]byte(k))
	}
	s.Lock(&l)
	defer s.Unlock(&l)
	txn := s.Begin(false)
	if err := fn(txn); err != nil {
		txn.Discard()
		t.Fatalf("txn: %v", err)
	}
	if err := txn.Commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
}

// set stores a string in one committed Txn.
func set(t *testing.T, s *Store, db int, key, value string, expireAt int64) {
	t.Helper()
	run(t, s, []string{key}, func(txn *Txn) error {
		o := NewString([]byte(value))
		o.ExpireAt = expireAt
		return txn.Put(db, []byte(key), o)
	})
}

// get reads a string in one committed Txn; "" with false when absent.
func get(t *testing.T, s *Store, db int, key string) (string, bool) {
	t.Helper()
	var (
		v  string
		ok bool
	)
	run(t, s, []string{key}, func(txn *Txn) error {
		o, err := txn.Get(db, []byte(key))
		if o == nil || err != nil {
			return err
		}
		b, err := txn.StringValue(db, o)
		v, ok = string(b), true
		return err
	})
	return v, ok
}

// isHot reports whether key is in memory. The caller holds no lock.
func isHot(s *Store, db int, key string) bool {
	var l LockSet
	l.Add([]byte(key))
	s.Lock(&l)
	defer s.Unlock(&l)
	_, ok := s.keyspace(db).hot[ShardOf([]byte(key))][key]
	return ok
}

// Ensure that a reopened store serves every key from Pebble with its TTL,
// and knows each database's size without loading anything.
func TestStore_Reopen_ServesColdKeys(t *testing.T) {
	dir := t.TempDir()
	clock := newTestClock(1_000_000)
	s := openTestStore(t, dir, clock)
	for i := range 100 {
		set(t, s, i%testDatabases, fmt.Sprintf("k%d", i), fmt.Sprintf("v%d", i), 0)
	}
	set(t, s, 0, "ttl", "x", 2_000_000)
	checkInvariants(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, clock)
	if got := s.UsedMemory(); got != 0 {
		t.Errorf("UsedMemory after reopen = %d, want 0 (nothing loaded)", got)
	}
	for db := range testDatabases {
		want := int64(25)
		if db == 0 {
			want++
		}
		if n := s.DBSize(db); n != want {
			t.Errorf("DBSize(%d) after reopen = %d, want %d", db, n, want)
		}
		if n := s.HotKeys(db); n != 0 {
			t.Errorf("HotKeys(%d) after reopen = %d, want 0", db, n)
		}
	}
	for i := range 100 {
		k := fmt.Sprintf("k%d", i)
		if v, ok := get(t, s, i%testDatabases, k); !ok || v != fmt.Sprintf("v%d", i) {
			t.Errorf("%s = %q, %v; want v%d", k, v, ok, i)
		}
		if _, ok := get(t, s, (i+1)%testDatabases, k); ok {
			t.Errorf("%s visible in the wrong database", k)
		}
	}
	run(t, s, []string{"ttl"}, func(txn *Txn) error {
		o, err := txn.Get(0, []byte("ttl"))
		if o == nil || o.ExpireAt != 2_000_000 {
			t.Errorf("ttl key after reopen = %+v, want ExpireAt 2000000", o)
		}
		return err
	})
}

// Ensure that Open refuses a non-positive number of databases.
func TestOpen_BadDatabases(t *testing.T) {
	if s, err := Open(Options{Dir: t.TempDir(), Databases: 0}); err == nil {
		s.Close()
		t.Fatal("Open with 0 databases succeeded")
	}
}

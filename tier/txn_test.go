package tier

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
)

// Ensure that Put, Get and Delete keep the hot set and the count right, and
// that counts change only when the Txn commits.
func TestTxn_PutGetDelete_Counts(t *testing.T) {
	s := openTestStore(t, "", nil)
	var l LockSet
	l.AddAll()
	s.Lock(&l)
	txn := s.Begin(false)
	if err := txn.Put(1, []byte("a"), NewString([]byte("1"))); err != nil {
		t.Fatal(err)
	}
	if err := txn.Put(1, []byte("b"), NewString([]byte("2"))); err != nil {
		t.Fatal(err)
	}
	if err := txn.Put(1, []byte("a"), NewString([]byte("3"))); err != nil { // overwrite: no new key
		t.Fatal(err)
	}
	if n := s.DBSize(1); n != 0 {
		t.Errorf("DBSize before commit = %d, want 0", n)
	}
	if n := txn.DBSize(1); n != 2 {
		t.Errorf("Txn.DBSize before commit = %d, want 2", n)
	}
	if o, _ := txn.Get(1, []byte("a")); o == nil || string(o.Str) != "3" {
		t.Errorf("Get(a) inside the Txn = %+v, want 3", o)
	}
	if err := txn.Commit(); err != nil {
		t.Fatal(err)
	}
	s.Unlock(&l)
	if n := s.DBSize(1); n != 2 {
		t.Errorf("DBSize after commit = %d, want 2", n)
	}
	if n := s.DBSize(0); n != 0 {
		t.Errorf("DBSize(0) = %d, want 0", n)
	}

	var deleted, missing bool
	run(t, s, []string{"a", "zzz"}, func(txn *Txn) error {
		var err error
		if deleted, err = txn.Delete(1, []byte("a")); err != nil {
			return err
		}
		if o, _ := txn.Get(1, []byte("a")); o != nil {
			t.Errorf("Get after Delete in the same Txn = %+v", o)
		}
		missing, err = txn.Delete(1, []byte("zzz"))
		if got := txn.Touched(); len(got) != 1 || got[0] != (Touched{DB: 1, Key: "a", Deleted: true}) {
			t.Errorf("Touched = %+v, want a deleted", got)
		}
		return err
	})
	if !deleted || missing {
		t.Errorf("Delete = %v (existing), %v (missing); want true, false", deleted, missing)
	}
	if n := s.DBSize(1); n != 1 {
		t.Errorf("DBSize after Delete = %d, want 1", n)
	}
	if isHot(s, 1, "a") {
		t.Errorf("a deleted key stays in memory")
	}
	if v, ok := get(t, s, 1, "b"); !ok || v != "2" {
		t.Errorf("b = %q, %v; want 2", v, ok)
	}
}

// Ensure that a value changed in place and Put back is re-accounted and
// written through.
func TestTxn_Put_InPlaceChange(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	set(t, s, 0, "k", "short", 0)
	before := s.UsedMemory()
	run(t, s, []string{"k"}, func(txn *Txn) error {
		o, err := txn.Get(0, []byte("k"))
		if err != nil || o == nil {
			return fmt.Errorf("get: %v, %v", o, err)
		}
		o.Str = append(o.Str, " and longer"...)
		return txn.Put(0, []byte("k"), o)
	})
	if got, want := s.UsedMemory()-before, int64(len(" and longer")); got != want {
		t.Errorf("memory grew by %d, want %d", got, want)
	}
	if n := s.DBSize(0); n != 1 {
		t.Errorf("DBSize = %d, want 1", n)
	}
	checkInvariants(t, s)
}

// Ensure that Discard leaves neither Pebble nor memory changed: new keys
// vanish, overwritten keys read back their committed value, counts stay.
func TestTxn_Discard(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	set(t, s, 0, "old", "committed", 0)
	set(t, s, 0, "victim", "committed", 0)
	run(t, s, nil, func(txn *Txn) error {
		if err := txn.Put(0, []byte("new"), NewString([]byte("x"))); err != nil {
			return err
		}
		if err := txn.Put(0, []byte("old"), NewString([]byte("changed"))); err != nil {
			return err
		}
		if _, err := txn.Delete(0, []byte("victim")); err != nil {
			return err
		}
		txn.Discard()
		return nil
	})
	if n := s.DBSize(0); n != 2 {
		t.Errorf("DBSize after Discard = %d, want 2", n)
	}
	if isHot(s, 0, "new") {
		t.Errorf("a discarded new key is in memory")
	}
	if v, ok := get(t, s, 0, "new"); ok {
		t.Errorf("discarded key reads %q", v)
	}
	if v, ok := get(t, s, 0, "old"); !ok || v != "committed" {
		t.Errorf("old = %q, %v after Discard; want committed", v, ok)
	}
	if v, ok := get(t, s, 0, "victim"); !ok || v != "committed" {
		t.Errorf("victim = %q, %v after Discard; want committed", v, ok)
	}
}

// Ensure that a failed commit leaves no value in memory that Pebble lacks,
// and no count change: the Pebble store is closed under the Txn.
func TestTxn_Commit_Failure_DropsUnbackedValues(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	set(t, s, 0, "k", "v1", 0)
	set(t, s, 2, "gone", "v", 0)
	used := s.UsedMemory()

	var l LockSet
	l.AddAll()
	s.Lock(&l)
	txn := s.Begin(false)
	if err := txn.Put(0, []byte("k"), NewString([]byte("v2"))); err != nil {
		t.Fatal(err)
	}
	if err := txn.Put(0, []byte("new"), NewString([]byte("n"))); err != nil {
		t.Fatal(err)
	}
	if _, err := txn.Delete(2, []byte("gone")); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := txn.Commit(); err == nil {
		t.Fatal("Commit on a closed store succeeded")
	}
	for _, k := range []struct {
		db  int
		key string
	}{{0, "k"}, {0, "new"}, {2, "gone"}} {
		if o, ok := s.keyspace(k.db).hot[ShardOf([]byte(k.key))][k.key]; ok {
			t.Errorf("db %d %q stays in memory after a failed commit: %q", k.db, k.key, o.Str)
		}
	}
	if n := s.DBSize(0); n != 1 {
		t.Errorf("DBSize(0) after a failed commit = %d, want 1", n)
	}
	if n := s.DBSize(2); n != 1 {
		t.Errorf("DBSize(2) after a failed commit = %d, want 1", n)
	}
	if got := s.UsedMemory(); got > used {
		t.Errorf("UsedMemory grew from %d to %d on a failed commit", used, got)
	}
	s.Unlock(&l)

	s = openTestStore(t, dir, nil)
	if v, ok := get(t, s, 0, "k"); !ok || v != "v1" {
		t.Errorf("after reopen k = %q, %v; want v1", v, ok)
	}
	if _, ok := get(t, s, 0, "new"); ok {
		t.Errorf("after reopen a key of the failed commit exists")
	}
	if v, ok := get(t, s, 2, "gone"); !ok || v != "v" {
		t.Errorf("after reopen gone = %q, %v; want v", v, ok)
	}
}

// Ensure that a MULTI Txn reads keys written earlier in it, including after
// they were deleted and re-created.
func TestTxn_Multi_ReadsOwnWrites(t *testing.T) {
	s := openTestStore(t, "", nil)
	set(t, s, 0, "k", "committed", 0)
	var l LockSet
	l.AddAll()
	s.Lock(&l)
	defer s.Unlock(&l)
	txn := s.Begin(true)
	steps := []struct {
		op, val string
		want    string // "" means absent
	}{
		{"get", "", "committed"},
		{"del", "", ""},
		{"put", "again", "again"},
		{"put", "third", "third"},
		{"del", "", ""},
	}
	for i, st := range steps {
		switch st.op {
		case "put":
			if err := txn.Put(0, []byte("k"), NewString([]byte(st.val))); err != nil {
				t.Fatal(err)
			}
		case "del":
			if _, err := txn.Delete(0, []byte("k")); err != nil {
				t.Fatal(err)
			}
		}
		o, err := txn.Get(0, []byte("k"))
		got := ""
		if o != nil {
			got = string(o.Str)
		}
		if err != nil || got != st.want {
			t.Errorf("step %d (%s): Get = %q, %v; want %q", i, st.op, got, err, st.want)
		}
	}
	if n := txn.DBSize(0); n != 0 {
		t.Errorf("Txn.DBSize = %d, want 0", n)
	}
	if err := txn.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := s.DBSize(0); n != 0 {
		t.Errorf("DBSize after commit = %d, want 0", n)
	}
}

// Ensure that Get deletes a key whose TTL is due, in memory and on disk,
// and that Peek does not change the access time.
func TestTxn_Get_ExpiredKeyIsDeleted(t *testing.T) {
	clock := newTestClock(10_000)
	s := openTestStore(t, "", clock)
	set(t, s, 0, "k", "v", 10_500)
	set(t, s, 0, "stay", "v", 0)
	run(t, s, []string{"k"}, func(txn *Txn) error {
		o, err := txn.Peek(0, []byte("k"))
		if o == nil || o.LastAccess() != 10_000 {
			t.Errorf("Peek = %+v, want the key last accessed at 10000", o)
		}
		return err
	})
	clock.advance(499)
	if _, ok := get(t, s, 0, "k"); !ok {
		t.Fatalf("key gone 1 ms before its TTL")
	}
	clock.advance(1)
	if v, ok := get(t, s, 0, "k"); ok {
		t.Fatalf("expired key returned %q", v)
	}
	if n := s.DBSize(0); n != 1 {
		t.Errorf("DBSize after expiry = %d, want 1", n)
	}
	if got := expiryEntries(t, s); len(got) != 0 {
		t.Errorf("expiry index after the key expired: %v", got)
	}
	if keys := storedKeys(t, s, 0); len(keys) != 1 || keys[0] != "stay" {
		t.Errorf("Pebble holds %v, want [stay]", keys)
	}
}

// Ensure that concurrent single-key Txns that follow the locking rules keep
// every invariant (run with -race).
func TestTxn_Concurrent_KeepsInvariants(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	const workers, ops = 8, 400
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for range ops {
				key := []byte(fmt.Sprintf("k%d", r.IntN(64)))
				db := r.IntN(2)
				var l LockSet
				l.Add(key)
				s.Lock(&l)
				txn := s.Begin(false)
				var err error
				switch r.IntN(4) {
				case 0, 1:
					err = txn.Put(db, key, NewString([]byte(fmt.Sprint(r.IntN(1000)))))
				case 2:
					_, err = txn.Delete(db, key)
				case 3:
					_, err = txn.Get(db, key)
				}
				if err == nil {
					err = txn.Commit()
				} else {
					txn.Discard()
				}
				s.Unlock(&l)
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	checkInvariants(t, s)
	before := [2]int64{s.DBSize(0), s.DBSize(1)}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, nil)
	for db := range 2 {
		if n := s.DBSize(db); n != before[db] {
			t.Errorf("DBSize(%d) after reopen = %d, want %d", db, n, before[db])
		}
	}
}

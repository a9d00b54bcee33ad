package tier

import (
	"fmt"
	"testing"
)

// fill stores n keys "<prefix>0".. in db, then reopens nothing: the caller
// decides whether they are hot or cold.
func fill(t *testing.T, s *Store, db, n int, prefix string) {
	t.Helper()
	for i := range n {
		set(t, s, db, fmt.Sprintf("%s%d", prefix, i), fmt.Sprintf("%s-value-%d", prefix, i), 0)
	}
}

// Ensure that FLUSHDB removes hot and cold keys of one database only, that
// the Txn sees the flush before it commits, and that it survives a reopen.
func TestTxn_FlushDB(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fill(t, s, 0, 50, "cold")
	fill(t, s, 1, 20, "other")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, nil)
	fill(t, s, 0, 10, "hot") // db 0: 50 cold + 10 hot keys
	if _, ok := get(t, s, 0, "cold3"); !ok {
		t.Fatal("cold3 missing before the flush")
	}

	run(t, s, nil, func(txn *Txn) error {
		txn.FlushDB(0)
		for _, k := range []string{"cold7", "hot2", "cold3"} {
			if o, err := txn.Get(0, []byte(k)); o != nil || err != nil {
				t.Errorf("Get(%s) after FlushDB in the same Txn = %+v, %v", k, o, err)
			}
		}
		if n := txn.DBSize(0); n != 0 {
			t.Errorf("Txn.DBSize after FlushDB = %d, want 0", n)
		}
		if err := txn.Put(0, []byte("fresh"), NewString([]byte("f"))); err != nil {
			return err
		}
		if n := txn.DBSize(0); n != 1 {
			t.Errorf("Txn.DBSize after FlushDB and Put = %d, want 1", n)
		}
		return nil
	})
	if n := s.DBSize(0); n != 1 {
		t.Errorf("DBSize(0) = %d, want 1", n)
	}
	if n := s.DBSize(1); n != 20 {
		t.Errorf("DBSize(1) = %d, want 20", n)
	}
	if _, ok := get(t, s, 0, "cold9"); ok {
		t.Errorf("a cold key survived FLUSHDB")
	}
	if v, ok := get(t, s, 1, "other5"); !ok || v != "other-value-5" {
		t.Errorf("db 1 lost other5: %q, %v", v, ok)
	}
	checkInvariants(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, nil)
	if n := s.DBSize(0); n != 1 {
		t.Errorf("DBSize(0) after reopen = %d, want 1", n)
	}
	if v, ok := get(t, s, 0, "fresh"); !ok || v != "f" {
		t.Errorf("fresh after reopen = %q, %v", v, ok)
	}
}

// Ensure that a discarded FLUSHDB (an EXEC that failed) changes nothing:
// every key, hot or cold, reads back and the count stays.
func TestTxn_FlushDB_Discard(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fill(t, s, 0, 30, "cold")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, nil)
	fill(t, s, 0, 5, "hot")
	run(t, s, nil, func(txn *Txn) error {
		txn.FlushDB(0)
		if err := txn.Put(0, []byte("fresh"), NewString([]byte("f"))); err != nil {
			return err
		}
		txn.Discard()
		return nil
	})
	if n := s.DBSize(0); n != 35 {
		t.Errorf("DBSize after a discarded FLUSHDB = %d, want 35", n)
	}
	for _, k := range []string{"cold0", "cold29", "hot0", "hot4"} {
		if _, ok := get(t, s, 0, k); !ok {
			t.Errorf("%s lost by a discarded FLUSHDB", k)
		}
	}
	if _, ok := get(t, s, 0, "fresh"); ok {
		t.Errorf("a key written after a discarded FLUSHDB exists")
	}
}

// Ensure that SWAPDB exchanges contents and counts of two databases, hot and
// cold, and that the exchange survives a reopen.
func TestTxn_SwapDB(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fill(t, s, 0, 3, "zero")
	fill(t, s, 3, 7, "three")
	run(t, s, nil, func(txn *Txn) error {
		txn.SwapDB(0, 3)
		if o, _ := txn.Get(0, []byte("three1")); o == nil {
			t.Errorf("db 0 does not see db 3's key inside the swapping Txn")
		}
		return nil
	})
	check := func(when string) {
		t.Helper()
		if n0, n3 := s.DBSize(0), s.DBSize(3); n0 != 7 || n3 != 3 {
			t.Errorf("%s: DBSize 0 and 3 = %d, %d; want 7, 3", when, n0, n3)
		}
		if v, ok := get(t, s, 0, "three6"); !ok || v != "three-value-6" {
			t.Errorf("%s: db 0 three6 = %q, %v", when, v, ok)
		}
		if v, ok := get(t, s, 3, "zero2"); !ok || v != "zero-value-2" {
			t.Errorf("%s: db 3 zero2 = %q, %v", when, v, ok)
		}
		if _, ok := get(t, s, 0, "zero2"); ok {
			t.Errorf("%s: db 0 still has zero2", when)
		}
	}
	check("after swap")
	checkInvariants(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, nil)
	check("after reopen")
	// Swapping back restores the identity mapping.
	run(t, s, nil, func(txn *Txn) error { txn.SwapDB(3, 0); return nil })
	if v, ok := get(t, s, 0, "zero0"); !ok || v != "zero-value-0" {
		t.Errorf("after swapping back: zero0 = %q, %v", v, ok)
	}
}

// Ensure that a discarded SWAPDB leaves the mapping as it was, and that keys
// written after the swap in the same Txn are gone from memory and disk.
func TestTxn_SwapDB_Discard(t *testing.T) {
	s := openTestStore(t, "", nil)
	fill(t, s, 0, 2, "zero")
	fill(t, s, 1, 4, "one")
	run(t, s, nil, func(txn *Txn) error {
		txn.SwapDB(0, 1)
		if err := txn.Put(0, []byte("after-swap"), NewString([]byte("x"))); err != nil {
			return err
		}
		txn.Discard()
		return nil
	})
	if n0, n1 := s.DBSize(0), s.DBSize(1); n0 != 2 || n1 != 4 {
		t.Errorf("DBSize 0 and 1 after a discarded swap = %d, %d; want 2, 4", n0, n1)
	}
	if _, ok := get(t, s, 0, "zero1"); !ok {
		t.Errorf("db 0 lost its key after a discarded swap")
	}
	for db := range 2 {
		if _, ok := get(t, s, db, "after-swap"); ok {
			t.Errorf("db %d has a key written in a discarded Txn", db)
		}
	}
}

// Ensure that a SWAPDB whose commit fails leaves the mapping as it was and
// leaves no key written after the swap in memory (checked by the invariants
// at cleanup against a reopened Pebble).
func TestTxn_SwapDB_FailedCommit(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fill(t, s, 0, 2, "zero")
	fill(t, s, 1, 4, "one")
	var l LockSet
	l.AddAll()
	s.Lock(&l)
	txn := s.Begin(true)
	txn.SwapDB(0, 1)
	if err := txn.Put(0, []byte("after-swap"), NewString([]byte("x"))); err != nil {
		t.Fatal(err)
	}
	if err := txn.Put(1, []byte("zero0"), NewString([]byte("changed"))); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := txn.Commit(); err == nil {
		t.Fatal("Commit on a closed store succeeded")
	}
	s.Unlock(&l)
	if n0, n1 := s.DBSize(0), s.DBSize(1); n0 != 2 || n1 != 4 {
		t.Errorf("DBSize 0 and 1 after a failed swap = %d, %d; want 2, 4", n0, n1)
	}
	for db := range testDatabases {
		for _, k := range []string{"after-swap", "zero0"} {
			if o, ok := s.keyspace(db).hot[ShardOf([]byte(k))][k]; ok && string(o.Str) != "zero-value-0" {
				t.Errorf("db %d: %q = %q stays in memory after a failed commit", db, k, o.Str)
			}
		}
	}
}

// Ensure that a key deleted before a SWAPDB in the same Txn does not hide
// the key of that name in the database swapped in: a later read finds it and
// a later write does not count it twice.
func TestTxn_SwapDB_AfterDelete(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	set(t, s, 0, "k", "in-zero", 0)
	set(t, s, 1, "k", "in-one", 0)
	if err := s.Close(); err != nil { // make both cold
		t.Fatal(err)
	}
	s = openTestStore(t, dir, nil)
	run(t, s, nil, func(txn *Txn) error {
		if _, err := txn.Delete(0, []byte("k")); err != nil {
			return err
		}
		txn.SwapDB(0, 1)
		o, err := txn.Get(0, []byte("k"))
		if err != nil {
			return err
		}
		if o == nil || string(o.Str) != "in-one" {
			t.Errorf("after DEL and SWAPDB, db 0 k = %+v, want in-one", o)
		}
		return txn.Put(0, []byte("k"), NewString([]byte("rewritten")))
	})
	if n0, n1 := s.DBSize(0), s.DBSize(1); n0 != 1 || n1 != 0 {
		t.Errorf("DBSize 0 and 1 = %d, %d; want 1, 0", n0, n1)
	}
}

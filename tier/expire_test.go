package tier

import (
	"fmt"
	"slices"
	"sort"
	"testing"
)

// Ensure that ExpireDue removes due keys whether hot or cold, in batches of
// at most max, reports them, and leaves keys not yet due.
func TestStore_ExpireDue_HotAndCold(t *testing.T) {
	dir := t.TempDir()
	clock := newTestClock(100_000)
	s := openTestStore(t, dir, clock)
	for i := range 5 {
		set(t, s, 0, fmt.Sprintf("cold%d", i), "v", 101_000+int64(i))
		set(t, s, 2, fmt.Sprintf("cold-db2-%d", i), "v", 101_000)
	}
	set(t, s, 0, "later", "v", 200_000)
	set(t, s, 0, "forever", "v", 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, clock)
	for i := range 3 {
		set(t, s, 1, fmt.Sprintf("hot%d", i), "v", 100_500)
	}
	if deleted, more, err := s.ExpireDue(100); err != nil || len(deleted) != 0 || more {
		t.Fatalf("ExpireDue before any TTL = %v, %v, %v; want nothing", deleted, more, err)
	}

	clock.set(150_000)
	var all []string
	for range 20 {
		deleted, more, err := s.ExpireDue(4)
		if err != nil {
			t.Fatal(err)
		}
		if len(deleted) > 4 {
			t.Errorf("ExpireDue(4) deleted %d keys", len(deleted))
		}
		for _, d := range deleted {
			if !d.Deleted {
				t.Errorf("reported %+v without Deleted", d)
			}
			all = append(all, fmt.Sprintf("%d/%s", d.DB, d.Key))
		}
		if !more {
			break
		}
	}
	sort.Strings(all)
	var want []string
	for i := range 5 {
		want = append(want, fmt.Sprintf("0/cold%d", i), fmt.Sprintf("2/cold-db2-%d", i))
	}
	for i := range 3 {
		want = append(want, fmt.Sprintf("1/hot%d", i))
	}
	sort.Strings(want)
	if !slices.Equal(all, want) {
		t.Errorf("expired %v\nwant     %v", all, want)
	}
	if n0, n1, n2 := s.DBSize(0), s.DBSize(1), s.DBSize(2); n0 != 2 || n1 != 0 || n2 != 0 {
		t.Errorf("DBSize 0, 1, 2 = %d, %d, %d; want 2, 0, 0", n0, n1, n2)
	}
	if got := expiryEntries(t, s); !slices.Equal(got, []string{"0/later@200000"}) {
		t.Errorf("expiry index = %v, want only later's entry", got)
	}
	for _, k := range []string{"hot0", "cold0"} {
		if isHot(s, 1, k) || isHot(s, 0, k) {
			t.Errorf("expired %s is still in memory", k)
		}
	}
	if _, ok := get(t, s, 0, "later"); !ok {
		t.Errorf("a key not yet due was removed")
	}
}

// Ensure that ExpireDue cleans stale index entries (a key whose TTL moved or
// was removed, a key flushed away, a keyspace no database uses) without
// deleting the live keys they name.
func TestStore_ExpireDue_CleansStaleEntries(t *testing.T) {
	clock := newTestClock(1_000)
	s := openTestStore(t, "", clock)
	// flushed: its entry outlives FLUSHDB, then the key comes back without TTL.
	set(t, s, 0, "flushed", "v", 2_000)
	run(t, s, nil, func(txn *Txn) error { txn.FlushDB(0); return nil })
	set(t, s, 0, "flushed", "back", 0)
	// moved: the TTL was pushed back; the entry moves with it.
	set(t, s, 1, "moved", "v", 2_000)
	set(t, s, 1, "moved", "v", 9_000)
	// orphan: an entry in a keyspace no logical database maps to.
	b := s.db.NewBatch(false)
	b.SetExpiry(77, []byte("orphan"), 0, 1_500)
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	want := []string{"77/orphan@1500", "0/flushed@2000", "1/moved@9000"}
	if got := expiryEntries(t, s); !slices.Equal(got, want) {
		t.Fatalf("expiry index = %v, want %v", got, want)
	}

	clock.set(5_000)
	deleted, more, err := s.ExpireDue(100)
	if err != nil || len(deleted) != 0 || more {
		t.Errorf("ExpireDue = %v, %v, %v; want no key deleted", deleted, more, err)
	}
	if got := expiryEntries(t, s); !slices.Equal(got, []string{"1/moved@9000"}) {
		t.Errorf("expiry index = %v, want only moved's live entry", got)
	}
	if v, ok := get(t, s, 0, "flushed"); !ok || v != "back" {
		t.Errorf("flushed = %q, %v; want back", v, ok)
	}
	if _, ok := get(t, s, 1, "moved"); !ok {
		t.Errorf("moved was deleted by its old TTL")
	}
	clock.set(9_000)
	if deleted, _, err := s.ExpireDue(100); err != nil || len(deleted) != 1 || deleted[0].Key != "moved" {
		t.Errorf("ExpireDue at 9000 = %v, %v; want moved", deleted, err)
	}
}

// Ensure that ExpireDue on a store that cannot write reports an error and no
// key as deleted.
func TestStore_ExpireDue_ClosedStore(t *testing.T) {
	clock := newTestClock(1_000)
	s := openTestStore(t, "", clock)
	set(t, s, 0, "k", "v", 1_500)
	clock.set(2_000)
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
	deleted, _, err := s.ExpireDue(10)
	if err == nil {
		t.Fatal("ExpireDue on a closed store succeeded")
	}
	if len(deleted) != 0 {
		t.Errorf("ExpireDue reported %v deleted although nothing was committed", deleted)
	}
}

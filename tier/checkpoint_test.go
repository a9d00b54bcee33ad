package tier

import (
	"context"
	"path/filepath"
	"testing"
)

// Ensure that a store opened on a checkpoint serves the keys of every
// database as they were at the checkpoint, with their key counts.
func TestStore_Checkpoint_Restores(t *testing.T) {
	clock := newTestClock(1_000_000)
	s := openTestStore(t, "", clock)
	set(t, s, 0, "a", "1", 0)
	set(t, s, 2, "b", "2", 5_000_000)
	snap := filepath.Join(t.TempDir(), "snap")
	if err := s.Checkpoint(snap); err != nil {
		t.Fatalf("Checkpoint: %v", err)
	}
	set(t, s, 0, "a", "changed", 0)

	r := openTestStore(t, snap, clock)
	if v, ok := get(t, r, 0, "a"); !ok || v != "1" {
		t.Errorf("a in the restored store: %q, %v; want 1", v, ok)
	}
	if v, ok := get(t, r, 2, "b"); !ok || v != "2" {
		t.Errorf("b in the restored store: %q, %v; want 2", v, ok)
	}
	if n := r.DBSize(2); n != 1 {
		t.Errorf("DBSize(2) of the restored store: %d", n)
	}
	exp, err := r.ExpiryStats()
	if err != nil || exp[2] != (ExpiryStat{Keys: 1, TTLMillis: 4_000_000}) || exp[0] != (ExpiryStat{}) {
		t.Errorf("ExpiryStats of the restored store: %v, %v", exp, err)
	}
}

// Ensure that Compact leaves every key readable.
func TestStore_Compact_KeepsKeys(t *testing.T) {
	s := openTestStore(t, "", nil)
	fill(t, s, 1, 50, "k")
	if err := s.Compact(context.Background()); err != nil {
		t.Fatalf("Compact: %v", err)
	}
	if v, ok := get(t, s, 1, "k49"); !ok || v != "k-value-49" {
		t.Errorf("k49 after Compact: %q, %v", v, ok)
	}
	if st := s.StorageStats(); st.Compactions == 0 {
		t.Errorf("StorageStats after Compact: %+v", st)
	}
}

// Ensure that expiry index entries a FLUSHDB left behind are not counted
// beyond the database's keys.
func TestStore_ExpiryStats_CappedAfterFlush(t *testing.T) {
	clock := newTestClock(1_000_000)
	s := openTestStore(t, "", clock)
	for _, k := range []string{"a", "b", "c"} {
		set(t, s, 1, k, "v", 2_000_000)
	}
	run(t, s, nil, func(txn *Txn) error { txn.FlushDB(1); return nil })
	set(t, s, 1, "fresh", "v", 0)
	exp, err := s.ExpiryStats()
	if err != nil {
		t.Fatal(err)
	}
	if exp[1].Keys > s.DBSize(1) {
		t.Errorf("ExpiryStats(1) = %+v with %d keys in the database", exp[1], s.DBSize(1))
	}
}

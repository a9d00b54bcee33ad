package persistence

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Ensure that a checkpoint holds what was committed before it, not what came
// after, and opens as a store of its own with the same key counts.
func TestDB_Checkpoint_OpensWithCommittedData(t *testing.T) {
	d := openTestDB(t)
	putString(t, d, 0, "a", "1", 0)
	putString(t, d, 3, "b", "2", 4102444800000)
	dir := filepath.Join(t.TempDir(), "snap")
	if err := d.Checkpoint(dir); err != nil {
		t.Fatalf("Checkpoint: %v", err)
	}
	putString(t, d, 0, "after", "x", 0)

	c := openTestDBAt(t, dir)
	for _, test := range []struct {
		phys  uint32
		key   string
		value string
		found bool
	}{
		{0, "a", "1", true},
		{3, "b", "2", true},
		{0, "after", "", false},
	} {
		m, ok, err := c.GetMeta(test.phys, []byte(test.key))
		if err != nil || ok != test.found || string(m.Value) != test.value {
			t.Errorf("%q in the checkpoint: got %q, %v, %v; want %q, %v", test.key, m.Value, ok, err, test.value, test.found)
		}
	}
	for phys, want := range map[uint32]int64{0: 1, 3: 1} {
		if n, err := c.Count(phys); err != nil || n != want {
			t.Errorf("count of keyspace %d in the checkpoint: %d, %v; want %d", phys, n, err, want)
		}
	}
	exp, err := c.ExpiryStats(0)
	if err != nil || exp[3].Keys != 1 {
		t.Errorf("expiry index in the checkpoint: %v, %v", exp, err)
	}
}

// Ensure that a checkpoint refuses an existing directory and a closed store.
func TestDB_Checkpoint_Errors(t *testing.T) {
	d := openTestDB(t)
	existing := t.TempDir()
	if err := d.Checkpoint(existing); err == nil {
		t.Error("Checkpoint into an existing directory succeeded")
	}
	if entries, _ := os.ReadDir(existing); len(entries) != 0 {
		t.Errorf("a refused checkpoint wrote %d files", len(entries))
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Checkpoint(filepath.Join(t.TempDir(), "snap")); !errors.Is(err, ErrClosed) {
		t.Errorf("Checkpoint of a closed store: %v, want ErrClosed", err)
	}
	if err := d.Compact(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Compact of a closed store: %v, want ErrClosed", err)
	}
}

// Ensure that Compact keeps every live key and drops what was deleted.
func TestDB_Compact_KeepsLiveData(t *testing.T) {
	d := openTestDB(t)
	putString(t, d, 0, "keep", "v", 0)
	putString(t, d, 0, "gone", "v", 0)
	b := d.NewBatch(false)
	b.DeleteMeta(0, []byte("gone"))
	b.AddCount(0, -1)
	commit(t, b)
	if err := d.Compact(context.Background()); err != nil {
		t.Fatalf("Compact: %v", err)
	}
	if _, ok, err := d.GetMeta(0, []byte("keep")); !ok || err != nil {
		t.Errorf("live key after Compact: %v, %v", ok, err)
	}
	if _, ok, _ := d.GetMeta(0, []byte("gone")); ok {
		t.Error("deleted key is back after Compact")
	}
	if st := d.StorageStats(); st.Compactions == 0 || st.DiskBytes == 0 || st.L0Files != 0 {
		t.Errorf("StorageStats after a full compaction: %+v", st)
	}
}

// Ensure that ExpiryStats counts the keys with a TTL per keyspace and sums
// their remaining TTLs, due ones counting 0.
func TestDB_ExpiryStats(t *testing.T) {
	d := openTestDB(t)
	putString(t, d, 0, "none", "v", 0)
	putString(t, d, 0, "soon", "v", 1500)
	putString(t, d, 0, "later", "v", 3000)
	putString(t, d, 2, "due", "v", 500)
	got, err := d.ExpiryStats(1000)
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint32]ExpiryStat{0: {Keys: 2, TTLMillis: 500 + 2000}, 2: {Keys: 1, TTLMillis: 0}}
	if len(got) != len(want) || got[0] != want[0] || got[2] != want[2] {
		t.Errorf("ExpiryStats: got %v, want %v", got, want)
	}
}

package persistence

import (
	"testing"
)

// openTestDB opens a store in a fresh temporary directory; it is closed at
// cleanup.
func openTestDB(t *testing.T) *DB {
	t.Helper()
	return openTestDBAt(t, t.TempDir())
}

// openTestDBAt opens the store in dir; it is closed at cleanup (closing twice
// is harmless, so a test may close it earlier to reopen the directory).
func openTestDBAt(t *testing.T, dir string) *DB {
	t.Helper()
	d, err := Open(Options{Dir: dir, Sync: SyncNo, CacheSize: 1 << 20, MemTableSize: 1 << 20})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return d
}

// commit commits b and fails the test on error.
func commit(t *testing.T, b *Batch) {
	t.Helper()
	if err := b.Commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
}

// putString stores a string key in one committed batch, adjusting the count
// as a new key.
func putString(t *testing.T, d *DB, phys uint32, key, value string, expireAt int64) {
	t.Helper()
	b := d.NewBatch(false)
	b.PutMeta(phys, []byte(key), &Meta{Type: TypeString, ExpireAt: expireAt, Value: []byte(value)})
	b.SetExpiry(phys, []byte(key), 0, expireAt)
	b.AddCount(phys, 1)
	commit(t, b)
}

// Ensure that ParseSyncPolicy accepts exactly Redis's appendfsync values.
func TestParseSyncPolicy(t *testing.T) {
	for _, test := range []struct {
		in   string
		want SyncPolicy
		ok   bool
	}{
		{"always", SyncAlways, true},
		{"everysec", SyncEverySec, true},
		{"no", SyncNo, true},
		{"ALWAYS", 0, false},
		{"", 0, false},
		{"yes", 0, false},
	} {
		got, err := ParseSyncPolicy(test.in)
		if (err == nil) != test.ok || (test.ok && got != test.want) {
			t.Errorf("ParseSyncPolicy(%q) = %v, %v; want %v, ok=%v", test.in, got, err, test.want, test.ok)
		}
	}
}

// Ensure that committed data survives a close and reopen, and that the sync
// policy can be changed on an open store.
func TestDB_Reopen_KeepsCommittedData(t *testing.T) {
	dir := t.TempDir()
	d := openTestDBAt(t, dir)
	d.SetSyncPolicy(SyncAlways)
	if got := d.SyncPolicy(); got != SyncAlways {
		t.Fatalf("SyncPolicy() = %v, want %v", got, SyncAlways)
	}
	putString(t, d, 0, "k", "v", 0)
	if err := d.SyncWAL(); err != nil {
		t.Fatalf("SyncWAL: %v", err)
	}
	if err := d.Flush(); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	d = openTestDBAt(t, dir)
	m, ok, err := d.GetMeta(0, []byte("k"))
	if err != nil || !ok || string(m.Value) != "v" {
		t.Fatalf("after reopen: GetMeta = %+v, %v, %v; want value %q", m, ok, err, "v")
	}
	if n, err := d.Count(0); err != nil || n != 1 {
		t.Fatalf("after reopen: Count = %d, %v; want 1", n, err)
	}
	if d.Dir() != dir {
		t.Fatalf("Dir() = %q, want %q", d.Dir(), dir)
	}
}

// Ensure that a closed store refuses work with ErrClosed instead of
// panicking, and that Close is idempotent.
func TestDB_Closed_ReturnsErrClosed(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	b.PutMeta(0, []byte("k"), &Meta{Type: TypeString, Value: []byte("v")})
	if err := d.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	if err := b.Commit(); err != ErrClosed {
		t.Errorf("Commit after Close = %v, want ErrClosed", err)
	}
	if _, _, err := d.GetMeta(0, []byte("k")); err != ErrClosed {
		t.Errorf("GetMeta after Close = %v, want ErrClosed", err)
	}
	if err := d.ScanMeta(0, 0, func(MetaEntry) bool { return true }); err != ErrClosed {
		t.Errorf("ScanMeta after Close = %v, want ErrClosed", err)
	}
	if err := d.ScanExpiry(1, func(int64, uint32, []byte) bool { return true }); err != ErrClosed {
		t.Errorf("ScanExpiry after Close = %v, want ErrClosed", err)
	}
	if err := d.SyncWAL(); err != ErrClosed {
		t.Errorf("SyncWAL after Close = %v, want ErrClosed", err)
	}
	if err := d.DeleteExpiry(1, 0, []byte("k")); err != ErrClosed {
		t.Errorf("DeleteExpiry after Close = %v, want ErrClosed", err)
	}
	if _, err := d.Count(0); err != ErrClosed {
		t.Errorf("Count after Close = %v, want ErrClosed", err)
	}
	if _, err := d.DBMap(2); err != ErrClosed {
		t.Errorf("DBMap after Close = %v, want ErrClosed", err)
	}
	if _, err := d.NewVersion(); err != ErrClosed {
		t.Errorf("NewVersion after Close = %v, want ErrClosed", err)
	}
}

package persistence

import (
	"bytes"
	"fmt"
	"sort"
	"testing"
)

// Ensure that ScanMeta returns every key of one keyspace exactly once, in
// hash order, with its type and expiry, and nothing of other keyspaces.
func TestDB_ScanMeta_HashOrder(t *testing.T) {
	d := openTestDB(t)
	want := map[string]int64{}
	for i := range 300 {
		k := fmt.Sprintf("key:%d", i)
		putString(t, d, 4, k, "v", int64(i))
		want[k] = int64(i)
	}
	putString(t, d, 3, "other-below", "v", 0)
	putString(t, d, 5, "other-above", "v", 0)
	b := d.NewBatch(false)
	b.PutMeta(4, []byte("a-hash"), &Meta{Type: TypeHash, Version: 1, Count: 1})
	commit(t, b)
	want["a-hash"] = 0

	var hashes []uint64
	seen := map[string]bool{}
	err := d.ScanMeta(4, 0, func(e MetaEntry) bool {
		k := string(e.Key)
		if seen[k] {
			t.Errorf("key %q returned twice", k)
		}
		seen[k] = true
		if e.Hash != KeyHash(e.Key) {
			t.Errorf("%q: Hash = %x, want %x", k, e.Hash, KeyHash(e.Key))
		}
		exp, ok := want[k]
		if !ok {
			t.Errorf("unexpected key %q", k)
		} else if e.ExpireAt != exp {
			t.Errorf("%q: ExpireAt = %d, want %d", k, e.ExpireAt, exp)
		}
		wantType := TypeString
		if k == "a-hash" {
			wantType = TypeHash
		}
		if e.Type != wantType {
			t.Errorf("%q: Type = %d, want %d", k, e.Type, wantType)
		}
		hashes = append(hashes, e.Hash)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(want) {
		t.Errorf("scanned %d keys, want %d", len(seen), len(want))
	}
	if !sort.SliceIsSorted(hashes, func(i, j int) bool { return hashes[i] < hashes[j] }) {
		t.Errorf("keys not in hash order")
	}
}

// Ensure that ScanMeta starts at the first hash ≥ from (inclusive) and stops
// when the callback returns false.
func TestDB_ScanMeta_FromAndStop(t *testing.T) {
	d := openTestDB(t)
	var all []uint64
	for i := range 50 {
		k := fmt.Sprintf("k%d", i)
		putString(t, d, 0, k, "v", 0)
		all = append(all, KeyHash([]byte(k)))
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	scan := func(from uint64, limit int) []uint64 {
		var got []uint64
		err := d.ScanMeta(0, from, func(e MetaEntry) bool {
			got = append(got, e.Hash)
			return len(got) < limit
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// From an exact hash: that key is included.
	if got := scan(all[10], 1000); len(got) != 40 || got[0] != all[10] {
		t.Errorf("from all[10]: got %d keys starting %x, want 40 starting %x", len(got), got[0], all[10])
	}
	// From one past a hash: that key is excluded.
	if got := scan(all[10]+1, 1000); len(got) != 39 || got[0] != all[11] {
		t.Errorf("from all[10]+1: got %d keys, want 39 starting at all[11]", len(got))
	}
	// Past the last hash: nothing.
	if got := scan(all[49]+1, 1000); len(got) != 0 {
		t.Errorf("from past the end: got %d keys, want 0", len(got))
	}
	// Stop after 5.
	if got := scan(0, 5); len(got) != 5 || got[4] != all[4] {
		t.Errorf("limit 5: got %x, want the first 5 hashes", got)
	}
}

// Ensure that ScanExpiry visits entries with expire-at ≤ until, oldest
// first, across keyspaces, and DeleteExpiry removes exactly one entry.
func TestDB_ScanExpiry(t *testing.T) {
	d := openTestDB(t)
	putString(t, d, 2, "late", "v", 300)
	putString(t, d, 0, "early", "v", 100)
	putString(t, d, 1, "mid", "v", 200)
	putString(t, d, 0, "edge", "v", 250)
	putString(t, d, 0, "forever", "v", 0)
	type entry struct {
		exp  int64
		phys uint32
		key  string
	}
	scan := func(until int64) []entry {
		var got []entry
		err := d.ScanExpiry(until, func(exp int64, phys uint32, key []byte) bool {
			got = append(got, entry{exp, phys, string(key)})
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := scan(250)
	want := []entry{{100, 0, "early"}, {200, 1, "mid"}, {250, 0, "edge"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ScanExpiry(250) = %v, want %v", got, want)
	}
	if got := scan(99); len(got) != 0 {
		t.Errorf("ScanExpiry(99) = %v, want nothing", got)
	}
	if err := d.DeleteExpiry(200, 1, []byte("mid")); err != nil {
		t.Fatal(err)
	}
	got = scan(1000)
	want = []entry{{100, 0, "early"}, {250, 0, "edge"}, {300, 2, "late"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after DeleteExpiry: ScanExpiry(1000) = %v, want %v", got, want)
	}
	// Stopping early.
	n := 0
	if err := d.ScanExpiry(1000, func(int64, uint32, []byte) bool { n++; return false }); err != nil || n != 1 {
		t.Errorf("stopping ScanExpiry visited %d entries, %v; want 1", n, err)
	}
}

// Ensure that SetExpiry moves an entry, and that equal old and new times
// write nothing.
func TestBatch_SetExpiry_Moves(t *testing.T) {
	d := openTestDB(t)
	putString(t, d, 0, "k", "v", 100)
	b := d.NewBatch(false)
	b.SetExpiry(0, []byte("k"), 100, 100)
	if !b.Empty() {
		t.Errorf("SetExpiry with equal times wrote to the batch")
	}
	b.SetExpiry(0, []byte("k"), 100, 500)
	commit(t, b)
	var got []int64
	_ = d.ScanExpiry(1000, func(exp int64, _ uint32, _ []byte) bool { got = append(got, exp); return true })
	if fmt.Sprint(got) != "[500]" {
		t.Errorf("expiry entries = %v, want [500]", got)
	}
	b = d.NewBatch(false)
	b.SetExpiry(0, []byte("k"), 500, 0)
	commit(t, b)
	got = nil
	_ = d.ScanExpiry(1000, func(exp int64, _ uint32, _ []byte) bool { got = append(got, exp); return true })
	if len(got) != 0 {
		t.Errorf("expiry entries after removing = %v, want none", got)
	}
}

// Ensure that GetMeta returns a copy that later writes cannot change.
func TestDB_GetMeta_OwnsMemory(t *testing.T) {
	d := openTestDB(t)
	putString(t, d, 0, "k", "first", 0)
	m, ok, err := d.GetMeta(0, []byte("k"))
	if err != nil || !ok {
		t.Fatalf("GetMeta = %v, %v", ok, err)
	}
	putString(t, d, 0, "k", "other", 0)
	if err := d.Flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Value, []byte("first")) {
		t.Errorf("value changed under the caller: %q", m.Value)
	}
	if _, ok, err := d.GetMeta(0, []byte("missing")); ok || err != nil {
		t.Errorf("GetMeta(missing) = %v, %v; want false, nil", ok, err)
	}
	if _, ok, _ := d.GetMeta(1, []byte("k")); ok {
		t.Errorf("key visible in another keyspace")
	}
}

// Ensure that a corrupt meta record is an error, not a missing key.
func TestDB_GetMeta_Corrupt(t *testing.T) {
	d := openTestDB(t)
	if err := d.pdb.Set(metaKey(nil, 0, KeyHash([]byte("k")), []byte("k")), []byte{9}, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.GetMeta(0, []byte("k")); err != ErrCorrupt {
		t.Errorf("GetMeta of a corrupt record = %v, want ErrCorrupt", err)
	}
	if err := d.ScanMeta(0, 0, func(MetaEntry) bool { return true }); err != ErrCorrupt {
		t.Errorf("ScanMeta over a corrupt record = %v, want ErrCorrupt", err)
	}
}

// Ensure that DBMap defaults to the identity and follows SetDBMap, across a
// reopen.
func TestDB_DBMap(t *testing.T) {
	dir := t.TempDir()
	d := openTestDBAt(t, dir)
	m, err := d.DBMap(4)
	if err != nil || fmt.Sprint(m) != "[0 1 2 3]" {
		t.Fatalf("DBMap = %v, %v; want [0 1 2 3]", m, err)
	}
	b := d.NewBatch(false)
	b.SetDBMap(0, 3)
	b.SetDBMap(3, 0)
	commit(t, b)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d = openTestDBAt(t, dir)
	if m, err := d.DBMap(4); err != nil || fmt.Sprint(m) != "[3 1 2 0]" {
		t.Errorf("after reopen DBMap = %v, %v; want [3 1 2 0]", m, err)
	}
}

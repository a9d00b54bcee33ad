package persistence

import (
	"fmt"
	"testing"
)

// Ensure that DropKeyspace removes every meta and element key of one
// keyspace and zeroes its count, leaving other keyspaces alone.
func TestBatch_DropKeyspace(t *testing.T) {
	d := openTestDB(t)
	for i := range 100 {
		putString(t, d, 1, fmt.Sprintf("k%d", i), "v", 0)
		putString(t, d, 2, fmt.Sprintf("k%d", i), "v", 0)
	}
	b := d.NewBatch(false)
	b.PutMeta(1, []byte("h"), &Meta{Type: TypeHash, Version: 77, Count: 1})
	b.PutElement(1, 77, []byte("field"), []byte("value"))
	b.AddCount(1, 1)
	b.PutElement(2, 77, []byte("field"), []byte("other"))
	commit(t, b)
	if err := d.Flush(); err != nil { // half on disk, half in the memtable
		t.Fatal(err)
	}
	putString(t, d, 1, "late", "v", 0)

	b = d.NewBatch(false)
	b.AddCount(1, 5) // superseded by the drop that follows
	b.DropKeyspace(1)
	b.AddCount(1, 1) // a key re-created in the same batch counts
	b.PutMeta(1, []byte("new"), &Meta{Type: TypeString, Value: []byte("x")})
	commit(t, b)

	if n, err := d.Count(1); err != nil || n != 1 {
		t.Errorf("Count(1) = %d, %v; want 1", n, err)
	}
	if n := countMeta(t, d, 1); n != 1 {
		t.Errorf("%d meta keys left in keyspace 1, want 1", n)
	}
	if _, ok, _ := d.GetMeta(1, []byte("k5")); ok {
		t.Errorf("k5 survived DropKeyspace")
	}
	if v, ok, _ := d.get(elementKey(nil, 1, 77, []byte("field"))); ok {
		t.Errorf("element survived DropKeyspace: %q", v)
	}
	if n, err := d.Count(2); err != nil || n != 100 {
		t.Errorf("Count(2) = %d, %v; want 100", n, err)
	}
	if n := countMeta(t, d, 2); n != 100 {
		t.Errorf("keyspace 2 has %d keys, want 100", n)
	}
	if v, ok, _ := d.get(elementKey(nil, 2, 77, []byte("field"))); !ok || string(v) != "other" {
		t.Errorf("element of keyspace 2 = %q, %v; want %q", v, ok, "other")
	}
}

// Ensure that DeleteElements removes one version's elements and no other's.
func TestBatch_DeleteElements(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	for _, v := range []uint64{9, 10, 11} {
		for _, el := range []string{"", "a", "\xff\xff"} {
			b.PutElement(0, v, []byte(el), []byte(fmt.Sprint(v)))
		}
	}
	commit(t, b)
	b = d.NewBatch(false)
	b.DeleteElements(0, 10)
	b.DeleteElement(0, 11, []byte("a"))
	commit(t, b)
	for _, v := range []uint64{9, 10, 11} {
		for _, el := range []string{"", "a", "\xff\xff"} {
			_, ok, err := d.get(elementKey(nil, 0, v, []byte(el)))
			want := v != 10 && !(v == 11 && el == "a")
			if err != nil || ok != want {
				t.Errorf("version %d element %q: present=%v, %v; want %v", v, el, ok, err, want)
			}
		}
	}
}

// Ensure that an indexed batch reads its own uncommitted writes, deletions
// and drops, while a plain batch and the store see only committed state.
func TestBatch_Indexed_ReadsOwnWrites(t *testing.T) {
	d := openTestDB(t)
	putString(t, d, 0, "old", "committed", 0)
	putString(t, d, 1, "gone", "committed", 0)

	b := d.NewBatch(true)
	defer b.Close()
	b.PutMeta(0, []byte("new"), &Meta{Type: TypeString, Value: []byte("pending")})
	b.DeleteMeta(0, []byte("old"))
	b.DropKeyspace(1)
	if m, ok, err := b.GetMeta(0, []byte("new")); err != nil || !ok || string(m.Value) != "pending" {
		t.Errorf("indexed batch: new = %+v, %v, %v; want pending", m, ok, err)
	}
	if _, ok, _ := b.GetMeta(0, []byte("old")); ok {
		t.Errorf("indexed batch still sees a key it deleted")
	}
	if _, ok, _ := b.GetMeta(1, []byte("gone")); ok {
		t.Errorf("indexed batch still sees a key of a keyspace it dropped")
	}
	if _, ok, _ := d.GetMeta(0, []byte("new")); ok {
		t.Errorf("the store sees an uncommitted write")
	}

	plain := d.NewBatch(false)
	defer plain.Close()
	plain.PutMeta(0, []byte("plain"), &Meta{Type: TypeString, Value: []byte("x")})
	if _, ok, _ := plain.GetMeta(0, []byte("plain")); ok {
		t.Errorf("a plain batch claims to read its own writes")
	}
	if m, ok, _ := plain.GetMeta(0, []byte("old")); !ok || string(m.Value) != "committed" {
		t.Errorf("a plain batch does not read committed state: %+v, %v", m, ok)
	}
}

// Ensure that a closed (discarded) batch applies nothing and that Close and
// Commit of an empty batch are harmless.
func TestBatch_CloseDiscards(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	b.PutMeta(0, []byte("k"), &Meta{Type: TypeString, Value: []byte("v")})
	b.AddCount(0, 1)
	b.Close()
	b.Close()
	if _, ok, _ := d.GetMeta(0, []byte("k")); ok {
		t.Errorf("a closed batch was applied")
	}
	if n, _ := d.Count(0); n != 0 {
		t.Errorf("Count = %d after a discarded batch, want 0", n)
	}
	empty := d.NewBatch(false)
	if !empty.Empty() {
		t.Errorf("a new batch is not empty")
	}
	if err := empty.Commit(); err != nil {
		t.Errorf("Commit of an empty batch: %v", err)
	}
}

// Ensure that a batch commits atomically: after a reopen either all of its
// writes are there or, when never committed, none.
func TestBatch_Commit_SurvivesReopenWholly(t *testing.T) {
	dir := t.TempDir()
	d := openTestDBAt(t, dir)
	d.SetSyncPolicy(SyncAlways)
	b := d.NewBatch(false)
	for i := range 50 {
		k := []byte(fmt.Sprintf("k%d", i))
		b.PutMeta(0, k, &Meta{Type: TypeString, Value: k})
	}
	b.AddCount(0, 50)
	commit(t, b)
	uncommitted := d.NewBatch(false)
	uncommitted.PutMeta(0, []byte("never"), &Meta{Type: TypeString})
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	uncommitted.Close()
	d = openTestDBAt(t, dir)
	if n := countMeta(t, d, 0); n != 50 {
		t.Errorf("%d keys after reopen, want 50", n)
	}
	if n, _ := d.Count(0); n != 50 {
		t.Errorf("Count = %d after reopen, want 50", n)
	}
}

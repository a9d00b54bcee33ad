package persistence

import (
	"fmt"
	"sync"
	"testing"
)

// Ensure that concurrent batches adjusting the same count through the merge
// operator never lose an update, before and after a flush and a reopen.
func TestCount_ConcurrentBatches_MergeExactly(t *testing.T) {
	dir := t.TempDir()
	d := openTestDBAt(t, dir)
	const writers, perWriter = 8, 200
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				b := d.NewBatch(false)
				key := []byte(fmt.Sprintf("w%d:%d", w, i))
				b.PutMeta(1, key, &Meta{Type: TypeString, Value: key})
				b.AddCount(1, 1)
				if i%4 == 3 { // delete one key in four again
					b.DeleteMeta(1, key)
					b.AddCount(1, -1)
				}
				b.AddCount(2, 2) // another keyspace, same batch
				if err := b.Commit(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		if n, err := d.Count(1); err != nil || n != writers*perWriter*3/4 {
			t.Errorf("%s: Count(1) = %d, %v; want %d", when, n, err, writers*perWriter*3/4)
		}
		if n, err := d.Count(2); err != nil || n != writers*perWriter*2 {
			t.Errorf("%s: Count(2) = %d, %v; want %d", when, n, err, writers*perWriter*2)
		}
		if n, err := d.Count(3); err != nil || n != 0 {
			t.Errorf("%s: Count(3) = %d, %v; want 0", when, n, err)
		}
		if n := countMeta(t, d, 1); n != writers*perWriter*3/4 {
			t.Errorf("%s: %d meta keys in keyspace 1, want %d", when, n, writers*perWriter*3/4)
		}
	}
	check("in memtable")
	if err := d.Flush(); err != nil {
		t.Fatal(err)
	}
	b := d.NewBatch(false)
	b.AddCount(1, -10)
	b.AddCount(1, 10) // operands on top of a flushed value
	commit(t, b)
	check("after flush")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d = openTestDBAt(t, dir)
	check("after reopen")
}

// Ensure that negative counts (a delta applied before its key's creation
// reaches the same keyspace) are carried exactly, and a zero delta writes
// nothing.
func TestCount_NegativeAndZeroDeltas(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	b.AddCount(0, 0)
	if !b.Empty() {
		t.Errorf("AddCount(0) wrote to the batch")
	}
	b.AddCount(0, -3)
	commit(t, b)
	if n, err := d.Count(0); err != nil || n != -3 {
		t.Errorf("Count = %d, %v; want -3", n, err)
	}
}

// Ensure that a corrupt stored count is reported, not misread.
func TestCount_Corrupt(t *testing.T) {
	d := openTestDB(t)
	if err := d.pdb.Set(countKey(0), []byte{1, 2, 3}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Count(0); err != ErrCorrupt {
		t.Errorf("Count of a 3-byte record = %v, want ErrCorrupt", err)
	}
}

// countMeta counts the meta keys of keyspace phys by scanning them.
func countMeta(t *testing.T, d *DB, phys uint32) int64 {
	t.Helper()
	var n int64
	if err := d.ScanMeta(phys, 0, func(MetaEntry) bool { n++; return true }); err != nil {
		t.Fatalf("ScanMeta: %v", err)
	}
	return n
}

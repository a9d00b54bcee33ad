package tier

import (
	"testing"
)

// Ensure that a clone stored under another key (COPY) keeps kind, value and
// TTL, shares no memory with its source, and survives a reopen.
func TestObject_Clone_Independent(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	set(t, s, 0, "src", "value", 9_000_000_000_000)
	run(t, s, []string{"src", "dst"}, func(txn *Txn) error {
		o, err := txn.Get(0, []byte("src"))
		if err != nil || o == nil {
			t.Fatalf("src: %v, %v", o, err)
		}
		c := o.Clone()
		if c.Kind != o.Kind || string(c.Str) != "value" || c.ExpireAt != o.ExpireAt {
			t.Errorf("clone: kind %d value %q ttl %d; want %d %q %d", c.Kind, c.Str, c.ExpireAt, o.Kind, o.Str, o.ExpireAt)
		}
		if err := txn.Put(1, []byte("dst"), c); err != nil {
			return err
		}
		c.Str[0] = 'V' // changing the copy in place must not reach the source
		return txn.Put(1, []byte("dst"), c)
	})
	if v, _ := get(t, s, 0, "src"); v != "value" {
		t.Errorf("src after changing its clone: %q", v)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, nil)
	if v, ok := get(t, s, 1, "dst"); !ok || v != "Value" {
		t.Errorf("dst after reopen: %q, %v", v, ok)
	}
}

// Ensure that Txn.DBSize counts the Txn's own uncommitted puts, deletes and
// flushes, and equals the committed count afterwards.
func TestTxn_DBSize_SeesOwnChanges(t *testing.T) {
	s := openTestStore(t, "", nil)
	fill(t, s, 0, 5, "k")
	var sizes []int64
	run(t, s, nil, func(txn *Txn) error {
		sizes = append(sizes, txn.DBSize(0))
		if err := txn.Put(0, []byte("new"), NewString([]byte("x"))); err != nil {
			return err
		}
		sizes = append(sizes, txn.DBSize(0))
		if _, err := txn.Delete(0, []byte("k1")); err != nil {
			return err
		}
		if _, err := txn.Delete(0, []byte("nokey")); err != nil {
			return err
		}
		sizes = append(sizes, txn.DBSize(0), txn.DBSize(1))
		txn.FlushDB(0)
		sizes = append(sizes, txn.DBSize(0))
		if err := txn.Put(0, []byte("after"), NewString([]byte("x"))); err != nil {
			return err
		}
		sizes = append(sizes, txn.DBSize(0))
		return nil
	})
	want := []int64{5, 6, 5, 0, 0, 1}
	for i := range want {
		if sizes[i] != want[i] {
			t.Fatalf("DBSize along the Txn: got %v, want %v", sizes, want)
		}
	}
	if n := s.DBSize(0); n != 1 {
		t.Errorf("committed DBSize: got %d, want 1", n)
	}
}

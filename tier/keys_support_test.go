package tier

import (
	"testing"
)

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

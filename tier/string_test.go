package tier

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// patterned is n bytes that differ from chunk to chunk and from byte to
// byte, so that a chunk read at the wrong place shows.
func patterned(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/chunkSize)
	}
	return b
}

// stringWrite runs StringWrite and the Put that follows it in one committed
// Txn, creating the key when it is absent.
func stringWrite(t *testing.T, s *Store, key string, off int64, data []byte) {
	t.Helper()
	run(t, s, []string{key}, func(txn *Txn) error {
		o, err := txn.Get(0, []byte(key))
		if err != nil {
			return err
		}
		if o == nil {
			o = NewString(nil)
		}
		if err := txn.StringWrite(0, o, off, data); err != nil {
			return err
		}
		return txn.Put(0, []byte(key), o)
	})
}

// stringRange reads a range of a string in one committed Txn.
func stringRange(t *testing.T, s *Store, key string, off, n int64) []byte {
	t.Helper()
	var out []byte
	run(t, s, []string{key}, func(txn *Txn) error {
		o, err := txn.Get(0, []byte(key))
		if err != nil || o == nil {
			t.Fatalf("%s: %v, %v", key, o, err)
		}
		out, err = txn.StringRange(0, o, off, n)
		out = bytes.Clone(out)
		return err
	})
	return out
}

// Ensure that a string longer than chunkAbove is stored in chunks, not in
// memory, and reads back whole and by ranges across chunk boundaries,
// before and after a reopen; a short one stays inline.
func TestString_Chunked_ReadsBackHotAndCold(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	want := patterned(3*chunkAbove + 123)
	set(t, s, 0, "big", string(want), 0)
	set(t, s, 0, "small", string(want[:chunkAbove]), 0)
	for round := range 2 {
		run(t, s, []string{"big", "small"}, func(txn *Txn) error {
			big, small := mustGet(t, txn, 0, "big"), mustGet(t, txn, 0, "small")
			if !big.Chunked() || big.Str != nil || big.StrLen() != int64(len(want)) {
				t.Errorf("round %d: big chunked %v, Str %d bytes, length %d", round, big.Chunked(), len(big.Str), big.StrLen())
			}
			if small.Chunked() || len(small.Str) != chunkAbove {
				t.Errorf("round %d: small chunked %v, Str %d bytes", round, small.Chunked(), len(small.Str))
			}
			return nil
		})
		if v, _ := get(t, s, 0, "big"); v != string(want) {
			t.Fatalf("round %d: whole value differs", round)
		}
		for _, r := range [][2]int64{{0, 1}, {chunkSize - 3, 7}, {5*chunkSize + 1, 3 * chunkSize}, {int64(len(want)) - 5, 100}, {int64(len(want)), 4}} {
			got := stringRange(t, s, "big", r[0], r[1])
			lo, hi := min(r[0], int64(len(want))), min(r[0]+r[1], int64(len(want)))
			if !bytes.Equal(got, want[lo:hi]) {
				t.Errorf("round %d: range %v: %d bytes, not the %d stored", round, r, len(got), hi-lo)
			}
		}
		checkCollections(t, s)
		s = reopen(t, s, dir)
	}
}

// Ensure that a write into a cold chunked string writes the chunks it
// covers, not the string: the WAL grows by about one chunk for a one-byte
// write into a 4 MB string.
func TestString_Write_CostsItsChunks(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	want := patterned(4 << 20)
	set(t, s, 0, "big", string(want), 0)
	s = reopen(t, s, dir)
	before := s.db.StorageStats().WALBytes
	stringWrite(t, s, "big", 3<<20, []byte{0xff})
	if grew := s.db.StorageStats().WALBytes - before; grew > 2*chunkSize {
		t.Errorf("a one-byte write into a 4 MB string wrote %d bytes to the WAL", grew)
	}
	want[3<<20] = 0xff
	if v, _ := get(t, s, 0, "big"); v != string(want) {
		t.Error("value after the write differs")
	}
	checkCollections(t, s)
}

// Ensure that a string grown far past its end stores only the chunks that
// hold data: the gap reads as zeros and costs nothing on disk.
func TestString_Write_SparseGap(t *testing.T) {
	s := openTestStore(t, "", nil)
	stringWrite(t, s, "sparse", 3, []byte("abc"))
	const far = 100 << 20
	stringWrite(t, s, "sparse", far, []byte("z"))
	if got := stringRange(t, s, "sparse", 0, 8); string(got) != "\x00\x00\x00abc\x00\x00" {
		t.Errorf("head: %q", got)
	}
	if got := stringRange(t, s, "sparse", far/2, 16); !bytes.Equal(got, make([]byte, 16)) {
		t.Errorf("gap: %q", got)
	}
	if got := stringRange(t, s, "sparse", far-1, 5); string(got) != "\x00z" {
		t.Errorf("tail: %q", got)
	}
	var chunks int64
	for _, n := range storedElements(t, s, 0) {
		chunks += n
	}
	if chunks != 2 {
		t.Errorf("%d chunks stored for data in two", chunks)
	}
	checkCollections(t, s)
}

// Ensure that random writes of random lengths at random offsets (around
// chunk boundaries and chunkAbove) leave a string identical to the same
// writes on a plain byte slice, whether it is inline or chunked, hot or
// reopened.
func TestString_Write_MatchesModel(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	var model []byte
	spots := []int64{0, chunkSize - 1, chunkSize, chunkAbove - 2, chunkAbove, chunkAbove + chunkSize + 5, 5 * chunkAbove}
	for i := range 200 {
		off := spots[r.IntN(len(spots))] + int64(r.IntN(64)) - 32
		off = max(off, 0)
		data := make([]byte, 1+r.IntN(3*chunkSize))
		for k := range data {
			data[k] = byte(r.IntN(255) + 1)
		}
		stringWrite(t, s, "k", off, data)
		if need := off + int64(len(data)); need > int64(len(model)) {
			model = append(model, make([]byte, need-int64(len(model)))...)
		}
		copy(model[off:], data)
		if i%50 == 49 {
			s = reopen(t, s, dir)
		}
		if v, _ := get(t, s, 0, "k"); v != string(model) {
			t.Fatalf("write %d (offset %d, %d bytes): value differs from the model", i, off, len(data))
		}
	}
	checkCollections(t, s)
}

// Ensure that every way a chunked string goes away or moves takes its
// chunks along: replaced by a short value, deleted, renamed, copied,
// moved to another database, and expired while cold.
func TestString_Chunked_LeavesNoOrphans(t *testing.T) {
	dir := t.TempDir()
	clock := newTestClock(1_000_000)
	s := openTestStore(t, dir, clock)
	big := string(patterned(2 * chunkAbove))
	for _, k := range []string{"replaced", "deleted", "renamed", "copied", "moved", "expiring"} {
		set(t, s, 0, k, big, 0)
	}
	set(t, s, 0, "replaced", "short", 0)
	run(t, s, []string{"deleted", "renamed", "renamed2", "copied", "copy", "moved", "expiring"}, func(txn *Txn) error {
		if _, err := txn.Delete(0, []byte("deleted")); err != nil {
			return err
		}
		if err := txn.Rename(0, []byte("renamed"), []byte("renamed2"), mustGet(t, txn, 0, "renamed")); err != nil {
			return err
		}
		if err := txn.Copy(0, mustGet(t, txn, 0, "copied"), 0, []byte("copy")); err != nil {
			return err
		}
		if err := txn.Move(0, 1, []byte("moved"), mustGet(t, txn, 0, "moved")); err != nil {
			return err
		}
		o := mustGet(t, txn, 0, "expiring")
		o.ExpireAt = clock.now() + 10
		return txn.Put(0, []byte("expiring"), o)
	})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, clock)
	clock.advance(20)
	if _, _, err := s.ExpireDue(100); err != nil {
		t.Fatal(err)
	}
	for db, keys := range map[int][]string{0: {"renamed2", "copied", "copy"}, 1: {"moved"}} {
		for _, k := range keys {
			if v, ok := get(t, s, db, k); !ok || v != big {
				t.Errorf("db %d %s: %d bytes, present %v", db, k, len(v), ok)
			}
		}
	}
	for _, k := range []string{"deleted", "renamed", "moved", "expiring"} {
		if _, ok := get(t, s, 0, k); ok {
			t.Errorf("%s still there", k)
		}
	}
	if v, _ := get(t, s, 0, "replaced"); v != "short" {
		t.Errorf("replaced: %d bytes", len(v))
	}
	checkCollections(t, s)
}

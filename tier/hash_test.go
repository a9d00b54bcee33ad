package tier

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/tierdb/tierdb/persistence"
)

// hset sets field value pairs of a hash in one committed Txn and returns
// how many fields were new.
func hset(t *testing.T, s *Store, db int, key string, pairs ...string) int {
	t.Helper()
	n := 0
	run(t, s, []string{key}, func(txn *Txn) error {
		h := hashIn(t, txn, db, key)
		for i := 0; i+1 < len(pairs); i += 2 {
			created, err := h.Set([]byte(pairs[i]), []byte(pairs[i+1]))
			if err != nil {
				return err
			}
			if created {
				n++
			}
		}
		return nil
	})
	return n
}

// fillHash gives key n fields f0..f(n-1) with values v0.., in one Txn.
func fillHash(t *testing.T, s *Store, db int, key string, n int) {
	t.Helper()
	pairs := make([]string, 0, 2*n)
	for i := range n {
		pairs = append(pairs, fmt.Sprintf("f%d", i), fmt.Sprintf("v%d", i))
	}
	if got := hset(t, s, db, key, pairs...); got != n {
		t.Fatalf("filling %s: %d new fields, want %d", key, got, n)
	}
}

// hgetall reads a whole hash through its handle; nil when the key is absent.
func hgetall(t *testing.T, s *Store, db int, key string) map[string]string {
	t.Helper()
	var m map[string]string
	run(t, s, []string{key}, func(txn *Txn) error {
		o, err := txn.Get(db, []byte(key))
		if err != nil || o == nil {
			return err
		}
		h, err := txn.Hash(db, []byte(key), o)
		if err != nil {
			return err
		}
		m = map[string]string{}
		err = h.Each(func(f, v []byte) bool {
			m[string(f)] = string(v)
			return true
		})
		if err == nil && int64(len(m)) != h.Len() {
			t.Errorf("%s: Each gave %d fields, Len says %d", key, len(m), h.Len())
		}
		return err
	})
	return m
}

// storedElements counts the elements Pebble holds in database db, by
// version.
func storedElements(t *testing.T, s *Store, db int) map[uint64]int64 {
	t.Helper()
	out := map[uint64]int64{}
	err := s.db.ScanKeyspaceElements(s.keyspace(db).phys, func(v uint64, _, _ []byte) bool {
		out[v]++
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkCollections fails the test unless, in every database, each stored
// collection has exactly Count elements under its version, no element
// belongs to a version that no key holds, and every hot collection has its
// stored metadata and (when loaded) exactly its stored fields. It runs the
// store invariants too.
func checkCollections(t *testing.T, s *Store) {
	t.Helper()
	checkInvariants(t, s)
	for db := range s.Databases() {
		ks := s.keyspace(db)
		elems := storedElements(t, s, db)
		live := map[uint64]bool{}
		for _, key := range storedKeys(t, s, db) {
			m, ok, err := s.db.GetMeta(ks.phys, []byte(key))
			if err != nil || !ok {
				t.Fatalf("db %d key %q: %v, %v", db, key, ok, err)
			}
			if !m.HasElements() {
				continue
			}
			if live[m.Version] {
				t.Errorf("db %d key %q shares version %d with another key", db, key, m.Version)
			}
			live[m.Version] = true
			if m.Type == persistence.TypeString {
				if chunks := (m.Count + chunkSize - 1) / chunkSize; elems[m.Version] > chunks {
					t.Errorf("db %d key %q: %d chunks stored for %d bytes", db, key, elems[m.Version], m.Count)
				}
			} else if elems[m.Version] != m.Count || m.Count == 0 {
				t.Errorf("db %d key %q: count %d, %d elements stored", db, key, m.Count, elems[m.Version])
			}
			o := ks.hot[ShardOf([]byte(key))][key]
			if o == nil {
				continue
			}
			if o.Version != m.Version || o.Count != m.Count || !bytes.Equal(o.Header, m.Header) {
				t.Errorf("db %d key %q: memory has version %d count %d header %v, Pebble %d %d %v",
					db, key, o.Version, o.Count, o.Header, m.Version, m.Count, m.Header)
			}
			if o.hashElems() != nil {
				stored := map[string]string{}
				_ = s.db.ScanElements(ks.phys, m.Version, nil, func(e, v []byte) bool {
					_, f, _ := splitHashElement(e)
					stored[string(f)] = string(v)
					return true
				})
				mem := map[string]string{}
				for f, v := range o.hashElems().m {
					mem[f] = string(v)
				}
				if !maps.Equal(mem, stored) {
					t.Errorf("db %d key %q: loaded fields differ from Pebble's", db, key)
				}
			}
		}
		for v, n := range elems {
			if !live[v] {
				t.Errorf("db %d: %d elements of version %d, which no key holds", db, n, v)
			}
		}
	}
}

// sampleFields is what a test reads back from a hash: a few point reads,
// the length and the whole content.
type hashView struct {
	get    map[string]string // field → value, "" with ok false for absent
	exists map[string]bool
	len    int64
	all    map[string]string
}

func viewHash(t *testing.T, s *Store, db int, key string, probe []string) hashView {
	t.Helper()
	v := hashView{get: map[string]string{}, exists: map[string]bool{}}
	run(t, s, []string{key}, func(txn *Txn) error {
		h := hashIn(t, txn, db, key)
		v.len = h.Len()
		for _, f := range probe {
			val, ok, err := h.Get([]byte(f))
			if err != nil {
				return err
			}
			v.get[f] = string(val)
			if v.exists[f], err = h.Exists([]byte(f)); err != nil {
				return err
			}
			if v.exists[f] != ok {
				t.Errorf("%s: Exists(%s) = %v, Get found %v", key, f, v.exists[f], ok)
			}
		}
		return nil
	})
	v.all = hgetall(t, s, db, key)
	return v
}

// Ensure that a small hash (loaded) and a big one (element-cold) read the
// same through the handle before and after a reopen, when only Pebble has
// them, and that the big one is served without loading it.
func TestHash_HotAndColdAgree(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	for _, c := range []struct {
		key string
		n   int
	}{{"small", 3}, {"big", loadMax + 10}} {
		fillHash(t, s, 0, c.key, c.n)
		probe := []string{"f0", "f2", fmt.Sprintf("f%d", c.n-1), "nosuch", ""}
		hot := viewHash(t, s, 0, c.key, probe)
		if hot.len != int64(c.n) || len(hot.all) != c.n || hot.get["f2"] != "v2" || hot.exists["nosuch"] {
			t.Fatalf("%s hot: len %d, %d fields, f2=%q", c.key, hot.len, len(hot.all), hot.get["f2"])
		}
		s = reopen(t, s, dir)
		cold := viewHash(t, s, 0, c.key, probe)
		if cold.len != hot.len || !maps.Equal(cold.get, hot.get) || !maps.Equal(cold.exists, hot.exists) || !maps.Equal(cold.all, hot.all) {
			t.Errorf("%s: cold read differs from hot", c.key)
		}
		if got, want := loadedIn(s, 0, c.key), c.n <= loadMax; got != want {
			t.Errorf("%s with %d fields: loaded %v, want %v", c.key, c.n, got, want)
		}
	}
	checkCollections(t, s)
}

// Ensure that Set and Del report new and deleted fields, keep Count right
// when one command names a field twice on a cold hash (reads see the Txn's
// writes), and that deleting the last field deletes the key.
func TestHash_SetDel_Counts(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fillHash(t, s, 0, "big", loadMax+1)
	fillHash(t, s, 0, "small", 2)
	s = reopen(t, s, dir)
	for _, key := range []string{"big", "small"} {
		var results []bool
		run(t, s, []string{key}, func(txn *Txn) error {
			h := hashIn(t, txn, 0, key)
			for _, op := range []struct {
				del   bool
				field string
			}{{false, "new"}, {false, "new"}, {false, "f0"}, {true, "new"}, {true, "new"}, {true, "nosuch"}, {false, "new2"}} {
				var r bool
				var err error
				if op.del {
					r, err = h.Del([]byte(op.field))
				} else {
					r, err = h.Set([]byte(op.field), []byte("x"))
				}
				if err != nil {
					return err
				}
				results = append(results, r)
			}
			return nil
		})
		if want := []bool{true, false, false, true, false, false, true}; !slices.Equal(results, want) {
			t.Errorf("%s: results %v, want %v", key, results, want)
		}
	}
	if got := viewHash(t, s, 0, "small", nil); got.len != 3 || got.all["f0"] != "x" || got.all["new2"] != "x" {
		t.Errorf("small after the ops: %v", got.all)
	}
	if got := viewHash(t, s, 0, "big", nil); got.len != loadMax+2 {
		t.Errorf("big after the ops: len %d, want %d", got.len, loadMax+2)
	}
	// Deleting every field deletes the key.
	run(t, s, []string{"small"}, func(txn *Txn) error {
		h := hashIn(t, txn, 0, "small")
		for _, f := range []string{"f0", "f1", "new2"} {
			if ok, err := h.Del([]byte(f)); err != nil || !ok {
				return fmt.Errorf("del %s: %v, %v", f, ok, err)
			}
		}
		if o, _ := txn.Get(0, []byte("small")); o != nil {
			t.Errorf("the emptied hash is still there inside the Txn")
		}
		return nil
	})
	if m := hgetall(t, s, 0, "small"); m != nil {
		t.Errorf("small after deleting every field: %v", m)
	}
	if n := s.DBSize(0); n != 1 {
		t.Errorf("DBSize = %d, want 1", n)
	}
	checkCollections(t, s)
}

// Ensure that deleting a hash, overwriting it with a string, replacing it
// with another hash and letting it expire each remove its elements from
// Pebble in the same commit.
func TestHash_Delete_RemovesElements(t *testing.T) {
	clock := newTestClock(1_000)
	s := openTestStore(t, "", clock)
	fillHash(t, s, 0, "del", 5)
	fillHash(t, s, 0, "over", 5)
	fillHash(t, s, 0, "replace", 5)
	fillHash(t, s, 0, "ttl", loadMax+1)
	run(t, s, []string{"ttl"}, func(txn *Txn) error {
		o, err := txn.Get(0, []byte("ttl"))
		if err != nil {
			return err
		}
		o.ExpireAt = 2_000
		return txn.Put(0, []byte("ttl"), o)
	})
	run(t, s, nil, func(txn *Txn) error {
		if ok, err := txn.Delete(0, []byte("del")); err != nil || !ok {
			return fmt.Errorf("delete: %v, %v", ok, err)
		}
		if err := txn.Put(0, []byte("over"), NewString([]byte("s"))); err != nil {
			return err
		}
		return txn.Put(0, []byte("replace"), NewHashObject([][]byte{[]byte("a"), []byte("b")}))
	})
	clock.advance(1_000)
	if _, _, err := s.ExpireDue(10); err != nil {
		t.Fatal(err)
	}
	if m := hgetall(t, s, 0, "replace"); !maps.Equal(m, map[string]string{"a": "b"}) {
		t.Errorf("replace = %v", m)
	}
	if n := len(storedElements(t, s, 0)); n != 1 {
		t.Errorf("%d versions have elements, want 1 (replace's)", n)
	}
	checkCollections(t, s)
}

// Ensure that Rename keeps the version (the elements do not move), Move
// and Copy carry every element to their destination, and a replaced
// destination hash loses its elements; hot and element-cold sources alike.
func TestHash_RenameMoveCopy(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	outer := t
	for _, n := range []int{3, loadMax + 1} {
		t.Run(fmt.Sprint("fields=", n), func(t *testing.T) {
			fillHash(t, s, 0, "src", n)
			fillHash(t, s, 0, "dst", 2)
			fillHash(t, s, 0, "cdst", 2)
			want := hgetall(t, s, 0, "src")
			var version uint64
			run(t, s, nil, func(txn *Txn) error {
				o, err := txn.Get(0, []byte("src"))
				if err != nil {
					return err
				}
				version = o.Version
				if err := txn.Rename(0, []byte("src"), []byte("dst"), o); err != nil {
					return err
				}
				if err := txn.Copy(0, o, 0, []byte("cdst")); err != nil {
					return err
				}
				if err := txn.Copy(0, o, 2, []byte("c2")); err != nil {
					return err
				}
				return txn.Move(0, 1, []byte("cdst"), mustGet(t, txn, 0, "cdst"))
			})
			for _, k := range []struct {
				db  int
				key string
			}{{0, "dst"}, {1, "cdst"}, {2, "c2"}} {
				if got := hgetall(t, s, k.db, k.key); !maps.Equal(got, want) {
					t.Errorf("db %d %s: %d fields, want %d", k.db, k.key, len(got), len(want))
				}
			}
			run(t, s, nil, func(txn *Txn) error {
				if o := mustGet(t, txn, 0, "dst"); o.Version != version {
					t.Errorf("rename changed the version from %d to %d", version, o.Version)
				}
				if o := mustGet(t, txn, 2, "c2"); o.Version == version {
					t.Errorf("the copy shares its source's version")
				}
				return nil
			})
			if m := hgetall(t, s, 0, "src"); m != nil {
				t.Errorf("src still exists after RENAME")
			}
			checkCollections(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openTestStore(outer, dir, nil)
			if got := hgetall(t, s, 1, "cdst"); !maps.Equal(got, want) {
				t.Errorf("moved hash after reopen: %d fields, want %d", len(got), len(want))
			}
			run(t, s, nil, func(txn *Txn) error { txn.FlushDB(0); txn.FlushDB(1); txn.FlushDB(2); return nil })
		})
	}
}

// mustGet is Txn.Get of a key that must exist.
func mustGet(t *testing.T, txn *Txn, db int, key string) *Object {
	t.Helper()
	o, err := txn.Get(db, []byte(key))
	if err != nil || o == nil {
		t.Fatalf("get db %d %s: %v, %v", db, key, o, err)
	}
	return o
}

// Ensure that a discarded Txn and a failed commit leave memory as Pebble
// has it: the touched hash reads back its committed fields.
func TestHash_DiscardAndFailedCommit_KeepMemoryTrue(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fillHash(t, s, 0, "h", 3)
	fillHash(t, s, 0, "big", loadMax+1)
	want := hgetall(t, s, 0, "h")
	var l LockSet
	l.AddAll()
	s.Lock(&l)
	txn := s.Begin(false)
	h := hashIn(t, txn, 0, "h")
	if _, err := h.Set([]byte("f0"), []byte("changed")); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Del([]byte("f1")); err != nil {
		t.Fatal(err)
	}
	if _, err := hashIn(t, txn, 0, "new").Set([]byte("a"), []byte("b")); err != nil {
		t.Fatal(err)
	}
	if _, err := hashIn(t, txn, 0, "big").Set([]byte("extra"), []byte("b")); err != nil {
		t.Fatal(err)
	}
	txn.Discard()
	s.Unlock(&l)
	if got := hgetall(t, s, 0, "h"); !maps.Equal(got, want) {
		t.Errorf("after Discard: %v, want %v", got, want)
	}
	if got := hgetall(t, s, 0, "new"); got != nil {
		t.Errorf("a discarded new hash exists: %v", got)
	}
	if got := viewHash(t, s, 0, "big", []string{"extra"}); got.exists["extra"] || got.len != loadMax+1 {
		t.Errorf("big after Discard: len %d, extra %v", got.len, got.exists["extra"])
	}
	checkCollections(t, s)

	s.Lock(&l)
	txn = s.Begin(false)
	if _, err := hashIn(t, txn, 0, "h").Set([]byte("f0"), []byte("lost")); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := txn.Commit(); err == nil {
		t.Fatal("commit on a closed store succeeded")
	}
	s.Unlock(&l)
	if loadedIn(s, 0, "h") {
		t.Errorf("the hash of a failed commit stays in memory")
	}
	s = openTestStore(t, dir, nil)
	if got := hgetall(t, s, 0, "h"); !maps.Equal(got, want) {
		t.Errorf("after a failed commit and reopen: %v, want %v", got, want)
	}
}

// Ensure that a MULTI Txn reads the fields it wrote earlier, through point
// reads and scans, on a cold big hash.
func TestHash_Multi_ReadsOwnWrites(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fillHash(t, s, 0, "big", loadMax+1)
	s = reopen(t, s, dir)
	var l LockSet
	l.AddAll()
	s.Lock(&l)
	defer s.Unlock(&l)
	txn := s.Begin(true)
	h := hashIn(t, txn, 0, "big")
	if _, err := h.Set([]byte("zz"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Del([]byte("f0")); err != nil {
		t.Fatal(err)
	}
	h = hashIn(t, txn, 0, "big") // as a later command of the EXEC would
	if v, ok, err := h.Get([]byte("zz")); err != nil || !ok || string(v) != "new" {
		t.Errorf("Get(zz) = %q, %v, %v", v, ok, err)
	}
	seen := map[string]bool{}
	if err := h.Each(func(f, _ []byte) bool { seen[string(f)] = true; return true }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != loadMax+1 || !seen["zz"] || seen["f0"] {
		t.Errorf("Each saw %d fields (zz %v, f0 %v)", len(seen), seen["zz"], seen["f0"])
	}
	if err := txn.Commit(); err != nil {
		t.Fatal(err)
	}
}

// Ensure that a hash is loaded when it is at most loadMax fields, stays
// loaded up to unloadAbove and is dropped from memory beyond it, with the
// memory accounted following its loaded fields.
func TestHash_LoadAndUnload(t *testing.T) {
	lowerUnloadAbove(t)
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fillHash(t, s, 0, "h", loadMax)
	if !loadedIn(s, 0, "h") {
		t.Fatalf("a hash of loadMax fields is not loaded")
	}
	before := s.UsedMemory()
	hset(t, s, 0, "h", "one more", "x")
	if !loadedIn(s, 0, "h") {
		t.Errorf("a loaded hash was dropped at loadMax+1 fields")
	}
	if grown := s.UsedMemory() - before; grown != int64(len("one morex"))+elementOverhead {
		t.Errorf("memory grew by %d for one field", grown)
	}
	pairs := []string{}
	for i := range unloadAbove - loadMax {
		pairs = append(pairs, fmt.Sprint("g", i), "x")
	}
	hset(t, s, 0, "h", pairs...)
	if loadedIn(s, 0, "h") {
		t.Errorf("a hash of %d fields stays loaded", unloadAbove+1)
	}
	if used := s.UsedMemory(); used > 1000 {
		t.Errorf("UsedMemory %d with only an element-cold hash's metadata in memory", used)
	}
	checkCollections(t, s)
	// Shrinking it to loadMax makes it load again at its next access.
	run(t, s, []string{"h"}, func(txn *Txn) error {
		h := hashIn(t, txn, 0, "h")
		for i := range unloadAbove - loadMax {
			if _, err := h.Del([]byte(fmt.Sprint("g", i))); err != nil {
				return err
			}
		}
		_, err := h.Del([]byte("one more"))
		return err
	})
	_ = hgetall(t, s, 0, "h")
	if !loadedIn(s, 0, "h") {
		t.Errorf("a hash shrunk to loadMax fields is not loaded at its next access")
	}
	checkCollections(t, s)
}

// Ensure that a scan in steps returns every field present for the whole
// scan exactly once, loaded or cold, while fields are added and deleted
// between steps.
func TestHash_Scan_Guarantee(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	for _, n := range []int{50, loadMax + 100} {
		key := fmt.Sprint("h", n)
		fillHash(t, s, 0, key, n)
		var steps [2]int
		for pass, cold := range []bool{false, true} {
			if cold {
				s = reopen(t, s, dir)
			}
			seen := map[string]int{}
			cursor := uint64(0)
			for step := 0; ; step++ {
				run(t, s, []string{key}, func(txn *Txn) error {
					h := hashIn(t, txn, 0, key)
					var err error
					cursor, err = h.Scan(cursor, n/20, func(f, _ []byte) bool { seen[string(f)]++; return true })
					return err
				})
				steps[pass]++
				if cursor == 0 {
					break
				}
				// Churn between steps: add one field, delete one added before.
				hset(t, s, 0, key, fmt.Sprintf("churn%d-%d", pass, step), "x")
				if step > 0 {
					run(t, s, []string{key}, func(txn *Txn) error {
						_, err := hashIn(t, txn, 0, key).Del([]byte(fmt.Sprintf("churn%d-%d", pass, step-1)))
						return err
					})
				}
			}
			for i := range n {
				if f := fmt.Sprintf("f%d", i); seen[f] != 1 {
					t.Fatalf("%s pass %d: field %s returned %d times", key, pass, f, seen[f])
				}
			}
		}
		if steps[0] < 10 || steps[1] < 10 {
			t.Errorf("%s: the scans took %v steps, want about 20", key, steps)
		}
	}
	checkCollections(t, s)
}

// Ensure that random picks come from the hash, distinct ones are distinct,
// loaded and cold, and that a cold pick does not load the hash.
func TestHash_Random(t *testing.T) {
	fill := func(s *Store, key string, n int) { fillHash(t, s, 0, key, n) }
	checkRandomPicks(t, fill, func(txn *Txn, key string, n int, distinct bool, got func(string)) error {
		return hashIn(t, txn, 0, key).Random(n, distinct, func(f, v []byte) {
			if "v"+string(f[1:]) != string(v) {
				t.Errorf("%s: field %q came with value %q", key, f, v)
			}
			got(string(f))
		})
	})
}

// Ensure that the hashtable mark is stored and survives a reopen, and that
// NewHashObject keeps the last value of a repeated field.
func TestHash_HashtableMarkAndNewHashObject(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	run(t, s, []string{"r"}, func(txn *Txn) error {
		o := NewHashObject([][]byte{[]byte("a"), []byte("1"), []byte("b"), []byte("2"), []byte("a"), []byte("3")})
		o.MarkHashtable()
		return txn.Put(0, []byte("r"), o)
	})
	fillHash(t, s, 0, "h", 2)
	run(t, s, []string{"h"}, func(txn *Txn) error { return hashIn(t, txn, 0, "h").MarkHashtable() })
	s = reopen(t, s, dir)
	if m := hgetall(t, s, 0, "r"); !maps.Equal(m, map[string]string{"a": "3", "b": "2"}) {
		t.Errorf("restored hash: %v", m)
	}
	run(t, s, nil, func(txn *Txn) error {
		for _, k := range []string{"r", "h"} {
			if !mustGet(t, txn, 0, k).Hashtable() {
				t.Errorf("%s lost its hashtable mark", k)
			}
		}
		return nil
	})
	checkCollections(t, s)
}

// Ensure that an element that is not a hash element is reported, not
// crashed on.
func TestSplitHashElement_Short(t *testing.T) {
	if _, _, err := splitHashElement([]byte("short")); err != persistence.ErrCorrupt {
		t.Errorf("got %v, want ErrCorrupt", err)
	}
	e := hashElement(nil, []byte("field"))
	if h, f, err := splitHashElement(e); err != nil || string(f) != "field" || h != fieldHash([]byte("field")) {
		t.Errorf("round trip: %d %q %v", h, f, err)
	}
}

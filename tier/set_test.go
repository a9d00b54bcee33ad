package tier

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/tierdb/tierdb/persistence"
)

// sadd adds members to a set in one committed Txn and returns how many
// were new.
func sadd(t *testing.T, s *Store, db int, key string, members ...string) int64 {
	t.Helper()
	var n int64
	run(t, s, []string{key}, func(txn *Txn) error {
		var err error
		n, err = setIn(t, txn, db, key).Add(byteArgs(members)...)
		return err
	})
	return n
}

// byteArgs converts strings to byte slices.
func byteArgs(s []string) [][]byte {
	out := make([][]byte, len(s))
	for i, x := range s {
		out[i] = []byte(x)
	}
	return out
}

// fillSet gives key n members m0..m(n-1), in one Txn.
func fillSet(t *testing.T, s *Store, db int, key string, n int) {
	t.Helper()
	members := make([]string, n)
	for i := range members {
		members[i] = fmt.Sprintf("m%d", i)
	}
	if got := sadd(t, s, db, key, members...); got != int64(n) {
		t.Fatalf("filling %s: %d new members, want %d", key, got, n)
	}
}

// smembers reads a whole set through its handle, in the order Each gives;
// nil when the key is absent.
func smembers(t *testing.T, s *Store, db int, key string) []string {
	t.Helper()
	return contentOf(t, s, db, key, func(txn *Txn) func(int, []byte, *Object) (*Set, error) { return txn.Set },
		func(set *Set, fn func(m []byte) bool) error { return set.Each(fn) })
}

// checkSets fails the test unless, in database db, each stored set has
// exactly Count members under its version, and every hot set holds its
// stored metadata and (when loaded) exactly its stored members, with its
// order cache in element order. It runs the store invariants too.
func checkSets(t *testing.T, s *Store, db int) {
	t.Helper()
	checkInvariants(t, s)
	ks := s.keyspace(db)
	elems := storedElements(t, s, db)
	for _, key := range storedKeys(t, s, db) {
		m, ok, err := s.db.GetMeta(ks.phys, []byte(key))
		if err != nil || !ok {
			t.Fatalf("key %q: %v, %v", key, ok, err)
		}
		if m.Type != KindSet {
			continue
		}
		if elems[m.Version] != m.Count || m.Count == 0 {
			t.Errorf("set %q: count %d, %d members stored", key, m.Count, elems[m.Version])
		}
		o := ks.hot[ShardOf([]byte(key))][key]
		if o == nil {
			continue
		}
		if o.Version != m.Version || o.Count != m.Count || o.Hashtable() != (len(m.Header) > 0 && m.Header[0] != 0) {
			t.Errorf("set %q: memory has version %d count %d, Pebble %d %d", key, o.Version, o.Count, m.Version, m.Count)
		}
		if e := o.setElems(); e != nil {
			var stored []string
			_, _ = scanHashOrder(s.db, ks.phys, m.Version, nil, 0, -1, func(k, _ []byte) bool {
				stored = append(stored, string(k))
				return true
			})
			mem := slices.Sorted(maps.Keys(e.m))
			if !slices.Equal(mem, slices.Sorted(slices.Values(stored))) {
				t.Errorf("set %q: loaded members differ from Pebble's", key)
			}
			if e.order != nil && !slices.Equal(e.order, entriesByHash(e.m)) {
				t.Errorf("set %q: the order cache is stale", key)
			}
		}
	}
}

// Ensure that a small set (loaded) and a big one (element-cold) read the
// same through the handle before and after a reopen, in the same order,
// and that the big one is served without loading it.
func TestSet_HotAndColdAgree(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	for _, c := range []struct {
		key string
		n   int
	}{{"small", 3}, {"big", loadMax + 10}} {
		fillSet(t, s, 0, c.key, c.n)
		probe := []string{"m0", "m2", fmt.Sprintf("m%d", c.n-1), "nosuch", ""}
		view := func() (map[string]bool, []string, int64) {
			has := map[string]bool{}
			var n int64
			run(t, s, []string{c.key}, func(txn *Txn) error {
				set := setIn(t, txn, 0, c.key)
				n = set.Len()
				for _, p := range probe {
					ok, err := set.Has([]byte(p))
					if err != nil {
						return err
					}
					has[p] = ok
				}
				return nil
			})
			return has, smembers(t, s, 0, c.key), n
		}
		hotHas, hotAll, hotLen := view()
		if hotLen != int64(c.n) || len(hotAll) != c.n || !hotHas["m2"] || hotHas["nosuch"] {
			t.Fatalf("%s hot: len %d, %d members, has %v", c.key, hotLen, len(hotAll), hotHas)
		}
		s = reopen(t, s, dir)
		coldHas, coldAll, coldLen := view()
		if coldLen != hotLen || !maps.Equal(coldHas, hotHas) || !slices.Equal(coldAll, hotAll) {
			t.Errorf("%s: cold read differs from hot", c.key)
		}
		if got, want := loadedIn(s, 0, c.key), c.n <= loadMax; got != want {
			t.Errorf("%s with %d members: loaded %v, want %v", c.key, c.n, got, want)
		}
	}
	checkSets(t, s, 0)
}

// Ensure that Add and Remove count new and removed members, a member named
// twice in one call or one Txn counting once, on a loaded and on a cold
// set, and that removing the last member deletes the key.
func TestSet_AddRemove_Counts(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fillSet(t, s, 0, "big", loadMax+1)
	fillSet(t, s, 0, "small", 2)
	s = reopen(t, s, dir)
	for _, key := range []string{"big", "small"} {
		var got []int64
		run(t, s, []string{key}, func(txn *Txn) error {
			set := setIn(t, txn, 0, key)
			for _, op := range []struct {
				remove  bool
				members []string
			}{
				{false, []string{"new", "new", "m0"}}, {false, []string{"new"}}, {true, []string{"new", "new", "nosuch"}},
				{true, []string{"new"}}, {false, []string{"new2"}},
			} {
				var n int64
				var err error
				if op.remove {
					n, err = set.Remove(byteArgs(op.members)...)
				} else {
					n, err = set.Add(byteArgs(op.members)...)
				}
				if err != nil {
					return err
				}
				got = append(got, n)
			}
			return nil
		})
		if want := []int64{1, 0, 1, 0, 1}; !slices.Equal(got, want) {
			t.Errorf("%s: results %v, want %v", key, got, want)
		}
	}
	if got := smembers(t, s, 0, "small"); len(got) != 3 || !slices.Contains(got, "new2") {
		t.Errorf("small after the ops: %v", got)
	}
	if got := smembers(t, s, 0, "big"); len(got) != loadMax+2 {
		t.Errorf("big after the ops: %d members, want %d", len(got), loadMax+2)
	}
	run(t, s, []string{"small"}, func(txn *Txn) error {
		n, err := setIn(t, txn, 0, "small").Remove(byteArgs([]string{"m0", "m1", "new2", "m0"})...)
		if err != nil || n != 3 {
			return fmt.Errorf("remove all: %d, %v", n, err)
		}
		if o, _ := txn.Get(0, []byte("small")); o != nil {
			t.Errorf("the emptied set is still there inside the Txn")
		}
		return nil
	})
	if m := smembers(t, s, 0, "small"); m != nil {
		t.Errorf("small after removing every member: %v", m)
	}
	if n := s.DBSize(0); n != 1 {
		t.Errorf("DBSize = %d, want 1", n)
	}
	checkSets(t, s, 0)
}

// Ensure that a set is loaded up to loadMax members, stays loaded up to
// unloadAbove, is dropped from memory past that, with its memory
// accounted, and loads again once it shrinks.
func TestSet_LoadAndUnload(t *testing.T) {
	lowerUnloadAbove(t)
	s := openTestStore(t, "", nil)
	fillSet(t, s, 0, "k", loadMax)
	if !loadedIn(s, 0, "k") {
		t.Fatalf("a set of loadMax members is not loaded")
	}
	before := s.UsedMemory()
	sadd(t, s, 0, "k", "one more")
	if !loadedIn(s, 0, "k") {
		t.Errorf("a loaded set was dropped at loadMax+1 members")
	}
	if grown := s.UsedMemory() - before; grown != int64(len("one more"))+elementOverhead {
		t.Errorf("memory grew by %d for one member", grown)
	}
	more := make([]string, unloadAbove-loadMax)
	for i := range more {
		more[i] = fmt.Sprint("g", i)
	}
	sadd(t, s, 0, "k", more...)
	if loadedIn(s, 0, "k") {
		t.Errorf("a set of %d members stays loaded", unloadAbove+1)
	}
	if used := s.UsedMemory(); used > 1000 {
		t.Errorf("UsedMemory %d with only an element-cold set's metadata in memory", used)
	}
	checkSets(t, s, 0)
	run(t, s, []string{"k"}, func(txn *Txn) error {
		_, err := setIn(t, txn, 0, "k").Remove(byteArgs(append(more, "one more"))...)
		return err
	})
	_ = smembers(t, s, 0, "k")
	if !loadedIn(s, 0, "k") {
		t.Errorf("a set shrunk to loadMax members is not loaded at its next access")
	}
	checkSets(t, s, 0)
}

// Ensure that a scan in steps returns every member present for the whole
// scan exactly once, loaded or cold, while members come and go between
// steps.
func TestSet_Scan_Guarantee(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	for _, n := range []int{50, loadMax + 100} {
		key := fmt.Sprint("s", n)
		fillSet(t, s, 0, key, n)
		for pass, cold := range []bool{false, true} {
			if cold {
				s = reopen(t, s, dir)
			}
			seen := map[string]int{}
			cursor, steps := uint64(0), 0
			for step := 0; ; step++ {
				run(t, s, []string{key}, func(txn *Txn) error {
					var err error
					cursor, err = setIn(t, txn, 0, key).Scan(cursor, n/20, func(m []byte) bool { seen[string(m)]++; return true })
					return err
				})
				steps++
				if cursor == 0 {
					break
				}
				sadd(t, s, 0, key, fmt.Sprintf("churn%d-%d", pass, step))
				run(t, s, []string{key}, func(txn *Txn) error {
					_, err := setIn(t, txn, 0, key).Remove([]byte(fmt.Sprintf("churn%d-%d", pass, step-1)))
					return err
				})
			}
			for i := range n {
				if m := fmt.Sprintf("m%d", i); seen[m] != 1 {
					t.Fatalf("%s pass %d: member %s returned %d times", key, pass, m, seen[m])
				}
			}
			if steps < 10 {
				t.Errorf("%s pass %d: the scan took %d steps, want about 20", key, pass, steps)
			}
		}
	}
	checkSets(t, s, 0)
}

// Ensure that random picks come from the set, distinct ones are distinct,
// loaded and cold, that a cold pick does not load the set, and that the
// order cache of a loaded set follows removals.
func TestSet_Random(t *testing.T) {
	fill := func(s *Store, key string, n int) { fillSet(t, s, 0, key, n) }
	s := checkRandomPicks(t, fill, func(txn *Txn, key string, n int, distinct bool, got func(string)) error {
		return setIn(t, txn, 0, key).Random(n, distinct, func(m []byte) {
			var i int
			if _, err := fmt.Sscanf(string(m), "m%d", &i); err != nil || i > loadMax {
				t.Errorf("%s: picked %q, not a member", key, m)
			}
			got(string(m))
		})
	})
	// Pop everything from the loaded set one random member at a time.
	for range 10 {
		run(t, s, []string{"small"}, func(txn *Txn) error {
			set := setIn(t, txn, 0, "small")
			var m []byte
			if err := set.Random(1, false, func(x []byte) { m = slices.Clone(x) }); err != nil {
				return err
			}
			n, err := set.Remove(m)
			if n != 1 {
				t.Errorf("popping %q removed %d", m, n)
			}
			return err
		})
		checkSets(t, s, 0)
	}
	if m := smembers(t, s, 0, "small"); m != nil {
		t.Errorf("small after popping everything: %v", m)
	}
}

// Ensure that the hashtable mark is stored, can be cleared, and survives a
// reopen, that NewSetObject counts a repeated member once, and that copies
// keep their members and mark.
func TestSet_HashtableMarkAndNewSetObject(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	run(t, s, []string{"r"}, func(txn *Txn) error {
		o := NewSetObject(byteArgs([]string{"a", "b", "a"}))
		if o.Count != 2 {
			t.Errorf("NewSetObject of a, b, a: count %d", o.Count)
		}
		o.MarkHashtable()
		return txn.Put(0, []byte("r"), o)
	})
	fillSet(t, s, 0, "h", 2)
	fillSet(t, s, 0, "off", 2)
	run(t, s, nil, func(txn *Txn) error {
		if err := setIn(t, txn, 0, "h").SetHashtable(true); err != nil {
			return err
		}
		off := setIn(t, txn, 0, "off")
		if err := off.SetHashtable(true); err != nil {
			return err
		}
		if err := off.SetHashtable(false); err != nil {
			return err
		}
		return txn.Copy(0, mustGet(t, txn, 0, "r"), 1, []byte("rcopy"))
	})
	checkSets(t, s, 0)
	s = reopen(t, s, dir)
	if m := smembers(t, s, 0, "r"); len(m) != 2 {
		t.Errorf("restored set: %v", m)
	}
	if m := smembers(t, s, 1, "rcopy"); len(m) != 2 {
		t.Errorf("copied set: %v", m)
	}
	run(t, s, nil, func(txn *Txn) error {
		for _, k := range []struct {
			db   int
			key  string
			want bool
		}{{0, "r", true}, {0, "h", true}, {0, "off", false}, {1, "rcopy", true}} {
			if got := mustGet(t, txn, k.db, k.key).Hashtable(); got != k.want {
				t.Errorf("%s: hashtable %v, want %v", k.key, got, k.want)
			}
		}
		return nil
	})
	checkSets(t, s, 0)
}

// Ensure that the in-memory and the Pebble walks in hash order agree, step
// by step, and that randomPairs gives distinct picks even when every
// random pick is the same (its fallback pass).
func TestSetOrder_WalksAgreeAndFallback(t *testing.T) {
	s := openTestStore(t, "", nil)
	fillSet(t, s, 0, "big", loadMax+50)
	run(t, s, []string{"big"}, func(txn *Txn) error {
		o := mustGet(t, txn, 0, "big")
		r, err := txn.elemReader()
		if err != nil {
			return err
		}
		m := map[string]struct{}{}
		_, err = scanHashOrder(r, txn.s.keyspace(0).phys, o.Version, nil, 0, -1, func(k, _ []byte) bool {
			m[string(k)] = struct{}{}
			return true
		})
		if err != nil {
			return err
		}
		ord := entriesByHash(m)
		for _, cursor := range []uint64{0, ord[17].h, ord[len(ord)-1].h, ord[len(ord)-1].h + 1} {
			var mem, disk []string
			next := scanEntries(ord, cursor, 100, func(e hashEntry) bool { mem = append(mem, e.field); return true })
			dnext, err := scanHashOrder(r, txn.s.keyspace(0).phys, o.Version, nil, cursor, 100, func(k, _ []byte) bool {
				disk = append(disk, string(k))
				return true
			})
			if err != nil || next != dnext || !slices.Equal(mem, disk) {
				t.Errorf("cursor %d: memory gives %d members and %d, Pebble %d and %d (%v)", cursor, len(mem), next, len(disk), dnext, err)
			}
		}
		if got := deleteEntry(slices.Clone(ord), ord[5].field); len(got) != len(ord)-1 || slices.Contains(got, ord[5]) {
			t.Errorf("deleteEntry: %d entries left", len(got))
		}
		if got := deleteEntry(slices.Clone(ord), "nosuch"); len(got) != len(ord) {
			t.Errorf("deleteEntry of a missing name: %d entries left", len(got))
		}
		same := func() ([]byte, []byte, error) { return []byte("m0"), nil, nil }
		each := func(fn func(a, b []byte) bool) error {
			for _, e := range ord {
				if !fn([]byte(e.field), nil) {
					break
				}
			}
			return nil
		}
		var got []string
		err = randomPairs(5, true, int64(len(ord)), same, each, func(a, _ []byte) { got = append(got, string(a)) })
		if err != nil || len(got) != 5 || len(uniq(got)) != 5 {
			t.Errorf("randomPairs with an unlucky pick: %v, %v", got, err)
		}
		// Many picks with repeats are made in passes, never by pick.
		got = got[:0]
		n := 3*len(ord) + 7
		err = randomPairs(n, false, int64(len(ord)), nil, each, func(a, _ []byte) { got = append(got, string(a)) })
		if err != nil || len(got) != n {
			t.Errorf("randomPairs of %d with repeats: %d picks, %v", n, len(got), err)
		}
		for _, x := range got {
			if _, ok := m[x]; !ok {
				t.Fatalf("randomPairs picked %q, not an element", x)
			}
		}
		if len(uniq(got)) < len(ord)/2 {
			t.Errorf("randomPairs of %d with repeats: only %d distinct elements", n, len(uniq(got)))
		}
		err = randomPairs(n, false, int64(len(ord))+10, nil, each, func(_, _ []byte) {})
		if !errors.Is(err, persistence.ErrCorrupt) {
			t.Errorf("randomPairs over fewer elements than counted: %v, want ErrCorrupt", err)
		}
		return nil
	})
}

package tier

import (
	"slices"
	"testing"
)

// Helpers the tests of every collection kind share: opening a key's typed
// handle, reading it whole, checking random picks.

// handleIn returns the typed handle of the collection at key, made by
// open, or a new one made by create if there is none.
func handleIn[H any](t *testing.T, txn *Txn, db int, key string,
	open func(db int, key []byte, o *Object) (H, error), create func(db int, key []byte) H) H {
	t.Helper()
	o, err := txn.Get(db, []byte(key))
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	if o == nil {
		return create(db, []byte(key))
	}
	h, err := open(db, []byte(key), o)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	return h
}

// hashIn returns the handle of the hash at key (a new one if there is none).
func hashIn(t *testing.T, txn *Txn, db int, key string) *Hash {
	t.Helper()
	return handleIn(t, txn, db, key, txn.Hash, txn.NewHash)
}

// setIn returns the handle of the set at key (a new one if there is none).
func setIn(t *testing.T, txn *Txn, db int, key string) *Set {
	t.Helper()
	return handleIn(t, txn, db, key, txn.Set, txn.NewSet)
}

// zsetIn returns the handle of the sorted set at key (a new one if none).
func zsetIn(t *testing.T, txn *Txn, db int, key string) *ZSet {
	t.Helper()
	return handleIn(t, txn, db, key, txn.ZSet, txn.NewZSet)
}

// listIn returns the handle of the list at key (a new one if there is none).
func listIn(t *testing.T, txn *Txn, db int, key string) *List {
	t.Helper()
	return handleIn(t, txn, db, key, txn.List, txn.NewList)
}

// loadedIn reports whether the elements of key, in the hot set of database
// db, are in memory.
func loadedIn(s *Store, db int, key string) bool {
	var l LockSet
	l.Add([]byte(key))
	s.Lock(&l)
	defer s.Unlock(&l)
	o := s.keyspace(db).hot[ShardOf([]byte(key))][key]
	return o != nil && o.loaded()
}

// contentOf reads a whole collection of database db through the handle
// open makes, in the order each (the handle's Each) gives; nil when the
// key is absent.
func contentOf[H any](t *testing.T, s *Store, db int, key string,
	open func(txn *Txn) func(db int, key []byte, o *Object) (H, error),
	each func(h H, fn func(v []byte) bool) error) []string {
	t.Helper()
	var out []string
	run(t, s, []string{key}, func(txn *Txn) error {
		o, err := txn.Get(db, []byte(key))
		if err != nil || o == nil {
			return err
		}
		h, err := open(txn)(db, []byte(key), o)
		if err != nil {
			return err
		}
		out = []string{}
		return each(h, func(v []byte) bool { out = append(out, string(v)); return true })
	})
	return out
}

// checkRandomPicks fills "small" (10 elements, loaded) and "big" (loadMax+1,
// element-cold) with fill, reopens the store (both are read from disk) and
// makes random picks of each through pick, which calls the handle's Random
// and got with the name of every pick: it checks the number of picks, that
// distinct ones are distinct, and that the big collection stays unloaded.
// It returns the reopened store.
func checkRandomPicks(t *testing.T, fill func(s *Store, key string, n int),
	pick func(txn *Txn, key string, n int, distinct bool, got func(name string)) error) *Store {
	t.Helper()
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	fill(s, "small", 10)
	fill(s, "big", loadMax+1)
	s = reopen(t, s, dir)
	for _, c := range []struct {
		key      string
		n        int
		distinct bool
	}{{"small", 9, true}, {"small", 25, false}, {"big", 10, true}, {"big", 2000, true}, {"big", 30, false}} {
		var got []string
		run(t, s, []string{c.key}, func(txn *Txn) error {
			return pick(txn, c.key, c.n, c.distinct, func(name string) { got = append(got, name) })
		})
		if len(got) != c.n {
			t.Errorf("%s n=%d distinct=%v: %d picks", c.key, c.n, c.distinct, len(got))
		}
		if c.distinct && len(uniq(got)) != len(got) {
			t.Errorf("%s n=%d: repeated picks among distinct ones", c.key, c.n)
		}
	}
	if loadedIn(s, 0, "big") {
		t.Errorf("random picks loaded the big collection")
	}
	return s
}

// reopen closes s and opens the store in dir again: what it held is then
// only in Pebble.
func reopen(t *testing.T, s *Store, dir string) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return openTestStore(t, dir, nil)
}

// uniq returns the distinct strings of s, sorted.
func uniq(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Compact(c)
}

// lowerUnloadAbove makes collections unload at 2 × loadMax for the test, so
// that tests of unloading need not grow one to millions of elements.
func lowerUnloadAbove(t *testing.T) {
	old := unloadAbove
	unloadAbove = 2 * loadMax
	t.Cleanup(func() { unloadAbove = old })
}

package tier

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/tierdb/tierdb/persistence"
)

// Hash order: the walks and random picks of a collection whose elements are
// hashElement(name) (a 64-bit hash, then the name), as hashes and sets
// store them. Written once for any such kind, in memory (a []hashEntry in
// element order) or in Pebble; sets use them, and hash.go's Scan, Random and
// pickCold are the same algorithms over fields with values.

// entriesByHash returns the keys of m in element order: by hash, then
// bytewise among keys sharing a hash.
func entriesByHash[V any](m map[string]V) []hashEntry {
	ord := make([]hashEntry, 0, len(m))
	for k := range m {
		ord = append(ord, hashEntry{fieldHash([]byte(k)), k})
	}
	slices.SortFunc(ord, compareEntries)
	return ord
}

// compareEntries orders hash entries as their elements are ordered.
func compareEntries(a, b hashEntry) int {
	if a.h != b.h {
		if a.h < b.h {
			return -1
		}
		return 1
	}
	return bytes.Compare([]byte(a.field), []byte(b.field))
}

// deleteEntry removes name from ord, which is in element order, in place;
// it returns ord unchanged if name is not in it.
func deleteEntry(ord []hashEntry, name string) []hashEntry {
	e := hashEntry{fieldHash([]byte(name)), name}
	if i, ok := slices.BinarySearchFunc(ord, e, compareEntries); ok {
		return slices.Delete(ord, i, i+1)
	}
	return ord
}

// scanEntries calls fn for the entries of ord (in element order) whose hash
// is ≥ cursor, until about count were visited (count < 0: all) or fn
// returns false, never splitting entries that share a hash, and returns the
// cursor to continue from (0 at the end). It is the in-memory twin of
// scanHashOrder.
func scanEntries(ord []hashEntry, cursor uint64, count int, fn func(e hashEntry) bool) uint64 {
	i := sort.Search(len(ord), func(i int) bool { return ord[i].h >= cursor })
	for n := 0; i < len(ord); i++ {
		e := ord[i]
		if count >= 0 && n > 0 && n >= count && e.h != ord[i-1].h {
			return e.h
		}
		n++
		if !fn(e) {
			return 0
		}
	}
	return 0
}

// scanHashOrder calls fn(name, value) for the stored elements of version
// whose hash is ≥ cursor, in element order, until about count were visited
// (count < 0: all) or fn returns false, never splitting elements that share
// a hash, and returns the cursor to continue from (0 at the end): a
// bounded range read of what it visits.
func scanHashOrder(r persistence.ElementReader, phys uint32, version, cursor uint64, count int,
	fn func(name, value []byte) bool) (uint64, error) {
	var (
		n       int
		next    uint64
		last    uint64
		scanErr error
	)
	from := binary.BigEndian.AppendUint64(nil, cursor)
	err := r.ScanElements(phys, version, from, func(e, v []byte) bool {
		eh, name, err := splitHashElement(e)
		if err != nil {
			scanErr = err
			return false
		}
		if count >= 0 && n > 0 && n >= count && eh != last {
			next = eh
			return false
		}
		n++
		last = eh
		return fn(name, v)
	})
	return next, firstErr(err, scanErr)
}

// pickHashOrder returns copies of the name and value of the first stored
// element of version at or after a random point of the hash order,
// wrapping around to the first element: one bounded read, never a load.
// found is false only for a version without elements.
func pickHashOrder(r persistence.ElementReader, phys uint32, version uint64) (name, value []byte, found bool, err error) {
	var bad error
	take := func(e, v []byte) bool {
		_, n, err := splitHashElement(e)
		if err != nil {
			bad = err
			return false
		}
		name, value, found = bytes.Clone(n), bytes.Clone(v), true
		return false
	}
	from := binary.BigEndian.AppendUint64(nil, rand.Uint64())
	if err := r.ScanElements(phys, version, from, take); err != nil || bad != nil || found {
		return name, value, found, firstErr(err, bad)
	}
	err = r.ScanElements(phys, version, nil, take)
	return name, value, found, firstErr(err, bad)
}

// randomEntries calls fn for n entries of ord picked uniformly: n distinct
// ones (at most len(ord)) with distinct, else with repeats.
func randomEntries(ord []hashEntry, n int, distinct bool, fn func(e hashEntry)) {
	if len(ord) == 0 {
		return
	}
	if !distinct {
		for range n {
			fn(ord[rand.IntN(len(ord))])
		}
		return
	}
	for _, i := range rand.Perm(len(ord))[:min(n, len(ord))] {
		fn(ord[i])
	}
}

// seekCost is about how many elements a sequential walk reads in the
// time of one random seek (a new iterator and its first read).
const seekCost = 16

// randomPairs makes n random picks among the count elements of a
// collection not in memory: pick returns one element (as its pair, copied)
// at a random point, each walks all of them. Without distinct, a small n
// is served by one pick call per pick, a large one by passes (passPicks).
// With distinct (n < count), a small n is served by random picks,
// skipping repeats (distinctTries bounds them), and a large one, or an
// unlucky run, by one reservoir pass over the rest.
func randomPairs(n int, distinct bool, count int64, pick func() (a, b []byte, err error),
	each func(fn func(a, b []byte) bool) error, fn func(a, b []byte)) error {
	if n <= 0 || count == 0 {
		return nil
	}
	if !distinct && int64(n) >= count/seekCost {
		return passPicks(n, count, each, fn)
	}
	if !distinct {
		for range n {
			a, b, err := pick()
			if err != nil {
				return err
			}
			fn(a, b)
		}
		return nil
	}
	var seen map[string]bool
	if int64(n)*seekCost <= count {
		seen = make(map[string]bool, n)
		for range distinctTries(n) {
			a, b, err := pick()
			if err != nil {
				return err
			}
			if seen[string(a)] {
				continue
			}
			seen[string(a)] = true
			fn(a, b)
			if len(seen) == n {
				return nil
			}
		}
	}
	return samplePairs(n-len(seen), seen, each, fn)
}

// passPicks makes n uniform picks with repeats among the count elements
// each walks, in chunks of at most count picks, one pass each: a chunk
// draws its ranks, takes the elements at them in one walk and gives them
// in random order. Memory is bounded by the collection, not by n.
func passPicks(n int, count int64, each func(fn func(a, b []byte) bool) error, fn func(a, b []byte)) error {
	type pair struct{ a, b []byte }
	for left := int64(n); left > 0; {
		k := min(left, count)
		ranks := make([]int64, k)
		for i := range ranks {
			ranks[i] = rand.Int64N(count)
		}
		slices.Sort(ranks)
		got := make([]pair, 0, k)
		var at int64
		err := each(func(a, b []byte) bool {
			for len(got) < len(ranks) && ranks[len(got)] == at {
				got = append(got, pair{bytes.Clone(a), bytes.Clone(b)})
			}
			at++
			return len(got) < len(ranks)
		})
		if err != nil {
			return err
		}
		if len(got) != len(ranks) {
			return fmt.Errorf("tier: %d elements stored, count says %d: %w", at, count, persistence.ErrCorrupt)
		}
		rand.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		for _, p := range got {
			fn(p.a, p.b)
		}
		left -= k
	}
	return nil
}

// samplePairs calls fn for n pairs chosen uniformly among those each walks
// whose first part is not in skip, in one pass (reservoir sampling).
func samplePairs(n int, skip map[string]bool, each func(fn func(a, b []byte) bool) error, fn func(a, b []byte)) error {
	if n <= 0 {
		return nil
	}
	type pair struct{ a, b []byte }
	res := make([]pair, 0, min(n, 1024))
	seen := 0
	err := each(func(a, b []byte) bool {
		if skip[string(a)] {
			return true
		}
		seen++
		switch {
		case len(res) < n:
			res = append(res, pair{bytes.Clone(a), bytes.Clone(b)})
		default:
			if j := rand.IntN(seen); j < n {
				res[j] = pair{bytes.Clone(a), bytes.Clone(b)}
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	for _, p := range res {
		fn(p.a, p.b)
	}
	return nil
}

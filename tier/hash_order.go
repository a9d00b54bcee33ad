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
// store them, or a tag then hashElement(name), as a sorted set's member
// family is. Written once for every such kind, in memory (a []hashEntry in
// element order) or in Pebble: hashes, sets and sorted sets scan (HSCAN,
// SSCAN, ZSCAN) and pick at random (HRANDFIELD, SRANDMEMBER and SPOP,
// ZRANDMEMBER) with them.

// hashEntry is a loaded name (a field, a member) with its hash, for the
// order caches.
type hashEntry struct {
	h     uint64
	field string
}

// hashElement appends the element bytes of name to dst.
func hashElement(dst, name []byte) []byte {
	dst = binary.BigEndian.AppendUint64(dst, persistence.KeyHash(name))
	return append(dst, name...)
}

// fieldHash is the hash of a name, the order of its element.
func fieldHash(name []byte) uint64 { return persistence.KeyHash(name) }

// splitHashElement returns the hash and name of an element.
func splitHashElement(e []byte) (uint64, []byte, error) {
	if len(e) < 8 {
		return 0, nil, persistence.ErrCorrupt
	}
	return binary.BigEndian.Uint64(e[:8]), e[8:], nil
}

// distinctTries bounds the random seeks made for n distinct elements of a
// cold collection before falling back to one pass over all of them.
func distinctTries(n int) int { return 20*n + 64 }

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

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
// that are tag then hashElement(name) (tag is nil for a kind whose every
// element is one) whose hash is ≥ cursor, in element order, until about
// count were visited (count < 0: all) or fn returns false, never splitting
// elements that share a hash, and returns the cursor to continue from (0
// at the end): a bounded range read of what it visits.
func scanHashOrder(r persistence.ElementReader, phys uint32, version uint64, tag []byte, cursor uint64, count int,
	fn func(name, value []byte) bool) (uint64, error) {
	var (
		n       int
		next    uint64
		last    uint64
		scanErr error
	)
	from := binary.BigEndian.AppendUint64(bytes.Clone(tag), cursor)
	err := r.ScanElements(phys, version, from, func(e, v []byte) bool {
		if !bytes.HasPrefix(e, tag) {
			return false
		}
		eh, name, err := splitHashElement(e[len(tag):])
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
// element of version under tag (as scanHashOrder has them) at or after a
// random point of the hash order, wrapping around to the first element:
// one bounded read, never a load. found is false only for a version
// without such elements.
func pickHashOrder(r persistence.ElementReader, phys uint32, version uint64, tag []byte) (name, value []byte, found bool, err error) {
	var bad error
	take := func(e, v []byte) bool {
		if !bytes.HasPrefix(e, tag) {
			return false
		}
		_, n, err := splitHashElement(e[len(tag):])
		if err != nil {
			bad = err
			return false
		}
		name, value, found = bytes.Clone(n), bytes.Clone(v), true
		return false
	}
	from := binary.BigEndian.AppendUint64(bytes.Clone(tag), rand.Uint64())
	if err := r.ScanElements(phys, version, from, take); err != nil || bad != nil || found {
		return name, value, found, firstErr(err, bad)
	}
	err = r.ScanElements(phys, version, bytes.Clone(tag), take)
	return name, value, found, firstErr(err, bad)
}

// randomCold makes n random picks (randomPairs) among the elements of an
// element-cold collection stored in hash order under tag (scanHashOrder):
// one pickHashOrder per pick, or passes of each. what names the kind and
// its elements for errors ("hash", "field"); valid, if not nil, checks a
// picked value.
func (c *handle) randomCold(n int, distinct bool, tag []byte, what, elem string, valid func(v []byte) bool,
	each func(fn func(a, b []byte) bool) error, fn func(a, b []byte)) error {
	r, err := c.t.elemReader()
	if err != nil {
		return err
	}
	pick := func() ([]byte, []byte, error) {
		a, b, found, err := pickHashOrder(r, c.ks.phys, c.o.Version, tag)
		switch {
		case err != nil:
		case !found:
			err = fmt.Errorf("tier: %s %q: no %s stored, count says %d: %w", what, c.key, elem, c.o.Count, persistence.ErrCorrupt)
		case valid != nil && !valid(b):
			err = persistence.ErrCorrupt
		}
		return a, b, err
	}
	return randomPairs(n, distinct, c.o.Count, pick, each, fn)
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

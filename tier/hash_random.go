package tier

import (
	"encoding/binary"
	"math/rand/v2"
)

// Random fields of a hash (HRANDFIELD). A loaded hash picks uniformly from
// its fields. An element-cold one seeks to a random 64-bit point of its
// element order and takes the next field (wrapping around): one bounded
// Pebble read per pick, never a load of the hash. Field hashes are spread
// evenly, so every field has about the same chance, not exactly: a field
// after a wider gap of hashes is a little more likely (Redis's own pick
// from a hash table is not exactly fair either).

// distinctTries bounds the random seeks made for n distinct fields of a
// cold hash before falling back to one pass over all of them.
func distinctTries(n int) int { return 20*n + 64 }

// Random calls fn for n fields picked at random. With distinct they are n
// different fields and n must be less than Len (a caller wanting at least
// Len distinct fields wants them all: Each); without, a field may come more
// than once.
func (h *Hash) Random(n int, distinct bool, fn func(field, value []byte)) error {
	if n <= 0 || h.o.Count == 0 {
		return nil
	}
	if he := h.o.hashElems(); he != nil {
		ord := he.sorted()
		if !distinct {
			for range n {
				e := ord[rand.IntN(len(ord))]
				fn([]byte(e.field), he.m[e.field])
			}
			return nil
		}
		for _, i := range rand.Perm(len(ord))[:min(n, len(ord))] {
			fn([]byte(ord[i].field), he.m[ord[i].field])
		}
		return nil
	}
	if !distinct {
		for range n {
			f, v, err := h.pickCold()
			if err != nil {
				return err
			}
			fn(f, v)
		}
		return nil
	}
	if int64(n)*3 <= h.o.Count {
		seen := make(map[string]bool, n)
		for range distinctTries(n) {
			f, v, err := h.pickCold()
			if err != nil {
				return err
			}
			if seen[string(f)] {
				continue
			}
			seen[string(f)] = true
			fn(f, v)
			if len(seen) == n {
				return nil
			}
		}
		// Unlucky: take the rest in one pass, skipping what was given.
		return h.sample(n-len(seen), seen, fn)
	}
	return h.sample(n, nil, fn)
}

// pickCold returns the first field at or after a random point of the
// element order of a cold hash, wrapping around to the first field.
func (h *Hash) pickCold() (field, value []byte, err error) {
	r, err := h.t.elemReader()
	if err != nil {
		return nil, nil, err
	}
	var (
		bad   error
		found bool
	)
	take := func(e, v []byte) bool {
		_, f, err := splitHashElement(e)
		if err != nil {
			bad = err
			return false
		}
		field, value, found = append([]byte{}, f...), append([]byte{}, v...), true
		return false
	}
	from := binary.BigEndian.AppendUint64(nil, rand.Uint64())
	if err := r.ScanElements(h.ks.phys, h.o.Version, from, take); err != nil || bad != nil || found {
		return field, value, firstErr(err, bad)
	}
	err = r.ScanElements(h.ks.phys, h.o.Version, nil, take)
	return field, value, firstErr(err, bad)
}

// sample calls fn for n fields chosen uniformly among those not in skip, in
// one pass over the hash (reservoir sampling).
func (h *Hash) sample(n int, skip map[string]bool, fn func(field, value []byte)) error {
	if n <= 0 {
		return nil
	}
	type pair struct{ f, v []byte }
	res := make([]pair, 0, n)
	seen := 0
	err := h.Each(func(f, v []byte) bool {
		if skip[string(f)] {
			return true
		}
		seen++
		switch {
		case len(res) < n:
			res = append(res, pair{append([]byte(nil), f...), append([]byte{}, v...)})
		default:
			if j := rand.IntN(seen); j < n {
				res[j] = pair{append([]byte(nil), f...), append([]byte{}, v...)}
			}
		}
		return true
	})
	for _, p := range res {
		fn(p.f, p.v)
	}
	return err
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

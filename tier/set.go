package tier

import "github.com/tierdb/tierdb/persistence"

// Sets. A set is stored as a hash without values: each member is the
// element hashElement(member) with an empty value, so that a member is one
// point read (SISMEMBER on a set of ten million members reads one key), a
// scan resumes from a member hash (SSCAN's cursor) and random seeks spread
// over the members (SPOP, SRANDMEMBER). Loaded members live in a setElems,
// which caches them in element order for scans and random picks. The
// walks and picks in element order are shared with hashes (set_order.go).
//
// A set's Header is a hash's: one bit recording that Redis would have
// converted it from an intset to a hash table (Object.Hashtable).

// setElems is a set's members loaded in memory.
type setElems struct {
	m     map[string]struct{}
	order []hashEntry // m's members in element order; nil when stale
}

func (e *setElems) len() int { return len(e.m) }

func (e *setElems) clone() loadedElems {
	c := &setElems{m: make(map[string]struct{}, len(e.m))}
	for k := range e.m {
		c.m[k] = struct{}{}
	}
	return c
}

func (e *setElems) store(b *persistence.Batch, phys uint32, version uint64) {
	var buf []byte
	for k := range e.m {
		buf = hashElement(buf[:0], []byte(k))
		b.PutElement(phys, version, buf, nil)
	}
}

func (e *setElems) each(fn func(member, _ []byte) bool) {
	for k := range e.m {
		if !fn([]byte(k), nil) {
			return
		}
	}
}

// sorted returns the loaded members in element order, cached until a
// member is added (a removal keeps the cache, minus the member).
func (e *setElems) sorted() []hashEntry {
	if e.order == nil && len(e.m) > 0 {
		e.order = entriesByHash(e.m)
	}
	return e.order
}

// setElems returns o's loaded members, nil when o is element-cold.
func (o *Object) setElems() *setElems {
	e, _ := o.elems.(*setElems)
	return e
}

// memberCost is what a loaded member adds to its key's footprint.
func memberCost(member []byte) int64 { return int64(len(member)) + elementOverhead }

// NewSetObject returns a set holding members (copied; repeats count once),
// not yet stored: its first Put gives it a version and writes every member.
// RESTORE builds sets this way. members must not be empty.
func NewSetObject(members [][]byte) *Object {
	m := make(map[string]struct{}, len(members))
	o := &Object{Kind: KindSet, elems: &setElems{m: m}}
	for _, k := range members {
		if _, ok := m[string(k)]; !ok {
			m[string(k)] = struct{}{}
			o.elemBytes += memberCost(k)
		}
	}
	o.Count = int64(len(m))
	return o
}

// Set is the typed handle of one set key within a Txn: every read and
// change of a set goes through it, whichever tier its members are in. The
// caller holds the key's shard lock, as for the Txn. Members passed to fn
// callbacks are valid only during the call.
type Set struct {
	handle
}

// Set returns the handle of the set o that Get or Peek found at key in
// database db. A set of at most loadMax members whose key is in the hot
// set is loaded into memory now.
func (t *Txn) Set(db int, key []byte, o *Object) (*Set, error) {
	if err := checkKind(key, o, KindSet, "a set"); err != nil {
		return nil, err
	}
	s := &Set{t.handle(db, key, o)}
	if s.loadable() {
		if err := s.load(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// NewSet returns the handle of a new, empty set for key in database db,
// where no live key is. Nothing is stored until the first Add.
func (t *Txn) NewSet(db int, key []byte) *Set {
	o := &Object{Kind: KindSet, elems: &setElems{m: map[string]struct{}{}}}
	return &Set{t.handle(db, key, o)}
}

// load reads every member into memory.
func (s *Set) load() error {
	r, err := s.t.elemReader()
	if err != nil {
		return err
	}
	m := make(map[string]struct{}, s.o.Count)
	var size int64
	_, err = scanHashOrder(r, s.ks.phys, s.o.Version, nil, 0, -1, func(k, _ []byte) bool {
		m[string(k)] = struct{}{}
		size += memberCost(k)
		return true
	})
	if err != nil {
		return err
	}
	return s.install(&setElems{m: m}, size, "set", "members")
}

// Has reports whether member is in the set: a map lookup when loaded, else
// one point read.
func (s *Set) Has(member []byte) (bool, error) {
	if e := s.o.setElems(); e != nil {
		_, ok := e.m[string(member)]
		return ok, nil
	}
	if s.o.Version == 0 {
		return false, nil
	}
	r, err := s.t.elemReader()
	if err != nil {
		return false, err
	}
	_, ok, err := r.GetElement(s.ks.phys, s.o.Version, s.hashElement(member))
	return ok, err
}

// Add adds members (copied; a repeat counts once), creating the key if the
// set was new, and returns how many were not members yet. The meta record
// is written once, after the last member.
func (s *Set) Add(members ...[]byte) (int64, error) {
	var added int64
	for _, k := range members {
		ok, err := s.Has(k)
		if err != nil || ok {
			if err != nil {
				return 0, err
			}
			continue
		}
		if err := s.ensureVersion(); err != nil {
			return 0, err
		}
		s.t.b().PutElement(s.ks.phys, s.o.Version, s.hashElement(k), nil)
		if e := s.o.setElems(); e != nil {
			e.m[string(k)] = struct{}{}
			e.order = nil
			s.o.elemBytes += memberCost(k)
		}
		s.grew()
		added++
	}
	if added == 0 {
		return 0, nil
	}
	return added, s.t.Put(s.db, s.key, s.o)
}

// Remove removes members and returns how many were members. Removing the
// last member deletes the key, as Redis does. The meta record is written
// once, after the last member.
func (s *Set) Remove(members ...[]byte) (int64, error) {
	var removed int64
	for _, k := range members {
		ok, err := s.Has(k)
		if err != nil || !ok {
			if err != nil {
				return 0, err
			}
			continue
		}
		s.t.b().DeleteElement(s.ks.phys, s.o.Version, s.hashElement(k))
		if e := s.o.setElems(); e != nil {
			delete(e.m, string(k))
			if e.order != nil {
				e.order = deleteEntry(e.order, string(k))
			}
			s.o.elemBytes -= memberCost(k)
		}
		s.o.Count--
		removed++
	}
	if removed == 0 {
		return 0, nil
	}
	return removed, s.settle()
}

// SetHashtable records whether the set is in Redis's hashtable encoding
// (Object.Hashtable) and stores that if the set is stored already. Redis
// converts an intset to a hash table for good, except that SPOP of most of
// a set rebuilds it, which may make it an intset again.
func (s *Set) SetHashtable(on bool) error {
	if s.o.Hashtable() == on {
		return nil
	}
	if on {
		s.o.MarkHashtable()
	} else {
		s.o.Header = nil
	}
	return s.storeHeader()
}

// Each calls fn for every member, in element order (the same order hot or
// cold), until fn returns false.
func (s *Set) Each(fn func(member []byte) bool) error {
	_, err := s.Scan(0, -1, fn)
	return err
}

// Scan calls fn for the members whose hash is ≥ cursor, in element order,
// until about count members were visited (count < 0: all of them) or fn
// returns false. Members sharing a hash are never split across calls. It
// returns the cursor to continue from, 0 when no member is left: a member
// present from the first call to the last is visited at least once (exactly
// once unless fn stopped early).
func (s *Set) Scan(cursor uint64, count int, fn func(member []byte) bool) (uint64, error) {
	if e := s.o.setElems(); e != nil {
		return scanEntries(e.sorted(), cursor, count, func(he hashEntry) bool { return fn([]byte(he.field)) }), nil
	}
	if s.o.Version == 0 {
		return 0, nil
	}
	r, err := s.t.elemReader()
	if err != nil {
		return 0, err
	}
	return scanHashOrder(r, s.ks.phys, s.o.Version, nil, cursor, count, func(k, _ []byte) bool { return fn(k) })
}

// Random calls fn for n members picked at random. With distinct they are n
// different members and n must be less than Len (a caller wanting at least
// Len distinct members wants them all: Each); without, a member may come
// more than once. A loaded set picks uniformly; an element-cold one makes
// one bounded Pebble read per pick (see hash_random.go for the fairness),
// or one pass when n is a large part of the set.
func (s *Set) Random(n int, distinct bool, fn func(member []byte)) error {
	if n <= 0 || s.o.Count == 0 {
		return nil
	}
	if e := s.o.setElems(); e != nil {
		randomEntries(e.sorted(), n, distinct, func(he hashEntry) { fn([]byte(he.field)) })
		return nil
	}
	each := func(visit func(a, _ []byte) bool) error {
		return s.Each(func(k []byte) bool { return visit(k, nil) })
	}
	return s.randomCold(n, distinct, nil, "set", "member", nil, each, func(k, _ []byte) { fn(k) })
}

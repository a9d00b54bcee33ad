package tier

import (
	"bytes"

	"github.com/tierdb/tierdb/persistence"
)

// Hashes. A field is stored as the element hashElement(field) → value. The
// 64-bit hash in front orders a hash's elements by field hash, so that a
// scan can resume from a number (HSCAN's cursor is the hash of the next
// field, as SCAN's is the hash of the next key: a field present during the
// whole scan is returned), and spreads random seeks (HRANDFIELD) over the
// fields. Loaded fields live in a hashElems, which caches them in element
// order for scans and random picks.

// hashHeaderHashtable is the bit of a hash's Header recording that Redis
// would have converted it to its hashtable encoding (OBJECT ENCODING).
const hashHeaderHashtable = 1

// hashElems is a hash's fields loaded in memory.
type hashElems struct {
	m     map[string][]byte
	order []hashEntry // m's fields sorted in element order; nil when stale
}

func (e *hashElems) len() int { return len(e.m) }

func (e *hashElems) clone() loadedElems {
	c := &hashElems{m: make(map[string][]byte, len(e.m))}
	for f, v := range e.m {
		c.m[f] = bytes.Clone(v)
	}
	return c
}

func (e *hashElems) store(b *persistence.Batch, phys uint32, version uint64) {
	var buf []byte
	for f, v := range e.m {
		buf = hashElement(buf[:0], []byte(f))
		b.PutElement(phys, version, buf, v)
	}
}

func (e *hashElems) each(fn func(field, value []byte) bool) {
	for f, v := range e.m {
		if !fn([]byte(f), v) {
			return
		}
	}
}

// hashElems returns o's loaded fields, nil when o is element-cold.
func (o *Object) hashElems() *hashElems {
	e, _ := o.elems.(*hashElems)
	return e
}

// NewHashObject returns a hash holding pairs (field, value, field, value
// ...; copied; a later pair wins over an earlier one with the same field),
// not yet stored: its first Put gives it a version and writes every field.
// RESTORE builds hashes this way. pairs must not be empty.
func NewHashObject(pairs [][]byte) *Object {
	m := make(map[string][]byte, len(pairs)/2)
	o := &Object{Kind: KindHash, elems: &hashElems{m: m}}
	for i := 0; i+1 < len(pairs); i += 2 {
		f, v := pairs[i], pairs[i+1]
		if old, ok := m[string(f)]; ok {
			o.elemBytes -= int64(len(old))
		} else {
			o.elemBytes += int64(len(f)) + elementOverhead
		}
		m[string(f)] = append(make([]byte, 0, len(v)), v...)
		o.elemBytes += int64(len(v))
	}
	o.Count = int64(len(m))
	return o
}

// Hashtable reports whether the hash or set is in Redis's hashtable
// encoding by the rules the engine applies (MarkHashtable); once it is, it
// stays (but see Set.SetHashtable).
func (o *Object) Hashtable() bool {
	return len(o.Header) > 0 && o.Header[0]&hashHeaderHashtable != 0
}

// MarkHashtable records that the hash or set is in Redis's hashtable
// encoding. The change is stored by the next Put of o; use
// Hash.MarkHashtable or Set.SetHashtable on a stored one.
func (o *Object) MarkHashtable() {
	if !o.Hashtable() {
		o.Header = []byte{hashHeaderHashtable}
	}
}

// Hash is the typed handle of one hash key within a Txn: every read and
// change of a hash goes through it, whichever tier its fields are in. The
// caller holds the key's shard lock, as for the Txn. Values returned by a
// Hash are valid until its next change and must not be modified.
type Hash struct {
	handle
}

// Hash returns the handle of the hash o that Get or Peek found at key in
// database db. A hash of at most loadMax fields whose key is in the hot set
// is loaded into memory now.
func (t *Txn) Hash(db int, key []byte, o *Object) (*Hash, error) {
	if err := checkKind(key, o, KindHash, "a hash"); err != nil {
		return nil, err
	}
	h := &Hash{t.handle(db, key, o)}
	if h.loadable() {
		if err := h.load(); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// NewHash returns the handle of a new, empty hash for key in database db,
// where no live key is. Nothing is stored until the first Set.
func (t *Txn) NewHash(db int, key []byte) *Hash {
	o := &Object{Kind: KindHash, elems: &hashElems{m: map[string][]byte{}}}
	return &Hash{t.handle(db, key, o)}
}

// load reads every field into memory.
func (h *Hash) load() error {
	r, err := h.t.elemReader()
	if err != nil {
		return err
	}
	m := make(map[string][]byte, h.o.Count)
	var size int64
	_, err = scanHashOrder(r, h.ks.phys, h.o.Version, nil, 0, -1, func(f, v []byte) bool {
		m[string(f)] = append(make([]byte, 0, len(v)), v...)
		size += int64(len(f)+len(v)) + elementOverhead
		return true
	})
	if err != nil {
		return err
	}
	return h.install(&hashElems{m: m}, size, "hash", "fields")
}

// Get returns the value of field and whether it exists.
func (h *Hash) Get(field []byte) ([]byte, bool, error) {
	if e := h.o.hashElems(); e != nil {
		v, ok := e.m[string(field)]
		return v, ok, nil
	}
	if h.o.Version == 0 {
		return nil, false, nil
	}
	r, err := h.t.elemReader()
	if err != nil {
		return nil, false, err
	}
	return r.GetElement(h.ks.phys, h.o.Version, h.hashElement(field))
}

// Exists reports whether field exists.
func (h *Hash) Exists(field []byte) (bool, error) {
	_, ok, err := h.Get(field)
	return ok, err
}

// Set stores value at field, creating the key if this is its first field,
// and reports whether the field is new. value is copied.
func (h *Hash) Set(field, value []byte) (bool, error) {
	old, exists, err := h.Get(field)
	if err != nil {
		return false, err
	}
	if err := h.ensureVersion(); err != nil {
		return false, err
	}
	h.t.b().PutElement(h.ks.phys, h.o.Version, h.hashElement(field), value)
	if e := h.o.hashElems(); e != nil {
		if exists {
			h.o.elemBytes += int64(len(value) - len(old))
		} else {
			h.o.elemBytes += int64(len(field)+len(value)) + elementOverhead
			e.order = nil
		}
		e.m[string(field)] = append(make([]byte, 0, len(value)), value...)
	}
	if !exists {
		h.grew()
	}
	return !exists, h.t.Put(h.db, h.key, h.o)
}

// Del deletes field and reports whether it existed. Deleting the last
// field deletes the key, as Redis does.
func (h *Hash) Del(field []byte) (bool, error) {
	old, exists, err := h.Get(field)
	if err != nil || !exists {
		return false, err
	}
	h.t.b().DeleteElement(h.ks.phys, h.o.Version, h.hashElement(field))
	if e := h.o.hashElems(); e != nil {
		delete(e.m, string(field))
		h.o.elemBytes -= int64(len(field)+len(old)) + elementOverhead
		e.order = nil
	}
	h.o.Count--
	return true, h.settle()
}

// MarkHashtable records that the hash is in Redis's hashtable encoding and
// stores that if the hash is stored already.
func (h *Hash) MarkHashtable() error {
	if h.o.Hashtable() {
		return nil
	}
	h.o.MarkHashtable()
	return h.storeHeader()
}

// sorted returns the loaded fields in element order (by hash, then bytes),
// cached until the next field is added or deleted.
func (e *hashElems) sorted() []hashEntry {
	if e.order == nil && len(e.m) > 0 {
		e.order = entriesByHash(e.m)
	}
	return e.order
}

// Each calls fn for every field and its value, in element order, until fn
// returns false.
func (h *Hash) Each(fn func(field, value []byte) bool) error {
	_, err := h.Scan(0, -1, fn)
	return err
}

// Scan calls fn for the fields whose hash is ≥ cursor, in element order,
// until about count fields were visited (count < 0: all of them) or fn
// returns false. Fields sharing a hash are never split across calls. It
// returns the cursor to continue from, 0 when no field is left: a field
// present from the first call to the last is visited at least once (exactly
// once unless fn stopped early).
func (h *Hash) Scan(cursor uint64, count int, fn func(field, value []byte) bool) (uint64, error) {
	if he := h.o.hashElems(); he != nil {
		return scanEntries(he.sorted(), cursor, count, func(e hashEntry) bool {
			return fn([]byte(e.field), he.m[e.field])
		}), nil
	}
	if h.o.Version == 0 {
		return 0, nil
	}
	r, err := h.t.elemReader()
	if err != nil {
		return 0, err
	}
	return scanHashOrder(r, h.ks.phys, h.o.Version, nil, cursor, count, fn)
}

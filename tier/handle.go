package tier

import (
	"fmt"

	"github.com/tierdb/tierdb/persistence"
)

// handle is what every typed collection handle (Hash, Set, ZSet, List)
// holds, and the steps their constructors, loads and changes share: the
// kinds differ in their elements, not in how a handle is made, loaded,
// given a version, re-accounted and stored.
type handle struct {
	t   *Txn
	db  int
	ks  *keyspace
	key []byte
	o   *Object
	buf []byte
}

// handle returns the handle state of o at key in database db.
func (t *Txn) handle(db int, key []byte, o *Object) handle {
	return handle{t: t, db: db, ks: t.s.keyspace(db), key: key, o: o}
}

// checkKind returns an error unless o, found at key, is of kind k (named
// what: "a hash" ...).
func checkKind(key []byte, o *Object, k uint8, what string) error {
	if o.Kind != k {
		return fmt.Errorf("tier: key %q holds kind %d, not %s", key, o.Kind, what)
	}
	return nil
}

// Object is the collection's object (kind, TTL, Count, encoding).
func (c *handle) Object() *Object { return c.o }

// Len is the number of elements.
func (c *handle) Len() int64 { return c.o.Count }

// loadable reports whether the collection's elements are to be loaded into
// memory when its handle is made: a stored collection of at most loadMax
// elements, not loaded yet, whose key is in the hot set. A cold key served
// without promotion (its record read for this Txn only) is not loaded, since
// nothing would account for its elements: it is served by point and range
// reads.
func (c *handle) loadable() bool {
	return !c.o.loaded() && c.o.Count <= loadMax && c.o.Version != 0 && c.t.isHot(c.ks, c.key, c.o)
}

// install makes e, the elements a load read (size bytes), the loaded
// elements after checking that there are as many as the count says (what
// and elems name the kind and its elements for the error: "hash",
// "fields"), and re-accounts the object.
func (c *handle) install(e loadedElems, size int64, what, elems string) error {
	if n := int64(e.len()); n != c.o.Count {
		return fmt.Errorf("tier: %s %q: %d %s stored, count says %d: %w", what, c.key, n, elems, c.o.Count, persistence.ErrCorrupt)
	}
	c.o.elems, c.o.elemBytes = e, size
	c.reaccount()
	return nil
}

// reaccount re-accounts the object's footprint if it is in the hot set.
func (c *handle) reaccount() {
	if c.t.isHot(c.ks, c.key, c.o) {
		c.t.s.resize(c.ks, c.o, string(c.key))
	}
}

// ensureVersion gives a collection never stored its version, before its
// first element is written.
func (c *handle) ensureVersion() error {
	if c.o.Version != 0 {
		return nil
	}
	v, err := c.t.s.db.NewVersion()
	if err != nil {
		return err
	}
	c.o.Version = v
	return nil
}

// grew counts one new element, dropping the loaded elements from memory
// once there are more than unloadAbove.
func (c *handle) grew() {
	c.o.Count++
	if c.o.loaded() && c.o.Count > unloadAbove {
		c.o.unload()
	}
}

// settle stores the meta record after elements were removed, or deletes
// the key when none is left, as Redis does.
func (c *handle) settle() error {
	if c.o.Count == 0 {
		return c.t.remove(c.db, c.key, c.o)
	}
	return c.t.Put(c.db, c.key, c.o)
}

// storeHeader stores a changed Header if the collection is stored already
// (one not stored yet gets it with its first element).
func (c *handle) storeHeader() error {
	if c.o.Version == 0 || c.o.Count == 0 {
		return nil
	}
	return c.t.Put(c.db, c.key, c.o)
}

// hashElement returns the element bytes of name in a hash-ordered
// collection (hash fields, set members), in the handle's buffer.
func (c *handle) hashElement(name []byte) []byte {
	c.buf = hashElement(c.buf[:0], name)
	return c.buf
}

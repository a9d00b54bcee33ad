package tier

import (
	"bytes"
	"fmt"

	"github.com/tierdb/tierdb/persistence"
)

// Collections: what every collection kind (hash, list, set, sorted set,
// stream) shares. The hash (hash.go) is the first and sets the pattern.
//
// # Storage
//
// A collection's Object holds its metadata (Version, Count, Header) and is
// stored as its key's meta record; each element is one Pebble key under
// ('e', keyspace, Version), whose bytes the kind chooses (a hash puts a
// 64-bit hash of the field before the field, so that a number can resume
// a scan). A key instance gets a fresh Version when it is created, so
// deleting it is one range deletion and a re-created key never reads the
// tombstones of an old one.
//
// # Typed handles
//
// Commands change a collection only through its typed handle (Txn.Hash,
// Txn.NewHash ...), written once for both tiers: every call either uses the
// elements loaded in memory or reads Pebble, and every change writes the
// element (or its deletion) and the meta record to the Txn's batch. Nothing
// ever rewrites a whole collection to change part of it.
//
// # Loaded and element-cold
//
// A collection's elements are loaded into memory when its handle is made
// and its Count is at most loadMax; a bigger one stays element-cold (its
// metadata is in memory, its elements in Pebble) and is served by point
// reads and bounded range reads, so a point read of a cold big collection
// reads one element. A loaded collection keeps its elements while it grows,
// up to unloadAbove (millions), so that one hovering around loadMax is not
// loaded and dropped on every command and one growing while hot keeps
// Redis's speed; evicting the key drops them. Loaded elements count in the
// key's footprint.
//
// # Reads see the Txn's own writes
//
// Element writes go into the Txn's batch like any other change; element
// reads go through that batch once it exists, made indexed on the first
// such read (persistence.Batch.MakeIndexed), so that a command (or
// MULTI/EXEC) reads what it wrote before: HSET k f 1 f 2 must find f the
// second time. A command that only writes keeps the cheaper plain batch.
//
// # Deleting, renaming, moving, copying
//
// Txn.remove and a Txn.Put replacing a collection with another object
// range-delete the old version's elements in the same batch. Rename keeps
// the version (the elements stay where they are: O(1)); Copy gives the copy
// a new version and copies the elements (O(n), as in Redis); Move copies
// them too, because element keys carry the physical keyspace: O(n) where
// Redis's MOVE is O(1), a deliberate price of the one-keyspace-per-db
// layout (SWAPDB stays O(1)).

// unloadAbove is the Count past which loaded elements are dropped from
// memory. It is far above loadMax: a collection that grows while it is
// used stays decoded, as Redis keeps it (redis-benchmark's HSET, ZADD and
// LRANGE on one growing key ran at about half the speed when it was
// dropped at 2 × loadMax and served from Pebble); the memory it takes is
// accounted, and the evictor bounds it by evicting the whole key, which
// then stays element-cold. A variable only so that tests can lower it.
var unloadAbove int64 = 1 << 22

const (
	// loadMax is the largest Count whose elements are loaded into memory
	// when the collection is accessed.
	loadMax = 4096
	// elementOverhead approximates what a loaded element costs beyond its
	// bytes: map entry, string and slice headers, order cache slot.
	elementOverhead = 80
)

// rangeReader is elemReader for the kinds that read bounded ranges.
func (t *Txn) rangeReader() (persistence.ElementRangeReader, error) {
	r, err := t.elemReader()
	if err != nil {
		return nil, err
	}
	rr, ok := r.(persistence.ElementRangeReader)
	if !ok {
		return nil, fmt.Errorf("tier: element reader %T reads no ranges", r)
	}
	return rr, nil
}

// elemReader is where the Txn reads elements: Pebble's committed state
// until the Txn writes, then its batch (indexed, so that reads see the
// writes).
func (t *Txn) elemReader() (persistence.ElementReader, error) {
	if t.batch == nil {
		return t.s.db, nil
	}
	if err := t.batch.MakeIndexed(); err != nil {
		return nil, err
	}
	return t.batch, nil
}

// loadedElems is a collection's elements held in memory, in the holder of
// its kind (hashElems ...). The typed handle of the kind reads and changes
// its own holder; these methods are what the kind-independent code needs.
type loadedElems interface {
	// len is the number of elements.
	len() int
	// clone returns a deep copy (COPY).
	clone() loadedElems
	// store writes every element under (phys, version) to b: the first
	// store of a collection built in memory (RESTORE).
	store(b *persistence.Batch, phys uint32, version uint64)
	// each calls fn for every element until fn returns false, as the pairs
	// the kind's DUMP payload lists (a hash: field and value; a set: the
	// member and nil ...). Order is the holder's.
	each(fn func(a, b []byte) bool)
}

// materialize stores the elements of a collection built in memory and never
// stored (Version 0; RESTORE builds collections so): it gets a fresh version
// and each loaded element is written. A big one is then dropped from memory.
func (t *Txn) materialize(ks *keyspace, o *Object) error {
	if o.elems == nil || o.elems.len() == 0 {
		return fmt.Errorf("tier: a new collection of kind %d must be built with its elements (NewHashObject ...)", o.Kind)
	}
	v, err := t.s.db.NewVersion()
	if err != nil {
		return err
	}
	o.elems.store(t.b(), ks.phys, v)
	o.Version, o.Count = v, int64(o.elems.len())
	if o.Count > unloadAbove {
		o.unload()
	}
	return nil
}

// unload drops the loaded elements of o from memory; the caller re-accounts
// o (Put, or resize).
func (o *Object) unload() {
	o.elems, o.elemBytes = nil, 0
}

// loaded reports whether o's elements are in memory.
func (o *Object) loaded() bool { return o.elems != nil }

// EachLoaded calls fn for the elements of a collection whose elements are
// in memory (one built by NewHashObject ... always is), as the pairs its
// kind's DUMP lists, until fn returns false; it reads no disk and needs no
// Txn, so it serves values not stored yet (RESTORE's checks, DUMP tests).
// Order is unspecified.
func (o *Object) EachLoaded(fn func(a, b []byte) bool) {
	if o.elems != nil {
		o.elems.each(fn)
	}
}

// isHot reports whether o is the hot object of key in ks, so that a change
// of its footprint must be accounted now (an object not stored yet is
// accounted when it is inserted).
func (t *Txn) isHot(ks *keyspace, key []byte, o *Object) bool {
	return ks.hot[ShardOf(key)][string(key)] == o
}

// Rename moves the object o, found at src in database db, to dst with its
// TTL, replacing what dst held. A collection (or chunked string) keeps its
// version, so its elements stay where they are: O(1) whatever its size.
func (t *Txn) Rename(db int, src, dst []byte, o *Object) error {
	if bytes.Equal(src, dst) {
		return nil
	}
	if err := t.drop(db, src, o, false); err != nil {
		return err
	}
	return t.Put(db, dst, o)
}

// Move moves the object o from key in database src to the same key in
// database dst (which the caller checked is free). A collection's (or
// chunked string's) elements are copied, because element keys carry the physical keyspace: O(n) in
// the number of elements, where Redis's MOVE is O(1).
func (t *Txn) Move(src, dst int, key []byte, o *Object) error {
	if o.Version != 0 {
		if err := t.copyElements(t.s.keyspace(src).phys, o.Version, t.s.keyspace(dst).phys, o.Version); err != nil {
			return err
		}
	}
	if err := t.drop(src, key, o, true); err != nil {
		return err
	}
	return t.Put(dst, key, o)
}

// Copy stores a deep copy of o, found in database src, at key dst of
// database dstDB, replacing what it held: the same kind, value, elements
// and TTL, with no access history. A collection's (or chunked string's)
// copy gets a new version and its own copy of every element (O(n), as in
// Redis).
func (t *Txn) Copy(src int, o *Object, dstDB int, dst []byte) error {
	c := &Object{Kind: o.Kind, ExpireAt: o.ExpireAt, Str: bytes.Clone(o.Str), Header: bytes.Clone(o.Header)}
	if o.Version != 0 {
		v, err := t.s.db.NewVersion()
		if err != nil {
			return err
		}
		if err := t.copyElements(t.s.keyspace(src).phys, o.Version, t.s.keyspace(dstDB).phys, v); err != nil {
			return err
		}
		c.Version, c.Count = v, o.Count
		if o.elems != nil {
			c.elems, c.elemBytes = o.elems.clone(), o.elemBytes
		}
	}
	return t.Put(dstDB, dst, c)
}

// copyElements copies every element of one version to another, as this Txn
// sees them (its own writes included: the batch is made indexed).
func (t *Txn) copyElements(phys uint32, version uint64, dstPhys uint32, dstVersion uint64) error {
	b := t.b()
	if err := b.MakeIndexed(); err != nil {
		return err
	}
	_, err := b.CopyElements(phys, version, dstPhys, dstVersion)
	return err
}

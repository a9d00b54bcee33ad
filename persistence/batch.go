package persistence

import (
	"github.com/cockroachdb/pebble/v2"
)

// Batch collects the changes of one command (or one MULTI/EXEC) and applies
// them atomically on Commit. It is not safe for concurrent use.
type Batch struct {
	d       *DB
	b       *pebble.Batch
	buf     []byte
	indexed bool
}

// NewBatch starts a batch. An indexed batch lets GetMeta see the batch's own
// writes, which MULTI/EXEC needs when a later command reads a key that an
// earlier one wrote only to disk.
func (d *DB) NewBatch(indexed bool) *Batch {
	if indexed {
		return &Batch{d: d, b: d.pdb.NewIndexedBatch(), indexed: true}
	}
	return &Batch{d: d, b: d.pdb.NewBatch()}
}

// Empty reports whether the batch holds no change.
func (b *Batch) Empty() bool { return b.b.Empty() }

// PutMeta stores the metadata record of key, encoded in place in the
// batch (a string's value is copied once, not through a buffer of its
// own).
func (b *Batch) PutMeta(phys uint32, key []byte, m *Meta) {
	op := b.b.SetDeferred(metaKeyLen(key), m.encodedLen())
	k := metaKey(op.Key[:0], phys, KeyHash(key), key)
	v := m.AppendEncode(op.Value[:0])
	if len(k) != len(op.Key) || len(v) != len(op.Value) {
		panic("persistence: meta record lengths disagree with their encoding")
	}
	_ = op.Finish()
}

// DeleteMeta removes the metadata record of key.
func (b *Batch) DeleteMeta(phys uint32, key []byte) {
	b.buf = metaKey(b.buf[:0], phys, KeyHash(key), key)
	_ = b.b.Delete(b.buf, nil)
}

// SetExpiry moves key's expiry index entry from old to new (0 means none).
func (b *Batch) SetExpiry(phys uint32, key []byte, old, new int64) {
	if old == new {
		return
	}
	h := KeyHash(key)
	if old != 0 {
		_ = b.b.Delete(expiryKey(old, phys, h, key), nil)
	}
	if new != 0 {
		_ = b.b.Set(expiryKey(new, phys, h, key), nil, nil)
	}
}

// AddCount adjusts the key count of keyspace phys by delta.
func (b *Batch) AddCount(phys uint32, delta int64) {
	if delta != 0 {
		_ = b.b.Merge(countKey(phys), encodeInt64(delta), nil)
	}
}

// PutElement stores one element of a collection version.
func (b *Batch) PutElement(phys uint32, version uint64, element, value []byte) {
	b.buf = elementKey(b.buf[:0], phys, version, element)
	_ = b.b.Set(b.buf, value, nil)
}

// DeleteElement removes one element of a collection version.
func (b *Batch) DeleteElement(phys uint32, version uint64, element []byte) {
	b.buf = elementKey(b.buf[:0], phys, version, element)
	_ = b.b.Delete(b.buf, nil)
}

// DeleteElements removes every element of a collection version with one
// range deletion: O(1) for the writer, reclaimed by compaction.
func (b *Batch) DeleteElements(phys uint32, version uint64) {
	lo := elementPrefix(phys, version)
	hi := elementPrefix(phys, version+1)
	_ = b.b.DeleteRange(lo, hi, nil)
}

// DropKeyspace deletes every key of keyspace phys and zeroes its count.
// Expiry index entries are left behind; the expiry loop discards entries
// whose key no longer exists.
func (b *Batch) DropKeyspace(phys uint32) {
	for _, tag := range []byte{tagMeta, tagElement} {
		lo, hi := keyspaceBounds(tag, phys)
		_ = b.b.DeleteRange(lo, hi, nil)
	}
	_ = b.b.Set(countKey(phys), encodeInt64(0), nil)
}

// SetDBMap records that logical database n uses keyspace phys.
func (b *Batch) SetDBMap(logical, phys uint32) {
	_ = b.b.Set(dbMapKey(logical), appendU32(nil, phys), nil)
}

// GetMeta reads key's metadata, seeing this batch's writes if it is indexed.
func (b *Batch) GetMeta(phys uint32, key []byte) (Meta, bool, error) {
	if !b.indexed {
		return b.d.GetMeta(phys, key)
	}
	return getMeta(b.b, phys, key)
}

// Commit applies the batch under the store's sync policy and releases it.
// Under SyncAlways it returns only once the WAL is on stable storage.
func (b *Batch) Commit() error {
	defer b.Close()
	if b.b.Empty() {
		return nil
	}
	if b.d.closed.Load() {
		return ErrClosed
	}
	opts := pebble.NoSync
	if b.d.SyncPolicy() == SyncAlways {
		opts = pebble.Sync
	}
	return b.b.Commit(opts)
}

// Close releases the batch without applying it. It is safe to call twice.
func (b *Batch) Close() {
	if b.b != nil {
		_ = b.b.Close()
		b.b = nil
	}
}

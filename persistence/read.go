package persistence

import (
	"bytes"
	"errors"
	"io"

	"github.com/cockroachdb/pebble/v2"
)

type getter interface {
	Get(key []byte) ([]byte, io.Closer, error)
}

// get returns a copy of the value at k.
func (d *DB) get(k []byte) ([]byte, bool, error) {
	if d.closed.Load() {
		return nil, false, ErrClosed
	}
	return getCopy(d.pdb, k)
}

func getCopy(g getter, k []byte) ([]byte, bool, error) {
	v, closer, err := g.Get(k)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	out := bytes.Clone(v)
	if out == nil {
		out = []byte{}
	}
	_ = closer.Close()
	return out, true, nil
}

func getMeta(g getter, phys uint32, key []byte) (Meta, bool, error) {
	v, ok, err := getCopy(g, metaKey(nil, phys, KeyHash(key), key))
	if err != nil || !ok {
		return Meta{}, false, err
	}
	m, err := DecodeMeta(v)
	return m, err == nil, err
}

// GetMeta reads the metadata record of key in keyspace phys. The returned
// Meta owns its memory.
func (d *DB) GetMeta(phys uint32, key []byte) (Meta, bool, error) {
	if d.closed.Load() {
		return Meta{}, false, ErrClosed
	}
	return getMeta(d.pdb, phys, key)
}

// MetaEntry is one key seen by a scan of metadata. Key aliases the iterator's
// memory and is valid only during the callback.
type MetaEntry struct {
	Hash     uint64
	Key      []byte
	Type     uint8
	ExpireAt int64
}

// ScanMeta calls fn for the keys of keyspace phys in hash order, starting at
// the first key whose hash is ≥ from, until fn returns false.
func (d *DB) ScanMeta(phys uint32, from uint64, fn func(MetaEntry) bool) error {
	if d.closed.Load() {
		return ErrClosed
	}
	_, upper := keyspaceBounds(tagMeta, phys)
	it, err := d.pdb.NewIter(&pebble.IterOptions{LowerBound: metaPrefix(phys, from), UpperBound: upper})
	if err != nil {
		return err
	}
	for valid := it.First(); valid; valid = it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			_ = it.Close()
			return err
		}
		typ, exp, ok := peekMeta(v)
		if !ok {
			_ = it.Close()
			return ErrCorrupt
		}
		hash, key := splitMetaKey(it.Key())
		if !fn(MetaEntry{Hash: hash, Key: key, Type: typ, ExpireAt: exp}) {
			break
		}
	}
	return it.Close()
}

// ScanExpiry calls fn for expiry index entries with expire-at ≤ until, oldest
// first, until fn returns false. key is valid only during fn.
func (d *DB) ScanExpiry(until int64, fn func(expireAt int64, phys uint32, key []byte) bool) error {
	if d.closed.Load() {
		return ErrClosed
	}
	upper := appendU64([]byte{tagExpiry}, uint64(until)+1)
	it, err := d.pdb.NewIter(&pebble.IterOptions{LowerBound: []byte{tagExpiry}, UpperBound: upper})
	if err != nil {
		return err
	}
	for valid := it.First(); valid; valid = it.Next() {
		exp, phys, key := splitExpiryKey(it.Key())
		if !fn(exp, phys, key) {
			break
		}
	}
	return it.Close()
}

// DeleteExpiry removes one expiry index entry whose key is already gone.
func (d *DB) DeleteExpiry(expireAt int64, phys uint32, key []byte) error {
	if d.closed.Load() {
		return ErrClosed
	}
	return d.pdb.Delete(expiryKey(expireAt, phys, KeyHash(key), key), pebble.NoSync)
}

// DBMap returns the keyspace of each of the first n logical databases;
// unmapped databases use the keyspace with their own number.
func (d *DB) DBMap(n int) ([]uint32, error) {
	out := make([]uint32, n)
	for i := range out {
		v, ok, err := d.get(dbMapKey(uint32(i)))
		if err != nil {
			return nil, err
		}
		out[i] = uint32(i)
		if ok && len(v) == 4 {
			out[i] = uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3])
		}
	}
	return out, nil
}

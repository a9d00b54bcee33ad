package persistence

import (
	"encoding/binary"

	"github.com/cockroachdb/pebble/v2"
)

// Reading the elements of collections: point reads and ordered scans of the
// 'e' keys of one collection version. Writing them is in batch.go
// (PutElement, DeleteElement, DeleteElements).
//
// What an element's bytes mean is the owning type's business (tier encodes a
// hash field, say, with a hash prefix); here they are opaque and ordered
// bytewise.

// ElementReader reads the elements of collection versions: the DB reads
// committed state, an indexed Batch also sees its own writes.
type ElementReader interface {
	// GetElement returns a copy of one element's value.
	GetElement(phys uint32, version uint64, element []byte) ([]byte, bool, error)
	// ScanElements calls fn for the elements of one version whose bytes are
	// ≥ from, in byte order, until fn returns false. element and value are
	// valid only during fn.
	ScanElements(phys uint32, version uint64, from []byte, fn func(element, value []byte) bool) error
}

var (
	_ ElementReader = (*DB)(nil)
	_ ElementReader = (*Batch)(nil)
)

// GetElement reads one element of a collection version from committed state.
func (d *DB) GetElement(phys uint32, version uint64, element []byte) ([]byte, bool, error) {
	if d.closed.Load() {
		return nil, false, ErrClosed
	}
	return getCopy(d.pdb, elementKey(nil, phys, version, element))
}

// ScanElements calls fn for the committed elements of a collection version
// that are ≥ from, in byte order, until fn returns false.
func (d *DB) ScanElements(phys uint32, version uint64, from []byte, fn func(element, value []byte) bool) error {
	return d.walkElements(elementRangeBounds(phys, version, from, nil), false, fn)
}

// GetElement reads one element, seeing this batch's writes if it is indexed.
func (b *Batch) GetElement(phys uint32, version uint64, element []byte) ([]byte, bool, error) {
	if !b.indexed {
		return b.d.GetElement(phys, version, element)
	}
	if b.d.closed.Load() {
		return nil, false, ErrClosed
	}
	return getCopy(b.b, elementKey(nil, phys, version, element))
}

// ScanElements is DB.ScanElements seeing this batch's writes (puts, deletes
// and range deletions made before the call) if it is indexed.
func (b *Batch) ScanElements(phys uint32, version uint64, from []byte, fn func(element, value []byte) bool) error {
	return b.walkElements(elementRangeBounds(phys, version, from, nil), false, fn)
}

// Indexed reports whether reads through the batch see its own writes.
func (b *Batch) Indexed() bool { return b.indexed }

// MakeIndexed turns the batch into an indexed one, keeping every change it
// holds, so that later reads through it see its writes. The cost is a copy
// of the changes so far; a batch that is already indexed is left alone.
func (b *Batch) MakeIndexed() error {
	if b.indexed {
		return nil
	}
	nb := b.d.pdb.NewIndexedBatch()
	if err := nb.Apply(b.b, nil); err != nil {
		_ = nb.Close()
		return err
	}
	_ = b.b.Close()
	b.b, b.indexed = nb, true
	return nil
}

// ScanKeyspaceElements calls fn for every committed element of keyspace
// phys, of every version, in key order, until fn returns false. It is meant
// for consistency checks (every element belongs to a live key), not for
// serving commands.
func (d *DB) ScanKeyspaceElements(phys uint32, fn func(version uint64, element, value []byte) bool) error {
	if d.closed.Load() {
		return ErrClosed
	}
	lo, hi := keyspaceBounds(tagElement, phys)
	it, err := d.pdb.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: hi})
	if err != nil {
		return err
	}
	for valid := it.First(); valid; valid = it.Next() {
		k := it.Key()
		v, err := it.ValueAndErr()
		if err != nil {
			_ = it.Close()
			return err
		}
		if len(k) < elementHeader {
			_ = it.Close()
			return ErrCorrupt
		}
		if !fn(binary.BigEndian.Uint64(k[5:13]), k[elementHeader:], v) {
			break
		}
	}
	return it.Close()
}

// elementHeader is the length of an element key before the element bytes:
// tag, phys, version.
const elementHeader = 1 + 4 + 8

// walkElements walks the committed elements within bounds, forwards or
// backwards, until fn returns false: what every element scan of the DB
// shares.
func (d *DB) walkElements(bounds *pebble.IterOptions, reverse bool, fn func(element, value []byte) bool) error {
	if d.closed.Load() {
		return ErrClosed
	}
	it, err := d.pdb.NewIter(bounds)
	if err != nil {
		return err
	}
	return walkIter(it, reverse, fn)
}

// walkElements is DB.walkElements seeing this batch's writes if it is
// indexed.
func (b *Batch) walkElements(bounds *pebble.IterOptions, reverse bool, fn func(element, value []byte) bool) error {
	if !b.indexed {
		return b.d.walkElements(bounds, reverse, fn)
	}
	if b.d.closed.Load() {
		return ErrClosed
	}
	it, err := b.b.NewIter(bounds)
	if err != nil {
		return err
	}
	return walkIter(it, reverse, fn)
}

// copyChunk is how many elements CopyElements reads before writing them, so
// that it never writes to the batch it is iterating.
const copyChunk = 256

// CopyElements writes every element of (phys, version) as seen through the
// batch (its own writes included if it is indexed) under (dstPhys,
// dstVersion), and returns how many it copied. The two versions must
// differ, or the keyspaces must.
func (b *Batch) CopyElements(phys uint32, version uint64, dstPhys uint32, dstVersion uint64) (int64, error) {
	var (
		n     int64
		from  []byte
		chunk [][2][]byte
	)
	for {
		chunk = chunk[:0]
		err := b.ScanElements(phys, version, from, func(e, v []byte) bool {
			chunk = append(chunk, [2][]byte{append([]byte(nil), e...), append([]byte(nil), v...)})
			return len(chunk) < copyChunk
		})
		if err != nil {
			return n, err
		}
		for _, kv := range chunk {
			b.PutElement(dstPhys, dstVersion, kv[0], kv[1])
		}
		n += int64(len(chunk))
		if len(chunk) < copyChunk {
			return n, nil
		}
		from = append(chunk[len(chunk)-1][0], 0) // the least element after the last one
	}
}

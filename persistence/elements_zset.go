package persistence

import "github.com/cockroachdb/pebble/v2"

// Descending scans of a collection version's elements, for the kinds whose
// elements are kept in an order that is read from either end (a sorted
// set's score index: ZREVRANGE, ZPOPMAX). The forward scan is in
// elements.go.

// ReverseElementReader reads the elements of a collection version from the
// highest down: the DB reads committed state, an indexed Batch also sees its
// own writes.
type ReverseElementReader interface {
	// ScanElementsReverse calls fn for the elements of one version whose
	// bytes are < below (every element when below is nil), in descending
	// byte order, until fn returns false. element and value are valid only
	// during fn.
	ScanElementsReverse(phys uint32, version uint64, below []byte, fn func(element, value []byte) bool) error
}

var (
	_ ReverseElementReader = (*DB)(nil)
	_ ReverseElementReader = (*Batch)(nil)
)

// ScanElementsReverse calls fn for the committed elements of a collection
// version that are < below (all when below is nil), highest first, until fn
// returns false.
func (d *DB) ScanElementsReverse(phys uint32, version uint64, below []byte, fn func(element, value []byte) bool) error {
	if d.closed.Load() {
		return ErrClosed
	}
	it, err := d.pdb.NewIter(reverseBounds(phys, version, below))
	if err != nil {
		return err
	}
	return scanElementsReverse(it, fn)
}

// ScanElementsReverse is DB.ScanElementsReverse seeing this batch's writes
// if it is indexed.
func (b *Batch) ScanElementsReverse(phys uint32, version uint64, below []byte, fn func(element, value []byte) bool) error {
	if !b.indexed {
		return b.d.ScanElementsReverse(phys, version, below, fn)
	}
	if b.d.closed.Load() {
		return ErrClosed
	}
	it, err := b.b.NewIter(reverseBounds(phys, version, below))
	if err != nil {
		return err
	}
	return scanElementsReverse(it, fn)
}

// reverseBounds are the iterator bounds of the elements < below of a
// version (all of them when below is nil).
func reverseBounds(phys uint32, version uint64, below []byte) *pebble.IterOptions {
	hi := elementPrefix(phys, version+1)
	if below != nil {
		hi = elementKey(nil, phys, version, below)
	}
	return &pebble.IterOptions{LowerBound: elementPrefix(phys, version), UpperBound: hi}
}

// scanElementsReverse walks it from its last key down, strips the element
// key header and closes it.
func scanElementsReverse(it *pebble.Iterator, fn func(element, value []byte) bool) error {
	for valid := it.Last(); valid; valid = it.Prev() {
		v, err := it.ValueAndErr()
		if err != nil {
			_ = it.Close()
			return err
		}
		if !fn(it.Key()[elementHeader:], v) {
			break
		}
	}
	return it.Close()
}

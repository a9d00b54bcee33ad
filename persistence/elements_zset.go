package persistence

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
	return d.walkElements(elementRangeBounds(phys, version, nil, below), true, fn)
}

// ScanElementsReverse is DB.ScanElementsReverse seeing this batch's writes
// if it is indexed.
func (b *Batch) ScanElementsReverse(phys uint32, version uint64, below []byte, fn func(element, value []byte) bool) error {
	return b.walkElements(elementRangeBounds(phys, version, nil, below), true, fn)
}

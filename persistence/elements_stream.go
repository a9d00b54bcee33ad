package persistence

import (
	"github.com/cockroachdb/pebble/v2"
)

// Bounded element ranges, in both directions, and range deletion of part
// of a collection version: what streams need (XREVRANGE reads backwards
// from an ID, XTRIM drops a run of entries at once). Lists and sorted sets
// may use them too.

// ElementRangeReader reads a bounded range of one collection version's
// elements, forwards or backwards. The DB reads committed state; an indexed
// Batch also sees its own writes.
type ElementRangeReader interface {
	ElementReader
	// RangeElements calls fn for the elements of one version whose bytes
	// are in [lo, hi) (hi nil: up to the version's end), in byte order, or
	// in reverse byte order when reverse is set, until fn returns false.
	// element and value are valid only during fn.
	RangeElements(phys uint32, version uint64, lo, hi []byte, reverse bool, fn func(element, value []byte) bool) error
}

var (
	_ ElementRangeReader = (*DB)(nil)
	_ ElementRangeReader = (*Batch)(nil)
)

// RangeElements walks committed elements in [lo, hi) of a version.
func (d *DB) RangeElements(phys uint32, version uint64, lo, hi []byte, reverse bool, fn func(element, value []byte) bool) error {
	return d.walkElements(elementRangeBounds(phys, version, lo, hi), reverse, fn)
}

// RangeElements is DB.RangeElements seeing this batch's writes if it is
// indexed.
func (b *Batch) RangeElements(phys uint32, version uint64, lo, hi []byte, reverse bool, fn func(element, value []byte) bool) error {
	return b.walkElements(elementRangeBounds(phys, version, lo, hi), reverse, fn)
}

// DeleteElementRange removes the elements of a version whose bytes are in
// [lo, hi) (hi nil: up to the version's end) with one range deletion.
func (b *Batch) DeleteElementRange(phys uint32, version uint64, lo, hi []byte) {
	o := elementRangeBounds(phys, version, lo, hi)
	_ = b.b.DeleteRange(o.LowerBound, o.UpperBound, nil)
}

// elementRangeBounds are the iterator bounds of the elements in [lo, hi)
// of a version (lo nil: from its first; hi nil: up to its end).
func elementRangeBounds(phys uint32, version uint64, lo, hi []byte) *pebble.IterOptions {
	o := &pebble.IterOptions{LowerBound: elementKey(nil, phys, version, lo)}
	if hi == nil {
		o.UpperBound = elementPrefix(phys, version+1)
	} else {
		o.UpperBound = elementKey(nil, phys, version, hi)
	}
	return o
}

// walkIter walks it forwards or backwards, strips the element key header
// and closes it.
func walkIter(it *pebble.Iterator, reverse bool, fn func(element, value []byte) bool) error {
	valid := it.First()
	if reverse {
		valid = it.Last()
	}
	for ; valid; valid = step(it, reverse) {
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

func step(it *pebble.Iterator, reverse bool) bool {
	if reverse {
		return it.Prev()
	}
	return it.Next()
}

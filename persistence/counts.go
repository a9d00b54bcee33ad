package persistence

import (
	"encoding/binary"
	"io"

	"github.com/cockroachdb/pebble/v2"
)

// countMerger adds int64 deltas, so that concurrent batches can adjust a
// keyspace's key count without reading it. Its name is part of the on-disk
// format.
var countMerger = &pebble.Merger{
	Name: "tierdb.int64add",
	Merge: func(_, value []byte) (pebble.ValueMerger, error) {
		m := &int64Adder{}
		return m, m.MergeNewer(value)
	},
}

type int64Adder struct{ sum int64 }

func (a *int64Adder) MergeNewer(v []byte) error {
	if len(v) != 8 {
		return ErrCorrupt
	}
	a.sum += int64(binary.BigEndian.Uint64(v))
	return nil
}

func (a *int64Adder) MergeOlder(v []byte) error { return a.MergeNewer(v) }

func (a *int64Adder) Finish(bool) ([]byte, io.Closer, error) {
	return appendU64(nil, uint64(a.sum)), nil, nil
}

func encodeInt64(v int64) []byte { return appendU64(nil, uint64(v)) }

// Count returns the number of keys stored in keyspace phys.
func (d *DB) Count(phys uint32) (int64, error) {
	v, ok, err := d.get(countKey(phys))
	if err != nil || !ok {
		return 0, err
	}
	if len(v) != 8 {
		return 0, ErrCorrupt
	}
	return int64(binary.BigEndian.Uint64(v)), nil
}

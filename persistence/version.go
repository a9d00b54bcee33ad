package persistence

import (
	"encoding/binary"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// versionLeaseSize is how many versions are reserved by one write of the
// high-water mark.
const versionLeaseSize = 1 << 16

// versionLease hands out collection versions that are unique across restarts:
// the stored high-water mark is always ahead of every version handed out.
type versionLease struct {
	mu    sync.Mutex
	d     *DB
	next  uint64
	limit uint64
}

func (v *versionLease) init(d *DB) error {
	v.d = d
	val, ok, err := d.get(versionKey())
	if err != nil {
		return err
	}
	start := uint64(time.Now().UnixNano())
	if ok && len(val) == 8 {
		start = max(start, binary.BigEndian.Uint64(val))
	}
	v.next, v.limit = start, start
	return nil
}

// NewVersion returns a version never returned before by this store.
func (d *DB) NewVersion() (uint64, error) {
	if d.closed.Load() {
		return 0, ErrClosed
	}
	v := &d.versions
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.next >= v.limit {
		limit := v.next + versionLeaseSize
		if err := d.pdb.Set(versionKey(), appendU64(nil, limit), pebble.Sync); err != nil {
			return 0, err
		}
		v.limit = limit
	}
	v.next++
	return v.next, nil
}

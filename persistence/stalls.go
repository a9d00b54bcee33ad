package persistence

import (
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
)

// bloomBitsPerKey sizes the sstables' bloom filters: about 1% false
// positives.
const bloomBitsPerKey = 10

// l0StopWritesThreshold is the L0 sublevel count at which Pebble stops
// writes until compactions catch up (Pebble's default is 12). Keys are
// stored in hash order, so every flushed L0 file spans the whole key space
// and L0 fills fast under a steady write load: at 12, SET of 1 KB values at
// maxmemory 64mb stalled 17-19 times for 3.4-4.3 s in all per 400k writes,
// long enough for a client's 3 s read timeout to fire on a loaded machine;
// at 32 it did not stall and ran 25-30% faster. The price is read
// amplification while the debt lasts: Zipfian GETs right after a load ran
// about 25% slower (BenchmarkTiered_GetZipf), bloom filters keeping most
// point reads off the extra sublevels.
const l0StopWritesThreshold = 32

// tune sets the Pebble options that keep a tiered store fast: bloom filters
// on every level, so that looking up a key that is not stored (every SET of
// a new key checks whether it existed) reads no data block of L0 to L5, and
// the write stall counter. Pebble's Get does not consult the last level's
// filters (an iterator with UseL6Filters would, but costs more for keys that
// are stored); the tier keeps most such lookups off Pebble (its spill
// filter).
func tune(popts *pebble.Options, opts Options) {
	popts.Levels[0].FilterPolicy = bloom.FilterPolicy(bloomBitsPerKey) // later levels inherit it
	popts.L0StopWritesThreshold = l0StopWritesThreshold
	popts.EventListener = opts.Stalls.listener()
}

// WriteStalls counts Pebble's write stalls (memtables or L0 full: writes
// wait for flushes and compactions), for INFO. Give one to Open in
// Options.Stalls; a nil *WriteStalls counts nothing.
type WriteStalls struct {
	count   atomic.Int64
	nanos   atomic.Int64 // total stalled time of finished stalls
	started atomic.Int64 // unix nanoseconds the current stall began, 0 if none
}

// Count is the number of stalls that began since Open.
func (w *WriteStalls) Count() int64 {
	if w == nil {
		return 0
	}
	return w.count.Load()
}

// Stalled reports whether writes are stalled now.
func (w *WriteStalls) Stalled() bool { return w != nil && w.started.Load() != 0 }

// Duration is the total time writes were stalled, the current stall
// included.
func (w *WriteStalls) Duration() time.Duration {
	if w == nil {
		return 0
	}
	d := w.nanos.Load()
	if s := w.started.Load(); s != 0 {
		d += time.Now().UnixNano() - s
	}
	return time.Duration(d)
}

// listener is the Pebble event listener that feeds w, or nil.
func (w *WriteStalls) listener() *pebble.EventListener {
	if w == nil {
		return nil
	}
	return &pebble.EventListener{
		WriteStallBegin: func(pebble.WriteStallBeginInfo) {
			w.count.Add(1)
			w.started.Store(time.Now().UnixNano())
		},
		WriteStallEnd: func() {
			if s := w.started.Swap(0); s != 0 {
				w.nanos.Add(time.Now().UnixNano() - s)
			}
		},
	}
}

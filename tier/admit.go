package tier

import (
	"math"

	"github.com/tierdb/tierdb/persistence"
)

// Admission: a cold key read from disk comes back into the hot set by
// frequency, not by one touch (TinyLFU). Every access of a key, hot or
// cold, is counted in a small count-min sketch; when the hot set is full, a
// cold key is promoted only if it was used more often than keys it would
// push out, estimated from a few hot keys of its shard. A scan that reads
// every cold key once therefore promotes nothing and cannot flush the
// working set; a key that is read again and again comes back. While the
// hot set has room (below its budget by admitRoom), every cold read is
// promoted. A cold read that is not promoted is served from the read (and
// kept in the cold-read cache); a write always promotes, since it writes
// the key anyway.
//
// The sketch is split by shard, each part guarded by its shard's lock, so
// counting costs no synchronisation beyond the lock the caller holds.

const (
	// sketchWidth is the number of 4-bit counters per row of one shard's
	// sketch (a power of two); with sketchDepth rows that is 4 KB a shard.
	sketchWidth = 2048
	sketchDepth = 4
	// sketchWindow is the number of counts after which every counter of a
	// shard's sketch is halved, so that old popularity fades.
	sketchWindow = 10 * sketchWidth
	// victimSamples is how many hot keys of the shard a candidate is
	// compared with.
	victimSamples = 4
	// admitRoomDiv: cold reads are promoted freely while the hot set is
	// below its budget by 1/admitRoomDiv.
	admitRoomDiv = 16
)

// sketchSeeds spread one key hash over the rows.
var sketchSeeds = [sketchDepth]uint64{0x9e3779b97f4a7c15, 0xc2b2ae3d27d4eb4f, 0x165667b19e3779f9, 0xd6e8feb86659fd93}

// freqSketch is one shard's count-min sketch of 4-bit counters, two to a
// byte.
type freqSketch struct {
	rows  [sketchDepth][sketchWidth / 2]uint8
	count int
}

// admission is the store's sketch, one part per shard, made on first use.
type admission struct {
	shards [NumShards]*freqSketch
}

func (f *freqSketch) slot(row int, h uint64) (int, uint) {
	i := int((h * sketchSeeds[row]) >> (64 - 11)) // 11 bits: sketchWidth
	return i >> 1, uint(i&1) * 4
}

// estimate is the smallest counter of h.
func (f *freqSketch) estimate(h uint64) uint8 {
	m := uint8(15)
	for r := range sketchDepth {
		b, sh := f.slot(r, h)
		m = min(m, (f.rows[r][b]>>sh)&15)
	}
	return m
}

// add counts one access of h and returns its new estimate.
func (f *freqSketch) add(h uint64) uint8 {
	m := uint8(15)
	for r := range sketchDepth {
		b, sh := f.slot(r, h)
		c := (f.rows[r][b] >> sh) & 15
		if c < 15 {
			c++
			f.rows[r][b] = f.rows[r][b]&^(15<<sh) | c<<sh
		}
		m = min(m, c)
	}
	if f.count++; f.count >= sketchWindow {
		f.halve()
	}
	return m
}

// halve divides every counter by two.
func (f *freqSketch) halve() {
	for r := range f.rows {
		for i, b := range f.rows[r] {
			f.rows[r][i] = (b >> 1) & 0x77
		}
	}
	f.count /= 2
}

// shard returns the sketch of shard i. The caller holds its lock.
func (a *admission) shard(i int) *freqSketch {
	f := a.shards[i]
	if f == nil {
		f = new(freqSketch)
		a.shards[i] = f
	}
	return f
}

// sketchHash is the hash of key in ks that the sketch counts.
func sketchHash(ks *keyspace, key []byte) uint64 {
	return persistence.KeyHash(key) ^ uint64(ks.phys)*0xff51afd7ed558ccd
}

// countAccess counts an access of a hot key. The caller holds the shard
// lock.
func (s *Store) countAccess(ks *keyspace, shard int, key []byte) {
	if s.limit.Load() != math.MaxInt64 {
		s.sketch.shard(shard).add(sketchHash(ks, key))
	}
}

// admitCold decides whether the cold record o of key, just read, goes into
// the hot set; access is false for reads that are not accesses (TYPE,
// EXISTS, OBJECT, a write's own lookup), which never promote (a write
// promotes when it stores). The caller holds the shard lock.
func (s *Store) admitCold(ks *keyspace, shard int, key []byte, o *Object, access bool) bool {
	if !access {
		return false
	}
	limit := s.limit.Load()
	if limit == math.MaxInt64 {
		return true
	}
	sk := s.sketch.shard(shard)
	f := sk.add(sketchHash(ks, key))
	size := int64(len(key)+len(o.Str)+len(o.Header)) + objectOverhead
	used := s.used.Load()
	if size > limit {
		return false // it could never stay
	}
	if s.evcfg.Load().Policy == NoEviction {
		return used+size <= limit
	}
	if used+size <= limit-limit/admitRoomDiv {
		return true
	}
	return f > s.victimFreq(ks, shard, sk)
}

// victimFreq estimates how often the keys a promotion would push out are
// used: the least count among a few hot keys of the shard (1 when it has
// none, so that a key must have been read twice).
func (s *Store) victimFreq(ks *keyspace, shard int, sk *freqSketch) uint8 {
	v, n := uint8(15), 0
	for k := range ks.hot[shard] {
		v = min(v, sk.estimate(sketchHash(ks, []byte(k))))
		if n++; n == victimSamples {
			break
		}
	}
	if n == 0 {
		return 1
	}
	return v
}

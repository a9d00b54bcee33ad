package tier

import "github.com/tierdb/tierdb/persistence"

// A spill filter remembers, in about 12 bits a key, which keys of one shard
// were spilled since the shard's cold keys were last known to be none (a
// new keyspace, FLUSHDB). While the shard's cold count is known, every key
// in Pebble but not in memory was spilled, so a key the filter has never
// seen is not stored: a write of a new key (SET) or a read of a missing
// key then costs no Pebble read, as when nothing is cold. A filter only
// grows (keys promoted or deleted stay, as false positives, which cost
// the Pebble read they would have cost without it). It is a scalable Bloom
// filter: when its newest part is full a part twice as large is added, so
// it needs no size up front and never rebuilds. Its memory is bounded: a
// shard whose filter would grow past its share of the hot set's budget
// (1/spillFilterShare of it over the shards, at least spillFilterFloor
// bytes) gives the filter up and its cold keys become uncounted, so that
// its hot misses read Pebble as they did before the filter (about two
// million keys at maxmemory 64mb).

const (
	spillFirstCap    = 256 // keys in a shard's first part
	spillBitsPerKey  = 12
	spillProbes      = 7
	spillMaxPartBits = 1 << 30 // parts stop doubling at 128 MB of bits
	spillFilterShare = 4       // all of a keyspace's filters take at most 1/4 of the hot set's budget,
	spillFilterFloor = 2048    // or 2 KB a shard (768 keys) when that is more
)

// spillFilter is one shard's filter, guarded by the shard's lock.
type spillFilter struct {
	parts []spillPart
}

// spillPart is one Bloom filter of the series.
type spillPart struct {
	bits []uint64
	mask uint64 // bit count - 1 (a power of two)
	n    int    // keys added
	cap  int    // keys it takes before the next part is added
}

// spillPartBits is the bit count of a part of capacity keys: a power of two.
func spillPartBits(capacity int) uint64 {
	nbits := uint64(64)
	for nbits < uint64(capacity)*spillBitsPerKey && nbits < spillMaxPartBits {
		nbits <<= 1
	}
	return nbits
}

func newSpillPart(capacity int) spillPart {
	nbits := spillPartBits(capacity)
	return spillPart{bits: make([]uint64, nbits/64), mask: nbits - 1, cap: capacity}
}

// spillHash is the hash of key the filter probes with.
func spillHash(key []byte) uint64 { return persistence.KeyHash(key) }

// probes derives the filter's probe sequence from h (double hashing).
func probes(h uint64) (uint64, uint64) { return h, (h>>33 | h<<31) | 1 }

func (p *spillPart) has(h uint64) bool {
	a, b := probes(h)
	for range spillProbes {
		i := a & p.mask
		if p.bits[i>>6]&(1<<(i&63)) == 0 {
			return false
		}
		a += b
	}
	return true
}

func (p *spillPart) add(h uint64) {
	a, b := probes(h)
	for range spillProbes {
		i := a & p.mask
		p.bits[i>>6] |= 1 << (i & 63)
		a += b
	}
	p.n++
}

// mayHold reports whether the key of hash h may have been added. A nil
// filter holds nothing.
func (f *spillFilter) mayHold(h uint64) bool {
	if f == nil {
		return false
	}
	for i := range f.parts {
		if f.parts[i].has(h) {
			return true
		}
	}
	return false
}

// add records the key of hash h. It returns false, recording nothing,
// when that would take the filter past maxBytes.
func (f *spillFilter) add(h uint64, maxBytes int64) bool {
	if f.mayHold(h) {
		return true // already answers yes for it: the parts fill with distinct keys only
	}
	n := len(f.parts)
	if n == 0 || f.parts[n-1].n >= f.parts[n-1].cap {
		next := spillFirstCap
		if n > 0 {
			next = 2 * f.parts[n-1].cap
		}
		if f.bytes()+int64(spillPartBits(next)/8) > maxBytes {
			return false
		}
		f.parts = append(f.parts, newSpillPart(next))
		n++
	}
	f.parts[n-1].add(h)
	return true
}

// bytes is the memory the filter's bits take.
func (f *spillFilter) bytes() int64 {
	var n int64
	for i := range f.parts {
		n += int64(len(f.parts[i].bits)) * 8
	}
	return n
}

// noteSpilled records in ks's filter that key of shard was spilled; hotLimit
// is the hot set's budget, which bounds the filter. The caller holds the
// shard lock and has checked that the shard's cold keys are counted.
func (ks *keyspace) noteSpilled(shard int, key string, hotLimit int64) {
	f := ks.spilled[shard]
	if f == nil {
		f = new(spillFilter)
		ks.spilled[shard] = f
	}
	if !f.add(spillHash([]byte(key)), max(hotLimit/spillFilterShare/NumShards, spillFilterFloor)) {
		ks.cold[shard] = coldUnknown
		ks.spilled[shard] = nil
	}
}

// surelyAbsent reports that key of shard is neither in memory nor in
// Pebble as far as the shard's cold count and spill filter tell, so that a
// hot miss needs no Pebble read. The caller holds the shard lock.
func (ks *keyspace) surelyAbsent(shard int, key []byte) bool {
	switch c := ks.cold[shard]; {
	case c == 0:
		return true
	case c < 0:
		return false // cold keys never counted: the filter does not know them
	}
	return !ks.spilled[shard].mayHold(spillHash(key))
}

package tier

import (
	"math/bits"

	"github.com/tierdb/tierdb/persistence"
)

// NumShards is the number of lock shards; a power of two.
const NumShards = 256

// ShardOf returns the shard index of key.
func ShardOf(key []byte) int { return int(persistence.KeyHash(key) >> 56) }

// LockSet is a set of shards to lock together, always in ascending order so
// that two multi-key commands cannot deadlock.
type LockSet struct{ bits [NumShards / 64]uint64 }

// Add adds the shard of key.
func (l *LockSet) Add(key []byte) { l.addShard(ShardOf(key)) }

func (l *LockSet) addShard(i int) { l.bits[i/64] |= 1 << (i % 64) }

// AddAll adds every shard.
func (l *LockSet) AddAll() {
	for i := range l.bits {
		l.bits[i] = ^uint64(0)
	}
}

// Union adds every shard of o.
func (l *LockSet) Union(o *LockSet) {
	for i := range l.bits {
		l.bits[i] |= o.bits[i]
	}
}

// Empty reports whether no shard is in the set.
func (l *LockSet) Empty() bool { return l.bits == [NumShards / 64]uint64{} }

// Has reports whether the shard of key is in the set.
func (l *LockSet) Has(key []byte) bool {
	i := ShardOf(key)
	return l.bits[i/64]&(1<<(i%64)) != 0
}

func (l *LockSet) each(fn func(int)) {
	for w, word := range l.bits {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			fn(w*64 + b)
			word &^= 1 << b
		}
	}
}

// Lock locks every shard in l, in ascending order.
func (s *Store) Lock(l *LockSet) { l.each(func(i int) { s.shards[i].Lock() }) }

// Unlock unlocks every shard in l.
func (s *Store) Unlock(l *LockSet) { l.each(func(i int) { s.shards[i].Unlock() }) }

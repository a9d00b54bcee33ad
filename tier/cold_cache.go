package tier

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/ristretto/v2"
	"github.com/tierdb/tierdb/persistence"
)

// coldCache is the bounded cache of cold keys' records read from disk and
// served without promotion into the hot set (ristretto: its TinyLFU
// admission keeps one-off reads from pushing out the keys read often). It
// is a read cache only: an entry is a copy of what Pebble holds, and every
// path that makes a cold key hot (a write, a promotion) deletes its entry
// under the key's shard lock, so an entry exists only for a key that is
// cold and unchanged since it was cached. Cache operations on a key happen
// under its shard lock, and ristretto applies a key's Set and Del in call
// order, so a stale Set can never land after the Del that invalidates it.
//
// Entries are keyed by a 64-bit hash of (keyspace, key) and carry the key,
// checked on a hit, and the keyspace's epoch, which FLUSHDB bumps.
type coldCache struct {
	mu     sync.Mutex // guards creating and resizing c
	c      atomic.Pointer[ristretto.Cache[uint64, *coldEntry]]
	on     atomic.Bool // false when maxmemory is 0 (every key is promoted) or the size is 0
	hits   atomic.Int64
	misses atomic.Int64
}

// coldEntry is one cached record.
type coldEntry struct {
	phys  uint32
	epoch uint64
	key   string
	obj   *Object // never handed out: readers get copies
}

// coldEntryOverhead approximates what an entry costs beyond its bytes: the
// entry, the Object, ristretto's item and map slot.
const coldEntryOverhead = 320

// coldCacheCounterBytes is the cache capacity per ristretto admission
// counter (its TinyLFU counts about ten times the items it may hold, at
// about three bytes a counter; values are a few hundred bytes on average).
const coldCacheCounterBytes = 64

func coldKey(phys uint32, key []byte) uint64 {
	return persistence.KeyHash(key) ^ (uint64(phys)+1)*0x9e3779b97f4a7c15
}

// resize sets the cache's capacity, creating it on first use.
func (c *coldCache) resize(size int64, enabled bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on.Store(enabled && size > 0)
	if size <= 0 {
		return
	}
	if rc := c.c.Load(); rc != nil {
		rc.UpdateMaxCost(size)
		return
	}
	if !enabled {
		return
	}
	rc, err := ristretto.NewCache(&ristretto.Config[uint64, *coldEntry]{
		NumCounters:        max(size/coldCacheCounterBytes, 1024),
		MaxCost:            size,
		BufferItems:        64,
		IgnoreInternalCost: true,
		KeyToHash:          func(k uint64) (uint64, uint64) { return k, 0 },
	})
	if err != nil {
		c.on.Store(false)
		return
	}
	c.c.Store(rc)
}

// detach takes the cache out of use and returns it, for Close. The caller
// holds every shard lock.
func (c *coldCache) detach() *ristretto.Cache[uint64, *coldEntry] {
	c.on.Store(false)
	return c.c.Swap(nil)
}

// get returns a copy of the cached record of key, or nil. The caller holds
// the key's shard lock.
func (c *coldCache) get(ks *keyspace, key []byte) *Object {
	if !c.on.Load() {
		return nil
	}
	rc := c.c.Load()
	if rc == nil {
		return nil
	}
	e, ok := rc.Get(coldKey(ks.phys, key))
	if !ok || e.phys != ks.phys || e.epoch != ks.epoch || e.key != string(key) {
		c.misses.Add(1)
		return nil
	}
	c.hits.Add(1)
	return e.obj.copyRecord()
}

// set caches a copy of o, the record of key just read from disk. The
// caller holds the key's shard lock.
func (c *coldCache) set(ks *keyspace, key []byte, o *Object) {
	if !c.on.Load() {
		return
	}
	rc := c.c.Load()
	if rc == nil {
		return
	}
	e := &coldEntry{phys: ks.phys, epoch: ks.epoch, key: string(key), obj: o.copyRecord()}
	cost := int64(len(key)+len(o.Str)+len(o.Header)) + coldEntryOverhead
	rc.Set(coldKey(ks.phys, key), e, cost)
}

// del forgets key (it is becoming hot). The caller holds the key's shard
// lock.
func (c *coldCache) del(ks *keyspace, key []byte) {
	if rc := c.c.Load(); rc != nil {
		rc.Del(coldKey(ks.phys, key))
	}
}

// used is the capacity in use, in bytes.
func (c *coldCache) used() int64 {
	rc := c.c.Load()
	if rc == nil {
		return 0
	}
	return rc.MaxCost() - rc.RemainingCost()
}

// copyRecord copies what Pebble's meta record holds of o (no elements, no
// access history).
func (o *Object) copyRecord() *Object {
	return &Object{Kind: o.Kind, ExpireAt: o.ExpireAt, Str: bytes.Clone(o.Str), diskExpire: o.diskExpire,
		Version: o.Version, Count: o.Count, Header: bytes.Clone(o.Header)}
}

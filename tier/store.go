package tier

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/persistence"
)

// Options configure Open.
type Options struct {
	Dir       string
	Databases int
	Sync      persistence.SyncPolicy
	// MaxMemory is the budget of the whole process in bytes (0: unlimited).
	// Pebble's block cache and memtables are sized from it at Open, the
	// cold-read cache and the hot set share the rest (configs.SplitMemory).
	MaxMemory int64
	// ColdCacheSize caps the cold-read cache (cold-cache-size); 0 at Open
	// means the built-in default, SetColdCacheSize changes it later.
	ColdCacheSize int64
	Logger        func(format string, args ...any)
}

// defaultColdCacheSize is cold-cache-size's default (tierdb.yaml).
const defaultColdCacheSize = 64 << 20

// Store is the tiered key space of every logical database.
type Store struct {
	db     *persistence.DB
	shards [NumShards]sync.Mutex
	dbs    atomic.Pointer[[]*keyspace] // logical database → keyspace; replaced only under all locks
	used   atomic.Int64                // bytes accounted to hot objects
	hotN   atomic.Int64                // hot objects
	max    atomic.Int64                // maxmemory
	cc     atomic.Int64                // cold-cache-size
	base   atomic.Int64                // the split's hot set budget: math.MaxInt64 when unlimited
	limit  atomic.Int64                // the hot set's budget now: base less the heap governor's cut
	now    func() int64

	evcfg    atomic.Pointer[EvictionConfig]
	evictor  evictor      // the eviction pool and the background evictor (evict.go)
	sketch   admission    // the frequency sketch deciding promotions (admit.go)
	governor heapGovernor // live-heap feedback on the hot set's budget (heap_governor.go)
	cold     coldCache    // cold-read cache (cold_cache.go)
	stats    tierCounters // INFO's tiering counters (info_stats.go)
	stalls   *persistence.WriteStalls
	closed   atomic.Bool
}

// keyspace is one physical key space: its hot maps (one per shard, each
// guarded by that shard's lock) and its exact key count.
type keyspace struct {
	phys  uint32
	hot   [NumShards]map[string]*Object
	count atomic.Int64
	// cold[i] counts the keys of shard i that are in Pebble but not in
	// memory, or is coldUnknown. When it is 0 a hot miss is a miss: no
	// Pebble read. It is unknown for a keyspace that had keys at start-up
	// (nothing is loaded); it changes under the shard's lock.
	cold [NumShards]int64
	// spilled[i] holds the keys of shard i spilled while its cold count was
	// known (evict_filter.go), under the shard's lock.
	spilled [NumShards]*spillFilter
	// vol[i] holds the hot keys of shard i that have a TTL (the volatile-*
	// policies sample it), under the shard's lock.
	vol [NumShards]map[string]struct{}
	// hotN and volN count the hot and the hot volatile keys, so that the
	// evictor skips empty keyspaces without locking.
	hotN, volN atomic.Int64
	// epoch changes (under every lock) when the keyspace is emptied, so that
	// the cold-read cache cannot serve a key of before FLUSHDB.
	epoch uint64
}

// coldUnknown marks a shard whose cold keys were never counted.
const coldUnknown = -1

func newKeyspace(phys uint32, hasKeys bool) *keyspace {
	ks := &keyspace{phys: phys}
	for i := range ks.hot {
		ks.hot[i] = make(map[string]*Object)
		ks.vol[i] = make(map[string]struct{})
		if hasKeys {
			ks.cold[i] = coldUnknown
		}
	}
	return ks
}

// Open opens the store in opts.Dir. It reads only the database map and the
// key counts: start-up does not grow with the data set.
func Open(opts Options) (*Store, error) {
	if opts.Databases <= 0 {
		return nil, fmt.Errorf("tier: databases must be positive, got %d", opts.Databases)
	}
	if opts.ColdCacheSize <= 0 {
		opts.ColdCacheSize = defaultColdCacheSize
	}
	split := configs.SplitMemory(opts.MaxMemory, opts.ColdCacheSize)
	stalls := &persistence.WriteStalls{}
	db, err := persistence.Open(persistence.Options{Dir: opts.Dir, Sync: opts.Sync, Logger: opts.Logger,
		CacheSize: split.BlockCache, MemTableSize: uint64(split.MemTable), MemTables: configs.MemTables,
		Stalls: stalls, DeferCompactions: true})
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, now: func() int64 { return time.Now().UnixMilli() }, stalls: stalls}
	s.evcfg.Store(&defaultEviction)
	s.max.Store(opts.MaxMemory)
	s.cc.Store(opts.ColdCacheSize)
	s.resplit()
	phys, err := db.DBMap(opts.Databases)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	dbs := make([]*keyspace, 0, len(phys))
	for _, p := range phys {
		n, err := db.Count(p)
		if err != nil {
			_ = db.Close()
			return nil, err
		}
		ks := newKeyspace(p, n != 0)
		ks.count.Store(n)
		dbs = append(dbs, ks)
	}
	s.dbs.Store(&dbs)
	db.StartCompactions() // after the reads above, which they would slow down
	s.evictor.start(s)
	return s, nil
}

// Close stops the evictor and closes the store; committed writes are
// synced.
func (s *Store) Close() error {
	s.evictor.stop()
	var all LockSet
	all.AddAll()
	s.Lock(&all)
	s.closed.Store(true)
	rc := s.cold.detach()
	s.Unlock(&all)
	if rc != nil {
		rc.Close()
	}
	return s.db.Close()
}

// Databases is the number of logical databases.
func (s *Store) Databases() int { return len(*s.dbs.Load()) }

func (s *Store) keyspace(db int) *keyspace { return (*s.dbs.Load())[db] }

// Now is the store's clock in unix milliseconds.
func (s *Store) Now() int64 { return s.now() }

// SetSyncPolicy changes when commits reach stable storage.
func (s *Store) SetSyncPolicy(p persistence.SyncPolicy) { s.db.SetSyncPolicy(p) }

// SetMaxMemory changes the memory budget (maxmemory). Pebble's caches keep
// the sizes they were opened with; the hot set and the cold-read cache are
// resized at once and the evictor starts if the hot set is now over budget.
func (s *Store) SetMaxMemory(n int64) {
	s.max.Store(n)
	s.resplit()
}

// SetColdCacheSize changes cold-cache-size, the most the cold-read cache
// may hold (within maxmemory's split).
func (s *Store) SetColdCacheSize(n int64) {
	s.cc.Store(max(n, 0))
	s.resplit()
}

// resplit recomputes the hot set's budget and the cold-read cache's size
// from maxmemory.
func (s *Store) resplit() {
	split := configs.SplitMemory(s.max.Load(), s.cc.Load())
	if split.Max == 0 {
		s.base.Store(math.MaxInt64)
	} else {
		s.base.Store(split.Hot)
	}
	s.cold.resize(split.ColdCache, split.Max != 0)
	s.retarget() // wakes the evictor if the hot set is now over budget
}

// MemorySplit is how maxmemory is divided now (see configs.SplitMemory).
func (s *Store) MemorySplit() configs.MemorySplit {
	return configs.SplitMemory(s.max.Load(), s.cc.Load())
}

// UsedMemory is the bytes accounted to hot objects.
func (s *Store) UsedMemory() int64 { return s.used.Load() }

// HotLimit is the hot set's budget in accounted bytes (the split's, less
// what the heap governor took), or math.MaxInt64 when maxmemory is 0.
func (s *Store) HotLimit() int64 { return s.limit.Load() }

// DBSize is the exact number of keys in logical database db, including keys
// whose TTL is due but which active expiry has not removed yet (as in Redis).
func (s *Store) DBSize(db int) int64 { return s.keyspace(db).count.Load() }

// HotKeys counts the keys of database db held in memory. The caller must hold
// every shard lock.
func (s *Store) HotKeys(db int) int64 {
	var n int64
	for _, m := range s.keyspace(db).hot {
		n += int64(len(m))
	}
	return n
}

// SyncWAL forces every commit so far to stable storage.
func (s *Store) SyncWAL() error { return s.db.SyncWAL() }

// Flush writes memtables to sstables.
func (s *Store) Flush() error { return s.db.Flush() }

func (s *Store) account(delta int64) { s.used.Add(delta) }

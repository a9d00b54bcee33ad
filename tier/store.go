package tier

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tierdb/tierdb/persistence"
)

// Options configure Open.
type Options struct {
	Dir       string
	Databases int
	Sync      persistence.SyncPolicy
	MaxMemory int64 // bytes; 0 means unlimited
	Logger    func(format string, args ...any)
}

// Store is the tiered key space of every logical database.
type Store struct {
	db     *persistence.DB
	shards [NumShards]sync.Mutex
	dbs    atomic.Pointer[[]*keyspace] // logical database → keyspace; replaced only under all locks
	used   atomic.Int64
	max    atomic.Int64
	now    func() int64
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
}

// coldUnknown marks a shard whose cold keys were never counted.
const coldUnknown = -1

func newKeyspace(phys uint32, hasKeys bool) *keyspace {
	ks := &keyspace{phys: phys}
	for i := range ks.hot {
		ks.hot[i] = make(map[string]*Object)
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
	db, err := persistence.Open(persistence.Options{Dir: opts.Dir, Sync: opts.Sync, Logger: opts.Logger})
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, now: func() int64 { return time.Now().UnixMilli() }}
	s.max.Store(opts.MaxMemory)
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
	return s, nil
}

// Close closes the store; committed writes are synced.
func (s *Store) Close() error { return s.db.Close() }

// Databases is the number of logical databases.
func (s *Store) Databases() int { return len(*s.dbs.Load()) }

func (s *Store) keyspace(db int) *keyspace { return (*s.dbs.Load())[db] }

// Now is the store's clock in unix milliseconds.
func (s *Store) Now() int64 { return s.now() }

// SetSyncPolicy changes when commits reach stable storage.
func (s *Store) SetSyncPolicy(p persistence.SyncPolicy) { s.db.SetSyncPolicy(p) }

// SetMaxMemory changes the memory budget of the hot set.
func (s *Store) SetMaxMemory(n int64) { s.max.Store(n) }

// UsedMemory is the bytes accounted to hot objects.
func (s *Store) UsedMemory() int64 { return s.used.Load() }

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

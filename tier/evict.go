package tier

import (
	"errors"
	"math/rand/v2"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Eviction keeps the hot set within its budget (HotLimit, from maxmemory)
// as Redis's evict.c does, but incrementally and mostly off the command
// path:
//
//   - A background evictor wakes whenever an insertion takes the hot set
//     over budget (and every evictTick) and evicts until it is back within
//     it, evictBatch keys per step, taking one shard lock at a time, so a
//     key is never evicted while a command holds its shard.
//   - A command that finds the hot set over budget by more than a margin
//     (MakeRoom, called before it takes its locks) evicts a bounded amount
//     itself, within maxmemory-eviction-tenacity's time limit: writers slow
//     down gently when the evictor falls behind instead of pausing.
//   - Victims are chosen with Redis's pool algorithm: each step samples
//     maxmemory-samples hot keys of each database (from one random shard;
//     only keys with a TTL under volatile-*), ranks them by idle time (LRU),
//     inverted LFU counter (LFU) or nearness of expiry (volatile-ttl) into a
//     pool of the evictPoolSize best candidates kept between steps, and
//     evicts the best one still there and unchanged. The random policies
//     take a random sampled key.
//
// eviction-mode spill drops the key's decoded object from memory only:
// Pebble holds it (write-through), and the next read finds it there with
// the same value, TTL and type. eviction-mode drop deletes the key, as
// Redis does (evicted_keys), and WATCHers of it are told.

// ErrNoMemory is returned by MakeRoom when the hot set is over budget and
// nothing may be evicted (noeviction, or a volatile-* policy with no key
// that has a TTL): commands that may grow memory are then refused (OOM).
var ErrNoMemory = errors.New("tier: over maxmemory and nothing to evict")

const (
	evictPoolSize = 16                     // Redis's EVPOOL_SIZE
	evictBatch    = 128                    // keys per background step, between which commands run
	evictTick     = 100 * time.Millisecond // the evictor also looks this often
	// A command evicts for itself only when the hot set is over budget by
	// more than 1/evictMarginDiv of it plus evictMarginMin.
	evictMarginDiv = 16
	evictMarginMin = 256 << 10
	// commandEvictKeys bounds the keys one command evicts.
	commandEvictKeys = 64
	// evictTries bounds the pool refills one eviction makes when it finds
	// its candidates gone or used since they were sampled.
	evictTries = 8
	// shardTries is how many random shards are tried for a sample before
	// the shards are walked in order.
	shardTries = 8
)

// evictor is the store's eviction state: the pool, and the background
// goroutine.
type evictor struct {
	mu    sync.Mutex // one eviction step at a time; guards pool and n
	pool  [evictPoolSize]candidate
	n     int
	stuck atomic.Bool // the last step found nothing it may evict
	kick  chan struct{}
	done  chan struct{}
	once  sync.Once // stop closes done once
	wg    sync.WaitGroup
	hook  atomic.Pointer[func([]Touched)]
}

// candidate is a sampled key: where it is, the object sampled (a candidate
// is evicted only if the key still holds it) and its rank, higher first.
type candidate struct {
	ks     *keyspace
	shard  int
	key    string
	obj    *Object
	score  uint64
	access int64 // obj.lastAccess when sampled
}

func (e *evictor) start(s *Store) {
	e.kick = make(chan struct{}, 1)
	e.done = make(chan struct{})
	e.wg.Add(1)
	go e.loop(s)
}

func (e *evictor) stop() {
	if e.done != nil {
		e.once.Do(func() { close(e.done) })
		e.wg.Wait()
	}
}

// kickEvictor wakes the background evictor.
func (s *Store) kickEvictor() {
	if k := s.evictor.kick; k != nil {
		select {
		case k <- struct{}{}:
		default:
		}
	}
}

// SetEvictHook sets the function told of keys deleted by eviction (drop
// mode), called under the keys' shard lock after the deletion committed.
func (s *Store) SetEvictHook(fn func([]Touched)) { s.evictor.hook.Store(&fn) }

func (e *evictor) loop(s *Store) {
	defer e.wg.Done()
	t := time.NewTicker(evictTick)
	defer t.Stop()
	for {
		select {
		case <-e.done:
			return
		case <-e.kick:
		case <-t.C:
			s.governHeap()
		}
		for s.used.Load() > s.limit.Load() && !s.closed.Load() {
			n, stuck := s.evictStep(evictBatch, time.Time{})
			if stuck || n == 0 {
				break
			}
			select {
			case <-e.done:
				return
			default:
			}
		}
	}
}

// MakeRoom is called before a command runs, holding no shard lock. Within
// budget it does nothing. Over budget it wakes the evictor and, past a
// margin, evicts a bounded amount itself; it returns ErrNoMemory when
// nothing can be evicted (then a command that may grow memory must be
// refused, as Redis refuses it with OOM).
func (s *Store) MakeRoom() error {
	used, limit := s.used.Load(), s.limit.Load()
	if used <= limit {
		return nil
	}
	cfg := s.evcfg.Load()
	if !s.evictable(cfg.Policy) {
		return ErrNoMemory
	}
	if used <= limit+limit/evictMarginDiv+evictMarginMin && !s.evictor.stuck.Load() {
		s.kickEvictor()
		return nil
	}
	var deadline time.Time
	if us, unlimited := evictTimeLimit(cfg.Tenacity); !unlimited {
		deadline = time.Now().Add(time.Duration(us) * time.Microsecond)
	}
	if _, stuck := s.evictStep(commandEvictKeys, deadline); stuck && s.used.Load() > s.limit.Load() {
		return ErrNoMemory
	}
	return nil
}

// evictStep evicts up to maxKeys keys while the hot set is over budget, or
// until deadline (if not zero). stuck reports that it found nothing it may
// evict.
func (s *Store) evictStep(maxKeys int, deadline time.Time) (evicted int, stuck bool) {
	e := &s.evictor
	e.mu.Lock()
	defer e.mu.Unlock()
	cfg := s.evcfg.Load()
	if cfg.Policy == NoEviction {
		return 0, true
	}
	for i := 0; i < maxKeys && s.used.Load() > s.limit.Load() && !s.closed.Load(); i++ {
		done, found := s.evictOne(cfg)
		if !found {
			stuck = true
			break
		}
		if done {
			evicted++
		}
		if !deadline.IsZero() && time.Now().After(deadline) {
			break
		}
	}
	e.stuck.Store(stuck)
	return evicted, stuck
}

// evictOne evicts the best candidate under cfg's policy. found is false
// when no key may be evicted at all. The caller holds evictor.mu.
func (s *Store) evictOne(cfg *EvictionConfig) (done, found bool) {
	for range evictTries {
		var c candidate
		if cfg.Policy.pooled() {
			s.fillPool(cfg)
			c, found = s.evictor.popBest()
		} else {
			c, found = s.randomCandidate(cfg)
		}
		if !found {
			return false, false
		}
		if s.evictCandidate(c, cfg) {
			return true, true
		}
	}
	return false, true
}

// fillPool samples maxmemory-samples hot keys of each database into the
// pool, from as many random shards as it takes (at most that many), one
// shard lock at a time.
func (s *Store) fillPool(cfg *EvictionConfig) {
	now := s.now()
	for _, ks := range *s.dbs.Load() {
		n := 0
		for visits := 0; n < cfg.Samples && visits < cfg.Samples; visits++ {
			shard, ok := s.lockSampleShard(ks, cfg.Policy.volatile())
			if !ok {
				break
			}
			add := func(key string, o *Object) bool {
				s.evictor.insert(candidate{ks: ks, shard: shard, key: key, obj: o,
					score: s.evictScore(cfg, o, now), access: o.lastAccess})
				n++
				return n < cfg.Samples
			}
			if cfg.Policy.volatile() {
				for key := range ks.vol[shard] {
					if o := ks.hot[shard][key]; o != nil && !add(key, o) {
						break
					}
				}
			} else {
				for key, o := range ks.hot[shard] {
					if !add(key, o) {
						break
					}
				}
			}
			s.shards[shard].Unlock()
		}
	}
}

// evictable reports whether any hot key may be evicted under policy.
func (s *Store) evictable(p Policy) bool {
	if p == NoEviction {
		return false
	}
	for _, ks := range *s.dbs.Load() {
		if (p.volatile() && ks.volN.Load() > 0) || (!p.volatile() && ks.hotN.Load() > 0) {
			return true
		}
	}
	return false
}

// evictScore ranks o for eviction under cfg: the higher, the sooner.
func (s *Store) evictScore(cfg *EvictionConfig, o *Object, now int64) uint64 {
	switch cfg.Policy {
	case AllKeysLFU, VolatileLFU:
		f := o.freq
		if f == 0 {
			f = lfuInit
		}
		return 255 - uint64(lfuDecayed(f, o.lastAccess, now, cfg.Decay))
	case VolatileTTL:
		return ^uint64(0) - uint64(o.ExpireAt)
	}
	return uint64(max(now-o.lastAccess, 0)) // LRU: idle time
}

// randomCandidate picks a random hot key (with a TTL under
// volatile-random) of a random database.
func (s *Store) randomCandidate(cfg *EvictionConfig) (candidate, bool) {
	dbs := *s.dbs.Load()
	start := rand.IntN(len(dbs))
	for i := range dbs {
		ks := dbs[(start+i)%len(dbs)]
		shard, ok := s.lockSampleShard(ks, cfg.Policy.volatile())
		if !ok {
			continue
		}
		var c candidate
		if cfg.Policy.volatile() {
			for key := range ks.vol[shard] {
				if o := ks.hot[shard][key]; o != nil {
					c = candidate{ks: ks, shard: shard, key: key, obj: o, access: o.lastAccess}
					break
				}
			}
		} else {
			for key, o := range ks.hot[shard] {
				c = candidate{ks: ks, shard: shard, key: key, obj: o, access: o.lastAccess}
				break
			}
		}
		s.shards[shard].Unlock()
		if c.obj != nil {
			return c, true
		}
	}
	return candidate{}, false
}

// lockSampleShard finds a shard of ks with hot keys (with a TTL if
// volatile) and returns it locked: a few random shards first, then every
// shard from a random one.
func (s *Store) lockSampleShard(ks *keyspace, volatile bool) (int, bool) {
	n := &ks.hotN
	if volatile {
		n = &ks.volN
	}
	if n.Load() <= 0 {
		return 0, false
	}
	has := func(i int) bool {
		if volatile {
			return len(ks.vol[i]) > 0
		}
		return len(ks.hot[i]) > 0
	}
	start := rand.IntN(NumShards)
	for i := range shardTries + NumShards {
		shard := rand.IntN(NumShards)
		if i >= shardTries {
			shard = (start + i) % NumShards
		}
		s.shards[shard].Lock()
		if has(shard) {
			return shard, true
		}
		s.shards[shard].Unlock()
	}
	return 0, false
}

// insert adds c to the pool, kept in ascending score order, replacing a
// sample of the same key; when the pool is full the worst candidate goes,
// unless c is worse still.
func (e *evictor) insert(c candidate) {
	for i := 0; i < e.n; i++ {
		if e.pool[i].ks == c.ks && e.pool[i].key == c.key {
			copy(e.pool[i:e.n-1], e.pool[i+1:e.n])
			e.n--
			e.pool[e.n] = candidate{}
			break
		}
	}
	if e.n == len(e.pool) {
		if c.score <= e.pool[0].score {
			return
		}
		copy(e.pool[:e.n-1], e.pool[1:e.n])
		e.n--
	}
	i := sort.Search(e.n, func(i int) bool { return e.pool[i].score > c.score })
	copy(e.pool[i+1:e.n+1], e.pool[i:e.n])
	e.pool[i] = c
	e.n++
}

// popBest takes the best candidate out of the pool.
func (e *evictor) popBest() (candidate, bool) {
	if e.n == 0 {
		return candidate{}, false
	}
	e.n--
	c := e.pool[e.n]
	e.pool[e.n] = candidate{}
	return c, true
}

// evictCandidate evicts c if its key still holds the object sampled, not
// used since (LRU and LFU) and still eligible (a TTL under volatile-*).
func (s *Store) evictCandidate(c candidate, cfg *EvictionConfig) bool {
	s.shards[c.shard].Lock()
	defer s.shards[c.shard].Unlock()
	o, ok := c.ks.hot[c.shard][c.key]
	if !ok || o != c.obj || o.lastAccess != c.access || (cfg.Policy.volatile() && o.ExpireAt == 0) {
		return false
	}
	return s.evictKey(c.ks, c.shard, c.key, o, cfg.Drop)
}

// evictKey evicts key, whose hot object is o: spilled (dropped from memory,
// kept in Pebble) or, with drop, deleted. The caller holds the shard lock.
func (s *Store) evictKey(ks *keyspace, shard int, key string, o *Object, drop bool) bool {
	db := s.logicalOf(ks.phys)
	if !drop || db < 0 {
		s.removeHot(ks, shard, key, o)
		if ks.cold[shard] >= 0 {
			ks.cold[shard]++
			ks.noteSpilled(shard, key, s.base.Load())
		}
		s.stats.spilled.Add(1)
		return true
	}
	t := s.Begin(false)
	if err := t.remove(db, []byte(key), o); err != nil {
		t.Discard()
		return false
	}
	if err := t.Commit(); err != nil {
		return false
	}
	s.stats.evicted.Add(1)
	if fn := s.evictor.hook.Load(); fn != nil && *fn != nil {
		(*fn)(t.Touched())
	}
	return true
}

package tier

import (
	"sync/atomic"

	"github.com/tierdb/tierdb/persistence"
)

// StorageStats are the cold tier's numbers for INFO.
type StorageStats = persistence.StorageStats

// StorageStats returns the cold tier's current numbers.
func (s *Store) StorageStats() StorageStats { return s.db.StorageStats() }

// ExpiryStat counts the keys of one database that have a TTL, with the sum of
// their remaining TTLs in milliseconds.
type ExpiryStat = persistence.ExpiryStat

// ExpiryStats returns, for each logical database, its keys with a TTL (from
// the expiry index: no data is read, but its cost grows with the number of
// such keys). Keys of a database emptied by FLUSHDB may be counted until
// active expiry removes their index entries, so a count is capped at the
// database's key count.
func (s *Store) ExpiryStats() ([]ExpiryStat, error) {
	byPhys, err := s.db.ExpiryStats(s.now())
	if err != nil {
		return nil, err
	}
	dbs := *s.dbs.Load()
	out := make([]ExpiryStat, len(dbs))
	for i, ks := range dbs {
		st := byPhys[ks.phys]
		if n := ks.count.Load(); st.Keys > n && st.Keys > 0 {
			st.TTLMillis = st.TTLMillis / st.Keys * n
			st.Keys = n
		}
		out[i] = st
	}
	return out, nil
}

// tierCounters are the store's running counts for INFO.
type tierCounters struct {
	spilled     atomic.Int64 // keys dropped from memory by eviction, kept on disk
	evicted     atomic.Int64 // keys deleted by eviction (eviction-mode drop)
	promotions  atomic.Int64 // cold keys brought into the hot set
	coldReads   atomic.Int64 // lookups that had to read a key's record (cache or disk)
	expiredCold atomic.Int64 // keys deleted by active expiry while cold
}

// TierStats are the tiering numbers of INFO's Tiering section.
type TierStats struct {
	HotKeys         int64 // keys in memory
	ColdKeys        int64 // keys on disk only
	HotBytes        int64 // bytes accounted to the hot set
	HotLimit        int64 // the hot set's budget (math.MaxInt64: unlimited)
	HotLimitCut     int64 // what the heap governor took off the split's budget
	SpilledKeys     int64 // evictions that kept the key on disk
	EvictedKeys     int64 // evictions that deleted the key (eviction-mode drop)
	Promotions      int64 // cold keys brought back into memory
	ColdReads       int64 // reads of cold keys
	ColdCacheHits   int64 // cold reads served by the cold-read cache
	ColdCacheMisses int64 // cold-read cache lookups that went to disk
	ColdCacheBytes  int64 // cold-read cache capacity in use
	ColdCacheMax    int64 // cold-read cache capacity
	ExpiredCold     int64 // keys expired while cold (never read into memory)
	WriteStalls     int64 // Pebble write stalls since start
	WriteStallMs    int64 // total time of the write stalls
	EvictionStuck   bool  // the hot set is over budget and nothing may be evicted
}

// TierStats returns the tiering numbers. It takes no lock; the counts are
// a moment's, not a snapshot.
func (s *Store) TierStats() TierStats {
	st := TierStats{
		HotKeys:         s.hotN.Load(),
		HotBytes:        s.used.Load(),
		HotLimit:        s.limit.Load(),
		HotLimitCut:     s.base.Load() - s.limit.Load(),
		SpilledKeys:     s.stats.spilled.Load(),
		EvictedKeys:     s.stats.evicted.Load(),
		Promotions:      s.stats.promotions.Load(),
		ColdReads:       s.stats.coldReads.Load(),
		ColdCacheHits:   s.cold.hits.Load(),
		ColdCacheMisses: s.cold.misses.Load(),
		ColdCacheBytes:  s.cold.used(),
		ExpiredCold:     s.stats.expiredCold.Load(),
		WriteStalls:     s.stalls.Count(),
		WriteStallMs:    s.stalls.Duration().Milliseconds(),
		EvictionStuck:   s.evictor.stuck.Load() && s.used.Load() > s.limit.Load(),
	}
	if s.cold.on.Load() {
		st.ColdCacheMax = s.MemorySplit().ColdCache
	}
	var keys int64
	for _, ks := range *s.dbs.Load() {
		keys += ks.count.Load()
	}
	st.ColdKeys = max(keys-st.HotKeys, 0)
	return st
}

package engine

import (
	"math"
	"runtime/debug"
)

// infoTiering: tierdb's own section, where each key lives and how keys move
// between memory and disk.
func (e *Engine) infoTiering(w *infoWriter, _ *ConnStats) {
	ts := e.store.TierStats()
	st := e.store.StorageStats()
	w.int("hot_keys", ts.HotKeys)
	w.int("cold_keys", ts.ColdKeys)
	w.int("hot_bytes", ts.HotBytes)
	w.int("hot_limit", limitOrZero(ts.HotLimit))
	w.int("hot_limit_heap_cut", ts.HotLimitCut)
	w.uint("disk_bytes", st.DiskBytes)
	w.uint("live_data_bytes", st.LiveDataBytes)
	w.int("spilled_keys", ts.SpilledKeys)
	w.int("dropped_keys", ts.EvictedKeys) // INFO stats' evicted_keys
	w.int("promotions", ts.Promotions)
	w.int("cold_reads", ts.ColdReads)
	w.int("cold_cache_hits", ts.ColdCacheHits)
	w.int("cold_cache_misses", ts.ColdCacheMisses)
	w.float("cold_cache_hit_ratio", ratio(ts.ColdCacheHits, ts.ColdCacheHits+ts.ColdCacheMisses), 4)
	w.int("cold_cache_bytes", ts.ColdCacheBytes)
	w.int("expired_cold_keys", ts.ExpiredCold)
	w.bool("eviction_stuck", ts.EvictionStuck)
	w.int("pebble_write_stalls", ts.WriteStalls)
	w.int("pebble_write_stall_ms", ts.WriteStallMs)
	w.uint("pebble_compaction_debt_bytes", st.CompactionDebtBytes)
	w.int("pebble_l0_files", st.L0Files)
	w.uint("pebble_wal_bytes_written", st.WALBytes)
	w.str("eviction_mode", e.cfg.String("eviction-mode"))
}

// goMemoryLimit is the Go runtime's memory limit (GOMEMLIMIT), or 0 when
// there is none.
func goMemoryLimit() int64 {
	if n := debug.SetMemoryLimit(-1); n != math.MaxInt64 {
		return n
	}
	return 0
}

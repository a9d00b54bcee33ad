package engine

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

// The writers of the INFO sections, in INFO's order.

// infoServer: versions, process, uptime.
func (e *Engine) infoServer(w *infoWriter, conn *ConnStats) {
	srv := e.server()
	now := time.Now()
	uptime := int64(now.Sub(e.started).Seconds())
	w.str("redis_version", RedisVersion)
	w.str("redis_git_sha1", "00000000")
	w.str("redis_git_dirty", "0")
	w.str("redis_build_id", "0")
	w.str("redis_mode", "standalone")
	w.str("os", osName())
	w.int("arch_bits", strconv.IntSize)
	w.str("tierdb_version", Version)
	w.str("go_version", runtime.Version())
	w.int("process_id", int64(os.Getpid()))
	w.str("process_supervised", "no")
	w.str("run_id", srv.runID)
	port := int64(conn.TCPPort)
	if port == 0 {
		port = e.cfg.Int("port")
	}
	w.int("tcp_port", port)
	w.int("server_time_usec", now.UnixMicro())
	w.int("uptime_in_seconds", uptime)
	w.int("uptime_in_days", uptime/86400)
	hz := min(max(e.cfg.Int("hz"), 1), 500)
	w.int("hz", hz)
	w.int("configured_hz", e.cfg.Int("hz"))
	w.int("lru_clock", now.Unix()&(1<<24-1))
	exe, _ := os.Executable()
	w.str("executable", exe)
	w.str("config_file", e.cfg.File())
	w.str("io_threads_active", "0")
}

// infoClients: the connections, from the network layer.
func (e *Engine) infoClients(w *infoWriter, conn *ConnStats) {
	w.int("connected_clients", conn.ConnectedClients)
	w.str("cluster_connections", "0")
	w.int("maxclients", e.cfg.Int("maxclients"))
	w.str("client_recent_max_input_buffer", "0")
	w.str("client_recent_max_output_buffer", "0")
	w.int("blocked_clients", e.blocked.count.Load())
	w.str("tracking_clients", "0")
	w.int("clients_in_timeout_table", e.blocked.timed.Load())
}

// infoMemory: Redis's fields over the process's memory, then tierdb's split
// of it: the hot set, Pebble's block cache and memtables.
func (e *Engine) infoMemory(w *infoWriter, _ *ConnStats) {
	m := e.memoryStats()
	max := e.cfg.Int("maxmemory")
	w.int("used_memory", m.used)
	w.str("used_memory_human", humanBytes(m.used))
	w.int("used_memory_rss", m.rss)
	w.str("used_memory_rss_human", humanBytes(m.rss))
	w.int("used_memory_peak", m.peak)
	w.str("used_memory_peak_human", humanBytes(m.peak))
	w.str("used_memory_peak_perc", fmt.Sprintf("%.2f%%", percent(m.used, m.peak)))
	w.int("used_memory_overhead", m.used-m.hot)
	w.int("used_memory_dataset", m.hot)
	w.str("used_memory_dataset_perc", fmt.Sprintf("%.2f%%", percent(m.hot, m.used)))
	w.uint("total_system_memory", m.system)
	w.str("total_system_memory_human", humanBytes(int64(m.system)))
	w.int("maxmemory", max)
	w.str("maxmemory_human", humanBytes(max))
	w.str("maxmemory_policy", e.cfg.String("maxmemory-policy"))
	ratio := 0.0
	if m.used > 0 {
		ratio = float64(m.rss) / float64(m.used)
	}
	w.float("mem_fragmentation_ratio", ratio, 2)
	w.int("mem_fragmentation_bytes", m.rss-m.used)
	w.str("mem_not_counted_for_evict", "0")
	w.str("mem_allocator", "go")
	w.str("lazyfree_pending_objects", "0")
	w.str("lazyfreed_objects", "0")
	split := e.store.MemorySplit()
	w.int("tier_hot_bytes", m.hot)
	w.int("tier_hot_limit", limitOrZero(e.store.HotLimit()))
	w.int("tier_go_heap_bytes", m.goHeap)
	w.int("tier_go_heap_live_bytes", m.goLive)
	w.int("tier_go_memory_limit", goMemoryLimit())
	w.int("tier_pebble_block_cache_bytes", m.storage.BlockCacheBytes)
	w.int("tier_pebble_block_cache_max", split.BlockCache)
	w.uint("tier_pebble_memtable_bytes", m.storage.MemTableBytes)
	w.int("tier_pebble_memtable_size", split.MemTable)
	ts := e.store.TierStats()
	w.int("tier_cold_cache_bytes", ts.ColdCacheBytes)
	w.int("tier_cold_cache_max", ts.ColdCacheMax)
	w.str("tier_eviction_mode", e.cfg.String("eviction-mode"))
}

func percent(part, whole int64) float64 {
	if whole <= 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

// infoPersistence: snapshots (Redis's rdb_* fields), compaction (aof_*
// rewrite fields) and Pebble's disk state.
func (e *Engine) infoPersistence(w *infoWriter, _ *ConnStats) {
	srv := e.server()
	snap := &srv.snap
	snap.mu.Lock()
	saving, saveStart, last := snap.running, snap.started, snap.last
	snap.mu.Unlock()
	rw := &srv.rewrite
	rw.mu.Lock()
	rewriting, rewriteStart := rw.running, rw.started
	rw.mu.Unlock()
	st := e.store.StorageStats()

	w.str("loading", "0")
	w.str("async_loading", "0")
	w.int("rdb_changes_since_last_save", e.stats.Dirty.Load())
	w.bool("rdb_bgsave_in_progress", saving)
	w.int("rdb_last_save_time", snap.lastSave.Load())
	w.str("rdb_last_bgsave_status", okOrErr(snap.lastOK.Load()))
	w.int("rdb_last_bgsave_time_sec", snap.lastDuration.Load())
	w.int("rdb_current_bgsave_time_sec", runningSeconds(saving, saveStart))
	w.int("rdb_saves", snap.saves.Load())
	w.bool("aof_enabled", e.cfg.Bool("appendonly"))
	w.bool("aof_rewrite_in_progress", rewriting)
	w.str("aof_rewrite_scheduled", "0")
	w.int("aof_last_rewrite_time_sec", rw.lastDuration.Load())
	w.int("aof_current_rewrite_time_sec", runningSeconds(rewriting, rewriteStart))
	w.str("aof_last_bgrewrite_status", okOrErr(rw.lastOK.Load()))
	w.int("aof_rewrites", rw.rewrites.Load())
	w.str("aof_last_write_status", "ok")
	w.str("tier_snapshot_dir", e.cfg.SnapshotDir())
	w.str("tier_snapshot_last", last)
	w.uint("tier_disk_bytes", st.DiskBytes)
	w.uint("tier_live_data_bytes", st.LiveDataBytes)
	w.uint("tier_compaction_debt_bytes", st.CompactionDebtBytes)
	w.int("tier_compactions_in_progress", st.CompactionsInProgress)
	w.int("tier_compactions", st.Compactions)
	w.int("tier_flushes", st.Flushes)
	w.int("tier_l0_files", st.L0Files)
	w.int("tier_l0_sublevels", int64(st.L0Sublevels))
}

func okOrErr(ok bool) string {
	if ok {
		return "ok"
	}
	return "err"
}

// runningSeconds is how long a job started at start has run, or -1 if it is
// not running.
func runningSeconds(running bool, start time.Time) int64 {
	if !running {
		return -1
	}
	return int64(time.Since(start).Seconds())
}

// infoStats: the server-wide counters.
func (e *Engine) infoStats(w *infoWriter, conn *ConnStats) {
	s := &e.stats
	w.int("total_connections_received", conn.TotalConnections)
	w.int("total_commands_processed", s.Commands.Load())
	w.int("instantaneous_ops_per_sec", e.server().ops.rate())
	w.str("total_net_input_bytes", "0")
	w.str("total_net_output_bytes", "0")
	w.str("instantaneous_input_kbps", "0.00")
	w.str("instantaneous_output_kbps", "0.00")
	w.int("rejected_connections", conn.RejectedConnections)
	w.str("sync_full", "0")
	w.str("sync_partial_ok", "0")
	w.str("sync_partial_err", "0")
	w.int("expired_keys", s.ExpiredKeys.Load())
	w.str("expired_stale_perc", "0.00")
	w.str("expired_time_cap_reached_count", "0")
	w.int("evicted_keys", e.store.TierStats().EvictedKeys)
	w.str("evicted_clients", "0")
	w.int("keyspace_hits", s.KeyspaceHits.Load())
	w.int("keyspace_misses", s.KeyspaceMisses.Load())
	w.str("pubsub_channels", "0")
	w.str("pubsub_patterns", "0")
	w.str("latest_fork_usec", "0")
	w.str("total_forks", "0")
	w.str("migrate_cached_sockets", "0")
	w.str("slave_expires_tracked_keys", "0")
	w.str("active_defrag_hits", "0")
	w.str("active_defrag_misses", "0")
	w.str("active_defrag_key_hits", "0")
	w.str("active_defrag_key_misses", "0")
	w.str("tracking_total_keys", "0")
	w.str("tracking_total_items", "0")
	w.str("tracking_total_prefixes", "0")
	w.str("unexpected_error_replies", "0")
	w.int("total_error_replies", s.ErrorReplies.Load())
	w.str("dump_payload_sanitizations", "0")
}

// infoReplication: tierdb is always a master without replicas.
func (e *Engine) infoReplication(w *infoWriter, _ *ConnStats) {
	w.str("role", "master")
	w.str("connected_slaves", "0")
	w.str("master_failover_state", "no-failover")
	w.str("master_replid", e.server().replID)
	w.str("master_replid2", "0000000000000000000000000000000000000000")
	w.str("master_repl_offset", "0")
	w.str("second_repl_offset", "-1")
	w.str("repl_backlog_active", "0")
	w.str("repl_backlog_size", "1048576")
	w.str("repl_backlog_first_byte_offset", "0")
	w.str("repl_backlog_histlen", "0")
}

// infoCPU: CPU time of the process and of its children.
func (e *Engine) infoCPU(w *infoWriter, _ *ConnStats) {
	var self, children syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	sec := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	w.float("used_cpu_sys", sec(self.Stime), 6)
	w.float("used_cpu_user", sec(self.Utime), 6)
	w.float("used_cpu_sys_children", sec(children.Stime), 6)
	w.float("used_cpu_user_children", sec(children.Utime), 6)
}

// infoCommandstats: one line per command or subcommand that was called,
// refused or failed, in name order.
func (e *Engine) infoCommandstats(w *infoWriter, _ *ConnStats) {
	var line func(c *Command)
	line = func(c *Command) {
		calls := c.Stats.Calls.Load()
		usec := c.Stats.Usec.Load()
		rejected := c.Stats.RejectedCalls.Load()
		failed := c.Stats.FailedCalls.Load()
		if calls != 0 || rejected != 0 || failed != 0 {
			perCall := 0.0
			if calls > 0 {
				perCall = float64(usec) / float64(calls)
			}
			w.str("cmdstat_"+c.FullName(), fmt.Sprintf("calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d",
				calls, usec, perCall, rejected, failed))
		}
		for _, sub := range c.Sub {
			line(sub)
		}
	}
	for _, c := range e.table.Commands() {
		line(c)
	}
}

// infoErrorstats: error replies by prefix.
func (e *Engine) infoErrorstats(w *infoWriter, _ *ConnStats) {
	prefixes, counts := e.server().errs.sorted()
	for i, p := range prefixes {
		w.str("errorstat_"+p, "count="+strconv.FormatInt(counts[i], 10))
	}
}

// infoCluster: cluster mode is not supported.
func (e *Engine) infoCluster(w *infoWriter, _ *ConnStats) {
	w.str("cluster_enabled", "0")
}

// infoKeyspace: "dbN:keys=..,expires=..,avg_ttl=.." for each non-empty
// database. Key counts are exact and cost nothing; expires and avg_ttl come
// from the expiry index (see tier.Store.ExpiryStats).
func (e *Engine) infoKeyspace(w *infoWriter, _ *ConnStats) {
	n := e.store.Databases()
	sizes := make([]int64, n)
	any := false
	for db := range sizes {
		sizes[db] = e.store.DBSize(db)
		any = any || sizes[db] > 0
	}
	if !any {
		return
	}
	exp, err := e.store.ExpiryStats()
	if err != nil {
		exp = nil
	}
	for db, keys := range sizes {
		if keys <= 0 {
			continue
		}
		var expires, avgTTL int64
		if db < len(exp) {
			expires = exp[db].Keys
			if expires > 0 {
				avgTTL = exp[db].TTLMillis / expires
			}
		}
		w.str("db"+strconv.Itoa(db), fmt.Sprintf("keys=%d,expires=%d,avg_ttl=%d", keys, expires, avgTTL))
	}
}

package engine

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/tier"
)

// memoryStats is the process's memory as INFO memory reports it.
type memoryStats struct {
	used    int64  // used_memory: Go memory in use, plus Pebble's caches in cgo builds
	goHeap  int64  // Go memory in use: heap objects and spans, stacks, runtime
	goLive  int64  // Go heap bytes marked live by the last garbage collection
	rss     int64  // resident set size, from /proc/self/statm
	peak    int64  // the largest used seen
	hot     int64  // bytes accounted to the hot set
	system  uint64 // total RAM of the machine
	storage tier.StorageStats
}

// goMemorySamples are the runtime metrics used_memory is built from.
var goMemorySamples = []string{
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/free:bytes",
	"/gc/heap/live:bytes",
}

// memoryStats reads the numbers and updates the peak.
func (e *Engine) memoryStats() memoryStats {
	samples := make([]metrics.Sample, len(goMemorySamples))
	for i, name := range goMemorySamples {
		samples[i].Name = name
	}
	metrics.Read(samples)
	get := func(i int) int64 {
		if samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(samples[i].Value.Uint64())
	}
	m := memoryStats{
		goHeap:  get(0) - get(1) - get(2),
		goLive:  get(3),
		hot:     e.store.UsedMemory(),
		storage: e.store.StorageStats(),
	}
	// Pebble's block cache and memtables are part of the Go heap, except in
	// cgo builds, where they are C memory.
	m.used = m.goHeap
	if !configs.PebbleCachesOnGoHeap {
		m.used += m.storage.BlockCacheBytes + int64(m.storage.MemTableBytes)
	}
	m.rss = residentBytes()
	if m.rss == 0 {
		m.rss = get(0)
	}
	m.system = totalSystemMemory()
	srv := e.server()
	for {
		p := srv.peak.Load()
		if m.used <= p || srv.peak.CompareAndSwap(p, m.used) {
			m.peak = max(p, m.used)
			break
		}
	}
	return m
}

// residentBytes is the process's resident set size, or 0 if unknown.
func residentBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil {
		return 0
	}
	return pages * int64(os.Getpagesize())
}

// evictionParams are the parameters the store's eviction reads.
var evictionParams = []string{"maxmemory-policy", "maxmemory-samples", "maxmemory-eviction-tenacity",
	"lfu-log-factor", "lfu-decay-time", "eviction-mode", "cold-cache-size"}

// initTiering gives the store the eviction configuration, keeps it in step
// with CONFIG SET, and makes keys deleted by eviction (eviction-mode drop)
// signal their WATCHers. Open calls it once, before any command runs.
func (e *Engine) initTiering() {
	e.applyEviction()
	for _, name := range evictionParams {
		e.cfg.OnChange(name, func() error { e.applyEviction(); return nil })
	}
	e.store.SetEvictHook(func(touched []tier.Touched) { e.watches.touch(touched) })
}

// applyEviction passes the eviction parameters to the store.
func (e *Engine) applyEviction() {
	p, _ := tier.ParsePolicy(e.cfg.String("maxmemory-policy"))
	e.store.SetColdCacheSize(e.cfg.Int("cold-cache-size"))
	e.store.SetEviction(tier.EvictionConfig{
		Policy:   p,
		Samples:  int(e.cfg.Int("maxmemory-samples")),
		Tenacity: int(e.cfg.Int("maxmemory-eviction-tenacity")),
		LogFac:   int(e.cfg.Int("lfu-log-factor")),
		Decay:    int(e.cfg.Int("lfu-decay-time")),
		Drop:     e.cfg.String("eviction-mode") == "drop",
	})
}

// memoryCommands is the MEMORY command group.
var memoryCommands = []*Command{memoryCommand}

// MEMORY and its subcommands, with Redis 7.0's table entries.
var memoryCommand = &Command{
	Name: "memory", Arity: -2, Group: "server", Summary: "A container for memory diagnostics commands",
	Since: "4.0.0", Complex: "Depends on subcommand.",
	Sub: []*Command{
		{Name: "doctor", Arity: 2, Group: "server", Summary: "Outputs memory problems report", Since: "4.0.0",
			Complex: "O(1)", Tips: []string{tipOutput, "request_policy:all_shards", "response_policy:special"},
			Run: cmdMemoryDoctor},
		{Name: "help", Arity: 2, Flags: Loading | Stale, Group: "server",
			Summary: "Show helpful text about the different subcommands", Since: "4.0.0", Complex: "O(1)",
			Run: cmdMemoryHelp},
		{Name: "malloc-stats", Arity: 2, Group: "server", Summary: "Show allocator internal stats", Since: "4.0.0",
			Complex: "Depends on how much memory is allocated, could be slow",
			Tips:    []string{tipOutput, "request_policy:all_shards", "response_policy:special"}, Run: cmdMemoryMallocStats},
		{Name: "purge", Arity: 2, Group: "server", Summary: "Ask the allocator to release memory", Since: "4.0.0",
			Complex: "Depends on how much memory is allocated, could be slow",
			Tips:    []string{"request_policy:all_shards", "response_policy:all_succeeded"}, Run: cmdMemoryPurge},
		{Name: "stats", Arity: 2, Group: "server", Summary: "Show memory usage details", Since: "4.0.0",
			Complex: "O(1)", Tips: []string{tipOutput, "request_policy:all_shards", "response_policy:special"},
			Run: cmdMemoryStats},
		{Name: "usage", Arity: -3, Flags: ReadOnly, Keys: []KeySpec{{Flags: RO, Index: 2, Step: 1}},
			Group: "server", Summary: "Estimate the memory usage of a key", Since: "4.0.0",
			Complex: "O(N) where N is the number of samples.", Run: cmdMemoryUsage},
	},
}

// memoryHelp is MEMORY HELP's text (Redis 7.0's).
var memoryHelp = []string{
	"MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
	"DOCTOR",
	"    Return memory problems reports.",
	"MALLOC-STATS",
	"    Return internal statistics report from the memory allocator.",
	"PURGE",
	"    Attempt to purge dirty pages for reclamation by the allocator.",
	"STATS",
	"    Return information about the memory usage of the server.",
	"USAGE <key> [SAMPLES <count>]",
	"    Return memory in bytes used by <key> and its value. Nested values are",
	"    sampled up to <count> times (default: 5, 0 means sample all).",
	"HELP",
	"    Prints this help.",
}

// MEMORY HELP
func cmdMemoryHelp(c *Call) error {
	c.Out.Array(len(memoryHelp))
	for _, line := range memoryHelp {
		c.Out.SimpleString(line)
	}
	return nil
}

// MEMORY USAGE key [SAMPLES count]
//
// The bytes the key costs in memory when hot: what the hot set accounts for
// it (a cold key is sized as if it were loaded; nothing is promoted). An
// element-cold collection's elements are estimated from its count, so
// SAMPLES is checked but changes nothing.
func cmdMemoryUsage(c *Call) error {
	for i := 3; i < len(c.Args); i += 2 {
		if !optEq(c.Args[i], "samples") || i+1 >= len(c.Args) {
			return ErrSyntax
		}
		n, err := parseInt(c.Args[i+1])
		if err != nil {
			return err
		}
		if n < 0 {
			return ErrSyntax
		}
	}
	o, err := c.Txn.Peek(c.S.DB, c.Args[2])
	if err != nil {
		return err
	}
	if o == nil {
		c.Out.Null()
		return nil
	}
	c.Out.Int(o.MemoryUsage(c.Args[2]))
	return nil
}

// MEMORY STATS
//
// Redis's fields, over the process's memory as INFO memory reports it, then
// tierdb's split of the budget (tier.* fields).
func cmdMemoryStats(c *Call) error {
	m := c.e.memoryStats()
	ts := c.e.store.TierStats()
	keys := int64(0)
	for db := range c.e.store.Databases() {
		keys += c.e.store.DBSize(db)
	}
	overhead := m.used - m.hot
	perKey := int64(0)
	if keys > 0 {
		perKey = m.hot / keys
	}
	type field struct {
		name string
		i    int64
		f    float64
		isF  bool
	}
	fields := []field{
		{name: "peak.allocated", i: m.peak}, {name: "total.allocated", i: m.used},
		{name: "startup.allocated", i: 0}, {name: "replication.backlog", i: 0},
		{name: "clients.slaves", i: 0}, {name: "clients.normal", i: 0}, {name: "cluster.links", i: 0},
		{name: "aof.buffer", i: 0}, {name: "lua.caches", i: 0}, {name: "functions.caches", i: 0},
		{name: "overhead.total", i: overhead}, {name: "keys.count", i: keys},
		{name: "keys.bytes-per-key", i: perKey}, {name: "dataset.bytes", i: m.hot},
		{name: "dataset.percentage", f: percent(m.hot, m.used), isF: true},
		{name: "peak.percentage", f: percent(m.used, m.peak), isF: true},
		{name: "allocator.allocated", i: m.goHeap}, {name: "allocator.active", i: m.goHeap},
		{name: "allocator.resident", i: m.rss},
		{name: "fragmentation", f: ratio(m.rss, m.used), isF: true},
		{name: "fragmentation.bytes", i: m.rss - m.used},
		{name: "tier.hot.bytes", i: ts.HotBytes}, {name: "tier.hot.limit", i: limitOrZero(ts.HotLimit)},
		{name: "tier.hot.keys", i: ts.HotKeys}, {name: "tier.cold.keys", i: ts.ColdKeys},
		{name: "tier.cold-cache.bytes", i: ts.ColdCacheBytes},
		{name: "tier.block-cache.bytes", i: m.storage.BlockCacheBytes},
		{name: "tier.memtables.bytes", i: int64(m.storage.MemTableBytes)},
	}
	c.Out.Map(len(fields))
	for _, f := range fields {
		c.Out.BulkString(f.name)
		if f.isF {
			c.Out.Double(f.f)
		} else {
			c.Out.Int(f.i)
		}
	}
	return nil
}

// ratio is a/b, or 0 when b is not positive.
func ratio(a, b int64) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// limitOrZero is a budget for display: 0 when unlimited.
func limitOrZero(n int64) int64 {
	if n == math.MaxInt64 {
		return 0
	}
	return n
}

// MEMORY DOCTOR
func cmdMemoryDoctor(c *Call) error {
	ts := c.e.store.TierStats()
	var report string
	switch {
	case ts.EvictionStuck:
		report = "The hot set is over its budget and the maxmemory-policy allows no key to be evicted: " +
			"writes are refused with OOM until memory is freed or the policy changes."
	case ts.HotKeys+ts.ColdKeys == 0:
		report = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used " +
			"in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam " +
			"and I will be back to our programming as soon as I finished rebooting."
	default:
		report = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on " +
			"this base."
	}
	c.Out.Verbatim("txt", report)
	return nil
}

// MEMORY MALLOC-STATS
//
// The Go runtime's memory statistics, as text.
func cmdMemoryMallocStats(c *Call) error {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	c.Out.Verbatim("txt", fmt.Sprintf("Go runtime memory: heap_alloc=%d heap_sys=%d heap_idle=%d heap_released=%d "+
		"stack_sys=%d sys=%d num_gc=%d gc_cpu_fraction=%.4f",
		ms.HeapAlloc, ms.HeapSys, ms.HeapIdle, ms.HeapReleased, ms.StackSys, ms.Sys, ms.NumGC, ms.GCCPUFraction))
	return nil
}

// MEMORY PURGE
//
// Runs a garbage collection and returns freed memory to the system.
func cmdMemoryPurge(c *Call) error {
	debug.FreeOSMemory()
	OK(c.Out)
	return nil
}

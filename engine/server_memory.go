package engine

import (
	"bytes"
	"os"
	"runtime/metrics"
	"strconv"

	"github.com/tierdb/tierdb/tier"
)

// memoryStats is the process's memory as INFO memory reports it.
type memoryStats struct {
	used    int64  // used_memory: Go memory in use plus Pebble's off-heap caches
	goHeap  int64  // Go memory in use: heap objects and spans, stacks, runtime
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
		hot:     e.store.UsedMemory(),
		storage: e.store.StorageStats(),
	}
	// Pebble's block cache and memtables live outside the Go heap (in cgo
	// builds; in others they are part of it and counted twice here).
	m.used = m.goHeap + m.storage.BlockCacheBytes + int64(m.storage.MemTableBytes)
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

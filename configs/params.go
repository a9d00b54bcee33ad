package configs

import (
	"math"
	"sort"
	"strings"
)

// kind says how a parameter's value is parsed, printed and read.
type kind uint8

const (
	kindString kind = iota // free text, with an optional check
	kindInt                // a decimal integer within [min, max]
	kindMemory             // a memory value (100mb, 1gb ...) within [min, max]
	kindBool               // yes or no
	kindEnum               // one word of enum
	kindSave               // "save": pairs of <seconds> <changes>
	kindBind               // "bind": a list of addresses
	kindOBL                // "client-output-buffer-limit": <class> <hard> <soft> <seconds> ...
	kindNotify             // "notify-keyspace-events": event class characters
)

// pflags are a parameter's properties besides its kind.
type pflags uint8

const (
	// immutable parameters are set at start-up only; CONFIG SET refuses them
	// with "can't set immutable config".
	immutable pflags = 1 << iota
	// protected parameters are refused by CONFIG SET with "can't set protected
	// config", as Redis 7 does by default (enable-protected-configs no).
	protected
	// sensitive parameters (passwords) must be redacted from slowlog,
	// MONITOR and logs.
	sensitive
)

// param is one row of the parameter table. Defaults are not here: they live
// in tierdb.yaml, and the row's def is filled from it at start-up.
type param struct {
	name     string
	aliases  []string
	kind     kind
	min, max int64    // bounds of kindInt and kindMemory
	noMax    bool     // kindMemory only: any 64-bit unsigned value (maxmemory)
	enum     []string // kindEnum: the words, in Redis's order (its error lists them so)
	flags    pflags
	check    func(string) string // kindString: returns an error text, or ""
	clamp    [2]int64            // kindInt: if clamp[1] != 0, accepted values are clamped into it (hz)
	index    int                 // position in params
	def      value               // the embedded default
	doc      string              // the comment of its entry in tierdb.yaml
}

const (
	intMax  = math.MaxInt32
	uintMax = math.MaxUint32
	longMax = math.MaxInt64
)

// params is the parameter table: Redis 7.0 names, kinds, bounds and
// mutability, then our own. Bounds are Redis's, so that its range errors
// ("argument must be between 0 and 100 inclusive") come out the same.
var params = []*param{
	// Network and clients.
	// Deliberate difference: Redis lets CONFIG SET change bind and port
	// (it re-listens); tierdb fixes them at start-up for now.
	{name: "bind", kind: kindBind, flags: immutable},
	{name: "port", kind: kindInt, min: 0, max: 65535, flags: immutable},
	{name: "protected-mode", kind: kindBool},
	{name: "requirepass", kind: kindString, flags: sensitive},
	{name: "tcp-backlog", kind: kindInt, min: 0, max: intMax, flags: immutable},
	{name: "timeout", kind: kindInt, min: 0, max: intMax},
	{name: "tcp-keepalive", kind: kindInt, min: 0, max: intMax},
	{name: "maxclients", kind: kindInt, min: 1, max: uintMax},
	{name: "io-threads", kind: kindInt, min: 1, max: 128, flags: immutable},
	{name: "proto-max-bulk-len", kind: kindMemory, min: 1024 * 1024, max: longMax},
	{name: "client-query-buffer-limit", kind: kindMemory, min: 1024 * 1024, max: longMax},
	{name: "client-output-buffer-limit", kind: kindOBL},

	// Process.
	{name: "daemonize", kind: kindBool, flags: immutable},
	{name: "databases", kind: kindInt, min: 1, max: intMax, flags: immutable},
	{name: "loglevel", kind: kindEnum, enum: []string{"debug", "verbose", "notice", "warning", "nothing"}},
	{name: "logfile", kind: kindString, flags: immutable},
	{name: "aclfile", kind: kindString, flags: immutable},
	// user declares ACL users (Redis's "user" lines); see Config.Users.
	{name: "user", kind: kindString, flags: immutable | sensitive},
	{name: "cluster-enabled", kind: kindBool, flags: immutable},
	{name: "replica-read-only", aliases: []string{"slave-read-only"}, kind: kindBool},

	// Memory and eviction.
	{name: "maxmemory", kind: kindMemory, min: 0, noMax: true},
	{name: "maxmemory-policy", kind: kindEnum, enum: []string{
		"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
		"allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"}},
	{name: "maxmemory-samples", kind: kindInt, min: 1, max: intMax},
	{name: "maxmemory-eviction-tenacity", kind: kindInt, min: 0, max: 100},
	{name: "lfu-log-factor", kind: kindInt, min: 0, max: intMax},
	{name: "lfu-decay-time", kind: kindInt, min: 0, max: intMax},
	{name: "lazyfree-lazy-eviction", kind: kindBool},
	{name: "lazyfree-lazy-expire", kind: kindBool},
	{name: "lazyfree-lazy-server-del", kind: kindBool},
	{name: "lazyfree-lazy-user-del", kind: kindBool},
	{name: "lazyfree-lazy-user-flush", kind: kindBool},
	{name: "eviction-mode", kind: kindEnum, enum: []string{"spill", "drop"}},
	{name: "cold-cache-size", kind: kindMemory, min: 0, max: longMax},

	// Persistence.
	{name: "appendonly", kind: kindBool},
	{name: "appendfsync", kind: kindEnum, enum: []string{"everysec", "always", "no"}},
	{name: "appendfilename", kind: kindString, flags: immutable, check: checkAOFFilename},
	{name: "save", kind: kindSave},
	{name: "dir", kind: kindString, flags: protected, check: checkNotEmpty("dir")},
	{name: "dbfilename", kind: kindString, flags: protected, check: checkDBFilename},
	{name: "snapshot-keep", kind: kindInt, min: 0, max: intMax},
	{name: "snapshot-dir", kind: kindString, flags: protected, check: checkNotEmpty("snapshot-dir")},

	// Background work, monitoring, events.
	{name: "hz", kind: kindInt, min: 0, max: intMax, clamp: [2]int64{1, 500}},
	{name: "active-expire-effort", kind: kindInt, min: 1, max: 10},
	{name: "activerehashing", kind: kindBool},
	{name: "slowlog-log-slower-than", kind: kindInt, min: -1, max: longMax},
	{name: "slowlog-max-len", kind: kindInt, min: 0, max: longMax},
	{name: "latency-monitor-threshold", kind: kindInt, min: 0, max: longMax},
	{name: "busy-reply-threshold", aliases: []string{"lua-time-limit"}, kind: kindInt, min: 0, max: longMax},
	{name: "notify-keyspace-events", kind: kindNotify},

	// Encodings of small collections.
	{name: "hash-max-listpack-entries", aliases: []string{"hash-max-ziplist-entries"}, kind: kindInt, min: 0, max: longMax},
	{name: "hash-max-listpack-value", aliases: []string{"hash-max-ziplist-value"}, kind: kindMemory, min: 0, max: longMax},
	{name: "list-max-listpack-size", aliases: []string{"list-max-ziplist-size"}, kind: kindInt, min: math.MinInt32, max: intMax},
	{name: "list-compress-depth", kind: kindInt, min: 0, max: intMax},
	{name: "set-max-intset-entries", kind: kindInt, min: 0, max: longMax},
	{name: "zset-max-listpack-entries", aliases: []string{"zset-max-ziplist-entries"}, kind: kindInt, min: 0, max: longMax},
	{name: "zset-max-listpack-value", aliases: []string{"zset-max-ziplist-value"}, kind: kindMemory, min: 0, max: longMax},
	{name: "stream-node-max-bytes", kind: kindMemory, min: 0, max: longMax},
	{name: "hll-sparse-max-bytes", kind: kindMemory, min: 0, max: longMax},
	{name: "stream-node-max-entries", kind: kindInt, min: 0, max: longMax},
}

// entry is one name a parameter answers to: its own or an alias. Redis 7
// keeps aliases as separate entries, which shows in CONFIG GET (a glob can
// match both names) and in CONFIG SET (an alias and its parameter are not
// duplicates of each other).
type entry struct {
	name string
	p    *param
}

var (
	// byName maps every lower-case name and alias to its entry.
	byName = map[string]*entry{}
	// entries lists every entry, sorted by name.
	entries []*entry
	// names lists the parameter names (no aliases), sorted.
	names []string
)

func init() {
	for i, p := range params {
		p.index = i
		for _, n := range append([]string{p.name}, p.aliases...) {
			if _, dup := byName[n]; dup || n != strings.ToLower(n) {
				panic("configs: bad parameter name " + n)
			}
			e := &entry{name: n, p: p}
			byName[n] = e
			entries = append(entries, e)
		}
		names = append(names, p.name)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	sort.Strings(names)
	loadDefaults()
}

// lookup finds the entry for name, in any case.
func lookup(name string) *entry {
	if e, ok := byName[name]; ok {
		return e
	}
	return byName[strings.ToLower(name)]
}

// Names lists every parameter name, sorted (aliases such as
// hash-max-ziplist-entries are not included).
func Names() []string {
	return append([]string(nil), names...)
}

// IsSensitive reports whether the parameter called name (or an alias) holds
// a secret, such as requirepass, whose value must be redacted from the slow
// log, MONITOR and logs.
func IsSensitive(name string) bool {
	e := lookup(name)
	return e != nil && e.p.flags&sensitive != 0
}

func checkNotEmpty(name string) func(string) string {
	return func(s string) string {
		if s == "" {
			return name + " can't be empty"
		}
		return ""
	}
}

// checkDBFilename is Redis's isValidDBfilename.
func checkDBFilename(s string) string {
	if strings.Contains(s, "/") {
		return "dbfilename can't be a path, just a filename"
	}
	return ""
}

// checkAOFFilename is Redis's isValidAOFfilename.
func checkAOFFilename(s string) string {
	if s == "" {
		return "appendfilename can't be empty"
	}
	if strings.Contains(s, "/") {
		return "appendfilename can't be a path, just a filename"
	}
	return ""
}

// MemorySplit is how one maxmemory budget is divided between the parts of
// the process that hold memory (DESIGN.md, invariant 2). All in bytes.
type MemorySplit struct {
	Max        int64 // maxmemory; 0 means unlimited and the other fields are defaults
	BlockCache int64 // Pebble's block cache (on the Go heap unless built with cgo)
	MemTable   int64 // one Pebble memtable; up to MemTables of them exist at once
	ColdCache  int64 // the cache of values read back from disk
	Hot        int64 // the hot set, in accounted bytes (the eviction target)
	GoLimit    int64 // the Go runtime's soft memory limit (GOMEMLIMIT); 0 is none
}

// MemTables is how many memtables of MemorySplit.MemTable bytes Pebble may
// hold at once (the mutable one and those waiting to be flushed).
const MemTables = 3

// The fractions of maxmemory. Accounted hot bytes understate what the Go
// heap really holds for them (allocator rounding, map growth, garbage
// between collections), so the hot set gets 1/2 of what the caches
// leave; the Go limit is maxmemory (less Pebble's caches when they are C
// memory) plus a twentieth of it, the headroom for client buffers and
// garbage, plus runtimeAllowance.
const (
	blockCacheShare = 8 // 1/8 of maxmemory
	memTableShare   = 32
	coldCacheShare  = 16
	hotShareNum     = 1 // 1/2 of the rest
	hotShareDen     = 2
	minBlockCache   = 512 << 10
	maxBlockCache   = 1 << 30
	minMemTable     = 1 << 20
	maxMemTable     = 64 << 20
	// runtimeAllowance is the Go memory that does not grow with maxmemory:
	// the collector's metadata, stacks, Pebble's writers, the admission
	// sketch (about 8 MB at maxmemory 32mb, where it is a quarter of the
	// budget; the hot set would otherwise be squeezed to nothing there).
	runtimeAllowance = 8 << 20
	// Used when maxmemory is 0 (no limit).
	defaultBlockCache = 32 << 20
	defaultMemTable   = 16 << 20
)

// SplitMemory divides maxmemory between Pebble's caches, the cold-read
// cache (at most coldCacheSize, the cold-cache-size parameter) and the hot
// set, and gives the Go memory limit that keeps the process near maxmemory:
// the limit covers what lives on the Go heap, Pebble's caches included
// unless they are C memory (PebbleCachesOnGoHeap).
//
// Pure Go builds hold the process to its bound better: before the heap
// governor (tier), a 1 GB load at maxmemory 64mb, read back, peaked at 97
// MB of RSS built without cgo, against 105-110 MB with cgo (glibc's heap
// keeps the holes the block cache's churn leaves), where the bound is
// maxmemory × 1.1 + 32 MB = 102.4 MB.
func SplitMemory(maxmemory, coldCacheSize int64) MemorySplit {
	if maxmemory <= 0 {
		return MemorySplit{BlockCache: defaultBlockCache, MemTable: defaultMemTable, ColdCache: coldCacheSize}
	}
	s := MemorySplit{Max: maxmemory}
	s.BlockCache = min(max(maxmemory/blockCacheShare, minBlockCache), maxBlockCache)
	s.MemTable = min(max(maxmemory/memTableShare, minMemTable), maxMemTable)
	s.ColdCache = max(min(coldCacheSize, maxmemory/coldCacheShare), 0)
	offHeap := s.BlockCache + MemTables*s.MemTable
	s.Hot = max((maxmemory-offHeap-s.ColdCache)*hotShareNum/hotShareDen, 0)
	s.GoLimit = maxmemory + maxmemory/20 + runtimeAllowance
	if !PebbleCachesOnGoHeap {
		s.GoLimit -= min(offHeap, maxmemory)
	}
	return s
}

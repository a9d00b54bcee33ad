package persistence

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// SyncPolicy says when a committed batch reaches stable storage; it mirrors
// Redis's appendfsync.
type SyncPolicy int32

// Sync policies.
const (
	SyncEverySec SyncPolicy = iota // the WAL is fsynced once a second by a background loop
	SyncAlways                     // Commit returns after the WAL is fsynced (group commit)
	SyncNo                         // the operating system decides
)

// ParseSyncPolicy maps an appendfsync value to a SyncPolicy.
func ParseSyncPolicy(s string) (SyncPolicy, error) {
	switch s {
	case "always":
		return SyncAlways, nil
	case "everysec":
		return SyncEverySec, nil
	case "no":
		return SyncNo, nil
	}
	return 0, fmt.Errorf("persistence: unknown sync policy %q", s)
}

// Options configure Open.
type Options struct {
	Dir          string
	Sync         SyncPolicy
	CacheSize    int64  // Pebble block cache, bytes
	MemTableSize uint64 // bytes
	// MemTables is how many memtables Pebble may hold at once, the mutable
	// one and those waiting to be flushed (default 2); writes stall beyond.
	MemTables int
	Logger    func(format string, args ...any)
	Stalls    *WriteStalls // counts write stalls (stalls.go); may be nil
	// DeferCompactions keeps compactions from starting until the caller
	// calls StartCompactions, so that the reads that finish its own start-up
	// do not compete with them (see compactionGate).
	DeferCompactions bool
}

// DB is the open Pebble store.
type DB struct {
	pdb      *pebble.DB
	cache    interface{ Unref() }
	dir      string
	sync     atomic.Int32
	versions versionLease
	stop     chan struct{}
	wg       sync.WaitGroup
	closed   atomic.Bool
	gate     *compactionGate
}

// StartCompactions lets Pebble's compactions start, when Open was told to
// defer them (Options.DeferCompactions); it may be called more than once.
func (d *DB) StartCompactions() { d.gate.openGate() }

// ErrClosed is returned by operations on a closed DB.
var ErrClosed = errors.New("persistence: closed")

// Open opens (creating if needed) the store in opts.Dir.
func Open(opts Options) (*DB, error) {
	if opts.CacheSize <= 0 {
		opts.CacheSize = 32 << 20
	}
	if opts.MemTableSize == 0 {
		opts.MemTableSize = 16 << 20
	}
	if opts.MemTables <= 0 {
		opts.MemTables = 2
	}
	// Pebble reserves the memory of its memtables out of the block cache:
	// a cache of CacheSize alone would hold few or no blocks (not even the
	// bloom filters and indexes every read needs) whenever the memtables are
	// full. The cache is made large enough for CacheSize bytes of blocks
	// besides the memtables, which the memory budget counts apart.
	cache := pebble.NewCache(opts.CacheSize + int64(opts.MemTables)*int64(opts.MemTableSize))
	popts := &pebble.Options{
		Cache:                       cache,
		MemTableSize:                opts.MemTableSize,
		MemTableStopWritesThreshold: opts.MemTables,
		Merger:                      countMerger,
		Logger:                      pebbleLogger{opts.Logger},
	}
	gate := newCompactionGate()
	popts.Experimental.CompactionScheduler = gate
	tune(popts, opts)
	pdb, err := pebble.Open(opts.Dir, popts)
	if err != nil {
		gate.Unregister()
		cache.Unref()
		return nil, fmt.Errorf("persistence: open %s: %w", opts.Dir, err)
	}
	if !opts.DeferCompactions {
		gate.openGate()
	}
	d := &DB{pdb: pdb, cache: cache, dir: opts.Dir, stop: make(chan struct{}), gate: gate}
	d.sync.Store(int32(opts.Sync))
	if err := d.versions.init(d); err != nil {
		_ = pdb.Close()
		cache.Unref()
		return nil, err
	}
	d.wg.Add(1)
	go d.syncLoop()
	return d, nil
}

// SetSyncPolicy changes the policy for batches committed from now on.
func (d *DB) SetSyncPolicy(p SyncPolicy) { d.sync.Store(int32(p)) }

// SyncPolicy returns the current policy.
func (d *DB) SyncPolicy() SyncPolicy { return SyncPolicy(d.sync.Load()) }

// syncLoop fsyncs the WAL once a second under SyncEverySec.
func (d *DB) syncLoop() {
	defer d.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-t.C:
			if d.SyncPolicy() == SyncEverySec {
				_ = d.SyncWAL()
			}
		}
	}
}

// SyncWAL forces everything committed so far to stable storage.
func (d *DB) SyncWAL() error {
	if d.closed.Load() {
		return ErrClosed
	}
	return d.pdb.LogData(nil, pebble.Sync)
}

// Flush writes the memtables to sstables, so that the state survives even
// without the WAL.
func (d *DB) Flush() error { return d.pdb.Flush() }

// Close flushes the memtables and closes the store, so that the next Open
// has no write-ahead log to replay: after a clean shutdown, start-up time does
// not depend on how much was written before it.
func (d *DB) Close() error {
	if !d.closed.CompareAndSwap(false, true) {
		return nil
	}
	close(d.stop)
	d.wg.Wait()
	err := d.pdb.Flush()
	if err != nil {
		err = d.pdb.LogData(nil, pebble.Sync) // keep at least the WAL durable
	}
	if cerr := d.pdb.Close(); err == nil {
		err = cerr
	}
	d.cache.Unref()
	return err
}

// Dir is the directory the store lives in.
func (d *DB) Dir() string { return d.dir }

// pebbleLogger keeps Pebble's informational chatter out of the server log and
// forwards errors.
type pebbleLogger struct{ logf func(string, ...any) }

func (l pebbleLogger) Infof(string, ...any) {}
func (l pebbleLogger) Errorf(format string, args ...any) {
	if l.logf != nil {
		l.logf("pebble: "+format, args...)
	}
}
func (l pebbleLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf("pebble: "+format, args...))
}

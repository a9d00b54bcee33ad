package engine

import (
	"context"
	"errors"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Snapshots: SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF.
//
// A snapshot is a Pebble checkpoint of the whole store in
// <snapshot-dir>/<YYYYMMDD-HHMMSS.mmm> (UTC; names sort by age). It is
// written under a temporary name and renamed when complete, so a directory
// with a snapshot name is always a whole, openable store; after each
// snapshot only the newest snapshot-keep are kept. One snapshot runs at a
// time; it takes no lock, so clients are served while it runs, and it holds
// every command committed before it started.

// Errors of the snapshot commands, as Redis 7.0 words them.
var (
	errSaveInProgress    = errf("Background save already in progress")
	errRewriteInProgress = errf("Background append only file rewriting already in progress")
	errClosing           = errf("the server is shutting down")
)

// saveRetryDelay is how long the save rules wait after a failed snapshot
// before they try again.
const saveRetryDelay = 5 * time.Second

// snapshotLayout names snapshots; snapshotTmp prefixes one being written.
const (
	snapshotLayout = "20060102-150405.000"
	snapshotTmp    = ".tmp-"
)

// snapshotState tracks snapshots: at most one runs at a time.
type snapshotState struct {
	mu      sync.Mutex
	running bool
	done    chan struct{} // closed when the running snapshot ends
	started time.Time
	last    string // name of the newest snapshot taken

	lastSave     atomic.Int64 // unix seconds of the last successful snapshot
	lastTry      atomic.Int64 // unix seconds of the last attempt
	lastOK       atomic.Bool
	lastDuration atomic.Int64 // seconds the last snapshot took; -1 before the first
	saves        atomic.Int64 // successful snapshots since start
}

// snapshotRun is one snapshot in progress.
type snapshotRun struct {
	st      *snapshotState
	started time.Time
	dirty   int64 // changes counted when it started: a success clears them
}

// SAVE
//
// cmdSave takes a snapshot and replies when it is complete.
func cmdSave(c *Call) error {
	if _, err := c.e.saveNow(); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

// BGSAVE [SCHEDULE]
//
// cmdBgsave starts a snapshot in the background. SCHEDULE is accepted for
// compatibility: nothing else can delay a snapshot, so it starts at once.
func cmdBgsave(c *Call) error {
	if len(c.Args) > 2 || (len(c.Args) == 2 && !strings.EqualFold(string(c.Args[1]), "schedule")) {
		return ErrSyntax
	}
	if err := c.e.startBackgroundSave(); err != nil {
		return err
	}
	c.Out.SimpleString("Background saving started")
	return nil
}

// LASTSAVE
//
// cmdLastsave replies with the unix time of the last successful snapshot (the
// start-up time before the first).
func cmdLastsave(c *Call) error {
	c.Out.Int(c.e.server().snap.lastSave.Load())
	return nil
}

// BGREWRITEAOF
//
// cmdBgrewriteaof compacts the store in the background: tierdb's log is
// Pebble's, and compaction is what rewriting it means here.
func cmdBgrewriteaof(c *Call) error {
	if err := c.e.startRewrite(); err != nil {
		return err
	}
	c.Out.SimpleString("Background append only file rewriting started")
	return nil
}

// saveNow takes a snapshot in the calling goroutine and returns its name.
func (e *Engine) saveNow() (string, error) {
	run, err := e.beginSnapshot()
	if err != nil {
		return "", err
	}
	name, err := e.takeSnapshot(run.started)
	e.endSnapshot(run, name, err)
	if err != nil {
		return "", errf("snapshot failed: " + err.Error())
	}
	return name, nil
}

// startBackgroundSave starts a snapshot in its own goroutine.
func (e *Engine) startBackgroundSave() error {
	run, err := e.beginSnapshot()
	if err != nil {
		return err
	}
	go func() {
		name, err := e.takeSnapshot(run.started)
		e.endSnapshot(run, name, err)
	}()
	return nil
}

// waitSnapshot waits until no snapshot is running.
func (e *Engine) waitSnapshot() {
	st := &e.server().snap
	st.mu.Lock()
	done := st.done
	running := st.running
	st.mu.Unlock()
	if running {
		<-done
	}
}

// beginSnapshot marks a snapshot as running, or fails if one already is or
// the engine is closing. Close waits for the snapshot (it holds e.wg).
func (e *Engine) beginSnapshot() (*snapshotRun, error) {
	st := &e.server().snap
	st.mu.Lock()
	defer st.mu.Unlock()
	switch {
	case e.closed.Load():
		return nil, errClosing
	case st.running:
		return nil, errSaveInProgress
	}
	e.wg.Add(1)
	st.running, st.done, st.started = true, make(chan struct{}), time.Now()
	st.lastTry.Store(st.started.Unix())
	return &snapshotRun{st: st, started: st.started, dirty: e.stats.Dirty.Load()}, nil
}

// endSnapshot records the outcome of run.
func (e *Engine) endSnapshot(run *snapshotRun, name string, err error) {
	st := run.st
	st.mu.Lock()
	defer st.mu.Unlock()
	st.lastOK.Store(err == nil)
	if err != nil {
		log.Printf("snapshot failed: %v", err)
	} else {
		e.stats.Dirty.Add(-run.dirty)
		st.lastSave.Store(time.Now().Unix())
		st.lastDuration.Store(int64(time.Since(run.started).Seconds()))
		st.saves.Add(1)
		st.last = name
	}
	st.running = false
	close(st.done)
	e.wg.Done()
}

// takeSnapshot writes a snapshot named after now (later than every existing
// one) and prunes old ones; it returns the snapshot's name.
func (e *Engine) takeSnapshot(now time.Time) (string, error) {
	dir := e.cfg.SnapshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	names, err := listSnapshots(dir, true)
	if err != nil {
		return "", err
	}
	name := now.UTC().Format(snapshotLayout)
	if n := len(names); n > 0 && names[n-1] >= name {
		// A clock that stepped back, or two snapshots in one millisecond:
		// stay after the newest so that names keep sorting by age.
		t, _ := time.Parse(snapshotLayout, names[n-1])
		name = t.Add(time.Millisecond).Format(snapshotLayout)
	}
	tmp := filepath.Join(dir, snapshotTmp+name)
	if err := e.store.Checkpoint(tmp); err != nil {
		_ = os.RemoveAll(tmp)
		return "", err
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		_ = os.RemoveAll(tmp)
		return "", err
	}
	syncDir(dir)
	if err := pruneSnapshots(dir, int(e.cfg.Int("snapshot-keep"))); err != nil {
		log.Printf("pruning old snapshots: %v", err)
	}
	return name, nil
}

// listSnapshots returns the snapshot names in dir, oldest first. With
// cleanTemps it removes what interrupted snapshots left behind (only one
// snapshot runs at a time, so any temporary directory is stale).
func listSnapshots(dir string, cleanTemps bool) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var names []string
	for _, ent := range entries {
		n := ent.Name()
		switch {
		case !ent.IsDir():
		case strings.HasPrefix(n, snapshotTmp):
			if cleanTemps {
				_ = os.RemoveAll(filepath.Join(dir, n))
			}
		case isSnapshotName(n):
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// isSnapshotName reports whether n is a snapshot's name (and not some other
// directory a user keeps beside them).
func isSnapshotName(n string) bool {
	_, err := time.Parse(snapshotLayout, n)
	return err == nil
}

// pruneSnapshots deletes all but the newest keep snapshots in dir; keep 0
// keeps them all.
func pruneSnapshots(dir string, keep int) error {
	if keep <= 0 {
		return nil
	}
	names, err := listSnapshots(dir, false)
	if err != nil {
		return err
	}
	for len(names) > keep {
		if err := os.RemoveAll(filepath.Join(dir, names[0])); err != nil {
			return err
		}
		names = names[1:]
	}
	return nil
}

// syncDir makes a rename in dir durable; failures only weaken durability.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
}

// checkSavePoints starts a background snapshot when a save rule is met: at
// least Changes writes and more than Seconds since the last snapshot. After a
// failed snapshot the rules wait saveRetryDelay before trying again.
func (e *Engine) checkSavePoints(now time.Time) {
	points := e.cfg.SavePoints()
	if len(points) == 0 {
		return
	}
	st := &e.server().snap
	dirty := e.stats.Dirty.Load()
	since := now.Unix() - st.lastSave.Load()
	if !st.lastOK.Load() && now.Unix()-st.lastTry.Load() <= int64(saveRetryDelay/time.Second) {
		return
	}
	for _, p := range points {
		if dirty >= p.Changes && since > p.Seconds {
			if err := e.startBackgroundSave(); err == nil {
				log.Printf("%d changes in %d seconds. Saving...", p.Changes, p.Seconds)
			}
			return
		}
	}
}

// rewriteState tracks BGREWRITEAOF: at most one runs at a time.
type rewriteState struct {
	mu           sync.Mutex
	running      bool
	started      time.Time
	lastOK       atomic.Bool
	lastDuration atomic.Int64 // seconds; -1 before the first
	rewrites     atomic.Int64
}

// startRewrite starts a compaction of the whole store in the background; it
// is cancelled if the engine closes.
func (e *Engine) startRewrite() error {
	st := &e.server().rewrite
	st.mu.Lock()
	defer st.mu.Unlock()
	switch {
	case e.closed.Load():
		return errClosing
	case st.running:
		return errRewriteInProgress
	}
	e.wg.Add(1)
	st.running, st.started = true, time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer e.wg.Done()
		go func() {
			select {
			case <-e.stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		err := e.store.Compact(ctx)
		cancel()
		if err != nil {
			log.Printf("background rewrite (compaction) failed: %v", err)
		}
		st.mu.Lock()
		st.running = false
		st.lastOK.Store(err == nil)
		st.lastDuration.Store(int64(time.Since(st.started).Seconds()))
		if err == nil {
			st.rewrites.Add(1)
		}
		st.mu.Unlock()
	}()
	return nil
}

package engine

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/tier"
)

// Engine runs commands against the tiered store.
type Engine struct {
	cfg     *configs.Config
	store   *tier.Store
	table   *Table
	watches watchRegistry
	blocked blockRegistry
	stats   Stats
	started time.Time
	stop    chan struct{}
	wg      sync.WaitGroup
	closed  atomic.Bool
	srv     *serverState // snapshot status, rates, error counts (server_state.go)
}

// Open opens the store under the configured dir and builds the command table
// from the engine's commands plus extra (the connection commands of resp).
func Open(cfg *configs.Config, extra ...[]*Command) (*Engine, error) {
	sync, err := syncPolicy(cfg)
	if err != nil {
		return nil, err
	}
	dir := cfg.String("dir")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create dir %s: %w", dir, err)
	}
	store, err := tier.Open(tier.Options{
		Dir:       filepath.Join(dir, "pebble"),
		Databases: int(cfg.Int("databases")),
		Sync:      sync,
		MaxMemory: cfg.Int("maxmemory"),
		Logger:    log.Printf,
	})
	if err != nil {
		return nil, err
	}
	e := &Engine{cfg: cfg, store: store, started: time.Now(), stop: make(chan struct{})}
	e.table = NewTable(append(commandGroups(), extra...)...)
	e.srv = newServerState(e)
	e.watches.init()
	e.registerConfigHooks()
	e.wg.Add(1)
	go e.expireLoop()
	e.startServerCron()
	return e, nil
}

// Close stops background work and closes the store.
func (e *Engine) Close() error {
	if !e.closed.CompareAndSwap(false, true) {
		return nil
	}
	close(e.stop)
	e.wg.Wait()
	return e.store.Close()
}

// Table is the command table.
func (e *Engine) Table() *Table { return e.table }

// Config is the live configuration.
func (e *Engine) Config() *configs.Config { return e.cfg }

// registerConfigHooks applies CONFIG SET changes that the store must see.
func (e *Engine) registerConfigHooks() {
	for _, name := range []string{"appendonly", "appendfsync"} {
		e.cfg.OnChange(name, func() error {
			p, err := syncPolicy(e.cfg)
			if err == nil {
				e.store.SetSyncPolicy(p)
			}
			return err
		})
	}
	e.cfg.OnChange("maxmemory", func() error {
		e.store.SetMaxMemory(e.cfg.Int("maxmemory"))
		return nil
	})
}

// syncPolicy is when commits reach the disk: appendfsync with appendonly
// yes; with appendonly no the WAL is still written (so a crash keeps a
// consistent prefix of the writes) but never forced to disk.
func syncPolicy(cfg *configs.Config) (tier.SyncPolicy, error) {
	if !cfg.Bool("appendonly") {
		return tier.ParseSyncPolicy("no")
	}
	return tier.ParseSyncPolicy(cfg.String("appendfsync"))
}

// Do runs one client command: lookup and arity, the session's Authorize gate,
// MULTI queueing, the OOM gate, then the handler. It writes exactly one reply.
// Do may keep args (queued in MULTI): the caller must not reuse their memory.
func (e *Engine) Do(s *Session, args [][]byte, out Reply) {
	cmd, err := e.table.Lookup(args)
	if err == nil && s.Authorize != nil {
		err = s.Authorize(cmd, args)
	}
	if err == nil {
		err = e.admit(s, cmd)
	}
	if err != nil {
		if cmd != nil {
			cmd.Stats.RejectedCalls.Add(1)
		}
		if s.multi != nil {
			s.multi.failed = true
			if cmd != nil && cmd.Name == "exec" {
				err = execAbort(err)
				e.Reset(s)
			}
		}
		e.countErrorReply(err)
		replyError(out, err)
		return
	}
	if s.multi != nil && !isTxnControl(cmd) {
		s.multi.queue = append(s.multi.queue, queuedCommand{cmd, args})
		out.SimpleString("QUEUED")
		return
	}
	e.run(s, cmd, args, out)
	if ready := s.ready; ready != nil {
		s.ready = nil
		e.serveReady(ready)
	}
	if w := s.block; w != nil {
		s.block = nil
		e.park(w)
	}
}

// admit refuses commands that may not run now: inside MULTI, or commands
// that may grow memory (DenyOOM, or an EXEC of such commands) while the hot
// set is over its budget and nothing can be evicted. Over budget, every
// command first helps the evictor (tier.Store.MakeRoom), as Redis evicts
// before each command; it holds no shard lock here.
func (e *Engine) admit(s *Session, cmd *Command) error {
	if s.multi != nil && cmd.Flags&NoMulti != 0 {
		return errf("Command not allowed inside a transaction")
	}
	if err := e.store.MakeRoom(); err != nil && deniedOnOOM(s, cmd) {
		return ErrOOM
	}
	return nil
}

// deniedOnOOM reports whether cmd is refused while memory is full: a
// DenyOOM command, or EXEC of a transaction that queued one.
func deniedOnOOM(s *Session, cmd *Command) bool {
	if cmd.Flags&DenyOOM != 0 {
		return true
	}
	if cmd.Name == "exec" && s.multi != nil {
		for _, q := range s.multi.queue {
			if q.cmd.Flags&DenyOOM != 0 {
				return true
			}
		}
	}
	return false
}

// run locks the command's shards, runs it in its own Txn and commits before
// the reply leaves the engine.
func (e *Engine) run(s *Session, cmd *Command, args [][]byte, out Reply) {
	if cmd.Run == nil {
		replyError(out, ErrUnknownSubcommand(nil, cmd.Name))
		return
	}
	if isTxnControl(cmd) {
		e.call(&Call{e: e, S: s, Cmd: cmd, Args: args, Out: out})
		return
	}
	var locks tier.LockSet
	lockSetFor(&locks, cmd, args)
	e.store.Lock(&locks)
	defer e.store.Unlock(&locks)
	txn := e.store.Begin(false)
	mark := out.Mark()
	ok := e.call(&Call{e: e, S: s, Cmd: cmd, Args: args, Out: out, Txn: txn})
	e.finish(s, txn, ok, out, mark)
	if s.block != nil {
		if ok {
			e.blocked.add(s.block) // under the locks: no change slips in before it
		} else {
			s.block = nil
		}
	}
}

// call runs the handler, timing it and writing its error, and reports whether
// it succeeded. A panicking handler is logged with the command's name (not
// its arguments) and answered with an error; its Txn is then discarded like
// that of any failed command, so locks, memory and disk stay consistent.
func (e *Engine) call(c *Call) bool {
	start := time.Now()
	mark := c.Out.Mark()
	panicked, err := e.runHandler(c)
	if panicked {
		c.Out.Rewind(mark)
	}
	c.Cmd.Stats.Usec.Add(time.Since(start).Microseconds())
	c.Cmd.Stats.Calls.Add(1)
	e.stats.Commands.Add(1)
	if err != nil {
		c.Cmd.Stats.FailedCalls.Add(1)
		e.countErrorReply(err)
		replyError(c.Out, err)
		return false
	}
	return true
}

// finish commits txn (or discards it when the command failed) and, on
// success, signals WATCHers of the touched keys while the locks are held
// and notes the touched keys that blocked clients wait for, to be served
// once the locks are released.
func (e *Engine) finish(s *Session, txn *tier.Txn, ok bool, out Reply, mark int) {
	if !ok {
		txn.Discard()
		return
	}
	if err := txn.Commit(); err != nil {
		out.Rewind(mark)
		replyError(out, err)
		return
	}
	touched := txn.Touched()
	e.stats.Dirty.Add(int64(len(touched)))
	e.watches.touch(touched)
	s.ready = append(s.ready, e.blocked.readyKeys(touched)...)
}

// lockSetFor adds the shards cmd needs: those of its keys, or all of them.
func lockSetFor(l *tier.LockSet, cmd *Command, args [][]byte) {
	if cmd.Flags&LockAll != 0 || cmd.LocksAll != nil && cmd.LocksAll(args) {
		l.AddAll()
		return
	}
	for _, i := range cmd.KeyIndexes(args) {
		l.Add(args[i])
	}
}

// isTxnControl reports the commands that run at once inside MULTI and take
// their own locks.
func isTxnControl(cmd *Command) bool {
	switch cmd.Name {
	case "exec", "discard", "multi", "watch", "unwatch", "quit", "reset":
		return true
	}
	return false
}

// runHandler runs the handler, turning a panic into an error reply.
func (e *Engine) runHandler(c *Call) (panicked bool, err error) {
	return e.protect(c.Cmd.Name, func() error { return c.Cmd.Run(c) })
}

// protect runs fn, part of command name, turning a panic into an error:
// logged with the command's name (not its arguments).
func (e *Engine) protect(name string, fn func() error) (panicked bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("panic in command %q: %v\n%s", name, r, debug.Stack())
			panicked, err = true, errf("internal error in '"+name+"' command")
		}
	}()
	return false, fn()
}

package engine

import (
	"math"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tierdb/tierdb/tier"
)

// Blocking commands (BLPOP, BZPOPMIN, XREAD BLOCK ...). A handler first
// tries to serve the client at once, as its non-blocking twin would; when
// there is nothing to serve it validates everything, then calls Call.Block
// and returns without writing a reply.
//
// The engine registers the client as a waiter on its keys before the
// command's locks are released (so that no change of those keys can slip
// between the failed try and the registration), then parks the client's
// goroutine, holding no lock, until it is served, times out, is unblocked
// by CLIENT UNBLOCK, or its connection goes away.
//
// A command that changes a key with waiters serves them before its own
// client gets its reply, as Redis serves blocked clients before it runs the
// next command: once the command's locks are released, each waiter of each
// changed key, in the order they blocked (first come, first served), has its
// Serve called under the shard locks of its own command's keys, in a Txn of
// its own, writing into the waiter's reply. A waiter that was served is
// woken and unregistered from all its keys; the keys its Serve changed
// (BLMOVE's destination) are served in turn.

// BlockSpec is what a blocked client waits for and how it is answered.
type BlockSpec struct {
	// Keys are the keys whose change may serve the client (in the current
	// database).
	Keys [][]byte
	// Timeout is how long to wait; 0 waits forever.
	Timeout time.Duration
	// Serve tries to serve the client now: it writes the full reply to c.Out
	// and reports true, or writes nothing and reports false to keep waiting.
	// It runs under the shard locks of the command's keys, in its own Txn;
	// an error is the client's reply and ends the wait.
	Serve func(c *Call) (bool, error)
	// TimedOut writes the reply for a timeout (also the reply of a blocking
	// command inside MULTI/EXEC, which never blocks, as in Redis).
	TimedOut func(out Reply)
	// Consumes says that serving the client takes what it waits for (a
	// pop): when it is not served, the clients that blocked after it on the
	// same key are not tried either, as they would not be served. Without
	// it (XREAD) every waiter of a changed key is tried.
	Consumes bool
}

// Block parks the client when the command is done (see BlockSpec). Inside
// MULTI/EXEC it answers TimedOut at once.
func (c *Call) Block(b BlockSpec) {
	if c.exec {
		b.TimedOut(c.Out)
		return
	}
	c.S.block = &waiter{s: c.S, cmd: c.Cmd, args: c.Args, out: c.Out, spec: b, db: c.S.DB}
}

// Why a parked client stops waiting without being served.
const (
	endNone = iota
	endTimeout
	endGone
	endUnblockTimeout
	endUnblockError
)

// Waiter states, guarded by blockRegistry.mu. A waiter is registered
// preparing, under its command's locks, and becomes waiting once its
// connection wrote out the replies before it (Session.Park): until then no
// one may write its reply.
const (
	preparing = iota
	waiting
	serving
	finished
)

// waiter is one blocked client.
type waiter struct {
	s    *Session
	cmd  *Command
	args [][]byte
	out  Reply
	spec BlockSpec
	db   int

	state   int           // preparing, waiting, serving or finished; guarded by blockRegistry.mu
	changed bool          // a key of w changed while it was preparing; guarded by blockRegistry.mu
	served  chan struct{} // closed when a Serve wrote the reply
	retry   chan struct{} // a serve attempt ended without serving (cap 1)
	unblock chan int      // CLIENT UNBLOCK's reason (cap 1)
}

// blockKey is a key in a logical database.
type blockKey struct {
	db  int
	key string
}

// blockRegistry holds the parked clients by key and by client id.
type blockRegistry struct {
	mu       sync.Mutex
	byKey    map[blockKey][]*waiter
	byClient map[int64]*waiter
	count    atomic.Int64 // parked clients, read without the mutex
	timed    atomic.Int64 // parked clients with a timeout
}

// add registers w on its keys.
func (r *blockRegistry) add(w *waiter) {
	w.served = make(chan struct{})
	w.retry = make(chan struct{}, 1)
	w.unblock = make(chan int, 1)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byKey == nil {
		r.byKey = map[blockKey][]*waiter{}
		r.byClient = map[int64]*waiter{}
	}
	seen := map[string]bool{}
	for _, k := range w.spec.Keys {
		if seen[string(k)] {
			continue
		}
		seen[string(k)] = true
		bk := blockKey{w.db, string(k)}
		r.byKey[bk] = append(r.byKey[bk], w)
	}
	r.byClient[w.s.ID] = w
	r.count.Add(1)
	if w.spec.Timeout > 0 {
		r.timed.Add(1)
	}
}

// removeLocked unregisters w; the caller holds r.mu.
func (r *blockRegistry) removeLocked(w *waiter) {
	w.state = finished
	for _, k := range w.spec.Keys {
		bk := blockKey{w.db, string(k)}
		ws := r.byKey[bk]
		for i, o := range ws {
			if o == w {
				ws = append(ws[:i:i], ws[i+1:]...)
				break
			}
		}
		if len(ws) == 0 {
			delete(r.byKey, bk)
		} else {
			r.byKey[bk] = ws
		}
	}
	if r.byClient[w.s.ID] == w {
		delete(r.byClient, w.s.ID)
	}
	r.count.Add(-1)
	if w.spec.Timeout > 0 {
		r.timed.Add(-1)
	}
}

// cancel ends w's wait unless a Serve is running for it; it reports whether
// it did.
func (r *blockRegistry) cancel(w *waiter) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if w.state != waiting && w.state != preparing {
		return false
	}
	r.removeLocked(w)
	return true
}

// activate lets w be served, once its connection is ready for its reply,
// and reports whether one of its keys changed meanwhile.
func (r *blockRegistry) activate(w *waiter) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if w.state == preparing {
		w.state = waiting
	}
	return w.changed
}

// claim returns the waiters of k that are waiting now, in blocking order,
// marked as being served, or nil.
func (r *blockRegistry) claimNext(k blockKey, after map[*waiter]bool) *waiter {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, w := range r.byKey[k] {
		if w.state == waiting && !after[w] {
			w.state = serving
			return w
		}
	}
	return nil
}

// release ends a serve attempt: served ends the wait, else w waits on.
func (r *blockRegistry) release(w *waiter, served bool) {
	r.mu.Lock()
	if served {
		r.removeLocked(w)
	} else {
		w.state = waiting
	}
	r.mu.Unlock()
	if served {
		close(w.served)
		return
	}
	select {
	case w.retry <- struct{}{}:
	default:
	}
}

// readyKeys returns the changed keys that have waiters. Deleted keys are
// included: a blocked XREADGROUP answers an error when its stream goes.
func (r *blockRegistry) readyKeys(touched []tier.Touched) []blockKey {
	if r.count.Load() == 0 || len(touched) == 0 {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var ready []blockKey
	for _, t := range touched {
		k := blockKey{t.DB, t.Key}
		if ws := r.byKey[k]; len(ws) > 0 {
			ready = append(ready, k)
			for _, w := range ws {
				if w.state == preparing {
					w.changed = true
				}
			}
		}
	}
	return ready
}

// Unblock ends the wait of the client with the given id, as CLIENT UNBLOCK
// does: with its timeout reply, or with withError's UNBLOCKED error. It
// reports whether the client was blocked.
func (e *Engine) Unblock(clientID int64, withError bool) bool {
	r := &e.blocked
	r.mu.Lock()
	w := r.byClient[clientID]
	r.mu.Unlock()
	if w == nil {
		return false
	}
	reason := endUnblockTimeout
	if withError {
		reason = endUnblockError
	}
	select {
	case w.unblock <- reason:
	default:
	}
	return true
}

// BlockedClients is the number of clients parked in blocking commands.
func (e *Engine) BlockedClients() int64 { return e.blocked.count.Load() }

// errUnblocked is the reply of a client ended by CLIENT UNBLOCK ... ERROR.
var errUnblocked = &Error{Prefix: "UNBLOCKED", Msg: "client unblocked via CLIENT UNBLOCK"}

// park waits, holding no lock, until w is served or its wait ends, and
// writes the reply of an ended wait. Once the connection is ready for the
// reply, w's keys are offered to their waiters: one may have changed while
// w was preparing.
func (e *Engine) park(w *waiter) {
	var gone <-chan struct{}
	if w.s.Park != nil {
		g, stop := w.s.Park()
		gone = g
		defer stop()
	}
	if e.blocked.activate(w) {
		ready := make([]blockKey, 0, len(w.spec.Keys))
		for _, k := range w.spec.Keys {
			ready = append(ready, blockKey{w.db, string(k)})
		}
		e.serveReady(ready)
	}
	var timeout <-chan time.Time
	if w.spec.Timeout > 0 {
		t := time.NewTimer(w.spec.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	reason := endNone
	for {
		select {
		case <-w.served:
			return
		case <-w.retry:
		case <-timeout:
			reason, timeout = endTimeout, nil
		case <-gone:
			reason, gone = endGone, nil
		case r := <-w.unblock:
			reason = r
		}
		if reason != endNone && e.blocked.cancel(w) {
			break
		}
	}
	switch reason {
	case endTimeout, endUnblockTimeout:
		w.spec.TimedOut(w.out)
	case endUnblockError:
		e.countErrorReply(errUnblocked)
		replyError(w.out, errUnblocked)
	}
}

// serveReady serves the waiters of the ready keys, and of the keys their
// serving changes, in blocking order.
func (e *Engine) serveReady(ready []blockKey) {
	for len(ready) > 0 {
		k := ready[0]
		ready = ready[1:]
		tried := map[*waiter]bool{}
		for {
			w := e.blocked.claimNext(k, tried)
			if w == nil {
				break
			}
			tried[w] = true
			more, served := e.serveOne(w)
			e.blocked.release(w, served)
			ready = append(ready, more...)
			if !served && w.spec.Consumes {
				break
			}
		}
	}
}

// serveOne runs w's Serve under its command's locks and commits it,
// returning the keys it changed that have waiters.
func (e *Engine) serveOne(w *waiter) (ready []blockKey, served bool) {
	var locks tier.LockSet
	lockSetFor(&locks, w.cmd, w.args)
	e.store.Lock(&locks)
	defer e.store.Unlock(&locks)
	txn := e.store.Begin(false)
	mark := w.out.Mark()
	c := &Call{e: e, S: w.s, Cmd: w.cmd, Args: w.args, Out: w.out, Txn: txn}
	served, err := e.serveCall(c, w.spec.Serve)
	switch {
	case err != nil:
		txn.Discard()
		w.out.Rewind(mark)
		e.countErrorReply(err)
		replyError(w.out, err)
		return nil, true
	case !served:
		txn.Discard()
		w.out.Rewind(mark)
		return nil, false
	}
	if err := txn.Commit(); err != nil {
		w.out.Rewind(mark)
		replyError(w.out, err)
		return nil, true
	}
	touched := txn.Touched()
	e.stats.Dirty.Add(int64(len(touched)))
	e.watches.touch(touched)
	return e.blocked.readyKeys(touched), true
}

// serveCall runs serve, turning a panic into an error as handlers' are.
func (e *Engine) serveCall(c *Call, serve func(*Call) (bool, error)) (served bool, err error) {
	_, err = e.protect(c.Cmd.Name, func() error {
		var err error
		served, err = serve(c)
		return err
	})
	return served && err == nil, err
}

// Errors of blocking timeouts, as Redis 7.0 prints them.
var (
	errTimeoutNotFloat = errf("timeout is not a float or out of range")
	errTimeoutNegative = errf("timeout is negative")
	errTimeoutRange    = errf("timeout is out of range")
)

// parseBlockTimeout reads the timeout of BLPOP and its kin: seconds as
// Redis reads a long double (fractions, exponents, hex), 0 meaning forever.
// As in Redis, the wait is the timeout in whole milliseconds: less than a
// millisecond waits forever, and one too big for Redis's millisecond clock
// is "negative".
func parseBlockTimeout(arg []byte) (time.Duration, error) {
	f, ok := parseLongDouble(arg)
	if !ok {
		return 0, errTimeoutNotFloat
	}
	if f.IsInf() {
		return 0, errTimeoutNegative
	}
	ms, _ := new(big.Float).Mul(f, big.NewFloat(1000)).Int(nil)
	if !ms.IsInt64() || ms.Int64() < 0 {
		return 0, errTimeoutNegative
	}
	return MillisTimeout(ms.Int64())
}

// MillisTimeout checks a blocking timeout in milliseconds (XREAD BLOCK's,
// or BLPOP's converted) as Redis does and returns the wait: 0 is forever.
func MillisTimeout(ms int64) (time.Duration, error) {
	if ms < 0 {
		return 0, errTimeoutNegative
	}
	if ms > math.MaxInt64-time.Now().UnixMilli() {
		return 0, errTimeoutRange
	}
	if ms > math.MaxInt64/int64(time.Millisecond) {
		return 0, nil
	}
	return time.Duration(ms) * time.Millisecond, nil
}

package engine

import (
	"errors"

	"github.com/tierdb/tierdb/tier"
)

// Transactions.
//
// MULTI queues commands in the session. EXEC locks the shards of every queued
// command's keys and of every WATCHed key (all shards if one of them is a
// whole-database command), checks the WATCHes under those locks, runs the
// queue in one Txn with a readable batch, and commits it as one Pebble batch:
// other clients see all of it or none of it, and so does a restart.
var txnCommands = []*Command{
	{Name: "multi", Arity: 1, Flags: NoScript | Loading | Stale | Fast | AllowBusy, ACL: CatTransaction,
		Group: "transactions", Summary: "Start a transaction", Since: "1.2.0", Complex: "O(1)", Run: cmdMulti},
	{Name: "exec", Arity: 1, Flags: NoScript | Loading | Stale | SkipSlowlog, ACL: CatTransaction,
		Group: "transactions", Summary: "Execute all commands issued after MULTI", Since: "1.2.0",
		Complex: "Depends on commands in the transaction", Run: cmdExec},
	{Name: "discard", Arity: 1, Flags: NoScript | Loading | Stale | Fast | AllowBusy, ACL: CatTransaction,
		Group: "transactions", Summary: "Discard all commands issued after MULTI", Since: "2.0.0",
		Complex: "O(N), when N is the number of queued commands", Run: cmdDiscard},
	{Name: "watch", Arity: -2, Flags: NoScript | Loading | Stale | Fast | AllowBusy, ACL: CatTransaction,
		Keys: []KeySpec{{Flags: RO, Index: 1, LastKey: -1, Step: 1}}, Group: "transactions",
		Summary: "Monitor changes to keys to determine execution of the MULTI/EXEC block", Since: "2.2.0",
		Complex: "O(1) for every key.", Run: cmdWatch},
	{Name: "unwatch", Arity: 1, Flags: NoScript | Loading | Stale | Fast | AllowBusy, ACL: CatTransaction,
		Group: "transactions", Summary: "Forget about all watched keys", Since: "2.2.0", Complex: "O(1)",
		Run: cmdUnwatch},
}

// MULTI
func cmdMulti(c *Call) error {
	if c.S.multi != nil {
		return ErrNestedMulti
	}
	c.S.multi = &multiState{}
	OK(c.Out)
	return nil
}

// DISCARD
func cmdDiscard(c *Call) error {
	if c.S.multi == nil {
		return ErrDiscardNoMult
	}
	c.e.Reset(c.S)
	OK(c.Out)
	return nil
}

// UNWATCH
func cmdUnwatch(c *Call) error {
	c.e.watches.unwatchAll(c.S)
	OK(c.Out)
	return nil
}

// WATCH key [key ...]
func cmdWatch(c *Call) error {
	if c.S.multi != nil {
		return errf("WATCH inside MULTI is not allowed")
	}
	var locks tier.LockSet
	lockSetFor(&locks, c.Cmd, c.Args)
	c.e.store.Lock(&locks)
	defer c.e.store.Unlock(&locks)
	txn := c.e.store.Begin(false)
	for _, key := range c.Args[1:] {
		o, err := txn.Peek(c.S.DB, key)
		if err != nil {
			txn.Discard()
			return err
		}
		c.e.watches.watch(c.S, c.S.DB, string(key), o != nil)
	}
	// Peek may have deleted expired keys; those deletions are real.
	if err := txn.Commit(); err != nil {
		return err
	}
	c.e.watches.touch(txn.Touched())
	OK(c.Out)
	return nil
}

// EXEC
func cmdExec(c *Call) error {
	s := c.S
	m := s.multi
	if m == nil {
		return ErrNotInMulti
	}
	s.multi = nil
	defer c.e.watches.unwatchAll(s)
	if m.failed {
		return ErrExecAbort
	}
	var locks tier.LockSet
	for _, q := range m.queue {
		lockSetFor(&locks, q.cmd, q.args)
	}
	for _, w := range s.watch {
		locks.Add([]byte(w.key))
	}
	c.e.store.Lock(&locks)
	defer c.e.store.Unlock(&locks)
	txn := c.e.store.Begin(true)
	if failed, err := c.e.watchFailed(s, txn); err != nil || failed {
		txn.Discard()
		if err != nil {
			return err
		}
		c.Out.NullArray()
		return nil
	}
	mark := c.Out.Mark()
	c.Out.Array(len(m.queue))
	for _, q := range m.queue {
		// Runtime errors are replies inside the array; they do not abort.
		c.e.call(&Call{e: c.e, S: s, Cmd: q.cmd, Args: q.args, Out: c.Out, Txn: txn, exec: true})
	}
	c.e.finish(s, txn, true, c.Out, mark)
	return nil
}

// watchFailed reports whether a WATCHed key changed since WATCH: touched by a
// write, or expired while it was watched. The caller holds the keys' locks.
func (e *Engine) watchFailed(s *Session, txn *tier.Txn) (bool, error) {
	if s.dirty.Load() {
		return true, nil
	}
	for _, w := range s.watch {
		if !w.existed {
			continue
		}
		o, err := txn.Peek(w.db, []byte(w.key))
		if err != nil {
			return false, err
		}
		if o == nil {
			return true, nil
		}
	}
	return false, nil
}

// execAbort is Redis's reply to an EXEC refused before it runs (wrong
// arity, no permission): the transaction is discarded and the reason given,
// with its prefix unless it is the plain ERR.
func execAbort(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	reason := e.Msg
	if e.Prefix != "ERR" {
		reason = e.Prefix + " " + e.Msg
	}
	return &Error{Prefix: "EXECABORT", Msg: "Transaction discarded because of: " + reason}
}

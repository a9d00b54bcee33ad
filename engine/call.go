package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// Call is one command being run: its arguments, the client's session, the
// reply writer and the transaction its changes go into.
type Call struct {
	e    *Engine
	S    *Session
	Cmd  *Command
	Args [][]byte
	Out  Reply
	Txn  *tier.Txn

	exec bool // run by EXEC: a blocking command answers at once
}

// DB is the database the client has selected.
func (c *Call) DB() int { return c.S.DB }

// Engine is the engine running the call.
func (c *Call) Engine() *Engine { return c.e }

// lookupRead returns the live object at key for a read, counting keyspace
// hits and misses as Redis does.
func (c *Call) lookupRead(key []byte) (*tier.Object, error) {
	return c.countHit(c.Txn.Get(c.S.DB, key))
}

// peekRead looks key up for a read that is not an access (Redis's
// LOOKUP_NOTOUCH: EXISTS, TYPE, OBJECT): keyspace hits and misses are
// counted, the key's access time is left alone.
func (c *Call) peekRead(key []byte) (*tier.Object, error) {
	return c.countHit(c.Txn.Peek(c.S.DB, key))
}

// countHit counts a lookup's result as a keyspace hit or miss.
func (c *Call) countHit(o *tier.Object, err error) (*tier.Object, error) {
	switch {
	case err != nil:
		return nil, err
	case o == nil:
		c.e.stats.KeyspaceMisses.Add(1)
	default:
		c.e.stats.KeyspaceHits.Add(1)
	}
	return o, nil
}

// lookupWrite returns the live object at key for a write (no hit counting).
func (c *Call) lookupWrite(key []byte) (*tier.Object, error) {
	return c.Txn.Get(c.S.DB, key)
}

// checkKind returns ErrWrongType unless o is nil or of kind k.
func checkKind(o *tier.Object, k uint8) error {
	if o != nil && o.Kind != k {
		return ErrWrongType
	}
	return nil
}

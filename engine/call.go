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
}

// DB is the database the client has selected.
func (c *Call) DB() int { return c.S.DB }

// Engine is the engine running the call.
func (c *Call) Engine() *Engine { return c.e }

// lookupRead returns the live object at key for a read, counting keyspace
// hits and misses as Redis does.
func (c *Call) lookupRead(key []byte) (*tier.Object, error) {
	o, err := c.Txn.Get(c.S.DB, key)
	if err != nil {
		return nil, err
	}
	if o == nil {
		c.e.stats.KeyspaceMisses.Add(1)
	} else {
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

package engine

import "sync/atomic"

// Session is the engine's view of one client connection: the selected
// database, the MULTI queue and the WATCHed keys. The resp package owns the
// connection and keeps one Session per client; it may read DB at any time
// from the connection's goroutine.
type Session struct {
	ID int64
	DB int
	// Authorize, when set, runs after the arity check and before the command:
	// resp's authentication and ACL gate. A non-nil error is the reply.
	Authorize func(cmd *Command, args [][]byte) error
	// Owner is the connection that owns the session (resp's client), for the
	// connection commands resp adds to the table.
	Owner any

	// FullKeyRead, when set, reports whether the client may read every key
	// with cmd (SORT's BY and GET patterns need that, as in Redis 7); unset,
	// it may.
	FullKeyRead func(cmd *Command, args [][]byte) bool
	// Park, when set, is called before the client is parked in a blocking
	// command: resp writes out the replies before it and watches the
	// connection, returning a channel closed when the client goes away, and
	// a stop function the engine calls when the wait ends.
	Park func() (gone <-chan struct{}, stop func())

	block *waiter    // set by Call.Block: park after the command
	ready []blockKey // keys the command changed that clients wait for
	multi *multiState
	watch []watchedKey
	dirty atomic.Bool // a watched key was touched
}

type multiState struct {
	queue  []queuedCommand
	failed bool // a command was refused while queueing: EXEC aborts
}

type queuedCommand struct {
	cmd  *Command
	args [][]byte
}

type watchedKey struct {
	db      int
	key     string
	existed bool // live when WATCHed: if it is gone at EXEC (expired), EXEC fails
}

// fullKeyRead reports whether the client may read every key with cmd.
func (s *Session) fullKeyRead(cmd *Command, args [][]byte) bool {
	return s.FullKeyRead == nil || s.FullKeyRead(cmd, args)
}

// InMulti reports whether the session is queueing a transaction.
func (s *Session) InMulti() bool { return s.multi != nil }

// Reset leaves MULTI and unwatches every key (RESET, disconnect).
func (e *Engine) Reset(s *Session) {
	s.multi = nil
	e.watches.unwatchAll(s)
}

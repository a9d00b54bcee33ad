package resp

import (
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tierdb/tierdb/engine"
)

// Parked clients. A client in a blocking command (BLPOP ...) waits inside
// the engine on its own goroutine, which is then not reading its socket.
// park writes out the replies before the blocking one and starts a reader
// that watches the socket meanwhile: it keeps whatever the client sends
// (the rest of a pipeline, run once the wait ends, as Redis runs it) and
// reports the connection gone at EOF, on an error, or on CLIENT KILL (which
// closes the socket), so that a client that left is never served an
// element it would lose. A parked client has no idle timeout, as in Redis.

// errParkedInputTooBig ends a parked client that keeps sending more than
// client-query-buffer-limit while it waits.
var errParkedInputTooBig = errors.New("input while blocked over client-query-buffer-limit")

// park is the engine.Session's Park hook.
func (c *client) park() (<-chan struct{}, func()) {
	gone := make(chan struct{})
	if c.flush() != nil {
		close(gone)
		return gone, func() {}
	}
	c.replyStart = 0 // the replies before this one are sent
	c.status.blocked.Store(true)
	var stopping atomic.Bool
	done := make(chan struct{})
	_ = c.nc.SetReadDeadline(time.Time{})
	go func() {
		defer close(done)
		if err := c.watchParked(&stopping); err != nil && !stopping.Load() {
			close(gone)
		}
	}()
	stop := func() {
		stopping.Store(true)
		_ = c.nc.SetReadDeadline(time.Now()) // wakes the watcher
		<-done
		_ = c.nc.SetReadDeadline(time.Time{})
		c.idle.armed = false
		c.status.blocked.Store(false)
	}
	return gone, stop
}

// watchParked reads the socket of a parked client into c.parked until it
// fails or stop is set. A deadline set meanwhile by CONFIG SET timeout is
// cleared: a parked client does not time out.
func (c *client) watchParked(stop *atomic.Bool) error {
	buf := make([]byte, minReadBuffer)
	for {
		n, err := c.nc.Read(buf)
		c.parked = append(c.parked, buf[:n]...)
		if int64(len(c.parked)) > c.srv.lim.maxQuery.Load() {
			c.killed.Store(true)
			return errParkedInputTooBig
		}
		if err == nil {
			continue
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() && !stop.Load() {
			_ = c.nc.SetReadDeadline(time.Time{})
			continue
		}
		return err
	}
}

// CLIENT UNBLOCK client-id [TIMEOUT|ERROR]
func cmdClientUnblock(c *engine.Call) error {
	withError := false
	switch {
	case len(c.Args) > 4:
		return errSubcommandSyntax(c)
	case len(c.Args) == 4:
		switch strings.ToLower(string(c.Args[3])) {
		case "timeout":
		case "error":
			withError = true
		default:
			return &engine.Error{Prefix: "ERR", Msg: "CLIENT UNBLOCK reason should be TIMEOUT or ERROR"}
		}
	}
	id, ok := engine.ParseInteger(c.Args[2])
	if !ok {
		return engine.ErrNotInteger
	}
	if c.Engine().Unblock(id, withError) {
		c.Out.Int(1)
	} else {
		c.Out.Int(0)
	}
	return nil
}

package resp

import (
	"net"
	"sync/atomic"
	"time"
)

// limits are the live values of the configured connection limits, which
// every connection's framer and reader check.
type limits struct {
	maxBulk     atomic.Int64 // proto-max-bulk-len
	maxQuery    atomic.Int64 // client-query-buffer-limit
	idleTimeout atomic.Int64 // timeout, nanoseconds; 0 = none
}

// idleGuard applies the idle timeout (the timeout parameter) to a
// connection as a read deadline, set before each read. A client running a
// command is not reading, so it is never idle, as a blocked client in Redis.
type idleGuard struct {
	conn     net.Conn
	lim      *limits
	armed    bool         // a deadline is set; only the reading goroutine uses it
	lastRead atomic.Int64 // unix ns of the last read
}

// arm sets the deadline for the next read, or clears it.
func (g *idleGuard) arm() {
	if t := g.lim.idleTimeout.Load(); t > 0 {
		_ = g.conn.SetReadDeadline(time.Now().Add(time.Duration(t)))
		g.armed = true
	} else if g.armed {
		_ = g.conn.SetReadDeadline(time.Time{})
		g.armed = false
	}
}

// read reads from the connection under the idle deadline.
func (g *idleGuard) read(p []byte) (int, error) {
	g.arm()
	n, err := g.conn.Read(p)
	g.lastRead.Store(time.Now().UnixNano())
	return n, err
}

// rearm applies a changed timeout to a client that may be waiting in read
// (CONFIG SET timeout): the deadline counts from its last read. It may run
// on any goroutine.
func (g *idleGuard) rearm() {
	if t := g.lim.idleTimeout.Load(); t > 0 {
		_ = g.conn.SetReadDeadline(time.Unix(0, g.lastRead.Load()).Add(time.Duration(t)))
	} else {
		_ = g.conn.SetReadDeadline(time.Time{})
	}
}

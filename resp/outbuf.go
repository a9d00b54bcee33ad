package resp

import (
	"errors"
	"log"
	"net"
	"time"

	"github.com/tierdb/tierdb/configs"
)

// Output buffer limits (client-output-buffer-limit).
//
// Replies are encoded into the client's buffer and written after each read,
// or as soon as 64 KB are pending in a long pipeline. Without a limit for the
// client's class, a write waits until the client takes the bytes: a client
// that does not read its replies stops being read from, and holds at most
// about one reply besides what the kernel buffers. With a limit, a write
// mid-pipeline takes only what the socket accepts at once and keeps the rest
// pending, as Redis keeps replies in memory while it goes on serving the
// pipeline; a client whose pending output reaches the hard limit, or stays
// at or above the soft limit for longer than the soft seconds, is
// disconnected, as in Redis. Unlike Redis, a client over the soft limit is
// not served more until it reads, so that its memory stays near the soft
// limit rather than growing for the soft seconds.

// errOutputLimit closes a client that passed its output buffer limit.
var errOutputLimit = errors.New("output buffer limit reached")

const (
	// tryWriteWait is how long a write mid-pipeline waits for the socket.
	tryWriteWait = time.Millisecond
	// limitPoll is how often a blocked final write re-checks the soft limit.
	limitPoll = 100 * time.Millisecond
)

// outputGuard tracks a client's pending output against its limit.
type outputGuard struct {
	softSince time.Time // when the pending output reached the soft limit; zero while under it
	deadline  bool      // a write deadline is set on the connection
}

// over reports whether pending bytes break lim at now, starting or clearing
// the soft limit's clock.
func (g *outputGuard) over(pending int, lim configs.BufferLimit, now time.Time) bool {
	n := uint64(pending)
	if lim.Hard > 0 && n >= lim.Hard {
		return true
	}
	if lim.Soft == 0 || n < lim.Soft {
		g.softSince = time.Time{}
		return false
	}
	if g.softSince.IsZero() {
		g.softSince = now
		return false
	}
	return now.Sub(g.softSince) > time.Duration(lim.SoftSeconds)*time.Second
}

// outputLimit is the limit of the client's class.
func (c *client) outputLimit() configs.BufferLimit {
	class := "normal"
	switch c.kind() {
	case typePubSub:
		class = "pubsub"
	case typeReplica:
		class = "replica"
	}
	return c.srv.cfg.OutputBufferLimit(class)
}

// flushSome writes, mid-pipeline, what the socket takes at once and keeps
// the rest pending, then applies the limit. Over the soft limit it waits
// for the client instead of serving more of its pipeline, so that memory
// stays near the soft limit while the soft seconds run. Without a limit it
// writes everything (see writeAll).
func (c *client) flushSome() error {
	lim := c.outputLimit()
	if lim.Hard == 0 && lim.Soft == 0 {
		return c.writeAll(lim)
	}
	if err := c.write(time.Now().Add(tryWriteWait)); err != nil && !isTimeout(err) {
		return err
	}
	if err := c.checkOutputLimit(lim, time.Now()); err != nil {
		return err
	}
	for lim.Soft > 0 && uint64(len(c.w.buf)) >= lim.Soft {
		err := c.write(time.Now().Add(limitPoll))
		if err != nil && !isTimeout(err) {
			return err
		}
		if err := c.checkOutputLimit(lim, time.Now()); err != nil {
			return err
		}
	}
	return nil
}

// flush writes every pending reply (after a read), applying the limit.
func (c *client) flush() error {
	if err := c.flushSome(); err != nil {
		return err
	}
	return c.writeAll(c.outputLimit())
}

// writeAll writes every pending reply, waiting for the client as long as
// it takes; with a soft limit it gives up, closing the client, when the
// pending output stays over it for longer than the soft seconds.
func (c *client) writeAll(lim configs.BufferLimit) error {
	for len(c.w.buf) > 0 {
		if lim.Soft == 0 {
			return c.write(time.Time{})
		}
		err := c.write(time.Now().Add(limitPoll))
		if err == nil {
			break
		}
		if !isTimeout(err) {
			return err
		}
		if err := c.checkOutputLimit(lim, time.Now()); err != nil {
			return err
		}
	}
	c.out.softSince = time.Time{}
	return nil
}

// write writes the pending replies with a deadline (zero: none), keeping
// what was not written.
func (c *client) write(deadline time.Time) error {
	if len(c.w.buf) == 0 {
		return nil
	}
	if !deadline.IsZero() || c.out.deadline {
		_ = c.nc.SetWriteDeadline(deadline)
		c.out.deadline = !deadline.IsZero()
	}
	n, err := c.nc.Write(c.w.buf)
	switch {
	case n == len(c.w.buf) && cap(c.w.buf) > keepWriteBuf:
		c.w.buf = nil // do not keep a big reply's buffer for good
	case n == len(c.w.buf):
		c.w.buf = c.w.buf[:0]
	case n > 0:
		c.w.buf = append(c.w.buf[:0], c.w.buf[n:]...)
	}
	return err
}

// checkOutputLimit closes the client if its pending output breaks lim.
func (c *client) checkOutputLimit(lim configs.BufferLimit, now time.Time) error {
	if !c.out.over(len(c.w.buf), lim, now) {
		return nil
	}
	log.Printf("client id=%d addr=%s closed for overcoming of output buffer limits (%d bytes pending)",
		c.sess.ID, c.addr, len(c.w.buf))
	c.w.buf = nil
	return errOutputLimit
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

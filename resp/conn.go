package resp

import (
	"errors"
	"io"
	"log"
	"runtime/debug"
	"strconv"
	"time"
)

// Read and write buffer sizes. A connection reads into a small buffer that
// grows while reads fill it (a big request, a long pipeline), so that ten
// thousand idle clients cost little.
const (
	minReadBuffer  = 4 * 1024
	maxReadBuffer  = 64 * 1024
	flushThreshold = 64 * 1024 // replies are written out once this much is pending
	keepWriteBuf   = 64 * 1024 // a bigger reply buffer is dropped after use
	lingerTime     = time.Second
	lingerBytes    = 1 << 20
)

// serveClient is the connection's goroutine: it reads requests, runs each
// one as soon as it is complete, and writes the replies out after each read
// (so a pipeline costs one write per read), until the client leaves, breaks
// the protocol, is killed or the server closes.
func (s *Server) serveClient(c *client) {
	defer s.forget(c)
	defer func() {
		// A bug on this path must not take the server down: the connection
		// goes, the other clients stay.
		if r := recover(); r != nil {
			log.Printf("panic serving client %d, closing it: %v\n%s", c.sess.ID, r, debug.Stack())
		}
	}()
	buf := make([]byte, minReadBuffer)
	for {
		n, rerr := c.idle.read(buf)
		if n > 0 {
			if !c.process(buf[:n]) {
				return
			}
			switch {
			case n == len(buf) && len(buf) < maxReadBuffer:
				buf = make([]byte, 2*len(buf))
			case n < minReadBuffer/4 && len(buf) > minReadBuffer:
				buf = make([]byte, minReadBuffer)
			}
		}
		if rerr != nil {
			return
		}
	}
}

// process runs the requests in data, then those the client sent while it
// was parked in a blocking command, writes the replies out, and reports
// whether the connection goes on.
func (c *client) process(data []byte) bool {
	for {
		err := c.f.feed(data, c.run)
		var pe *protocolError
		if errors.As(err, &pe) && pe.msg != "" && !c.muted() {
			c.w.Error("ERR " + pe.msg)
		}
		if c.flush() != nil || errors.Is(err, errStopped) && c.killed.Load() {
			return false
		}
		if err != nil || c.closeAfterReply {
			c.closeGently()
			return false
		}
		if len(c.parked) == 0 || c.killed.Load() {
			return !c.killed.Load()
		}
		data, c.parked = c.parked, nil
	}
}

// closeGently ends a connection the server closes after its last reply
// (QUIT, a protocol error): it stops writing, then discards what the client
// still sends for a moment, so that unread input does not make the kernel
// reset the connection and lose the reply before the client reads it.
func (c *client) closeGently() {
	if cw, ok := c.nc.(interface{ CloseWrite() error }); ok && cw.CloseWrite() == nil {
		_ = c.nc.SetReadDeadline(time.Now().Add(lingerTime))
		_, _ = io.Copy(io.Discard, io.LimitReader(c.nc, lingerBytes))
	}
}

// run runs one request and reports whether the connection goes on.
func (c *client) run(args [][]byte) bool {
	if c.killed.Load() {
		return false // killed by another client: drop the rest of the pipeline
	}
	c.replyStart = len(c.w.buf)
	c.begin(args)
	c.srv.do(c, args)
	if !c.end() {
		c.w.buf = c.w.buf[:c.replyStart]
	}
	if len(c.w.buf) >= flushThreshold && c.flushSome() != nil {
		c.killed.Store(true) // the connection is broken or over its output limit: drop it at once
		return false
	}
	return !c.closeAfterReply
}

// do runs the request in the engine. The engine answers a panicking command
// handler with an error itself (releasing its locks and discarding the
// command's changes as the panic unwinds); a panic anywhere else on this
// path is a bug too, but it costs only this reply: the client gets an error
// and the connection goes on.
func (s *Server) do(c *client, args [][]byte) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("panic serving %s: %v\n%s", quoteName(args[0]), r, debug.Stack())
			c.w.buf = c.w.buf[:c.replyStart]
			c.w.Error("ERR internal error while serving the command")
		}
	}()
	if s.beforeDo != nil {
		s.beforeDo(args)
	}
	s.eng.Do(&c.sess, args, &c.w)
}

// quoteName quotes a command name for the log, cut to 32 bytes.
func quoteName(b []byte) string {
	if len(b) > 32 {
		b = b[:32]
	}
	return strconv.Quote(string(b))
}

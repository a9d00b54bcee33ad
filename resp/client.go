package resp

import (
	"net"
	"sync/atomic"
	"time"

	"github.com/tierdb/tierdb/engine"
)

// client is the state of one connection. Its fields belong to the
// connection's goroutine, except the atomics, which other clients read
// (CLIENT LIST, CLIENT KILL, INFO).
type client struct {
	srv     *Server
	nc      net.Conn
	idle    idleGuard
	f       framer
	sess    engine.Session
	w       writer
	created time.Time
	lastCmd atomic.Int64            // unix ms of the last command
	name    atomic.Value            // string; "" = no name
	user    atomic.Pointer[aclUser] // the user the client runs as
	addr    string                  // remote address, "ip:port"
	laddr   string                  // local address
	fd      int

	// authed: the client has authenticated, or did not need to when it
	// connected (no password). See authRequired.
	authed bool

	// out applies client-output-buffer-limit to the replies not yet sent.
	out outputGuard

	// Reply suppression, as Redis's client flags: CLIENT REPLY OFF, CLIENT
	// REPLY SKIP (skip the next command's reply: replySkipNext while SKIP
	// runs, replySkip during the next command).
	replyOff, replySkip, replySkipNext bool
	// mute drops the current command's reply (CLIENT REPLY SKIP itself).
	mute bool
	// closeAfterReply closes the connection once the reply is sent (QUIT,
	// CLIENT KILL of itself).
	closeAfterReply bool
	// killed is set by CLIENT KILL from another client: the commands still
	// in the pipeline are not run.
	killed atomic.Bool

	// replyStart is where the current command's reply begins in w.buf (0
	// once a parked client's earlier replies were sent).
	replyStart int
	// parked is what the client sent while parked in a blocking command,
	// still to run (park.go).
	parked []byte

	// The current command's size, for CLIENT INFO (qbuf, argv-mem).
	curRaw, curArgv int

	// status is what other clients see of this one; see publish.
	status clientStatus
}

// clientStatus is a client's state as of its last command, readable by other
// clients.
type clientStatus struct {
	db      atomic.Int32
	proto   atomic.Int32
	multi   atomic.Int32
	dirty   atomic.Bool // a WATCHed key changed
	noEvict atomic.Bool
	blocked atomic.Bool                    // parked in a blocking command
	cmd     atomic.Pointer[engine.Command] // the last command run; nil = none yet
}

func newClient(s *Server, nc net.Conn) *client {
	c := &client{srv: s, nc: nc, created: time.Now(), addr: nc.RemoteAddr().String(),
		laddr: nc.LocalAddr().String(), fd: socketFD(nc)}
	c.idle.conn, c.idle.lim = nc, &s.lim
	c.idle.lastRead.Store(c.created.UnixNano())
	c.f = framer{lim: &s.lim, authRequired: c.authRequired}
	c.w.proto = 2
	c.name.Store("")
	c.lastCmd.Store(c.created.UnixMilli())
	c.sess.ID = s.nextID.Add(1)
	c.sess.Owner = c
	c.sess.Authorize = c.authorize
	c.sess.Park = c.park
	c.sess.FullKeyRead = c.fullKeyRead
	c.setDefaultAuth()
	c.status.multi.Store(-1)
	c.status.proto.Store(2)
	return c
}

// muted reports whether replies are being dropped (CLIENT REPLY OFF|SKIP).
func (c *client) muted() bool { return c.replyOff || c.replySkip }

// begin prepares the client for a command.
func (c *client) begin(args [][]byte) {
	c.mute = false
	c.lastCmd.Store(time.Now().UnixMilli())
	c.status.cmd.Store(nil)
	// The request's size as a canonical multibulk, for CLIENT INFO's qbuf.
	c.curRaw, c.curArgv = 3+digits(len(args)), 0
	for _, a := range args {
		c.curRaw += 5 + digits(len(a)) + len(a)
		c.curArgv += len(a)
	}
}

// digits is the number of decimal digits of n >= 0.
func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// end decides whether the command's reply is sent, applies CLIENT REPLY SKIP
// and publishes the client's status.
func (c *client) end() (send bool) {
	send = !c.mute && !c.replyOff && !c.replySkip
	c.replySkip = c.replySkipNext
	c.replySkipNext = false
	c.curRaw, c.curArgv = 0, 0
	c.publish()
	return send
}

// publish copies the state other clients may show into status.
func (c *client) publish() {
	c.status.db.Store(int32(c.sess.DB))
	c.status.proto.Store(int32(c.w.proto))
	c.status.multi.Store(int32(c.sess.MultiLen()))
	c.status.dirty.Store(c.sess.WatchTouched())
}

// kill closes the client's connection from another client's goroutine; its
// own goroutine sees the socket closed and cleans up.
func (c *client) kill() {
	c.killed.Store(true)
	_ = c.nc.Close()
}

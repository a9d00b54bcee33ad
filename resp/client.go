package resp

import (
	"net"
	"sync/atomic"
	"time"

	"github.com/tidwall/redcon"
	"github.com/tierdb/tierdb/engine"
)

// client is the state of one connection.
type client struct {
	srv     *Server
	conn    redcon.Conn
	sess    engine.Session
	w       writer
	created time.Time
	lastCmd atomic.Int64 // unix ms of the last command
	name    atomic.Value // string
	user    string
	authed  bool

	replyMode       replyMode
	closeAfterReply bool
}

type replyMode uint8

const (
	replyOn replyMode = iota
	replyOff
	replySkipNext
	replySkipThis
)

func newClient(s *Server, conn redcon.Conn) *client {
	c := &client{srv: s, conn: conn, created: time.Now(), user: "default"}
	c.w.proto = 2
	c.name.Store("")
	c.sess.ID = s.nextID.Add(1)
	c.sess.Owner = c
	c.authed = s.cfg.String("requirepass") == ""
	c.sess.Authorize = c.authorize
	return c
}

// authorize is the session gate: NOAUTH until the client authenticates.
func (c *client) authorize(cmd *engine.Command, _ [][]byte) error {
	if c.authed || cmd.Flags&engine.NoAuth != 0 {
		return nil
	}
	return errNoAuth
}

// replies reports whether this command's reply goes to the client (CLIENT
// REPLY OFF|SKIP).
func (c *client) replies() bool {
	switch c.replyMode {
	case replyOff:
		return false
	case replySkipThis:
		c.replyMode = replyOn
		return false
	case replySkipNext:
		c.replyMode = replySkipThis
	}
	return true
}

// protectedModeMessage is Redis's refusal of a remote client in protected mode.
const protectedModeMessage = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. " +
	"In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: " +
	"1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. " +
	"2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. " +
	"3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. " +
	"4) Set up an authentication password for the default user. " +
	"NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n"

// protectedModeRefuses applies Redis's protected-mode rule: with no password,
// only loopback clients are served.
func (s *Server) protectedModeRefuses(conn redcon.Conn) bool {
	if !s.cfg.Bool("protected-mode") || s.cfg.String("requirepass") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(conn.RemoteAddr())
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && !ip.IsLoopback()
}

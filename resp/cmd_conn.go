package resp

import (
	"strings"

	"github.com/tierdb/tierdb/engine"
)

// connFlags are the flags Redis 7.0 gives AUTH, HELLO, QUIT and RESET.
const connFlags = engine.NoScript | engine.Loading | engine.Stale | engine.Fast | engine.NoAuth | engine.AllowBusy

// connCommands lists the commands about the connection itself, which the
// server adds to the engine's command table, with Redis 7.0's arity, flags
// and categories.
func connCommands() []*engine.Command {
	return []*engine.Command{
		{Name: "auth", Arity: -2, Flags: connFlags, ACL: engine.CatConnection, Group: "connection",
			Summary: "Authenticate to the server", Since: "1.0.0",
			Complex: "O(N) where N is the number of passwords defined for the user", Run: cmdAuth},
		aclCommand(),
		clientCommand(),
		{Name: "hello", Arity: -1, Flags: connFlags, ACL: engine.CatConnection, Group: "connection",
			Summary: "Handshake with Redis", Since: "6.0.0", Complex: "O(1)", Run: cmdHello},
		{Name: "quit", Arity: -1, Flags: connFlags, ACL: engine.CatConnection, Group: "connection",
			Summary: "Close the connection", Since: "1.0.0", Complex: "O(1)", Run: cmdQuit},
		{Name: "reset", Arity: 1, Flags: connFlags, ACL: engine.CatConnection, Group: "connection",
			Summary: "Reset the connection", Since: "6.2.0", Complex: "O(1)", Run: cmdReset},
	}
}

func clientOf(c *engine.Call) *client { return c.S.Owner.(*client) }

// AUTH [username] password
func cmdAuth(c *engine.Call) error {
	cl := clientOf(c)
	var user, pass []byte
	switch len(c.Args) {
	case 2:
		if !cl.srv.passwordSet() {
			return errNoPassSet
		}
		user, pass = []byte(defaultUser), c.Args[1]
	case 3:
		user, pass = c.Args[1], c.Args[2]
	default:
		return engine.ErrSyntax
	}
	if err := cl.authenticate(c.Args[0], user, pass); err != nil {
		return err
	}
	engine.OK(c.Out)
	return nil
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
//
// cmdHello switches the protocol and replies with the server's description.
// As in Redis, the options take effect one by one as they are read, so an
// error leaves the earlier ones applied (a successful AUTH, a name); the
// protocol changes only when everything succeeded.
func cmdHello(c *engine.Call) error {
	cl := clientOf(c)
	proto := cl.w.proto
	if len(c.Args) > 1 {
		n, ok := engine.ParseInteger(c.Args[1])
		if !ok {
			return &engine.Error{Prefix: "ERR", Msg: "Protocol version is not an integer or out of range"}
		}
		if n < 2 || n > 3 {
			return &engine.Error{Prefix: "NOPROTO", Msg: "unsupported protocol version"}
		}
		proto = int(n)
	}
	for i := 2; i < len(c.Args); i++ {
		left := len(c.Args) - i - 1
		switch opt := c.Args[i]; {
		case strings.EqualFold(string(opt), "auth") && left >= 2:
			if err := cl.authenticate(c.Args[0], c.Args[i+1], c.Args[i+2]); err != nil {
				return err
			}
			i += 2
		case strings.EqualFold(string(opt), "setname") && left >= 1:
			if err := checkClientName(c.Args[i+1]); err != nil {
				return err
			}
			cl.name.Store(string(c.Args[i+1]))
			i++
		default:
			return &engine.Error{Prefix: "ERR", Msg: "Syntax error in HELLO option '" + string(opt) + "'"}
		}
	}
	if cl.authRequired() {
		return errHelloNoAuth
	}
	cl.w.proto = proto
	c.Out.Map(7)
	c.Out.BulkString("server")
	c.Out.BulkString("redis")
	c.Out.BulkString("version")
	c.Out.BulkString(engine.RedisVersion)
	c.Out.BulkString("proto")
	c.Out.Int(int64(proto))
	c.Out.BulkString("id")
	c.Out.Int(c.S.ID)
	c.Out.BulkString("mode")
	c.Out.BulkString("standalone")
	c.Out.BulkString("role")
	c.Out.BulkString("master")
	c.Out.BulkString("modules")
	c.Out.Array(0)
	return nil
}

// QUIT
func cmdQuit(c *engine.Call) error {
	engine.OK(c.Out)
	clientOf(c).closeAfterReply = true
	return nil
}

// RESET
//
// cmdReset puts the connection back as it was when it connected: out of
// MULTI with nothing WATCHed, database 0, RESP2, no name, replies on, and
// logged out if the default user has a password.
func cmdReset(c *engine.Call) error {
	cl := clientOf(c)
	c.Engine().Reset(c.S)
	c.S.DB = 0
	cl.w.proto = 2
	cl.name.Store("")
	cl.replyOff, cl.replySkipNext = false, false
	cl.setDefaultAuth()
	c.Out.SimpleString("RESET")
	return nil
}

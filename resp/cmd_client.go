package resp

import (
	"strings"

	"github.com/tierdb/tierdb/engine"
)

// clientCommand builds CLIENT and its subcommands, with Redis 7.0's arity,
// flags and categories. CACHING, TRACKING, PAUSE and UNPAUSE are not
// implemented yet.
func clientCommand() *engine.Command {
	const (
		base  = engine.NoScript | engine.Loading | engine.Stale
		admin = base | engine.Admin
		cat   = engine.CatConnection
	)
	return &engine.Command{
		Name: "client", Arity: -2, Group: "connection", Summary: "A container for client connection commands",
		Since: "2.4.0", Complex: "Depends on subcommand.",
		Sub: []*engine.Command{
			{Name: "getname", Arity: 2, Flags: base, ACL: cat, Group: "connection",
				Summary: "Get the current connection name", Since: "2.6.9", Complex: "O(1)", Run: cmdClientGetname},
			{Name: "getredir", Arity: 2, Flags: base, ACL: cat, Group: "connection",
				Summary: "Get tracking notifications redirection client ID if any", Since: "6.0.0",
				Complex: "O(1)", Run: cmdClientGetredir},
			{Name: "help", Arity: 2, Flags: engine.Loading | engine.Stale, ACL: cat, Group: "connection",
				Summary: "Show helpful text about the different subcommands", Since: "5.0.0", Complex: "O(1)",
				Run: cmdClientHelp},
			{Name: "id", Arity: 2, Flags: base, ACL: cat, Group: "connection",
				Summary: "Returns the client ID for the current connection", Since: "5.0.0", Complex: "O(1)",
				Run: cmdClientID},
			{Name: "info", Arity: 2, Flags: base, ACL: cat, Group: "connection",
				Summary: "Returns information about the current client connection.", Since: "6.2.0",
				Complex: "O(1)", Tips: []string{"nondeterministic_output"}, Run: cmdClientInfo},
			{Name: "kill", Arity: -3, Flags: admin, ACL: cat, Group: "connection",
				Summary: "Kill the connection of a client", Since: "2.4.0",
				Complex: "O(N) where N is the number of client connections", Run: cmdClientKill},
			{Name: "list", Arity: -2, Flags: admin, ACL: cat, Group: "connection",
				Summary: "Get the list of client connections", Since: "2.4.0",
				Complex: "O(N) where N is the number of client connections", Tips: []string{"nondeterministic_output"},
				Run: cmdClientList},
			{Name: "no-evict", Arity: 3, Flags: admin, ACL: cat, Group: "connection",
				Summary: "Set client eviction mode for the current connection", Since: "7.0.0", Complex: "O(1)",
				Run: cmdClientNoEvict},
			{Name: "reply", Arity: 3, Flags: base, ACL: cat, Group: "connection",
				Summary: "Instruct the server whether to reply to commands", Since: "3.2.0", Complex: "O(1)",
				Run: cmdClientReply},
			{Name: "setname", Arity: 3, Flags: base, ACL: cat, Group: "connection",
				Summary: "Set the current connection name", Since: "2.6.9", Complex: "O(1)", Run: cmdClientSetname},
			{Name: "unblock", Arity: -3, Flags: admin, ACL: cat, Group: "connection",
				Summary: "Unblock a client blocked in a blocking command from a different connection",
				Since:   "5.0.0", Complex: "O(log N) where N is the number of client connections", Run: cmdClientUnblock},
			{Name: "trackinginfo", Arity: 2, Flags: base, ACL: cat, Group: "connection", Since: "6.2.0",
				Complex: "O(1)", Run: cmdClientTrackinginfo,
				Summary: "Return information about server assisted client side caching for the current connection"},
		},
	}
}

// Errors of CLIENT, as Redis 7.0 words them.
var (
	errBadClientName = &engine.Error{Prefix: "ERR",
		Msg: "Client names cannot contain spaces, newlines or special characters."}
	errNoSuchClient = &engine.Error{Prefix: "ERR", Msg: "No such client"}
	errBadClientID  = &engine.Error{Prefix: "ERR", Msg: "Invalid client ID"}
	errKillClientID = &engine.Error{Prefix: "ERR", Msg: "client-id should be greater than 0"}
)

// errClientType is the error for an unknown TYPE.
func errClientType(t []byte) error {
	return &engine.Error{Prefix: "ERR", Msg: "Unknown client type '" + string(t) + "'"}
}

// CLIENT ID
func cmdClientID(c *engine.Call) error {
	c.Out.Int(c.S.ID)
	return nil
}

// CLIENT GETNAME
func cmdClientGetname(c *engine.Call) error {
	if name := clientOf(c).name.Load().(string); name != "" {
		c.Out.BulkString(name)
	} else {
		c.Out.Null()
	}
	return nil
}

// CLIENT SETNAME connection-name
func cmdClientSetname(c *engine.Call) error {
	if err := checkClientName(c.Args[2]); err != nil {
		return err
	}
	clientOf(c).name.Store(string(c.Args[2]))
	engine.OK(c.Out)
	return nil
}

// checkClientName accepts names of printable ASCII without spaces, so that
// CLIENT LIST stays splittable on spaces; "" removes the name.
func checkClientName(name []byte) error {
	for _, b := range name {
		if b < '!' || b > '~' {
			return errBadClientName
		}
	}
	return nil
}

// CLIENT GETREDIR
//
// Client-side caching is not implemented: there is never a redirection.
func cmdClientGetredir(c *engine.Call) error {
	c.Out.Int(-1)
	return nil
}

// CLIENT TRACKINGINFO
//
// Client-side caching is not implemented: tracking is always off.
func cmdClientTrackinginfo(c *engine.Call) error {
	c.Out.Map(3)
	c.Out.BulkString("flags")
	c.Out.Set(1)
	c.Out.BulkString("off")
	c.Out.BulkString("redirect")
	c.Out.Int(-1)
	c.Out.BulkString("prefixes")
	c.Out.Array(0)
	return nil
}

// CLIENT NO-EVICT ON|OFF
func cmdClientNoEvict(c *engine.Call) error {
	var on bool
	switch strings.ToLower(string(c.Args[2])) {
	case "on":
		on = true
	case "off":
	default:
		return engine.ErrSyntax
	}
	clientOf(c).status.noEvict.Store(on)
	engine.OK(c.Out)
	return nil
}

// CLIENT REPLY ON|OFF|SKIP
//
// cmdClientReply always writes +OK, as every handler writes one reply; the
// server drops it for OFF and SKIP, which Redis does not answer.
func cmdClientReply(c *engine.Call) error {
	cl := clientOf(c)
	switch strings.ToLower(string(c.Args[2])) {
	case "on":
		cl.replyOff, cl.replySkip = false, false
	case "off":
		cl.replyOff = true
	case "skip":
		if !cl.replyOff {
			cl.replySkipNext = true
		}
		cl.mute = true
	default:
		return engine.ErrSyntax
	}
	engine.OK(c.Out)
	return nil
}

// CLIENT INFO
func cmdClientInfo(c *engine.Call) error {
	cl := clientOf(c)
	c.Out.Verbatim("txt", string(appendClientLine(nil, cl, cl)))
	return nil
}

// CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]
func cmdClientList(c *engine.Call) error {
	cl := clientOf(c)
	var f clientFilter
	switch {
	case len(c.Args) == 2:
	case len(c.Args) == 4 && strings.EqualFold(string(c.Args[2]), "type"):
		t, ok := parseClientType(c.Args[3])
		if !ok {
			return errClientType(c.Args[3])
		}
		f.typ = t
	case len(c.Args) > 3 && strings.EqualFold(string(c.Args[2]), "id"):
		// One line per id given, in that order (twice if given twice).
		ids := make([]int64, 0, len(c.Args)-3)
		for _, a := range c.Args[3:] {
			id, ok := engine.ParseInteger(a)
			if !ok {
				return errBadClientID
			}
			ids = append(ids, id)
		}
		var out []byte
		for _, id := range ids {
			if other := cl.srv.clientByID(id); other != nil {
				out = appendClientLine(out, other, cl)
			}
		}
		c.Out.Verbatim("txt", string(out))
		return nil
	default:
		return engine.ErrSyntax
	}
	var out []byte
	for _, other := range cl.srv.clientsMatching(&f) {
		out = appendClientLine(out, other, cl)
	}
	c.Out.Verbatim("txt", string(out))
	return nil
}

// CLIENT KILL ip:port
// CLIENT KILL [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB] [USER username] [ADDR ip:port]
// [LADDR ip:port] [SKIPME yes|no] ...
//
// cmdClientKill closes the matching connections. The old form replies +OK or
// an error and may kill the caller; the new form replies with the number
// killed and spares the caller unless SKIPME no. A killed caller gets its
// reply before its connection closes.
func cmdClientKill(c *engine.Call) error {
	cl := clientOf(c)
	f := clientFilter{skip: cl}
	oldForm := len(c.Args) == 3
	if oldForm {
		f.addr, f.byAddr, f.skip = string(c.Args[2]), true, nil
	} else {
		if err := f.parseKill(c.Args[2:], cl.srv); err != nil {
			return err
		}
	}
	// >> Operation
	killed := cl.srv.clientsMatching(&f)
	for _, other := range killed {
		if other == cl {
			cl.closeAfterReply = true
		} else {
			other.kill()
		}
	}
	// >> Response
	switch {
	case !oldForm:
		c.Out.Int(int64(len(killed)))
	case len(killed) == 0:
		return errNoSuchClient
	default:
		engine.OK(c.Out)
	}
	return nil
}

// parseKill reads the filters of CLIENT KILL's new form, in order: the
// first bad one is the error.
func (f *clientFilter) parseKill(args [][]byte, s *Server) error {
	for i := 0; i < len(args); i += 2 {
		if i+1 == len(args) {
			return engine.ErrSyntax
		}
		val := args[i+1]
		switch strings.ToLower(string(args[i])) {
		case "id":
			id, ok := engine.ParseInteger(val)
			if !ok || id <= 0 {
				return errKillClientID
			}
			f.id, f.byID = id, true
		case "type":
			t, ok := parseClientType(val)
			if !ok {
				return errClientType(val)
			}
			f.typ = t
		case "addr":
			f.addr, f.byAddr = string(val), true
		case "laddr":
			f.laddr, f.byLaddr = string(val), true
		case "user":
			if !s.userExists(val) {
				return &engine.Error{Prefix: "ERR", Msg: "No such user '" + string(val) + "'"}
			}
			f.user, f.byUser = string(val), true
		case "skipme":
			switch strings.ToLower(string(val)) {
			case "yes":
			case "no":
				f.skip = nil
			default:
				return engine.ErrSyntax
			}
		default:
			return engine.ErrSyntax
		}
	}
	return nil
}

// userExists reports whether there is an ACL user called name.
func (s *Server) userExists(name []byte) bool { return s.acl.user(string(name)) != nil }

// CLIENT HELP
func cmdClientHelp(c *engine.Call) error {
	lines := []string{
		"CLIENT <subcommand> [arguments]: manage this connection and see the others. Subcommands:",
		"GETNAME",
		"    The name of this connection, or null if it has none.",
		"GETREDIR",
		"    Where tracking invalidations go: always -1, tierdb does no client-side caching yet.",
		"ID",
		"    The id of this connection.",
		"INFO",
		"    One line about this connection, as CLIENT LIST shows it.",
		"KILL <ip:port>",
		"    Close the connection coming from <ip:port>.",
		"KILL <filter> <value> [<filter> <value> ...]",
		"    Close every connection that passes all the filters, and count them. Filters:",
		"    * ID <client-id>",
		"    * TYPE NORMAL|MASTER|REPLICA|PUBSUB",
		"    * USER <username>",
		"    * ADDR <ip:port> (where the client connects from)",
		"    * LADDR <ip:port> (where it connected to)",
		"    * SKIPME YES|NO (spare this connection or not; YES unless told)",
		"LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID <client-id> ...]",
		"    One line per connection.",
		"NO-EVICT ON|OFF",
		"    Exempt this connection from client eviction, or not.",
		"REPLY ON|OFF|SKIP",
		"    Reply to this connection's commands, stop replying, or skip the next reply.",
		"SETNAME <name>",
		"    Name this connection: printable characters, no spaces; an empty name removes it.",
		"UNBLOCK <clientid> [TIMEOUT|ERROR]",
		"    Unblock the specified blocked client: it gets its timeout reply, or an UNBLOCKED error.",
		"TRACKINGINFO",
		"    The client-side caching state of this connection: always off.",
		"HELP",
		"    This text.",
	}
	c.Out.Array(len(lines))
	for _, l := range lines {
		c.Out.SimpleString(l)
	}
	return nil
}

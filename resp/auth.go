package resp

import (
	"crypto/sha256"
	"strings"
	"time"

	"github.com/tierdb/tierdb/engine"
)

// Authentication and the permission gate. Every client is a user's: it
// starts as the default user, authenticated if that user is on and needs no
// password; AUTH and HELLO AUTH switch it to another user. client.authorize
// checks every command against the user's ACL rules.

// defaultUser is the user every client starts as.
const defaultUser = "default"

// Authentication errors, as Redis 7.0 words them.
var (
	errNoAuth    = &engine.Error{Prefix: "NOAUTH", Msg: "Authentication required."}
	errWrongPass = &engine.Error{Prefix: "WRONGPASS", Msg: "invalid username-password pair or user is disabled."}
	errNoPassSet = &engine.Error{Prefix: "ERR", Msg: "AUTH <password> called without any password configured " +
		"for the default user. Are you sure your configuration is correct?"}
	errHelloNoAuth = &engine.Error{Prefix: "NOAUTH", Msg: "HELLO must be called with the client already " +
		"authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client " +
		"and select the RESP protocol version at the same time"}
)

// passwordSet reports whether the default user has a password (is not
// nopass): protected mode refuses remote clients while it has none.
func (s *Server) passwordSet() bool { return !s.acl.def.perms.Load().nopass }

// defaultNeedsAuth reports whether a client must authenticate before
// running commands as the default user: it has a password or is off.
func (s *Server) defaultNeedsAuth() bool {
	p := s.acl.def.perms.Load()
	return !p.nopass || !p.enabled
}

// checkCredentials returns the user called name if it is on and pass is one
// of its passwords (or it needs none), and nil otherwise. The password is
// hashed whether or not the user exists, and compared with each stored
// digest in constant time.
func (s *Server) checkCredentials(name, pass []byte) *aclUser {
	u := s.acl.user(string(name))
	if u == nil {
		_ = sha256.Sum256(pass)
		return nil
	}
	p := u.perms.Load()
	if !p.checkPassword(pass) || !p.enabled {
		return nil
	}
	return u
}

// authenticate logs c in as user if pass is right, and otherwise leaves it
// as it was (Redis keeps the previous login after a failed AUTH) and records
// the failure in the ACL log under cmdName, the command as sent.
func (c *client) authenticate(cmdName, user, pass []byte) error {
	u := c.srv.checkCredentials(user, pass)
	if u == nil {
		c.logACL(aclDeniedAuth, c.context(), string(cmdName), string(user))
		return errWrongPass
	}
	c.authed = true
	c.user.Store(u)
	return nil
}

// setDefaultAuth makes c the default user's, authenticated if that user
// needs no authentication (a new connection, RESET).
func (c *client) setDefaultAuth() {
	c.user.Store(c.srv.acl.def)
	c.authed = !c.srv.defaultNeedsAuth()
}

// authRequired reports whether the client must authenticate before running
// commands: it has not, and the default user needs it now (a client that
// connected while it did not is authenticated already, as in Redis).
func (c *client) authRequired() bool { return !c.authed && c.srv.defaultNeedsAuth() }

// authorize is the session's gate, which the engine runs for every command
// after its lookup and arity check: NOAUTH until the client authenticates,
// then the ACL rules of its user (command, subcommand or first argument,
// keys). A refusal is recorded in the ACL log. EXEC also re-checks the
// commands it queued, since the rules may have changed meanwhile.
func (c *client) authorize(cmd *engine.Command, args [][]byte) error {
	c.status.cmd.Store(cmd)
	if cmd.Flags&engine.NoAuth == 0 && c.authRequired() {
		return errNoAuth
	}
	u := c.user.Load()
	if u.gone.Load() {
		// Deleted while this client ran: it is being disconnected.
		c.closeAfterReply = true
		return errNoAuth
	}
	reason, pos := u.perms.Load().check(c.srv.acl.x, cmd, args)
	if reason != aclOK {
		c.logACL(reason, c.context(), denialObject(reason, cmd, args, pos), u.name)
		// A refused EXEC discards the transaction (engine.Do says why).
		return errNoPerm(reason, cmd)
	}
	if cmd.Name == "exec" && !c.sess.QueuedFailed() {
		c.sess.ReplaceQueued(c.recheckQueued)
	}
	return nil
}

// fullKeyRead is the session's FullKeyRead: whether the client's user may
// run cmd with read access to every key.
func (c *client) fullKeyRead(cmd *engine.Command, args [][]byte) bool {
	return c.user.Load().perms.Load().unrestrictedRead(c.srv.acl.x, cmd, args)
}

// recheckQueued checks a command queued in MULTI again as EXEC runs it; if
// the rules no longer allow it, EXEC answers Redis's error in its place.
func (c *client) recheckQueued(cmd *engine.Command, args [][]byte) engine.Handler {
	u := c.user.Load()
	reason, pos := u.perms.Load().check(c.srv.acl.x, cmd, args)
	if reason == aclOK {
		return nil
	}
	return func(*engine.Call) error {
		c.logACL(reason, aclContextMulti, denialObject(reason, cmd, args, pos), u.name)
		return errNoPermAtExec(reason)
	}
}

// context is where the client's current command comes from, for the ACL
// log.
func (c *client) context() string {
	if c.sess.InMulti() {
		return aclContextMulti
	}
	return aclContextTop
}

// logACL records a refusal in the ACL log, with the client's CLIENT LIST
// line.
func (c *client) logACL(reason aclReason, context, object, username string) {
	line := strings.TrimSuffix(string(appendClientLine(nil, c, c)), "\n")
	c.srv.acl.log.add(&aclLogEntry{reason: reason, context: context, object: object,
		username: username, at: time.Now(), client: line})
}

// denialObject is what the ACL log shows as refused: the command's full
// name, or the key or channel at pos.
func denialObject(reason aclReason, cmd *engine.Command, args [][]byte, pos int) string {
	if reason == aclDeniedCmd {
		return cmd.FullName()
	}
	return string(args[pos])
}

// errNoPerm is Redis 7.0's refusal of a command its user may not run.
func errNoPerm(reason aclReason, cmd *engine.Command) error {
	switch reason {
	case aclDeniedCmd:
		return &engine.Error{Prefix: "NOPERM",
			Msg: "this user has no permissions to run the '" + cmd.FullName() + "' command"}
	case aclDeniedKey:
		return &engine.Error{Prefix: "NOPERM", Msg: "this user has no permissions to access one of the keys used as arguments"}
	case aclDeniedChannel:
		return &engine.Error{Prefix: "NOPERM",
			Msg: "this user has no permissions to access one of the channels used as arguments"}
	}
	return &engine.Error{Prefix: "NOPERM", Msg: "no permission"}
}

// errNoPermAtExec is Redis 7.0's error, in EXEC's reply, for a queued
// command the rules stopped allowing after it was queued.
func errNoPermAtExec(reason aclReason) error {
	why := "no permission"
	switch reason {
	case aclDeniedCmd:
		why = "no permission to execute the command or subcommand"
	case aclDeniedKey:
		why = "no permission to touch the specified keys"
	case aclDeniedChannel:
		why = "no permission to access one of the channels used as arguments"
	}
	return &engine.Error{Prefix: "NOPERM", Msg: "ACLs rules changed between the moment the transaction was " +
		"accumulated and the EXEC call. This command is no longer allowed for the following reason: " + why}
}

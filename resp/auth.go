package resp

import (
	"crypto/sha256"
	"crypto/subtle"

	"github.com/tierdb/tierdb/engine"
)

// Authentication. For now the only user is "default", whose password is
// requirepass ("" = none: every client is authenticated as it connects).
// ACL users will replace checkCredentials and passwordSet; the gate that
// applies them to every command is client.authorize.

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

// passwordSet reports whether the default user has a password.
func (s *Server) passwordSet() bool { return s.cfg.String("requirepass") != "" }

// checkCredentials reports whether pass is the password of user. A user
// without a password (default, when requirepass is empty) accepts any.
// The comparison takes the same time whatever the password's length and
// content.
func (s *Server) checkCredentials(user, pass []byte) bool {
	if string(user) != defaultUser {
		return false
	}
	want := s.cfg.String("requirepass")
	if want == "" {
		return true
	}
	a, b := sha256.Sum256(pass), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// authenticate logs c in as user if pass is right, and otherwise leaves it
// as it was (Redis keeps the previous login after a failed AUTH).
func (c *client) authenticate(user, pass []byte) error {
	if !c.srv.checkCredentials(user, pass) {
		return errWrongPass
	}
	c.authed = true
	c.user.Store(string(user))
	return nil
}

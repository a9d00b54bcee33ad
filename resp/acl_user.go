package resp

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"slices"
	"strings"
	"sync/atomic"
)

// aclUser is an ACL user. Its name never changes; its permissions are an
// immutable snapshot that ACL SETUSER replaces as a whole, so that the
// permission check of every command reads them without a lock, and a
// client authenticated as the user sees each change at once.
type aclUser struct {
	name  string
	perms atomic.Pointer[userPerms]
	// gone is set when the user is deleted (ACL DELUSER, ACL LOAD): its
	// clients are being disconnected and may run nothing more.
	gone atomic.Bool
}

// sanitizeMode is the user's sanitize-payload flag (RESTORE payload checks).
type sanitizeMode uint8

const (
	sanitizeDefault sanitizeMode = iota // neither flag: the server's setting
	sanitizeYes                         // sanitize-payload
	sanitizeSkip                        // skip-sanitize-payload
)

// userPerms is what a user may do: its flags, passwords (SHA-256 digests
// only, never the passwords) and selectors, the root one first.
type userPerms struct {
	enabled   bool
	nopass    bool
	sanitize  sanitizeMode
	passwords [][sha256.Size]byte
	selectors []*selector
}

// newUserPerms are a new user's permissions: off, no password, no keys, no
// channels, no commands.
func newUserPerms(x *cmdIndex) *userPerms {
	return &userPerms{selectors: []*selector{newSelector(x)}}
}

func (p *userPerms) clone() *userPerms {
	c := *p
	c.passwords = slices.Clone(p.passwords)
	c.selectors = make([]*selector, len(p.selectors))
	for i, s := range p.selectors {
		c.selectors[i] = s.clone()
	}
	return &c
}

func (p *userPerms) root() *selector { return p.selectors[0] }

// apply applies one ACL SETUSER rule. Keywords are matched in any case; an
// empty rule does nothing. Rules that are not about the user itself go to
// the root selector.
func (p *userPerms) apply(op string, x *cmdIndex) error {
	if op == "" {
		return nil
	}
	switch {
	case strings.EqualFold(op, "on"):
		p.enabled = true
	case strings.EqualFold(op, "off"):
		p.enabled = false
	case strings.EqualFold(op, "skip-sanitize-payload"):
		p.sanitize = sanitizeSkip
	case strings.EqualFold(op, "sanitize-payload"):
		p.sanitize = sanitizeYes
	case strings.EqualFold(op, "nopass"):
		p.nopass, p.passwords = true, nil
	case strings.EqualFold(op, "resetpass"):
		p.nopass, p.passwords = false, nil
	case op[0] == '>' || op[0] == '#':
		h, err := passwordDigest(op)
		if err != nil {
			return err
		}
		if !slices.Contains(p.passwords, h) {
			p.passwords = append(p.passwords, h)
		}
		p.nopass = false
	case op[0] == '<' || op[0] == '!':
		h, err := passwordDigest(op)
		if err != nil {
			return err
		}
		i := slices.Index(p.passwords, h)
		if i < 0 {
			return errRuleNoSuchPassword
		}
		p.passwords = slices.Delete(p.passwords, i, i+1)
	case op[0] == '(' && op[len(op)-1] == ')':
		s, err := parseSelector(op[1:len(op)-1], x)
		if err != nil {
			return err
		}
		p.selectors = append(p.selectors, s)
	case strings.EqualFold(op, "clearselectors"):
		p.selectors = p.selectors[:1]
	case strings.EqualFold(op, "reset"):
		p.nopass, p.passwords = false, nil
		p.enabled = false
		p.sanitize = sanitizeYes
		p.selectors = []*selector{newSelector(x)}
	default:
		return p.root().apply(op, x)
	}
	return nil
}

// parseSelector builds a selector from the rules inside "(...)", split as
// Redis splits them (quotes allowed). Unbalanced quotes give an empty
// selector, as in Redis.
func parseSelector(body string, x *cmdIndex) (*selector, error) {
	s := newSelector(x)
	args, ok := splitInline([]byte(body))
	if !ok {
		return s, nil
	}
	for _, a := range args {
		if err := s.apply(string(a), x); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// passwordDigest is the SHA-256 of the password in >pass or <pass, or the
// digest given in hex in #hash or !hash.
func passwordDigest(op string) ([sha256.Size]byte, error) {
	if op[0] == '>' || op[0] == '<' {
		return sha256.Sum256([]byte(op[1:])), nil
	}
	var h [sha256.Size]byte
	hx := op[1:]
	if len(hx) != 2*sha256.Size || strings.ToLower(hx) != hx {
		return h, errRuleBadHash
	}
	if _, err := hex.Decode(h[:], []byte(hx)); err != nil {
		return h, errRuleBadHash
	}
	return h, nil
}

// checkPassword reports whether pass is one of the user's passwords, or the
// user needs none. It compares the digest with every stored digest in
// constant time, so the time taken does not depend on which matched.
func (p *userPerms) checkPassword(pass []byte) bool {
	if p.nopass {
		return true
	}
	h := sha256.Sum256(pass)
	ok := 0
	for _, w := range p.passwords {
		ok |= subtle.ConstantTimeCompare(h[:], w[:])
	}
	return ok == 1
}

// validUserName reports whether name can be a user's name: no white space
// and no NUL, so that ACL LIST and the ACL file stay parseable.
func validUserName(name string) bool { return !hasSpaces(name) }

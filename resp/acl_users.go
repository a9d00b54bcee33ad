package resp

import (
	"slices"
	"strings"
	"sync"
)

// aclState holds the server's ACL users and the ACL log. Users change under
// mu (ACL SETUSER, DELUSER, LOAD, CONFIG SET requirepass); permission checks
// read a user's published permissions without it.
type aclState struct {
	x     *cmdIndex
	mu    sync.Mutex
	users map[string]*aclUser
	// def is the default user. It is never deleted or replaced (ACL LOAD
	// copies the file's default user into it), so clients that point at it
	// keep working.
	def *aclUser
	log aclLog
	// requirepass is the last password CONFIG SET requirepass gave.
	requirepass string
}

// newACLState creates the user table with the default user: on, no
// password, every key, channel and command.
func newACLState(x *cmdIndex) *aclState {
	a := &aclState{x: x, users: make(map[string]*aclUser)}
	a.def = &aclUser{name: defaultUser}
	a.def.perms.Store(defaultUserPerms(x))
	a.users[defaultUser] = a.def
	a.log.max = aclLogMaxLen
	return a
}

// defaultUserPerms are the default user's permissions when nothing
// configures it: "on nopass ~* &* +@all".
func defaultUserPerms(x *cmdIndex) *userPerms {
	p := newUserPerms(x)
	for _, op := range []string{"on", "nopass", "~*", "&*", "+@all"} {
		if err := p.apply(op, x); err != nil {
			panic("resp: default user rule " + op + ": " + err.Error())
		}
	}
	return p
}

// user returns the user called name, or nil.
func (a *aclState) user(name string) *aclUser {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.users[name]
}

// names lists the user names, sorted by bytes as Redis lists them.
func (a *aclState) names() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]string, 0, len(a.users))
	for n := range a.users {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// sorted lists the users sorted by name.
func (a *aclState) sorted() []*aclUser {
	names := a.names()
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]*aclUser, 0, len(names))
	for _, n := range names {
		if u := a.users[n]; u != nil {
			out = append(out, u)
		}
	}
	return out
}

// setUserError is a rule ACL SETUSER refused, with the rule as given.
type setUserError struct {
	op  string
	err error
}

func (e *setUserError) Error() string {
	return "Error in ACL SETUSER modifier '" + cString(e.op) + "': " + e.err.Error()
}

// setUser applies rules (selectors already merged into one argument each)
// to the user called name, creating it if needed. Either every rule applies
// or none does, and the user is not created.
func (a *aclState) setUser(name string, rules []string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.users[name]
	var p *userPerms
	if u != nil {
		p = u.perms.Load().clone()
	} else {
		p = newUserPerms(a.x)
	}
	for _, op := range rules {
		if err := p.apply(op, a.x); err != nil {
			return &setUserError{op, err}
		}
	}
	if u == nil {
		u = &aclUser{name: name}
		a.users[name] = u
	}
	u.perms.Store(p)
	return nil
}

// deleteUsers removes the users called names and returns them; "default"
// must not be among them. Names without a user are skipped.
func (a *aclState) deleteUsers(names []string) []*aclUser {
	a.mu.Lock()
	defer a.mu.Unlock()
	var gone []*aclUser
	for _, n := range names {
		if u := a.users[n]; u != nil && u != a.def {
			delete(a.users, n)
			u.gone.Store(true)
			gone = append(gone, u)
		}
	}
	return gone
}

// setRequirepass makes pass the default user's only password, or gives it
// none (nopass) when pass is empty, as CONFIG SET requirepass does in Redis.
func (a *aclState) setRequirepass(pass string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.requirepass = pass
	p := a.def.perms.Load().clone()
	_ = p.apply("resetpass", a.x)
	if pass == "" {
		_ = p.apply("nopass", a.x)
	} else {
		_ = p.apply(">"+pass, a.x)
	}
	a.def.perms.Store(p)
}

// mergeSelectorArgs joins the arguments of a selector given over several
// arguments ("(~a" "+get)") into one, with single spaces, as Redis does: an
// argument that opens a selector without closing it starts one (dropping a
// selector still open), and the next argument that ends with ')' closes it.
// If a selector is never closed it returns the index of its first argument.
func mergeSelectorArgs(args [][]byte) (merged []string, unmatched int) {
	open := -1
	var cur string
	for i, a := range args {
		s := string(a)
		if len(s) > 0 && s[0] == '(' && s[len(s)-1] != ')' {
			open, cur = i, s
			continue
		}
		if open < 0 {
			merged = append(merged, s)
			continue
		}
		cur += " " + s
		if len(s) > 0 && s[len(s)-1] == ')' {
			merged = append(merged, cur)
			open = -1
		}
	}
	if open >= 0 {
		return nil, open
	}
	return merged, -1
}

// cString is s up to its first NUL, as Redis prints a C string into a
// message.
func cString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

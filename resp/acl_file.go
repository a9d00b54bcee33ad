package resp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tierdb/tierdb/engine"
)

// Users from files: the aclfile (ACL LOAD, ACL SAVE, and at start-up) and
// the users declared in the configuration (the user parameter).

// errNoACLFile is Redis's answer to ACL LOAD and ACL SAVE without an aclfile.
var errNoACLFile = errERR("This Redis instance is not configured to use an ACL file. You may want to specify " +
	"users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis " +
	"configuration file set) in order to store users in the Redis configuration.")

// loadedUsers are users read from a file, not yet in force.
type loadedUsers struct {
	names []string // in file order
	perms map[string]*userPerms
}

// parseACLFile reads an ACL file as Redis 7.0 does: one "user <name>
// <rules...>" per line, words separated by single spaces (no quoting),
// blank lines skipped. Every line is checked; the error lists every problem
// found, in Redis's words, so that nothing is loaded from a bad file.
func (a *aclState) parseACLFile(path string) (*loadedUsers, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("Error loading ACLs, opening file '%s': %s", path, strerror(err))
	}
	return a.parseACLText(path, string(data))
}

// parseACLText parses the content of the ACL file at path (named in errors).
func (a *aclState) parseACLText(path, data string) (*loadedUsers, error) {
	out := &loadedUsers{perms: make(map[string]*userPerms)}
	var errs strings.Builder
	for i, line := range strings.Split(data, "\n") {
		line = strings.Trim(line, " \t\r\n")
		if line == "" {
			continue
		}
		n := i + 1
		argv := strings.Split(line, " ")
		if argv[0] != "user" || len(argv) < 2 {
			fmt.Fprintf(&errs, "%s:%d should start with user keyword followed by the username. ", path, n)
			continue
		}
		name := argv[1]
		if hasSpaces(name) {
			fmt.Fprintf(&errs, "'%s:%d: username '%s' contains invalid characters. ", path, n, name)
			continue
		}
		if _, dup := out.perms[name]; dup {
			fmt.Fprintf(&errs, "WARNING: Duplicate user '%s' found on line %d. ", name, n)
			continue
		}
		p := newUserPerms(a.x)
		out.names = append(out.names, name)
		out.perms[name] = p
		args := make([][]byte, len(argv)-2)
		for j, w := range argv[2:] {
			args[j] = []byte(w)
		}
		rules, unmatched := mergeSelectorArgs(args)
		if unmatched >= 0 {
			fmt.Fprintf(&errs, "%s:%d: Unmatched parenthesis in selector definition.", path, n)
			continue
		}
		reported := false
		for _, op := range rules {
			op = strings.Trim(op, "\t\r\n")
			err := p.apply(op, a.x)
			switch {
			case err == errRuleUnknown:
				fmt.Fprintf(&errs, "%s:%d: Error in applying operation '%s': %s. ", path, n, op, err)
			case err != nil && !reported:
				fmt.Fprintf(&errs, "%s:%d: %s. ", path, n, err)
				reported = true
			}
		}
	}
	if errs.Len() > 0 {
		errs.WriteString("WARNING: ACL errors detected, no change to the previously active ACL rules was performed")
		return nil, errors.New(errs.String())
	}
	return out, nil
}

// replaceUsers puts loaded users in force instead of all the current ones.
// The default user keeps its identity and takes the loaded default's
// permissions (or the built-in ones if the file has none). It returns the
// replaced users, whose clients must be disconnected, as Redis does.
func (a *aclState) replaceUsers(l *loadedUsers) []*aclUser {
	a.mu.Lock()
	defer a.mu.Unlock()
	var old []*aclUser
	for _, u := range a.users {
		if u != a.def {
			u.gone.Store(true)
			old = append(old, u)
		}
	}
	a.users = map[string]*aclUser{defaultUser: a.def}
	def := l.perms[defaultUser]
	if def == nil {
		def = defaultUserPerms(a.x)
	}
	a.def.perms.Store(def)
	for _, n := range l.names {
		if n != defaultUser {
			u := &aclUser{name: n}
			u.perms.Store(l.perms[n])
			a.users[n] = u
		}
	}
	return old
}

// saveACLFile writes every user, one "user <name> <rules>" line each, sorted
// by name, to path: to a temporary file first, synced, then renamed over it.
func (a *aclState) saveACLFile(path string) error {
	content := a.aclText()
	tmp := path + ".tmp-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixMilli(), 10)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(content)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// aclText is the ACL file of the current users: a "user <name> <rules>"
// line each, sorted by name.
func (a *aclState) aclText() string {
	var b strings.Builder
	for _, u := range a.sorted() {
		b.WriteString("user " + u.name + " " + u.perms.Load().describe(a.x) + "\n")
	}
	return b.String()
}

// parseConfigUsers reads the users declared in the configuration, one per
// line "<name> <rules...>" (quotes allowed, as in redis.conf's user lines).
// Every rule must apply; a user given twice is an error, except "default",
// which is reset first.
func (a *aclState) parseConfigUsers(lines []string) (*loadedUsers, error) {
	out := &loadedUsers{perms: make(map[string]*userPerms)}
	for _, line := range lines {
		argv, ok := splitInline([]byte(line))
		if !ok {
			return nil, fmt.Errorf("user %q: unbalanced quotes", line)
		}
		if len(argv) == 0 {
			continue
		}
		name := string(argv[0])
		if hasSpaces(name) {
			return nil, fmt.Errorf("user %q: spaces not allowed in ACL usernames", name)
		}
		if _, dup := out.perms[name]; dup {
			return nil, fmt.Errorf("user %q: Duplicate user found. A user can only be defined once in config files", name)
		}
		rules, unmatched := mergeSelectorArgs(argv[1:])
		if unmatched >= 0 {
			return nil, fmt.Errorf("user %q: Unmatched parenthesis in acl selector starting at '%s'", name, argv[1+unmatched])
		}
		p := newUserPerms(a.x)
		if name == defaultUser {
			p = defaultUserPerms(a.x)
			_ = p.apply("reset", a.x)
		}
		for _, op := range rules {
			if err := p.apply(op, a.x); err != nil {
				return nil, fmt.Errorf("user %q: Error loading ACL rule '%s': %s", name, op, err)
			}
		}
		out.names = append(out.names, name)
		out.perms[name] = p
	}
	return out, nil
}

// mergeUsers adds loaded users to the current ones (start-up, from the
// configuration), replacing the default user's permissions if it is among
// them.
func (a *aclState) mergeUsers(l *loadedUsers) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, n := range l.names {
		if n == defaultUser {
			a.def.perms.Store(l.perms[n])
			continue
		}
		u := &aclUser{name: n}
		u.perms.Store(l.perms[n])
		a.users[n] = u
	}
}

// strerror words an I/O error as C's strerror does ("No such file or
// directory").
func strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	return err.Error()
}

// errERR is an ERR reply error.
func errERR(msg string) *engine.Error { return &engine.Error{Prefix: "ERR", Msg: msg} }

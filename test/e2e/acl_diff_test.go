package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tierdb/tierdb/test/testserver"
)

// ACL commands and checks compared byte for byte with Redis 7.0. Rules that
// Redis describes with single commands come out in its hash table's order,
// which changes from run to run, so the users compared here use at most one
// single-command rule per selector (or categories, which come in a fixed
// order); the unit tests of package resp cover the rest.

// aclPair is a tierdb and a real Redis started side by side.
type aclPair struct {
	tier, redis string // addresses
}

// startACLPair starts both servers; tierOverrides and redisArgs configure
// each (an aclfile, for instance).
func startACLPair(t *testing.T, tierOverrides map[string]string, redisArgs ...string) *aclPair {
	t.Helper()
	r := testserver.StartRedis(t, redisArgs...)
	s := testserver.Start(t, tierOverrides)
	return &aclPair{tier: s.Addr, redis: r.Addr}
}

// conns opens a new connection to each server.
func (p *aclPair) conns(t *testing.T) *testserver.Pair {
	t.Helper()
	tier, err := testserver.DialRaw(p.tier)
	if err != nil {
		t.Fatal(err)
	}
	redis, err := testserver.DialRaw(p.redis)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tier.Close(); redis.Close() })
	return &testserver.Pair{Tier: tier, Redis: redis}
}

// Ensure that ACL SETUSER accepts and refuses rules as Redis does, with its
// error texts, and leaves a user unchanged (or not created) when a rule is
// refused.
func TestACLDiff_SetUserErrors(t *testing.T) {
	p := startACLPair(t, nil).conns(t)
	p.Script(t, [][]string{
		{"ACL", "SETUSER", "u1", "foo"}, {"ACL", "SETUSER", "u1", "+nosuch"}, {"ACL", "SETUSER", "u1", "+@nosuch"},
		{"ACL", "GETUSER", "u1"},
		{"ACL", "SETUSER", "u1", "allkeys", "~foo"}, {"ACL", "SETUSER", "u1", "allchannels", "&foo"},
		{"ACL", "SETUSER", "u1", "<nopass"}, {"ACL", "SETUSER", "u1", "!abc"}, {"ACL", "SETUSER", "u1", "#abc"},
		{"ACL", "SETUSER", "u1", "#2D711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"},
		{"ACL", "SETUSER", "u1", "#2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a488"},
		{"ACL", "SETUSER", "u1", "("}, {"ACL", "SETUSER", "u1", "(~x"}, {"ACL", "SETUSER", "u1", "on", "(~x", "(~y"},
		{"ACL", "SETUSER", "u1", "(foo)"}, {"ACL", "SETUSER", "u1", "(on)"}, {"ACL", "SETUSER", "u1", "(>p)"},
		{"ACL", "SETUSER", "u1", "(clearselectors)"}, {"ACL", "SETUSER", "u1", "(reset)"},
		{"ACL", "SETUSER", "u1", "(allkeys ~x)"}, {"ACL", "SETUSER", "u1", "(~x", "(~y)"},
		{"ACL", "SETUSER", "u1", `("")`}, {"ACL", "SETUSER", "u1", ")"},
		{"ACL", "SETUSER", "u1", "%X~foo"}, {"ACL", "SETUSER", "u1", "%~foo"}, {"ACL", "SETUSER", "u1", "%RR~a"},
		{"ACL", "SETUSER", "u1", "%"}, {"ACL", "SETUSER", "u1", "+"}, {"ACL", "SETUSER", "u1", "-"},
		{"ACL", "SETUSER", "u1", "+@"}, {"ACL", "SETUSER", "u1", "+config|get|x"}, {"ACL", "SETUSER", "u1", "+get|"},
		{"ACL", "SETUSER", "u1", "+config|"}, {"ACL", "SETUSER", "u1", "+config|nosuch"},
		{"ACL", "SETUSER", "u1", "-select|0"}, {"ACL", "SETUSER", "u1", "+@all|get"},
		{"ACL", "SETUSER", "u1", "~a b"}, {"ACL", "SETUSER", "u1", "&a b"}, {"ACL", "SETUSER", "u1", "%R~a\tb"},
		{"ACL", "SETUSER", "u1", "~a\x00b"},
		{"ACL", "SETUSER", "a b", "on"}, {"ACL", "SETUSER", "a\x00b", "on"}, {"ACL", "SETUSER", "a b", "(~x"},
		{"ACL", "GETUSER", "u1"}, {"ACL", "USERS"},
		// A refused rule changes nothing, even after good ones.
		{"ACL", "SETUSER", "u2", "on", ">pw", "~k"}, {"ACL", "SETUSER", "u2", "off", "resetkeys", "+nosuch"},
		{"ACL", "GETUSER", "u2"},
		{"ACL", "SETUSER"}, {"ACL", "SETUSER", "u3"}, {"ACL", "GETUSER", "u3"}, {"ACL", "SETUSER", "", "on"},
		{"ACL", "GETUSER", ""},
	})
}

// Ensure that ACL GETUSER and ACL LIST show users as Redis does: flags,
// password hashes in order, key patterns with their permissions merged,
// channels, commands, subcommands, first arguments and selectors, in RESP2
// and RESP3.
func TestACLDiff_GetUserAndList(t *testing.T) {
	p := startACLPair(t, nil).conns(t)
	p.Script(t, [][]string{
		{"ACL", "SETUSER", "k1", "on", ">p1", ">p2", ">p1", "<p2",
			"#5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
			"~a*", "%R~b*", "%W~c*", "%RW~d*", "%WR~e*", "~f*", "%R~f*", "&x*", "&y", "&x*", "-@all", "+get"},
		{"ACL", "SETUSER", "k2", "allkeys", "allchannels", "allcommands", "nopass", "skip-sanitize-payload"},
		{"ACL", "SETUSER", "k3", "reset", "%R~*", "~x", "~*"},
		{"ACL", "SETUSER", "k4", "reset", "%R~a", "%R~a", "~a", "%W~a", "%r~b", "%R", "%W~"},
		{"ACL", "SETUSER", "k5", "nopass", ">x"}, {"ACL", "SETUSER", "k6", ">x", "nopass"},
		{"ACL", "SETUSER", "k7", "on", "~", "&"},
		{"ACL", "SETUSER", "k8", "reset", "+@all", "-@admin"},
		{"ACL", "SETUSER", "k9", "reset", "+@string"},
		{"ACL", "SETUSER", "k10", "reset", "+select|0"},
		{"ACL", "SETUSER", "k11", "reset", "+@all", "+select|0"},
		{"ACL", "SETUSER", "k12", "reset", "+select", "+select|0"},
		{"ACL", "SETUSER", "k13", "reset", "+select|0", "-select"},
		{"ACL", "SETUSER", "k14", "reset", "+config|get"},
		{"ACL", "SETUSER", "k15", "reset", "+@all", "-config|get"},
		{"ACL", "SETUSER", "k16", "reset", "+config|get", "+config|set", "-config"},
		{"ACL", "SETUSER", "k17", "reset", "+GET", "+@STRING"},
		{"ACL", "SETUSER", "k18", "reset", "allcommands", "-get", "nocommands", "+get"},
		{"ACL", "SETUSER", "k19", "on", "~a", "(~x", "", "~y)", "( ~z +get )", "(~w +@string)", "()", `(~"q)`},
		{"ACL", "SETUSER", "k20", "(~x)", "(~y)", "clearselectors", "(~z &c -@all +@read)"},
		{"ACL", "SETUSER", "k21", "ON", "NOPASS", "RESETPASS", "ALLKEYS", "RESETKEYS", "ALLCHANNELS",
			"RESETCHANNELS", "ALLCOMMANDS", "NOCOMMANDS", "RESET", "~x", "&y", "+GET", "(~X)"},
		{"ACL", "SETUSER", "k22", "sanitize-payload", "skip-sanitize-payload"},
		{"ACL", "SETUSER", "k23", "+@all", "+get|x", "-@all"},
	})
	for _, proto := range []string{"2", "3"} {
		aclHello(t, p, proto)
		for _, u := range []string{"default", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11",
			"k12", "k13", "k14", "k15", "k16", "k17", "k18", "k19", "k20", "k21", "k22", "k23", "nosuch"} {
			p.Compare(t, "ACL", "GETUSER", u)
		}
		p.Compare(t, "ACL", "LIST")
		p.Compare(t, "ACL", "USERS")
	}
}

// aclHello switches both connections of p to RESP proto (their HELLO
// replies differ by client id).
func aclHello(t *testing.T, p *testserver.Pair, proto string) {
	t.Helper()
	for _, c := range []*testserver.RawConn{p.Tier, p.Redis} {
		if _, err := c.Do("HELLO", proto); err != nil {
			t.Fatal(err)
		}
	}
}

// Ensure that commands, subcommands, first arguments, keys with read and
// write permissions, and selectors are checked as Redis checks them, with
// its NOPERM texts, inside MULTI too (a refused command aborts EXEC).
func TestACLDiff_Permissions(t *testing.T) {
	ps := startACLPair(t, nil)
	admin := ps.conns(t)
	admin.Script(t, [][]string{
		{"MSET", "a1", "x", "b1", "y", "w1", "z"},
		{"ACL", "SETUSER", "n", "on", ">pw", "-@all", "+get", "+mget", "~a*", "+multi", "+exec", "+config|get",
			"+select|0", "&ch*"},
		{"ACL", "SETUSER", "r", "on", "nopass", "%R~*", "+@all"},
		{"ACL", "SETUSER", "w", "on", "nopass", "%W~*", "+@all"},
		{"ACL", "SETUSER", "s", "on", "nopass", "+get", "~a*", "(+set ~b*)", "(+get %R~w*)"},
	})
	n := ps.conns(t)
	n.Script(t, [][]string{
		{"AUTH", "n", "pw"}, {"SET", "k", "v"}, {"GET", "b"}, {"MGET", "a", "b"}, {"MGET", "a1", "a2"}, {"GET", "a1"},
		{"CONFIG", "SET", "x", "y"}, {"CONFIG", "GET", "maxmemory"}, {"SELECT", "1"}, {"SELECT", "0"}, {"PING"},
		{"ACL", "WHOAMI"}, {"CLIENT", "ID", "x"}, {"NOSUCH"}, {"GET"},
		{"MULTI"}, {"GET", "b"}, {"SET", "a", "b"}, {"GET", "a1"}, {"EXEC"},
		{"MULTI"}, {"GET", "a1"}, {"MGET", "a1", "a2"}, {"EXEC"},
		{"AUTH", "n", "bad"}, {"AUTH", "nouser", "bad"}, {"ACL", "WHOAMI"},
	})
	for _, script := range [][][]string{
		{{"AUTH", "r", "x"}, {"GET", "a1"}, {"SET", "k", "v"}, {"SET", "k", "v", "GET"}, {"EXISTS", "a1"},
			{"STRLEN", "a1"}, {"TYPE", "a1"}, {"GETDEL", "k"}, {"APPEND", "k", "v"}, {"DEL", "k"}, {"INCR", "k"},
			{"SETNX", "k", "v"}, {"MSET", "k", "v"}, {"COPY", "a1", "a2"}, {"RENAME", "a1", "a2"}, {"TTL", "a1"},
			{"EXPIRE", "a1", "100"}, {"OBJECT", "ENCODING", "a1"}, {"WATCH", "a1"}},
		{{"AUTH", "w", "x"}, {"GET", "k"}, {"SET", "k", "v"}, {"SET", "k", "v", "GET"}, {"SET", "k", "v", "get"},
			{"EXISTS", "k"}, {"STRLEN", "k"}, {"TYPE", "k"}, {"GETDEL", "k"}, {"APPEND", "k", "v"}, {"DEL", "k"},
			{"INCR", "n1"}, {"SETNX", "k", "v"}, {"MSET", "k", "v"}, {"COPY", "k", "k2"}, {"RENAME", "k", "k3"},
			{"TTL", "k3"}, {"EXPIRE", "k3", "100"}, {"GETEX", "k3"}, {"PERSIST", "k3"}, {"MGET", "k3"}},
		{{"AUTH", "s", "x"}, {"GET", "a1"}, {"GET", "b1"}, {"SET", "b1", "v"}, {"SET", "a1", "v"}, {"GET", "w1"},
			{"SET", "w1", "v"}, {"MGET", "a1"}, {"INCR", "b1"}, {"GET", "zz"}},
	} {
		c := ps.conns(t)
		c.Script(t, script)
	}
}

// Ensure that EXEC answers Redis's NOPERM error in the place of each queued
// command the rules stopped allowing, runs the others, and that a user's
// changes apply to its live connections at once.
func TestACLDiff_ExecRecheck(t *testing.T) {
	ps := startACLPair(t, nil)
	admin, q := ps.conns(t), ps.conns(t)
	admin.Compare(t, "ACL", "SETUSER", "q", "on", "nopass", "+@all", "~*", "&*")
	q.Script(t, [][]string{{"AUTH", "q", "x"}, {"MULTI"}, {"GET", "a"}, {"SET", "a", "1"},
		{"CONFIG", "GET", "maxmemory"}, {"PING"}, {"GET", "b"}})
	admin.Compare(t, "ACL", "SETUSER", "q", "-get", "-config|get", "resetkeys", "~a", "-ping")
	q.Script(t, [][]string{{"EXEC"}, {"GET", "a"}, {"GET", "b"}, {"SET", "b", "1"}, {"PING"}})
	// Refused while queueing: EXEC aborts, whatever changes after.
	q.Script(t, [][]string{{"MULTI"}, {"PING"}, {"SET", "a", "2"}})
	admin.Compare(t, "ACL", "SETUSER", "q", "+ping")
	q.Script(t, [][]string{{"EXEC"}, {"GET", "a"}})
	// EXEC itself refused: the transaction stays open, flagged.
	q.Script(t, [][]string{{"MULTI"}, {"SET", "a", "3"}})
	admin.Compare(t, "ACL", "SETUSER", "q", "-exec")
	q.Script(t, [][]string{{"EXEC"}, {"DISCARD"}, {"GET", "a"}})
}

// Ensure that ACL DRYRUN answers as Redis does: OK, the reason as a bulk
// string, or an error for an unknown user, command or arity.
func TestACLDiff_Dryrun(t *testing.T) {
	p := startACLPair(t, nil).conns(t)
	p.Script(t, [][]string{
		{"ACL", "SETUSER", "w", "on", "nopass", "%W~*", "+@all"},
		{"ACL", "SETUSER", "n", "on", "nopass", "-@all", "+get", "~a*", "+select|0", "(+set ~b*)"},
		{"ACL", "DRYRUN", "w", "set", "k", "v"}, {"ACL", "DRYRUN", "w", "set", "k", "v", "get"},
		{"ACL", "DRYRUN", "w", "get", "k"}, {"ACL", "DRYRUN", "w", "exists", "k"}, {"ACL", "DRYRUN", "w", "del", "k"},
		{"ACL", "DRYRUN", "w", "nosuch"}, {"ACL", "DRYRUN", "nosuchuser", "get", "k"}, {"ACL", "DRYRUN", "w", "get"},
		{"ACL", "DRYRUN", "w", "config", "get", "x"}, {"ACL", "DRYRUN", "w", "config", "nosuch"},
		{"ACL", "DRYRUN", "w", "config"}, {"ACL", "DRYRUN", "w", "CONFIG", "GET", "x"},
		{"ACL", "DRYRUN", "n", "set", "k", "v"}, {"ACL", "DRYRUN", "n", "get", "b"}, {"ACL", "DRYRUN", "n", "get", "a"},
		{"ACL", "DRYRUN", "n", "config", "get", "x"}, {"ACL", "DRYRUN", "n", "mget", "a1", "b", "c"},
		{"ACL", "DRYRUN", "n", "set", "b1", "v"}, {"ACL", "DRYRUN", "n", "set", "a1", "v"},
		{"ACL", "DRYRUN", "n", "select", "0"}, {"ACL", "DRYRUN", "n", "select", "1"},
		{"ACL", "DRYRUN", "n", "auth", "x"}, {"ACL", "DRYRUN", "n", "hello"}, {"ACL", "DRYRUN", "n"},
		{"ACL", "DRYRUN", "n", "get", "a", "b"},
	})
}

// Ensure that AUTH and HELLO AUTH accept and refuse users as Redis does:
// disabled users, nopass users, wrong passwords, the two-argument form, and
// requirepass as the default user's password.
func TestACLDiff_Auth(t *testing.T) {
	ps := startACLPair(t, nil)
	admin := ps.conns(t)
	admin.Script(t, [][]string{
		{"ACL", "SETUSER", "off1", "off", ">pw", "+@all", "~*"},
		{"ACL", "SETUSER", "np", "on", "nopass", "+@all", "~*"},
		{"ACL", "SETUSER", "two", "on", ">a", ">b", "+@all", "~*"},
	})
	c := ps.conns(t)
	c.Script(t, [][]string{
		{"AUTH", "pw"}, {"AUTH", "off1", "pw"}, {"AUTH", "np", "anything"}, {"ACL", "WHOAMI"},
		{"AUTH", "two", "b"}, {"ACL", "WHOAMI"}, {"AUTH", "two", "c"}, {"ACL", "WHOAMI"},
		{"AUTH", "default", "x"}, {"ACL", "WHOAMI"}, {"AUTH", "a", "b", "c"},
		{"HELLO", "2", "AUTH", "two", "x"}, {"ACL", "WHOAMI"}, {"CLIENT", "GETNAME"},
	})
	admin.Compare(t, "CONFIG", "SET", "requirepass", "secret")
	admin.Compare(t, "ACL", "GETUSER", "default")
	fresh := ps.conns(t)
	fresh.Script(t, [][]string{{"PING"}, {"AUTH", "wrong"}, {"AUTH", "secret"}, {"ACL", "WHOAMI"},
		{"ACL", "SETUSER", "default", "resetpass", "nopass"}})
	other := ps.conns(t)
	other.Script(t, [][]string{{"PING"}, {"ACL", "SETUSER", "default", "off"}})
	last := ps.conns(t)
	last.Script(t, [][]string{{"PING"}, {"AUTH", "np", "x"}, {"PING"}, {"ACL", "SETUSER", "default", "on"}})
	admin.Compare(t, "CONFIG", "GET", "requirepass")
}

// Ensure that ACL DELUSER disconnects the deleted users' clients (and not
// others), that SETUSER off or resetpass leaves live connections alone as in
// Redis 7.0, and that CLIENT KILL USER kills by user.
func TestACLDiff_LiveConnections(t *testing.T) {
	ps := startACLPair(t, nil)
	admin := ps.conns(t)
	admin.Script(t, [][]string{
		{"ACL", "SETUSER", "u1", "on", ">p", "+@all", "~*"}, {"ACL", "SETUSER", "u2", "on", ">p", "+@all", "~*"},
		{"ACL", "SETUSER", "u3", "on", ">p", "+@all", "~*"},
	})
	login := func(user string) *testserver.Pair {
		c := ps.conns(t)
		c.Compare(t, "AUTH", user, "p")
		return c
	}
	c1, c2, c3 := login("u1"), login("u2"), login("u3")
	admin.Compare(t, "ACL", "SETUSER", "u1", "off", "resetpass")
	c1.Compare(t, "PING")
	c1.Compare(t, "ACL", "WHOAMI")
	admin.Compare(t, "ACL", "DELUSER", "u1", "nosuch", "u2")
	for _, c := range []*testserver.Pair{c1, c2} {
		assertClosedBoth(t, c)
	}
	c3.Compare(t, "PING")
	admin.Script(t, [][]string{{"CLIENT", "KILL", "USER", "nosuch"}, {"CLIENT", "KILL", "USER", "u3"},
		{"ACL", "DELUSER", "default"}})
	assertClosedBoth(t, c3)
	self := login("u3")
	self.Compare(t, "ACL", "DELUSER", "u3")
	assertClosedBoth(t, self)
}

// assertClosedBoth checks that both servers closed the pair's connections.
func assertClosedBoth(t *testing.T, c *testserver.Pair) {
	t.Helper()
	for name, conn := range map[string]*testserver.RawConn{"tierdb": c.Tier, "redis": c.Redis} {
		if reply, err := conn.Do("PING"); err == nil {
			t.Errorf("%s: connection still open, PING answered %q", name, reply)
		}
	}
}

// Ensure that the ACL log records refusals as Redis does: reason, context,
// object, user, grouping of repeats, newest first, and ACL LOG's count and
// RESET. Ages and client lines differ between servers and are checked
// apart.
func TestACLDiff_Log(t *testing.T) {
	ps := startACLPair(t, nil)
	admin := ps.conns(t)
	admin.Script(t, [][]string{{"ACL", "LOG", "RESET"},
		{"ACL", "SETUSER", "n", "on", ">pw", "-@all", "+get", "+mget", "~a*", "+multi", "+exec", "+config|get"}})
	n := ps.conns(t)
	n.Script(t, [][]string{{"AUTH", "n", "pw"}, {"SET", "k", "v"}, {"GET", "b"}, {"MGET", "a", "b"},
		{"CONFIG", "SET", "x", "y"}, {"PING"}, {"MULTI"}, {"GET", "c"}, {"SET", "a", "b"}, {"EXEC"},
		{"auth", "n", "bad"}, {"AUTH", "nouser", "bad"}, {"HELLO", "2", "AUTH", "n", "bad"}, {"ACL", "WHOAMI"}})
	for _, args := range [][]string{{"ACL", "LOG"}, {"ACL", "LOG", "3"}, {"ACL", "LOG", "0"}, {"ACL", "LOG", "-1"},
		{"ACL", "LOG", "100"}} {
		got := aclLogMask(t, admin.Tier, args...)
		want := aclLogMask(t, admin.Redis, args...)
		if got != want {
			t.Errorf("%v:\ntierdb: %q\nredis:  %q", args, got, want)
		}
	}
	admin.Script(t, [][]string{{"ACL", "LOG", "x"}, {"ACL", "LOG", "1", "2"}, {"ACL", "LOG", "reset"},
		{"ACL", "LOG"}})
}

var (
	aclLogAge    = regexp.MustCompile(`\$11\r\nage-seconds\r\n(\$\d+\r\n[^\r]*|,[^\r]*)\r\n`)
	aclLogClient = regexp.MustCompile(`\$11\r\nclient-info\r\n\$\d+\r\n([^\r]*)\r\n`)
	aclLogFields = regexp.MustCompile(`(?:^| )(flags|multi|cmd|user)=(\S*)`)
)

// aclLogMask runs an ACL LOG command and hides the age of each entry and
// the parts of its client line that differ between servers (keeping
// flags, multi, cmd and user).
func aclLogMask(t *testing.T, c *testserver.RawConn, args ...string) string {
	t.Helper()
	raw, err := c.Do(args...)
	if err != nil {
		t.Fatal(err)
	}
	raw = aclLogAge.ReplaceAllString(raw, "age-seconds=AGE\r\n")
	return aclLogClient.ReplaceAllStringFunc(raw, func(m string) string {
		line := aclLogClient.FindStringSubmatch(m)[1]
		var kept []string
		for _, f := range aclLogFields.FindAllStringSubmatch(line, -1) {
			kept = append(kept, f[1]+"="+f[2])
		}
		return "client-info=" + strings.Join(kept, " ") + "\r\n"
	})
}

// Ensure that the other ACL subcommands answer as Redis does: CAT, GENPASS,
// WHOAMI, USERS, and LOAD and SAVE without an aclfile, and their errors.
func TestACLDiff_Misc(t *testing.T) {
	p := startACLPair(t, nil).conns(t)
	p.Script(t, [][]string{
		{"ACL", "CAT"}, {"ACL", "CAT", "nosuch"}, {"ACL", "CAT", "a", "b"}, {"ACL", "cat", "a", "b"},
		{"ACL", "GENPASS", "0"}, {"ACL", "GENPASS", "-1"}, {"ACL", "GENPASS", "4097"}, {"ACL", "GENPASS", "x"},
		{"ACL", "GENPASS", "1", "2"}, {"ACL", "WHOAMI"}, {"ACL", "USERS"}, {"ACL", "SAVE"}, {"ACL", "LOAD"},
		{"ACL", "NOSUCH"}, {"ACL"}, {"ACL", "WHOAMI", "x"}, {"ACL", "LIST", "x"}, {"ACL", "GETUSER"},
		{"ACL", "DELUSER"}, {"ACL", "DELUSER", "default"}, {"ACL", "DELUSER", "nosuch"},
		{"COMMAND", "GETKEYS", "acl", "setuser", "x"},
	})
	hexReply := regexp.MustCompile(`^\$\d+\r\n[0-9a-f]*\r\n$`)
	for _, bits := range []string{"1", "4", "5", "255", "4096"} {
		got, err := p.Tier.Do("ACL", "GENPASS", bits)
		if err != nil {
			t.Fatal(err)
		}
		want, err := p.Redis.Do("ACL", "GENPASS", bits)
		if err != nil {
			t.Fatal(err)
		}
		if !hexReply.MatchString(got) || len(got) != len(want) {
			t.Errorf("ACL GENPASS %s: tierdb %q, redis %q", bits, got, want)
		}
	}
}

// Ensure that ACL LOAD and ACL SAVE work with an aclfile as Redis's do:
// SAVE writes the same file, LOAD takes a valid file whole (disconnecting
// the clients of every user but default), and refuses a bad file, listing
// every problem, without changing anything.
func TestACLDiff_ACLFile(t *testing.T) {
	dir := t.TempDir()
	tierFile, redisFile := filepath.Join(dir, "tier.acl"), filepath.Join(dir, "redis.acl")
	writeBoth := func(content string) {
		t.Helper()
		for _, f := range []string{tierFile, redisFile} {
			if err := os.WriteFile(f, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// loadBoth runs ACL LOAD on both and compares the replies, paths masked.
	loadBoth := func(admin *testserver.Pair, what string) {
		t.Helper()
		got, _ := admin.Tier.Do("ACL", "LOAD")
		want, _ := admin.Redis.Do("ACL", "LOAD")
		got = strings.ReplaceAll(got, tierFile, "FILE")
		want = strings.ReplaceAll(want, redisFile, "FILE")
		if got != want {
			t.Errorf("ACL LOAD of %s:\ntierdb: %q\nredis:  %q", what, got, want)
		}
	}
	writeBoth("user default on nopass ~* &* +@all\nuser alice on >pw ~a* +get\n")
	ps := startACLPair(t, map[string]string{"aclfile": tierFile}, "--aclfile", redisFile)
	admin := ps.conns(t)
	admin.Compare(t, "ACL", "LIST")
	alice := ps.conns(t)
	alice.Script(t, [][]string{{"AUTH", "alice", "pw"}, {"GET", "a1"}, {"GET", "b1"}})
	admin.Script(t, [][]string{{"ACL", "SETUSER", "bob", "on", ">x", "+@all", "(~y +set)"}, {"ACL", "SAVE"}})
	tierSaved, _ := os.ReadFile(tierFile)
	redisSaved, _ := os.ReadFile(redisFile)
	if string(tierSaved) != string(redisSaved) {
		t.Errorf("ACL SAVE wrote:\ntierdb: %q\nredis:  %q", tierSaved, redisSaved)
	}
	bob := ps.conns(t)
	bob.Compare(t, "AUTH", "bob", "x")
	admin.Compare(t, "ACL", "LOAD")
	assertClosedBoth(t, alice)
	assertClosedBoth(t, bob)
	admin.Script(t, [][]string{{"PING"}, {"ACL", "LIST"}})

	// Bad files: every problem is listed and nothing changes.
	for _, content := range []string{
		"user alice on >pw ~a* +nosuch",
		"user alice on +nosuch1 +nosuch2 foo bar",
		"usr alice on", "user", "# comment\n\nuser alice on",
		"user alice on\nuser alice off",
		"user a b on", "user alice (~x", `user "alice x" on`, "user alice \"~a b\"",
		"user al\tice on\nuser  bob  on  \nuser carol \"on\"\nuser dave on >a b",
		"user  bob  on  >x",
		"user alice on\nuser default off foo\nzzz",
	} {
		writeBoth(content + "\n")
		loadBoth(admin, strconvQuote(content))
	}
	admin.Compare(t, "ACL", "LIST")
	// Surrounding blanks, CR and blank lines are accepted.
	writeBoth("  user alice on  \r\n\n\nuser default on nopass ~* +@all\r\n")
	admin.Script(t, [][]string{{"ACL", "LOAD"}, {"ACL", "LIST"}})
	for _, f := range []string{tierFile, redisFile} {
		_ = os.Remove(f)
	}
	loadBoth(admin, "a missing file")
}

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, "\n", `\n`) + `"` }

package resp

import (
	"testing"
	"time"
)

// Ensure that the permission check allows and refuses commands, first
// arguments, subcommands and keys as Redis 7.0 does: reading needs R,
// writing needs W, a key that is neither needs a pattern of either kind,
// and with selectors one allowing selector suffices, the refusal reported
// being the most specific one.
func TestACLCheck(t *testing.T) {
	x := mustIndex(t)
	for _, test := range []struct {
		rules   string
		cmd     string
		want    aclReason
		wantPos int
	}{
		{"+@all ~*", "set k v", aclOK, 0},
		{"-@all", "get k", aclDeniedCmd, 0},
		{"-@all", "auth x", aclOK, 0}, // no_auth commands are always allowed
		{"-@all", "hello 3", aclOK, 0},
		{"+get", "get k", aclDeniedKey, 1},
		{"+get ~k", "get k", aclOK, 0},
		{"+get ~a*", "get b", aclDeniedKey, 1},
		{"+mget ~a*", "mget a1 a2 b a3", aclDeniedKey, 3},
		{"+@all %R~*", "get k", aclOK, 0},
		{"+@all %R~*", "set k v", aclDeniedKey, 1},
		{"+@all %W~*", "set k v", aclOK, 0},
		{"+@all %W~*", "set k v get", aclDeniedKey, 1}, // GET makes the key read too
		{"+@all %W~*", "set k v GeT", aclDeniedKey, 1},
		{"+@all %W~*", "get k", aclDeniedKey, 1},
		{"+@all %W~*", "exists k", aclOK, 0}, // neither read nor write: any pattern
		{"+@all %R~*", "exists k", aclOK, 0},
		{"+@all", "exists k", aclDeniedKey, 1},
		{"+@all %W~*", "getdel k", aclDeniedKey, 1},
		{"+@all %W~* %R~k", "getdel k", aclDeniedKey, 1}, // two patterns do not add up
		{"+@all %W~* %R~k", "getdel j", aclDeniedKey, 1},
		{"+@all %RW~k", "getdel k", aclOK, 0},
		{"+@all %R~a %W~b", "copy a b", aclOK, 0},
		{"+@all %R~a %W~b", "copy b a", aclDeniedKey, 1},
		{"+@all", "ping", aclOK, 0},
		{"-@all +config|get", "config get x", aclOK, 0},
		{"-@all +config|get", "config set x y", aclDeniedCmd, 0},
		{"-@all +config -config|set", "config get x", aclOK, 0},
		{"-@all +select|0", "select 0", aclOK, 0},
		{"-@all +select|0", "select 1", aclDeniedCmd, 0},
		{"-@all +select|abc", "select ABC", aclOK, 0},
		{"-@all +@string ~*", "set k v", aclOK, 0},
		{"+@all -@string ~*", "set k v", aclDeniedCmd, 0},
		{"+@all -@string ~*", "ping", aclOK, 0},
		// Selectors: any one may allow; otherwise a key refusal wins over a
		// command refusal, and a later key over an earlier one.
		{"+get ~a* (+set ~b*)", "set b1 v", aclOK, 0},
		{"+get ~a* (+set ~b*)", "get a1", aclOK, 0},
		{"+get ~a* (+set ~b*)", "set a1 v", aclDeniedKey, 1},
		{"+get ~a* (+set ~b*)", "get b1", aclDeniedKey, 1},
		{"-@all (+mget ~a*) (+mget ~b*)", "mget a b", aclDeniedKey, 2},
		{"-@all (+mget ~a*) (+mget ~b*)", "mget b a", aclDeniedKey, 2},
		{"-@all (+mget ~a*) (+mget ~b*)", "mget a a1", aclOK, 0},
		{"-@all (+get)", "set k v", aclDeniedCmd, 0},
	} {
		p := mustUser(t, x, test.rules)
		args := argv(test.cmd)
		cmd := lookupArgs(t, x, args)
		got, pos := p.check(x, cmd, args)
		if got != test.want || pos != test.wantPos {
			t.Errorf("%q, %q: got %v at %d, want %v at %d", test.rules, test.cmd, got, pos, test.want, test.wantPos)
		}
	}
}

// Ensure that BITFIELD's key needs reading only when it has nothing but
// GET operations (and OVERFLOW), as Redis's key extraction gives it.
func TestACLCheck_BitfieldVariableFlags(t *testing.T) {
	x := mustIndex(t)
	if x.lookup("bitfield") == nil {
		t.Skip("SKIPPED: BITFIELD is not in the table yet")
	}
	r, w := mustUser(t, x, "+@all %R~*"), mustUser(t, x, "+@all %W~*")
	for _, test := range []struct {
		cmd          string
		read, writes bool // allowed for the read-only user, for the write-only user
	}{
		{"bitfield k", true, false},
		{"bitfield k GET u8 0", true, false},
		{"bitfield k get u8 0 OVERFLOW SAT GET u8 8", true, false},
		{"bitfield k SET u8 0 1", false, false},
		{"bitfield k GET u8", false, false}, // a syntax error is taken as a write
	} {
		args := argv(test.cmd)
		cmd := lookupArgs(t, x, args)
		if got, _ := r.check(x, cmd, args); (got == aclOK) != test.read {
			t.Errorf("%q, read-only user: %v", test.cmd, got)
		}
		if got, _ := w.check(x, cmd, args); (got == aclOK) != test.writes {
			t.Errorf("%q, write-only user: %v", test.cmd, got)
		}
	}
}

// Ensure that channel rules match channels by glob and pattern
// subscriptions only literally, for pub/sub's checks.
func TestACLCheck_Channels(t *testing.T) {
	x := mustIndex(t)
	s := mustUser(t, x, "&news.* &chat").root()
	for _, test := range []struct {
		channel   string
		isPattern bool
		want      bool
	}{
		{"news.1", false, true}, {"chat", false, true}, {"other", false, false},
		{"news.*", true, true}, {"news.1", true, false}, {"n*", true, false},
	} {
		if got := s.channelAllowed(test.channel, test.isPattern); got != test.want {
			t.Errorf("%q pattern=%v: got %v, want %v", test.channel, test.isPattern, got, test.want)
		}
	}
	if !mustUser(t, x, "allchannels").root().channelAllowed("x", true) {
		t.Error("allchannels refuses a channel")
	}
}

// Ensure that passwords are kept as SHA-256 digests and checked against
// each of them; nopass accepts anything.
func TestACLPasswords(t *testing.T) {
	x := mustIndex(t)
	p := mustUser(t, x, ">one >two")
	for _, test := range []struct {
		pass string
		want bool
	}{{"one", true}, {"two", true}, {"three", false}, {"", false}, {"one ", false}} {
		if got := p.checkPassword([]byte(test.pass)); got != test.want {
			t.Errorf("%q: got %v, want %v", test.pass, got, test.want)
		}
	}
	for _, h := range p.passwords {
		if string(h[:]) == "one" || string(h[:]) == "two" {
			t.Error("a password is stored as given")
		}
	}
	if !mustUser(t, x, "nopass").checkPassword([]byte("anything")) {
		t.Error("nopass refuses a password")
	}
	if mustUser(t, x, "").checkPassword(nil) {
		t.Error("a user without passwords accepts the empty one")
	}
}

// Ensure that the ACL log groups a refusal with a recent equal one (same
// reason, context, object and user, within a minute), moving it first, and
// keeps at most its maximum number of entries.
func TestACLLog_Grouping(t *testing.T) {
	l := aclLog{max: 3}
	t0 := time.Unix(1000, 0)
	add := func(object, user string, at time.Time) {
		l.add(&aclLogEntry{reason: aclDeniedCmd, context: aclContextTop, object: object, username: user, at: at,
			client: "line " + object})
	}
	add("get", "u", t0)
	add("set", "u", t0)
	add("get", "u", t0.Add(59*time.Second)) // grouped, moved first
	if len(l.entries) != 2 || l.entries[0].object != "get" || l.entries[0].count != 2 || l.entries[1].count != 1 {
		t.Fatalf("after a repeat: %+v", l.entries)
	}
	add("get", "v", t0)                    // another user: a new entry
	add("get", "u", t0.Add(3*time.Minute)) // too late: a new entry, the oldest goes
	if len(l.entries) != 3 || l.entries[0].count != 1 || l.entries[1].username != "v" || l.entries[2].count != 2 {
		t.Fatalf("after late repeat: %+v", l.entries)
	}
	l.reset()
	if len(l.entries) != 0 {
		t.Fatal("reset kept entries")
	}
}

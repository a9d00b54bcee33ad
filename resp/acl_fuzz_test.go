package resp

import (
	"strings"
	"testing"
)

// FuzzACLRules feeds ACL SETUSER arguments (the input split on spaces) to
// the rule parser. It must never panic; when the rules apply, their
// description must apply to a new user and give the same permissions, and
// the permission check must answer for a few commands.
func FuzzACLRules(f *testing.F) {
	for _, seed := range []string{
		"on >pw ~analytics:* +get +mget",
		"reset nopass allkeys allchannels allcommands -@dangerous +config|get",
		"%R~r* %W~w* %RW~rw ~* resetkeys &c* resetchannels",
		"(~a +get) (&x %W~b -@all +@write) clearselectors",
		"+select|0 +select|1 -select +select|x",
		"#0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef !0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"(~\"a b\") ( ) (~x",
		"+@all -@string +get -config|set +client|kill",
		"sanitize-payload skip-sanitize-payload off on <pw",
	} {
		f.Add(seed)
	}
	x := mustIndex(f)
	probes := [][][]byte{argv("get k"), argv("set k v get"), argv("config get maxmemory"), argv("select 0"),
		argv("mget a b c"), argv("ping"), argv("copy a b"), argv("acl whoami")}
	f.Fuzz(func(t *testing.T, in string) {
		var args [][]byte
		for _, w := range strings.Split(in, " ") {
			args = append(args, []byte(w))
		}
		rules, unmatched := mergeSelectorArgs(args)
		if unmatched >= 0 {
			return
		}
		p := newUserPerms(x)
		for _, op := range rules {
			if p.apply(op, x) != nil {
				return
			}
		}
		for _, a := range probes {
			cmd := lookupArgs(t, x, a)
			p.check(x, cmd, a)
		}
		if !roundTrippable(p) {
			return
		}
		checkRoundTrip(t, x, p, "rules "+in)
	})
}

// roundTrippable reports whether p's description can be read back as
// rules. Redis's own form cannot carry a pattern or first argument that
// would be re-split or would close a selector early (quotes, parentheses,
// backslashes, white space), nor patterns after a read-write "*"; such
// users are only checked not to crash.
func roundTrippable(p *userPerms) bool {
	bad := func(s string) bool { return strings.ContainsAny(s, "\"'()\\") }
	for _, s := range p.selectors {
		for _, k := range s.keys {
			// A read-write "*" pattern (from %RW~*) shows as ~*, which reads
			// back as allkeys: in Redis too, a pattern after it then fails.
			if bad(k.pattern) || k.pattern == "*" && k.perm == permAll && len(s.keys) > 1 {
				return false
			}
		}
		for _, c := range s.channels {
			if bad(c) {
				return false
			}
		}
		for _, args := range s.firstArgs {
			for _, a := range args {
				if bad(a) || hasSpaces(a) || strings.Contains(a, "|") {
					return false
				}
			}
		}
	}
	return true
}

// FuzzACLFile feeds an ACL file to its parser. It must never panic; a file
// it accepts must save to a file that loads to the same users.
func FuzzACLFile(f *testing.F) {
	for _, seed := range []string{
		"user default on nopass ~* &* +@all\nuser alice on >pw ~a* +get\n",
		"user bob on #2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 resetchannels +@all (~y resetchannels -@all +set)\n",
		"usr x\n\n  user y on  \r\nuser y off\nuser z (~x\n",
		"user a +nosuch +nosuch2 foo\n",
	} {
		f.Add(seed)
	}
	x := mustIndex(f)
	f.Fuzz(func(t *testing.T, content string) {
		a := newACLState(x)
		loaded, err := a.parseACLText("users.acl", content)
		if err != nil {
			return
		}
		a.replaceUsers(loaded)
		for _, u := range a.sorted() {
			if !roundTrippable(u.perms.Load()) {
				return
			}
		}
		saved := a.aclText()
		again, err := a.parseACLText("users.acl", saved)
		if err != nil {
			t.Fatalf("saved file does not load: %v\n%s", err, saved)
		}
		b := newACLState(x)
		b.replaceUsers(again)
		if resaved := b.aclText(); resaved != saved {
			t.Fatalf("users changed through SAVE and LOAD:\nbefore %s\nafter  %s", saved, resaved)
		}
	})
}

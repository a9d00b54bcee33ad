package resp

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Ensure that rules give the permissions ACL LIST then shows, rule string
// normalised as Redis 7.0 does it (the cases whose order Redis leaves to
// its hash table are compared with Redis by the e2e tests where the order
// is fixed; here the order is tierdb's, by command name).
func TestACLRules_Describe(t *testing.T) {
	const hashP = "148de9c5a7a44d19e56cd9ae1a554bf67847afb0c58f6e12fa29ac7ddfca9940" // sha256("p")
	x := mustIndex(t)
	for _, test := range []struct{ rules, want string }{
		{"", "off resetchannels -@all"},
		{"on >p ~* &* +@all", "on #" + hashP + " ~* &* +@all"},
		{">p >p #" + hashP + " nopass", "off nopass resetchannels -@all"},
		{"nopass >p", "off #" + hashP + " resetchannels -@all"},
		{">p <p", "off resetchannels -@all"},
		{"reset", "off sanitize-payload resetchannels -@all"},
		{"skip-sanitize-payload sanitize-payload skip-sanitize-payload", "off skip-sanitize-payload resetchannels -@all"},
		{"+get +set", "off resetchannels -@all +get +set"},
		{"+@all -set -get", "off resetchannels +@all -get -set"},
		{"+config|get +config|set -config", "off resetchannels -@all"},
		{"+config -config|get", "off resetchannels -@all +config -config|get"},
		{"+config|get +config|set", "off resetchannels -@all +config|get +config|set"},
		{"+select|0 +select|1 +select|0 +SELECT|Ab", "off resetchannels -@all +select|0 +select|1 +select|Ab"},
		{"+select|0 -select", "off resetchannels -@all"},
		{"+select|0 +@all -select", "off resetchannels +@all -select"},
		{"+@all -select +select|0", "off resetchannels +@all -select +select|0"},
		{"+@all +select|0", "off resetchannels +@all"},
		{"+select +select|0", "off resetchannels -@all +select"},
		{"+@string", "off resetchannels -@all +@string"},
		{"+@all -@string", "off resetchannels +@all -@string"},
		{"+@string -get", "off resetchannels -@all +@string -get"},
		{"allcommands -get nocommands +get", "off resetchannels -@all +get"},
		{"~a %R~b %W~c %RW~d %R~a %W~b ~*", "off ~* resetchannels -@all"},
		{"~a %R~b %W~c %RW~d %R~a %W~b", "off ~a ~b %W~c ~d resetchannels -@all"},
		{"%R~* ~x", "off %R~* ~x resetchannels -@all"},
		{"%R %W~", "off ~ resetchannels -@all"},
		{"&a &b &a", "off resetchannels &a &b -@all"},
		{"&a allchannels", "off &* -@all"},
		{"allkeys resetkeys ~k allchannels resetchannels", "off ~k resetchannels -@all"},
		{"(~a +get) (&c) ()", "off resetchannels -@all (~a resetchannels -@all +get) (resetchannels &c -@all) (resetchannels -@all)"},
		{"(~a +get) clearselectors (~b +@all)", "off resetchannels -@all (~b resetchannels +@all)"},
		{"on ~k +get (~a +set) reset", "off sanitize-payload resetchannels -@all"},
		{"(~a +get", ""},
	} {
		p, err := userFrom(x, test.rules)
		if test.want == "" {
			if err == nil {
				t.Errorf("%q: no error, want one", test.rules)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", test.rules, err)
			continue
		}
		if got := p.describe(x); got != test.want {
			t.Errorf("%q:\ngot  %q\nwant %q", test.rules, got, test.want)
		}
	}
}

// Ensure that each refused rule gets Redis's error and that the modifier
// named is the one refused.
func TestACLRules_Errors(t *testing.T) {
	x := mustIndex(t)
	for _, test := range []struct {
		rules string
		op    string
		want  error
	}{
		{"foo", "foo", errRuleSyntax},
		{"on +nosuch", "+nosuch", errRuleUnknown},
		{"+@nosuch", "+@nosuch", errRuleUnknown},
		{"+", "+", errRuleUnknown},
		{"-", "-", errRuleUnknown},
		{"+@", "+@", errRuleUnknown},
		{"%", "%", errRuleSyntax},
		{"%~a", "%~a", errRuleSyntax},
		{"%RR~a", "%RR~a", errRuleSyntax},
		{"%RX~a", "%RX~a", errRuleSyntax},
		{"allkeys ~a", "~a", errRuleKeyAfterAll},
		{"~* %R~a", "%R~a", errRuleKeyAfterAll},
		{"allchannels &a", "&a", errRuleChannelAfterAll},
		{"<p", "<p", errRuleNoSuchPassword},
		{"!" + strings.Repeat("a", 64), "!" + strings.Repeat("a", 64), errRuleNoSuchPassword},
		{"#" + strings.Repeat("A", 64), "#" + strings.Repeat("A", 64), errRuleBadHash},
		{"#" + strings.Repeat("a", 63), "#" + strings.Repeat("a", 63), errRuleBadHash},
		{"#" + strings.Repeat("g", 64), "#" + strings.Repeat("g", 64), errRuleBadHash},
		{"+config|get|x", "+config|get|x", errRuleFirstArgOfSub},
		{"+get|", "+get|", errRuleSyntax},
		{"+config|", "+config|", errRuleSyntax},
		{"+config|nosuch", "+config|nosuch", errRuleUnknown},
		{"-select|0", "-select|0", errRuleUnknown},
		{"-config|get|x", "-config|get|x", errRuleUnknown},
		{"(on)", "(on)", errRuleSyntax},
		{"(clearselectors)", "(clearselectors)", errRuleSyntax},
		{"(allkeys ~x)", "(allkeys ~x)", errRuleKeyAfterAll},
		{")", ")", errRuleSyntax},
	} {
		_, err := userFrom(x, test.rules)
		var se *setUserError
		if !errors.As(err, &se) || se.op != test.op || se.err != test.want {
			t.Errorf("%q: got %v, want modifier %q: %v", test.rules, err, test.op, test.want)
		}
	}
}

// Ensure that selectors spread over several arguments are joined as Redis
// joins them, and that the first argument of an unclosed one is reported.
func TestACL_MergeSelectorArgs(t *testing.T) {
	for _, test := range []struct {
		in        []string
		want      []string
		unmatched int
	}{
		{[]string{"on", "(~a", "+get)", "off"}, []string{"on", "(~a +get)", "off"}, -1},
		{[]string{"(~a", "", "~b)"}, []string{"(~a  ~b)"}, -1},
		{[]string{"(~x", "(~y)"}, []string{"(~x (~y)"}, -1},
		{[]string{"()", "(", ")"}, []string{"()", "( )"}, -1},
		{[]string{"on", "(~x", "(~y"}, nil, 2},
		{[]string{"("}, nil, 0},
		{[]string{")", ""}, []string{")", ""}, -1},
	} {
		var args [][]byte
		for _, a := range test.in {
			args = append(args, []byte(a))
		}
		got, unmatched := mergeSelectorArgs(args)
		if !slices.Equal(got, test.want) || unmatched != test.unmatched {
			t.Errorf("%q: got %q, %d; want %q, %d", test.in, got, unmatched, test.want, test.unmatched)
		}
	}
}

// ruleAtoms are the pieces the random rule sets below are made of.
var ruleAtoms = []string{
	"on", "off", "nopass", "resetpass", ">p", ">q", "<p", "#" + strings.Repeat("ab", 32), "reset",
	"sanitize-payload", "skip-sanitize-payload", "allkeys", "resetkeys", "~a*", "%R~b*", "%W~c", "%RW~d",
	"~a*", "%R~", "allchannels", "resetchannels", "&ch", "&x*", "allcommands", "nocommands", "+@all",
	"-@all", "+get", "-get", "+set", "+config", "-config", "+config|get", "-config|set", "+acl|whoami",
	"+select|0", "+select|1", "-select", "+@string", "-@string", "+@read", "-@write", "+@admin", "-@slow",
	"+@fast", "-@keyspace", "+@connection", "-@dangerous", "+client", "-client|kill", "(~s +get)",
	"(%R~r* +@read -get)", "(&c +@all)", "()", "clearselectors", "+debug|x", "+nosuch", "~x",
}

// Ensure that a user's description, applied to a new user, gives exactly
// the same permissions and the same description: ACL LIST, ACL SAVE and
// ACL LOAD lose nothing (Redis checks this on every description).
func TestACLRules_DescribeRoundTrip(t *testing.T) {
	x := mustIndex(t)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		n := 1 + r.IntN(12)
		rules := make([]string, n)
		for j := range rules {
			rules[j] = ruleAtoms[r.IntN(len(ruleAtoms))]
		}
		p, err := userFrom(x, strings.Join(rules, " "))
		if err != nil {
			continue // an unknown command: nothing to describe
		}
		checkRoundTrip(t, x, p, fmt.Sprintf("case %d %q", i, rules))
	}
}

// checkRoundTrip fails unless p's description re-applied gives p again.
func checkRoundTrip(t testing.TB, x *cmdIndex, p *userPerms, what string) {
	t.Helper()
	desc := p.describe(x)
	q, err := userFrom(x, desc)
	if err != nil {
		t.Fatalf("%s: description %q does not apply: %v", what, desc, err)
	}
	if again := q.describe(x); again != desc {
		t.Fatalf("%s: described %q, re-applied %q", what, desc, again)
	}
	if len(p.selectors) != len(q.selectors) {
		t.Fatalf("%s: %d selectors, re-applied %d", what, len(p.selectors), len(q.selectors))
	}
	for i, s := range p.selectors {
		if !s.cmds.equal(q.selectors[i].cmds) {
			t.Fatalf("%s: selector %d: commands differ after re-applying %q", what, i, desc)
		}
	}
}

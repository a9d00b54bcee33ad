package configs

import (
	"reflect"
	"strings"
	"testing"
)

// matchCases are CONFIG GET calls with what we answer. The names (and their
// order where Redis's is fixed) were checked on redis-server 7.0.15 with the
// redis-cli command in the comment; Redis orders glob matches by hash, we
// sort them.
var matchCases = []struct {
	patterns []string
	want     []string
}{
	// redis-cli CONFIG GET maxmemory
	{[]string{"maxmemory"}, []string{"maxmemory", "0"}},
	// redis-cli CONFIG GET MAXMEMORY maxmemory -> answered once, under the name as given
	{[]string{"MAXMEMORY", "maxmemory"}, []string{"MAXMEMORY", "0"}},
	// redis-cli CONFIG GET port PORT Port
	{[]string{"port", "PORT", "Port"}, []string{"port", "6379"}},
	// redis-cli CONFIG GET Hash-Max-Ziplist-Entries
	{[]string{"Hash-Max-Ziplist-Entries"}, []string{"Hash-Max-Ziplist-Entries", "512"}},
	// redis-cli CONFIG GET lua-time-limit
	{[]string{"lua-time-limit"}, []string{"lua-time-limit", "5000"}},
	// redis-cli CONFIG GET hash-max-* -> names and aliases alike
	{[]string{"hash-max-*"}, []string{
		"hash-max-listpack-entries", "512", "hash-max-listpack-value", "64",
		"hash-max-ziplist-entries", "512", "hash-max-ziplist-value", "64"}},
	// redis-cli CONFIG GET HASH-MAX-*
	{[]string{"HASH-MAX-*"}, []string{
		"hash-max-listpack-entries", "512", "hash-max-listpack-value", "64",
		"hash-max-ziplist-entries", "512", "hash-max-ziplist-value", "64"}},
	// redis-cli CONFIG GET *ziplist*
	{[]string{"*ziplist*"}, []string{
		"hash-max-ziplist-entries", "512", "hash-max-ziplist-value", "64",
		"list-max-ziplist-size", "-2",
		"zset-max-ziplist-entries", "128", "zset-max-ziplist-value", "64"}},
	// redis-cli CONFIG GET hash-max-ziplist-entries hash-max-listpack-entries -> both names
	{[]string{"hash-max-ziplist-entries", "hash-max-listpack-entries"}, []string{
		"hash-max-ziplist-entries", "512", "hash-max-listpack-entries", "512"}},
	// redis-cli CONFIG GET maxmemory* maxmemory (Redis also has maxmemory-clients)
	{[]string{"maxmemory*", "maxmemory"}, []string{
		"maxmemory", "0", "maxmemory-eviction-tenacity", "10", "maxmemory-policy", "noeviction", "maxmemory-samples", "5"}},
	// redis-cli CONFIG GET maxmemory maxmemory*
	{[]string{"maxmemory", "maxmemory*"}, []string{
		"maxmemory", "0", "maxmemory-eviction-tenacity", "10", "maxmemory-policy", "noeviction", "maxmemory-samples", "5"}},
	// redis-cli CONFIG GET Port port* -> the exact name counts, case aside
	{[]string{"Port", "port*"}, []string{"Port", "6379"}},
	// redis-cli CONFIG GET [pq]ort
	{[]string{"[pq]ort"}, []string{"port", "6379"}},
	// redis-cli CONFIG GET p?rt
	{[]string{"p?rt"}, []string{"port", "6379"}},
	// redis-cli CONFIG GET p[^a]rt
	{[]string{"p[^a]rt"}, []string{"port", "6379"}},
	// redis-cli CONFIG GET [c-a]ind -> a reversed range still matches
	{[]string{"[c-a]ind"}, []string{"bind", "127.0.0.1"}},
	// redis-cli CONFIG GET save
	{[]string{"save"}, []string{"save", "3600 1 300 100 60 10000"}},
	// redis-cli CONFIG GET client-output-buffer-limit
	{[]string{"client-output-buffer-limit"}, []string{"client-output-buffer-limit",
		"normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"}},
	// redis-cli CONFIG GET proto-max-bulk-len
	{[]string{"proto-max-bulk-len"}, []string{"proto-max-bulk-len", "536870912"}},
	// redis-cli CONFIG GET 'po\rt' -> no glob characters, so no such name
	{[]string{`po\rt`}, nil},
	// redis-cli CONFIG GET 'port\'
	{[]string{`port\`}, nil},
	// redis-cli CONFIG GET nosuch
	{[]string{"nosuch"}, nil},
	// redis-cli CONFIG GET 'p\*rt'
	{[]string{`p\*rt`}, nil},
}

// Ensure that CONFIG GET matches names, aliases and globs as Redis 7 does.
func TestMatch(t *testing.T) {
	c := Default()
	for _, test := range matchCases {
		got := c.Match(test.patterns...)
		if !reflect.DeepEqual(got, test.want) {
			t.Errorf("Match(%q):\ngot  %q\nwant %q", test.patterns, got, test.want)
		}
	}
	if got := len(c.Match("*")); got != 2*len(entries) {
		t.Errorf("Match(*) has %d names, want %d", got/2, len(entries))
	}
	if got := c.Match(); got != nil {
		t.Errorf("Match() = %q, want nothing", got)
	}
}

// redisDefaultsDiffer are the parameters whose values differ between our
// defaults and the test's redis-server (deliberately, or because of how the
// test starts it).
var redisDefaultsDiffer = map[string]bool{
	"port": true, "bind": true, "dir": true, "appendonly": true, "save": true,
}

// Ensure, on a live redis-server, that CONFIG GET names the same
// parameters (among those we have) with the same values.
func TestMatch_MatchesRedisServer(t *testing.T) {
	r := startRedis(t)
	c := Default()
	for _, test := range matchCases {
		reply, _ := r.do(t, append([]string{"CONFIG", "GET"}, test.patterns...)...)
		theirs := map[string]string{}
		for i := 0; i+1 < len(reply); i += 2 {
			if lookup(reply[i]) != nil {
				theirs[reply[i]] = reply[i+1]
			}
		}
		got := c.Match(test.patterns...)
		ours := map[string]string{}
		for i := 0; i+1 < len(got); i += 2 {
			ours[got[i]] = got[i+1]
		}
		for k := range theirs {
			if redisDefaultsDiffer[lookup(k).p.name] {
				theirs[k] = ours[k]
			}
		}
		if !reflect.DeepEqual(ours, theirs) {
			t.Errorf("CONFIG GET %q:\nours  %q\nRedis %q", test.patterns, ours, theirs)
		}
	}
	// Every parameter of Redis's we have: same default value, unless listed.
	reply, _ := r.do(t, "CONFIG", "GET", "*")
	for i := 0; i+1 < len(reply); i += 2 {
		if lookup(reply[i]) == nil || redisDefaultsDiffer[reply[i]] {
			continue
		}
		if got, _ := c.Get(reply[i]); got != reply[i+1] {
			t.Errorf("default of %s is %q, Redis's is %q", reply[i], got, reply[i+1])
		}
	}
}

// Ensure that globMatch follows Redis's stringmatchlen, quirks included.
func TestGlobMatch(t *testing.T) {
	for _, test := range []struct {
		pattern, s string
		nocase     bool
		want       bool
	}{
		{"*", "anything", false, true},
		{"*", "", false, false}, // as in Redis: the loop never runs
		{"a*b", "axxb", false, true},
		{"a*b", "axxc", false, false},
		{"a**b", "ab", false, true},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"[abc]", "b", false, true},
		{"[^abc]", "b", false, false},
		{"[^abc]", "d", false, true},
		{"[a-c]x", "bx", false, true},
		{"[c-a]x", "bx", false, true},
		{"[A-C]", "b", true, true},
		{"[A-C]", "b", false, false},
		{`a\*b`, "a*b", false, true},
		{`a\*b`, "axb", false, false},
		{`[\]]`, "]", false, true},
		{`[\A]`, "a", true, false}, // an escape in brackets compares exactly
		{"[", "[", false, false},   // an unclosed bracket with nothing in it
		{"[a", "a", false, true},   // an unclosed bracket still matches its set
		{"MAXMEMORY", "maxmemory", true, true},
		{"MAXMEMORY", "maxmemory", false, false},
		{"*a*a*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 60), false, false},
	} {
		if got := globMatch(test.pattern, test.s, test.nocase); got != test.want {
			t.Errorf("globMatch(%q, %q, %v) = %v, want %v", test.pattern, test.s, test.nocase, got, test.want)
		}
	}
}

func FuzzGlobMatch(f *testing.F) {
	f.Add("h*-[a-z]?", "hash-max-ziplist-entries")
	f.Add(`[\`, "x")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		globMatch(pattern, s, true) // must not panic
	})
}

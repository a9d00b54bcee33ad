package e2e

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tierdb/tierdb/test/testserver"
)

// Differential tests of the set commands: the same commands go to tierdb
// and to a real redis-server, in RESP2 and RESP3, through the restartable
// pair of the hash tests (hashPair), and the replies must be the same
// bytes. Replies whose order Redis does not define (SMEMBERS, SINTER,
// SUNION, SDIFF, SSCAN) are compared sorted; random picks (SPOP,
// SRANDMEMBER) by shape and membership, each server against its own set.

// setDiffLimits is the intset limit both servers run with in the random
// test: small, so that sets change encoding along the way.
var setDiffLimits = map[string]string{"set-max-intset-entries": "8"}

// setMembersOf reads a whole set from one server, sorted.
func setMembersOf(t *testing.T, c *testserver.RawConn, key string) []string {
	t.Helper()
	raw, err := c.Do("SMEMBERS", key)
	if err != nil {
		t.Fatal(err)
	}
	m := memberItems(t, raw)
	slices.Sort(m)
	return m
}

// memberItems returns the strings of a reply of members: an array or a
// RESP3 set of them, or one; none for an error.
func memberItems(t *testing.T, raw string) []string {
	t.Helper()
	n, err := parseReplyTree(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	switch n.kind {
	case '-':
		return nil
	case '*', '~':
	default:
		return []string{n.str}
	}
	out := make([]string, len(n.items))
	for i, it := range n.items {
		out[i] = it.str
	}
	return out
}

// checkPicks checks a random reply of one server (SPOP or SRANDMEMBER
// with a count, or one member) against that server's members before the
// command: want members, distinct ones when distinct, all from before.
func checkPicks(t *testing.T, who, raw string, before []string, want int, distinct bool) []string {
	t.Helper()
	if strings.HasPrefix(raw, "$-1") || strings.HasPrefix(raw, "_") {
		if want != 0 {
			t.Errorf("%s: nil reply, want %d members", who, want)
		}
		return nil
	}
	picks := memberItems(t, raw)
	if len(picks) != want {
		t.Errorf("%s: %d members, want %d: %.200q", who, len(picks), want, raw)
	}
	if distinct && len(uniqueStrings(picks)) != len(picks) {
		t.Errorf("%s: a member came twice: %.200q", who, raw)
	}
	for _, m := range picks {
		if _, ok := slices.BinarySearch(before, m); !ok {
			t.Errorf("%s: %q is not a member", who, m)
		}
	}
	return picks
}

// randomPick sends SRANDMEMBER or SPOP (args) to both servers. Errors and
// replies with one possible answer must be the same bytes; others are
// checked against each server's own set. After an SPOP that took
// different members, Redis's set is made equal to tierdb's again.
func (p *hashPair) randomPick(t *testing.T, args ...string) {
	t.Helper()
	key := args[1]
	tb, rb := setMembersOf(t, p.tier, key), setMembersOf(t, p.redis, key)
	tier, redis := p.do(t, args...)
	if tier == redis {
		return
	}
	if strings.HasPrefix(tier, "-") || strings.HasPrefix(redis, "-") || !slices.Equal(tb, rb) {
		t.Errorf("RESP%d %s:\ntierdb: %q\nredis:  %q", p.proto, quoteArgs(args), tier, redis)
		return
	}
	want, distinct := 1, true
	if len(args) == 3 {
		n, _ := strconv.Atoi(args[2])
		want, distinct = min(n, len(tb)), true
		if n < 0 {
			want, distinct = -n, false
		}
	}
	if len(tb) == 0 {
		want = 0
	}
	tp := checkPicks(t, "tierdb "+quoteArgs(args), tier, tb, want, distinct)
	rp := checkPicks(t, "redis "+quoteArgs(args), redis, rb, want, distinct)
	if !strings.EqualFold(args[0], "SPOP") {
		return
	}
	// Resync: Redis gives back what it took and takes what tierdb took.
	if back := without(rp, tp...); len(back) > 0 {
		p.redis.Do(append([]string{"SADD", key}, back...)...)
	}
	if take := without(tp, rp...); len(take) > 0 {
		p.redis.Do(append([]string{"SREM", key}, take...)...)
	}
	if a, b := setMembersOf(t, p.tier, key), setMembersOf(t, p.redis, key); !slices.Equal(a, b) {
		t.Errorf("after %s: the sets differ: tierdb %d members, redis %d", quoteArgs(args), len(a), len(b))
	}
}

// sscanIntset checks that SSCAN of the intset key gives the whole set in
// one call, with cursor 0, whatever the cursor and COUNT, on both servers.
func (p *hashPair) sscanIntset(t *testing.T, key string) {
	t.Helper()
	want := setMembersOf(t, p.redis, key)
	for _, srv := range []*testserver.RawConn{p.tier, p.redis} {
		raw, err := srv.Do("SSCAN", key, "12345", "COUNT", "1")
		if err != nil {
			t.Fatal(err)
		}
		n, err := parseReplyTree(raw)
		if err != nil || n.kind != '*' || len(n.items) != 2 || n.items[0].str != "0" {
			t.Fatalf("SSCAN %s: %q (%v)", key, raw, err)
		}
		var got []string
		for _, it := range n.items[1].items {
			got = append(got, it.str)
		}
		if slices.Sort(got); !slices.Equal(got, want) {
			t.Errorf("SSCAN %s: %q, want %q", key, got, want)
		}
	}
}

// Ensure that every set command, its errors and its arity, replies as
// Redis 7.0 does, hot and after a restart.
func TestSetDiff_Commands(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, proto int) {
		p := startHashPair(t, proto, nil)
		p.sameSteps(t, [][]string{
			{"SADD", "s", "a", "b", "c"}, {"SADD", "s", "a", "d"}, {"SADD", "i", "1", "2", "3", "-5"},
			{"SADD", "t", "b", "c", "x", "1"}, {"SET", "str", "v"},
			{"SADD", "bin", "\x00\r\n", "", "\xff"}, {"SADD", "one", "only"},
		})
		p.hotThenCold(t, func(t *testing.T) {
			p.setSameScript(t)
			p.setUnorderedScript(t)
		})
	})
}

// setSameScript is the part of TestSetDiff_Commands compared byte for
// byte. It leaves the keys of the setup as they were.
func (p *hashPair) setSameScript(t *testing.T) {
	t.Helper()
	p.sameSteps(t, [][]string{
		// Reads.
		{"SISMEMBER", "s", "a"}, {"SISMEMBER", "s", "z"}, {"SISMEMBER", "nokey", "a"}, {"SISMEMBER", "str", "a"},
		{"SISMEMBER", "bin", "\x00\r\n"}, {"SISMEMBER", "bin", ""}, {"SISMEMBER", "i", "-5"}, {"SISMEMBER", "i", "+1"},
		{"SMISMEMBER", "s", "a", "z", "a"}, {"SMISMEMBER", "nokey", "a", "b"}, {"SMISMEMBER", "str", "a"},
		{"SCARD", "s"}, {"SCARD", "nokey"}, {"SCARD", "str"}, {"SCARD", "bin"},
		{"SMEMBERS", "nokey"}, {"SMEMBERS", "str"}, {"SMEMBERS", "one"},
		{"TYPE", "s"}, {"OBJECT", "ENCODING", "s"}, {"OBJECT", "ENCODING", "i"}, {"OBJECT", "ENCODING", "bin"},
		// The other types' commands refuse a set.
		{"GET", "s"}, {"APPEND", "s", "x"}, {"HGET", "s", "a"}, {"HSET", "s", "a", "b"}, {"STRLEN", "i"},
		// Writes on scratch keys.
		{"SADD", "w", "a"}, {"SADD", "w", "a", "b", "b", "c"}, {"SREM", "w", "nosuch"}, {"SREM", "w", "a", "a", "z"},
		{"SCARD", "w"}, {"SREM", "w", "b", "c"}, {"EXISTS", "w"}, {"SREM", "nokey", "x"},
		{"SADD", "w", "1"}, {"SMOVE", "w", "w2", "1"}, {"EXISTS", "w"}, {"SMEMBERS", "w2"}, {"OBJECT", "ENCODING", "w2"},
		{"SMOVE", "w2", "w2", "1"}, {"SMOVE", "w2", "w2", "2"}, {"SMOVE", "nokey", "str", "1"},
		{"SMOVE", "str", "w2", "1"}, {"SMOVE", "w2", "str", "1"}, {"SMOVE", "w2", "str", "nosuch"},
		{"SMOVE", "w2", "nokey2", "nosuch"}, {"EXISTS", "nokey2"}, {"SMOVE", "w2", "s", "1"}, {"SREM", "s", "1"},
		// The algebra, with counts and SINTERCARD.
		{"SINTERSTORE", "st", "s", "t"}, {"SCARD", "st"}, {"SINTERSTORE", "st", "s", "nokey"}, {"EXISTS", "st"},
		{"SUNIONSTORE", "st", "s", "t", "i"}, {"SCARD", "st"}, {"OBJECT", "ENCODING", "st"},
		{"SDIFFSTORE", "st", "s", "t"}, {"SCARD", "st"}, {"SDIFFSTORE", "st", "s", "s"}, {"EXISTS", "st"},
		{"SUNIONSTORE", "st", "i"}, {"OBJECT", "ENCODING", "st"}, {"SUNIONSTORE", "st", "nokey"}, {"EXISTS", "st"},
		{"SET", "st", "string"}, {"EXPIRE", "st", "100"}, {"SUNIONSTORE", "st", "one"}, {"TTL", "st"}, {"TYPE", "st"},
		{"SINTERSTORE", "st", "str"}, {"SINTERSTORE", "st", "nokey", "str"}, {"SUNIONSTORE", "st", "s", "str"},
		{"SDIFFSTORE", "st", "nokey", "str"}, {"SDIFFSTORE", "st", "s", "str"}, {"SMEMBERS", "st"}, {"DEL", "st"},
		{"SINTER", "s", "str"}, {"SINTER", "nokey", "str"}, {"SINTER", "str", "nokey"}, {"SUNION", "nokey", "str"},
		{"SDIFF", "nokey", "str"}, {"SDIFF", "s", "str"}, {"SINTER", "s", "nokey"}, {"SDIFF", "nokey", "s"},
		{"SINTER", "one", "one"}, {"SUNION", "one", "nokey"}, {"SDIFF", "one", "s"}, {"SDIFF", "s", "s", "t"},
		{"SINTERCARD", "2", "s", "t"}, {"SINTERCARD", "2", "s", "t", "LIMIT", "1"}, {"SINTERCARD", "1", "s", "LIMIT", "0"},
		{"SINTERCARD", "1", "s", "limit", "2", "LIMIT", "3"}, {"SINTERCARD", "2", "s", "nokey"},
		{"SINTERCARD", "2", "nokey", "str"}, {"SINTERCARD", "0", "s"}, {"SINTERCARD", "-1", "s"}, {"SINTERCARD", "x", "s"},
		{"SINTERCARD", "9223372036854775808", "s"}, {"SINTERCARD", "3", "s", "t"}, {"SINTERCARD", "2", "s", "t", "LIMIT"},
		{"SINTERCARD", "2", "s", "t", "LIMIT", "-1"}, {"SINTERCARD", "2", "s", "t", "LIMIT", "x"},
		{"SINTERCARD", "1", "s", "t"}, {"SINTERCARD", "1", "s", "FOO", "1"}, {"SINTERCARD", "1", "nokey", "str"},
		// SPOP and SRANDMEMBER answers that are not random.
		{"SPOP", "nokey"}, {"SPOP", "nokey", "3"}, {"SPOP", "s", "0"}, {"SPOP", "nokey", "0"}, {"SPOP", "s", "-1"},
		{"SPOP", "nokey", "-1"}, {"SPOP", "s", "x"}, {"SPOP", "str", "x"}, {"SPOP", "str", "0"}, {"SPOP", "str"},
		{"SPOP", "s", "1", "2"}, {"SPOP", "s", "9223372036854775808"}, {"SPOP", "s", "-9223372036854775808"},
		{"SRANDMEMBER", "nokey"}, {"SRANDMEMBER", "nokey", "5"}, {"SRANDMEMBER", "s", "0"}, {"SRANDMEMBER", "s", "x"},
		{"SRANDMEMBER", "nokey", "x"}, {"SRANDMEMBER", "s", "1", "2"}, {"SRANDMEMBER", "s", "x", "2"},
		{"SRANDMEMBER", "s", "-9223372036854775808"}, {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "1"},
		{"SRANDMEMBER", "str", "x"}, {"SRANDMEMBER", "one"}, {"SRANDMEMBER", "one", "-3"}, {"SRANDMEMBER", "one", "5"},
		{"SADD", "p1", "z"}, {"SPOP", "p1"}, {"EXISTS", "p1"}, {"SADD", "p1", "z"}, {"SPOP", "p1", "1"}, {"EXISTS", "p1"},
		// SSCAN errors and the answers of intsets.
		{"SSCAN", "nokey", "0"}, {"SSCAN", "nokey", "0", "COUNT", "0"}, {"SSCAN", "nokey", "abc"}, {"SSCAN", "s", "abc"},
		{"SSCAN", "str", "abc"}, {"SSCAN", "str", "0", "COUNT", "0"}, {"SSCAN", "s", "0", "COUNT", "0"},
		{"SSCAN", "s", "0", "COUNT", "-1"}, {"SSCAN", "s", "0", "COUNT", "x"}, {"SSCAN", "s", "0", "MATCH"},
		{"SSCAN", "s", "0", "FOO", "bar"}, {"SSCAN", "s", "0", "TYPE", "set"}, {"SSCAN", "s", "18446744073709551616"},
		{"SSCAN", "i", "0", "MATCH", "-*"}, {"SSCAN", "i", "777", "COUNT", "1", "MATCH", "1"}, {"SSCAN", "one", "0"},
		// Arity.
		{"SADD"}, {"SADD", "s"}, {"SREM", "s"}, {"SMEMBERS"}, {"SMEMBERS", "s", "x"}, {"SISMEMBER", "s"},
		{"SISMEMBER", "s", "a", "b"}, {"SMISMEMBER", "s"}, {"SCARD"}, {"SPOP"}, {"SRANDMEMBER"}, {"SMOVE", "s", "t"},
		{"SINTER"}, {"SINTERCARD", "1"}, {"SINTERSTORE", "d"}, {"SUNION"}, {"SUNIONSTORE", "d"}, {"SDIFF"},
		{"SDIFFSTORE", "d"}, {"SSCAN", "s"}, {"sadd", "s", "a"}, {"SiSmEmBeR", "s", "a"},
		// Key positions.
		{"COMMAND", "GETKEYS", "SINTERCARD", "2", "a", "b", "LIMIT", "1"}, {"COMMAND", "GETKEYS", "SMOVE", "a", "b", "m"},
		{"COMMAND", "GETKEYS", "SINTERSTORE", "d", "a", "b"}, {"COMMAND", "GETKEYS", "SDIFF", "a", "b", "c"},
		{"COMMAND", "GETKEYS", "SINTERCARD", "0", "a"}, {"COMMAND", "GETKEYS", "SINTERCARD", "3", "a"},
	})
}

// setUnorderedScript is the part of TestSetDiff_Commands whose replies
// Redis gives in no defined order, or at random.
func (p *hashPair) setUnorderedScript(t *testing.T) {
	t.Helper()
	for _, key := range []string{"s", "i", "t", "bin", "one"} {
		p.unordered(t, false, "SMEMBERS", key)
		p.scanBoth(t, "SSCAN", key, 1)
		p.scanBoth(t, "SSCAN", key, 1, "COUNT", "1", "MATCH", "*")
		p.scanBoth(t, "SSCAN", key, 1, "MATCH", "[a-c1]*", "COUNT", "2")
		p.randomPick(t, "SRANDMEMBER", key)
		for _, n := range []string{"1", "2", "3", "4", "5", "100", "-1", "-3", "-20"} {
			p.randomPick(t, "SRANDMEMBER", key, n)
		}
	}
	p.sscanIntset(t, "i")
	for _, cmd := range [][]string{
		{"SINTER", "s", "t"}, {"SINTER", "t", "s", "t"}, {"SINTER", "s"}, {"SUNION", "s", "t", "i", "bin"},
		{"SUNION", "nokey", "s"}, {"SDIFF", "s", "t"}, {"SDIFF", "t", "s", "nokey", "i"}, {"SDIFF", "i"},
	} {
		p.unordered(t, false, cmd...)
	}
	// SPOP on copies, so that the script leaves its keys alone.
	for _, n := range []string{"", "1", "2", "3", "9"} {
		p.same(t, "COPY", "s", "pop", "REPLACE")
		args := []string{"SPOP", "pop"}
		if n != "" {
			args = append(args, n)
		}
		p.randomPick(t, args...)
		p.unordered(t, false, "SMEMBERS", "pop")
	}
	p.same(t, "DEL", "pop")
}

// Ensure that OBJECT ENCODING follows Redis's intset rules: a member that
// is not an integer, or a set past set-max-intset-entries, makes a hash
// table for good, by any writing command; STORE commands, SMOVE into a new
// key, SPOP of most of a set and RESTORE decide from the content; COPY,
// RENAME and MOVE keep the encoding.
func TestSetDiff_Encoding(t *testing.T) {
	p := startHashPair(t, 2, nil)
	script := [][]string{
		{"CONFIG", "SET", "set-max-intset-entries", "3"},
		{"SADD", "i", "1", "2", "3"}, {"OBJECT", "ENCODING", "i"}, {"SADD", "i", "3"}, {"OBJECT", "ENCODING", "i"},
		{"SADD", "i", "4"}, {"OBJECT", "ENCODING", "i"}, {"SREM", "i", "4", "3"}, {"OBJECT", "ENCODING", "i"},
		{"SADD", "j", "1", "x"}, {"SREM", "j", "x"}, {"OBJECT", "ENCODING", "j"},
		{"SADD", "k", "x", "1"}, {"SREM", "k", "x"}, {"OBJECT", "ENCODING", "k"},
		{"SADD", "l", "1", "2", "3", "4"}, {"OBJECT", "ENCODING", "l"},
		{"SADD", "m", "01"}, {"OBJECT", "ENCODING", "m"}, {"SADD", "n", "-0"}, {"OBJECT", "ENCODING", "n"},
		{"SADD", "o", "9223372036854775807", "-9223372036854775808"}, {"OBJECT", "ENCODING", "o"},
		{"SADD", "q", "9223372036854775808"}, {"OBJECT", "ENCODING", "q"}, {"SADD", "r", " 1"}, {"OBJECT", "ENCODING", "r"},
		{"SADD", "r2", "1 "}, {"OBJECT", "ENCODING", "r2"}, {"SADD", "r3", "+1"}, {"OBJECT", "ENCODING", "r3"},
		{"SADD", "r4", "123456789012345678901"}, {"OBJECT", "ENCODING", "r4"},
		{"SUNIONSTORE", "u", "i", "j"}, {"OBJECT", "ENCODING", "u"},
		{"SADD", "x1", "1", "2"}, {"SADD", "x2", "2", "3"}, {"SUNIONSTORE", "u2", "x1", "x2"}, {"OBJECT", "ENCODING", "u2"},
		{"SADD", "x3", "4", "5"}, {"SUNIONSTORE", "u3", "x1", "x2", "x3"}, {"OBJECT", "ENCODING", "u3"},
		{"SINTERSTORE", "u4", "j", "l"}, {"OBJECT", "ENCODING", "u4"}, {"SDIFFSTORE", "u5", "l", "i"}, {"OBJECT", "ENCODING", "u5"},
		{"SMOVE", "l", "nd", "1"}, {"OBJECT", "ENCODING", "nd"}, {"SADD", "j2", "a", "b"}, {"SMOVE", "j2", "nd2", "a"},
		{"OBJECT", "ENCODING", "nd2"}, {"SMOVE", "j2", "nd", "b"}, {"OBJECT", "ENCODING", "nd"},
		{"SADD", "nd3", "7"}, {"SADD", "x4", "5", "6", "7"}, {"SMOVE", "x4", "nd3", "5"}, {"SMOVE", "x4", "nd3", "6"},
		{"OBJECT", "ENCODING", "nd3"}, {"SMOVE", "x4", "nd3", "7"}, {"OBJECT", "ENCODING", "nd3"},
		{"SADD", "all", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"},
		{"SCARD", "all"}, {"SADD", "one", "1", "2", "3", "4", "5"},
		{"COPY", "i", "icopy"}, {"OBJECT", "ENCODING", "icopy"}, {"RENAME", "icopy", "iren"}, {"OBJECT", "ENCODING", "iren"},
		{"SADD", "small", "1"}, {"COPY", "small", "scopy"}, {"OBJECT", "ENCODING", "scopy"},
		{"MOVE", "iren", "1"}, {"SELECT", "1"}, {"OBJECT", "ENCODING", "iren"}, {"SELECT", "0"},
		{"CONFIG", "SET", "set-max-intset-entries", "0"}, {"SADD", "z", "1"}, {"OBJECT", "ENCODING", "z"},
		{"CONFIG", "SET", "set-max-intset-entries", "3"}, {"OBJECT", "ENCODING", "nokey"},
	}
	p.sameSteps(t, script)
	// SPOP of the whole set deletes it.
	p.unordered(t, false, "SPOP", "all", "12")
	p.unordered(t, false, "SPOP", "one", "6")
	p.same(t, "EXISTS", "all", "one")
	// SPOP of most of a set of integers rebuilds it: an intset again, or a
	// hash table if what is left is over the limit. Of less, it keeps its
	// encoding. (With members that are not integers, the rebuilt set's
	// encoding would depend on which are left.)
	for _, c := range []struct {
		key, n string
		size   int
	}{{"p1", "11", 12}, {"p2", "8", 12}, {"p3", "20", 24}} {
		members := []string{"SADD", c.key}
		for i := 1; i <= c.size; i++ {
			members = append(members, strconv.Itoa(i))
		}
		p.same(t, members...)
		p.randomPick(t, "SPOP", c.key, c.n)
		p.same(t, "OBJECT", "ENCODING", c.key)
	}
	// RESTORE decides from the content, whatever the source's encoding.
	for _, c := range []string{"j", "i", "u3", "nd2"} {
		for _, srv := range []*testserver.RawConn{p.tier, p.redis} {
			dump, _ := srv.Do("DUMP", c)
			if reply, _ := srv.Do("RESTORE", "r-"+c, "0", replyItems(t, dump)[0]); reply != "+OK\r\n" {
				t.Fatalf("RESTORE %s: %q", c, reply)
			}
		}
		p.same(t, "OBJECT", "ENCODING", "r-"+c)
		p.unordered(t, false, "SMEMBERS", "r-"+c)
	}
	p.same(t, "CONFIG", "SET", "set-max-intset-entries", "1")
	for _, srv := range []*testserver.RawConn{p.tier, p.redis} {
		dump, _ := srv.Do("DUMP", "i")
		srv.Do("RESTORE", "r2", "0", replyItems(t, dump)[0])
	}
	p.same(t, "OBJECT", "ENCODING", "r2")
}

// Ensure that sets move, copy, rename, expire and are deleted as in Redis,
// with their members, hot and after a restart.
func TestSetDiff_KeySpace(t *testing.T) {
	p := startHashPair(t, 2, nil)
	for _, cold := range []bool{false, true} {
		p.sameSteps(t, [][]string{
			{"FLUSHALL"},
			{"SADD", "a", "m1", "m2"}, {"SADD", "b", "x"}, {"SET", "s", "v"},
			{"EXPIRE", "b", "1000"}, {"SADD", "c", "1", "2"},
		})
		if cold {
			p.restart(t)
		}
		p.sameSteps(t, [][]string{
			{"TTL", "b"}, {"TYPE", "a"}, {"EXISTS", "a", "b", "c"},
			{"RENAME", "a", "a2"}, {"SMEMBERS", "a"}, {"RENAMENX", "a2", "b"}, {"RENAME", "a2", "b"},
			{"TTL", "b"}, {"SCARD", "b"}, {"COPY", "b", "c"}, {"COPY", "b", "c", "REPLACE"}, {"SADD", "c", "m3"},
			{"SCARD", "b"}, {"SCARD", "c"}, {"MOVE", "c", "1"}, {"EXISTS", "c"}, {"SELECT", "1"}, {"SCARD", "c"},
			{"SISMEMBER", "c", "m3"}, {"COPY", "c", "c", "DB", "0"}, {"SELECT", "0"}, {"SISMEMBER", "c", "m3"},
			{"SET", "b", "overwritten"}, {"SISMEMBER", "b", "m1"}, {"GET", "b"}, {"RENAME", "s", "c"},
			{"SISMEMBER", "c", "m1"}, {"SADD", "d", "f"}, {"PEXPIRE", "d", "1"}, {"SLEEP"}, {"SISMEMBER", "d", "f"},
			{"EXISTS", "d"}, {"SADD", "e", "f"}, {"EXPIRE", "e", "100"}, {"SREM", "e", "f"}, {"TTL", "e"},
			{"SADD", "e", "g"}, {"TTL", "e"}, {"DEL", "e", "e"}, {"SISMEMBER", "e", "g"}, {"UNLINK", "c"}, {"DBSIZE"},
			{"SCAN", "0", "TYPE", "set", "COUNT", "100"}, {"SWAPDB", "0", "1"}, {"SCARD", "c"},
		})
	}
}

// sameSteps sends each command of script to both servers and compares
// the replies byte for byte; the pseudo-command SLEEP waits 20 ms instead,
// so that short TTLs run out.
func (p *hashPair) sameSteps(t *testing.T, script [][]string) {
	t.Helper()
	for _, cmd := range script {
		if cmd[0] == "SLEEP" {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		p.same(t, cmd...)
	}
}

// Ensure that a seeded random sequence of set commands over a few keys
// (one with more members than tierdb keeps in memory, and one string)
// gives Redis's replies throughout, with tierdb restarted from time to
// time so that the sets are read from disk, in both protocols.
func TestSetDiff_Random(t *testing.T) {
	big := []string{"SADD", "big"}
	for i := range 4200 {
		big = append(big, "member:"+strconv.Itoa(i))
	}
	setup := [][]string{{"SET", "str", "string"}, big}
	randomDiff{kind: "set", limits: setDiffLimits, setup: setup, ops: 2500, restartEvery: 700,
		step: func(t *testing.T, r *rand.Rand, p *hashPair) { setOpGen{r: r}.step(t, p) },
		end: func(t *testing.T, p *hashPair) {
			for _, key := range append(setOpGen{}.keys(), "big") {
				p.unordered(t, false, "SMEMBERS", key)
				p.same(t, "OBJECT", "ENCODING", key)
			}
		}}.run(t)
}

// setOpGen makes random set commands over a few small keys, a big set and
// a string.
type setOpGen struct{ r *rand.Rand }

func (g setOpGen) keys() []string { return []string{"s0", "s1", "s2", "s3"} }

func (g setOpGen) key() string { return pickDiffKey(g.r, "str", g.keys()) }

func (g setOpGen) member() string {
	switch n := g.r.IntN(30); {
	case n < 12:
		return strconv.Itoa(n - 3) // integers: intsets
	case n == 12:
		return ""
	case n == 13:
		return "member:" + strconv.Itoa(g.r.IntN(4300))
	case n == 14:
		return "\x00\r\n"
	default:
		return fmt.Sprintf("m%d", n%10)
	}
}

func (g setOpGen) members(most int) []string {
	out := make([]string, 1+g.r.IntN(most))
	for i := range out {
		out[i] = g.member()
	}
	return out
}

// sources is a few keys for the algebra, the big set rarely.
func (g setOpGen) sources() []string {
	out := make([]string, 1+g.r.IntN(3))
	for i := range out {
		out[i] = g.key()
		if out[i] == "big" && g.r.IntN(2) == 0 {
			out[i] = g.keys()[0]
		}
	}
	return out
}

// step sends one random command to both servers and compares the replies.
func (g setOpGen) step(t *testing.T, p *hashPair) {
	t.Helper()
	key := g.key()
	small := key != "big"
	switch g.r.IntN(18) {
	case 0, 1, 2:
		p.same(t, append([]string{"SADD", key}, g.members(4)...)...)
	case 3, 4:
		p.same(t, append([]string{"SREM", key}, g.members(3)...)...)
	case 5:
		p.same(t, "SISMEMBER", key, g.member())
	case 6:
		p.same(t, append([]string{"SMISMEMBER", key}, g.members(4)...)...)
	case 7:
		p.same(t, "SCARD", key)
	case 8:
		if small {
			p.unordered(t, false, "SMEMBERS", key)
		}
		p.same(t, "OBJECT", "ENCODING", key)
	case 9:
		p.same(t, "SMOVE", key, g.key(), g.member())
	case 10:
		op := []string{"SINTER", "SUNION", "SDIFF"}[g.r.IntN(3)]
		srcs := g.sources()
		if op == "SUNION" && slices.Contains(srcs, "big") {
			op = "SINTER"
		}
		p.unordered(t, false, append([]string{op}, srcs...)...)
	case 11:
		op := []string{"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"}[g.r.IntN(3)]
		dst := g.keys()[g.r.IntN(4)]
		if g.r.IntN(10) == 0 {
			dst = "str"
		}
		p.same(t, append([]string{op, dst}, g.sources()...)...)
		p.same(t, "OBJECT", "ENCODING", dst)
	case 12:
		srcs := g.sources()
		args := append([]string{"SINTERCARD", strconv.Itoa(len(srcs))}, srcs...)
		if g.r.IntN(2) == 0 {
			args = append(args, "LIMIT", strconv.Itoa(g.r.IntN(4)))
		}
		p.same(t, args...)
	case 13:
		args := []string{"SRANDMEMBER", key}
		if g.r.IntN(4) > 0 {
			args = append(args, strconv.Itoa(g.r.IntN(30)-10))
		}
		p.randomPick(t, args...)
	case 14:
		g.spop(t, p, key)
	case 15:
		opts := []string{}
		switch {
		case !small:
			opts = append(opts, "COUNT", strconv.Itoa(300+g.r.IntN(300)))
		case g.r.IntN(2) == 0:
			opts = append(opts, "COUNT", strconv.Itoa(1+g.r.IntN(5)))
		}
		if g.r.IntN(3) == 0 {
			opts = append(opts, "MATCH", []string{"m*", "*1", "?", "member:1*", "-*"}[g.r.IntN(5)])
		}
		p.scanBoth(t, "SSCAN", key, 1, opts...)
	case 16:
		if small && key != "str" && g.r.IntN(3) == 0 {
			p.same(t, "DEL", key)
		}
	case 17:
		if small && key != "str" {
			p.same(t, "COPY", key, g.keys()[g.r.IntN(4)], "REPLACE")
		}
	}
}

// spop sends an SPOP whose effect on the encoding is the same on both
// servers: without a count, with 0, with a count that takes the whole
// set, or one that leaves more than a fifth of it (Redis rebuilds a set,
// and decides its encoding afresh from the random rest, only when it
// takes more; TestSetDiff_Encoding covers that with integers).
func (g setOpGen) spop(t *testing.T, p *hashPair, key string) {
	t.Helper()
	size := int64(len(setMembersOf(t, p.tier, key)))
	switch n := int64(g.r.IntN(8)); {
	case n == 0:
		p.randomPick(t, "SPOP", key)
	case n == 1:
		p.same(t, "SPOP", key, "0")
	case n == 2 && key != "big":
		p.unordered(t, false, "SPOP", key, strconv.FormatInt(size+g.r.Int64N(3), 10))
	case (size-n)*5 > n:
		p.randomPick(t, "SPOP", key, strconv.FormatInt(n, 10))
	}
}

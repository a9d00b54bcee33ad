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

// Differential tests of the hash commands: the same commands go to tierdb
// and to a real redis-server, in RESP2 and RESP3, and the replies must be
// the same bytes. Replies whose order Redis does not define (HGETALL,
// HKEYS, HVALS, HSCAN, HRANDFIELD) are compared as sorted multisets, or,
// for random picks, by shape and membership. tierdb restarts along the way,
// so that later commands find the hashes only on disk.

// hashPair is a restartable in-process tierdb and a real Redis, both with
// the same hash listpack limits, each with a raw connection in one protocol.
type hashPair struct {
	s     *testserver.Server
	tier  *testserver.RawConn
	redis *testserver.RawConn
	proto int
}

// hashLimits are the listpack limits both servers run with in the random
// tests: small, so that hashes change encoding along the way.
var hashDiffLimits = map[string]string{"hash-max-listpack-entries": "8", "hash-max-listpack-value": "16"}

func startHashPair(t *testing.T, proto int, limits map[string]string) *hashPair {
	t.Helper()
	var args []string
	for k, v := range limits {
		args = append(args, "--"+k, v)
	}
	r := testserver.StartRedis(t, args...)
	p := &hashPair{s: testserver.Start(t, limits), proto: proto}
	p.tier = dialRawProto(t, p.s.Addr, proto)
	p.redis = dialRawProto(t, r.Addr, proto)
	return p
}

// restart restarts tierdb on its data: every key is only on disk after it.
func (p *hashPair) restart(t *testing.T) {
	t.Helper()
	p.s.Restart(t)
	p.tier = dialRawProto(t, p.s.Addr, p.proto)
}

// do sends args to both servers and returns both raw replies.
func (p *hashPair) do(t *testing.T, args ...string) (tier, redis string) {
	t.Helper()
	var err error
	if tier, err = p.tier.Do(args...); err != nil {
		t.Fatalf("tierdb %q: %v", args, err)
	}
	if redis, err = p.redis.Do(args...); err != nil {
		t.Fatalf("redis %q: %v", args, err)
	}
	return tier, redis
}

// same fails unless both servers reply the same bytes.
func (p *hashPair) same(t *testing.T, args ...string) {
	t.Helper()
	if tier, redis := p.do(t, args...); tier != redis {
		t.Errorf("RESP%d %s:\ntierdb: %q\nredis:  %q", p.proto, quoteArgs(args), tier, redis)
	}
}

// unordered fails unless both replies are the same once sorted: the
// elements of an array, the pairs of a map or of a flat field value array
// (pairs), the field value pairs of a scan reply (whose cursors must match).
func (p *hashPair) unordered(t *testing.T, pairs bool, args ...string) {
	t.Helper()
	tier, redis := p.do(t, args...)
	if tier == redis {
		return
	}
	if a, b := canonicalReply(t, tier, pairs), canonicalReply(t, redis, pairs); a != b {
		t.Errorf("RESP%d %s (unordered):\ntierdb: %s\nredis:  %s", p.proto, quoteArgs(args), a, b)
	}
}

// canonicalReply renders a reply with its elements (or pairs) sorted; a scan
// reply [cursor, [f v ...]] keeps its cursor and sorts its pairs.
func canonicalReply(t *testing.T, raw string, pairs bool) string {
	t.Helper()
	n, err := parseReplyTree(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	if n.kind == '*' && len(n.items) == 2 && n.items[0].kind == '$' && n.items[1].kind == '*' {
		return "scan " + n.items[0].str + " " + sortedItems(n.items[1], true)
	}
	return sortedItems(n, pairs)
}

// sortedItems renders the elements of an aggregate sorted; with pairs,
// consecutive elements are kept together.
func sortedItems(n *replyNode, pairs bool) string {
	if n.kind != '*' && n.kind != '%' && n.kind != '~' {
		return n.String()
	}
	step := 1
	if pairs || n.kind == '%' {
		step = 2
	}
	var parts []string
	for i := 0; i+step <= len(n.items); i += step {
		part := n.items[i].String()
		if step == 2 {
			part += "=" + n.items[i+1].String()
		}
		parts = append(parts, part)
	}
	slices.Sort(parts)
	return string(n.kind) + "[" + strings.Join(parts, " ") + "]"
}

// quoteArgs renders a command line for a failure message.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
		if len(q[i]) > 60 {
			q[i] = q[i][:57] + "..."
		}
	}
	return strings.Join(q, " ")
}

// replyItems returns the strings of a flat reply array (nil elements as "").
func replyItems(t *testing.T, raw string) []string {
	t.Helper()
	n, err := parseReplyTree(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	var out []string
	var walk func(*replyNode)
	walk = func(n *replyNode) {
		if n.kind == '*' || n.kind == '%' {
			for _, it := range n.items {
				walk(it)
			}
			return
		}
		out = append(out, n.str)
	}
	walk(n)
	return out
}

// hashContent reads a whole hash from one server as field → value.
func hashContent(t *testing.T, c *testserver.RawConn, key string) map[string]string {
	t.Helper()
	return pairsContent(t, c, "HGETALL", key)
}

// randomPicks checks an HRANDFIELD reply of one server against that
// server's hash: every field (and value) belongs to it, and the reply has
// want fields (distinct ones when distinct).
func randomPicks(t *testing.T, who, raw string, content map[string]string, want int, values, distinct bool) []string {
	t.Helper()
	n, err := parseReplyTree(raw)
	if err != nil {
		t.Fatalf("%s: parse %q: %v", who, raw, err)
	}
	var fields []string
	var flat []*replyNode
	for _, it := range n.items {
		if it.kind == '*' { // a RESP3 pair
			flat = append(flat, it.items...)
		} else {
			flat = append(flat, it)
		}
	}
	step := 1
	if values {
		step = 2
	}
	for i := 0; i+step <= len(flat); i += step {
		f := flat[i].str
		v, ok := content[f]
		if !ok || (values && flat[i+1].str != v) {
			t.Errorf("%s: HRANDFIELD gave %q, not a field (or not its value) of the hash", who, f)
		}
		fields = append(fields, f)
	}
	if len(fields) != want {
		t.Errorf("%s: HRANDFIELD gave %d fields, want %d: %q", who, len(fields), want, raw)
	}
	if distinct && len(uniqueStrings(fields)) != len(fields) {
		t.Errorf("%s: HRANDFIELD repeated a field: %q", who, raw)
	}
	return fields
}

func uniqueStrings(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Compact(c)
}

// hrandfield runs HRANDFIELD on both servers and checks each reply against
// its own server's hash: random replies cannot be compared byte for byte.
// Errors, nil and empty replies, and whole-hash replies must match.
func (p *hashPair) hrandfield(t *testing.T, args ...string) {
	t.Helper()
	tier, redis := p.do(t, args...)
	switch {
	case tier == redis:
		return
	case len(args) == 2 && strings.HasPrefix(tier, "$") && strings.HasPrefix(redis, "$"):
		if f := replyItems(t, tier)[0]; !hasField(t, p.tier, args[1], f) {
			t.Errorf("HRANDFIELD %s gave %q, not a field", args[1], f)
		}
		return
	case len(args) == 2 || strings.HasPrefix(redis, "-") || strings.HasPrefix(tier, "-"):
		t.Errorf("RESP%d %s:\ntierdb: %q\nredis:  %q", p.proto, quoteArgs(args), tier, redis)
		return
	}
	count, _ := strconv.ParseInt(args[2], 10, 64)
	values := len(args) == 4
	tc, rc := hashContent(t, p.tier, args[1]), hashContent(t, p.redis, args[1])
	if count >= int64(len(rc)) {
		p.unorderedRaw(t, args, tier, redis, values)
		return
	}
	want, distinct := count, true
	if count < 0 {
		want, distinct = -count, false
	}
	randomPicks(t, "tierdb", tier, tc, int(want), values, distinct)
	randomPicks(t, "redis", redis, rc, int(want), values, distinct)
}

func (p *hashPair) unorderedRaw(t *testing.T, args []string, tier, redis string, pairs bool) {
	t.Helper()
	if a, b := canonicalReply(t, tier, pairs && p.proto == 2), canonicalReply(t, redis, pairs && p.proto == 2); a != b {
		t.Errorf("RESP%d %s (unordered):\ntierdb: %s\nredis:  %s", p.proto, quoteArgs(args), a, b)
	}
}

func hasField(t *testing.T, c *testserver.RawConn, key, field string) bool {
	t.Helper()
	raw, err := c.Do("HEXISTS", key, field)
	if err != nil {
		t.Fatal(err)
	}
	return raw == ":1\r\n"
}

// forBothProtocols runs fn once speaking RESP2 and once RESP3.
func forBothProtocols(t *testing.T, fn func(t *testing.T, proto int)) {
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("resp%d", proto), func(t *testing.T) { fn(t, proto) })
	}
}

// Ensure that every hash command, its errors and its arity, replies as
// Redis 7.0 does, hot and after a restart.
func TestHashDiff_Commands(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, proto int) {
		p := startHashPair(t, proto, nil)
		setup := [][]string{
			{"HSET", "h", "a", "1", "b", "2", "c", "3"}, {"HSET", "h", "a", "10", "d", "4"},
			{"HMSET", "m", "x", "1", "y", "2"}, {"SET", "s", "str"},
			{"HSET", "num", "i", "10", "max", "9223372036854775807", "min", "-9223372036854775808",
				"f", "1.5", "txt", "abc", "sp", " 1", "inf", "inf", "big", "1e4932", "exp", "1e3", "hex", "0x10"},
			{"HSET", "bin", "\x00\r\n", "\xff\x00", "", "empty field", "empty value", ""},
		}
		for _, cmd := range setup {
			p.same(t, cmd...)
		}
		p.hotThenCold(t, func(t *testing.T) {
			p.sameScript(t)
			p.unorderedScript(t)
		})
	})
}

// sameScript is the part of TestHashDiff_Commands compared byte for byte.
// It leaves the keys of the setup as they were.
func (p *hashPair) sameScript(t *testing.T) {
	t.Helper()
	for _, cmd := range [][]string{
		// Reads.
		{"HGET", "h", "a"}, {"HGET", "h", "nosuch"}, {"HGET", "nokey", "a"}, {"HGET", "s", "a"},
		{"HGET", "bin", "\x00\r\n"}, {"HGET", "bin", ""}, {"HGET", "bin", "empty value"},
		{"HMGET", "h", "a", "nosuch", "b", "a"}, {"HMGET", "nokey", "a", "b"}, {"HMGET", "s", "a"},
		{"HEXISTS", "h", "a"}, {"HEXISTS", "h", "nosuch"}, {"HEXISTS", "nokey", "a"}, {"HEXISTS", "s", "a"},
		{"HLEN", "h"}, {"HLEN", "nokey"}, {"HLEN", "s"}, {"HLEN", "bin"},
		{"HSTRLEN", "h", "a"}, {"HSTRLEN", "h", "nosuch"}, {"HSTRLEN", "nokey", "a"}, {"HSTRLEN", "s", "a"},
		{"HSTRLEN", "bin", "\x00\r\n"}, {"HSTRLEN", "bin", "empty value"},
		{"HGETALL", "nokey"}, {"HKEYS", "nokey"}, {"HVALS", "nokey"},
		{"HGETALL", "s"}, {"HKEYS", "s"}, {"HVALS", "s"},
		{"TYPE", "h"}, {"OBJECT", "ENCODING", "h"}, {"OBJECT", "ENCODING", "bin"},
		// The other types' commands refuse a hash.
		{"GET", "h"}, {"APPEND", "h", "x"}, {"INCR", "h"}, {"STRLEN", "h"}, {"SETRANGE", "h", "0", "x"},
		{"GETDEL", "h"}, {"GETSET", "h", "x"}, {"LCS", "h", "s"},
		// Writes on a scratch key.
		{"HSET", "w", "f", "v"}, {"HSET", "w", "f", "v2", "g", "w"}, {"HSET", "w", "f", "v3", "f", "v4"},
		{"HGET", "w", "f"}, {"HSETNX", "w", "f", "x"}, {"HSETNX", "w", "new", "x"}, {"HGET", "w", "new"},
		{"HSETNX", "nx", "f", "v"}, {"HGET", "nx", "f"}, {"HMSET", "w", "a", "1"},
		{"HDEL", "w", "nosuch"}, {"HDEL", "w", "f", "f", "g", "nosuch"}, {"HLEN", "w"},
		{"HDEL", "w", "new", "a"}, {"EXISTS", "w"}, {"HDEL", "w", "x"}, {"HDEL", "nokey", "x"},
		{"HDEL", "nx", "f"}, {"EXISTS", "nx"}, {"TYPE", "nx"},
		// WRONGTYPE for every command on a string.
		{"HSET", "s", "a", "b"}, {"HMSET", "s", "a", "b"}, {"HSETNX", "s", "a", "b"}, {"HDEL", "s", "a"},
		{"HINCRBY", "s", "a", "1"}, {"HINCRBYFLOAT", "s", "a", "1"}, {"HRANDFIELD", "s"},
		{"HRANDFIELD", "s", "1"}, {"HRANDFIELD", "s", "0"}, {"HSCAN", "s", "0"}, {"GET", "s"},
		// Arity and syntax.
		{"HSET"}, {"HSET", "h"}, {"HSET", "h", "a"}, {"HSET", "h", "a", "1", "b"}, {"HSET", "s", "a"},
		{"HMSET", "h", "a"}, {"HMSET", "h", "a", "1", "b"}, {"HSETNX", "h", "a"}, {"HSETNX", "h", "a", "1", "2"},
		{"HGET", "h"}, {"HGET", "h", "a", "b"}, {"HMGET", "h"}, {"HGETALL"}, {"HGETALL", "h", "x"},
		{"HDEL", "h"}, {"HEXISTS", "h"}, {"HLEN"}, {"HLEN", "h", "x"}, {"HKEYS"}, {"HVALS", "h", "x"},
		{"HSTRLEN", "h"}, {"HINCRBY", "h", "a"}, {"HINCRBYFLOAT", "h", "a"}, {"HRANDFIELD"},
		{"HSCAN", "h"}, {"hget", "h", "a"}, {"HgEt", "h", "a"},
		// HINCRBY.
		{"HINCRBY", "num", "i", "5"}, {"HINCRBY", "num", "i", "-20"}, {"HINCRBY", "num", "new", "7"},
		{"HINCRBY", "num", "max", "1"}, {"HINCRBY", "num", "max", "0"}, {"HINCRBY", "num", "min", "-1"},
		{"HINCRBY", "num", "min", "9223372036854775807"}, {"HINCRBY", "num", "f", "1"},
		{"HINCRBY", "num", "txt", "1"}, {"HINCRBY", "num", "sp", "1"}, {"HINCRBY", "num", "i", "x"},
		{"HINCRBY", "num", "i", "1.5"}, {"HINCRBY", "num", "i", "9223372036854775808"}, {"HINCRBY", "num", "i", ""},
		{"HINCRBY", "nokey", "i", "x"}, {"HINCRBY", "s", "i", "x"}, {"EXISTS", "nokey"},
		{"HINCRBY", "fresh", "n", "-3"}, {"HGET", "fresh", "n"}, {"HDEL", "fresh", "n"},
		{"HINCRBY", "num", "min", "1"}, {"HINCRBY", "num", "min", "-1"},
		// HINCRBYFLOAT.
		{"HINCRBYFLOAT", "num", "f", "0.1"}, {"HINCRBYFLOAT", "num", "i", "1.5"}, {"HINCRBYFLOAT", "num", "nf", "0.1"},
		{"HINCRBYFLOAT", "num", "nf", "-0.1"}, {"HINCRBYFLOAT", "num", "nf", "1e10"}, {"HINCRBYFLOAT", "num", "nf", "3.0e3"},
		{"HINCRBYFLOAT", "num", "exp", "1"}, {"HINCRBYFLOAT", "num", "hex", "1"}, {"HINCRBYFLOAT", "num", "nf", "0x1p3"},
		{"HINCRBYFLOAT", "num", "txt", "1"}, {"HINCRBYFLOAT", "num", "sp", "1"}, {"HINCRBYFLOAT", "num", "inf", "1"},
		{"HINCRBYFLOAT", "num", "big", "1e4932"}, {"HINCRBYFLOAT", "num", "nf", "inf"}, {"HINCRBYFLOAT", "num", "nf", "-inf"},
		{"HINCRBYFLOAT", "num", "nf", "nan"}, {"HINCRBYFLOAT", "num", "nf", "x"}, {"HINCRBYFLOAT", "num", "nf", ""},
		{"HINCRBYFLOAT", "num", "nf", " 1"}, {"HINCRBYFLOAT", "num", "nf", "1e5000"}, {"HINCRBYFLOAT", "nokey", "f", "x"},
		{"HINCRBYFLOAT", "num", "max", "1"}, {"HINCRBYFLOAT", "num", "nf", "1.7976931348623157e308"},
		{"HINCRBYFLOAT", "num", "nf", "1.7976931348623157e308"}, {"HGET", "num", "nf"},
		{"HINCRBYFLOAT", "num", "z", "-0.0"}, {"HGET", "num", "z"}, {"HDEL", "num", "z", "nf", "new"},
		// HRANDFIELD answers that are not random.
		{"HRANDFIELD", "nokey"}, {"HRANDFIELD", "nokey", "5"}, {"HRANDFIELD", "nokey", "-5", "WITHVALUES"},
		{"HRANDFIELD", "h", "0"}, {"HRANDFIELD", "h", "0", "WITHVALUES"}, {"HRANDFIELD", "h", "x"},
		{"HRANDFIELD", "nokey", "x"}, {"HRANDFIELD", "h", "1", "foo"}, {"HRANDFIELD", "h", "1", "WITHVALUES", "x"},
		{"HRANDFIELD", "nokey", "1", "foo"}, {"HRANDFIELD", "h", "x", "foo"},
		{"HRANDFIELD", "h", "-9223372036854775808"}, {"HRANDFIELD", "nokey", "-9223372036854775808", "WITHVALUES"},
		{"HRANDFIELD", "h", "9223372036854775807", "WITHVALUES"}, {"HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"},
		{"HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"}, {"HRANDFIELD", "h", "1.5"},
		{"HRANDFIELD", "s", "x"}, {"HRANDFIELD", "s", "1", "foo"},
		// HSCAN errors and the cases with one possible answer.
		{"HSCAN", "nokey", "0"}, {"HSCAN", "nokey", "0", "COUNT", "0"}, {"HSCAN", "nokey", "abc"},
		{"HSCAN", "h", "abc"}, {"HSCAN", "s", "abc"}, {"HSCAN", "s", "0", "COUNT", "0"},
		{"HSCAN", "h", "0", "COUNT", "0"}, {"HSCAN", "h", "0", "COUNT", "-1"}, {"HSCAN", "h", "0", "COUNT", "x"},
		{"HSCAN", "h", "0", "MATCH"}, {"HSCAN", "h", "0", "FOO", "bar"}, {"HSCAN", "h", "0", "TYPE", "hash"},
		{"HSCAN", "h", "0", "NOVALUES"}, {"HSCAN", "h", "-1", "MATCH", "nomatch*"},
		{"HSCAN", "h", "18446744073709551616"}, {"HSCAN", "h", "0", "MATCH", "a"},
	} {
		p.same(t, cmd...)
	}
}

// unorderedScript is the part of TestHashDiff_Commands whose replies Redis
// gives in no defined order.
func (p *hashPair) unorderedScript(t *testing.T) {
	t.Helper()
	for _, key := range []string{"h", "m", "num", "bin"} {
		p.unordered(t, true, "HGETALL", key)
		p.unordered(t, false, "HKEYS", key)
		p.unordered(t, false, "HVALS", key)
		p.scanBoth(t, "HSCAN", key, 2)
		p.scanBoth(t, "HSCAN", key, 2, "COUNT", "1", "MATCH", "*")
		p.scanBoth(t, "HSCAN", key, 2, "MATCH", "[a-h]*", "COUNT", "3")
		if key != "num" { // a hash table in Redis: its cursors are its own
			p.unordered(t, true, "HSCAN", key, "0")
			p.unordered(t, true, "HSCAN", key, "123", "COUNT", "1", "MATCH", "*")
			p.unordered(t, true, "HSCAN", key, "7", "MATCH", "[a-c]*")
		}
		p.hrandfield(t, "HRANDFIELD", key)
		for _, n := range []string{"1", "2", "3", "4", "5", "100", "-1", "-3", "-20"} {
			p.hrandfield(t, "HRANDFIELD", key, n)
			p.hrandfield(t, "HRANDFIELD", key, n, "WITHVALUES")
		}
	}
	p.hrandfield(t, "HRANDFIELD", "h", "2", "withvalues")
}

// Ensure that OBJECT ENCODING follows Redis's listpack limits: too many
// fields or a too long field or value make a hash table, by any writing
// command, for good; RESTORE, COPY and RENAME decide as Redis does.
func TestHashDiff_Encoding(t *testing.T) {
	p := startHashPair(t, 2, nil)
	long := strings.Repeat("x", 65)
	script := [][]string{
		{"CONFIG", "SET", "hash-max-listpack-entries", "3"},
		{"HSET", "e", "a", "1", "b", "2", "c", "3"}, {"OBJECT", "ENCODING", "e"},
		{"HSET", "e", "d", "4"}, {"OBJECT", "ENCODING", "e"}, {"HDEL", "e", "d", "c"}, {"OBJECT", "ENCODING", "e"},
		{"HSET", "dup", "a", "1", "a", "2", "a", "3", "a", "4"}, {"OBJECT", "ENCODING", "dup"},
		{"HSET", "lv", "f", long}, {"OBJECT", "ENCODING", "lv"},
		{"HSET", "lf", long, "v"}, {"OBJECT", "ENCODING", "lf"},
		{"HSET", "lv2", "f", "1"}, {"HSET", "lv2", "f", long}, {"OBJECT", "ENCODING", "lv2"},
		{"HSET", "nx", "a", "1"}, {"HSETNX", "nx", "a", long}, {"OBJECT", "ENCODING", "nx"},
		{"HSETNX", "nx", long, "1"}, {"OBJECT", "ENCODING", "nx"},
		{"HMSET", "hm", "a", long}, {"OBJECT", "ENCODING", "hm"},
		{"CONFIG", "SET", "hash-max-listpack-value", "4"},
		{"HSET", "inc", "f", "1"}, {"HINCRBY", "inc", "f", "9999"}, {"OBJECT", "ENCODING", "inc"},
		{"HINCRBY", "inc2", "f", "99999"}, {"OBJECT", "ENCODING", "inc2"},
		{"HSET", "fl", "f", "1"}, {"HINCRBYFLOAT", "fl", "f", "0.12345"}, {"OBJECT", "ENCODING", "fl"},
		{"HINCRBYFLOAT", "fl2", "longfield", "1"}, {"OBJECT", "ENCODING", "fl2"},
		{"COPY", "e", "ecopy"}, {"OBJECT", "ENCODING", "ecopy"},
		{"RENAME", "e", "erenamed"}, {"OBJECT", "ENCODING", "erenamed"},
		{"HSET", "small", "a", "1"}, {"COPY", "small", "scopy"}, {"OBJECT", "ENCODING", "scopy"},
		{"MOVE", "erenamed", "1"}, {"SELECT", "1"}, {"OBJECT", "ENCODING", "erenamed"}, {"SELECT", "0"},
		{"OBJECT", "ENCODING", "nokey"},
	}
	for _, cmd := range script {
		p.same(t, cmd...)
	}
	// RESTORE decides from the content, whatever the source's encoding.
	for _, c := range []struct{ key, want string }{{"erenamed", "hashtable"}, {"small", "listpack"}} {
		for _, srv := range []*testserver.RawConn{p.tier, p.redis} {
			if c.key == "erenamed" {
				srv.Do("SELECT", "1")
			}
			dump, _ := srv.Do("DUMP", c.key)
			srv.Do("SELECT", "0")
			items := replyItems(t, dump)
			if reply, _ := srv.Do("RESTORE", "r-"+c.key, "0", items[0]); reply != "+OK\r\n" {
				t.Fatalf("RESTORE: %q", reply)
			}
		}
	}
	p.same(t, "OBJECT", "ENCODING", "r-erenamed") // two fields again: listpack in Redis too
	p.same(t, "OBJECT", "ENCODING", "r-small")
	p.unordered(t, true, "HGETALL", "r-erenamed")
	p.same(t, "CONFIG", "SET", "hash-max-listpack-entries", "1")
	for _, srv := range []*testserver.RawConn{p.tier, p.redis} {
		dump, _ := srv.Do("DUMP", "r-erenamed")
		srv.Do("RESTORE", "r2", "0", replyItems(t, dump)[0])
	}
	p.same(t, "OBJECT", "ENCODING", "r2")
}

// Ensure that hashes move, copy, rename, expire and are deleted as in
// Redis, with their fields, hot and after a restart.
func TestHashDiff_KeySpace(t *testing.T) {
	p := startHashPair(t, 2, nil)
	for _, cold := range []bool{false, true} {
		for _, cmd := range [][]string{
			{"FLUSHALL"},
			{"HSET", "a", "f1", "1", "f2", "2"}, {"HSET", "b", "x", "y"}, {"SET", "s", "v"},
			{"EXPIRE", "b", "1000"}, {"HSET", "c", "k", "v"},
		} {
			p.same(t, cmd...)
		}
		if cold {
			p.restart(t)
		}
		for _, cmd := range [][]string{
			{"TTL", "b"}, {"TYPE", "a"}, {"EXISTS", "a", "b", "c"},
			{"RENAME", "a", "a2"}, {"HGETALL", "a"}, {"RENAMENX", "a2", "b"}, {"RENAME", "a2", "b"},
			{"TTL", "b"}, {"HLEN", "b"}, {"COPY", "b", "c"}, {"COPY", "b", "c", "REPLACE"}, {"HSET", "c", "f3", "3"},
			{"HLEN", "b"}, {"HLEN", "c"}, {"MOVE", "c", "1"}, {"EXISTS", "c"}, {"SELECT", "1"}, {"HLEN", "c"},
			{"HGET", "c", "f3"}, {"COPY", "c", "c", "DB", "0"}, {"SELECT", "0"}, {"HGET", "c", "f3"},
			{"SET", "b", "overwritten"}, {"HGET", "b", "f1"}, {"GET", "b"}, {"RENAME", "s", "c"}, {"HGET", "c", "f1"},
			{"HSET", "d", "f", "v"}, {"PEXPIRE", "d", "1"}, {"SLEEP"}, {"HGET", "d", "f"}, {"EXISTS", "d"},
			{"HSET", "e", "f", "v"}, {"PERSIST", "e"}, {"EXPIRE", "e", "100"}, {"PERSIST", "e"}, {"TTL", "e"},
			{"DEL", "e", "e"}, {"HGET", "e", "f"}, {"UNLINK", "c"}, {"DBSIZE"},
			{"SCAN", "0", "TYPE", "hash", "COUNT", "100"}, {"SWAPDB", "0", "1"}, {"HLEN", "c"},
		} {
			if cmd[0] == "SLEEP" {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			p.same(t, cmd...)
		}
	}
}

// Ensure that a seeded random sequence of hash commands over a few keys
// (one with more fields than tierdb keeps in memory, and one string) gives
// Redis's replies throughout, with tierdb restarted from time to time so
// that the hashes are read from disk, in both protocols.
func TestHashDiff_Random(t *testing.T) {
	randomDiff{kind: "hash", limits: hashDiffLimits, ops: 2500, restartEvery: 700,
		setup: [][]string{{"SET", "s", "string"}, bigHashArgs("big", 4200)},
		step:  func(t *testing.T, r *rand.Rand, p *hashPair) { hashOpGen{r: r}.step(t, p) },
		end: func(t *testing.T, p *hashPair) {
			for _, key := range append(hashOpGen{}.keys(), "big") {
				p.unordered(t, true, "HGETALL", key)
			}
		}}.run(t)
}

// bigHashArgs is an HSET of n fields.
func bigHashArgs(key string, n int) []string {
	args := []string{"HSET", key}
	for i := range n {
		args = append(args, fmt.Sprintf("field:%d", i), fmt.Sprintf("value:%d", i))
	}
	return args
}

// hashOpGen makes random hash commands over a few small keys, a big hash
// and a string.
type hashOpGen struct{ r *rand.Rand }

func (g hashOpGen) keys() []string { return []string{"h0", "h1", "h2", "h3"} }

func (g hashOpGen) key() string { return pickDiffKey(g.r, "s", g.keys()) }

func (g hashOpGen) field() string {
	switch n := g.r.IntN(30); {
	case n == 0:
		return strings.Repeat("F", 17) // over the value limit: a hash table
	case n == 1:
		return ""
	case n == 2:
		return fmt.Sprintf("field:%d", g.r.IntN(4200))
	default:
		return fmt.Sprintf("f%d", n%12)
	}
}

func (g hashOpGen) value() string {
	switch g.r.IntN(6) {
	case 0:
		return strconv.Itoa(g.r.IntN(2000) - 1000)
	case 1:
		return strconv.FormatFloat(g.r.Float64()*100, 'f', 3, 64)
	case 2:
		return strings.Repeat("v", g.r.IntN(20))
	case 3:
		return "\x00\r\n"
	default:
		return fmt.Sprintf("v%d", g.r.IntN(100))
	}
}

// step sends one random command to both servers and compares the replies.
func (g hashOpGen) step(t *testing.T, p *hashPair) {
	t.Helper()
	key := g.key()
	small := key != "big"
	switch g.r.IntN(19) {
	case 0, 1:
		args := []string{"HSET", key}
		for range 1 + g.r.IntN(3) {
			args = append(args, g.field(), g.value())
		}
		p.same(t, args...)
	case 2:
		p.same(t, "HSETNX", key, g.field(), g.value())
	case 3:
		p.same(t, "HMSET", key, g.field(), g.value())
	case 4:
		p.same(t, "HGET", key, g.field())
	case 5:
		p.same(t, "HMGET", key, g.field(), g.field(), g.field())
	case 6:
		args := []string{"HDEL", key}
		for range 1 + g.r.IntN(3) {
			args = append(args, g.field())
		}
		p.same(t, args...)
	case 7:
		p.same(t, "HEXISTS", key, g.field())
	case 8:
		p.same(t, "HLEN", key)
	case 9:
		p.same(t, "HSTRLEN", key, g.field())
	case 10:
		p.same(t, "HINCRBY", key, g.field(), strconv.Itoa(g.r.IntN(200)-100))
	case 11:
		p.same(t, "HINCRBYFLOAT", key, g.field(), strconv.FormatFloat(g.r.Float64()*10-5, 'f', 2, 64))
	case 12:
		if small {
			p.unordered(t, true, "HGETALL", key)
			p.unordered(t, false, "HKEYS", key)
			p.unordered(t, false, "HVALS", key)
		} else {
			p.same(t, "HLEN", key)
		}
	case 13:
		args := []string{"HRANDFIELD", key}
		if g.r.IntN(4) > 0 {
			args = append(args, strconv.Itoa(g.r.IntN(30)-10))
			if g.r.IntN(2) == 0 {
				args = append(args, "WITHVALUES")
			}
		}
		if !small && len(args) > 2 {
			if n, _ := strconv.Atoi(args[2]); n > 0 {
				args[2] = strconv.Itoa(min(n, 5))
			}
		}
		p.hrandfield(t, args...)
	case 14:
		opts := []string{}
		switch {
		case !small:
			opts = append(opts, "COUNT", strconv.Itoa(300+g.r.IntN(300))) // 4200 fields: a few calls
		case g.r.IntN(2) == 0:
			opts = append(opts, "COUNT", strconv.Itoa(1+g.r.IntN(50)))
		}
		if g.r.IntN(3) == 0 {
			opts = append(opts, "MATCH", []string{"f1*", "*1", "f?", "field:1*", "*"}[g.r.IntN(5)])
		}
		p.scanBoth(t, "HSCAN", key, 2, opts...)
	case 15:
		p.same(t, "OBJECT", "ENCODING", key)
	case 16:
		if small && key != "s" && g.r.IntN(3) == 0 {
			p.same(t, "DEL", key)
		} else {
			p.same(t, "TYPE", key)
		}
	case 17:
		if small {
			p.same(t, "COPY", key, g.keys()[g.r.IntN(4)], "REPLACE")
		}
	case 18:
		if small && key != "s" {
			p.same(t, "RENAME", key, g.keys()[g.r.IntN(4)])
		}
	}
}

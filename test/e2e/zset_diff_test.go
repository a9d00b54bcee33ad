package e2e

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tierdb/tierdb/test/testserver"
)

// Differential tests of the sorted set commands: the same commands go to
// tierdb and to a real redis-server, in RESP2 and RESP3, and the replies
// must be the same bytes. Only random picks (ZRANDMEMBER) and the scan of a
// set in skiplist encoding (whose cursor is Redis's own) are compared by
// content. tierdb restarts along the way, so that later commands find the
// sets only on disk; one set has more entries than tierdb keeps in memory,
// so that its reads are Pebble range reads while the server runs.
//
// The pair and its helpers (same, unordered, restart ...) are the hash
// tests' (hash_diff_test.go).

// zsetDiffLimits are small listpack limits, so that sets change encoding
// along the way (and -0 shows the difference).
var zsetDiffLimits = map[string]string{"zset-max-listpack-entries": "8", "zset-max-listpack-value": "16"}

// bigZsetArgs is a ZADD of n members with scores in a few duplicated
// values, plus a string of bytes.
func bigZsetArgs(key string, n int) []string {
	args := []string{"ZADD", key}
	for i := range n {
		args = append(args, strconv.Itoa(i%97-40), fmt.Sprintf("m%05d", i))
	}
	return args
}

// Ensure that every sorted set command, its errors and its arity, replies
// as Redis 7.0 does, hot and after a restart.
func TestZsetDiff_Commands(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, proto int) {
		p := startHashPair(t, proto, nil)
		setup := [][]string{
			{"ZADD", "z", "1", "a", "2", "b", "3", "c", "-0", "d", "inf", "e", "0.1", "f", "-inf", "g", "1e300", "h", "3.0", "i"},
			{"ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "\x00x", "0", "", "0", "bb"},
			{"ZADD", "u1", "1", "a", "2", "b", "3", "c"}, {"ZADD", "u2", "10", "b", "20", "c", "30", "d"},
			{"SADD", "set", "a", "d", "x"}, {"SET", "s", "str"},
			{"ZADD", "neg", "-0", "a"},
		}
		for _, cmd := range setup {
			p.same(t, cmd...)
		}
		p.same(t, bigZsetArgs("big", 5000)...)
		p.hotThenCold(t, func(t *testing.T) {
			for _, cmd := range zsetScript() {
				p.same(t, cmd...)
			}
			p.scanBoth(t, "ZSCAN", "big", 2)
			p.scanBoth(t, "ZSCAN", "big", 2, "COUNT", "1000", "MATCH", "m0*")
		})
	})
}

// zsetScript is the part of TestZsetDiff_Commands compared byte for byte.
// It leaves the keys of the setup as they were.
func zsetScript() [][]string {
	return [][]string{
		// Reads and the formatting of scores.
		{"ZRANGE", "z", "0", "-1", "WITHSCORES"}, {"ZSCORE", "z", "f"}, {"ZSCORE", "z", "d"}, {"ZSCORE", "z", "h"},
		{"ZSCORE", "z", "e"}, {"ZSCORE", "z", "g"}, {"ZSCORE", "z", "nosuch"}, {"ZSCORE", "nokey", "a"}, {"ZSCORE", "s", "a"},
		{"ZMSCORE", "z", "a", "nosuch", "e"}, {"ZMSCORE", "nokey", "a", "b"}, {"ZMSCORE", "s", "a"},
		{"ZCARD", "z"}, {"ZCARD", "nokey"}, {"ZCARD", "s"}, {"ZCARD", "big"}, {"ZSCORE", "neg", "a"},
		{"ZRANK", "z", "c"}, {"ZRANK", "z", "g"}, {"ZRANK", "z", "nosuch"}, {"ZRANK", "nokey", "a"}, {"ZRANK", "s", "a"},
		{"ZREVRANK", "z", "c"}, {"ZREVRANK", "z", "e"}, {"ZRANK", "z", "a", "WITHSCORE"},
		{"ZRANK", "big", "m04999"}, {"ZREVRANK", "big", "m00000"}, {"ZRANK", "big", "m02500"}, {"ZRANK", "big", "x"},
		{"ZSCORE", "big", "m01234"}, {"ZMSCORE", "big", "m00001", "nope", "m04321"},
		// ZRANGE by rank.
		{"ZRANGE", "z", "0", "2"}, {"ZRANGE", "z", "-3", "-1", "WITHSCORES"}, {"ZRANGE", "z", "2", "1"},
		{"ZRANGE", "z", "-100", "100"}, {"ZRANGE", "z", "5", "100", "REV", "WITHSCORES"}, {"ZRANGE", "z", "0", "0", "REV"},
		{"ZRANGE", "nokey", "0", "-1"}, {"ZRANGE", "s", "0", "-1"}, {"ZRANGE", "z", "a", "1"}, {"ZRANGE", "z", "0", "x"},
		{"ZREVRANGE", "z", "0", "2", "WITHSCORES"}, {"ZREVRANGE", "z", "-2", "-1"}, {"ZREVRANGE", "z", "0", "1", "REV"},
		{"ZRANGE", "big", "0", "9", "WITHSCORES"}, {"ZRANGE", "big", "-10", "-1"}, {"ZRANGE", "big", "2500", "2510"},
		{"ZRANGE", "big", "4990", "-1", "REV", "WITHSCORES"}, {"ZREVRANGE", "big", "3", "7"},
		{"ZRANGE", "big", "-5000", "-4995"}, {"ZRANGE", "big", "100", "99"},
		// BYSCORE.
		{"ZRANGE", "z", "(1", "+inf", "BYSCORE", "WITHSCORES"}, {"ZRANGE", "z", "-inf", "(0.1", "BYSCORE"},
		{"ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "3", "WITHSCORES"},
		{"ZRANGE", "z", "0", "3", "BYSCORE", "LIMIT", "0", "-1"}, {"ZRANGE", "z", "0", "3", "BYSCORE", "LIMIT", "-1", "2"},
		{"ZRANGE", "z", "0", "3", "BYSCORE", "LIMIT", "2", "0"}, {"ZRANGE", "z", "0", "3", "BYSCORE", "LIMIT", "100", "1"},
		{"ZRANGEBYSCORE", "z", "-inf", "+inf"}, {"ZRANGEBYSCORE", "z", "(0", "(3", "WITHSCORES"},
		{"ZRANGEBYSCORE", "z", "3", "1"}, {"ZRANGEBYSCORE", "z", "(1", "(1"}, {"ZRANGEBYSCORE", "z", "1", "1"},
		{"ZRANGEBYSCORE", "z", "", "1"}, {"ZRANGEBYSCORE", "z", " 1", "3"}, {"ZRANGEBYSCORE", "z", "1e400", "inf"},
		{"ZRANGEBYSCORE", "z", "-1e400", "0"}, {"ZRANGEBYSCORE", "z", "(", "1"}, {"ZRANGEBYSCORE", "z", "0x1", "0x3"},
		{"ZRANGEBYSCORE", "z", "nan", "1"}, {"ZRANGEBYSCORE", "z", "x", "1"}, {"ZRANGEBYSCORE", "z", "1", "2x"},
		{"ZRANGEBYSCORE", "z", "1 ", "2"}, {"ZRANGEBYSCORE", "z", "-", "2"}, {"ZRANGEBYSCORE", "z", "1\x00x", "3"},
		{"ZRANGEBYSCORE", "z", "0", "1", "LIMIT", "x", "1"}, {"ZRANGEBYSCORE", "z", "0", "1", "LIMIT", "0"},
		{"ZRANGEBYSCORE", "z", "0", "1", "WITHSCORES", "x"}, {"ZRANGEBYSCORE", "nokey", "x", "1"},
		{"ZREVRANGEBYSCORE", "z", "+inf", "-inf", "WITHSCORES", "LIMIT", "2", "2"}, {"ZREVRANGEBYSCORE", "z", "1", "3"},
		{"ZREVRANGEBYSCORE", "z", "(3", "(0"}, {"ZRANGEBYSCORE", "z", "0", "1", "REV"},
		{"ZRANGE", "big", "-3", "3", "BYSCORE", "LIMIT", "10", "5", "WITHSCORES"},
		{"ZRANGE", "big", "(50", "(-3", "BYSCORE", "REV", "LIMIT", "100", "5"},
		{"ZRANGEBYSCORE", "big", "56", "+inf", "LIMIT", "0", "3"}, {"ZREVRANGEBYSCORE", "big", "-39", "-inf"},
		// BYLEX.
		{"ZRANGE", "lex", "[b", "(e", "BYLEX"}, {"ZRANGE", "lex", "-", "+", "BYLEX", "LIMIT", "1", "3"},
		{"ZRANGE", "lex", "+", "-", "BYLEX", "REV"}, {"ZRANGE", "lex", "[c", "-", "BYLEX", "REV", "LIMIT", "0", "2"},
		{"ZRANGEBYLEX", "lex", "-", "+"}, {"ZRANGEBYLEX", "lex", "[", "[b"}, {"ZRANGEBYLEX", "lex", "(", "+"},
		{"ZRANGEBYLEX", "lex", "(a", "(a"}, {"ZRANGEBYLEX", "lex", "[a", "[a"}, {"ZRANGEBYLEX", "lex", "[e", "[a"},
		{"ZRANGEBYLEX", "lex", "- ", "+"}, {"ZRANGEBYLEX", "lex", "a", "+"}, {"ZRANGEBYLEX", "lex", "-", "+x"},
		{"ZRANGEBYLEX", "lex", "+", "+"}, {"ZRANGEBYLEX", "lex", "-", "-"}, {"ZRANGEBYLEX", "lex", "[\x00", "[b"},
		{"ZRANGEBYLEX", "lex", "-", "+", "LIMIT", "-1", "2"}, {"ZRANGEBYLEX", "lex", "-", "+", "LIMIT", "2", "-1"},
		{"ZRANGEBYLEX", "lex", "-", "+", "WITHSCORES"}, {"ZRANGE", "lex", "-", "+", "BYLEX", "WITHSCORES"},
		{"ZREVRANGEBYLEX", "lex", "[d", "(b"}, {"ZREVRANGEBYLEX", "lex", "+", "-", "LIMIT", "1", "1"},
		{"ZRANGEBYLEX", "nokey", "x", "y"}, {"ZRANGEBYLEX", "s", "-", "+"}, {"ZRANGEBYLEX", "z", "-", "+"},
		{"ZLEXCOUNT", "lex", "-", "+"}, {"ZLEXCOUNT", "lex", "(a", "[c"},
		{"ZLEXCOUNT", "lex", "[z", "+"}, {"ZLEXCOUNT", "lex", "x", "+"}, {"ZLEXCOUNT", "nokey", "-", "+"},
		{"ZLEXCOUNT", "s", "-", "+"}, {"ZLEXCOUNT", "z", "-", "+"},
		// Syntax of ZRANGE.
		{"ZRANGE", "z", "0", "1", "LIMIT", "0", "1"}, {"ZRANGE", "z", "0", "1", "LIMIT", "0", "-1"},
		{"ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"}, {"ZRANGE", "z", "0", "1", "REV", "REV"},
		{"ZRANGE", "z", "0", "1", "FOO"}, {"ZRANGE", "z", "0"}, {"ZRANGE", "z", "(1", "2", "BYSCORE", "LIMIT", "1", "1", "LIMIT", "0", "1"},
		{"ZRANGE", "nokey", "x", "y"}, {"ZRANGE", "nokey", "x", "y", "BYSCORE"}, {"ZRANGE", "s", "x", "y"},
		{"zrange", "z", "0", "1", "withscores"},
		// ZCOUNT.
		{"ZCOUNT", "z", "-inf", "+inf"}, {"ZCOUNT", "z", "(0", "3"}, {"ZCOUNT", "z", "3", "0"}, {"ZCOUNT", "z", "x", "1"},
		{"ZCOUNT", "nokey", "0", "1"}, {"ZCOUNT", "s", "0", "1"}, {"ZCOUNT", "nokey", "x", "1"},
		{"ZCOUNT", "big", "-3", "3"}, {"ZCOUNT", "big", "(-40", "(56"},
		// Writes on scratch keys.
		{"ZADD", "w", "1", "a"}, {"ZADD", "w", "2", "a", "3", "b"}, {"ZADD", "w", "CH", "2", "a", "4", "b", "5", "c"},
		{"ZADD", "w", "NX", "10", "a", "10", "d"}, {"ZADD", "w", "XX", "10", "a", "10", "e"},
		{"ZADD", "w", "GT", "CH", "1", "a", "20", "b"}, {"ZADD", "w", "LT", "CH", "1", "a", "30", "b"},
		{"ZADD", "w", "XX", "GT", "CH", "50", "a"}, {"ZADD", "w", "INCR", "5", "a"}, {"ZADD", "w", "INCR", "NX", "1", "a"},
		{"ZADD", "w", "INCR", "XX", "1", "nosuch"}, {"ZADD", "w", "INCR", "GT", "-1", "a"}, {"ZADD", "w", "INCR", "LT", "0", "a"},
		{"ZADD", "w", "INCR", "inf", "a"}, {"ZADD", "w", "INCR", "-inf", "a"}, {"ZINCRBY", "w", "-inf", "a"},
		{"ZADD", "w", "1", "a", "1", "a", "2", "a"}, {"ZADD", "w", "CH", "2", "a", "2", "a"},
		{"ZRANGE", "w", "0", "-1", "WITHSCORES"}, {"ZADD", "nx", "XX", "1", "a"}, {"EXISTS", "nx"},
		{"ZADD", "nx", "XX", "INCR", "1", "a"}, {"EXISTS", "nx"}, {"ZADD", "nx", "GT", "1", "a"}, {"ZSCORE", "nx", "a"},
		{"ZINCRBY", "w", "0.1", "a"}, {"ZINCRBY", "w", "1e308", "a"}, {"ZINCRBY", "w", "1e308", "a"}, {"ZINCRBY", "w", "x", "a"},
		{"ZINCRBY", "w", "", "a"}, {"ZINCRBY", "w", " 1", "a"}, {"ZINCRBY", "w", "nan", "a"}, {"ZINCRBY", "w2", "-0", "a"},
		{"ZSCORE", "w2", "a"}, {"ZINCRBY", "w2", "0x10", "b"}, {"ZINCRBY", "w2", "1e-400", "c"}, {"ZINCRBY", "w2", "4.9e-324", "c"},
		{"ZINCRBY", "w2", "1e400", "c"}, {"ZINCRBY", "w2", "infinity", "c"}, {"ZINCRBY", "w2", "-INF", "d"},
		{"ZINCRBY", "w2", "1.", "e"}, {"ZINCRBY", "w2", ".5", "e"}, {"ZINCRBY", "w2", "1e", "e"}, {"ZINCRBY", "w2", "0x", "e"},
		{"ZINCRBY", "w2", "1_000", "e"}, {"ZINCRBY", "w2", "+1", "e"}, {"ZINCRBY", "w2", "1\x00", "e"}, {"ZRANGE", "w2", "0", "-1", "WITHSCORES"},
		{"ZREM", "w", "a", "nosuch", "a"}, {"ZREM", "w", "b", "c", "d"}, {"EXISTS", "w"}, {"ZREM", "nokey", "a"},
		{"ZADD", "w", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}, {"ZREMRANGEBYRANK", "w", "1", "2"},
		{"ZREMRANGEBYRANK", "w", "-1", "-1"}, {"ZREMRANGEBYRANK", "w", "5", "10"}, {"ZRANGE", "w", "0", "-1"},
		{"ZREMRANGEBYRANK", "w", "0", "-1"}, {"EXISTS", "w"}, {"ZREMRANGEBYRANK", "w", "x", "1"}, {"ZREMRANGEBYRANK", "nokey", "0", "1"},
		{"ZADD", "w", "1", "a", "2", "b", "3", "c"}, {"ZREMRANGEBYSCORE", "w", "(1", "2"}, {"ZREMRANGEBYSCORE", "w", "x", "2"},
		{"ZREMRANGEBYSCORE", "w", "-inf", "+inf"}, {"EXISTS", "w"}, {"ZADD", "w", "0", "a", "0", "b", "0", "c"},
		{"ZREMRANGEBYLEX", "w", "[b", "+"}, {"ZREMRANGEBYLEX", "w", "b", "+"}, {"ZRANGE", "w", "0", "-1"},
		{"ZREMRANGEBYLEX", "w", "-", "+"}, {"EXISTS", "w"},
		// Pops.
		{"ZADD", "p", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f"}, {"ZPOPMIN", "p"}, {"ZPOPMAX", "p"},
		{"ZPOPMIN", "p", "2"}, {"ZPOPMAX", "p", "0"}, {"ZPOPMIN", "p", "-1"}, {"ZPOPMIN", "p", "x"},
		{"ZPOPMIN", "p", "1", "2"}, {"ZPOPMIN", "nokey"}, {"ZPOPMIN", "nokey", "0"}, {"ZPOPMIN", "s"}, {"ZPOPMAX", "p", "10"},
		{"EXISTS", "p"}, {"ZADD", "p", "1", "a", "2", "b", "3", "c"}, {"ZMPOP", "2", "nokey", "p", "MIN"},
		{"ZMPOP", "1", "p", "MAX", "COUNT", "10"}, {"ZMPOP", "1", "p", "MIN"}, {"ZMPOP", "2", "s", "p", "MIN"},
		{"ZMPOP", "0", "p", "MIN"}, {"ZMPOP", "x", "p", "MIN"}, {"ZMPOP", "1", "p", "FOO"}, {"ZMPOP", "2", "p", "MIN"},
		{"ZMPOP", "1", "p", "MIN", "COUNT", "0"}, {"ZMPOP", "1", "p", "MIN", "COUNT", "x"}, {"ZMPOP", "1", "p", "MIN", "COUNT"},
		{"ZMPOP", "1", "p", "MIN", "COUNT", "1", "COUNT", "1"}, {"ZMPOP", "1", "p", "min", "count", "1"},
		{"ZMPOP", "9223372036854775807", "p", "MIN"},
		{"BZPOPMIN", "nokey", "-1"}, {"BZPOPMIN", "nokey", "x"}, {"BZMPOP", "0", "0", "p", "MIN"}, {"BZMPOP", "x", "1", "p", "MIN"},
		{"BZMPOP", "1", "1", "p", "FOO"}, {"BZPOPMIN", "s", "0"},
		{"ZADD", "p", "1", "a", "2", "b", "3", "c"}, {"BZPOPMIN", "nokey", "p", "0"}, {"BZPOPMAX", "p", "0"}, {"BZMPOP", "0", "1", "p", "MAX"},
		{"MULTI"}, {"BZPOPMIN", "p", "0"}, {"BZMPOP", "0", "1", "p", "MIN"}, {"EXEC"},
		{"ZPOPMIN", "big", "2"}, {"ZPOPMAX", "big"}, {"ZADD", "big", "-40", "m00000", "-39", "m00001", "56", "m04999"},
		// Algebra.
		{"ZUNION", "2", "u1", "u2", "WITHSCORES"}, {"ZUNION", "3", "u1", "u2", "set", "WEIGHTS", "1", "2", "3", "WITHSCORES"},
		{"ZUNION", "2", "u1", "u2", "AGGREGATE", "MIN", "WITHSCORES"}, {"ZUNION", "2", "u1", "u2", "AGGREGATE", "MAX"},
		{"ZINTER", "2", "u1", "u2", "WITHSCORES"}, {"ZINTER", "2", "u1", "set", "WITHSCORES"}, {"ZINTER", "2", "u1", "u1", "WITHSCORES"},
		{"ZINTER", "3", "u1", "u2", "nokey"}, {"ZDIFF", "2", "u1", "u2", "WITHSCORES"}, {"ZDIFF", "2", "u1", "u1"},
		{"ZDIFF", "3", "u2", "set", "u1"}, {"ZDIFF", "1", "nokey"}, {"ZDIFF", "2", "set", "u1", "WITHSCORES"},
		{"ZUNION", "2", "z", "u1", "WEIGHTS", "0", "1", "WITHSCORES"}, {"ZUNION", "2", "z", "z", "WEIGHTS", "1", "-1", "WITHSCORES"},
		{"ZINTER", "2", "z", "z", "WEIGHTS", "inf", "-inf", "WITHSCORES"}, {"ZUNION", "2", "z", "z", "WEIGHTS", "-1", "-1", "WITHSCORES"},
		{"ZUNION", "1", "z", "WEIGHTS", "-0", "AGGREGATE", "MAX", "WITHSCORES"},
		{"ZUNION", "0", "u1"}, {"ZUNION", "-1", "u1"}, {"ZUNION", "x", "u1"}, {"ZUNION", "3", "u1", "u2"},
		{"ZUNION", "2", "u1", "s"}, {"ZUNION", "2", "u1", "u2", "WEIGHTS", "1"}, {"ZUNION", "2", "u1", "u2", "WEIGHTS", "1", "x"},
		{"ZUNION", "2", "u1", "u2", "AGGREGATE", "FOO"}, {"ZUNION", "2", "u1", "u2", "AGGREGATE"}, {"ZUNION", "1", "u1", "FOO"},
		{"ZUNION", "1", "u1", "WITHSCORES", "WITHSCORES"}, {"ZDIFF", "1", "u1", "WEIGHTS", "1"}, {"ZDIFF", "1", "u1", "AGGREGATE", "SUM"},
		{"ZINTER", "1", "u1", "LIMIT", "1"}, {"ZUNION", "2", "s", "nokey", "WEIGHTS", "x", "y"},
		{"ZINTERCARD", "2", "u1", "u2"}, {"ZINTERCARD", "2", "u1", "u2", "LIMIT", "1"}, {"ZINTERCARD", "1", "u1", "LIMIT", "0"},
		{"ZINTERCARD", "1", "u1", "LIMIT", "-1"}, {"ZINTERCARD", "1", "u1", "LIMIT", "x"}, {"ZINTERCARD", "0", "u1"},
		{"ZINTERCARD", "1", "u1", "WITHSCORES"}, {"ZINTERCARD", "2", "u1", "set"}, {"ZINTERCARD", "1", "s"},
		{"ZUNIONSTORE", "d", "2", "u1", "u2"}, {"ZRANGE", "d", "0", "-1", "WITHSCORES"}, {"OBJECT", "ENCODING", "d"},
		{"ZINTERSTORE", "d", "2", "u1", "u2", "WEIGHTS", "2", "3", "AGGREGATE", "SUM"}, {"ZRANGE", "d", "0", "-1", "WITHSCORES"},
		{"ZDIFFSTORE", "d", "2", "u1", "u2"}, {"ZRANGE", "d", "0", "-1", "WITHSCORES"}, {"ZDIFFSTORE", "d", "2", "u1", "u1"},
		{"EXISTS", "d"}, {"SET", "d", "x"}, {"EXPIRE", "d", "100"}, {"ZUNIONSTORE", "d", "1", "u1"}, {"TTL", "d"}, {"TYPE", "d"},
		{"ZUNIONSTORE", "d", "1", "u1", "WITHSCORES"}, {"ZUNIONSTORE", "d", "0", "u1"}, {"ZUNIONSTORE", "u1", "2", "u1", "u1"},
		{"ZRANGE", "u1", "0", "-1", "WITHSCORES"}, {"ZUNIONSTORE", "u1", "1", "u1", "WEIGHTS", "0.5"},
		{"ZINTERSTORE", "d", "2", "big", "z"}, {"ZUNIONSTORE", "d", "2", "big", "lex"}, {"ZCARD", "d"}, {"OBJECT", "ENCODING", "d"},
		{"ZUNIONSTORE", "d", "1", "neg"}, {"ZSCORE", "d", "a"}, {"DEL", "d"},
		{"ZRANGESTORE", "d", "z", "0", "-1"}, {"ZRANGE", "d", "0", "-1", "WITHSCORES"}, {"OBJECT", "ENCODING", "d"},
		{"ZRANGESTORE", "d", "z", "(1", "+inf", "BYSCORE", "LIMIT", "1", "2"}, {"ZRANGE", "d", "0", "-1", "WITHSCORES"},
		{"ZRANGESTORE", "d", "lex", "+", "[b", "BYLEX", "REV"}, {"ZRANGE", "d", "0", "-1"},
		{"ZRANGESTORE", "d", "nokey", "0", "-1"}, {"EXISTS", "d"}, {"ZRANGESTORE", "d", "z", "0", "-1", "WITHSCORES"},
		{"ZRANGESTORE", "d", "s", "0", "-1"}, {"ZRANGESTORE", "d", "big", "0", "199"}, {"ZCARD", "d"}, {"OBJECT", "ENCODING", "d"},
		{"DEL", "d"},
		// ZRANDMEMBER answers that are not random.
		{"ZRANDMEMBER", "nokey"}, {"ZRANDMEMBER", "nokey", "5"}, {"ZRANDMEMBER", "z", "0"}, {"ZRANDMEMBER", "z", "x"},
		{"ZRANDMEMBER", "z", "1", "foo"}, {"ZRANDMEMBER", "z", "1", "WITHSCORES", "x"}, {"ZRANDMEMBER", "s"},
		{"ZRANDMEMBER", "z", "-9223372036854775808"}, {"ZRANDMEMBER", "nokey", "-9223372036854775808", "x"},
		{"ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES"}, {"ZRANDMEMBER", "nokey", "-4611686018427387904", "WITHSCORES"},
		{"ZRANDMEMBER", "neg", "1", "WITHSCORES"}, {"ZRANDMEMBER", "neg", "-2", "WITHSCORES"},
		// ZSCAN errors and listpack scans (whole, in order).
		{"ZSCAN", "nokey", "0"}, {"ZSCAN", "nokey", "x"}, {"ZSCAN", "z", "x"}, {"ZSCAN", "s", "0"}, {"ZSCAN", "z", "0"},
		{"ZSCAN", "z", "0", "COUNT", "0"}, {"ZSCAN", "z", "0", "MATCH"}, {"ZSCAN", "z", "0", "MATCH", "[a-c]", "COUNT", "1"},
		{"ZSCAN", "lex", "123"}, {"ZSCAN", "neg", "0"},
		// Types and encodings.
		{"TYPE", "z"}, {"OBJECT", "ENCODING", "z"}, {"OBJECT", "ENCODING", "big"}, {"OBJECT", "ENCODING", "lex"},
		{"GET", "z"}, {"HGET", "z", "a"}, {"SADD", "z", "a"}, {"LPUSH", "z", "a"},
		// WRONGTYPE for every command on a string.
		{"ZADD", "s", "1", "a"}, {"ZINCRBY", "s", "1", "a"}, {"ZREM", "s", "a"}, {"ZRANGESTORE", "d", "s", "0", "1"},
		{"ZREMRANGEBYRANK", "s", "0", "1"}, {"ZREMRANGEBYSCORE", "s", "0", "1"}, {"ZREMRANGEBYLEX", "s", "-", "+"},
		{"ZPOPMAX", "s"}, {"ZMPOP", "1", "s", "MAX"}, {"ZRANDMEMBER", "s", "1"}, {"ZINTER", "1", "s"}, {"ZDIFF", "1", "s"},
		{"ZUNIONSTORE", "d", "1", "s"}, {"ZADD", "s", "XX", "1", "a"},
		// Flags and arity of ZADD.
		{"ZADD", "z", "XX", "NX", "1", "a"}, {"ZADD", "z", "GT", "LT", "1", "a"}, {"ZADD", "z", "GT", "NX", "1", "a"},
		{"ZADD", "z", "INCR", "1", "a", "2", "b"}, {"ZADD", "z", "1"}, {"ZADD", "z", "1", "a", "2"}, {"ZADD", "z", "nx"},
		{"ZADD", "z", "NX", "1"}, {"ZADD", "z", "FOO", "1", "a"}, {"ZADD", "z", "1", "a", "nan", "b"}, {"ZADD", "z", "x", "a"},
		{"ZADD", "z", "XX", "NX", "x", "a"}, {"ZADD", "z", "INCR", "1", "a", "x"}, {"ZADD", "s", "x", "a"},
		{"ZADD", "z", "nx\x00junk", "1", "zz"}, {"ZREM", "z", "zz"}, {"ZADD"}, {"ZADD", "z"},
		// Arity of the rest.
		{"ZINCRBY", "z", "1"}, {"ZREM", "z"}, {"ZSCORE", "z"}, {"ZMSCORE", "z"}, {"ZCARD"}, {"ZCOUNT", "z", "1"},
		{"ZLEXCOUNT", "z", "-"}, {"ZRANGESTORE", "d", "z", "0"}, {"ZRANGEBYSCORE", "z", "0"}, {"ZRANK", "z"},
		{"ZREMRANGEBYRANK", "z", "0"}, {"ZPOPMIN"}, {"ZMPOP", "1", "z"}, {"BZPOPMIN", "z"}, {"BZMPOP", "0", "1", "z"},
		{"ZRANDMEMBER"}, {"ZUNION", "1"}, {"ZUNIONSTORE", "d", "1"}, {"ZINTERCARD", "1"}, {"ZSCAN", "z"},
	}
}

// zrandmember runs ZRANDMEMBER on both servers and checks each reply
// against its own server's set: the number of picks, distinctness when
// count is positive, and that every pick (and score) is an entry.
func (p *hashPair) zrandmember(t *testing.T, args ...string) {
	t.Helper()
	tier, redis := p.do(t, args...)
	if tier == redis {
		return
	}
	if strings.HasPrefix(tier, "-") || strings.HasPrefix(redis, "-") || len(args) == 2 {
		if len(args) == 2 && strings.HasPrefix(tier, "$") && strings.HasPrefix(redis, "$") {
			return
		}
		t.Errorf("RESP%d %s:\ntierdb: %q\nredis:  %q", p.proto, quoteArgs(args), tier, redis)
		return
	}
	count, _ := strconv.ParseInt(args[2], 10, 64)
	withScores := len(args) == 4
	check := func(who, raw string, c *testserver.RawConn) []string {
		scores := zsetContent(t, c, args[1])
		n, err := parseReplyTree(raw)
		if err != nil {
			t.Fatalf("%s: %q: %v", who, raw, err)
		}
		var flat []*replyNode
		for _, it := range n.items {
			if it.kind == '*' {
				flat = append(flat, it.items...)
			} else {
				flat = append(flat, it)
			}
		}
		step := 1
		if withScores {
			step = 2
		}
		var members []string
		for i := 0; i+step <= len(flat); i += step {
			m := flat[i].str
			sc, ok := scores[m]
			if !ok || (withScores && flat[i+1].str != sc) {
				t.Errorf("%s: ZRANDMEMBER gave %q (%q), not an entry", who, m, raw)
			}
			members = append(members, m)
		}
		want := count
		if count < 0 {
			want = -count
		} else if want > int64(len(scores)) {
			want = int64(len(scores))
		}
		if int64(len(members)) != want || (count > 0 && len(uniqueStrings(members)) != len(members)) {
			t.Errorf("%s: ZRANDMEMBER %v gave %d members (want %d): %q", who, args[2:], len(members), want, raw)
		}
		return members
	}
	a := check("tierdb", tier, p.tier)
	b := check("redis", redis, p.redis)
	if count >= int64(len(zsetContent(t, p.redis, args[1]))) && !slices.Equal(uniqueStrings(a), uniqueStrings(b)) {
		t.Errorf("ZRANDMEMBER %v: whole sets differ", args)
	}
}

// zsetContent reads a whole sorted set from one server as member → score
// (in RESP3 too: scores are then doubles).
func zsetContent(t *testing.T, c *testserver.RawConn, key string) map[string]string {
	t.Helper()
	return pairsContent(t, c, "ZRANGE", key, "0", "-1", "WITHSCORES")
}

// Ensure that OBJECT ENCODING follows Redis's listpack limits for every
// writing command, and RESTORE, COPY and the STORE commands decide as Redis
// does; a listpack keeps -0 as 0.
func TestZsetDiff_Encoding(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, proto int) {
		p := startHashPair(t, proto, nil)
		long := strings.Repeat("x", 65)
		script := [][]string{
			{"CONFIG", "SET", "zset-max-listpack-entries", "3"},
			{"ZADD", "e", "1", "a", "2", "b", "-0", "c"}, {"OBJECT", "ENCODING", "e"}, {"ZSCORE", "e", "c"},
			{"ZADD", "e", "4", "d"}, {"OBJECT", "ENCODING", "e"}, {"ZREM", "e", "d", "c"}, {"OBJECT", "ENCODING", "e"},
			{"ZADD", "e", "-0", "n"}, {"ZSCORE", "e", "n"}, {"ZADD", "e", "-0", "a"}, {"ZSCORE", "e", "a"},
			{"ZADD", "f", "-0", "z", "1", "a", "2", "b", "3", "c"}, {"ZSCORE", "f", "z"}, {"OBJECT", "ENCODING", "f"},
			{"ZADD", "g", "1", long, "-0", "z"}, {"ZSCORE", "g", "z"}, {"OBJECT", "ENCODING", "g"},
			{"ZADD", "h", "-0", "z", "1", long}, {"ZSCORE", "h", "z"}, {"OBJECT", "ENCODING", "h"},
			{"ZADD", "i", "1", "a"}, {"ZADD", "i", "XX", "1", long}, {"OBJECT", "ENCODING", "i"},
			{"ZADD", "i", "NX", "1", "a"}, {"ZINCRBY", "i", "1", long}, {"OBJECT", "ENCODING", "i"},
			{"ZADD", "j", "1", "a"}, {"ZADD", "j", "-0", "a"}, {"ZSCORE", "j", "a"}, {"ZADD", "j", "5", "a"},
			{"ZADD", "j", "-0", "a"}, {"ZSCORE", "j", "a"}, {"ZINCRBY", "j", "-0", "b"}, {"ZSCORE", "j", "b"},
			{"ZADD", "j", "INCR", "-0", "c"}, {"ZRANGE", "j", "0", "-1", "WITHSCORES"},
			{"ZUNIONSTORE", "u", "1", "g"}, {"OBJECT", "ENCODING", "u"}, {"ZSCORE", "u", "z"},
			{"ZUNIONSTORE", "u", "1", "g", "WEIGHTS", "-1"}, {"ZSCORE", "u", "z"},
			{"ZINTERSTORE", "u", "1", "e"}, {"OBJECT", "ENCODING", "u"}, {"ZDIFFSTORE", "u", "2", "f", "e"}, {"OBJECT", "ENCODING", "u"},
			{"ZRANGESTORE", "r", "g", "0", "-1"}, {"OBJECT", "ENCODING", "r"}, {"ZRANGE", "r", "0", "-1", "WITHSCORES"},
			{"ZRANGESTORE", "r", "g", "0", "0"}, {"OBJECT", "ENCODING", "r"}, {"ZSCORE", "r", "z"},
			{"CONFIG", "SET", "zset-max-listpack-entries", "0"},
			{"ZADD", "k", "-0", "z"}, {"ZSCORE", "k", "z"}, {"OBJECT", "ENCODING", "k"},
			{"ZRANGESTORE", "r", "g", "0", "0"}, {"OBJECT", "ENCODING", "r"}, {"ZSCORE", "r", "z"},
			{"CONFIG", "SET", "zset-max-listpack-entries", "128"},
			{"COPY", "f", "fcopy"}, {"OBJECT", "ENCODING", "fcopy"}, {"RENAME", "f", "fr"}, {"OBJECT", "ENCODING", "fr"},
		}
		for _, cmd := range script {
			p.same(t, cmd...)
		}
		p.scanBoth(t, "ZSCAN", "e", 2)
		p.scanBoth(t, "ZSCAN", "i", 2, "COUNT", "100")
		// RESTORE decides from the content, whatever the source's encoding.
		for _, key := range []string{"f", "g", "h", "e"} {
			for _, srv := range []*testserver.RawConn{p.tier, p.redis} {
				src := key
				if key == "f" {
					src = "fr"
				}
				dump, _ := srv.Do("DUMP", src)
				if reply, _ := srv.Do("RESTORE", "r-"+key, "0", replyItems(t, dump)[0]); reply != "+OK\r\n" {
					t.Fatalf("RESTORE %s: %q", key, reply)
				}
			}
			p.same(t, "OBJECT", "ENCODING", "r-"+key)
			p.same(t, "ZRANGE", "r-"+key, "0", "-1", "WITHSCORES")
		}
	})
}

// zsetOpGen makes random sorted set commands over a few keys.
type zsetOpGen struct{ r *rand.Rand }

var (
	zsetKeys    = []string{"z1", "z2", "z3", "s", "set", "nokey"}
	zsetScores  = []string{"0", "1", "2", "3", "-1", "1.5", "0.1", "-2.25", "1e300", "-1e-5", "inf", "-inf", "-0", "3.0", "7"}
	zsetBounds  = []string{"-inf", "+inf", "0", "1", "(1", "2", "(2", "-1", "(-1", "3", "(0.1", "1e300", "(inf", "x", "nan"}
	zsetMembers = []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "long-member-name-over-16", "\x00bin", ""}
	zsetLexEnds = []string{"-", "+", "[a", "(a", "[c", "(c", "[e", "(f", "[", "(", "x"}
)

func (g zsetOpGen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g zsetOpGen) key() string {
	if g.r.IntN(10) < 7 {
		return []string{"z1", "z2", "z3"}[g.r.IntN(3)]
	}
	return g.pick(zsetKeys)
}

// index is a rank argument, often negative, sometimes out of range.
func (g zsetOpGen) index() string { return strconv.Itoa(g.r.IntN(24) - 12) }

// next returns one command and whether its reply is random.
func (g zsetOpGen) next() ([]string, bool) {
	r := g.r
	k := g.key()
	switch op := r.IntN(30); op {
	case 0, 1, 2, 3:
		args := []string{"ZADD", k}
		for _, f := range []string{"NX", "XX", "GT", "LT", "CH", "INCR"} {
			if r.IntN(8) == 0 {
				args = append(args, f)
			}
		}
		for range 1 + r.IntN(4) {
			args = append(args, g.pick(zsetScores), g.pick(zsetMembers))
		}
		return args, false
	case 4:
		return []string{"ZINCRBY", k, g.pick(zsetScores), g.pick(zsetMembers)}, false
	case 5:
		return []string{"ZREM", k, g.pick(zsetMembers), g.pick(zsetMembers)}, false
	case 6:
		return []string{"ZSCORE", k, g.pick(zsetMembers)}, false
	case 7:
		return []string{"ZMSCORE", k, g.pick(zsetMembers), g.pick(zsetMembers)}, false
	case 8:
		return []string{"ZCOUNT", k, g.pick(zsetBounds), g.pick(zsetBounds)}, false
	case 9, 10:
		args := []string{"ZRANGE", k, g.index(), g.index()}
		if r.IntN(2) == 0 {
			args = []string{"ZRANGE", k, g.pick(zsetBounds), g.pick(zsetBounds), "BYSCORE"}
			if r.IntN(2) == 0 {
				args = append(args, "LIMIT", strconv.Itoa(r.IntN(6)-1), strconv.Itoa(r.IntN(6)-1))
			}
		}
		if r.IntN(2) == 0 {
			args = append(args, "REV")
		}
		if r.IntN(2) == 0 {
			args = append(args, "WITHSCORES")
		}
		return args, false
	case 11:
		return []string{"ZREVRANGE", k, g.index(), g.index(), "WITHSCORES"}, false
	case 12:
		cmd := []string{"ZRANGEBYSCORE", "ZREVRANGEBYSCORE"}[r.IntN(2)]
		return []string{cmd, k, g.pick(zsetBounds), g.pick(zsetBounds), "WITHSCORES", "LIMIT", strconv.Itoa(r.IntN(4)), strconv.Itoa(r.IntN(5) - 1)}, false
	case 13:
		return []string{[]string{"ZRANK", "ZREVRANK"}[r.IntN(2)], k, g.pick(zsetMembers)}, false
	case 14:
		return []string{"ZREMRANGEBYRANK", k, g.index(), g.index()}, false
	case 15:
		return []string{"ZREMRANGEBYSCORE", k, g.pick(zsetBounds), g.pick(zsetBounds)}, false
	case 16:
		args := []string{[]string{"ZPOPMIN", "ZPOPMAX"}[r.IntN(2)], k}
		if r.IntN(2) == 0 {
			args = append(args, strconv.Itoa(r.IntN(4)))
		}
		return args, false
	case 17:
		return []string{"ZMPOP", "2", k, g.key(), []string{"MIN", "MAX"}[r.IntN(2)], "COUNT", strconv.Itoa(1 + r.IntN(3))}, false
	case 18, 19:
		cmd := []string{"ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZINTERCARD"}[r.IntN(7)]
		args := []string{cmd}
		if strings.HasSuffix(cmd, "STORE") {
			args = append(args, g.key())
		}
		n := 1 + r.IntN(3)
		args = append(args, strconv.Itoa(n))
		for range n {
			args = append(args, g.key())
		}
		if cmd != "ZDIFF" && cmd != "ZDIFFSTORE" && cmd != "ZINTERCARD" {
			if r.IntN(2) == 0 {
				args = append(args, "WEIGHTS")
				for range n {
					args = append(args, []string{"1", "2", "-1", "0.5", "0", "inf"}[r.IntN(6)])
				}
			}
			if r.IntN(2) == 0 {
				args = append(args, "AGGREGATE", []string{"SUM", "MIN", "MAX"}[r.IntN(3)])
			}
		}
		if cmd == "ZINTERCARD" && r.IntN(2) == 0 {
			args = append(args, "LIMIT", strconv.Itoa(r.IntN(3)))
		}
		if !strings.HasSuffix(cmd, "STORE") && cmd != "ZINTERCARD" && r.IntN(2) == 0 {
			args = append(args, "WITHSCORES")
		}
		return args, false
	case 20:
		if r.IntN(2) == 0 {
			return []string{"ZRANGESTORE", g.key(), k, g.index(), g.index()}, false
		}
		return []string{"ZRANGESTORE", g.key(), k, g.pick(zsetBounds), g.pick(zsetBounds), "BYSCORE", "LIMIT", "1", "3"}, false
	case 21:
		return []string{"OBJECT", "ENCODING", k}, false
	case 22:
		return []string{"ZCARD", k}, false
	case 23, 24:
		// Lex ranges on a set whose scores are all equal.
		cmd := []string{"ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZLEXCOUNT", "ZREMRANGEBYLEX"}[r.IntN(4)]
		args := []string{cmd, "lex", g.pick(zsetLexEnds), g.pick(zsetLexEnds)}
		if (cmd == "ZRANGEBYLEX" || cmd == "ZREVRANGEBYLEX") && r.IntN(2) == 0 {
			args = append(args, "LIMIT", strconv.Itoa(r.IntN(4)-1), strconv.Itoa(r.IntN(4)-1))
		}
		return args, false
	case 25:
		return []string{"ZADD", "lex", "0", g.pick(zsetMembers), "0", g.pick(zsetMembers)}, false
	case 26:
		return []string{"ZRANGE", "lex", g.pick(zsetLexEnds), g.pick(zsetLexEnds), "BYLEX", "REV", "LIMIT", "0", strconv.Itoa(r.IntN(5) - 1)}, false
	case 27:
		return []string{"ZRANDMEMBER", k, strconv.Itoa(r.IntN(12) - 6), "WITHSCORES"}, true
	case 28:
		return []string{"ZSCAN", k, "0"}, false
	}
	return []string{"ZRANGE", k, "0", "-1", "WITHSCORES"}, false
}

// Ensure that a seeded random sequence of sorted set commands over a few
// keys (with duplicate scores, infinities and -0, small listpack limits, a
// plain set and a string among them) gives Redis's replies throughout,
// with tierdb restarted from time to time, in both protocols.
func TestZsetDiff_Random(t *testing.T) {
	randomDiff{kind: "zset", limits: zsetDiffLimits, ops: 3000, restartEvery: 1000,
		setup: [][]string{{"SET", "s", "string"}, {"SADD", "set", "a", "b", "x"}},
		step: func(t *testing.T, r *rand.Rand, p *hashPair) {
			switch cmd, random := (zsetOpGen{r: r}).next(); {
			case random:
				p.zrandmember(t, cmd...)
			case cmd[0] == "ZSCAN":
				p.zscanCompare(t, cmd[1])
			default:
				p.same(t, cmd...)
			}
		},
		end: func(t *testing.T, p *hashPair) {
			for _, k := range []string{"z1", "z2", "z3", "lex"} {
				p.same(t, "ZRANGE", k, "0", "-1", "WITHSCORES")
				p.same(t, "OBJECT", "ENCODING", k)
			}
		}}.run(t)
}

// zscanCompare compares ZSCAN key 0: byte for byte for a set Redis holds as
// a listpack (whole, in order), as full iterations otherwise.
func (p *hashPair) zscanCompare(t *testing.T, key string) {
	t.Helper()
	enc, _ := p.redis.Do("OBJECT", "ENCODING", key)
	if strings.Contains(enc, "skiplist") {
		p.scanBoth(t, "ZSCAN", key, 2)
		p.scanBoth(t, "ZSCAN", key, 2, "COUNT", "3", "MATCH", "[a-f]*")
		return
	}
	p.same(t, "ZSCAN", key, "0")
}

// Ensure that a big sorted set, with more entries than tierdb keeps in
// memory, gives Redis's replies to range reads, rank reads, pops and range
// removals at both ends, hot and after a restart, in both protocols.
func TestZsetDiff_BigSet(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, proto int) {
		seed := rand.Uint64()
		t.Logf("zset big seed %d (RESP%d)", seed, proto)
		r := rand.New(rand.NewPCG(seed, 3))
		p := startHashPair(t, proto, nil)
		p.same(t, bigZsetArgs("big", 9000)...)
		member := func() string { return fmt.Sprintf("m%05d", r.IntN(9100)) }
		score := func() string { return strconv.Itoa(r.IntN(100) - 45) }
		for i := range 600 {
			if i == 300 {
				p.restart(t)
			}
			var cmd []string
			switch r.IntN(14) {
			case 0:
				cmd = []string{"ZADD", "big", score(), member(), score(), member()}
			case 1:
				cmd = []string{"ZREM", "big", member()}
			case 2:
				cmd = []string{"ZRANGE", "big", strconv.Itoa(r.IntN(20000) - 10000), strconv.Itoa(r.IntN(20000) - 10000), "WITHSCORES"}
				if r.IntN(2) == 0 {
					cmd[3] = strconv.Itoa(atoi(cmd[2]) + r.IntN(12))
				}
			case 3:
				cmd = []string{"ZRANGE", "big", score(), "(" + score(), "BYSCORE", "LIMIT", strconv.Itoa(r.IntN(200)), "7"}
			case 4:
				cmd = []string{"ZRANGE", "big", "(" + score(), score(), "BYSCORE", "REV", "LIMIT", strconv.Itoa(r.IntN(200)), "5", "WITHSCORES"}
			case 5:
				cmd = []string{[]string{"ZRANK", "ZREVRANK"}[r.IntN(2)], "big", member()}
			case 6:
				cmd = []string{"ZCOUNT", "big", score(), score()}
			case 7:
				cmd = []string{[]string{"ZPOPMIN", "ZPOPMAX"}[r.IntN(2)], "big", strconv.Itoa(r.IntN(4))}
			case 8:
				from := r.IntN(9000) - 4500
				cmd = []string{"ZREMRANGEBYRANK", "big", strconv.Itoa(from), strconv.Itoa(from + r.IntN(5))}
			case 9:
				s := r.IntN(100) - 45
				cmd = []string{"ZREMRANGEBYSCORE", "big", "(" + strconv.Itoa(s), strconv.Itoa(s+1) + ".5"}
			case 10:
				cmd = []string{"ZSCORE", "big", member()}
			case 11:
				cmd = []string{"ZINCRBY", "big", score(), member()}
			case 12:
				cmd = []string{"ZREVRANGE", "big", strconv.Itoa(r.IntN(9000)), strconv.Itoa(r.IntN(9000))}
			default:
				cmd = []string{"ZCARD", "big"}
			}
			p.same(t, cmd...)
			if t.Failed() {
				t.Fatalf("seed %d, op %d", seed, i)
			}
		}
		p.scanBoth(t, "ZSCAN", "big", 2)
		p.same(t, "ZRANGE", "big", "0", "-1", "WITHSCORES")
	})
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

package e2e

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// Differential tests of the list commands: the same commands go to tierdb
// and to a real redis-server, in RESP2 and RESP3, and the replies must be
// the same bytes (list replies have a defined order). tierdb restarts
// along the way, so that later commands find the lists only on disk. The
// pair is hash_diff_test.go's (hashPair): nothing in it is about hashes.
//
// Not compared: DUMP payloads (tierdb's format is its own), and timeouts
// that Redis 7.0 turns negative by overflowing (BLPOP k inf): see
// blocking.go's parseBlockTimeout.

// Ensure that every list command, its errors and its arity, replies as
// Redis 7.0 does, hot and after a restart.
func TestListDiff_Commands(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, proto int) {
		p := startHashPair(t, proto, nil)
		for _, cmd := range [][]string{
			{"RPUSH", "l", "a", "b", "c", "d", "e"}, {"RPUSH", "dup", "x", "a", "x", "b", "x", "c", "x"},
			{"SET", "s", "str"}, {"RPUSH", "bin", "\x00\r\n", "", "\xff"}, {"HSET", "h", "f", "v"},
			bigListArgs("big", 4200),
		} {
			p.same(t, cmd...)
		}
		p.hotThenCold(t, func(t *testing.T) { p.listScript(t) })
	})
}

// bigListArgs is an RPUSH of n elements e0 ... e(n-1).
func bigListArgs(key string, n int) []string {
	args := []string{"RPUSH", key}
	for i := range n {
		args = append(args, fmt.Sprint("e", i))
	}
	return args
}

// listScript is TestListDiff_Commands's script. It leaves the keys of the
// setup as they were.
func (p *hashPair) listScript(t *testing.T) {
	t.Helper()
	for _, cmd := range [][]string{
		// Reads.
		{"LLEN", "l"}, {"LLEN", "big"}, {"LLEN", "nokey"}, {"LLEN", "s"}, {"LLEN", "h"},
		{"LRANGE", "l", "0", "-1"}, {"LRANGE", "l", "-3", "-2"}, {"LRANGE", "l", "2", "1"}, {"LRANGE", "l", "-100", "100"},
		{"LRANGE", "l", "5", "5"}, {"LRANGE", "l", "4", "4"}, {"LRANGE", "l", "-9223372036854775808", "9223372036854775807"},
		{"LRANGE", "l", "9223372036854775807", "-9223372036854775808"}, {"LRANGE", "big", "4190", "10000"},
		{"LRANGE", "big", "-3", "-1"}, {"LRANGE", "big", "2000", "2010"}, {"LRANGE", "bin", "0", "-1"},
		{"LRANGE", "nokey", "0", "-1"}, {"LRANGE", "nokey", "x", "0"}, {"LRANGE", "l", "0", "x"}, {"LRANGE", "s", "0", "1"},
		{"LRANGE", "s", "x", "1"}, {"LRANGE", "l", " 1", "2"}, {"LRANGE", "l", "01", "2"}, {"LRANGE", "l", "+1", "2"},
		{"LINDEX", "l", "0"}, {"LINDEX", "l", "-1"}, {"LINDEX", "l", "-5"}, {"LINDEX", "l", "-6"}, {"LINDEX", "l", "5"},
		{"LINDEX", "big", "4199"}, {"LINDEX", "big", "-4200"}, {"LINDEX", "big", "4200"}, {"LINDEX", "bin", "1"},
		{"LINDEX", "nokey", "x"}, {"LINDEX", "l", "x"}, {"LINDEX", "s", "x"}, {"LINDEX", "l", "9223372036854775808"},
		{"LPOS", "dup", "x"}, {"LPOS", "dup", "x", "RANK", "3"}, {"LPOS", "dup", "x", "RANK", "-2"},
		{"LPOS", "dup", "x", "RANK", "5"}, {"LPOS", "dup", "x", "RANK", "-5"}, {"LPOS", "dup", "x", "COUNT", "0"},
		{"LPOS", "dup", "x", "COUNT", "2"}, {"LPOS", "dup", "x", "COUNT", "2", "RANK", "2"},
		{"LPOS", "dup", "x", "COUNT", "0", "RANK", "-2"}, {"LPOS", "dup", "x", "COUNT", "0", "MAXLEN", "3"},
		{"LPOS", "dup", "x", "COUNT", "0", "MAXLEN", "3", "RANK", "-1"}, {"LPOS", "dup", "x", "MAXLEN", "1", "RANK", "2"},
		{"LPOS", "dup", "c", "MAXLEN", "6"}, {"LPOS", "dup", "c", "MAXLEN", "7"}, {"LPOS", "dup", "x", "RANK", "-9223372036854775808"},
		{"LPOS", "dup", "x", "RANK", "-9223372036854775808", "COUNT", "2"}, {"LPOS", "dup", "x", "RANK", "-9223372036854775807"},
		{"LPOS", "dup", "x", "RANK", "9223372036854775807", "COUNT", "0"}, {"LPOS", "dup", "nosuch", "COUNT", "3"},
		{"LPOS", "dup", "x", "rank", "2", "RANK", "1", "count", "1", "COUNT", "5"}, {"LPOS", "big", "e4100"},
		{"LPOS", "big", "e7", "RANK", "-1"}, {"LPOS", "big", "e7", "RANK", "-1", "MAXLEN", "100"},
		{"LPOS", "big", "e4100", "MAXLEN", "4100"}, {"LPOS", "big", "e4100", "MAXLEN", "4101", "COUNT", "0"},
		{"LPOS", "bin", ""}, {"LPOS", "nokey", "x"}, {"LPOS", "nokey", "x", "COUNT", "0"}, {"LPOS", "s", "x"},
		{"LPOS", "dup", "x", "RANK", "0"}, {"LPOS", "nokey", "x", "RANK", "0"}, {"LPOS", "s", "x", "RANK", "0"},
		{"LPOS", "dup", "x", "RANK", "x"}, {"LPOS", "dup", "x", "RANK", "1.5"}, {"LPOS", "dup", "x", "COUNT", "-1"},
		{"LPOS", "dup", "x", "COUNT", "x"}, {"LPOS", "dup", "x", "MAXLEN", "-1"}, {"LPOS", "dup", "x", "MAXLEN", "x"},
		{"LPOS", "dup", "x", "FOO"}, {"LPOS", "dup", "x", "RANK"}, {"LPOS", "dup", "x", "COUNT", "1", "MAXLEN"},
		{"LPOS", "dup", "x", "RANK", "0", "FOO"}, {"LPOS", "dup", "x", "FOO", "RANK", "0"},
		{"TYPE", "l"}, {"OBJECT", "ENCODING", "l"}, {"OBJECT", "ENCODING", "big"}, {"OBJECT", "ENCODING", "bin"},
		{"GET", "l"}, {"HGET", "l", "x"}, {"APPEND", "big", "x"},
		// Arity.
		{"LPUSH", "l"}, {"RPUSH"}, {"LPUSHX", "l"}, {"RPUSHX", "l"}, {"LPOP"}, {"LPOP", "l", "1", "2"}, {"RPOP", "l", "1", "2"},
		{"LLEN"}, {"LLEN", "l", "x"}, {"LRANGE", "l", "0"}, {"LINDEX", "l"}, {"LSET", "l", "0"}, {"LINSERT", "l", "BEFORE", "a"},
		{"LREM", "l", "0"}, {"LTRIM", "l", "0"}, {"LPOS", "l"}, {"LMOVE", "l", "x", "LEFT"}, {"RPOPLPUSH", "l"},
		{"LMPOP", "1", "l"}, {"BLPOP", "l"}, {"BRPOP", "l"}, {"BLMOVE", "l", "x", "LEFT", "LEFT"},
		{"BRPOPLPUSH", "l", "x"}, {"BLMPOP", "0", "1", "l"}, {"lpush"}, {"LiNdEx", "l", "0"},
		// WRONGTYPE and argument errors, in Redis's order of checks.
		{"LPUSH", "s", "x"}, {"RPUSH", "h", "x"}, {"LPUSHX", "s", "x"}, {"RPUSHX", "s", "x"}, {"LPOP", "s"},
		{"RPOP", "s", "1"}, {"LPOP", "s", "-1"}, {"LPOP", "s", "x"}, {"LPOP", "l", "-1"}, {"LPOP", "l", "x"},
		{"LPOP", "nokey", "-1"}, {"LPOP", "l", "9223372036854775808"}, {"LSET", "s", "0", "x"}, {"LSET", "nokey", "0", "x"},
		{"LSET", "nokey", "x", "x"}, {"LSET", "l", "x", "x"}, {"LSET", "l", "5", "x"}, {"LSET", "l", "-6", "x"},
		{"LSET", "s", "x", "x"}, {"LINSERT", "s", "BEFORE", "a", "x"}, {"LINSERT", "l", "MIDDLE", "a", "x"},
		{"LINSERT", "s", "MIDDLE", "a", "x"}, {"LINSERT", "nokey", "BEFORE", "a", "x"}, {"LINSERT", "l", "BEFORE", "zz", "x"},
		{"LINSERT", "nokey", "after", "a", "x"}, {"LREM", "s", "0", "x"}, {"LREM", "l", "x", "a"}, {"LREM", "s", "x", "a"},
		{"LREM", "nokey", "0", "a"}, {"LREM", "l", "0", "zz"}, {"LTRIM", "s", "0", "1"}, {"LTRIM", "l", "x", "1"},
		{"LTRIM", "s", "x", "1"}, {"LTRIM", "nokey", "0", "1"}, {"EXISTS", "nokey"},
		{"LMOVE", "l", "s", "LEFT", "LEFT"}, {"LMOVE", "s", "l", "LEFT", "LEFT"}, {"LMOVE", "nokey", "s", "LEFT", "LEFT"},
		{"LMOVE", "l", "x", "MIDDLE", "LEFT"}, {"LMOVE", "l", "x", "LEFT", "MIDDLE"}, {"LMOVE", "nokey", "x", "MIDDLE", "LEFT"},
		{"RPOPLPUSH", "l", "s"}, {"RPOPLPUSH", "s", "l"}, {"RPOPLPUSH", "nokey", "l"},
		{"LMPOP", "0", "l", "LEFT"}, {"LMPOP", "-1", "l", "LEFT"}, {"LMPOP", "x", "l", "LEFT"}, {"LMPOP", "2", "l", "LEFT"},
		{"LMPOP", "1", "l", "MIDDLE"}, {"LMPOP", "1", "l", "LEFT", "COUNT", "0"}, {"LMPOP", "1", "l", "LEFT", "COUNT", "-1"},
		{"LMPOP", "1", "l", "LEFT", "COUNT", "x"}, {"LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "2"},
		{"LMPOP", "1", "l", "LEFT", "COUNT"}, {"LMPOP", "1", "l", "LEFT", "FOO"}, {"LMPOP", "1", "nokey", "LEFT"},
		{"LMPOP", "2", "nokey", "nokey2", "RIGHT", "COUNT", "3"}, {"LMPOP", "1", "s", "LEFT"}, {"LMPOP", "2", "s", "l", "LEFT"},
		{"LMPOP", "9223372036854775807", "l", "LEFT"}, {"LMPOP", "1", "s", "LEFT", "COUNT", "0"},
		{"BLPOP", "l", "x"}, {"BLPOP", "l", "-1"}, {"BLPOP", "l", "-0.5"}, {"BLPOP", "l", ""}, {"BLPOP", "l", "nan"},
		{"BLPOP", "s", "0"}, {"BLPOP", "nokey", "s", "0"}, {"BRPOP", "s", "x"}, {"BLMOVE", "l", "x", "LEFT", "LEFT", "x"},
		{"BLMOVE", "l", "x", "UP", "LEFT", "x"}, {"BLMOVE", "l", "s", "LEFT", "LEFT", "0"}, {"BLMOVE", "s", "l", "LEFT", "LEFT", "0"},
		{"BRPOPLPUSH", "l", "x", "-1"}, {"BRPOPLPUSH", "s", "x", "0"}, {"BLMPOP", "x", "1", "l", "LEFT"},
		{"BLMPOP", "0", "0", "l", "LEFT"}, {"BLMPOP", "-1", "1", "l", "LEFT"}, {"BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0"},
		{"BLMPOP", "0", "1", "s", "LEFT"}, {"BLMPOP", "0", "2", "l", "LEFT"},
		// Writes on scratch keys; the setup's keys end as they began.
		{"LPUSH", "w", "a", "b", "c"}, {"RPUSH", "w", "d"}, {"LPUSHX", "w", "e", "f"}, {"RPUSHX", "w", "g"},
		{"LPUSHX", "w2", "a"}, {"RPUSHX", "w2", "a"}, {"EXISTS", "w2"}, {"LRANGE", "w", "0", "-1"},
		{"LPOP", "w"}, {"RPOP", "w"}, {"LPOP", "w", "0"}, {"LPOP", "w", "2"}, {"RPOP", "w", "1"}, {"LPOP", "nokey", "0"},
		{"RPOP", "nokey", "2"}, {"LPOP", "nokey"}, {"LRANGE", "w", "0", "-1"}, {"RPOP", "w", "9223372036854775807"},
		{"EXISTS", "w"}, {"RPUSH", "w", "a", "b", "c", "b", "a"}, {"LSET", "w", "1", "B"}, {"LSET", "w", "-1", "A"},
		{"LINSERT", "w", "BEFORE", "c", "c0"}, {"LINSERT", "w", "AFTER", "c", "c1"}, {"LINSERT", "w", "before", "a", "0"},
		{"LINSERT", "w", "AFTER", "A", "Z"}, {"LINSERT", "w", "AFTER", "b", "b1"}, {"LRANGE", "w", "0", "-1"},
		{"RPUSH", "w", "x", "y", "x", "z", "x"}, {"LREM", "w", "2", "x"}, {"LRANGE", "w", "0", "-1"}, {"LREM", "w", "-1", "Z"},
		{"RPUSH", "w", "x", "x"}, {"LREM", "w", "-2", "x"}, {"LRANGE", "w", "0", "-1"}, {"LREM", "w", "0", "x"},
		{"LREM", "w", "-9223372036854775808", "c"}, {"LRANGE", "w", "0", "-1"}, {"LTRIM", "w", "1", "-2"},
		{"LRANGE", "w", "0", "-1"}, {"LTRIM", "w", "-2", "-1"}, {"LRANGE", "w", "0", "-1"}, {"LTRIM", "w", "1", "0"},
		{"EXISTS", "w"}, {"RPUSH", "w", "a"}, {"LTRIM", "w", "5", "10"}, {"EXISTS", "w"}, {"RPUSH", "w", "a"},
		{"LTRIM", "w", "-9223372036854775808", "9223372036854775807"}, {"LREM", "w", "1", "a"}, {"EXISTS", "w"},
		{"RPUSH", "m", "1", "2", "3"}, {"LMOVE", "m", "m2", "LEFT", "RIGHT"}, {"LMOVE", "m", "m2", "RIGHT", "LEFT"},
		{"LMOVE", "m", "m", "LEFT", "RIGHT"}, {"LMOVE", "m2", "m2", "LEFT", "RIGHT"}, {"LRANGE", "m2", "0", "-1"},
		{"LMOVE", "m2", "m2", "RIGHT", "LEFT"}, {"LMOVE", "m2", "m2", "LEFT", "LEFT"}, {"LMOVE", "m2", "m2", "RIGHT", "RIGHT"},
		{"LRANGE", "m2", "0", "-1"}, {"RPOPLPUSH", "m", "m2"}, {"EXISTS", "m"}, {"RPOPLPUSH", "m", "m2"},
		{"LMOVE", "m", "m2", "LEFT", "LEFT"}, {"LRANGE", "m2", "0", "-1"}, {"LMPOP", "2", "nokey", "m2", "RIGHT", "COUNT", "2"},
		{"LMPOP", "1", "m2", "LEFT", "COUNT", "5"}, {"EXISTS", "m2"}, {"BLMPOP", "0", "1", "big", "LEFT", "COUNT", "2"},
		{"LPUSH", "big", "e1", "e0"}, {"BLPOP", "nokey", "big", "0"}, {"LPUSH", "big", "e0"}, {"BRPOP", "big", "nokey", "0.01"},
		{"RPUSH", "big", "e4199"}, {"BLMOVE", "big", "big", "LEFT", "RIGHT", "0"}, {"BRPOPLPUSH", "big", "big", "0"},
		{"LRANGE", "big", "0", "3"}, {"LRANGE", "big", "-3", "-1"},
		// The big list: edits on both sides of the middle, then undone.
		{"LSET", "big", "2100", "X"}, {"LINDEX", "big", "2100"}, {"LSET", "big", "2100", "e2100"},
		{"LINSERT", "big", "BEFORE", "e5", "i"}, {"LINSERT", "big", "AFTER", "e4190", "j"}, {"LLEN", "big"},
		{"LRANGE", "big", "4", "6"}, {"LRANGE", "big", "4190", "4193"}, {"LREM", "big", "0", "i"}, {"LREM", "big", "-1", "j"},
		{"LPOS", "big", "e4190", "RANK", "-1"}, {"RPUSH", "big", "t1", "t2"}, {"LPUSH", "big", "h1", "h2"},
		{"LTRIM", "big", "2", "-3"}, {"LLEN", "big"}, {"LRANGE", "big", "0", "1"}, {"LRANGE", "big", "-2", "-1"},
		{"EXISTS", "l", "dup", "big", "bin"},
	} {
		p.same(t, cmd...)
	}
}

// Ensure that lists move, copy, rename, expire and are deleted as in
// Redis, with their elements, hot and after a restart.
func TestListDiff_KeySpace(t *testing.T) {
	p := startHashPair(t, 2, nil)
	for _, cold := range []bool{false, true} {
		for _, cmd := range [][]string{
			{"FLUSHALL"}, {"RPUSH", "a", "1", "2", "3"}, {"RPUSH", "b", "x"}, {"SET", "s", "v"},
			{"EXPIRE", "b", "1000"}, {"RPUSH", "c", "k"}, bigListArgs("big", 4500),
		} {
			p.same(t, cmd...)
		}
		if cold {
			p.restart(t)
		}
		for _, cmd := range [][]string{
			{"TTL", "b"}, {"TYPE", "a"}, {"EXISTS", "a", "b", "c"},
			{"RENAME", "a", "a2"}, {"LRANGE", "a", "0", "-1"}, {"RENAMENX", "a2", "b"}, {"RENAME", "a2", "b"},
			{"TTL", "b"}, {"LLEN", "b"}, {"COPY", "b", "c"}, {"COPY", "b", "c", "REPLACE"}, {"RPUSH", "c", "4"},
			{"LRANGE", "b", "0", "-1"}, {"LRANGE", "c", "0", "-1"}, {"MOVE", "c", "1"}, {"EXISTS", "c"}, {"SELECT", "1"},
			{"LRANGE", "c", "0", "-1"}, {"COPY", "c", "c", "DB", "0"}, {"SELECT", "0"}, {"LRANGE", "c", "0", "-1"},
			{"SET", "b", "overwritten"}, {"LRANGE", "b", "0", "-1"}, {"GET", "b"}, {"RENAME", "s", "c"}, {"LLEN", "c"},
			{"COPY", "big", "big2"}, {"LPOP", "big2", "3"}, {"RENAME", "big2", "big3"}, {"LRANGE", "big3", "0", "2"},
			{"LLEN", "big"}, {"LRANGE", "big", "4497", "-1"}, {"MOVE", "big3", "2"}, {"SELECT", "2"},
			{"LRANGE", "big3", "-2", "-1"}, {"LLEN", "big3"}, {"SELECT", "0"}, {"DEL", "big"}, {"LLEN", "big"},
			{"RPUSH", "d", "v"}, {"PEXPIRE", "d", "1"}, {"SLEEP"}, {"LRANGE", "d", "0", "-1"}, {"EXISTS", "d"},
			{"RPUSH", "e", "v"}, {"EXPIRE", "e", "100"}, {"RPUSH", "e", "w"}, {"TTL", "e"}, {"PERSIST", "e"},
			{"LPUSH", "e", "u"}, {"TTL", "e"}, {"RPOP", "e", "3"}, {"EXISTS", "e"}, {"UNLINK", "c"}, {"DBSIZE"},
			{"SCAN", "0", "TYPE", "list", "COUNT", "100"}, {"SWAPDB", "0", "1"}, {"LLEN", "c"},
		} {
			if cmd[0] == "SLEEP" {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			p.same(t, cmd...)
		}
	}
}

// Ensure that a seeded random sequence of list commands over a few keys
// (one with more elements than tierdb keeps in memory, and one string),
// with negative and out-of-range indexes, gives Redis's replies
// throughout, with tierdb restarted from time to time so that the lists
// are read from disk, in both protocols.
func TestListDiff_Random(t *testing.T) {
	randomDiff{kind: "list", seed: 20240704, ops: 3000, restartEvery: 800,
		setup: [][]string{{"SET", "s", "string"}, bigListArgs("big", 4300)},
		step:  func(t *testing.T, r *rand.Rand, p *hashPair) { listOpGen{r: r}.step(t, p) },
		end: func(t *testing.T, p *hashPair) {
			for _, key := range append(listOpGen{}.keys(), "big") {
				p.same(t, "LRANGE", key, "0", "-1")
			}
		}}.run(t)
}

// listOpGen makes random list commands over a few small keys, a big list
// and a string.
type listOpGen struct{ r *rand.Rand }

func (g listOpGen) keys() []string { return []string{"l0", "l1", "l2", "l3"} }

func (g listOpGen) key() string {
	switch n := g.r.IntN(24); {
	case n == 0:
		return "s"
	case n < 4:
		return "big"
	case n == 4:
		return "nokey"
	default:
		return g.keys()[n%4]
	}
}

// small is a key that is never the big list.
func (g listOpGen) small() string {
	if g.r.IntN(12) == 0 {
		return "s"
	}
	return g.keys()[g.r.IntN(4)]
}

func (g listOpGen) value() string {
	switch n := g.r.IntN(20); {
	case n == 0:
		return ""
	case n == 1:
		return "\x00\r\n"
	case n == 2:
		return fmt.Sprint("e", g.r.IntN(4300))
	default:
		return fmt.Sprint("v", n%6)
	}
}

// index is an index for a list: mostly near its ends, on both sides,
// sometimes far out of range.
func (g listOpGen) index() string {
	switch n := g.r.IntN(10); {
	case n == 0:
		return strconv.Itoa(g.r.IntN(10000) - 5000)
	case n < 5:
		return strconv.Itoa(g.r.IntN(15))
	default:
		return strconv.Itoa(-1 - g.r.IntN(15))
	}
}

func (g listOpGen) where() string {
	return []string{"LEFT", "RIGHT", "left", "Right"}[g.r.IntN(4)]
}

// step sends one random command to both servers and compares the replies.
func (g listOpGen) step(t *testing.T, p *hashPair) {
	t.Helper()
	key := g.key()
	switch g.r.IntN(24) {
	case 0, 1, 2:
		cmd := []string{"LPUSH", "RPUSH", "LPUSHX", "RPUSHX"}[g.r.IntN(4)]
		args := []string{cmd, key}
		for range 1 + g.r.IntN(3) {
			args = append(args, g.value())
		}
		p.same(t, args...)
	case 3, 4:
		args := []string{[]string{"LPOP", "RPOP"}[g.r.IntN(2)], key}
		if g.r.IntN(2) == 0 {
			args = append(args, strconv.Itoa(g.r.IntN(6)-1))
		}
		p.same(t, args...)
	case 5:
		p.same(t, "LLEN", key)
	case 6, 7:
		start, stop := g.index(), g.index()
		if key == "big" && g.r.IntN(4) > 0 {
			start, stop = strconv.Itoa(g.r.IntN(4300)), "-"+strconv.Itoa(1+g.r.IntN(4300))
			if g.r.IntN(2) == 0 {
				stop = strconv.Itoa(g.r.IntN(4300))
			}
		}
		p.same(t, "LRANGE", key, start, stop)
	case 8:
		p.same(t, "LINDEX", key, g.index())
	case 9:
		p.same(t, "LSET", key, g.index(), g.value())
	case 10:
		p.same(t, "LINSERT", key, []string{"BEFORE", "AFTER"}[g.r.IntN(2)], g.value(), g.value())
	case 11:
		p.same(t, "LREM", key, strconv.Itoa(g.r.IntN(7)-3), g.value())
	case 12:
		if key == "big" {
			p.same(t, "LTRIM", key, strconv.Itoa(g.r.IntN(3)), strconv.Itoa(-1-g.r.IntN(3)))
			return
		}
		p.same(t, "LTRIM", key, g.index(), g.index())
	case 13, 14:
		args := []string{"LPOS", key, g.value()}
		for range g.r.IntN(4) {
			switch g.r.IntN(3) {
			case 0:
				rank := g.r.IntN(7) - 3
				if rank == 0 && g.r.IntN(4) > 0 {
					rank = 1
				}
				args = append(args, "RANK", strconv.Itoa(rank))
			case 1:
				args = append(args, "COUNT", strconv.Itoa(g.r.IntN(4)))
			default:
				args = append(args, "MAXLEN", strconv.Itoa(g.r.IntN(12)))
			}
		}
		p.same(t, args...)
	case 15, 16:
		dst := g.key()
		if g.r.IntN(4) == 0 {
			dst = key
		}
		if g.r.IntN(3) == 0 {
			p.same(t, "RPOPLPUSH", key, dst)
		} else {
			p.same(t, "LMOVE", key, dst, g.where(), g.where())
		}
	case 17:
		args := []string{"LMPOP", "3", g.key(), g.key(), g.key(), g.where()}
		if g.r.IntN(2) == 0 {
			args = append(args, "COUNT", strconv.Itoa(1+g.r.IntN(4)))
		}
		p.same(t, args...)
	case 18:
		// Blocking commands with the big list (never empty) last: they
		// never block, whichever key serves them.
		switch g.r.IntN(3) {
		case 0:
			p.same(t, []string{"BLPOP", "BRPOP"}[g.r.IntN(2)], g.small(), g.small(), "big", "0.01")
		case 1:
			p.same(t, "BLMPOP", "0", "2", g.small(), "big", g.where(), "COUNT", strconv.Itoa(1+g.r.IntN(3)))
		default:
			p.same(t, "BLMOVE", "big", g.key(), g.where(), g.where(), "0")
		}
	case 19:
		p.same(t, "OBJECT", "ENCODING", key)
		p.same(t, "TYPE", key)
	case 20:
		if key := g.small(); g.r.IntN(3) == 0 {
			p.same(t, "DEL", key)
		}
	case 21:
		p.same(t, "COPY", g.small(), g.small(), "REPLACE")
	case 22:
		if src := g.small(); src != "s" {
			p.same(t, "RENAME", src, g.small())
		}
	case 23:
		p.same(t, "LRANGE", g.small(), "0", "-1")
	}
}

// Ensure that commands inside MULTI/EXEC see the writes of the commands
// before them, on a big list read from disk: ranges (both directions) and
// point reads through the transaction's own pushes, pops, trims, inserts
// and removals.
func TestListDiff_Multi(t *testing.T) {
	p := startHashPair(t, 2, nil)
	p.same(t, bigListArgs("big", 4400)...)
	p.same(t, "RPUSH", "small", "a", "b", "c")
	p.restart(t)
	for _, cmd := range [][]string{
		{"MULTI"}, {"LPUSH", "big", "h1", "h2"}, {"RPOP", "big", "2"}, {"LTRIM", "big", "1", "-20"},
		{"LRANGE", "big", "0", "2"}, {"LRANGE", "big", "-3", "-1"}, {"LPOS", "big", "e4370", "RANK", "-1"},
		{"LPOS", "big", "e5", "COUNT", "0", "RANK", "-1"}, {"LINSERT", "big", "AFTER", "e4000", "ins"},
		{"LINSERT", "big", "BEFORE", "e3", "ins"}, {"LREM", "big", "-1", "ins"}, {"LINDEX", "big", "4"},
		{"LRANGE", "big", "3995", "4002"}, {"LMOVE", "big", "small", "RIGHT", "LEFT"}, {"LRANGE", "small", "0", "-1"},
		{"LLEN", "big"}, {"LPOS", "big", "ins", "COUNT", "0"}, {"LMPOP", "2", "small", "big", "LEFT", "COUNT", "2"},
		{"EXEC"}, {"LRANGE", "big", "0", "4"}, {"LRANGE", "big", "-4", "-1"}, {"LLEN", "big"},
	} {
		p.same(t, cmd...)
	}
}

package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Differential tests of the stream commands: the same commands go to
// tierdb and to a real redis-server, in RESP2 and RESP3, and the replies
// must be the same bytes. IDs are explicit so that replies are
// deterministic; the few time-dependent values (idle times, delivery and
// seen times) are masked. Small node limits make the emulated listpack
// nodes (approximate trimming, XINFO's radix-tree counts) change often.
// tierdb restarts along the way, so that later commands find the streams
// only on disk.

// streamDiffLimits are the node limits both servers run with.
var streamDiffLimits = map[string]string{"stream-node-max-entries": "5", "stream-node-max-bytes": "300"}

// maskTimes renders a reply with its time-dependent numbers replaced by
// "T": values after the names idle and seen-time, numbers that look like
// unix milliseconds, and, for XPENDING's extended form, each entry's idle
// time.
func maskTimes(t *testing.T, raw string, xpending bool) string {
	t.Helper()
	n, err := parseReplyTree(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	var walk func(*replyNode)
	walk = func(n *replyNode) {
		for i, it := range n.items {
			if it.kind == ':' {
				if v, _ := strconv.ParseInt(it.str, 10, 64); v > 1e12 {
					it.str = "T"
				}
				if i > 0 && (n.items[i-1].str == "idle" || n.items[i-1].str == "seen-time") {
					it.str = "T"
				}
			}
			walk(it)
		}
	}
	walk(n)
	if xpending && n.kind == '*' {
		for _, e := range n.items {
			if len(e.items) == 4 {
				e.items[2].str = "T"
			}
		}
	}
	return n.String()
}

// masked fails unless both replies are the same once times are masked.
func (p *hashPair) masked(t *testing.T, args ...string) {
	t.Helper()
	tier, redis := p.do(t, args...)
	if tier == redis {
		return
	}
	xp := strings.EqualFold(args[0], "xpending") && len(args) > 3
	if a, b := maskTimes(t, tier, xp), maskTimes(t, redis, xp); a != b {
		t.Errorf("RESP%d %s (times masked):\ntierdb: %s\nredis:  %s", p.proto, quoteArgs(args), a, b)
	}
}

// timeDependent reports the commands whose replies carry times.
func timeDependent(args []string) bool {
	switch strings.ToLower(args[0]) {
	case "xpending":
		return true
	case "xinfo":
		return len(args) > 1 && (strings.EqualFold(args[1], "consumers") || len(args) > 3)
	}
	return false
}

// run sends one command, comparing masked replies when it is time
// dependent.
func (p *hashPair) run(t *testing.T, args ...string) {
	t.Helper()
	if timeDependent(args) {
		p.masked(t, args...)
	} else {
		p.same(t, args...)
	}
}

// streamScript covers every command, option and error case once.
var streamScript = [][]string{
	// XADD: IDs, options, errors.
	{"XADD", "s", "1-1", "a", "1"},
	{"XADD", "s", "1-1", "a", "1"},
	{"XADD", "s", "1-0", "a", "1"},
	{"XADD", "s", "1-*", "a", "1", "b", "2"},
	{"XADD", "s", "2", "a", "x"},
	{"XADD", "s", "0-0", "a", "1"},
	{"XADD", "s0", "0-0", "a", "1"},
	{"XADD", "s0", "0-*", "a", "1"},
	{"XADD", "s", "1-x", "a", "1"},
	{"XADD", "s", "-", "a", "1"},
	{"XADD", "s", "+", "a", "1"},
	{"XADD", "s", "3-1", "a"},
	{"XADD", "s", "3-1", "a", "1", "b"},
	{"XADD", "s", "NOMKSTREAM", "3-1", "f", "v"},
	{"XADD", "nos", "NOMKSTREAM", "3-1", "f", "v"},
	{"EXISTS", "nos"},
	{"XADD", "s", "MAXLEN", "-1", "4-1", "f", "v"},
	{"XADD", "s", "MAXLEN", "x", "4-1", "f", "v"},
	{"XADD", "s", "MAXLEN", "1", "MINID", "1", "4-1", "f", "v"},
	{"XADD", "s", "LIMIT", "10", "4-1", "f", "v"},
	{"XADD", "s", "MAXLEN", "5", "LIMIT", "10", "4-1", "f", "v"},
	{"XADD", "s", "MAXLEN", "~", "5", "LIMIT", "-1", "4-1", "f", "v"},
	{"XADD", "s", "MAXLEN", "~", "5", "LIMIT", "10", "4-1", "f", "v"},
	{"XADD", "s", "MINID", "=", "(1", "5-1", "f", "v"},
	{"XADD", "s", "MINID", "=", "1-2", "5-1", "f", "v"},
	{"XADD", "s", "00010", "f", "v"},
	{"XADD", "s", "+11", "f", "v"},
	{"XADD", "s", " 12-0", "f", "v"},
	{"XADD", "s", "18446744073709551615-18446744073709551615", "f", "v"},
	{"XADD", "s", "*", "f", "v"},
	{"XADD", "s", "18446744073709551615-*", "f", "v"},
	{"XADD", "s", "18446744073709551616-1", "f", "v"},
	{"XLEN", "s"},
	{"XLEN", "none"},
	{"SET", "str", "x"},
	{"XADD", "str", "1-1", "a", "1"},
	{"XLEN", "str"},
	// XRANGE and XREVRANGE.
	{"XRANGE", "s", "-", "+"},
	{"XRANGE", "s", "-", "+", "COUNT", "2"},
	{"XRANGE", "s", "-", "+", "COUNT", "0"},
	{"XRANGE", "s", "-", "+", "COUNT", "-1"},
	{"XRANGE", "s", "(1-1", "+"},
	{"XRANGE", "s", "1", "1"},
	{"XRANGE", "s", "-", "(2-0"},
	{"XRANGE", "s", "(-", "+"},
	{"XRANGE", "s", "-", "(0-0"},
	{"XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"},
	{"XRANGE", "s", "5", "1"},
	{"XRANGE", "s", "-", "+", "COUNT"},
	{"XRANGE", "s", "-", "+", "LIMIT", "1"},
	{"XRANGE", "s", "x", "+"},
	{"XRANGE", "none", "-", "+"},
	{"XRANGE", "none", "-", "+", "COUNT", "0"},
	{"XRANGE", "str", "-", "+"},
	{"XREVRANGE", "s", "+", "-"},
	{"XREVRANGE", "s", "+", "-", "COUNT", "1"},
	{"XREVRANGE", "s", "(2-0", "(1-1"},
	{"XREVRANGE", "s", "-", "+"},
	// XDEL and XTRIM.
	{"XDEL", "s", "1-2", "9-9"},
	{"XDEL", "s", "1-1", "bad"},
	{"XDEL", "none", "bad"},
	{"XDEL", "str", "1-1"},
	{"XTRIM", "s"},
	{"XTRIM", "s", "MAXLEN"},
	{"XTRIM", "s", "MAXLEN", "~"},
	{"XTRIM", "s", "FOO", "1"},
	{"XTRIM", "s", "LIMIT", "5"},
	{"XTRIM", "s", "MAXLEN", "1", "LIMIT", "5"},
	{"XTRIM", "none", "MAXLEN", "1"},
	{"XTRIM", "str", "MAXLEN", "1"},
	{"XTRIM", "s", "MAXLEN", "~", "1"},
	{"XTRIM", "s", "MINID", "2"},
	{"XRANGE", "s", "-", "+"},
	{"XINFO", "STREAM", "s"},
	// Groups.
	{"XGROUP", "CREATE", "s", "g", "$"},
	{"XGROUP", "CREATE", "s", "g", "$"},
	{"XGROUP", "CREATE", "s", "g0", "0"},
	{"XGROUP", "CREATE", "s", "gx", "x"},
	{"XGROUP", "CREATE", "none", "g", "$"},
	{"XGROUP", "CREATE", "str", "g", "$"},
	{"XGROUP", "CREATE", "m", "g", "$", "MKSTREAM"},
	{"XGROUP", "CREATE", "m", "h", "0", "ENTRIESREAD", "-2"},
	{"XGROUP", "CREATE", "m", "h", "0", "ENTRIESREAD", "x"},
	{"XGROUP", "CREATE", "m", "h", "0", "FOO"},
	{"XGROUP", "CREATE", "m", "h", "0", "ENTRIESREAD", "3"},
	{"XGROUP", "CREATE", "m", "i", "0", "MKSTREAM", "MKSTREAM", "MKSTREAM", "MKSTREAM"},
	{"XGROUP", "SETID", "m", "h", "0", "MKSTREAM"},
	{"XGROUP", "SETID", "m", "nog", "0"},
	{"XGROUP", "SETID", "m", "h", "+", "ENTRIESREAD", "7"},
	{"XGROUP", "SETID", "m", "h", "0", "ENTRIESREAD"},
	{"XINFO", "GROUPS", "m"},
	{"XINFO", "STREAM", "m"},
	{"TYPE", "m"},
	{"XGROUP", "DESTROY", "m", "h"},
	{"XGROUP", "DESTROY", "m", "h"},
	{"XGROUP", "DESTROY", "none", "h"},
	{"XGROUP", "CREATECONSUMER", "s", "g", "c1"},
	{"XGROUP", "CREATECONSUMER", "s", "g", "c1"},
	{"XGROUP", "CREATECONSUMER", "s", "nog", "c1"},
	{"XGROUP", "DELCONSUMER", "s", "g", "nobody"},
	{"XGROUP", "HELP"},
	{"XGROUP", "FOO"},
	{"XGROUP", "CREATE", "s"},
	{"XINFO", "HELP"},
	{"XINFO", "FOO", "s"},
	{"XINFO", "STREAM", "none"},
	{"XINFO", "STREAM", "str"},
	{"XINFO", "STREAM", "s", "FULL", "COUNT"},
	{"XINFO", "STREAM", "s", "FOO"},
	{"XINFO", "STREAM", "s", "FULL", "LIMIT", "1"},
	{"XINFO", "STREAM", "s", "FULL", "COUNT", "x"},
	{"XINFO", "CONSUMERS", "s", "nog"},
	{"XINFO", "GROUPS", "none"},
	// Reading as a group.
	{"XADD", "s", "20-1", "f", "1"},
	{"XADD", "s", "20-2", "f", "2"},
	{"XADD", "s", "20-3", "f", "3"},
	{"XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "s", ">"},
	{"XREADGROUP", "GROUP", "g0", "c2", "STREAMS", "s", ">"},
	{"XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0"},
	{"XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", "20-1"},
	{"XREADGROUP", "GROUP", "g", "c3", "NOACK", "STREAMS", "s", ">"},
	{"XREADGROUP", "GROUP", "g", "c3", "STREAMS", "s", ">"},
	{"XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "$"},
	{"XREADGROUP", "GROUP", "nog", "c1", "STREAMS", "s", ">"},
	{"XREADGROUP", "GROUP", "g", "c1", "STREAMS", "none", ">"},
	{"XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s"},
	{"XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "s", ">"},
	{"XREADGROUP", "COUNT", "1", "STREAMS", "s", ">"},
	{"XREADGROUP", "GROUP", "g", "c1", "BLOCK", "-1", "STREAMS", "s", ">"},
	{"XREADGROUP", "GROUP", "g", "c1", "BLOCK", "x", "STREAMS", "s", ">"},
	{"XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "bad"},
	{"XREAD", "STREAMS", "s", "0"},
	{"XREAD", "COUNT", "2", "STREAMS", "s", "m", "none", "0", "0", "0"},
	{"XREAD", "STREAMS", "s", "$"},
	{"XREAD", "STREAMS", "s", ">"},
	{"XREAD", "GROUP", "g", "c", "STREAMS", "s", "0"},
	{"XREAD", "NOACK", "STREAMS", "s", "0"},
	{"XREAD", "STREAMS", "s", "str", "0", "0"},
	{"XREAD", "COUNT", "1"},
	{"XREAD", "FOO", "STREAMS", "s", "0"},
	{"XINFO", "GROUPS", "s"},
	{"XINFO", "CONSUMERS", "s", "g"},
	{"XPENDING", "s", "g"},
	{"XPENDING", "s", "g", "-", "+", "10"},
	{"XPENDING", "s", "g", "-", "+", "10", "c1"},
	{"XPENDING", "s", "g", "-", "+", "10", "nobody"},
	{"XPENDING", "s", "g", "IDLE", "0", "-", "+", "10"},
	{"XPENDING", "s", "g", "IDLE", "100000000", "-", "+", "10"},
	{"XPENDING", "s", "g", "(20-1", "+", "1"},
	{"XPENDING", "s", "g", "-", "+"},
	{"XPENDING", "s", "g", "IDLE", "0", "-", "+"},
	{"XPENDING", "s", "g", "-", "+", "x"},
	{"XPENDING", "s", "nog"},
	{"XPENDING", "none", "g"},
	{"XPENDING", "s", "g0"},
	// Claiming.
	{"XCLAIM", "s", "g", "c2", "0", "20-1"},
	{"XCLAIM", "s", "g", "c2", "0", "20-1", "JUSTID"},
	{"XCLAIM", "s", "g", "c2", "0", "20-1", "RETRYCOUNT", "7", "TIME", "1000"},
	{"XCLAIM", "s", "g", "c2", "0", "20-3", "FORCE", "JUSTID"},
	{"XCLAIM", "s", "g", "c2", "0", "99-1", "FORCE"},
	{"XCLAIM", "s", "g", "c2", "100000000", "20-1"},
	{"XCLAIM", "s", "g", "c2", "x", "20-1"},
	{"XCLAIM", "s", "g", "c2", "0", "bad"},
	{"XCLAIM", "s", "g", "c2", "0", "20-1", "IDLE", "x"},
	{"XCLAIM", "s", "g", "c2", "0", "20-1", "TIME", "x"},
	{"XCLAIM", "s", "g", "c2", "0", "20-1", "RETRYCOUNT", "x"},
	{"XCLAIM", "s", "g", "c2", "0", "20-1", "LASTID", "x"},
	{"XCLAIM", "s", "g", "c2", "0", "20-1", "LASTID", "30-0"},
	{"XCLAIM", "s", "nog", "c2", "0", "20-1"},
	{"XCLAIM", "str", "g", "c2", "0", "20-1"},
	{"XINFO", "GROUPS", "s"},
	{"XDEL", "s", "20-2"},
	{"XAUTOCLAIM", "s", "g", "c4", "0", "0"},
	{"XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "1", "JUSTID"},
	{"XAUTOCLAIM", "s", "g", "c4", "0", "(20-1", "COUNT", "1"},
	{"XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "0"},
	{"XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "x"},
	{"XAUTOCLAIM", "s", "g", "c4", "x", "0"},
	{"XAUTOCLAIM", "s", "g", "c4", "0", "x"},
	{"XAUTOCLAIM", "s", "g", "c4", "0", "0", "FOO"},
	{"XAUTOCLAIM", "s", "nog", "c4", "0", "0"},
	{"XAUTOCLAIM", "s", "g", "c4", "100000000", "0"},
	{"XACK", "s", "g", "20-1", "20-1", "20-3"},
	{"XACK", "s", "g", "bad"},
	{"XACK", "s", "nog", "bad"},
	{"XACK", "none", "g", "bad"},
	{"XACK", "str", "g", "1-1"},
	{"XGROUP", "DELCONSUMER", "s", "g", "c2"},
	{"XINFO", "CONSUMERS", "s", "g"},
	{"XINFO", "STREAM", "s", "FULL"},
	{"XINFO", "STREAM", "s", "FULL", "COUNT", "1"},
	{"XINFO", "STREAM", "s", "FULL", "COUNT", "0"},
	// XSETID.
	{"XSETID", "s", "1-1"},
	{"XSETID", "s", "40-0", "ENTRIESADDED", "1"},
	{"XSETID", "s", "40-0", "ENTRIESADDED", "-1"},
	{"XSETID", "s", "40-0", "MAXDELETEDID", "50-0"},
	{"XSETID", "s", "40-0", "MAXDELETEDID", "1-0"},
	{"XSETID", "s", "40-0", "ENTRIESADDED", "100", "MAXDELETEDID", "30-0"},
	{"XSETID", "s", "40-0", "FOO", "1"},
	{"XSETID", "none", "1-1"},
	{"XSETID", "str", "1-1"},
	{"XINFO", "STREAM", "s"},
	{"XADD", "s", "40-0", "f", "v"},
	{"XADD", "s", "40-*", "f", "v"},
	// Generic commands on streams.
	{"TYPE", "s"},
	{"OBJECT", "ENCODING", "s"},
	{"RENAME", "s", "s2"},
	{"XLEN", "s2"},
	{"COPY", "s2", "s3"},
	{"XINFO", "GROUPS", "s3"},
	{"DEL", "s2"},
	{"XLEN", "s2"},
	{"XRANGE", "s3", "-", "+"},
}

// Ensure that every stream command, option and error case answers as
// Redis does, in RESP2 and RESP3, before and after a restart.
func TestStreamDiff_Script(t *testing.T) {
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("resp%d", proto), func(t *testing.T) {
			p := startHashPair(t, proto, streamDiffLimits)
			for i, cmd := range streamScript {
				p.run(t, cmd...)
				if i == len(streamScript)/2 {
					p.restart(t)
				}
			}
			p.restart(t)
			for _, cmd := range [][]string{{"XRANGE", "s3", "-", "+"}, {"XINFO", "STREAM", "s3", "FULL"},
				{"XINFO", "GROUPS", "s3"}, {"XPENDING", "s3", "g"}, {"XINFO", "STREAM", "m"}} {
				p.run(t, cmd...)
			}
		})
	}
}

// streamGen makes random stream commands over a few keys, groups and
// consumers, with explicit IDs that mostly grow.
type streamGen struct {
	r    *rand.Rand
	next map[string]uint64 // per key: the next ms to use
}

var (
	streamKeys      = []string{"x0", "x1", "x2"}
	streamGroups    = []string{"ga", "gb"}
	streamConsumers = []string{"ca", "cb", "cc"}
)

func (g *streamGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// id is an ID near the key's current end: mostly after it, sometimes
// before (an error for XADD, a range bound elsewhere).
func (g *streamGen) id(key string) string {
	n := g.next[key]
	switch g.r.IntN(10) {
	case 0:
		return "-"
	case 1:
		return "+"
	case 2:
		return fmt.Sprintf("(%d-%d", g.r.Uint64N(n+2), g.r.IntN(3))
	case 3:
		return strconv.FormatUint(g.r.Uint64N(n+2), 10)
	}
	return fmt.Sprintf("%d-%d", g.r.Uint64N(n+2), g.r.IntN(3))
}

// strictID is an ID with no "-", "+" or "(".
func (g *streamGen) strictID(key string) string {
	return fmt.Sprintf("%d-%d", g.r.Uint64N(g.next[key]+2), g.r.IntN(3))
}

func (g *streamGen) fields() []string {
	var out []string
	n := 1 + g.r.IntN(3)
	same := g.r.IntN(3) > 0
	for i := range n {
		f := fmt.Sprintf("f%d", i)
		if !same {
			f = fmt.Sprintf("f%d", g.r.IntN(5))
		}
		v := strconv.Itoa(g.r.IntN(1000))
		if g.r.IntN(4) == 0 {
			v = strings.Repeat("v", g.r.IntN(80))
		}
		out = append(out, f, v)
	}
	return out
}

func (g *streamGen) trim(key string) []string {
	var out []string
	if g.r.IntN(2) == 0 {
		out = append(out, "MAXLEN")
	} else {
		out = append(out, "MINID")
	}
	approx := g.r.IntN(2) == 0
	switch {
	case approx:
		out = append(out, "~")
	case g.r.IntN(2) == 0:
		out = append(out, "=")
	}
	if out[0] == "MAXLEN" {
		out = append(out, strconv.Itoa(g.r.IntN(30)))
	} else {
		out = append(out, g.strictID(key))
	}
	if approx && g.r.IntN(3) == 0 {
		out = append(out, "LIMIT", strconv.Itoa(g.r.IntN(20)))
	}
	return out
}

// command returns the next random command.
func (g *streamGen) command() []string {
	key := g.pick(streamKeys)
	group, consumer := g.pick(streamGroups), g.pick(streamConsumers)
	switch g.r.IntN(24) {
	case 0, 1, 2, 3, 4, 5:
		args := []string{"XADD", key}
		if g.r.IntN(6) == 0 {
			args = append(args, g.trim(key)...)
		}
		g.next[key] += uint64(g.r.IntN(3))
		id := fmt.Sprintf("%d-%d", g.next[key], g.r.IntN(3))
		switch g.r.IntN(8) {
		case 0:
			id = fmt.Sprintf("%d-*", g.next[key])
		case 1:
			id = g.strictID(key)
		}
		return append(append(args, id), g.fields()...)
	case 6:
		return []string{"XDEL", key, g.strictID(key), g.strictID(key)}
	case 7:
		return append([]string{"XTRIM", key}, g.trim(key)...)
	case 8:
		return []string{"XRANGE", key, g.id(key), g.id(key), "COUNT", strconv.Itoa(g.r.IntN(6))}
	case 9:
		return []string{"XREVRANGE", key, g.id(key), g.id(key)}
	case 10:
		return []string{"XREAD", "COUNT", strconv.Itoa(g.r.IntN(4)), "STREAMS", key, g.pick(streamKeys),
			g.strictID(key), g.strictID(key)}
	case 11:
		args := []string{"XGROUP", "CREATE", key, group, g.strictID(key)}
		if g.r.IntN(2) == 0 {
			args[4] = "$"
		}
		if g.r.IntN(2) == 0 {
			args = append(args, "MKSTREAM")
		}
		if g.r.IntN(4) == 0 {
			args = append(args, "ENTRIESREAD", strconv.Itoa(g.r.IntN(10)))
		}
		return args
	case 12:
		if g.r.IntN(4) == 0 {
			return []string{"XGROUP", "DESTROY", key, group}
		}
		return []string{"XGROUP", "SETID", key, group, g.strictID(key)}
	case 13:
		if g.r.IntN(2) == 0 {
			return []string{"XGROUP", "DELCONSUMER", key, group, consumer}
		}
		return []string{"XGROUP", "CREATECONSUMER", key, group, consumer}
	case 14, 15, 16:
		args := []string{"XREADGROUP", "GROUP", group, consumer, "COUNT", strconv.Itoa(g.r.IntN(4))}
		if g.r.IntN(5) == 0 {
			args = append(args, "NOACK")
		}
		id := ">"
		if g.r.IntN(3) == 0 {
			id = g.strictID(key)
		}
		return append(args, "STREAMS", key, id)
	case 17:
		return []string{"XACK", key, group, g.strictID(key), g.strictID(key)}
	case 18:
		args := []string{"XCLAIM", key, group, consumer, "0", g.strictID(key), g.strictID(key)}
		for _, opt := range []string{"FORCE", "JUSTID"} {
			if g.r.IntN(3) == 0 {
				args = append(args, opt)
			}
		}
		if g.r.IntN(3) == 0 {
			args = append(args, "RETRYCOUNT", strconv.Itoa(g.r.IntN(5)))
		}
		return args
	case 19:
		args := []string{"XAUTOCLAIM", key, group, consumer, "0", g.strictID(key), "COUNT", strconv.Itoa(1 + g.r.IntN(3))}
		if g.r.IntN(3) == 0 {
			args = append(args, "JUSTID")
		}
		return args
	case 20:
		if g.r.IntN(2) == 0 {
			return []string{"XPENDING", key, group}
		}
		args := []string{"XPENDING", key, group, g.id(key), g.id(key), strconv.Itoa(g.r.IntN(5))}
		if g.r.IntN(2) == 0 {
			args = append(args, consumer)
		}
		return args
	case 21:
		switch g.r.IntN(4) {
		case 0:
			return []string{"XINFO", "GROUPS", key}
		case 1:
			return []string{"XINFO", "CONSUMERS", key, group}
		case 2:
			return []string{"XINFO", "STREAM", key, "FULL", "COUNT", strconv.Itoa(g.r.IntN(4))}
		}
		return []string{"XINFO", "STREAM", key}
	case 22:
		return []string{"XLEN", key}
	}
	return []string{"XSETID", key, fmt.Sprintf("%d-%d", g.next[key]+uint64(g.r.IntN(2)), g.r.IntN(3))}
}

// Ensure that long random sequences of stream commands answer as Redis
// does, in RESP2 and RESP3, with restarts along the way, and that the
// streams read back identical at the end.
func TestStreamDiff_Random(t *testing.T) {
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("resp%d", proto), func(t *testing.T) {
			seed := uint64(20250 + proto)
			if v, err := strconv.ParseUint(os.Getenv("STREAM_DIFF_SEED"), 10, 64); err == nil {
				seed = v // another sequence, to explore
			}
			g := &streamGen{r: rand.New(rand.NewPCG(seed, 3)), next: map[string]uint64{}}
			p := startHashPair(t, proto, streamDiffLimits)
			for i := range 3000 {
				cmd := g.command()
				p.run(t, cmd...)
				if t.Failed() {
					t.Fatalf("seed %d, command %d: %s", seed, i, quoteArgs(cmd))
				}
				if i%1000 == 999 {
					p.restart(t)
				}
			}
			for _, key := range streamKeys {
				p.run(t, "XINFO", "STREAM", key, "FULL", "COUNT", "0")
				p.run(t, "XRANGE", key, "-", "+")
			}
		})
	}
}

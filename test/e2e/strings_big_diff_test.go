package e2e

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// Differential tests of big strings, which tierdb stores in chunks of 8 KB
// once they pass 64 KB: every string and bitmap command that reads or
// changes part of a string, at offsets around chunk boundaries, the
// chunking threshold and past the end, against a real redis-server, hot
// and after restarts (cold).

// bigSpots are the byte offsets the random steps aim around: chunk
// boundaries, the 64 KB chunking threshold, and far past it.
var bigSpots = []int{0, 8191, 8192, 16384, 65535, 65536, 65537, 131072, 200000, 1 << 20}

// sameBig is hashPair.same for replies too long to print: it reports their
// lengths and where they first differ.
func (p *hashPair) sameBig(t *testing.T, args ...string) {
	t.Helper()
	tier, redis := p.do(t, args...)
	if tier == redis {
		return
	}
	at := 0
	for at < min(len(tier), len(redis)) && tier[at] == redis[at] {
		at++
	}
	t.Errorf("RESP%d %s: replies differ at byte %d (tierdb %d bytes, redis %d)\ntierdb: %.120q\nredis:  %.120q",
		p.proto, quoteArgs(args), at, len(tier), len(redis), tier[max(at-20, 0):], redis[max(at-20, 0):])
}

// Ensure that random partial reads and writes of big strings (SETRANGE,
// APPEND, GETRANGE, STRLEN, SETBIT, GETBIT, BITCOUNT, BITPOS, BITFIELD,
// BITOP, SET ... GET, GETSET, GETDEL, COPY, RENAME) reply and leave the
// bytes exactly as in Redis, with tierdb restarted every 60 steps so that
// the keys are cold.
func TestStringsDiff_BigRandom(t *testing.T) {
	keys := []string{"b0", "b1", "b2", "b3"}
	randomDiff{
		kind: "big string",
		setup: [][]string{
			{"SET", "b0", strings.Repeat("0123456789abcdef", 12500)}, // 200 KB
			{"SET", "b1", strings.Repeat("x", 60000)},                // inline, about to grow past 64 KB
			{"SETBIT", "b2", "2000000", "1"},                         // sparse
			{"SET", "b3", "short"},
		},
		ops:          600,
		restartEvery: 60,
		step: func(t *testing.T, r *rand.Rand, p *hashPair) {
			key := func() string { return keys[r.IntN(len(keys))] }
			pos := func() int { return max(bigSpots[r.IntN(len(bigSpots))]+r.IntN(41)-20, 0) }
			num := func(v int) string { return strconv.Itoa(v) }
			bitPos := func() string { return num(pos()*8 + r.IntN(8)) }
			value := func() string {
				b := make([]byte, 1+r.IntN(20000))
				for i := range b {
					b[i] = byte('a' + r.IntN(26))
				}
				return string(b)
			}
			var cmd []string
			switch r.IntN(16) {
			case 0, 1:
				cmd = []string{"SETRANGE", key(), num(pos()), value()}
			case 2:
				cmd = []string{"APPEND", key(), value()}
			case 3, 4:
				a := pos()
				cmd = []string{"GETRANGE", key(), num(a), num(a + r.IntN(30000))}
				if r.IntN(4) == 0 {
					cmd = []string{"GETRANGE", key(), num(-pos() - 1), "-1"}
				}
			case 5:
				cmd = []string{"STRLEN", key()}
			case 6:
				cmd = []string{"SETBIT", key(), bitPos(), num(r.IntN(2))}
			case 7:
				cmd = []string{"GETBIT", key(), bitPos()}
			case 8:
				a := pos()
				cmd = []string{"BITCOUNT", key(), num(a), num(a + r.IntN(100000))}
				if r.IntN(2) == 0 {
					cmd = []string{"BITCOUNT", key()}
				}
			case 9:
				a := pos()
				cmd = []string{"BITPOS", key(), num(r.IntN(2)), num(a), num(a + r.IntN(100000))}
				if r.IntN(2) == 0 {
					cmd = []string{"BITPOS", key(), num(r.IntN(2)), num(a)}
				}
			case 10:
				typ := []string{"u8", "i16", "i64", "u63", "i5"}[r.IntN(5)]
				cmd = []string{"BITFIELD", key(), "GET", typ, bitPos(), "INCRBY", typ, bitPos(), num(r.IntN(1000) - 500),
					"OVERFLOW", "SAT", "SET", typ, bitPos(), num(r.IntN(100))}
			case 11:
				cmd = []string{"BITOP", []string{"AND", "OR", "XOR"}[r.IntN(3)], "dest", key(), key()}
			case 12:
				switch r.IntN(3) {
				case 0:
					cmd = []string{"SET", key(), value(), "GET"}
				case 1:
					cmd = []string{"GETSET", key(), strings.Repeat(value(), 4)}
				default:
					cmd = []string{"GETDEL", key()}
				}
			case 13:
				cmd = []string{"COPY", key(), key(), "REPLACE"}
			case 14:
				cmd = []string{"RENAME", key(), key()}
			default:
				cmd = []string{"GET", key()}
			}
			p.sameBig(t, cmd...)
		},
		end: func(t *testing.T, p *hashPair) {
			for _, k := range append(keys, "dest") {
				p.sameBig(t, "GET", k)
				p.sameBig(t, "STRLEN", k)
			}
		},
	}.run(t)
}

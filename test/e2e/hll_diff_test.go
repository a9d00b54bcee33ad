package e2e

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/tierdb/tierdb/test/testserver"
)

// Differential tests of the HyperLogLog commands. Replies must be
// identical, and so must the stored bytes (compared with GET): tierdb
// keeps Redis's own representation.

// hllHeader is a sparse HLL header with a stale cached cardinality.
const hllHeader = "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80"

// Ensure that PFADD, PFCOUNT, PFMERGE and PFDEBUG reply and store as Redis
// does: creation, the cached cardinality and its invalidation, unions,
// merges into new and existing keys, sparse to dense, and arity.
func TestHLLDiff_Commands(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Script(t, [][]string{
		{"PFADD", "h"}, {"GET", "h"}, {"PFADD", "h"}, {"PFCOUNT", "h"}, {"GET", "h"},
		{"PFADD", "h", "a", "b", "c"}, {"GET", "h"}, {"PFADD", "h", "a"}, {"PFADD", "h", "a", "d"},
		{"PFCOUNT", "h"}, {"GET", "h"}, {"PFCOUNT", "h"},
		{"PFADD", "g", "c", "d", "e", "f", ""}, {"PFCOUNT", "h", "g"}, {"GET", "g"}, {"PFCOUNT", "g", "nokey"},
		{"PFCOUNT", "nokey"}, {"PFCOUNT", "nokey", "nokey2"}, {"PFCOUNT", "h", "h"},
		{"PFMERGE", "m", "h", "g"}, {"GET", "m"}, {"PFCOUNT", "m"}, {"PFMERGE", "m"}, {"GET", "m"},
		{"PFMERGE", "new"}, {"GET", "new"}, {"PFMERGE", "h", "g", "nokey"}, {"GET", "h"},
		{"PFDEBUG", "ENCODING", "h"}, {"PFDEBUG", "DECODE", "h"}, {"PFDEBUG", "decode", "new"},
		{"PFDEBUG", "TODENSE", "g"}, {"PFDEBUG", "ENCODING", "g"}, {"GET", "g"}, {"PFDEBUG", "TODENSE", "g"},
		{"PFDEBUG", "DECODE", "g"}, {"PFDEBUG", "GETREG", "h"}, {"PFDEBUG", "ENCODING", "h"},
		{"PFDEBUG", "BAD", "h"}, {"PFDEBUG", "BAD", "nokey"}, {"PFDEBUG", "GETREG", "nokey"},
		// A dense source makes the merge dense.
		{"PFMERGE", "m2", "m", "g"}, {"PFDEBUG", "ENCODING", "m2"}, {"GET", "m2"}, {"PFCOUNT", "m2"},
		{"PFADD", "g", "more"}, {"GET", "g"}, {"PFCOUNT", "g"}, {"GET", "g"},
		// Plain strings are not HLLs.
		{"SET", "s", "hello"}, {"PFADD", "s", "a"}, {"PFCOUNT", "s"}, {"PFCOUNT", "h", "s"},
		{"PFMERGE", "s", "h"}, {"PFMERGE", "h", "s"}, {"PFDEBUG", "GETREG", "s"}, {"GET", "h"},
		{"SET", "n", "12345678901234567890"}, {"PFCOUNT", "n"},
		// A TTL survives PFADD.
		{"PFADD", "ttl", "a"}, {"EXPIRE", "ttl", "100"}, {"PFADD", "ttl", "b"}, {"TTL", "ttl"},
		{"PFMERGE", "ttl", "h"}, {"TTL", "ttl"},
		{"PFADD"}, {"PFCOUNT"}, {"PFMERGE"}, {"PFDEBUG", "GETREG"}, {"PFDEBUG", "GETREG", "h", "x"},
	})
}

// Ensure that malformed HLL values stored with SET get Redis's replies:
// WRONGTYPE with the HLL text for a bad header, INVALIDOBJ for a sparse
// body that does not cover the registers, the cached cardinality trusted
// as Redis trusts it, and the same bytes afterwards.
func TestHLLDiff_Corrupt(t *testing.T) {
	p := testserver.StartPair(t, nil)
	valid := hllHeader + "\x7f\xff"
	cases := []string{
		"", "HYLL", "HYLL\x01", hllHeader[:15], "hyll\x01" + hllHeader[5:] + "\x7f\xff",
		"HYLL\x02" + hllHeader[5:] + "\x7f\xff", "HYLL\x00" + hllHeader[5:] + "\x7f\xff", // dense but short
		hllHeader, valid, hllHeader + "\x7f\xfe", hllHeader + "\x7f\xff\x00", hllHeader + "\x7f\xff\x80",
		hllHeader + "\x7f\x00\x40", hllHeader + "\x7f\xfe\x40", hllHeader + "\x00\x7f\xfe",
		hllHeader + "\xfc\x7f\xfe", hllHeader + "\x83\x7f\xfc",
		// Runs that add up, the last an XZERO cut short: Redis reads a 0
		// for its missing byte, and loses a byte when it splits it.
		hllHeader + "\x3f\x3f\x3f\x3e\x7f", hllHeader + "\x7f\xfe\x40",
		// A valid cached cardinality is returned as is.
		"HYLL\x01\x00\x00\x00\x39\x30\x00\x00\x00\x00\x00\x00\x7f\xff",
		"HYLL\x01\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\x7f\x00",
		// Unused header bytes are kept, through the dense conversion too.
		"HYLL\x01\xaa\xbb\xcc\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff",
		"HYLL\x00" + hllHeader[5:] + strings.Repeat("\xff", 12288),
		"HYLL\x00" + hllHeader[5:] + strings.Repeat("\xff", 12289),
	}
	for i, v := range cases {
		k := fmt.Sprintf("c%d", i)
		p.Script(t, [][]string{
			{"SET", k, v}, {"PFCOUNT", k}, {"GET", k}, {"PFCOUNT", k, "nokey"}, {"PFMERGE", "dst" + k, k},
			{"GET", "dst" + k}, {"PFADD", k, "a", "b", "c"}, {"GET", k}, {"PFCOUNT", k}, {"PFMERGE", k},
			{"GET", k}, {"PFDEBUG", "DECODE", k}, {"PFDEBUG", "GETREG", k}, {"GET", k},
		})
	}
}

// Ensure that seeded random PFADD, PFCOUNT and PFMERGE sequences leave the
// same replies and the same bytes as in Redis, through sparse updates,
// merges of runs, promotion to dense at hll-sparse-max-bytes and unions.
func TestHLLDiff_Random(t *testing.T) {
	p := testserver.StartPair(t, nil)
	seed := rand.Uint64()
	t.Logf("HLL random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 11))
	keys := []string{"h0", "h1", "h2", "h3"}
	key := func() string { return keys[rng.IntN(len(keys))] }
	for i := range 1200 {
		var cmd []string
		switch rng.IntN(10) {
		case 0, 1, 2, 3, 4:
			cmd = []string{"PFADD", key()}
			// Elements from a range that grows with i, so keys go from
			// empty through sparse to dense.
			for range rng.IntN(12) {
				cmd = append(cmd, "e"+strconv.Itoa(rng.IntN(10+i*5)))
			}
		case 5, 6:
			cmd = []string{"PFCOUNT", key()}
			for range rng.IntN(3) {
				cmd = append(cmd, key())
			}
		case 7:
			cmd = []string{"PFMERGE", key()}
			for range rng.IntN(3) {
				cmd = append(cmd, key())
			}
		case 8:
			cmd = []string{"GET", key()}
		default:
			if rng.IntN(10) == 0 {
				cmd = []string{"DEL", key()}
			} else {
				cmd = []string{"PFDEBUG", "ENCODING", key()}
			}
		}
		p.Compare(t, cmd...)
		if t.Failed() {
			t.Fatalf("stopped at command %d (seed %d)", i, seed)
		}
	}
	// Then each key grows, chunk by chunk, through the promotion to dense.
	for _, k := range keys {
		for chunk := 0; ; chunk++ {
			if chunk == 400 {
				t.Fatalf("%s still sparse after %d chunks", k, chunk)
			}
			cmd := []string{"PFADD", k}
			for j := range 25 {
				cmd = append(cmd, fmt.Sprintf("g%d-%d", chunk, j))
			}
			p.Compare(t, cmd...)
			p.Compare(t, "GET", k)
			if p.Compare(t, "PFDEBUG", "ENCODING", k) == "+dense\r\n" {
				break
			}
		}
		p.Compare(t, "PFCOUNT", k)
	}
	p.Compare(t, "PFCOUNT", keys[0], keys[1], keys[2])
}

// Ensure that random damage to valid sparse HLLs (as a SET of any bytes
// can do) gets the same replies and leaves the same bytes as in Redis,
// except that a PFADD that fails leaves the value unchanged.
func TestHLLDiff_RandomCorruption(t *testing.T) {
	p := testserver.StartPair(t, nil)
	seed := rand.Uint64()
	t.Logf("HLL corruption seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 13))
	for i := range 150 {
		p.Compare(t, "DEL", "v")
		var add []string
		for j := range 1 + rng.IntN(200) {
			add = append(add, fmt.Sprintf("x%d-%d", i, j))
		}
		p.Compare(t, append([]string{"PFADD", "v"}, add...)...)
		raw := getRaw(t, p.Tier, "v")
		b := []byte(raw)
		for range 1 + rng.IntN(3) {
			at := 16 + rng.IntN(len(b)-16)
			switch rng.IntN(3) {
			case 0:
				b[at] = byte(rng.IntN(256))
			case 1:
				b = append(b[:at], b[at+1:]...)
			default:
				b = append(b[:at], append([]byte{byte(rng.IntN(256))}, b[at:]...)...)
			}
			if len(b) <= 17 {
				break
			}
		}
		p.Script(t, [][]string{{"SET", "c", string(b)}, {"PFCOUNT", "c"}, {"PFCOUNT", "c", "v"}})
		if reply := p.Compare(t, "PFADD", "c", "p", "q", "r"); strings.HasPrefix(reply, "-") {
			// Deliberate difference: Redis keeps the elements it added
			// before it met the damage; tierdb's failed command changes
			// nothing. Start both from the damaged value again.
			p.Compare(t, "SET", "c", string(b))
		}
		p.Script(t, [][]string{{"GET", "c"}, {"PFMERGE", "c", "v"}, {"GET", "c"}, {"PFCOUNT", "c"}})
		if t.Failed() {
			t.Fatalf("stopped at round %d (seed %d), value %q", i, seed, b)
		}
	}
}

// getRaw reads key's value over a raw connection.
func getRaw(t *testing.T, c *testserver.RawConn, key string) string {
	t.Helper()
	reply, err := c.Do("GET", key)
	if err != nil || !strings.HasPrefix(reply, "$") {
		t.Fatalf("GET %s: %q, %v", key, reply, err)
	}
	body := reply[strings.Index(reply, "\r\n")+2:]
	return body[:len(body)-2]
}

// Ensure that HLL bytes move between tierdb and Redis with GET and SET in
// both directions: the same PFCOUNT, and further PFADDs leave the same
// bytes on both sides (sparse, near the sparse limit, and dense).
func TestHLLDiff_BytesBothWays(t *testing.T) {
	p := testserver.StartPair(t, nil)
	for _, n := range []int{1, 50, 700, 5000} {
		for dir, from := range []*testserver.RawConn{p.Tier, p.Redis} {
			to := p.Redis
			if dir == 1 {
				to = p.Tier
			}
			key := fmt.Sprintf("x%d-%d", n, dir)
			for i := 0; i < n; i += 100 {
				cmd := []string{"PFADD", key}
				for j := i; j < min(i+100, n); j++ {
					cmd = append(cmd, fmt.Sprintf("%s:%d", key, j))
				}
				if _, err := from.Do(cmd...); err != nil {
					t.Fatal(err)
				}
			}
			raw := getRaw(t, from, key)
			if _, err := to.Do("SET", key, raw); err != nil {
				t.Fatal(err)
			}
			countFrom, _ := from.Do("PFCOUNT", key)
			countTo, _ := to.Do("PFCOUNT", key)
			if countFrom != countTo {
				t.Errorf("n=%d dir=%d: PFCOUNT %q where the bytes came from, %q where they went", n, dir, countFrom, countTo)
			}
			// Both sides now hold the same bytes: they must evolve alike.
			p.Compare(t, "SET", key, raw)
			p.Compare(t, "PFADD", key, "extra1", "extra2", "extra3")
			p.Compare(t, "PFCOUNT", key)
			p.Compare(t, "GET", key)
		}
	}
}

// Ensure that the HLL commands speak RESP3 as Redis does, the big PFDEBUG
// GETREG array included.
func TestHLLDiff_RESP3(t *testing.T) {
	p := testserver.StartPair(t, nil)
	for _, c := range []*testserver.RawConn{p.Tier, p.Redis} {
		if reply, err := c.Do("HELLO", "3"); err != nil || strings.HasPrefix(reply, "-") {
			t.Fatalf("HELLO 3: %q, %v", reply, err)
		}
	}
	p.Script(t, [][]string{
		{"PFADD", "h", "a", "b"}, {"PFCOUNT", "h"}, {"PFCOUNT", "h", "nokey"}, {"PFMERGE", "m", "h"},
		{"PFDEBUG", "ENCODING", "m"}, {"PFDEBUG", "DECODE", "m"}, {"PFDEBUG", "GETREG", "m"},
		{"SET", "s", "x"}, {"PFCOUNT", "s"}, {"SET", "c", hllHeader}, {"PFCOUNT", "c"},
	})
}

// Ensure that the HLL commands refuse a key of another type with the
// plain WRONGTYPE error, as Redis does.
func TestHLLDiff_WrongType(t *testing.T) {
	p := testserver.StartPair(t, nil)
	diffNonString(t, p, "list")
	p.Script(t, [][]string{
		{"PFADD", "list", "a"}, {"PFCOUNT", "list"}, {"PFCOUNT", "list", "nokey"}, {"PFMERGE", "list"},
		{"PFMERGE", "d", "list"}, {"EXISTS", "d"}, {"PFDEBUG", "GETREG", "list"}, {"PFDEBUG", "FOO", "list"},
	})
}

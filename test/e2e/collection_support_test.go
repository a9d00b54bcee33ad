package e2e

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Helpers the tests of the collection types (hashes, sets, sorted sets,
// lists, streams) share: the frame of the property tests, whole scans
// compared between tierdb and Redis.

// runPropertyRounds is the frame of a property test: three rounds of steps
// random steps on the server s (checked every quarter round), each ended
// by a restart, after which check must pass again and snapshot (what must
// not change across a restart, per key) must be unchanged; it stops at the
// first failing round with the seed. c is the client of s, replaced at
// each restart.
func runPropertyRounds(t *testing.T, seed uint64, s *testserver.Server, c *redis.Client, steps int,
	step func(c *redis.Client), check func(c *redis.Client, when string),
	snapshot func(c *redis.Client) map[string]string) {
	t.Helper()
	every := steps / 4
	for round := range 3 {
		for i := range steps {
			step(c)
			if i%every == every-1 {
				check(c, fmt.Sprintf("round %d op %d (hot)", round, i))
			}
		}
		before := snapshot(c)
		s.Restart(t)
		c = s.Client(t)
		check(c, fmt.Sprintf("round %d after restart", round))
		if after := snapshot(c); !maps.Equal(before, after) {
			for k := range before {
				if before[k] != after[k] {
					t.Errorf("round %d: %s changed across the restart:\n before %.200q\n after  %.200q", round, k, before[k], after[k])
				}
			}
		}
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
}

// makeBig checks fill, the command that made key with more elements than
// tierdb keeps in memory, and gives key a TTL far away (which restarts must
// keep too).
func makeBig(t *testing.T, c *redis.Client, key string, fill redis.Cmder) {
	t.Helper()
	if err := fill.Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Expire(context.Background(), key, 100000*time.Second).Err(); err != nil {
		t.Fatal(err)
	}
}

// snapshotKeys records, per key, what must not change across a restart:
// DUMP (the same elements give the same bytes, hot or cold), OBJECT
// ENCODING, the expiry time and TYPE; it reads keys of any type.
func snapshotKeys(t *testing.T, c *redis.Client, keys []string) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, key := range keys {
		dump, _ := c.Dump(ctx, key).Result()
		enc, _ := c.ObjectEncoding(ctx, key).Result()
		ttl, _ := c.PExpireTime(ctx, key).Result()
		typ, _ := c.Type(ctx, key).Result()
		out[key] = fmt.Sprintf("%s %s %v %q", typ, enc, ttl, dump)
	}
	return out
}

// rawScanAll runs a scan command (SSCAN, HSCAN ...) on key to the end on
// one server and returns the items seen, group consecutive items (a field
// and its value) joined by "=", sorted and without repeats.
func rawScanAll(t *testing.T, c *testserver.RawConn, cmd, key string, group int, opts ...string) []string {
	t.Helper()
	cursor := "0"
	var out []string
	for range 100000 {
		raw, err := c.Do(append([]string{cmd, key, cursor}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		n, err := parseReplyTree(raw)
		if err != nil || n.kind != '*' || len(n.items) != 2 {
			t.Fatalf("%s %s %s: %q (%v)", cmd, key, cursor, raw, err)
		}
		items := n.items[1].items
		for i := 0; i+group <= len(items); i += group {
			parts := make([]string, group)
			for k := range parts {
				parts[k] = items[i+k].str
			}
			out = append(out, strings.Join(parts, "="))
		}
		if cursor = n.items[0].str; cursor == "0" {
			return uniqueStrings(out)
		}
	}
	t.Fatalf("%s %s did not end", cmd, key)
	return nil
}

// scanBoth compares whole scans (cmd: HSCAN, SSCAN, ZSCAN) of key on both
// servers, as sets of items (group consecutive items joined, as
// rawScanAll has them: the cursors are each server's own); a first call
// that fails must fail alike.
func (p *hashPair) scanBoth(t *testing.T, cmd, key string, group int, opts ...string) {
	t.Helper()
	first := append([]string{cmd, key, "0"}, opts...)
	if tier, redis := p.do(t, first...); strings.HasPrefix(tier, "-") || strings.HasPrefix(redis, "-") {
		if tier != redis {
			t.Errorf("RESP%d %s:\ntierdb: %q\nredis:  %q", p.proto, quoteArgs(first), tier, redis)
		}
		return
	}
	a, b := rawScanAll(t, p.tier, cmd, key, group, opts...), rawScanAll(t, p.redis, cmd, key, group, opts...)
	if !slices.Equal(a, b) {
		t.Errorf("RESP%d full %s %s %q: tierdb %d items, redis %d\ntierdb: %.300q\nredis:  %.300q",
			p.proto, cmd, key, opts, len(a), len(b), a, b)
	}
}

// randomDiff is a random differential test: in both protocols, a pair
// with limits, the setup script, then ops random steps (step) with tierdb
// restarted every restartEvery, stopping at the first failure with the
// seed, then end.
type randomDiff struct {
	kind         string // names the seed in the log
	limits       map[string]string
	setup        [][]string
	ops          int
	restartEvery int
	seed         uint64 // 0: a random seed, logged
	step         func(t *testing.T, r *rand.Rand, p *hashPair)
	end          func(t *testing.T, p *hashPair)
}

// run runs the test.
func (d randomDiff) run(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, proto int) {
		seed := d.seed
		if seed == 0 {
			seed = rand.Uint64()
			t.Logf("%s random seed %d (RESP%d)", d.kind, seed, proto)
		}
		r := rand.New(rand.NewPCG(seed, uint64(proto)))
		p := startHashPair(t, proto, d.limits)
		p.sameSteps(t, d.setup)
		for i := range d.ops {
			if i > 0 && i%d.restartEvery == 0 {
				p.restart(t)
			}
			d.step(t, r, p)
			if t.Failed() {
				t.Fatalf("stopped at op %d of seed %d (RESP%d)", i, seed, proto)
			}
		}
		d.end(t, p)
	})
}

// iterateScan runs a whole scan iteration of call (one scan command from
// a cursor, giving its items and the next cursor), calling between(step)
// after each call but the last, and returns how often each item came and
// the number of calls (HSCAN, SSCAN, ZSCAN through go-redis).
func iterateScan(t *testing.T, what string, call func(cursor uint64) ([]string, uint64, error),
	between func(step int)) (map[string]int, int) {
	t.Helper()
	seen := map[string]int{}
	cursor := uint64(0)
	for step := 1; ; step++ {
		items, next, err := call(cursor)
		if err != nil {
			t.Fatalf("%s %d: %v", what, cursor, err)
		}
		for _, it := range items {
			seen[it]++
		}
		if next == 0 {
			return seen, step
		}
		if step > 100000 {
			t.Fatalf("%s does not end", what)
		}
		if between != nil {
			between(step)
		}
		cursor = next
	}
}

// pairNames returns the names (fields, members) of a flat name, value
// reply.
func pairNames(kv []string) []string {
	out := make([]string, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, kv[i])
	}
	return out
}

// pickDiffKey picks the key of a random step: other (a key of another
// type) one time in 20, "big" two times in 20, else one of the four keys.
func pickDiffKey(r *rand.Rand, other string, keys []string) string {
	switch n := r.IntN(20); {
	case n == 0:
		return other
	case n < 3:
		return "big"
	default:
		return keys[n%4]
	}
}

// hotThenCold runs fn as the subtest "hot", then restarts tierdb and runs
// it again as "cold", when only the disk has the keys.
func (p *hashPair) hotThenCold(t *testing.T, fn func(t *testing.T)) {
	t.Helper()
	t.Run("hot", fn)
	p.restart(t)
	t.Run("cold", fn)
}

// pairsContent runs a read replying name, value pairs (HGETALL, ZRANGE
// WITHSCORES) on one server and returns them as name → value.
func pairsContent(t *testing.T, c *testserver.RawConn, args ...string) map[string]string {
	t.Helper()
	raw, err := c.Do(args...)
	if err != nil {
		t.Fatal(err)
	}
	items := replyItems(t, raw)
	m := make(map[string]string, len(items)/2)
	for i := 0; i+1 < len(items); i += 2 {
		m[items[i]] = items[i+1]
	}
	return m
}

package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// The stream property test: random stream commands (streamGen's, as in the
// differential test) against tierdb, with a big stream of more entries
// than tierdb would ever load, then a restart. While the server is up,
// every stream must be consistent with itself (its length, its groups'
// and consumers' pending counts and lists agree); after the restart every
// key must read back identical: entries, XINFO STREAM FULL (times
// included, which are stored) and DUMP.

// streamSnapshot reads everything about the stream keys, as raw strings.
func streamSnapshot(t *testing.T, c *redis.Client, keys []string) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, key := range keys {
		for _, args := range [][]any{{"XRANGE", key, "-", "+"}, {"XINFO", "STREAM", key, "FULL", "COUNT", "0"},
			{"DUMP", key}, {"TYPE", key}} {
			v, err := c.Do(ctx, args...).Result()
			if err != nil && err != redis.Nil && args[0] != "XINFO" {
				t.Fatalf("%v: %v", args, err)
			}
			out[fmt.Sprint(args)] = fmt.Sprintf("%#v %v", v, err)
		}
	}
	return out
}

// checkStreamConsistent checks that a stream agrees with itself: XLEN is
// the number of entries; each group's pending count is its PEL's length
// and the sum of its consumers' counts, and each consumer lists exactly
// the group's entries it owns.
func checkStreamConsistent(t *testing.T, c *redis.Client, key, when string) {
	t.Helper()
	ctx := context.Background()
	n, err := c.XLen(ctx, key).Result()
	if err != nil {
		return // not a stream (no key)
	}
	entries, err := c.XRange(ctx, key, "-", "+").Result()
	if err != nil || int64(len(entries)) != n {
		t.Errorf("%s: %s: XLEN %d, XRANGE %d entries, %v", when, key, n, len(entries), err)
	}
	full, err := c.XInfoStreamFull(ctx, key, 1<<30).Result()
	if err != nil {
		t.Errorf("%s: %s: XINFO STREAM FULL: %v", when, key, err)
		return
	}
	for _, g := range full.Groups {
		owners := map[string]string{}
		for _, p := range g.Pending {
			owners[p.ID] = p.Consumer
		}
		if int64(len(g.Pending)) != g.PelCount {
			t.Errorf("%s: %s group %s: pel-count %d, %d pending", when, key, g.Name, g.PelCount, len(g.Pending))
		}
		var sum int64
		for _, k := range g.Consumers {
			sum += k.PelCount
			if int64(len(k.Pending)) != k.PelCount {
				t.Errorf("%s: %s consumer %s: pel-count %d, %d pending", when, key, k.Name, k.PelCount, len(k.Pending))
			}
			for _, p := range k.Pending {
				if owners[p.ID] != k.Name {
					t.Errorf("%s: %s: %s pending for %s, owned by %q in the group", when, key, p.ID, k.Name, owners[p.ID])
				}
			}
		}
		if sum != g.PelCount {
			t.Errorf("%s: %s group %s: consumers hold %d, group %d", when, key, g.Name, sum, g.PelCount)
		}
	}
}

func TestStreamProperty_RandomThenRestart(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("stream property seed %d", seed)
	s := testserver.Start(t, streamDiffLimits)
	c := s.Client(t)
	ctx := context.Background()
	g := &streamGen{r: rand.New(rand.NewPCG(seed, 11)), next: map[string]uint64{}}
	// A big stream: its entries are read from disk, as every stream's are,
	// through thousands of nodes; groups and pending entries on it.
	pipe := c.Pipeline()
	for i := 1; i <= 6000; i++ {
		pipe.XAdd(ctx, &redis.XAddArgs{Stream: "x0", ID: fmt.Sprintf("%d-0", i), Values: []any{"n", i}})
	}
	pipe.XGroupCreate(ctx, "x0", "ga", "0")
	pipe.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "ga", Consumer: "ca", Streams: []string{"x0", ">"}, Count: 5000})
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	g.next["x0"] = 6000
	keys := append([]string{}, streamKeys...)
	for round := range 3 {
		for i := range 800 {
			args := g.command()
			a := make([]any, len(args))
			for j, v := range args {
				a[j] = v
			}
			c.Do(ctx, a...) // errors are part of the test's input
			if i%200 == 199 {
				for _, key := range keys {
					checkStreamConsistent(t, c, key, fmt.Sprintf("round %d op %d", round, i))
				}
			}
		}
		before := streamSnapshot(t, c, keys)
		s.Restart(t)
		c = s.Client(t)
		after := streamSnapshot(t, c, keys)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("round %d: %s changed across the restart:\n before %.300s\n after  %.300s", round, k, v, after[k])
			}
		}
		for _, key := range keys {
			checkStreamConsistent(t, c, key, fmt.Sprintf("round %d after restart", round))
		}
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
}

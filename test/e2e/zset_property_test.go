package e2e

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// The sorted set property test: random sorted set commands against tierdb
// and a model (member → score per key). While the server is up every key
// must read back as the model says, and "zbig", with more entries than
// tierdb keeps in memory, is served from Pebble throughout; after a restart
// (only the disk has anything) every key must read back identical, with
// the same DUMP, OBJECT ENCODING and TTL.

// zsetModel is what the sorted sets should hold: key → member → score.
type zsetModel map[string]map[string]float64

var zpropKeys = []string{"zp0", "zp1", "zp2", "zbig"}

func TestZsetProperty_RandomThenRestart(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("zset property seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 11))
	s := testserver.Start(t, map[string]string{"zset-max-listpack-entries": "16"})
	c := s.Client(t)
	ctx := context.Background()
	model := zsetModel{"zbig": {}}
	var big []redis.Z
	for i := range 4600 {
		m := fmt.Sprintf("b%d", i)
		big = append(big, redis.Z{Score: float64(i % 300), Member: m})
		model["zbig"][m] = float64(i % 300)
	}
	makeBig(t, c, "zbig", c.ZAdd(ctx, "zbig", big...))
	runPropertyRounds(t, seed, s, c, 500,
		func(c *redis.Client) { zpropStep(t, r, c, model) },
		func(c *redis.Client, when string) { checkZsetModel(t, c, model, when) },
		func(c *redis.Client) map[string]string { return snapshotZsets(t, c) })
}

// sortedModel returns a key's entries in Redis's order.
func sortedModel(z map[string]float64) []redis.Z {
	out := make([]redis.Z, 0, len(z))
	for m, s := range z {
		out = append(out, redis.Z{Score: s, Member: m})
	}
	slices.SortFunc(out, func(a, b redis.Z) int {
		return cmp.Or(cmp.Compare(a.Score, b.Score), cmp.Compare(a.Member.(string), b.Member.(string)))
	})
	return out
}

// zpropStep applies one random command to the server and the model, and
// checks its reply against the model.
func zpropStep(t *testing.T, r *rand.Rand, c *redis.Client, m zsetModel) {
	t.Helper()
	ctx := context.Background()
	key := zpropKeys[r.IntN(len(zpropKeys))]
	member := func() string {
		if key == "zbig" && r.IntN(2) == 0 {
			return fmt.Sprintf("b%d", r.IntN(4700))
		}
		return fmt.Sprintf("m%d", r.IntN(30))
	}
	score := func() float64 { return float64(r.IntN(40)-20) / 2 }
	z := m[key]
	ensure := func() {
		if z == nil {
			z = map[string]float64{}
			m[key] = z
		}
	}
	settle := func() {
		if len(z) == 0 {
			delete(m, key)
		}
	}
	switch r.IntN(8) {
	case 0, 1, 2:
		var args []redis.Z
		added := map[string]bool{}
		for range 1 + r.IntN(4) {
			mb, sc := member(), score()
			args = append(args, redis.Z{Score: sc, Member: mb})
			if _, ok := z[mb]; !ok {
				added[mb] = true
			}
		}
		n, err := c.ZAdd(ctx, key, args...).Result()
		if err != nil || n != int64(len(added)) {
			t.Fatalf("ZADD %s %v: %d, %v; want %d", key, args, n, err, len(added))
		}
		ensure()
		for _, a := range args {
			z[a.Member.(string)] = a.Score
		}
	case 3:
		mb, by := member(), score()
		got, err := c.ZIncrBy(ctx, key, by, mb).Result()
		ensure()
		z[mb] += by
		if err != nil || got != z[mb] {
			t.Fatalf("ZINCRBY %s %v %s: %v, %v; want %v", key, by, mb, got, err, z[mb])
		}
	case 4:
		a, b := member(), member()
		want := 0
		for _, mb := range uniqueStrings([]string{a, b}) {
			if _, ok := z[mb]; ok {
				want++
				delete(z, mb)
			}
		}
		if n, err := c.ZRem(ctx, key, a, b).Result(); err != nil || n != int64(want) {
			t.Fatalf("ZREM %s %s %s: %d, %v; want %d", key, a, b, n, err, want)
		}
		settle()
	case 5:
		n := int64(1 + r.IntN(3))
		max := r.IntN(2) == 0
		order := sortedModel(z)
		if max {
			slices.Reverse(order)
		}
		want := order[:min(int(n), len(order))]
		var got []redis.Z
		var err error
		if max {
			got, err = c.ZPopMax(ctx, key, n).Result()
		} else {
			got, err = c.ZPopMin(ctx, key, n).Result()
		}
		wantZ(t, fmt.Sprintf("ZPOP %s max=%v", key, max), got, err, want)
		for _, e := range want {
			delete(z, e.Member.(string))
		}
		settle()
	case 6:
		lo := score()
		hi := lo + float64(r.IntN(4))
		want := 0
		for mb, sc := range z {
			if sc >= lo && sc <= hi {
				want++
				delete(z, mb)
			}
		}
		n, err := c.ZRemRangeByScore(ctx, key, strconv.FormatFloat(lo, 'f', -1, 64), strconv.FormatFloat(hi, 'f', -1, 64)).Result()
		if err != nil || n != int64(want) {
			t.Fatalf("ZREMRANGEBYSCORE %s %v %v: %d, %v; want %d", key, lo, hi, n, err, want)
		}
		settle()
	case 7:
		order := sortedModel(z)
		start := r.IntN(len(order)+2) - 1
		stop := start + r.IntN(3)
		want := 0
		if start >= 0 {
			for i := start; i <= stop && i < len(order); i++ {
				delete(z, order[i].Member.(string))
				want++
			}
		} else if len(order) > 0 {
			delete(z, order[len(order)-1].Member.(string))
			want = 1
			stop = -1
		}
		n, err := c.ZRemRangeByRank(ctx, key, int64(start), int64(stop)).Result()
		if err != nil || n != int64(want) {
			t.Fatalf("ZREMRANGEBYRANK %s %d %d: %d, %v; want %d", key, start, stop, n, err, want)
		}
		settle()
	}
}

// checkZsetModel fails unless every key holds what the model says, read
// whole and by a few range and point reads.
func checkZsetModel(t *testing.T, c *redis.Client, m zsetModel, when string) {
	t.Helper()
	ctx := context.Background()
	for _, key := range zpropKeys {
		want := sortedModel(m[key])
		got, err := c.ZRangeWithScores(ctx, key, 0, -1).Result()
		wantZ(t, when+": "+key, got, err, want)
		if len(want) == 0 {
			continue
		}
		mid := len(want) / 2
		got, err = c.ZRangeWithScores(ctx, key, int64(mid), int64(mid+2)).Result()
		wantZ(t, when+": middle of "+key, got, err, want[mid:min(mid+3, len(want))])
		rank, err := c.ZRank(ctx, key, want[mid].Member.(string)).Result()
		if err != nil || rank != int64(mid) {
			t.Errorf("%s: ZRANK %s %v = %d, %v; want %d", when, key, want[mid].Member, rank, err, mid)
		}
		if n, err := c.ZCard(ctx, key).Result(); err != nil || n != int64(len(want)) {
			t.Errorf("%s: ZCARD %s = %d, %v; want %d", when, key, n, err, len(want))
		}
	}
}

// snapshotZsets reads, for every key, what must survive a restart: the
// entries, DUMP, OBJECT ENCODING and TTL.
func snapshotZsets(t *testing.T, c *redis.Client) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, key := range zpropKeys {
		entries, _ := c.ZRangeWithScores(ctx, key, 0, -1).Result()
		dump, _ := c.Dump(ctx, key).Result()
		enc, _ := c.ObjectEncoding(ctx, key).Result()
		ttl, _ := c.TTL(ctx, key).Result()
		out[key] = fmt.Sprintf("%v|%q|%s|%d", entries, dump, enc, ttl/time.Hour)
	}
	return out
}

package e2e

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// The hash property test: random hash commands against tierdb and a model
// (a map per key). While the server is up, every key must read back as the
// model says (the hashes in memory); after a restart (only the disk has
// them) every key must read back identical, and DUMP, OBJECT ENCODING and
// TTL must not have changed.

// hashModel is what the hashes should hold: key → field → value.
type hashModel map[string]map[string]string

// propKeys are the keys the property test writes; "big" starts with more
// fields than tierdb keeps in memory.
var propKeys = []string{"p0", "p1", "p2", "p3", "big"}

func TestHashProperty_RandomThenRestart(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("hash property seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 7))
	s := testserver.Start(t, map[string]string{"hash-max-listpack-entries": "16"})
	c := s.Client(t)
	ctx := context.Background()
	model := hashModel{"big": {}}
	big := []any{}
	for i := range 4500 {
		f, v := fmt.Sprintf("b%d", i), fmt.Sprintf("v%d", i)
		big = append(big, f, v)
		model["big"][f] = v
	}
	makeBig(t, c, "big", c.HSet(ctx, "big", big...))
	runPropertyRounds(t, seed, s, c, 600,
		func(c *redis.Client) { propStep(t, r, c, model) },
		func(c *redis.Client, when string) { checkModel(t, c, model, when) },
		func(c *redis.Client) map[string]string { return snapshotKeys(t, c, propKeys) })
}

// propStep applies one random command to the server and to the model, and
// checks its reply against the model.
func propStep(t *testing.T, r *rand.Rand, c *redis.Client, m hashModel) {
	t.Helper()
	ctx := context.Background()
	key := propKeys[r.IntN(len(propKeys))]
	field := func() string {
		if key == "big" && r.IntN(2) == 0 {
			return fmt.Sprintf("b%d", r.IntN(4600))
		}
		return fmt.Sprintf("f%d", r.IntN(24))
	}
	h := m[key]
	switch op := r.IntN(10); op {
	case 0, 1, 2:
		args := []any{}
		added := map[string]bool{}
		for range 1 + r.IntN(4) {
			f, v := field(), strconv.Itoa(r.IntN(1000))
			args = append(args, f, v)
			if _, ok := h[f]; !ok {
				added[f] = true
			}
		}
		n, err := c.HSet(ctx, key, args...).Result()
		if err != nil || n != int64(len(added)) {
			t.Fatalf("HSET %s %v: %d, %v; want %d", key, args, n, err, len(added))
		}
		if h == nil {
			h = map[string]string{}
			m[key] = h
		}
		for i := 0; i < len(args); i += 2 {
			h[args[i].(string)] = args[i+1].(string)
		}
	case 3, 4:
		fields := []string{field(), field()}
		want := 0
		for _, f := range uniqueStrings(fields) {
			if _, ok := h[f]; ok {
				want++
				delete(h, f)
			}
		}
		if n, err := c.HDel(ctx, key, fields...).Result(); err != nil || n != int64(want) {
			t.Fatalf("HDEL %s %v: %d, %v; want %d", key, fields, n, err, want)
		}
		if len(h) == 0 {
			delete(m, key)
		}
	case 5:
		f := field()
		if _, ok := h[f]; ok {
			if _, err := strconv.ParseInt(h[f], 10, 64); err != nil {
				return
			}
		}
		n, err := c.HIncrBy(ctx, key, f, int64(r.IntN(20)-10)).Result()
		if err != nil {
			t.Fatalf("HINCRBY %s %s: %v", key, f, err)
		}
		if h == nil {
			h = map[string]string{}
			m[key] = h
		}
		h[f] = strconv.FormatInt(n, 10)
	case 6:
		f := field()
		ok, err := c.HSetNX(ctx, key, f, "nx").Result()
		_, had := h[f]
		if err != nil || ok == had {
			t.Fatalf("HSETNX %s %s: %v, %v (field existed: %v)", key, f, ok, err, had)
		}
		if !had {
			if h == nil {
				h = map[string]string{}
				m[key] = h
			}
			h[f] = "nx"
		}
	case 7:
		if key == "big" {
			return
		}
		dst := propKeys[r.IntN(len(propKeys)-1)]
		if dst == key {
			return
		}
		if r.IntN(2) == 0 {
			if err := c.Copy(ctx, key, dst, 0, true).Err(); err != nil {
				t.Fatalf("COPY %s %s: %v", key, dst, err)
			}
			if h != nil { // a missing source copies nothing
				m[dst] = maps.Clone(h)
			}
			return
		}
		err := c.Rename(ctx, key, dst).Err()
		if h == nil {
			if err == nil {
				t.Fatalf("RENAME of missing %s succeeded", key)
			}
			return
		}
		if err != nil {
			t.Fatalf("RENAME %s %s: %v", key, dst, err)
		}
		delete(m, key)
		m[dst] = h
	case 8:
		if key != "big" && r.IntN(4) == 0 {
			c.Del(ctx, key)
			delete(m, key)
		}
	case 9:
		f := field()
		v, err := c.HGet(ctx, key, f).Result()
		if want, ok := h[f]; ok != (err == nil) || v != want {
			t.Fatalf("HGET %s %s: %q, %v; model %q, %v", key, f, v, err, want, ok)
		}
	}
}

// checkModel fails unless every key holds what the model says.
func checkModel(t *testing.T, c *redis.Client, m hashModel, when string) {
	t.Helper()
	ctx := context.Background()
	for _, key := range propKeys {
		got, err := c.HGetAll(ctx, key).Result()
		if err != nil {
			t.Fatalf("%s: HGETALL %s: %v", when, key, err)
		}
		want := m[key]
		if want == nil {
			want = map[string]string{}
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s: %s has %d fields, the model %d", when, key, len(got), len(want))
		}
		if n, err := c.HLen(ctx, key).Result(); err != nil || n != int64(len(want)) {
			t.Errorf("%s: HLEN %s = %d, %v; want %d", when, key, n, err, len(want))
		}
	}
}

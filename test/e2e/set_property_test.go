package e2e

import (
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// The set property test: random set commands against tierdb and a model (a
// member set per key). While the server is up, every key must read back as
// the model says; after a restart (only the disk has them) every key must
// read back identical, and DUMP, OBJECT ENCODING and TTL must not have
// changed (snapshotKeys). The keys are the hash
// test's propKeys; "big" has more members than tierdb keeps in memory, so its
// commands are served from disk while the server runs.

// setModel is what the sets should hold: key → members.
type setModel map[string]map[string]bool

func TestSetProperty_RandomThenRestart(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("set property seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 11))
	s := testserver.Start(t, map[string]string{"set-max-intset-entries": "16"})
	c := s.Client(t)
	ctx := context.Background()
	model := setModel{"big": {}}
	big := []any{}
	for i := range 4500 {
		m := "b" + strconv.Itoa(i)
		big = append(big, m)
		model["big"][m] = true
	}
	makeBig(t, c, "big", c.SAdd(ctx, "big", big...))
	runPropertyRounds(t, seed, s, c, 600,
		func(c *redis.Client) { setPropStep(t, r, c, model) },
		func(c *redis.Client, when string) { checkSetModel(t, c, model, when) },
		func(c *redis.Client) map[string]string { return snapshotKeys(t, c, propKeys) })
}

// setPropStep applies one random command to the server and to the model,
// and checks its reply against the model.
func setPropStep(t *testing.T, r *rand.Rand, c *redis.Client, m setModel) {
	t.Helper()
	ctx := context.Background()
	key := propKeys[r.IntN(len(propKeys))]
	member := func() string {
		switch n := r.IntN(10); {
		case key == "big" && n < 5:
			return "b" + strconv.Itoa(r.IntN(4600))
		case n < 3:
			return strconv.Itoa(r.IntN(30))
		}
		return "f" + strconv.Itoa(r.IntN(24))
	}
	set := m[key]
	put := func(k string, members ...string) {
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		for _, x := range members {
			m[k][x] = true
		}
	}
	drop := func(k string, members ...string) {
		for _, x := range members {
			delete(m[k], x)
		}
		if len(m[k]) == 0 {
			delete(m, k)
		}
	}
	switch op := r.IntN(12); op {
	case 0, 1, 2:
		args := []any{}
		added := map[string]bool{}
		for range 1 + r.IntN(4) {
			x := member()
			args = append(args, x)
			if !set[x] {
				added[x] = true
			}
		}
		if n, err := c.SAdd(ctx, key, args...).Result(); err != nil || n != int64(len(added)) {
			t.Fatalf("SADD %s %v: %d, %v; want %d", key, args, n, err, len(added))
		}
		for _, x := range args {
			put(key, x.(string))
		}
	case 3, 4:
		members := []any{member(), member()}
		want := 0
		for _, x := range uniqueStrings([]string{members[0].(string), members[1].(string)}) {
			if set[x] {
				want++
				drop(key, x)
			}
		}
		if n, err := c.SRem(ctx, key, members...).Result(); err != nil || n != int64(want) {
			t.Fatalf("SREM %s %v: %d, %v; want %d", key, members, n, err, want)
		}
	case 5:
		x := member()
		if ok, err := c.SIsMember(ctx, key, x).Result(); err != nil || ok != set[x] {
			t.Fatalf("SISMEMBER %s %s: %v, %v; model %v", key, x, ok, err, set[x])
		}
	case 6:
		dst, x := propKeys[r.IntN(len(propKeys))], member()
		ok, err := c.SMove(ctx, key, dst, x).Result()
		if err != nil || ok != set[x] {
			t.Fatalf("SMOVE %s %s %s: %v, %v; model %v", key, dst, x, ok, err, set[x])
		}
		if ok && dst != key {
			drop(key, x)
			put(dst, x)
		}
	case 7:
		n := int64(r.IntN(4))
		if key == "big" && r.IntN(2) == 0 {
			n = 0 // SPOP of one, without a count
		}
		var got []string
		var err error
		if n == 0 {
			var x string
			if x, err = c.SPop(ctx, key).Result(); err == nil {
				got = []string{x}
			} else if err == redis.Nil && len(set) == 0 {
				err = nil
			}
		} else {
			got, err = c.SPopN(ctx, key, n).Result()
		}
		want := min(max(n, 1), int64(len(set)))
		if err != nil || int64(len(got)) != want || len(uniqueStrings(got)) != len(got) {
			t.Fatalf("SPOP %s %d: %v, %v; want %d distinct members", key, n, got, err, want)
		}
		for _, x := range got {
			if !set[x] {
				t.Fatalf("SPOP %s gave %q, not a member", key, x)
			}
		}
		drop(key, got...)
	case 8:
		got, err := c.SRandMemberN(ctx, key, int64(r.IntN(10)-5)).Result()
		if err != nil {
			t.Fatalf("SRANDMEMBER %s: %v", key, err)
		}
		for _, x := range got {
			if !set[x] {
				t.Fatalf("SRANDMEMBER %s gave %q, not a member", key, x)
			}
		}
	case 9:
		if key == "big" {
			return
		}
		srcs := []string{propKeys[r.IntN(len(propKeys))], propKeys[r.IntN(len(propKeys)-1)]}
		result := map[string]bool{}
		var n int64
		var err error
		switch r.IntN(3) {
		case 0:
			for x := range m[srcs[0]] {
				if m[srcs[1]][x] {
					result[x] = true
				}
			}
			n, err = c.SInterStore(ctx, key, srcs...).Result()
		case 1:
			for _, k := range srcs {
				maps.Copy(result, m[k])
			}
			n, err = c.SUnionStore(ctx, key, srcs...).Result()
		default:
			for x := range m[srcs[0]] {
				if !m[srcs[1]][x] {
					result[x] = true
				}
			}
			n, err = c.SDiffStore(ctx, key, srcs...).Result()
		}
		if err != nil || n != int64(len(result)) {
			t.Fatalf("STORE %s %v: %d, %v; want %d", key, srcs, n, err, len(result))
		}
		delete(m, key)
		if len(result) > 0 {
			m[key] = result
		}
	case 10:
		if key == "big" {
			return
		}
		dst := propKeys[r.IntN(len(propKeys)-1)]
		if dst == key {
			return
		}
		if err := c.Copy(ctx, key, dst, 0, true).Err(); err != nil {
			t.Fatalf("COPY %s %s: %v", key, dst, err)
		}
		if set != nil {
			m[dst] = maps.Clone(set)
		}
	case 11:
		if key != "big" && r.IntN(3) == 0 {
			c.Del(ctx, key)
			delete(m, key)
		}
	}
}

// checkSetModel fails unless every key holds what the model says.
func checkSetModel(t *testing.T, c *redis.Client, m setModel, when string) {
	t.Helper()
	ctx := context.Background()
	for _, key := range propKeys {
		got, err := c.SMembers(ctx, key).Result()
		if err != nil {
			t.Fatalf("%s: SMEMBERS %s: %v", when, key, err)
		}
		slices.Sort(got)
		if want := slices.Sorted(maps.Keys(m[key])); !slices.Equal(got, want) {
			t.Errorf("%s: %s has %d members, the model %d", when, key, len(got), len(want))
		}
		if n, err := c.SCard(ctx, key).Result(); err != nil || n != int64(len(m[key])) {
			t.Errorf("%s: SCARD %s = %d, %v; want %d", when, key, n, err, len(m[key]))
		}
	}
}

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Eviction policies, seen from a client: which keys leave memory first
// (OBJECT TIER), and that every key stays readable with its value (spill).
// With maxmemory 32mb the hot set's budget is about 14 MB; each group below
// is about 9.6 MB, so writing both evicts about half of one group.

const (
	policyGroup     = 8000
	policyValueSize = 1000
)

func groupKeys(prefix string) []string {
	keys := make([]string, policyGroup)
	for i := range keys {
		keys[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return keys
}

// writeGroup SETs every key of the group; ttl(i) > 0 gives key i that TTL.
func writeGroup(t *testing.T, c *redis.Client, keys []string, ttl func(i int) time.Duration) {
	t.Helper()
	ctx := context.Background()
	for start := 0; start < len(keys); start += 200 {
		pipe := c.Pipeline()
		for i := start; i < min(start+200, len(keys)); i++ {
			pipe.Set(ctx, keys[i], tierValue(i, policyValueSize), ttl(i))
		}
		if _, err := pipe.Exec(ctx); err != nil {
			t.Fatalf("write %s...: %v", keys[start], err)
		}
	}
}

// readGroup GETs every key of the group, n times.
func readGroup(t *testing.T, c *redis.Client, keys []string, n int) {
	t.Helper()
	ctx := context.Background()
	for range n {
		for start := 0; start < len(keys); start += 500 {
			pipe := c.Pipeline()
			for _, k := range keys[start:min(start+500, len(keys))] {
				pipe.Get(ctx, k)
			}
			if _, err := pipe.Exec(ctx); err != nil {
				t.Fatalf("read %s...: %v", keys[start], err)
			}
		}
	}
}

// checkGroup verifies every key of the group has its value.
func checkGroup(t *testing.T, c *redis.Client, keys []string) {
	t.Helper()
	ctx := context.Background()
	for start := 0; start < len(keys); start += 500 {
		pipe := c.Pipeline()
		cmds := make([]*redis.StringCmd, 0, 500)
		for _, k := range keys[start:min(start+500, len(keys))] {
			cmds = append(cmds, pipe.Get(ctx, k))
		}
		if _, err := pipe.Exec(ctx); err != nil {
			t.Fatalf("check %s...: %v", keys[start], err)
		}
		for j, cmd := range cmds {
			if want := tierValue(start+j, policyValueSize); cmd.Val() != want {
				t.Fatalf("%s: got %d bytes %.20q, want %.20q", keys[start+j], len(cmd.Val()), cmd.Val(), want)
			}
		}
	}
}

func noTTL(int) time.Duration { return 0 }

// Ensure that each policy evicts the right kind of key first and that with
// spill every key still reads back.
func TestTiering_PolicyOrder(t *testing.T) {
	far := func(i int) time.Duration { return time.Hour + time.Duration(i)*time.Second }
	near := func(i int) time.Duration { return 10*time.Minute + time.Duration(i)*time.Millisecond }
	for _, test := range []struct {
		policy string
		// ttlA and ttlB are the groups' TTLs; group A is written first.
		ttlA, ttlB func(int) time.Duration
		// between runs after A is written, before B.
		between func(t *testing.T, c *redis.Client, a []string)
		// after runs after B is written.
		after func(t *testing.T, c *redis.Client, b []string)
		// minimum fraction (percent) of A hot, and of B cold, after eviction;
		// or of A cold and B hot when aGoes.
		aGoes          bool
		minKeep, minGo int
	}{
		{policy: "allkeys-lru", ttlA: noTTL, ttlB: noTTL, aGoes: true, minKeep: 95, minGo: 40,
			after: func(t *testing.T, c *redis.Client, b []string) { readGroup(t, c, b, 1) }},
		{policy: "allkeys-lfu", ttlA: noTTL, ttlB: noTTL, minKeep: 90, minGo: 40,
			between: func(t *testing.T, c *redis.Client, a []string) { readGroup(t, c, a, 5) }},
		{policy: "volatile-lru", ttlA: noTTL, ttlB: far, minKeep: 100, minGo: 40},
		{policy: "volatile-lfu", ttlA: noTTL, ttlB: far, minKeep: 100, minGo: 40},
		{policy: "volatile-random", ttlA: noTTL, ttlB: far, minKeep: 100, minGo: 40},
		{policy: "volatile-ttl", ttlA: far, ttlB: near, minKeep: 90, minGo: 40},
		{policy: "allkeys-random", ttlA: noTTL, ttlB: noTTL, minKeep: 0, minGo: 0},
	} {
		t.Run(test.policy, func(t *testing.T) {
			s := testserver.Start(t, map[string]string{"maxmemory": "32mb", "maxmemory-policy": test.policy,
				"lfu-log-factor": "0", "appendfsync": "no"})
			c := s.Client(t)
			a, b := groupKeys("a:"), groupKeys("b:")
			writeGroup(t, c, a, test.ttlA)
			if test.between != nil {
				test.between(t, c, a)
			}
			writeGroup(t, c, b, test.ttlB)
			if test.after != nil {
				test.after(t, c, b)
			}
			waitSettled(t, c, 10*time.Second)
			aHot, aCold := countTiers(t, c, a)
			bHot, bCold := countTiers(t, c, b)
			t.Logf("%s: group A %d hot %d cold; group B %d hot %d cold", test.policy, aHot, aCold, bHot, bCold)
			keep, gone := aHot, bCold
			if test.aGoes {
				keep, gone = bHot, aCold
			}
			if keep*100 < test.minKeep*policyGroup || gone*100 < test.minGo*policyGroup {
				t.Errorf("%d%% of the keys to keep are hot (want ≥ %d%%), %d%% of the keys to evict are cold (want ≥ %d%%)",
					keep*100/policyGroup, test.minKeep, gone*100/policyGroup, test.minGo)
			}
			if aCold+bCold == 0 {
				t.Errorf("nothing was evicted")
			}
			checkGroup(t, c, a)
			checkGroup(t, c, b)
			if n := c.DBSize(context.Background()).Val(); n != 2*policyGroup {
				t.Errorf("DBSIZE %d, want %d", n, 2*policyGroup)
			}
			if n := tierInfo(t, c, "tiering", "spilled_keys"); n == 0 {
				t.Errorf("INFO tiering spilled_keys is 0")
			}
		})
	}
}

// Ensure that noeviction refuses writes over budget with Redis's OOM error
// (also for MULTI and EXEC), still serves reads and deletes, and takes writes
// again once keys are deleted.
func TestTiering_NoEviction(t *testing.T) {
	s := testserver.Start(t, map[string]string{"maxmemory": "32mb", "maxmemory-policy": "noeviction", "appendfsync": "no"})
	c := s.Client(t)
	ctx := context.Background()
	const oom = "OOM command not allowed when used memory > 'maxmemory'."
	var written []string
	for i := 0; ; i++ {
		key := fmt.Sprintf("k%d", i)
		err := c.Set(ctx, key, tierValue(i, policyValueSize), 0).Err()
		if err != nil {
			if err.Error() != oom {
				t.Fatalf("SET %s: got %v, want %q", key, err, oom)
			}
			break
		}
		written = append(written, key)
		if i > 100000 {
			t.Fatalf("no OOM after %d keys", i)
		}
	}
	if got := c.Get(ctx, written[0]).Val(); got != tierValue(0, policyValueSize) {
		t.Errorf("GET under OOM: %.20q", got)
	}
	pipe := c.TxPipeline()
	pipe.Set(ctx, "x", "y", 0)
	// SET is refused when queued (OOM), so EXEC aborts, as in Redis.
	if _, err := pipe.Exec(ctx); err == nil || err.Error() != "EXECABORT Transaction discarded because of previous errors." {
		t.Errorf("MULTI SET under OOM: %v", err)
	}
	if hot, cold := countTiers(t, c, written); cold != 0 || hot != len(written) {
		t.Errorf("noeviction moved keys: %d hot %d cold", hot, cold)
	}
	if err := c.Del(ctx, written[:len(written)/2]...).Err(); err != nil {
		t.Fatalf("DEL under OOM: %v", err)
	}
	if err := c.Set(ctx, "again", "v", 0).Err(); err != nil {
		t.Errorf("SET after DEL: %v", err)
	}
	if n := tierInfo(t, c, "stats", "evicted_keys"); n != 0 {
		t.Errorf("evicted_keys %d under noeviction", n)
	}
}

// Ensure that a volatile policy with no key that has a TTL refuses writes
// over budget with OOM, as Redis does when nothing can be evicted.
func TestTiering_VolatileNothingToEvict(t *testing.T) {
	s := testserver.Start(t, map[string]string{"maxmemory": "32mb", "maxmemory-policy": "volatile-lru", "appendfsync": "no"})
	c := s.Client(t)
	ctx := context.Background()
	for i := 0; ; i++ {
		err := c.Set(ctx, fmt.Sprintf("k%d", i), tierValue(i, policyValueSize), 0).Err()
		if err != nil {
			if err.Error() != "OOM command not allowed when used memory > 'maxmemory'." {
				t.Fatalf("SET: %v", err)
			}
			break
		}
		if i > 100000 {
			t.Fatalf("no OOM after %d keys", i)
		}
	}
	// A key with a TTL gives eviction something to take.
	configSet(t, c, "maxmemory-policy", "allkeys-lru")
	if err := c.Set(ctx, "fits", "v", 0).Err(); err != nil {
		t.Errorf("SET after switching to allkeys-lru: %v", err)
	}
}

// Ensure that eviction-mode drop deletes evicted keys as Redis does and
// counts them in evicted_keys.
func TestTiering_DropMode(t *testing.T) {
	s := testserver.Start(t, map[string]string{"maxmemory": "32mb", "maxmemory-policy": "allkeys-lru",
		"eviction-mode": "drop", "appendfsync": "no"})
	c := s.Client(t)
	a, b := groupKeys("a:"), groupKeys("b:")
	writeGroup(t, c, a, noTTL)
	writeGroup(t, c, b, noTTL)
	waitSettled(t, c, 10*time.Second)
	evicted := tierInfo(t, c, "stats", "evicted_keys")
	n := c.DBSize(context.Background()).Val()
	if evicted == 0 || n != 2*policyGroup-evicted {
		t.Errorf("evicted_keys %d, DBSIZE %d, want %d", evicted, n, 2*policyGroup-evicted)
	}
	if spilled := tierInfo(t, c, "tiering", "spilled_keys"); spilled != 0 {
		t.Errorf("spilled_keys %d in drop mode", spilled)
	}
}

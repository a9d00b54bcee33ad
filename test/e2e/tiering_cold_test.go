package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// forceCold makes (almost) every key cold: an allkeys policy and a budget of
// one byte. Other tests may do the same to exercise the cold paths.
func forceCold(t *testing.T, c *redis.Client) {
	t.Helper()
	configSet(t, c, "maxmemory-policy", "allkeys-lru", "maxmemory", "1")
	waitSettled(t, c, 10*time.Second)
}

// Ensure that CONFIG SET maxmemory 1 (with allkeys-lru and spill) makes the
// keys of every type cold, and that each reads back identical, TTL included.
func TestTiering_TinyMaxmemoryEverythingCold(t *testing.T) {
	s := testserver.Start(t, map[string]string{"appendfsync": "no"})
	c := s.Client(t)
	ctx := context.Background()
	type entry struct {
		kind  valueKind
		key   string
		value string
		ttl   bool
	}
	var entries []entry
	for _, k := range valueKinds {
		for i := range 50 {
			key := fmt.Sprintf("%s:%d", k.typ, i)
			if err := k.write(ctx, c, key, i); err != nil {
				if isUnknownCommand(err) {
					t.Logf("SKIPPED PART: no %s commands yet", k.typ)
					break
				}
				t.Fatalf("write %s: %v", key, err)
			}
			if i%2 == 0 {
				c.PExpireAt(ctx, key, time.UnixMilli(4_000_000_000_000+int64(i)))
			}
			v, err := k.read(ctx, c, key)
			if err != nil {
				t.Fatalf("read %s: %v", key, err)
			}
			entries = append(entries, entry{k, key, v, i%2 == 0})
		}
	}
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.key
	}
	forceCold(t, c)
	hot, cold := countTiers(t, c, keys)
	if cold < len(keys)*95/100 {
		t.Errorf("after maxmemory 1: %d hot, %d cold of %d", hot, cold, len(keys))
	}
	for _, e := range entries {
		if typ := c.Type(ctx, e.key).Val(); typ != e.kind.typ {
			t.Errorf("%s: TYPE %s, want %s", e.key, typ, e.kind.typ)
		}
		v, err := e.kind.read(ctx, c, e.key)
		if err != nil || v != e.value {
			t.Errorf("%s: read %q (%v), want %q", e.key, v, err, e.value)
		}
		want := time.Duration(-1)
		if e.ttl {
			var i int64
			fmt.Sscanf(e.key[strings.LastIndexByte(e.key, ':')+1:], "%d", &i)
			want = time.Duration(4_000_000_000_000+i) * time.Millisecond
		}
		if got := c.PExpireTime(ctx, e.key).Val(); got != want {
			t.Errorf("%s: PEXPIRETIME %v, want %v", e.key, got, want)
		}
	}
	// Writes still work: the key is promoted, then spilled again.
	if err := c.Set(ctx, "new", "v", 0).Err(); err != nil {
		t.Errorf("SET at maxmemory 1: %v", err)
	}
	waitSettled(t, c, 10*time.Second)
	if got := c.Get(ctx, "new").Val(); got != "v" {
		t.Errorf("GET new: %q", got)
	}
}

// Ensure that keys expiring while cold are removed by active expiry without
// being read into memory, and counted in expired_cold_keys.
func TestTiering_ColdKeysExpire(t *testing.T) {
	s := testserver.Start(t, map[string]string{"appendfsync": "no", "hz": "50"})
	c := s.Client(t)
	ctx := context.Background()
	for i := range 200 {
		c.Set(ctx, fmt.Sprintf("k%d", i), "v", 1500*time.Millisecond)
	}
	c.Set(ctx, "stays", "v", 0)
	forceCold(t, c)
	promotions := tierInfo(t, c, "tiering", "promotions")
	deadline := time.Now().Add(10 * time.Second)
	for c.DBSize(ctx).Val() > 1 {
		if time.Now().After(deadline) {
			t.Fatalf("DBSIZE still %d", c.DBSize(ctx).Val())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := tierInfo(t, c, "tiering", "expired_cold_keys"); n < 190 {
		t.Errorf("expired_cold_keys %d, want about 200", n)
	}
	if n := tierInfo(t, c, "tiering", "promotions"); n != promotions {
		t.Errorf("expiry promoted keys: promotions %d → %d", promotions, n)
	}
	if n := tierInfo(t, c, "stats", "expired_keys"); n < 200 {
		t.Errorf("expired_keys %d", n)
	}
}

// Ensure that WATCH on a cold key behaves as on a hot one: a write by
// another client aborts EXEC, and the key being spilled (not changed) does
// not.
func TestTiering_WatchColdKey(t *testing.T) {
	s := testserver.Start(t, map[string]string{"appendfsync": "no"})
	c := s.Client(t)
	other := s.Client(t)
	ctx := context.Background()
	c.Set(ctx, "w", "1", 0)
	forceCold(t, c)
	if tier := tierOf(t, c, "w"); tier != "cold" {
		t.Fatalf("w is %s", tier)
	}
	run := func(between func()) error {
		return c.Watch(ctx, func(tx *redis.Tx) error {
			between()
			_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, "w", "from-exec", 0)
				return nil
			})
			return err
		}, "w")
	}
	if err := run(func() { other.Set(ctx, "w", "2", 0) }); err != redis.TxFailedErr {
		t.Errorf("EXEC after another client wrote the cold watched key: %v, want aborted", err)
	}
	forceCold(t, c)
	if err := run(func() {
		// Reading it and letting it spill again changes nothing.
		other.Get(ctx, "w")
		waitSettled(t, c, 5*time.Second)
	}); err != nil {
		t.Errorf("EXEC with an untouched cold watched key: %v", err)
	}
	if got := c.Get(ctx, "w").Val(); got != "from-exec" {
		t.Errorf("w = %q", got)
	}
}

// Ensure that OBJECT TIER, OBJECT FREQ and MEMORY USAGE answer for hot and
// cold keys, with Redis's errors where Redis has them.
func TestTiering_ObjectAndMemory(t *testing.T) {
	s := testserver.Start(t, map[string]string{"appendfsync": "no"})
	c := s.Client(t)
	ctx := context.Background()
	c.Set(ctx, "k", "value", 0)
	if got := tierOf(t, c, "k"); got != "hot" {
		t.Errorf("OBJECT TIER of a new key: %q", got)
	}
	if got := tierOf(t, c, "missing"); got != "" {
		t.Errorf("OBJECT TIER of a missing key: %q", got)
	}
	if err := c.Do(ctx, "OBJECT", "FREQ", "k").Err(); err == nil || !strings.HasPrefix(err.Error(), "ERR An LFU maxmemory policy is not selected") {
		t.Errorf("OBJECT FREQ under noeviction: %v", err)
	}
	configSet(t, c, "maxmemory-policy", "allkeys-lfu", "lfu-log-factor", "0")
	for range 10 {
		c.Get(ctx, "k")
	}
	if f := c.Do(ctx, "OBJECT", "FREQ", "k").Val(); f != int64(15) {
		t.Errorf("OBJECT FREQ after 10 reads with lfu-log-factor 0: %v, want 15", f)
	}
	if n, err := c.MemoryUsage(ctx, "k").Result(); err != nil || n < 5 {
		t.Errorf("MEMORY USAGE k: %d %v", n, err)
	}
	if err := c.Do(ctx, "MEMORY", "USAGE", "missing").Err(); err != redis.Nil {
		t.Errorf("MEMORY USAGE missing: %v", err)
	}
	for _, args := range [][]any{{"MEMORY", "USAGE", "k", "SAMPLES"}, {"MEMORY", "USAGE", "k", "SAMPLES", "-1"},
		{"MEMORY", "USAGE", "k", "FOO", "1"}} {
		if err := c.Do(ctx, args...).Err(); err == nil || err.Error() != "ERR syntax error" {
			t.Errorf("%v: %v", args, err)
		}
	}
	if err := c.Do(ctx, "MEMORY", "USAGE", "k", "SAMPLES", "x").Err(); err == nil || err.Error() != "ERR value is not an integer or out of range" {
		t.Errorf("MEMORY USAGE SAMPLES x: %v", err)
	}
	stats, err := c.Do(ctx, "MEMORY", "STATS").Slice()
	if err != nil || len(stats)%2 != 0 || stats[0] != "peak.allocated" {
		t.Errorf("MEMORY STATS: %v %v", stats, err)
	}
	forceCold(t, c)
	if got := tierOf(t, c, "k"); got != "cold" {
		t.Errorf("OBJECT TIER after maxmemory 1: %q", got)
	}
	if got := tierOf(t, c, "k"); got != "cold" {
		t.Errorf("OBJECT TIER moved the key: %q", got)
	}
	if n, err := c.MemoryUsage(ctx, "k").Result(); err != nil || n < 5 {
		t.Errorf("MEMORY USAGE of a cold key: %d %v", n, err)
	}
	for _, f := range []string{"used_memory", "used_memory_human", "used_memory_rss", "used_memory_rss_human",
		"used_memory_peak", "used_memory_peak_human", "maxmemory", "maxmemory_human", "maxmemory_policy",
		"mem_fragmentation_ratio", "tier_hot_limit", "tier_go_memory_limit"} {
		if _, ok := infoFields(t, c, "memory")[f]; !ok {
			t.Errorf("INFO memory has no %s", f)
		}
	}
	for _, f := range []string{"hot_keys", "cold_keys", "disk_bytes", "spilled_keys", "promotions", "cold_reads",
		"cold_cache_hits", "cold_cache_misses", "cold_cache_hit_ratio", "expired_cold_keys", "pebble_write_stalls",
		"pebble_compaction_debt_bytes"} {
		if _, ok := infoFields(t, c, "tiering")[f]; !ok {
			t.Errorf("INFO tiering has no %s", f)
		}
	}
	if got := infoFields(t, c, "tiering")["cold_keys"]; got != "1" {
		t.Errorf("cold_keys %s, want 1", got)
	}
}

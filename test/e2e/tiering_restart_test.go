package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tierdb/tierdb/test/testserver"
)

// Restart does not load the data set (DESIGN.md invariant 6): the real
// binary with maxmemory 8mb holds data sets of about 1.2× and 10× that, restarts
// (the times are logged; no assertion on them), and every key reads back.
func TestTiering_RestartLargerThanMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED under -short (make test's race pass): writes 95 MB; runs in the full pass")
	}
	const maxmemory = 8 << 20
	for _, keys := range []int{10_000, 85_000} {
		t.Run(fmt.Sprintf("keys=%d", keys), func(t *testing.T) {
			p := testserver.StartProcess(t, "", "--maxmemory", "8mb", "--maxmemory-policy", "allkeys-lru",
				"--appendfsync", "no", "--save", "")
			c := testserver.NewClient(t, p.Addr)
			ctx := context.Background()
			all := make([]string, keys)
			for i := range all {
				all[i] = fmt.Sprintf("k:%d", i)
			}
			for start := 0; start < keys; start += policyGroup {
				writeGroup(t, c, all[start:min(start+policyGroup, keys)], noTTL)
			}
			if err := p.Terminate(); err != nil {
				t.Fatalf("terminate: %v", err)
			}
			began := time.Now()
			p.Restart()
			c = testserver.NewClient(t, p.Addr)
			if err := c.Ping(ctx).Err(); err != nil {
				t.Fatalf("PING after restart: %v", err)
			}
			startup := time.Since(began)
			if n := c.DBSize(ctx).Val(); n != int64(keys) {
				t.Errorf("DBSIZE after restart %d, want %d", n, keys)
			}
			readStart := time.Now()
			for start := 0; start < keys; start += policyGroup {
				checkGroup(t, c, all[start:min(start+policyGroup, keys)])
			}
			t.Logf("%d keys (%.0f MB of values, %.1f× maxmemory): start-up %v, read back in %v",
				keys, float64(keys*policyValueSize)/1e6, float64(keys*policyValueSize)/maxmemory, startup, time.Since(readStart))
		})
	}
}

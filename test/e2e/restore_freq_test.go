package e2e

import (
	"context"
	"testing"

	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that RESTORE ... FREQ sets the restored key's LFU counter under an
// LFU policy (OBJECT FREQ reads it back), as in Redis.
func TestRestore_FreqSetsCounter(t *testing.T) {
	for _, srv := range []struct {
		name string
		addr func(t *testing.T) string
	}{
		{"tierdb", func(t *testing.T) string { return testserver.Start(t, nil).Addr }},
		{"redis", func(t *testing.T) string { return testserver.StartRedis(t).Addr }},
	} {
		t.Run(srv.name, func(t *testing.T) {
			ctx := context.Background()
			c := testserver.NewClient(t, srv.addr(t))
			if err := c.ConfigSet(ctx, "maxmemory-policy", "allkeys-lfu").Err(); err != nil {
				t.Fatal(err)
			}
			c.Set(ctx, "src", "value", 0)
			p := c.Dump(ctx, "src").Val()
			for _, freq := range []int{0, 5, 200, 255} {
				if err := c.Do(ctx, "RESTORE", "k", 0, p, "REPLACE", "FREQ", freq).Err(); err != nil {
					t.Fatalf("RESTORE FREQ %d: %v", freq, err)
				}
				if got, err := c.ObjectFreq(ctx, "k").Result(); err != nil || got != int64(freq) {
					t.Errorf("OBJECT FREQ after RESTORE FREQ %d: %d, %v", freq, got, err)
				}
			}
		})
	}
}

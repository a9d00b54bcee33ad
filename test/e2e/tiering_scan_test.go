package e2e

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tierdb/tierdb/test/testserver"
)

// Scans do not flush the hot set (DESIGN.md invariant 7): while one client
// reads a working set in a loop, another SCANs and GETs every cold key once;
// the working set stays hot, because cold reads are promoted by frequency.
func TestTiering_ScanResistance(t *testing.T) {
	s := testserver.Start(t, map[string]string{"maxmemory": "32mb", "maxmemory-policy": "allkeys-lru",
		"appendfsync": "no"})
	c := s.Client(t)
	ctx := context.Background()
	// 30000 cold keys (about 36 MB: twice the hot budget), then a working
	// set of 2000 keys read a few times.
	cold := make([]string, 30000)
	for i := range cold {
		cold[i] = fmt.Sprintf("cold:%d", i)
	}
	for start := 0; start < len(cold); start += 8000 {
		writeGroup(t, c, cold[start:min(start+8000, len(cold))], noTTL)
	}
	hot := make([]string, 2000)
	for i := range hot {
		hot[i] = fmt.Sprintf("hot:%d", i)
	}
	writeGroup(t, c, hot, noTTL)
	readGroup(t, c, hot, 3)
	waitSettled(t, c, 10*time.Second)
	before, _ := countTiers(t, c, hot)

	// The reader: GET the working set in a loop, counting how many of its
	// keys were hot when read (OBJECT TIER first, in the same pipeline).
	var stop atomic.Bool
	var reads, hotReads atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rc := s.Client(t)
		for !stop.Load() {
			for start := 0; start < len(hot) && !stop.Load(); start += 200 {
				h, _ := countTiers(t, rc, hot[start:start+200])
				readGroup(t, rc, hot[start:start+200], 1)
				reads.Add(200)
				hotReads.Add(int64(h))
			}
		}
	}()
	// The scanner: SCAN + GET every key once.
	time.Sleep(100 * time.Millisecond)
	var cursor uint64
	scanned := 0
	for {
		keys, next, err := c.Scan(ctx, cursor, "cold:*", 500).Result()
		if err != nil {
			t.Fatalf("SCAN: %v", err)
		}
		pipe := c.Pipeline()
		for _, k := range keys {
			pipe.Get(ctx, k)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			t.Fatalf("GET scanned keys: %v", err)
		}
		scanned += len(keys)
		if cursor = next; cursor == 0 {
			break
		}
	}
	stop.Store(true)
	wg.Wait()
	after, _ := countTiers(t, c, hot)
	ratio := float64(hotReads.Load()) / float64(max(reads.Load(), 1))
	t.Logf("scanned %d cold keys; working set hot before %d, after %d of %d; hot-hit ratio during the scan %.3f over %d reads; INFO tiering: %v",
		scanned, before, after, len(hot), ratio, reads.Load(), infoFields(t, c, "tiering"))
	if scanned != len(cold) {
		t.Errorf("SCAN returned %d keys, want %d", scanned, len(cold))
	}
	if after*100 < len(hot)*90 || ratio < 0.9 {
		t.Errorf("the scan pushed the working set out: %d of %d hot after, hit ratio %.3f", after, len(hot), ratio)
	}
}

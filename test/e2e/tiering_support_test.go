package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Helpers of the tiering tests (tiering_*_test.go): key tiers, INFO numbers,
// and an RSS sampler for a server process.

// tierOf is OBJECT TIER key: "hot", "cold", or "" for a missing key.
func tierOf(t *testing.T, c *redis.Client, key string) string {
	t.Helper()
	v, err := c.Do(context.Background(), "OBJECT", "TIER", key).Text()
	if err == redis.Nil {
		return ""
	}
	if err != nil {
		t.Fatalf("OBJECT TIER %s: %v", key, err)
	}
	return v
}

// countTiers counts how many of keys are hot and cold, pipelined.
func countTiers(t *testing.T, c *redis.Client, keys []string) (hot, cold int) {
	t.Helper()
	ctx := context.Background()
	for start := 0; start < len(keys); start += 500 {
		pipe := c.Pipeline()
		cmds := make([]*redis.Cmd, 0, 500)
		for _, k := range keys[start:min(start+500, len(keys))] {
			cmds = append(cmds, pipe.Do(ctx, "OBJECT", "TIER", k))
		}
		if _, err := pipe.Exec(ctx); err != nil && err != redis.Nil {
			t.Fatalf("OBJECT TIER pipeline: %v", err)
		}
		for _, cmd := range cmds {
			switch cmd.Val() {
			case "hot":
				hot++
			case "cold":
				cold++
			}
		}
	}
	return hot, cold
}

// tierInfo reads one integer field of INFO section.
func tierInfo(t *testing.T, c *redis.Client, section, field string) int64 {
	t.Helper()
	return infoInt(t, infoFields(t, c, section), field)
}

// waitSettled waits until the hot set is within its budget (the background
// evictor caught up), at most timeout.
func waitSettled(t *testing.T, c *redis.Client, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		f := infoFields(t, c, "memory", "tiering")
		used, _ := strconv.ParseInt(f["hot_bytes"], 10, 64)
		limit, _ := strconv.ParseInt(f["hot_limit"], 10, 64)
		if f["maxmemory"] == "0" || used <= limit {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("hot set still over budget after %v: %d > %d", timeout, used, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// configSet runs CONFIG SET name value ...
func configSet(t *testing.T, c *redis.Client, pairs ...string) {
	t.Helper()
	args := []any{"CONFIG", "SET"}
	for _, p := range pairs {
		args = append(args, p)
	}
	if err := c.Do(context.Background(), args...).Err(); err != nil {
		t.Fatalf("CONFIG SET %v: %v", pairs, err)
	}
}

// tierValue is the deterministic value of key number i, size bytes long.
func tierValue(i, size int) string {
	head := fmt.Sprintf("v%d:", i)
	if len(head) >= size {
		return head
	}
	return head + strings.Repeat(string(rune('a'+i%26)), size-len(head))
}

// rssSampler samples a process's resident set size from /proc.
type rssSampler struct {
	pid  int
	max  atomic.Int64
	n    atomic.Int64
	stop chan struct{}
	wg   sync.WaitGroup
}

// sampleRSS starts sampling pid's RSS every period.
func sampleRSS(pid int, period time.Duration) *rssSampler {
	r := &rssSampler{pid: pid, stop: make(chan struct{})}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			if v := readRSS(pid); v > 0 {
				r.n.Add(1)
				for {
					m := r.max.Load()
					if v <= m || r.max.CompareAndSwap(m, v) {
						break
					}
				}
			}
			select {
			case <-r.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return r
}

// takeMax returns the largest RSS seen since the last takeMax (or the
// start) and starts over, to tell the phases of a test apart.
func (r *rssSampler) takeMax() int64 { return r.max.Swap(0) }

// done stops sampling and returns the largest RSS seen (since the last
// takeMax) and the samples taken.
func (r *rssSampler) done() (int64, int64) {
	close(r.stop)
	r.wg.Wait()
	return r.max.Load(), r.n.Load()
}

// readRSS is VmRSS of /proc/<pid>/status in bytes, 0 if unknown.
func readRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

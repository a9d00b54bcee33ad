package e2e

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// The HyperLogLog commands through go-redis, on keys in memory and on keys
// only on disk (after a restart), and the estimator's accuracy.

const (
	errNotHLL     = "WRONGTYPE Key is not a valid HyperLogLog string value."
	errCorruptHLL = "INVALIDOBJ Corrupted HLL object detected"
)

// Ensure that PFADD, PFCOUNT and PFMERGE count, merge and report changes,
// and that bad values and types get Redis's errors.
func TestHLL_Commands(t *testing.T) {
	setup := []strStep{
		{args: strArgs("PFADD", "h", "a", "b", "c"), want: int64(1)},
		{args: strArgs("PFADD", "g", "c", "d", "e", "f"), want: int64(1)},
		{args: strArgs("PFADD", "empty"), want: int64(1)},
		{args: strArgs("PFCOUNT", "g"), want: int64(4)}, // stores the cached count
		{args: strArgs("SET", "s", "not an hll"), want: "OK"},
		{args: strArgs("SET", "bad", "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xfe"), want: "OK"},
		{args: strArgs("HSET", "hash", "f", "v"), want: int64(1)},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("PFCOUNT", "h"), want: int64(3)},
			{args: strArgs("PFCOUNT", "g"), want: int64(4)},
			{args: strArgs("PFCOUNT", "empty"), want: int64(0)},
			{args: strArgs("PFCOUNT", "nokey"), want: int64(0)},
			{args: strArgs("PFCOUNT", "h", "g", "nokey"), want: int64(6)},
			{args: strArgs("PFADD", "h", "a", "b"), want: int64(0)},
			{args: strArgs("PFADD", "h", "a", "z"), want: int64(1)},
			{args: strArgs("PFCOUNT", "h"), want: int64(4)},
			{args: strArgs("PFMERGE", "m", "h", "g"), want: "OK"},
			{args: strArgs("PFCOUNT", "m"), want: int64(7)},
			{args: strArgs("PFMERGE", "h", "g"), want: "OK"},
			{args: strArgs("PFCOUNT", "h"), want: int64(7)},
			{args: strArgs("PFCOUNT", "g"), want: int64(4)},
			{args: strArgs("PFADD", "s", "a"), err: errNotHLL},
			{args: strArgs("PFCOUNT", "s"), err: errNotHLL},
			{args: strArgs("PFCOUNT", "h", "s"), err: errNotHLL},
			{args: strArgs("PFMERGE", "s", "h"), err: errNotHLL},
			{args: strArgs("PFCOUNT", "bad"), err: errCorruptHLL},
			{args: strArgs("PFCOUNT", "bad", "h"), err: errCorruptHLL},
			{args: strArgs("PFMERGE", "m2", "h", "bad"), err: errCorruptHLL},
			{args: strArgs("EXISTS", "m2"), want: int64(0)},
			{args: strArgs("PFADD", "hash", "a"), err: wrongTypeErr},
			{args: strArgs("PFCOUNT", "hash"), err: wrongTypeErr},
			{args: strArgs("PFMERGE", "m", "hash"), err: wrongTypeErr},
			{args: strArgs("PFADD"), err: "ERR wrong number of arguments for 'pfadd' command"},
			{args: strArgs("GET", "s"), want: "not an hll"},
		})
	})
}

// Ensure that PFCOUNT's cached cardinality is stored in the value, as in
// Redis: stale after PFADD, valid after PFCOUNT, and still valid after a
// restart.
func TestHLL_CachedCountSurvivesRestart(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	if err := c.PFAdd(ctx, "h", "a", "b", "c", "d", "e").Err(); err != nil {
		t.Fatal(err)
	}
	stale := func(c *redis.Client) bool {
		v, err := c.Get(ctx, "h").Bytes()
		if err != nil || len(v) < 16 {
			t.Fatalf("GET h: %q, %v", v, err)
		}
		return v[15]&0x80 != 0
	}
	if !stale(c) {
		t.Fatal("cached count valid right after PFADD")
	}
	if n := c.PFCount(ctx, "h").Val(); n != 5 {
		t.Fatalf("PFCOUNT = %d, want 5", n)
	}
	s.Restart(t)
	c = s.Client(t)
	if stale(c) {
		t.Fatal("cached count stale after PFCOUNT and a restart")
	}
	if n := c.PFCount(ctx, "h").Val(); n != 5 {
		t.Fatalf("PFCOUNT after restart = %d, want 5", n)
	}
}

// Ensure that PFCOUNT of 10^6 distinct elements is within three standard
// errors (3 × 0.81%) of the truth, and identical to a real Redis's count
// for the same elements, with identical bytes. The key is counted again
// after a restart, from disk.
func TestHLL_Accuracy(t *testing.T) {
	const n = 1_000_000
	s := testserver.Start(t, nil)
	r := testserver.StartRedis(t)
	ctx := context.Background()
	tc, rc := s.Client(t), testserver.NewClient(t, r.Addr)
	// The PFADDs, 1000 elements each, encoded once and pipelined raw.
	var cmds bytes.Buffer
	for i := 0; i < n; i += 1000 {
		fmt.Fprintf(&cmds, "*1002\r\n$5\r\nPFADD\r\n$8\r\nvisitors\r\n")
		for j := i; j < i+1000; j++ {
			e := "user:" + strconv.Itoa(j)
			fmt.Fprintf(&cmds, "$%d\r\n%s\r\n", len(e), e)
		}
	}
	for _, addr := range []string{s.Addr, r.Addr} {
		conn, err := testserver.DialRaw(addr)
		if err != nil {
			t.Fatal(err)
		}
		if err := conn.WriteRaw(cmds.Bytes()); err != nil {
			t.Fatal(err)
		}
		for range n / 1000 {
			if reply, err := conn.ReadReply(); err != nil || (reply != ":1\r\n" && reply != ":0\r\n") {
				t.Fatalf("PFADD to %s: %q, %v", addr, reply, err)
			}
		}
		conn.Close()
	}
	got, err := tc.PFCount(ctx, "visitors").Result()
	if err != nil {
		t.Fatal(err)
	}
	want := rc.PFCount(ctx, "visitors").Val()
	relErr := math.Abs(float64(got)-n) / n
	t.Logf("PFCOUNT of %d distinct elements: tierdb %d, redis %d, error %.3f%%", n, got, want, 100*relErr)
	if relErr > 3*0.0081 {
		t.Errorf("PFCOUNT %d is off by %.2f%%, more than 3 standard errors", got, 100*relErr)
	}
	if got != want {
		t.Errorf("PFCOUNT: tierdb %d, redis %d", got, want)
	}
	if a, b := tc.Get(ctx, "visitors").Val(), rc.Get(ctx, "visitors").Val(); a != b {
		t.Errorf("the HLL bytes differ from Redis's (%d and %d bytes)", len(a), len(b))
	}
	s.Restart(t)
	tc = s.Client(t)
	if n := tc.PFCount(ctx, "visitors", "nokey").Val(); n != got {
		t.Errorf("PFCOUNT after restart = %d, want %d", n, got)
	}
}

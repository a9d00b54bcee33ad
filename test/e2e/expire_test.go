package e2e

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that the EXPIRE family sets, conditions and reports TTLs as Redis
// does, on hot and on cold keys.
func TestExpire_Commands(t *testing.T) {
	setup := []strStep{
		{args: strArgs("SET", "plain", "v"), want: "OK"},
		{args: strArgs("SET", "timed", "v", "EX", "100"), want: "OK"},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		checkBool := func(what string, got bool, err error, want bool) {
			t.Helper()
			if err != nil || got != want {
				t.Errorf("%s = %v, %v; want %v", what, got, err, want)
			}
		}
		ok, err := c.ExpireNX(ctx, "timed", 10*time.Second).Result()
		checkBool("EXPIRE timed 10 NX", ok, err, false)
		ok, err = c.ExpireGT(ctx, "timed", 10*time.Second).Result()
		checkBool("EXPIRE timed 10 GT", ok, err, false)
		ok, err = c.ExpireLT(ctx, "timed", 50*time.Second).Result()
		checkBool("EXPIRE timed 50 LT", ok, err, true)
		wantTTLNear(t, c, "timed", 50*time.Second)
		ok, err = c.ExpireXX(ctx, "plain", 10*time.Second).Result()
		checkBool("EXPIRE plain 10 XX", ok, err, false)
		ok, err = c.ExpireGT(ctx, "plain", 10*time.Second).Result()
		checkBool("EXPIRE plain 10 GT", ok, err, false)
		ok, err = c.Expire(ctx, "nokey", 10*time.Second).Result()
		checkBool("EXPIRE nokey 10", ok, err, false)
		if d := pttl(t, c, "plain"); d != -1 {
			t.Errorf("PTTL plain = %v, want -1", d)
		}
		if d := pttl(t, c, "nokey"); d != -2 {
			t.Errorf("PTTL nokey = %v, want -2", d)
		}
		ok, err = c.PExpire(ctx, "plain", 20800*time.Millisecond).Result()
		checkBool("PEXPIRE plain 20800", ok, err, true)
		if got, err := c.TTL(ctx, "plain").Result(); err != nil || got != 21*time.Second {
			t.Errorf("TTL plain = %v, %v; want 21s (20.8 s rounds up)", got, err)
		}
		at := time.Unix(4102444800, 0)
		ok, err = c.ExpireAt(ctx, "plain", at).Result()
		checkBool("EXPIREAT plain", ok, err, true)
		if got, err := c.ExpireTime(ctx, "plain").Result(); err != nil || got != 4102444800*time.Second {
			t.Errorf("EXPIRETIME plain = %v, %v", got, err)
		}
		ok, err = c.PExpireAt(ctx, "plain", at.Add(1500*time.Millisecond)).Result()
		checkBool("PEXPIREAT plain", ok, err, true)
		if got, err := c.PExpireTime(ctx, "plain").Result(); err != nil || got != 4102444801500*time.Millisecond {
			t.Errorf("PEXPIRETIME plain = %v, %v", got, err)
		}
		if got, err := c.Do(ctx, "EXPIRETIME", "plain").Int64(); err != nil || got != 4102444802 {
			t.Errorf("EXPIRETIME plain = %v, %v; want 4102444802 (rounded)", got, err)
		}
		ok, err = c.Persist(ctx, "plain").Result()
		checkBool("PERSIST plain", ok, err, true)
		ok, err = c.Persist(ctx, "plain").Result()
		checkBool("PERSIST plain again", ok, err, false)
		runStrSteps(t, c, []strStep{
			{args: strArgs("EXPIRE", "plain", "10", "NX", "XX"),
				err: "ERR NX and XX, GT or LT options at the same time are not compatible"},
			{args: strArgs("EXPIRE", "plain", "10", "GT", "LT"),
				err: "ERR GT and LT options at the same time are not compatible"},
			{args: strArgs("EXPIRE", "plain", "10", "SOON"), err: "ERR Unsupported option SOON"},
			{args: strArgs("EXPIRE", "plain", "ten"), err: errNotInt},
			{args: strArgs("EXPIRE", "plain", "9223372036854776"),
				err: "ERR invalid expire time in 'expire' command"},
			{args: strArgs("PEXPIRE", "plain", "9223372036854775807"),
				err: "ERR invalid expire time in 'pexpire' command"},
			{args: strArgs("EXPIREAT", "plain", "-9223372036854776"),
				err: "ERR invalid expire time in 'expireat' command"},
			{args: strArgs("TTL", "plain"), want: int64(-1)}, // no failed command changed it
			// A time in the past deletes the key and replies 1.
			{args: strArgs("EXPIRE", "plain", "-1"), want: int64(1)},
			{args: strArgs("GET", "plain"), want: nil},
			{args: strArgs("TTL", "plain"), want: int64(-2)},
			{args: strArgs("EXPIRETIME", "plain"), want: int64(-2)},
			{args: strArgs("PERSIST", "plain"), want: int64(0)},
		})
	})
}

// Ensure that a key whose TTL is due is never returned, even before the
// background expiry removes it.
func TestExpire_Lazy(t *testing.T) {
	s := testserver.Start(t, map[string]string{"hz": "1"})
	c := s.Client(t)
	ctx := context.Background()
	if err := c.Set(ctx, "short", "v", 30*time.Millisecond).Err(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond)
	if _, err := c.Get(ctx, "short").Result(); !errors.Is(err, redis.Nil) {
		t.Errorf("GET of an expired key: got %v, want nil", err)
	}
	if d := pttl(t, c, "short"); d != -2 {
		t.Errorf("PTTL of an expired key = %v, want -2", d)
	}
}

// waitDBSize polls DBSIZE (which reads no key) until it is want.
func waitDBSize(t *testing.T, c *redis.Client, want int64, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		n, err := c.DBSize(context.Background()).Result()
		if err != nil {
			t.Fatal(err)
		}
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("DBSIZE = %d after %v, want %d", n, within, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Ensure that active expiry removes keys whose TTL is due without anyone
// reading them: DBSIZE drops.
func TestExpire_Active(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	const n = 50
	for i := range n {
		if err := c.Set(ctx, fmt.Sprint("short:", i), "v", 300*time.Millisecond).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Set(ctx, "keep", "v", time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
	waitDBSize(t, c, n+1, 0)
	waitDBSize(t, c, 1, 5*time.Second)
	wantTTLNear(t, c, "keep", time.Hour)
}

// Ensure that TTLs survive a restart: a key that falls due after it is
// removed by active expiry, and a longer TTL is kept.
func TestExpire_Restart(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	for i := range 10 {
		if err := c.Set(ctx, fmt.Sprint("short:", i), "v", 300*time.Millisecond).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Set(ctx, "long", "v", 1000*time.Second).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Set(ctx, "forever", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	s.Restart(t)
	c = s.Client(t)
	waitDBSize(t, c, 2, 5*time.Second)
	wantTTLNear(t, c, "long", 1000*time.Second)
	if d := pttl(t, c, "forever"); d != -1 {
		t.Errorf("PTTL forever = %v, want -1", d)
	}
	if _, err := c.Get(ctx, "short:0").Result(); !errors.Is(err, redis.Nil) {
		t.Errorf("GET short:0 after its TTL: got %v, want nil", err)
	}
}

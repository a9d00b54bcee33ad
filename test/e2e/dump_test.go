package e2e

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

const errDumpPayload = "ERR DUMP payload version or checksum are wrong"

// Ensure that DUMP then RESTORE reproduces any string value, empty, binary
// and large ones included, also after the payload's server restarted.
func TestDump_RoundTrip(t *testing.T) {
	ctx := context.Background()
	s := testserver.Start(t, nil)
	c := s.Client(t)
	values := map[string]string{
		"empty":  "",
		"int":    "12345",
		"binary": "\x00\r\n\xff\x01tail",
		"large":  strings.Repeat("0123456789", 100_000),
	}
	payloads := map[string]string{}
	for k, v := range values {
		c.Set(ctx, k, v, 0)
		p, err := c.Dump(ctx, k).Result()
		if err != nil {
			t.Fatalf("DUMP %s: %v", k, err)
		}
		payloads[k] = p
	}
	if _, err := c.Dump(ctx, "nokey").Result(); !errors.Is(err, redis.Nil) {
		t.Errorf("DUMP nokey: got %v, want nil", err)
	}
	s.Restart(t)
	c = s.Client(t)
	for k, v := range values {
		if err := c.Restore(ctx, k+":copy", 0, payloads[k]).Err(); err != nil {
			t.Fatalf("RESTORE %s: %v", k, err)
		}
		if got := c.Get(ctx, k+":copy").Val(); got != v {
			t.Errorf("%s: restored %d bytes, want %d", k, len(got), len(v))
		}
		if p := c.Dump(ctx, k).Val(); p != payloads[k] {
			t.Errorf("%s: DUMP after restart differs from DUMP before", k)
		}
	}
	if n := c.DBSize(ctx).Val(); n != int64(2*len(values)) {
		t.Errorf("DBSIZE: got %d, want %d", n, 2*len(values))
	}
}

// Ensure that RESTORE refuses an existing key without REPLACE, replaces it
// with REPLACE, and handles TTL, ABSTTL and TTLs in the past as Redis does.
func TestDump_Restore_ReplaceAndTTL(t *testing.T) {
	ctx := context.Background()
	s := testserver.Start(t, nil)
	c := s.Client(t)
	c.Set(ctx, "src", "payload-value", 0)
	p := c.Dump(ctx, "src").Val()
	c.Set(ctx, "busy", "old", 0)
	past := time.Now().Add(-time.Hour).UnixMilli()
	runSteps(ctx, t, c, []keysStep{
		{args: args("RESTORE", "busy", 0, p), err: "BUSYKEY Target key name already exists."},
		{args: args("GET", "busy"), want: "old"},
		{args: args("RESTORE", "busy", 0, p, "REPLACE"), want: "OK"},
		{args: args("GET", "busy"), want: "payload-value"},
		// A TTL already in the past stores nothing; REPLACE still removes
		// the old value.
		{args: args("RESTORE", "gone", past, p, "ABSTTL"), want: "OK"},
		{args: args("EXISTS", "gone"), want: int64(0)},
		{args: args("RESTORE", "busy", past, p, "ABSTTL", "REPLACE"), want: "OK"},
		{args: args("EXISTS", "busy"), want: int64(0)},
		{args: args("RESTORE", "forever", 0, p, "ABSTTL"), want: "OK"},
		{args: args("RESTORE", "short", 300, p), want: "OK"},
		{args: args("RESTORE", "absshort", time.Now().Add(300*time.Millisecond).UnixMilli(), p, "ABSTTL"),
			want: "OK"},
		{args: args("EXISTS", "short", "absshort", "forever"), want: int64(3)},
		{args: args("RESTORE", "x", -1, p), err: "ERR Invalid TTL value, must be >= 0"},
		{args: args("RESTORE", "x", 0, p, "FREQ", 5), want: "OK"},
		{args: args("RESTORE", "y", 0, p, "REPLACE", "ABSTTL", "IDLETIME", 10), want: "OK"},
	})
	// The TTLs given to RESTORE expire the keys (and go with RENAME).
	c.Rename(ctx, "short", "renamed")
	time.Sleep(400 * time.Millisecond)
	if n := c.Exists(ctx, "renamed", "absshort").Val(); n != 0 {
		t.Errorf("keys restored with a 300 ms TTL: %d still exist after 400 ms", n)
	}
	if n := c.Exists(ctx, "forever").Val(); n != 1 {
		t.Errorf("key restored with TTL 0 expired")
	}
}

// Ensure that a corrupt, truncated or foreign payload is refused with
// Redis's error text and changes nothing, REPLACE or not.
func TestDump_Restore_CorruptChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := testserver.Start(t, nil)
	c := s.Client(t)
	c.Set(ctx, "src", "some value worth keeping", 0)
	p := c.Dump(ctx, "src").Val()
	r := testserver.StartRedis(t)
	rc := testserver.NewClient(t, r.Addr)
	rc.Set(ctx, "src", "some value worth keeping", 0)
	redisPayload := rc.Dump(ctx, "src").Val()

	bad := map[string]string{
		"empty":          "",
		"garbage":        "garbage",
		"truncated":      p[:len(p)-1],
		"header only":    p[:2],
		"extra byte":     p + "\x00",
		"flipped value":  p[:5] + string(p[5]^0x20) + p[6:],
		"flipped crc":    p[:len(p)-1] + string(p[len(p)-1]^0x01),
		"Redis RDB dump": redisPayload,
	}
	for name, payload := range bad {
		for _, replace := range []bool{false, true} {
			var err error
			if replace {
				err = c.RestoreReplace(ctx, "src", 0, payload).Err()
			} else {
				err = c.Restore(ctx, "newkey", 0, payload).Err()
			}
			if err == nil || err.Error() != errDumpPayload {
				t.Errorf("%s (replace=%v): got %v, want %q", name, replace, err, errDumpPayload)
			}
		}
	}
	if got := c.Get(ctx, "src").Val(); got != "some value worth keeping" {
		t.Errorf("src after refused RESTOREs: %q", got)
	}
	if n := c.Exists(ctx, "newkey").Val(); n != 0 {
		t.Errorf("a refused RESTORE created its key")
	}
	if n := c.DBSize(ctx).Val(); n != 1 {
		t.Errorf("DBSIZE after refused RESTOREs: got %d, want 1", n)
	}
}

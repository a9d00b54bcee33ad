package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that after HELLO 3 replies use RESP3's types exactly as Redis 7.0
// does (nulls, maps, sets, verbatim strings, null arrays), and that HELLO 2
// goes back to RESP2.
func TestResp3Diff_Replies(t *testing.T) {
	p := testserver.StartPair(t, nil)
	for _, conn := range []*testserver.RawConn{p.Tier, p.Redis} {
		if reply, err := conn.Do("HELLO", "3"); err != nil || !strings.HasPrefix(reply, "%7\r\n") {
			t.Fatalf("HELLO 3: %q, %v", reply, err)
		}
	}
	script := [][]string{
		{"GET", "missing"}, {"SET", "k", "v"}, {"GET", "k"}, {"MGET", "k", "missing"},
		{"INCRBYFLOAT", "f", "1.5"}, {"CLIENT", "GETNAME"}, {"CLIENT", "TRACKINGINFO"},
		{"CLIENT", "SETNAME", "r3"}, {"CLIENT", "GETNAME"}, {"CLIENT", "GETREDIR"},
		{"WATCH", "k"}, {"SET", "k", "changed"}, {"MULTI"}, {"GET", "k"}, {"EXEC"},
		{"MULTI"}, {"GET", "k"}, {"GET", "missing"}, {"EXEC"},
		{"HELLO", "2"}, {"GET", "missing"}, {"CLIENT", "TRACKINGINFO"}, {"MULTI"}, {"GET", "missing"}, {"EXEC"},
	}
	for _, cmd := range script {
		got, err := p.Tier.Do(cmd...)
		if err != nil {
			t.Fatalf("tierdb %q: %v", cmd, err)
		}
		want, err := p.Redis.Do(cmd...)
		if err != nil {
			t.Fatalf("redis %q: %v", cmd, err)
		}
		if connMaskID(got) != connMaskID(want) {
			t.Errorf("%s:\ntierdb: %q\nredis:  %q", strings.Join(cmd, " "), got, want)
		}
	}
}

// Ensure that CLIENT INFO and CLIENT LIST are verbatim strings in RESP3, as
// in Redis 7.0, and bulk strings in RESP2.
func TestResp3_ClientInfoIsVerbatim(t *testing.T) {
	s := testserver.Start(t, nil)
	raw, err := testserver.DialRaw(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Do("HELLO", "3"); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"INFO", "LIST"} {
		reply, err := raw.Do("CLIENT", sub)
		if err != nil || !strings.HasPrefix(reply, "=") || !strings.Contains(reply, "\r\ntxt:id=") ||
			!strings.HasSuffix(reply, " resp=3\n\r\n") {
			t.Errorf("CLIENT %s over RESP3: %q, %v", sub, reply, err)
		}
	}
	ctx := context.Background()
	c := s.Client(t, func(o *redis.Options) { o.Protocol = 3 })
	info, err := c.Do(ctx, "CLIENT", "INFO").Text()
	if err != nil || !strings.HasPrefix(info, "id=") {
		t.Errorf("go-redis reads CLIENT INFO over RESP3 as %q, %v", info, err)
	}
}

package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Blocking sorted set commands that really block: a client waits in
// BZPOPMIN, BZPOPMAX or BZMPOP and another client's write serves it. Each
// test runs against tierdb and against a real redis-server, so that the
// expectations are Redis's own (helpers in block_support_test.go).

// Ensure that BZPOPMIN and BZPOPMAX are woken by another client's ZADD,
// serve the key that got members, and leave the rest behind.
func TestZsetBlock_PopWokenByZadd(t *testing.T) {
	forBlockServers(t, func(t *testing.T, addr string) {
		c := testserver.NewClient(t, addr)
		ctx := context.Background()
		a := blockingDo(t, addr, "BZPOPMIN", "k1", "k2", "0")
		waitBlockedClients(t, c, 1)
		if err := c.ZAdd(ctx, "k2", redis.Z{Score: 2, Member: "x"}, redis.Z{Score: 1, Member: "y"}).Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BZPOPMIN k1 k2", result(t, a), []any{"k2", "y", "1"})
		b := blockingDo(t, addr, "BZPOPMAX", "k1", "k3", "5")
		waitBlockedClients(t, c, 1)
		if err := c.ZAdd(ctx, "k3", redis.Z{Score: 5, Member: "a"}, redis.Z{Score: 7.5, Member: "b"}).Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BZPOPMAX k1 k3", result(t, b), []any{"k3", "b", "7.5"})
		if m, _ := c.ZRange(ctx, "k3", 0, -1).Result(); len(m) != 1 || m[0] != "a" {
			t.Errorf("k3 after the pop: %q", m)
		}
		if err := c.ZAdd(ctx, "k1", redis.Z{Score: 0, Member: "first"}).Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BZPOPMIN with two sets", result(t, blockingDo(t, addr, "BZPOPMIN", "nokey", "k2", "k1", "0")),
			[]any{"k2", "x", "2"})
		waitBlockedClients(t, c, 0)
	})
}

// Ensure that BZMPOP is woken by a ZADD and pops up to its count from the
// end it names.
func TestZsetBlock_BzmpopWokenByZadd(t *testing.T) {
	forBlockServers(t, func(t *testing.T, addr string) {
		c := testserver.NewClient(t, addr)
		ctx := context.Background()
		a := blockingDo(t, addr, "BZMPOP", "0", "2", "m1", "m2", "MAX", "COUNT", "2")
		waitBlockedClients(t, c, 1)
		if err := c.ZAdd(ctx, "m2", redis.Z{Score: 1, Member: "a"}, redis.Z{Score: 2, Member: "b"}, redis.Z{Score: 3, Member: "c"}).Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BZMPOP", result(t, a), []any{"m2", []any{[]any{"c", "3"}, []any{"b", "2"}}})
	})
}

// Ensure that a blocking pop with nothing to pop times out with a nil
// reply after about its timeout, and that inside MULTI it answers nil at
// once.
func TestZsetBlock_Timeout(t *testing.T) {
	forBlockServers(t, func(t *testing.T, addr string) {
		checkBlockTimeouts(t, addr, []blockTimeout{
			{[]any{"BZPOPMIN", "nokey", "0.3"}, 300 * time.Millisecond},
			{[]any{"BZPOPMAX", "a", "b", "0.15"}, 150 * time.Millisecond},
			{[]any{"BZMPOP", "0.2", "2", "a", "b", "MIN"}, 200 * time.Millisecond},
		})
		c := testserver.NewClient(t, addr)
		ctx := context.Background()
		cmds, _ := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.BZPopMin(ctx, 0, "nokey")
			return nil
		})
		if len(cmds) != 1 || cmds[0].Err() != redis.Nil {
			t.Errorf("BZPOPMIN in MULTI: %v", cmds)
		}
	})
}

// Ensure that two clients blocked on one key are served in the order they
// blocked, one member each, and that a key turned into another type does
// not serve a waiter.
func TestZsetBlock_FirstComeFirstServed(t *testing.T) {
	forBlockServers(t, func(t *testing.T, addr string) {
		c := testserver.NewClient(t, addr)
		ctx := context.Background()
		first := blockingDo(t, addr, "BZPOPMIN", "q", "0")
		waitBlockedClients(t, c, 1)
		second := blockingDo(t, addr, "BZPOPMAX", "q", "0")
		waitBlockedClients(t, c, 2)
		if err := c.Set(ctx, "q", "string", 0).Err(); err != nil {
			t.Fatal(err)
		}
		if err := c.Del(ctx, "q").Err(); err != nil {
			t.Fatal(err)
		}
		waitBlockedClients(t, c, 2)
		if err := c.ZAdd(ctx, "q", redis.Z{Score: 1, Member: "one"}).Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "first blocked client", result(t, first), []any{"q", "one", "1"})
		waitBlockedClients(t, c, 1)
		if err := c.ZAdd(ctx, "q", redis.Z{Score: 2, Member: "two"}).Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "second blocked client", result(t, second), []any{"q", "two", "2"})
		if n, _ := c.Exists(ctx, "q").Result(); n != 0 {
			t.Error("q still exists after both pops")
		}
	})
}

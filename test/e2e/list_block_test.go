package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Blocking list commands that really block: a client waits in BLPOP,
// BRPOP, BLMOVE, BRPOPLPUSH or BLMPOP and another client's write serves
// it. Each test runs against tierdb and against a real redis-server, so
// that the expectations are Redis's own (helpers in block_support_test.go).

// Ensure that BLPOP and BRPOP are woken by another client's push, serve
// the first key (in argument order) that holds a list, and leave nothing
// behind.
func TestListBlock_PopWokenByPush(t *testing.T) {
	forBlockServers(t, func(t *testing.T, addr string) {
		c := testserver.NewClient(t, addr)
		ctx := context.Background()
		a := blockingDo(t, addr, "BLPOP", "k1", "k2", "0")
		waitBlockedClients(t, c, 1)
		if err := c.RPush(ctx, "k2", "x", "y").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BLPOP k1 k2", result(t, a), anyStrings("k2", "x"))
		wantList(t, c, "k2", []string{"y"})
		b := blockingDo(t, addr, "BRPOP", "k1", "k3", "5")
		waitBlockedClients(t, c, 1)
		if err := c.LPush(ctx, "k3", "a", "b").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BRPOP k1 k3", result(t, b), anyStrings("k3", "a"))
		if err := c.RPush(ctx, "k1", "first").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BLPOP with two lists", result(t, blockingDo(t, addr, "BLPOP", "nokey", "k2", "k1", "0")), anyStrings("k2", "y"))
		wantReply(t, "BLPOP with one list", result(t, blockingDo(t, addr, "BLPOP", "nokey", "k2", "k1", "0")), anyStrings("k1", "first"))
		waitBlockedClients(t, c, 0)
	})
}

// Ensure that a blocking pop with nothing to pop times out with a nil
// reply after about its timeout, fractional ones included.
func TestListBlock_Timeout(t *testing.T) {
	forBlockServers(t, func(t *testing.T, addr string) {
		checkBlockTimeouts(t, addr, []blockTimeout{
			{[]any{"BLPOP", "nokey", "0.3"}, 300 * time.Millisecond},
			{[]any{"BRPOP", "a", "b", "0.15"}, 150 * time.Millisecond},
			{[]any{"BLMOVE", "nokey", "dst", "LEFT", "RIGHT", "0.2"}, 200 * time.Millisecond},
			{[]any{"BRPOPLPUSH", "nokey", "dst", "0.1"}, 100 * time.Millisecond},
			{[]any{"BLMPOP", "0.25", "2", "a", "b", "LEFT", "COUNT", "3"}, 250 * time.Millisecond},
			{[]any{"BLPOP", "nokey", "1"}, time.Second},
		})
	})
}

// Ensure that two clients blocked on one key are served in the order they
// blocked, one element each.
func TestListBlock_FirstComeFirstServed(t *testing.T) {
	forBlockServers(t, func(t *testing.T, addr string) {
		c := testserver.NewClient(t, addr)
		ctx := context.Background()
		first := blockingDo(t, addr, "BLPOP", "q", "0")
		waitBlockedClients(t, c, 1)
		second := blockingDo(t, addr, "BRPOP", "q", "0")
		waitBlockedClients(t, c, 2)
		if err := c.RPush(ctx, "q", "one").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "first blocked client", result(t, first), anyStrings("q", "one"))
		waitBlockedClients(t, c, 1)
		if err := c.RPush(ctx, "q", "two").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "second blocked client", result(t, second), anyStrings("q", "two"))
		if n, _ := c.Exists(ctx, "q").Result(); n != 0 {
			t.Error("q still exists after both pops")
		}
	})
}

// Ensure that BLMOVE, BRPOPLPUSH and BLMPOP are woken by a push and move
// or pop as their non-blocking twins, and that BLMOVE woken onto a
// destination of another type answers WRONGTYPE and moves nothing.
func TestListBlock_MoveAndMpopWoken(t *testing.T) {
	forBlockServers(t, func(t *testing.T, addr string) {
		c := testserver.NewClient(t, addr)
		ctx := context.Background()
		a := blockingDo(t, addr, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0")
		waitBlockedClients(t, c, 1)
		if err := c.RPush(ctx, "src", "a", "b").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BLMOVE", result(t, a), "b")
		wantList(t, c, "src", []string{"a"})
		wantList(t, c, "dst", []string{"b"})
		b := blockingDo(t, addr, "BRPOPLPUSH", "src2", "dst", "0")
		waitBlockedClients(t, c, 1)
		if err := c.LPush(ctx, "src2", "c").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BRPOPLPUSH", result(t, b), "c")
		wantList(t, c, "dst", []string{"c", "b"})
		m := blockingDo(t, addr, "BLMPOP", "0", "2", "x1", "x2", "RIGHT", "COUNT", "2")
		waitBlockedClients(t, c, 1)
		if err := c.RPush(ctx, "x2", "1", "2", "3").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BLMPOP", result(t, m), []any{"x2", anyStrings("3", "2")})
		if err := c.Set(ctx, "str", "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
		w := blockingDo(t, addr, "BLMOVE", "src3", "str", "LEFT", "LEFT", "0")
		waitBlockedClients(t, c, 1)
		if err := c.RPush(ctx, "src3", "kept").Err(); err != nil {
			t.Fatal(err)
		}
		if r := result(t, w); r.err == nil || r.err.Error() != errWrongType {
			t.Errorf("BLMOVE onto a string: %#v, %v; want WRONGTYPE", r.val, r.err)
		}
		wantList(t, c, "src3", []string{"kept"})
		// A blocked BLMOVE's push wakes a client blocked on its destination.
		chainA := blockingDo(t, addr, "BLPOP", "hop", "0")
		waitBlockedClients(t, c, 1)
		chainB := blockingDo(t, addr, "BLMOVE", "start", "hop", "LEFT", "LEFT", "0")
		waitBlockedClients(t, c, 2)
		if err := c.RPush(ctx, "start", "token").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BLMOVE start hop", result(t, chainB), "token")
		wantReply(t, "BLPOP hop", result(t, chainA), anyStrings("hop", "token"))
	})
}

// Ensure that blocking commands inside MULTI answer at once (nil), and
// that a push inside MULTI/EXEC and a RENAME of a list onto the awaited
// key wake a blocked client.
func TestListBlock_MultiAndRename(t *testing.T) {
	forBlockServers(t, func(t *testing.T, addr string) {
		c := testserver.NewClient(t, addr)
		ctx := context.Background()
		start := time.Now()
		cmds, _ := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.BLPop(ctx, 0, "nokey")
			p.BLMove(ctx, "nokey", "d", "LEFT", "LEFT", 0)
			return nil
		})
		for _, cmd := range cmds {
			if !errors.Is(cmd.Err(), redis.Nil) {
				t.Errorf("%v in MULTI: %v, want nil", cmd.Args(), cmd.Err())
			}
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("blocking commands in MULTI took %v", d)
		}
		a := blockingDo(t, addr, "BLPOP", "k", "0")
		waitBlockedClients(t, c, 1)
		_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.LPush(ctx, "k", "in-multi")
			p.RPush(ctx, "k", "second")
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BLPOP woken by EXEC", result(t, a), anyStrings("k", "in-multi"))
		wantList(t, c, "k", []string{"second"})
		b := blockingDo(t, addr, "BRPOP", "target", "0")
		waitBlockedClients(t, c, 1)
		if err := c.RPush(ctx, "other", "r1", "r2").Err(); err != nil {
			t.Fatal(err)
		}
		if err := c.Rename(ctx, "other", "target").Err(); err != nil {
			t.Fatal(err)
		}
		wantReply(t, "BRPOP woken by RENAME", result(t, b), anyStrings("target", "r2"))
		wantList(t, c, "target", []string{"r1"})
	})
}

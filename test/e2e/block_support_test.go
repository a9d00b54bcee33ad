package e2e

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Helpers of the blocking-command tests (lists, sorted sets, streams): a
// client blocks in a command of its own, another client's write serves
// it, against tierdb and against redis-server alike.

// forBlockServers runs fn against tierdb and against redis-server.
func forBlockServers(t *testing.T, fn func(t *testing.T, addr string)) {
	t.Run("tierdb", func(t *testing.T) { fn(t, testserver.Start(t, nil).Addr) })
	t.Run("redis", func(t *testing.T) { fn(t, testserver.StartRedis(t).Addr) })
}

// blockResult is what a blocked command finally answered, and when.
type blockResult struct {
	val   any
	err   error
	after time.Duration
}

// blockingDo sends args on a client of its own and returns a channel that
// gets the reply.
func blockingDo(t *testing.T, addr string, args ...any) <-chan blockResult {
	t.Helper()
	c := testserver.NewClient(t, addr)
	ch := make(chan blockResult, 1)
	start := time.Now()
	go func() {
		v, err := c.Do(context.Background(), args...).Result()
		ch <- blockResult{v, err, time.Since(start)}
	}()
	return ch
}

// waitBlockedClients waits until INFO clients counts n blocked clients.
func waitBlockedClients(t *testing.T, c *redis.Client, n int) {
	t.Helper()
	want := "blocked_clients:" + strconv.Itoa(n) + "\r\n"
	for range 300 {
		info, err := c.Info(context.Background(), "clients").Result()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(info, want) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never saw %q", strings.TrimSpace(want))
}

// result waits for a blocked command's reply.
func result(t *testing.T, ch <-chan blockResult) blockResult {
	t.Helper()
	return waitFor(t, ch)
}

// waitFor waits for what a blocked command (or read) finally got.
func waitFor[R any](t *testing.T, ch <-chan R) R {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("the blocked command was never answered")
	}
	var zero R
	return zero
}

// wantReply fails unless r is want (nil: a nil reply).
func wantReply(t *testing.T, what string, r blockResult, want any) {
	t.Helper()
	if want == nil {
		if !errors.Is(r.err, redis.Nil) {
			t.Errorf("%s: %#v, %v; want nil", what, r.val, r.err)
		}
		return
	}
	if r.err != nil || !equalReply(r.val, want) {
		t.Errorf("%s: %#v, %v; want %#v", what, r.val, r.err, want)
	}
}

// equalReply compares go-redis replies: strings, ints and nested arrays.
func equalReply(got, want any) bool {
	g, ok1 := got.([]any)
	w, ok2 := want.([]any)
	if ok1 != ok2 {
		return false
	}
	if !ok1 {
		return got == want
	}
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if !equalReply(g[i], w[i]) {
			return false
		}
	}
	return true
}

// fmtArgs renders a command for a message.
func fmtArgs(args []any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.(string)
	}
	return strings.Join(parts, " ")
}

// blockTimeout is a blocking command that has nothing to wait for, and
// its timeout.
type blockTimeout struct {
	args []any
	wait time.Duration
}

// checkBlockTimeouts runs each command on a client of its own and fails
// unless it answers nil after about its timeout.
func checkBlockTimeouts(t *testing.T, addr string, cases []blockTimeout) {
	t.Helper()
	for _, c := range cases {
		r := result(t, blockingDo(t, addr, c.args...))
		wantReply(t, fmtArgs(c.args), r, nil)
		if r.after < c.wait-20*time.Millisecond || r.after > c.wait+time.Second {
			t.Errorf("%v timed out after %v, want about %v", c.args, r.after, c.wait)
		}
	}
}

package engine

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tierdb/tierdb/tier"
)

// bpopCommand is a blocking command for the framework's tests: BPOPSTR key
// timeout replies with the string at key and deletes it, waiting for one to
// be set if there is none.
var bpopCommand = &Command{Name: "bpopstr", Arity: 3, Flags: Write | Blocking, ACL: CatString | CatBlocking,
	Keys: oneKey(RW | Access | Delete), Run: func(c *Call) error {
		timeout, err := parseBlockTimeout(c.Args[2])
		if err != nil {
			return err
		}
		pop := func(c *Call) (bool, error) {
			o, err := c.lookupWrite(c.Args[1])
			if err != nil || o == nil {
				return false, err
			}
			if err := checkKind(o, tier.KindString); err != nil {
				return false, err
			}
			c.Out.Bulk(o.Str)
			_, err = c.Txn.Delete(c.DB(), c.Args[1])
			return true, err
		}
		if ok, err := pop(c); ok || err != nil {
			return err
		}
		c.Block(BlockSpec{Keys: c.Args[1:2], Timeout: timeout, Serve: pop,
			TimedOut: func(out Reply) { out.NullArray() }})
		return nil
	}}

// blockEngine is a keysEngine with bpopstr and one session per client.
type blockEngine struct {
	*keysEngine
	next int64
}

func newBlockEngine(t *testing.T) *blockEngine {
	k := &keysEngine{t: t, dir: t.TempDir()}
	cfg := k.config(nil)
	var err error
	if k.e, err = Open(cfg, []*Command{bpopCommand}); err != nil {
		t.Fatal(err)
	}
	k.s = &Session{ID: 1}
	t.Cleanup(func() { _ = k.e.Close() })
	return &blockEngine{keysEngine: k, next: 1}
}

// client returns a new session with its own id.
func (b *blockEngine) client() *Session {
	b.next++
	return &Session{ID: b.next}
}

// async runs a command on s in the background; the reply comes on the channel.
func (b *blockEngine) async(s *Session, args ...string) <-chan string {
	ch := make(chan string, 1)
	go func() {
		var r keysReply
		b.e.Do(s, toArgs(args), &r)
		ch <- r.String()
	}()
	return ch
}

// waitBlocked waits until n clients are parked.
func (b *blockEngine) waitBlocked(n int64) {
	b.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for b.e.BlockedClients() != n {
		if time.Now().After(deadline) {
			b.t.Fatalf("blocked clients: %d, want %d", b.e.BlockedClients(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func recv(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case s := <-ch:
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no reply within 5s")
		return ""
	}
}

func TestBlock_ServedByAnotherClientsWrite_BeforeItsReply(t *testing.T) {
	b := newBlockEngine(t)
	got := b.async(b.client(), "bpopstr", "k", "0")
	b.waitBlocked(1)
	timed := b.async(b.client(), "bpopstr", "other", "100")
	b.waitBlocked(2)
	if info := b.do("info", "clients"); !strings.Contains(info, `blocked_clients:2\r\n`) ||
		!strings.Contains(info, `clients_in_timeout_table:1\r\n`) {
		t.Fatalf("INFO clients while two clients wait, one with a timeout: %s", info)
	}
	b.expect("OK", "set", "other", "x")
	if r := recv(t, timed); r != `"x"` {
		t.Fatalf("blocked client got %s", r)
	}
	b.expect("OK", "set", "k", "v")
	// The waiter was served before SET's reply: the key is gone already.
	b.expect("(integer) 0", "exists", "k")
	if r := recv(t, got); r != `"v"` {
		t.Fatalf("blocked client got %s", r)
	}
	b.waitBlocked(0)
}

func TestBlock_FirstComeFirstServed(t *testing.T) {
	b := newBlockEngine(t)
	first := b.async(b.client(), "bpopstr", "k", "0")
	b.waitBlocked(1)
	second := b.async(b.client(), "bpopstr", "k", "0")
	b.waitBlocked(2)
	b.expect("OK", "set", "k", "one")
	if r := recv(t, first); r != `"one"` {
		t.Fatalf("first waiter got %s", r)
	}
	b.expect("OK", "set", "k", "two")
	if r := recv(t, second); r != `"two"` {
		t.Fatalf("second waiter got %s", r)
	}
}

func TestBlock_WrongTypeWriteKeepsWaiting_ErrorEndsIt(t *testing.T) {
	b := newBlockEngine(t)
	got := b.async(b.client(), "bpopstr", "k", "0")
	b.waitBlocked(1)
	b.expect("(integer) 1", "hset", "k", "f", "v") // Serve answers WRONGTYPE
	if r := recv(t, got); r != "(error) WRONGTYPE Operation against a key holding the wrong kind of value" {
		t.Fatalf("got %s", r)
	}
	b.waitBlocked(0)
}

func TestBlock_Timeout(t *testing.T) {
	b := newBlockEngine(t)
	start := time.Now()
	if r := recv(t, b.async(b.client(), "bpopstr", "k", "0.05")); r != "(nil array)" {
		t.Fatalf("got %s", r)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Fatalf("returned after %v, before the 50ms timeout", d)
	}
	b.waitBlocked(0)
	b.expect("OK", "set", "k", "v")
	b.expect(`"v"`, "get", "k") // nobody consumed it
}

func TestBlock_InsideExecAnswersAtOnce(t *testing.T) {
	b := newBlockEngine(t)
	b.expect("OK", "multi")
	b.expect("QUEUED", "bpopstr", "k", "0")
	b.expect("[1] (nil array)", "exec")
	if n := b.e.BlockedClients(); n != 0 {
		t.Fatalf("%d clients blocked", n)
	}
}

func TestBlock_ServedByWriteInsideExec(t *testing.T) {
	b := newBlockEngine(t)
	got := b.async(b.client(), "bpopstr", "k", "0")
	b.waitBlocked(1)
	b.expect("OK", "multi")
	b.expect("QUEUED", "set", "k", "a")
	b.expect("QUEUED", "append", "k", "b")
	b.expect("[2] OK (integer) 2", "exec")
	if r := recv(t, got); r != `"ab"` { // served once the whole transaction ran
		t.Fatalf("got %s", r)
	}
}

func TestBlock_Unblock(t *testing.T) {
	b := newBlockEngine(t)
	s := b.client()
	got := b.async(s, "bpopstr", "k", "0")
	b.waitBlocked(1)
	if !b.e.Unblock(s.ID, false) {
		t.Fatal("Unblock found no blocked client")
	}
	if r := recv(t, got); r != "(nil array)" {
		t.Fatalf("TIMEOUT unblock: got %s", r)
	}
	got = b.async(s, "bpopstr", "k", "0")
	b.waitBlocked(1)
	b.e.Unblock(s.ID, true)
	if r := recv(t, got); r != "(error) UNBLOCKED client unblocked via CLIENT UNBLOCK" {
		t.Fatalf("ERROR unblock: got %s", r)
	}
	if b.e.Unblock(s.ID, false) {
		t.Fatal("Unblock of a client that is not blocked reported true")
	}
}

func TestBlock_GoneClientIsNotServed(t *testing.T) {
	b := newBlockEngine(t)
	s := b.client()
	gone := make(chan struct{})
	var stopped sync.WaitGroup
	stopped.Add(1)
	s.Park = func() (<-chan struct{}, func()) { return gone, stopped.Done }
	got := b.async(s, "bpopstr", "k", "0")
	b.waitBlocked(1)
	close(gone)
	if r := recv(t, got); r != "" {
		t.Fatalf("a gone client was answered %q", r)
	}
	stopped.Wait()
	b.expect("OK", "set", "k", "v")
	b.expect(`"v"`, "get", "k")
}

func TestParseBlockTimeout_AsRedis(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"0", 0, ""}, {"1.5", 1500 * time.Millisecond, ""}, {"0.0001", 0, ""}, {"0x10", 16 * time.Second, ""},
		{"abc", 0, "timeout is not a float or out of range"}, {" 1", 0, "timeout is not a float or out of range"},
		{"-1", 0, "timeout is negative"}, {"1e30", 0, "timeout is negative"}, {"inf", 0, "timeout is negative"},
	} {
		got, err := parseBlockTimeout([]byte(tc.in))
		msg := ""
		if err != nil {
			msg = err.(*Error).Msg
		}
		if got != tc.want || msg != tc.err {
			t.Errorf("%q: got %v %q, want %v %q", tc.in, got, msg, tc.want, tc.err)
		}
	}
}

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that the client after maxclients gets Redis's error and is
// disconnected, and that a place freed is taken again.
func TestLimits_MaxClients(t *testing.T) {
	t.Parallel()
	s := testserver.Start(t, map[string]string{"maxclients": "2"})
	var conns []*testserver.RawConn
	for range 2 {
		c, err := testserver.DialRaw(s.Addr)
		if err != nil {
			t.Fatal(err)
		}
		if reply, err := c.Do("PING"); err != nil || reply != "+PONG\r\n" {
			t.Fatalf("client %d: %q, %v", len(conns)+1, reply, err)
		}
		conns = append(conns, c)
	}
	got, closed := connExchange(t, s.Addr, []byte("PING\r\n"), 2*time.Second)
	if got != "-ERR max number of clients reached\r\n" || !closed {
		t.Fatalf("third client: %q closed=%v", got, closed)
	}
	conns[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, _ := connExchange(t, s.Addr, []byte("PING\r\n"), 300*time.Millisecond)
		if got == "+PONG\r\n" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after one client left, a new one still gets %q", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
	conns[1].Close()
}

// Ensure that idle clients are closed after timeout seconds, that a busy
// client is not, and that CONFIG SET timeout applies to clients already
// waiting.
func TestLimits_IdleTimeout(t *testing.T) {
	t.Parallel()
	s := testserver.Start(t, map[string]string{"timeout": "1"})
	idle, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	busy, err := testserver.DialRaw(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	start := time.Now()
	for time.Since(start) < 2500*time.Millisecond {
		if reply, err := busy.Do("PING"); err != nil || reply != "+PONG\r\n" {
			t.Fatalf("a client sending commands was closed: %q, %v", reply, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	_ = idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := idle.Read(make([]byte, 1)); err == nil {
		t.Fatalf("the idle client is still connected after %v (read %d bytes)", time.Since(start), n)
	}

	// From no timeout to one second, for a client already waiting.
	if reply, err := busy.Do("CONFIG", "SET", "timeout", "0"); err != nil || reply != "+OK\r\n" {
		t.Fatalf("CONFIG SET timeout 0: %q, %v", reply, err)
	}
	waiting, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer waiting.Close()
	time.Sleep(1500 * time.Millisecond)
	if reply, err := busy.Do("CONFIG", "SET", "timeout", "1"); err != nil || reply != "+OK\r\n" {
		t.Fatalf("CONFIG SET timeout 1: %q, %v", reply, err)
	}
	_ = waiting.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := waiting.Read(make([]byte, 1)); err == nil || isTimeout(err) {
		t.Fatalf("a client idle for 1.5s was not closed once timeout became 1: %v", err)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// Ensure that a declared bulk over proto-max-bulk-len is refused with
// Redis's error, the connection closed, and nothing allocated for it.
func TestLimits_ProtoMaxBulkLen(t *testing.T) {
	s := testserver.Start(t, map[string]string{"proto-max-bulk-len": "1mb"})
	got, closed := connExchange(t, s.Addr, []byte("PING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\nabc"), time.Second)
	if want := "+PONG\r\n-ERR Protocol error: invalid bulk length\r\n"; got != want || !closed {
		t.Fatalf("got %q closed=%v, want %q closed", got, closed, want)
	}
}

// Ensure that a client declaring huge bulks within the limits, but sending
// few bytes, does not make the server allocate what it declared.
func TestLimits_DeclaredSizeIsNotAllocated(t *testing.T) {
	s := testserver.Start(t, map[string]string{"proto-max-bulk-len": "2gb", "client-query-buffer-limit": "4gb"})
	before := heapInUse()
	var conns []net.Conn
	for range 8 {
		c, err := net.Dial("tcp", s.Addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.Write([]byte("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000000\r\nstart of a value")); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	other, err := testserver.DialRaw(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if reply, err := other.Do("PING"); err != nil || reply != "+PONG\r\n" {
		t.Fatalf("another client: %q, %v", reply, err)
	}
	if grown := heapInUse() - before; grown > 64<<20 {
		t.Fatalf("8 clients declaring 2 GB each grew the heap by %d MB", grown>>20)
	}
}

func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}

// Ensure that a request streamed past client-query-buffer-limit closes the
// connection without a reply, and other clients go on.
func TestLimits_QueryBufferLimit(t *testing.T) {
	s := testserver.Start(t, map[string]string{"client-query-buffer-limit": "1mb"})
	var req strings.Builder
	fmt.Fprintf(&req, "*1001\r\n$4\r\nMSET\r\n")
	for i := range 1000 {
		v := fmt.Sprintf("%04d%s", i, strings.Repeat("x", 2044))
		fmt.Fprintf(&req, "$%d\r\n%s\r\n", len(v), v)
	}
	got, closed := connExchange(t, s.Addr, []byte(req.String()), 2*time.Second)
	if got != "" || !closed {
		t.Fatalf("a 2 MB request with a 1 MB limit: %q closed=%v; want no reply and closed", got, closed)
	}
	other, err := testserver.DialRaw(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if reply, err := other.Do("DBSIZE"); err != nil || reply != ":0\r\n" {
		t.Fatalf("DBSIZE after the refused MSET: %q, %v", reply, err)
	}
}

// Ensure that 10,000 pipelined commands in one write get 10,000 replies, in
// order.
func TestLimits_Pipeline10000(t *testing.T) {
	s := testserver.Start(t, nil)
	c, err := net.Dial("tcp", s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const n = 10000
	var req []byte
	for i := range n {
		if i%2 == 0 {
			req = fmt.Appendf(req, "*2\r\n$4\r\nECHO\r\n$%d\r\n%d\r\n", len(fmt.Sprint(i)), i)
		} else {
			req = fmt.Appendf(req, "ECHO %d\r\n", i)
		}
	}
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	go func() { _, _ = c.Write(req) }()
	r := bufio.NewReader(c)
	for i := range n {
		header, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
		body, err := r.ReadString('\n')
		if want := fmt.Sprintf("%d\r\n", i); err != nil || header != fmt.Sprintf("$%d\r\n", len(want)-2) || body != want {
			t.Fatalf("reply %d: %q %q, %v", i, header, body, err)
		}
	}
}

// Ensure that values far bigger than the read buffer go through whole, and
// that pipelined big values keep their order.
func TestLimits_BigValuesRoundTrip(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	big := strings.Repeat("0123456789abcdef", 5<<20/16)
	pipe := c.Pipeline()
	for i := range 3 {
		pipe.Set(ctx, fmt.Sprint("big", i), fmt.Sprint(i)+big, 0)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		got, err := c.Get(ctx, fmt.Sprint("big", i)).Result()
		if err != nil || got != fmt.Sprint(i)+big {
			t.Fatalf("big%d: %d bytes, %v; want %d bytes", i, len(got), err, len(big)+1)
		}
	}
}

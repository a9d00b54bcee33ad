package resp

import (
	"bufio"
	"fmt"
	"maps"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/engine"
)

// startServer serves tierdb on a free loopback port in a temporary
// directory, with extra commands and a beforeDo hook (either may be nil),
// and stops it at cleanup.
func startServer(t *testing.T, overrides map[string]string, beforeDo func([][]byte), extra ...*engine.Command) *Server {
	t.Helper()
	o := map[string]string{"port": "0", "bind": "127.0.0.1", "dir": t.TempDir(), "save": ""}
	maps.Copy(o, overrides)
	cfg, err := configs.New(o)
	if err != nil {
		t.Fatal(err)
	}
	s, err := open(cfg, extra...)
	if err != nil {
		t.Fatal(err)
	}
	s.beforeDo = beforeDo
	served := make(chan error, 1)
	go func() { served <- s.Serve() }()
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return s
}

// rawClient is a test connection that sends inline commands and reads
// replies as raw RESP text.
type rawClient struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func dial(t *testing.T, s *Server) *rawClient {
	t.Helper()
	c, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawClient{t: t, c: c, r: bufio.NewReader(c)}
}

// do sends line and returns the reply, failing the test after 5 seconds.
func (rc *rawClient) do(line string) string {
	rc.t.Helper()
	_ = rc.c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := rc.c.Write([]byte(line + "\r\n")); err != nil {
		rc.t.Fatalf("%s: %v", line, err)
	}
	var b strings.Builder
	if err := readReply(rc.r, &b); err != nil {
		rc.t.Fatalf("%s: %v (read %q)", line, err, b.String())
	}
	return b.String()
}

func readReply(r *bufio.Reader, b *strings.Builder) error {
	line, err := r.ReadString('\n')
	b.WriteString(line)
	if err != nil {
		return err
	}
	var n int
	switch line[0] {
	case '$':
		if _, err := fmt.Sscanf(line, "$%d", &n); err != nil || n < 0 {
			return err
		}
		buf := make([]byte, n+2)
		_, err := readFull(r, buf)
		b.Write(buf)
		return err
	case '*':
		if _, err := fmt.Sscanf(line, "*%d", &n); err != nil {
			return err
		}
		for range n {
			if err := readReply(r, b); err != nil {
				return err
			}
		}
	}
	return nil
}

func readFull(r *bufio.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Ensure that a handler that panics after writing costs only its own reply:
// the client gets an error and goes on, its write is undone, and the locks
// it held are free for other clients.
func TestServer_HandlerPanicReleasesLocksAndUndoesWrites(t *testing.T) {
	setThenPanic := &engine.Command{Name: "setthenpanic", Arity: 3, Flags: engine.Write | engine.DenyOOM,
		ACL: engine.CatString, Keys: []engine.KeySpec{{Flags: engine.RW | engine.Update, Index: 1, Step: 1}},
		Run: func(c *engine.Call) error {
			c.Args = [][]byte{[]byte("set"), c.Args[1], c.Args[2]}
			if err := c.Engine().Table().Get("set").Run(c); err != nil {
				return err
			}
			panic("a bug after the write")
		}}
	s := startServer(t, nil, nil, setThenPanic)
	a, b := dial(t, s), dial(t, s)
	if got, want := a.do("SETTHENPANIC k v"), "-ERR internal error in 'setthenpanic' command\r\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := a.do("PING"); got != "+PONG\r\n" {
		t.Fatalf("the client did not go on: PING got %q", got)
	}
	if got := b.do("GET k"); got != "$-1\r\n" { // blocks forever if the lock were still held
		t.Fatalf("GET k after the panic: got %q, want nil", got)
	}
	if got := b.do("SET k w"); got != "+OK\r\n" {
		t.Fatalf("SET k after the panic: got %q", got)
	}
}

// Ensure that a panic on the connection's path outside any handler is
// answered with an error and the connection goes on.
func TestServer_PanicOutsideHandlerIsAnswered(t *testing.T) {
	s := startServer(t, nil, func(args [][]byte) {
		if strings.EqualFold(string(args[0]), "ping") && len(args) == 2 {
			panic("a bug in the connection layer")
		}
	})
	c := dial(t, s)
	if got, want := c.do("PING boom"), "-ERR internal error while serving the command\r\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := c.do("PING"); got != "+PONG\r\n" {
		t.Fatalf("PING after the panic: got %q", got)
	}
}

func TestProtectedModeRefuses(t *testing.T) {
	for _, tc := range []struct {
		protected, password bool
		addr                string
		want                bool
	}{
		{true, false, "192.0.2.7:5000", true},
		{true, false, "[2001:db8::1]:5000", true},
		{true, false, "127.0.0.1:5000", false},
		{true, false, "127.1.2.3:5000", false},
		{true, false, "[::1]:5000", false},
		{true, false, "[::ffff:127.0.0.1]:5000", false},
		{true, true, "192.0.2.7:5000", false},
		{false, false, "192.0.2.7:5000", false},
		{true, false, "/tmp/redis.sock", false},
	} {
		if got := protectedModeRefuses(tc.protected, tc.password, tc.addr); got != tc.want {
			t.Errorf("protected=%v password=%v %s: refused %v, want %v", tc.protected, tc.password, tc.addr, got, tc.want)
		}
	}
}

// Ensure that CLIENT LIST shows other clients' state as of their last
// command, and the caller's own request.
func TestServer_ClientListShowsEachClient(t *testing.T) {
	s := startServer(t, nil, nil)
	a, b := dial(t, s), dial(t, s)
	b.do("SELECT 5")
	b.do("CLIENT SETNAME bee")
	b.do("MULTI")
	b.do("SET x y")
	b.do("CLIENT ID") // queued
	list := a.do("CLIENT LIST")
	var bee, self string
	for _, line := range strings.Split(list, "\n") {
		if strings.Contains(line, " name=bee ") {
			bee = line
		}
		if strings.Contains(line, "cmd=client|list") {
			self = line
		}
	}
	for _, want := range []string{" db=5 ", " flags=x ", " multi=2 ", " cmd=client|id ", " qbuf=0 ", " resp=2"} {
		if !strings.Contains(bee, want) {
			t.Errorf("the other client's line %q lacks %q", bee, want)
		}
	}
	for _, want := range []string{" db=0 ", " flags=N ", " multi=-1 ", " qbuf=26 ", " argv-mem=10 ", " user=default "} {
		if !strings.Contains(self, want) {
			t.Errorf("the caller's line %q lacks %q", self, want)
		}
	}
}

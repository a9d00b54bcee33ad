package configs

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// redisServer is a real redis-server started for a test, to check our
// replies against Redis's own.
type redisServer struct {
	conn net.Conn
	r    *bufio.Reader
}

// startRedis starts redis-server on a free loopback port in a temporary
// directory, with args added to its command line. Without redis-server the
// test is skipped, or fails if CI=true.
func startRedis(t *testing.T, args ...string) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-server not found, and CI=true")
		}
		t.Skip("SKIPPED: redis-server not found; the texts checked here are also hard-coded in other tests")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--dir", t.TempDir(), "--appendonly", "no", "--save", "", "--daemonize", "no"}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	var conn net.Conn
	for deadline := time.Now().Add(5 * time.Second); ; {
		conn, err = net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not start: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Cleanup(func() { conn.Close() })
	return &redisServer{conn: conn, r: bufio.NewReader(conn)}
}

// do sends a command and returns its reply: "OK", an error text with its
// prefix (e.g. "ERR syntax error"), or a flattened array.
func (s *redisServer) do(t *testing.T, args ...string) (reply []string, errText string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := s.conn.Write([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	return s.read(t)
}

func (s *redisServer) read(t *testing.T) ([]string, string) {
	t.Helper()
	line, err := s.r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	line = strings.TrimSuffix(line, "\r\n")
	switch line[0] {
	case '+', ':':
		return []string{line[1:]}, ""
	case '-':
		return nil, line[1:]
	case '$':
		n, _ := strconv.Atoi(line[1:])
		if n < 0 {
			return nil, ""
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(s.r, buf); err != nil {
			t.Fatal(err)
		}
		return []string{string(buf[:n])}, ""
	case '*', '%':
		n, _ := strconv.Atoi(line[1:])
		if line[0] == '%' {
			n *= 2
		}
		var out []string
		for i := 0; i < n; i++ {
			r, _ := s.read(t)
			out = append(out, r...)
		}
		return out, ""
	}
	t.Fatalf("unexpected reply %q", line)
	return nil, ""
}

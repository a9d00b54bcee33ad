package testserver

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Redis is a real redis-server started for a differential test.
type Redis struct {
	Addr string
	cmd  *exec.Cmd
}

// StartRedis starts Debian's redis-server on a free loopback port with
// persistence off. Without redis-server the test fails when CI=true and is
// skipped, loudly, otherwise (make test installs it).
func StartRedis(t testing.TB, args ...string) *Redis {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redis-server not installed; make test installs it (apt-get install redis-server)")
		}
		t.Skip("SKIPPED: redis-server not installed; differential tests need it (make test installs it)")
	}
	dir := t.TempDir()
	port := FreePort(t)
	argv := append([]string{"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--dir", dir, "--logfile", filepath.Join(dir, "redis.log")}, args...)
	cmd := exec.Command(bin, argv...)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	r := &Redis{Addr: fmt.Sprintf("127.0.0.1:%d", port), cmd: cmd}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	WaitReady(t, r.Addr)
	return r
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// WaitReady waits until something at addr answers PING.
func WaitReady(t testing.TB, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := DialRaw(addr); err == nil {
			reply, err := c.Do("PING")
			c.Close()
			if err == nil && reply == "+PONG\r\n" {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("nothing answers PING at %s", addr)
}

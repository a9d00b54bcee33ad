package testserver

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// Binary builds ./cmd/tierdb once per test process, without cgo as `make
// build` does, and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		dir, err := os.MkdirTemp("", "tierdb-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "tierdb")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/tierdb")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // as `make build` builds it
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// Process is the tierdb binary running as a child process.
type Process struct {
	Addr string
	Dir  string
	cmd  *exec.Cmd
	args []string
	t    testing.TB
}

// StartProcess runs the tierdb binary on a free port with data in dir (a new
// temporary directory if empty) and extra command-line args.
func StartProcess(t testing.TB, dir string, args ...string) *Process {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	p := &Process{Dir: dir, args: args, t: t}
	p.start()
	t.Cleanup(p.Kill)
	return p
}

func (p *Process) start() {
	p.t.Helper()
	port := FreePort(p.t)
	p.Addr = fmt.Sprintf("127.0.0.1:%d", port)
	argv := append([]string{"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--dir", p.Dir}, p.args...)
	p.cmd = exec.Command(Binary(p.t), argv...)
	p.cmd.Stdout = os.Stderr
	p.cmd.Stderr = os.Stderr
	if err := p.cmd.Start(); err != nil {
		p.t.Fatalf("start tierdb: %v", err)
	}
	WaitReady(p.t, p.Addr)
}

// Kill stops the process with SIGKILL (a crash) and waits for it.
func (p *Process) Kill() {
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
	p.cmd = nil
}

// Terminate stops the process with SIGTERM (a clean shutdown) and waits.
func (p *Process) Terminate() error {
	if p.cmd == nil {
		return nil
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		p.cmd = nil
		return err
	case <-time.After(30 * time.Second):
		p.Kill()
		return fmt.Errorf("tierdb did not exit within 30s of SIGTERM")
	}
}

// Restart starts the process again on the same directory and arguments.
func (p *Process) Restart() {
	p.t.Helper()
	p.Kill()
	p.start()
}

// PID is the process id, or 0 when stopped.
func (p *Process) PID() int {
	if p.cmd == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// ServerSpec says how to start a server.
type ServerSpec struct {
	// Kind is "tierdb" or "redis".
	Kind string
	// Bin is the binary; empty means ./bin/tierdb or redis-server from PATH.
	Bin string
	// MaxMemory in bytes; 0 gives none.
	MaxMemory int64
	// Options are the persistence and eviction settings and extra args.
	Options ServerOptions
}

// Server is a server process started by the harness, on a free loopback
// port, with its data in a temporary directory that Stop removes.
type Server struct {
	Kind string
	Addr string
	PID  int
	// Args are the command-line arguments it was started with.
	Args []string
	// Started is when it answered PING: the zero of its samples' clock.
	Started time.Time

	root    string // temporary directory: data/ and server.log
	cmd     *exec.Cmd
	exited  chan struct{}
	sampler *sampler
}

// StartServer starts the server spec describes and waits until it answers
// PING. RSS and disk use are sampled every 250 ms from then until Stop.
func StartServer(ctx context.Context, spec ServerSpec) (*Server, error) {
	bin := spec.Bin
	switch {
	case spec.Kind != "tierdb" && spec.Kind != "redis":
		return nil, fmt.Errorf("unknown server kind %q", spec.Kind)
	case bin == "" && spec.Kind == "tierdb":
		bin = "./bin/tierdb"
	case bin == "":
		bin = "redis-server"
	}
	path, err := exec.LookPath(bin)
	if err != nil && spec.Kind == "tierdb" {
		return nil, fmt.Errorf("start tierdb: %w (build it with make build, or give --tierdb-bin)", err)
	}
	if err != nil {
		return nil, fmt.Errorf("start redis: %w (Debian: apt-get install redis-server)", err)
	}
	root, err := os.MkdirTemp("", "tierdb-bench-"+spec.Kind+"-")
	if err != nil {
		return nil, err
	}
	dataDir := filepath.Join(root, "data")
	if err := os.Mkdir(dataDir, 0o755); err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	args := serverArgs(spec, port, dataDir)
	logFile, err := os.Create(filepath.Join(root, "server.log"))
	if err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(path, args...)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		os.RemoveAll(root)
		return nil, fmt.Errorf("start %s: %w", spec.Kind, err)
	}
	s := &Server{Kind: spec.Kind, Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		PID: cmd.Process.Pid, Args: args, root: root, cmd: cmd, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	s.Started = time.Now()
	s.sampler = startSampler(s.PID, dataDir, 250*time.Millisecond, s.Started)
	return s, nil
}

// serverArgs are the flags both kinds understand: Redis's names.
func serverArgs(spec ServerSpec, port int, dir string) []string {
	o := spec.Options
	args := []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir,
		"--save", o.Save, "--appendonly", o.AppendOnly}
	if o.AppendFsync != "" {
		args = append(args, "--appendfsync", o.AppendFsync)
	}
	if spec.MaxMemory > 0 {
		args = append(args, "--maxmemory", strconv.FormatInt(spec.MaxMemory, 10))
		if o.Policy != "" {
			args = append(args, "--maxmemory-policy", o.Policy)
		}
	}
	return append(args, o.Args...)
}

// waitReady polls PING until the server answers, it exits, or 30 s pass.
func (s *Server) waitReady(ctx context.Context) error {
	c := redis.NewClient(&redis.Options{Addr: s.Addr, Protocol: 2, DisableIdentity: true,
		MaxRetries: -1, DialTimeout: time.Second, PoolSize: 1})
	defer c.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := c.Ping(ctx).Err()
		if err == nil {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("%s exited at start-up:\n%s", s.Kind, s.logTail())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s does not answer PING on %s after 30s (%v):\n%s", s.Kind, s.Addr, err, s.logTail())
		}
	}
}

// logTail is the end of the server's output, for error messages.
func (s *Server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.root, "server.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(bytes.TrimSpace(b))
}

// Samples returns the RSS and disk samples taken so far (all of them after
// Stop).
func (s *Server) Samples() []Sample {
	if s.sampler == nil {
		return nil
	}
	return s.sampler.samples()
}

// Exited reports whether the process has ended (crashed, or was stopped).
func (s *Server) Exited() bool {
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// Stop ends the server with SIGTERM (SIGKILL after 30 s), stops sampling and
// removes its directory. It returns an error if the process had already
// exited on its own, with the end of its log.
func (s *Server) Stop() error {
	var err error
	if s.sampler != nil {
		s.sampler.stop()
	}
	if s.Exited() {
		err = fmt.Errorf("%s (pid %d) exited during the run:\n%s", s.Kind, s.PID, s.logTail())
	} else {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
			err = errors.New(s.Kind + " ignored SIGTERM for 30s and was killed")
		}
	}
	if rmErr := os.RemoveAll(s.root); rmErr != nil && err == nil {
		err = rmErr
	}
	return err
}

// Dir is the server's temporary directory (removed by Stop).
func (s *Server) Dir() string { return s.root }

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

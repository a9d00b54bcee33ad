package testserver

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/resp"
)

// Server is a tierdb served in-process.
type Server struct {
	Addr      string
	Dir       string
	overrides map[string]string
	srv       *resp.Server
	served    chan error
}

// Start serves tierdb on a free loopback port with its data in a fresh
// temporary directory. overrides are configuration values (Redis names).
func Start(t testing.TB, overrides map[string]string) *Server {
	t.Helper()
	s := &Server{Dir: t.TempDir(), overrides: maps.Clone(overrides)}
	s.start(t)
	t.Cleanup(func() { s.Stop(t) })
	return s
}

func (s *Server) start(t testing.TB) {
	t.Helper()
	o := map[string]string{"port": "0", "bind": "127.0.0.1", "dir": s.Dir, "save": ""}
	maps.Copy(o, s.overrides)
	cfg, err := configs.New(o)
	if err != nil {
		t.Fatalf("testserver: config: %v", err)
	}
	srv, err := resp.Open(cfg)
	if err != nil {
		t.Fatalf("testserver: open: %v", err)
	}
	s.srv = srv
	s.Addr = srv.Addr().String()
	s.served = make(chan error, 1)
	go func() { s.served <- srv.Serve() }()
}

// Stop closes the server (a clean shutdown). Stopping twice is harmless.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	if s.srv == nil {
		return
	}
	if err := s.srv.Close(); err != nil {
		t.Errorf("testserver: close: %v", err)
	}
	select {
	case <-s.served:
	case <-time.After(10 * time.Second):
		t.Errorf("testserver: Serve did not return after Close")
	}
	s.srv = nil
}

// Restart stops the server cleanly and starts it again on the same data
// directory (on a new port: use the returned Addr, or Client again).
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop(t)
	s.start(t)
}

// Resp is the running server, for tests that need its internals' public API.
func (s *Server) Resp() *resp.Server { return s.srv }

// Client returns a go-redis client for the server, closed at cleanup.
// opts may set Protocol, DB, Username, Password ...; Addr is filled in.
func (s *Server) Client(t testing.TB, opts ...func(*redis.Options)) *redis.Client {
	t.Helper()
	return NewClient(t, s.Addr, opts...)
}

// NewClient returns a go-redis client for addr (RESP2 unless opts say
// otherwise), closed at cleanup.
func NewClient(t testing.TB, addr string, opts ...func(*redis.Options)) *redis.Client {
	t.Helper()
	o := &redis.Options{Addr: addr, Protocol: 2, MaxRetries: -1, DisableIdentity: true}
	for _, f := range opts {
		f(o)
	}
	c := redis.NewClient(o)
	t.Cleanup(func() { _ = c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil && o.Password == "" && o.Username == "" {
		t.Fatalf("testserver: ping %s: %v", addr, err)
	}
	return c
}

package resp

import (
	"errors"
	"fmt"
	"log"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/engine"
)

// Server is a running tierdb: listener, clients and engine.
type Server struct {
	cfg     *configs.Config
	eng     *engine.Engine
	acl     *aclState
	ln      net.Listener
	lim     limits
	nextID  atomic.Int64
	mu      sync.Mutex
	clients map[int64]*client
	conns   sync.WaitGroup // one per accepted client, until it is gone
	stats   connStats
	done    chan struct{}
	once    sync.Once
	// shutdown is closed when a client asks the server to stop (SHUTDOWN).
	shutdown chan struct{}
	// beforeDo, set by tests only, runs before each request, outside the
	// engine.
	beforeDo func(args [][]byte)
}

type connStats struct {
	received atomic.Int64 // total_connections_received
	rejected atomic.Int64 // rejected_connections
}

// closeWait bounds how long Close waits for clients still running a command.
const closeWait = 10 * time.Second

// Open opens the engine and listens on the configured bind addresses and
// port. Call Serve to accept clients.
func Open(cfg *configs.Config) (*Server, error) { return open(cfg) }

// open is Open with extra commands in the table (tests add some).
func open(cfg *configs.Config, extra ...*engine.Command) (*Server, error) {
	s := &Server{cfg: cfg, clients: make(map[int64]*client), done: make(chan struct{}),
		shutdown: make(chan struct{})}
	s.loadLimits()
	eng, err := engine.Open(cfg, append(connCommands(), extra...))
	if err != nil {
		return nil, err
	}
	s.eng = eng
	if err := s.openACL(); err != nil {
		_ = eng.Close()
		return nil, err
	}
	if s.ln, err = listen(cfg); err != nil {
		_ = eng.Close()
		return nil, err
	}
	for _, name := range []string{"proto-max-bulk-len", "client-query-buffer-limit"} {
		cfg.OnChange(name, func() error { s.loadLimits(); return nil })
	}
	cfg.OnChange("timeout", func() error {
		s.loadLimits()
		s.rearmIdleTimeouts()
		return nil
	})
	return s, nil
}

func (s *Server) loadLimits() {
	s.lim.maxBulk.Store(s.cfg.Int("proto-max-bulk-len"))
	s.lim.maxQuery.Store(s.cfg.Int("client-query-buffer-limit"))
	s.lim.idleTimeout.Store(int64(time.Duration(s.cfg.Int("timeout")) * time.Second))
}

// rearmIdleTimeouts applies a changed timeout to the clients waiting for
// input, counting from their last read.
func (s *Server) rearmIdleTimeouts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.clients {
		c.idle.rearm()
	}
}

// listen binds the first address of the bind list (Redis binds all of them;
// tierdb serves one listener for now).
func listen(cfg *configs.Config) (net.Listener, error) {
	binds := strings.Fields(cfg.String("bind"))
	if len(binds) == 0 {
		binds = []string{"127.0.0.1"}
	}
	host := strings.TrimPrefix(binds[0], "-")
	if host == "*" {
		host = ""
	}
	addr := net.JoinHostPort(host, strconv.FormatInt(cfg.Int("port"), 10))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Engine is the server's engine.
func (s *Server) Engine() *engine.Engine { return s.eng }

// Serve accepts clients until Close, each served by its own goroutine.
func (s *Server) Serve() error {
	var backoff time.Duration
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			select {
			case <-s.done:
				return nil
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || isTemporary(err) {
				// Out of file descriptors and the like: wait, as net/http does.
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				log.Printf("accept: %v; retrying in %v", err, backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		s.accept(nc)
	}
}

// isTemporary reports an accept error worth retrying (EMFILE, ENFILE ...).
func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// ShutdownRequested is closed when a client sends SHUTDOWN.
func (s *Server) ShutdownRequested() <-chan struct{} { return s.shutdown }

// Close stops accepting, disconnects every client, waits (a while) for the
// commands still running, and closes the engine (which syncs Pebble). It is
// safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		s.mu.Lock()
		close(s.done)
		for _, c := range s.clients {
			c.kill()
		}
		s.mu.Unlock()
		_ = s.ln.Close()
		idle := make(chan struct{})
		go func() { s.conns.Wait(); close(idle) }()
		select {
		case <-idle:
		case <-time.After(closeWait):
			log.Printf("closing with clients still running commands")
		}
		err = s.eng.Close()
	})
	return err
}

// accept admits a new connection, or refuses it with Redis's error when
// maxclients are connected, or when protected mode refuses a remote client.
func (s *Server) accept(nc net.Conn) {
	s.stats.received.Add(1)
	refuse := func(msg string) {
		s.stats.rejected.Add(1)
		_ = nc.SetWriteDeadline(time.Now().Add(time.Second))
		_, _ = nc.Write([]byte(msg))
		_ = nc.Close()
	}
	if max := s.cfg.Int("maxclients"); max > 0 && s.clientCount() >= int(max) {
		refuse("-ERR max number of clients reached\r\n")
		return
	}
	if protectedModeRefuses(s.cfg.Bool("protected-mode"), s.passwordSet(), nc.RemoteAddr().String()) {
		refuse(protectedModeMessage)
		return
	}
	c := newClient(s, nc)
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done: // closing: Close may be waiting for the clients already
		_ = nc.Close()
		return
	default:
	}
	s.clients[c.sess.ID] = c
	s.conns.Add(1)
	go s.serveClient(c)
}

// forget closes a client's connection and drops it: its MULTI and WATCHes
// go.
func (s *Server) forget(c *client) {
	_ = c.nc.Close()
	s.eng.Reset(&c.sess)
	s.mu.Lock()
	delete(s.clients, c.sess.ID)
	s.mu.Unlock()
	s.conns.Done()
}

func (s *Server) clientCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

// VersionLine is what `tierdb --version` prints.
func VersionLine() string {
	return "tierdb v=" + engine.Version + " (redis compatibility " + engine.RedisVersion + ")"
}

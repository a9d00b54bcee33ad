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

	"github.com/tidwall/redcon"
	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/engine"
)

// Server is a running tierdb: listener, clients and engine.
type Server struct {
	cfg     *configs.Config
	eng     *engine.Engine
	rs      *redcon.Server
	ln      net.Listener
	lim     limits
	nextID  atomic.Int64
	mu      sync.Mutex
	clients map[int64]*client
	stats   connStats
	done    chan struct{}
	once    sync.Once
	// shutdown is closed when a client asks the server to stop (SHUTDOWN).
	shutdown chan struct{}
}

type connStats struct {
	received atomic.Int64 // total_connections_received
	rejected atomic.Int64 // rejected_connections
}

// Open opens the engine and listens on the configured bind addresses and
// port. Call Serve to accept clients.
func Open(cfg *configs.Config) (*Server, error) {
	s := &Server{cfg: cfg, clients: make(map[int64]*client), done: make(chan struct{}),
		shutdown: make(chan struct{})}
	s.loadLimits()
	eng, err := engine.Open(cfg, connCommands)
	if err != nil {
		return nil, err
	}
	s.eng = eng
	ln, err := listen(cfg)
	if err != nil {
		_ = eng.Close()
		return nil, err
	}
	s.ln = guardListener{Listener: ln, lim: &s.lim}
	s.rs = redcon.NewServerNetwork("tcp", ln.Addr().String(), s.handle, s.accept, s.closed)
	for _, name := range []string{"proto-max-bulk-len", "client-query-buffer-limit", "timeout"} {
		cfg.OnChange(name, func() error { s.loadLimits(); return nil })
	}
	return s, nil
}

func (s *Server) loadLimits() {
	s.lim.maxBulk.Store(s.cfg.Int("proto-max-bulk-len"))
	s.lim.maxQuery.Store(s.cfg.Int("client-query-buffer-limit"))
	s.lim.idleTimout.Store(int64(time.Duration(s.cfg.Int("timeout")) * time.Second))
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

// Serve accepts clients until Close.
func (s *Server) Serve() error {
	err := s.rs.Serve(s.ln)
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// ShutdownRequested is closed when a client sends SHUTDOWN.
func (s *Server) ShutdownRequested() <-chan struct{} { return s.shutdown }

// Close stops accepting, disconnects every client and closes the engine
// (which syncs Pebble). It is safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		close(s.done)
		_ = s.rs.Close()
		err = s.eng.Close()
	})
	return err
}

func (s *Server) accept(conn redcon.Conn) bool {
	s.stats.received.Add(1)
	if max := s.cfg.Int("maxclients"); max > 0 && s.clientCount() >= int(max) {
		s.stats.rejected.Add(1)
		_, _ = conn.NetConn().Write([]byte("-ERR max number of clients reached\r\n"))
		return false
	}
	if s.protectedModeRefuses(conn) {
		s.stats.rejected.Add(1)
		_, _ = conn.NetConn().Write([]byte(protectedModeMessage))
		return false
	}
	c := newClient(s, conn)
	s.mu.Lock()
	s.clients[c.sess.ID] = c
	s.mu.Unlock()
	conn.SetContext(c)
	return true
}

func (s *Server) closed(conn redcon.Conn, _ error) {
	c, ok := conn.Context().(*client)
	if !ok {
		return
	}
	s.eng.Reset(&c.sess)
	s.mu.Lock()
	delete(s.clients, c.sess.ID)
	s.mu.Unlock()
}

func (s *Server) clientCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

// handle runs one command. The reply is encoded into the client's buffer and
// handed to redcon, which flushes once per pipeline batch.
func (s *Server) handle(conn redcon.Conn, cmd redcon.Command) {
	c := conn.Context().(*client)
	c.w.buf = c.w.buf[:0]
	c.lastCmd.Store(time.Now().UnixMilli())
	func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("panic serving %q: %v", sanitizeName(cmd.Args[0]), r)
				c.w.buf = c.w.buf[:0]
				c.w.Error("ERR internal error while serving the command")
			}
		}()
		s.eng.Do(&c.sess, cmd.Args, &c.w)
	}()
	if c.replies() {
		conn.WriteRaw(c.w.buf)
	}
	if cap(c.w.buf) > 1<<20 {
		c.w.buf = nil
	}
	if c.closeAfterReply {
		conn.Close()
	}
}

func sanitizeName(b []byte) string {
	if len(b) > 32 {
		b = b[:32]
	}
	return strconv.Quote(string(b))
}

// VersionLine is what `tierdb --version` prints.
func VersionLine() string {
	return "tierdb v=" + engine.Version + " (redis compatibility " + engine.RedisVersion + ")"
}

package resp

import (
	"net"

	"github.com/tierdb/tierdb/engine"
)

// The network layer's part of INFO and CONFIG RESETSTAT: client implements
// engine.ServerHooks, which the engine's server commands find as their
// session's Owner.

var _ engine.ServerHooks = (*client)(nil)

// ConnStats returns the server's connection numbers (INFO clients and stats).
func (c *client) ConnStats() engine.ConnStats {
	s := c.srv
	st := engine.ConnStats{
		ConnectedClients:    int64(s.clientCount()),
		TotalConnections:    s.stats.received.Load(),
		RejectedConnections: s.stats.rejected.Load(),
	}
	if a, ok := s.ln.Addr().(*net.TCPAddr); ok {
		st.TCPPort = a.Port
	}
	return st
}

// ResetConnStats zeroes the server's connection counters (CONFIG RESETSTAT).
func (c *client) ResetConnStats() {
	c.srv.stats.received.Store(0)
	c.srv.stats.rejected.Store(0)
}

package engine

// ConnStats are the network layer's numbers that INFO reports.
type ConnStats struct {
	TCPPort             int   // the port actually listened on (tcp_port)
	ConnectedClients    int64 // connected_clients
	TotalConnections    int64 // total_connections_received
	RejectedConnections int64 // rejected_connections (maxclients, protected mode)
}

// ServerHooks is what the server commands need from the network layer: its
// numbers for INFO, the reset of its counters for CONFIG RESETSTAT, and a way
// to stop serving for SHUTDOWN. resp's client implements it; the engine finds
// it as the Owner of the calling Session, so no registration is needed. A
// session without such an owner (one made by a test, say) gets INFO without
// connection numbers, and SHUTDOWN refuses.
type ServerHooks interface {
	ConnStats() ConnStats
	ResetConnStats()
	// RequestShutdown asks the server to stop after this command and closes
	// the calling connection without a reply, as Redis does. It returns at
	// once; the server stops soon after.
	RequestShutdown()
}

// hooks returns the calling connection's ServerHooks, or nil.
func (c *Call) hooks() ServerHooks {
	h, _ := c.S.Owner.(ServerHooks)
	return h
}

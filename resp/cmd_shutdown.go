package resp

// RequestShutdown asks the server to stop (SHUTDOWN): the program serving it
// sees ShutdownRequested close and closes the server. The calling connection
// is closed after this command, without a reply, as Redis does.
func (c *client) RequestShutdown() {
	c.closeAfterReply = true
	c.srv.requestShutdown()
}

// requestShutdown closes the shutdown channel once, however many clients ask.
func (s *Server) requestShutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.shutdown:
	default:
		close(s.shutdown)
	}
}

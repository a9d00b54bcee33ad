package engine

// Session accessors for the connection layer (package resp), which shows
// them in CLIENT LIST and CLIENT INFO.

// MultiLen is the number of commands queued since MULTI, or -1 outside a
// transaction (CLIENT LIST's multi field).
func (s *Session) MultiLen() int {
	if s.multi == nil {
		return -1
	}
	return len(s.multi.queue)
}

// WatchTouched reports whether a key the session WATCHes has changed since,
// so that EXEC will fail (CLIENT LIST's d flag).
func (s *Session) WatchTouched() bool { return s.dirty.Load() }

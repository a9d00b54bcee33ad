package engine

import "sync/atomic"

// Stats are the server-wide counters behind INFO stats.
type Stats struct {
	Commands       atomic.Int64
	KeyspaceHits   atomic.Int64
	KeyspaceMisses atomic.Int64
	ExpiredKeys    atomic.Int64
	Dirty          atomic.Int64 // changes since the last save
	ErrorReplies   atomic.Int64
}

// Stats returns the engine's counters.
func (e *Engine) Stats() *Stats { return &e.stats }

// ResetStats zeroes the counters CONFIG RESETSTAT resets.
func (e *Engine) ResetStats() {
	e.stats.Commands.Store(0)
	e.stats.KeyspaceHits.Store(0)
	e.stats.KeyspaceMisses.Store(0)
	e.stats.ExpiredKeys.Store(0)
	e.stats.ErrorReplies.Store(0)
	for _, c := range e.table.Commands() {
		resetCommandStats(c)
	}
}

func resetCommandStats(c *Command) {
	c.Stats.Calls.Store(0)
	c.Stats.Usec.Store(0)
	c.Stats.RejectedCalls.Store(0)
	c.Stats.FailedCalls.Store(0)
	for _, s := range c.Sub {
		resetCommandStats(s)
	}
}

package resp

import (
	"sync"
	"time"

	"github.com/tierdb/tierdb/engine"
)

// The ACL log (ACL LOG): the latest refusals, newest first. A refusal like
// a recent one (same reason, context, object and user, within a minute)
// is counted in that entry instead of adding one, as in Redis.

const (
	// aclLogMaxLen is how many entries the log keeps (Redis's
	// acllog-max-len default).
	aclLogMaxLen = 128
	// aclLogGroupWithin is how close in time a refusal must be to an entry
	// to be counted in it.
	aclLogGroupWithin = 60 * time.Second
	// aclLogScan is how many of the newest entries a refusal is compared
	// with.
	aclLogScan = 10
)

// Contexts of an ACL log entry: where the refused command came from.
const (
	aclContextTop   = "toplevel"
	aclContextMulti = "multi"
)

// aclLogEntry is one entry of the ACL log.
type aclLogEntry struct {
	count    int64
	reason   aclReason
	context  string
	object   string // the command, key or channel refused; for auth, the command name as sent
	username string
	at       time.Time
	client   string // the client's CLIENT LIST line at the last refusal
}

// aclLog is the ACL log; its methods are safe for concurrent use.
type aclLog struct {
	mu      sync.Mutex
	max     int
	entries []*aclLogEntry // newest first
}

// add records a refusal.
func (l *aclLog) add(e *aclLogEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := 0; i < len(l.entries) && i < aclLogScan; i++ {
		old := l.entries[i]
		if old.reason == e.reason && old.context == e.context && old.object == e.object &&
			old.username == e.username && e.at.Sub(old.at).Abs() < aclLogGroupWithin {
			old.count++
			old.at, old.client = e.at, e.client
			copy(l.entries[1:i+1], l.entries[:i])
			l.entries[0] = old
			return
		}
	}
	e.count = 1
	l.entries = append([]*aclLogEntry{e}, l.entries...)
	if len(l.entries) > l.max {
		l.entries = l.entries[:l.max]
	}
}

// reset empties the log.
func (l *aclLog) reset() {
	l.mu.Lock()
	l.entries = nil
	l.mu.Unlock()
}

// write replies with the newest n entries, each a map of Redis 7.0's seven
// fields.
func (l *aclLog) write(out engine.Reply, n int) {
	l.mu.Lock()
	entries := l.entries[:min(n, len(l.entries))]
	copies := make([]aclLogEntry, len(entries))
	for i, e := range entries {
		copies[i] = *e
	}
	l.mu.Unlock()
	now := time.Now()
	out.Array(len(copies))
	for _, e := range copies {
		out.Map(7)
		out.BulkString("count")
		out.Int(e.count)
		out.BulkString("reason")
		out.BulkString(e.reason.String())
		out.BulkString("context")
		out.BulkString(e.context)
		out.BulkString("object")
		out.BulkString(e.object)
		out.BulkString("username")
		out.BulkString(e.username)
		out.BulkString("age-seconds")
		out.Double(float64(now.Sub(e.at).Milliseconds()) / 1000)
		out.BulkString("client-info")
		out.BulkString(e.client)
	}
}

// String is the reason as ACL LOG shows it.
func (r aclReason) String() string {
	switch r {
	case aclDeniedCmd:
		return "command"
	case aclDeniedKey:
		return "key"
	case aclDeniedChannel:
		return "channel"
	case aclDeniedAuth:
		return "auth"
	}
	return "unknown"
}

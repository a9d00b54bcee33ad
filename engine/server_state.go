package engine

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// serverState is what the server commands keep per engine: snapshot status,
// the command-rate samples, error reply counts and the run ids.
type serverState struct {
	runID  string // 40 hex digits, new at every start (INFO run_id)
	replID string // master_replid

	snap    snapshotState
	rewrite rewriteState
	ops     opsSampler
	errs    errorCounts
	peak    atomic.Int64 // used_memory_peak
}

// server returns e's serverState.
func (e *Engine) server() *serverState { return e.srv }

func newServerState(e *Engine) *serverState {
	s := &serverState{runID: randomHex(20), replID: randomHex(20)}
	// As in Redis, the data set counts as saved at start-up.
	s.snap.lastSave.Store(e.started.Unix())
	s.snap.lastOK.Store(true)
	s.snap.lastDuration.Store(-1)
	s.rewrite.lastOK.Store(true)
	s.rewrite.lastDuration.Store(-1)
	return s
}

// resetStats zeroes the counters of CONFIG RESETSTAT that live here.
func (s *serverState) resetStats() {
	s.errs.reset()
	s.peak.Store(0)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// errorCounts counts error replies by prefix (INFO errorstats).
type errorCounts struct {
	mu sync.Mutex
	n  map[string]int64
}

// maxErrorPrefixes bounds the number of distinct prefixes kept, as Redis
// does, so that odd error texts cannot grow the table without limit.
const maxErrorPrefixes = 128

func (c *errorCounts) add(prefix string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = make(map[string]int64)
	}
	if _, ok := c.n[prefix]; !ok && len(c.n) >= maxErrorPrefixes {
		return
	}
	c.n[prefix]++
}

func (c *errorCounts) reset() {
	c.mu.Lock()
	c.n = nil
	c.mu.Unlock()
}

// sorted returns the prefixes and their counts in name order.
func (c *errorCounts) sorted() (prefixes []string, counts []int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.n {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	for _, p := range prefixes {
		counts = append(counts, c.n[p])
	}
	return prefixes, counts
}

// countErrorReply counts an error reply: in total_error_replies and, under
// its prefix ("ERR", "WRONGTYPE" ...), in INFO errorstats. The engine calls
// it wherever it replies with an error.
func (e *Engine) countErrorReply(err error) {
	e.stats.ErrorReplies.Add(1)
	prefix := "ERR"
	var re *Error
	if errors.As(err, &re) && re.Prefix != "" {
		prefix = re.Prefix
	}
	e.server().errs.add(prefix)
}

// opsSampler keeps the last samples of the command counter to report
// instantaneous_ops_per_sec, as Redis: the mean rate over the last 16
// samples, taken every 100 ms by the server cron.
type opsSampler struct {
	mu      sync.Mutex
	at      [16]float64 // ops/sec of each sample
	n       int         // samples taken, up to len(at)
	next    int
	lastT   time.Time
	lastOps int64
}

func (o *opsSampler) sample(now time.Time, ops int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.lastT.IsZero() {
		if dt := now.Sub(o.lastT).Seconds(); dt > 0 {
			o.at[o.next] = float64(max(ops-o.lastOps, 0)) / dt // RESETSTAT may lower ops
			o.next = (o.next + 1) % len(o.at)
			o.n = min(o.n+1, len(o.at))
		}
	}
	o.lastT, o.lastOps = now, ops
}

// rate is the mean of the samples, or 0 before the first.
func (o *opsSampler) rate() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n == 0 {
		return 0
	}
	var sum float64
	for _, r := range o.at[:o.n] {
		sum += r
	}
	return int64(sum/float64(o.n) + 0.5)
}

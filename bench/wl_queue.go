package bench

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// brpopTimeout bounds how long a consumer waits on an empty list.
	brpopTimeout = time.Second
	// emptyReadsToQuit: a draining consumer whose reads came back empty
	// this many times in a row stops even if its count says jobs are left
	// (they would have been lost by the server).
	emptyReadsToQuit = 3
)

// queueRun is a job queue: the first half of the clients (rounded up) are
// producers that LPUSH jobs of ValueSize bytes, the others consumers that
// BRPOP them, one list per consumer ("queue:N"), producers spread over the
// lists. Producers wait when a list holds backlogLimit jobs not yet taken,
// so memory stays bounded; at the end, producers stop and consumers drain
// what is left, so every job produced is consumed. The latency of a BRPOP
// includes any wait for a job; a BRPOP that times out is not an operation.
type queueRun struct {
	r                    *runCtx
	vals                 values
	producers, consumers int
	pushed, popped       []atomic.Int64 // acknowledged, per list
	producersLeft        atomic.Int64
	backlogLimit         int64
}

func newQueueRun(r *runCtx) workloadRun {
	c := r.params.Clients
	q := &queueRun{r: r, vals: newValues(r.params.ValueSize, r.seed),
		producers: c - c/2, consumers: c / 2, backlogLimit: backlogLimit(r.params.Pipeline)}
	q.pushed = make([]atomic.Int64, q.consumers)
	q.popped = make([]atomic.Int64, q.consumers)
	q.producersLeft.Store(int64(q.producers))
	return q
}

// backlogLimit is how far producers may get ahead of consumers.
func backlogLimit(pipeline int) int64 { return 1000 + 100*int64(pipeline) }

func (q *queueRun) prepare(ctx context.Context, r *runCtx) error {
	// Probe both commands so that a server without lists is reported as
	// unsupported before any client starts.
	p := r.ctrl.Pipeline()
	cmds := []redis.Cmder{p.LPush(bg, "queue:probe", "x"), p.BRPop(bg, brpopTimeout, "queue:probe")}
	_, _ = p.Exec(ctx)
	return countReplies(cmds, &r.loaded)
}

func (q *queueRun) worker(i int) worker {
	if i < q.producers {
		list := i % q.consumers
		return &queueProducer{run: q, list: list, key: keyName("queue:", uint64(list))}
	}
	list := i - q.producers
	return &queueConsumer{run: q, list: list, key: keyName("queue:", uint64(list))}
}

func (q *queueRun) finish(context.Context, *runCtx, *RoundResult) error { return nil }

type queueProducer struct {
	run     *queueRun
	list    int
	key     string
	n       uint64
	stopped bool
}

func (w *queueProducer) fill(p redis.Pipeliner, depth int, stopping bool) (int, bool) {
	if stopping {
		if !w.stopped {
			w.stopped = true
			w.run.producersLeft.Add(-1)
		}
		return 0, true
	}
	room := w.run.backlogLimit - (w.run.pushed[w.list].Load() - w.run.popped[w.list].Load())
	n := int(min(int64(depth), room))
	for range n {
		w.n++
		p.LPush(bg, w.key, w.run.vals.at(w.n))
	}
	return max(n, 0), false
}

func (w *queueProducer) check(cmds []redis.Cmder, c *Counters) (int, bool) {
	for _, cmd := range cmds {
		if cmd.Err() == nil {
			c.Produced++
			w.run.pushed[w.list].Add(1)
		}
	}
	return len(cmds), true
}

type queueConsumer struct {
	run   *queueRun
	list  int
	key   string
	empty int // BRPOPs in a row that timed out
}

func (w *queueConsumer) fill(p redis.Pipeliner, depth int, stopping bool) (int, bool) {
	backlog := w.run.pushed[w.list].Load() - w.run.popped[w.list].Load()
	if stopping && w.run.producersLeft.Load() == 0 && (backlog <= 0 || w.empty >= emptyReadsToQuit) {
		return 0, true
	}
	if backlog <= 0 && stopping {
		return 0, false // producers are finishing their last batch
	}
	n := int(max(1, min(int64(depth), backlog)))
	for range n {
		p.BRPop(bg, brpopTimeout, w.key)
	}
	return n, false
}

func (w *queueConsumer) check(cmds []redis.Cmder, c *Counters) (int, bool) {
	ops, record := 0, true
	for _, cmd := range cmds {
		switch err := cmd.Err(); {
		case err == nil:
			ops++
			c.Consumed++
			w.run.popped[w.list].Add(1)
			w.empty = 0
		case err == redis.Nil:
			record = false // timed out on an empty list: a wait, not a reply time
			w.empty++
		}
	}
	return ops, record
}

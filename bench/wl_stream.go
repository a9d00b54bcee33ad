package bench

import (
	"context"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	streamKey   = "stream"
	streamGroup = "workers"
	// streamBlock bounds how long XREADGROUP waits for new entries.
	streamBlock = 100 * time.Millisecond
)

// streamRun is an event stream read by a consumer group: the first half of
// the clients (rounded up) XADD entries (one field of ValueSize bytes,
// MAXLEN ~ max(Keys, 10000)) to one stream; the others read it in one group
// with XREADGROUP COUNT pipeline BLOCK 100 and XACK what they read in their
// next batch. Producers wait when backlogLimit entries are not yet
// delivered; at the end consumers drain and acknowledge everything.
type streamRun struct {
	r                    *runCtx
	vals                 values
	producers, consumers int
	added, delivered     atomic.Int64
	producersLeft        atomic.Int64
	backlogLimit         int64
	maxLen               int64
}

func newStreamRun(r *runCtx) workloadRun {
	c := r.params.Clients
	s := &streamRun{r: r, vals: newValues(r.params.ValueSize, r.seed),
		producers: c - c/2, consumers: c / 2, backlogLimit: backlogLimit(r.params.Pipeline),
		maxLen: max(int64(r.params.Keys), 10000)}
	// Trimming must never remove an entry not yet delivered.
	s.backlogLimit = min(s.backlogLimit, s.maxLen/2)
	s.producersLeft.Store(int64(s.producers))
	return s
}

func (s *streamRun) prepare(ctx context.Context, r *runCtx) error {
	err := r.ctrl.XGroupCreateMkStream(ctx, streamKey, streamGroup, "$").Err()
	return replyError(err)
}

func (s *streamRun) worker(i int) worker {
	if i < s.producers {
		return &streamProducer{run: s}
	}
	return &streamConsumer{run: s, name: "consumer-" + strconv.Itoa(i-s.producers)}
}

func (s *streamRun) finish(context.Context, *runCtx, *RoundResult) error { return nil }

type streamProducer struct {
	run     *streamRun
	n       uint64
	stopped bool
}

func (w *streamProducer) fill(p redis.Pipeliner, depth int, stopping bool) (int, bool) {
	if stopping {
		if !w.stopped {
			w.stopped = true
			w.run.producersLeft.Add(-1)
		}
		return 0, true
	}
	room := w.run.backlogLimit - (w.run.added.Load() - w.run.delivered.Load())
	n := int(min(int64(depth), room))
	for range n {
		w.n++
		p.XAdd(bg, &redis.XAddArgs{Stream: streamKey, MaxLen: w.run.maxLen, Approx: true,
			Values: []any{"data", w.run.vals.at(w.n)}})
	}
	return max(n, 0), false
}

func (w *streamProducer) check(cmds []redis.Cmder, c *Counters) (int, bool) {
	for _, cmd := range cmds {
		if cmd.Err() == nil {
			c.Produced++
			w.run.added.Add(1)
		}
	}
	return len(cmds), true
}

type streamConsumer struct {
	run   *streamRun
	name  string
	acks  []string // ids read, acknowledged in the next batch
	empty int      // reads in a row that found nothing while draining
}

func (w *streamConsumer) fill(p redis.Pipeliner, depth int, stopping bool) (int, bool) {
	n := 0
	if len(w.acks) > 0 {
		p.XAck(bg, streamKey, streamGroup, w.acks...)
		w.acks = nil
		n++
	}
	backlog := w.run.added.Load() - w.run.delivered.Load()
	drained := w.run.producersLeft.Load() == 0 && (backlog <= 0 || w.empty >= emptyReadsToQuit)
	switch {
	case stopping && drained:
		return n, n == 0
	case stopping && backlog <= 0:
		return n, false // producers are finishing their last batch
	}
	p.XReadGroup(bg, &redis.XReadGroupArgs{Group: streamGroup, Consumer: w.name,
		Streams: []string{streamKey, ">"}, Count: int64(depth), Block: streamBlock})
	return n + 1, false
}

func (w *streamConsumer) check(cmds []redis.Cmder, c *Counters) (int, bool) {
	ops, record := 0, true
	for _, cmd := range cmds {
		read, ok := cmd.(*redis.XStreamSliceCmd)
		if !ok {
			if cmd.Err() == nil {
				ops++ // XACK
			}
			continue
		}
		if read.Err() == redis.Nil {
			record = false // BLOCK timed out: a wait, not a reply time
			w.empty++
			continue
		}
		if read.Err() != nil {
			continue
		}
		ops++
		w.empty = 0
		for _, st := range read.Val() {
			for _, m := range st.Messages {
				w.acks = append(w.acks, m.ID)
			}
			c.Consumed += int64(len(st.Messages))
			w.run.delivered.Add(int64(len(st.Messages)))
		}
	}
	return ops, record
}

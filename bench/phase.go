package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// runCtx is what a workload sees of one round on one target.
type runCtx struct {
	params   Params
	addr     string
	protocol int
	seed     uint64
	// ctrl is a connection for set-up and audits, not measured.
	ctrl     *redis.Client
	progress progress
	label    string // "cache round 1/3 tierdb", for progress bars
	// loaded counts the commands of untimed phases (loads, audits).
	loaded Counters
}

// keyGen returns client i's key generator over n keys with the run's
// distribution.
func (r *runCtx) keyGen(i int, n int) *KeyGen {
	start := uint64(i) * uint64(n) / uint64(r.params.Clients)
	g, err := NewKeyGen(r.params.Dist, uint64(n), r.params.ZipfS, r.seed*1000003+uint64(i), start)
	if err != nil {
		panic(err) // parameters are validated when parsed
	}
	return g
}

// load runs queue(p, i) for every i in [0, n) over the run's clients in
// pipelined batches, untimed, with a progress bar. ack, if not nil, is
// called with each command once answered, from several goroutines; error
// replies are counted in r.loaded, and an unknown command or a broken
// connection ends the load with an error.
func (r *runCtx) load(ctx context.Context, what string, n int,
	queue func(p redis.Pipeliner, i int) redis.Cmder, ack func(i int, cmd redis.Cmder)) error {
	const batch = 256
	var next, done atomic.Int64
	stop := r.progress.track(r.label+": "+what, int64(n), done.Load)
	defer stop()
	workers := min(r.params.Clients, 16, (n+batch-1)/batch)
	errs := make(chan error, workers)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newClient(r.addr, r.protocol)
			defer c.Close()
			cmds := make([]redis.Cmder, 0, batch)
			var counters Counters
			defer func() {
				mu.Lock()
				r.loaded.add(counters)
				mu.Unlock()
			}()
			for ctx.Err() == nil {
				lo := int(next.Add(batch)) - batch
				if lo >= n {
					return
				}
				hi := min(lo+batch, n)
				p := c.Pipeline()
				cmds = cmds[:0]
				for i := lo; i < hi; i++ {
					cmds = append(cmds, queue(p, i))
				}
				_, _ = p.Exec(ctx)
				if err := countReplies(cmds, &counters); err != nil {
					errs <- err
					return
				}
				if ack != nil {
					for j, cmd := range cmds {
						ack(lo+j, cmd)
					}
				}
				done.Add(int64(hi - lo))
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return ctx.Err()
}

// timed is the outcome of a timed phase.
type timed struct {
	seconds  float64
	hist     *Histogram
	counters Counters
}

// runTimed runs the workers of w, one client each, until the duration ends
// or the operation budget is spent, and the workers that drain have drained.
func (r *runCtx) runTimed(ctx context.Context, w workloadRun) (timed, error) {
	n := r.params.Clients
	clients := make([]*redis.Client, n)
	for i := range clients {
		clients[i] = newClient(r.addr, r.protocol)
		defer clients[i].Close()
		if err := clients[i].Ping(ctx).Err(); err != nil { // connect before the clock starts
			return timed{}, &fatalError{fmt.Errorf("connect client %d: %w", i, err)}
		}
	}
	var (
		stop   atomic.Bool // the run is over: workers finish (drainers drain)
		abort  atomic.Bool // a worker failed: everyone returns at once
		budget atomic.Int64
		opsNow atomic.Int64
		wg     sync.WaitGroup
		hists  = make([]*Histogram, n)
		counts = make([]Counters, n)
		lasts  = make([]time.Time, n)
		errs   = make([]error, n)
	)
	budget.Store(r.params.Ops)
	byOps := r.params.Ops > 0
	start := time.Now()
	deadline := start.Add(r.params.Duration)
	if byOps {
		stopBar := r.progress.track(r.label, r.params.Ops, opsNow.Load)
		defer stopBar()
	} else {
		ms := func() int64 { return min(time.Since(start), r.params.Duration).Milliseconds() }
		stopBar := r.progress.track(r.label, r.params.Duration.Milliseconds(), ms)
		defer stopBar()
	}
	for i := range n {
		hists[i] = NewHistogram()
		lasts[i] = start
		wk := w.worker(i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctl := loopControl{stop: &stop, abort: &abort, budget: &budget, byOps: byOps, deadline: deadline, opsNow: &opsNow}
			errs[i] = r.clientLoop(ctx, clients[i], wk, ctl, hists[i], &counts[i], &lasts[i])
			if errs[i] != nil {
				abort.Store(true)
			}
		}()
	}
	wg.Wait()
	var out timed
	out.hist = NewHistogram()
	end := start
	for i := range n {
		if errs[i] != nil {
			return timed{}, errs[i]
		}
		out.hist.Merge(hists[i])
		out.counters.add(counts[i])
		if lasts[i].After(end) {
			end = lasts[i]
		}
	}
	out.seconds = end.Sub(start).Seconds()
	if out.seconds <= 0 {
		out.seconds = time.Since(start).Seconds()
	}
	return out, ctx.Err()
}

// loopControl is what the clients of a timed phase share.
type loopControl struct {
	stop, abort *atomic.Bool
	budget      *atomic.Int64 // operations left, when byOps
	byOps       bool
	deadline    time.Time // when not byOps
	opsNow      *atomic.Int64
}

// clientLoop is one client: fill a pipeline, send it, time it, check it.
func (r *runCtx) clientLoop(ctx context.Context, c *redis.Client, w worker, ctl loopControl,
	h *Histogram, cnt *Counters, last *time.Time) error {
	P := r.params.Pipeline
	stop, budget, byOps := ctl.stop, ctl.budget, ctl.byOps
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if ctl.abort.Load() {
			return nil
		}
		stopping := stop.Load()
		if !stopping && !byOps && !time.Now().Before(ctl.deadline) {
			stop.Store(true)
			stopping = true
		}
		depth := P
		if byOps && !stopping {
			left := budget.Add(-int64(P))
			switch {
			case left <= -int64(P):
				budget.Add(int64(P))
				stop.Store(true)
				stopping = true
			case left < 0:
				depth = P + int(left)
				budget.Add(-left)
			}
		}
		pipe := c.Pipeline()
		n, done := w.fill(pipe, depth, stopping)
		if byOps && !stopping {
			budget.Add(int64(depth - n)) // a batch may queue more or fewer commands than claimed
		}
		if done {
			return nil
		}
		if n == 0 {
			time.Sleep(100 * time.Microsecond)
			continue
		}
		t0 := time.Now()
		cmds, _ := pipe.Exec(ctx)
		lat := time.Since(t0)
		if err := countReplies(cmds, cnt); err != nil {
			return err
		}
		ops, record := w.check(cmds, cnt)
		cnt.Ops += int64(ops)
		ctl.opsNow.Add(int64(ops))
		if record {
			h.Record(lat, ops)
			*last = time.Now()
		}
	}
}

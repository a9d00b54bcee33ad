package bench

import (
	"context"
	"errors"
	"math"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// errSkipped says a workload cannot run on a target as configured.
type errSkipped struct{ msg string }

func (e errSkipped) Error() string { return e.msg }

// ltrRun is larger-than-ram: it asks the target its maxmemory (CONFIG GET),
// SETs Factor × maxmemory bytes of values ("ltr:N", N < ceil(Factor ×
// maxmemory / ValueSize)), remembering which SETs were acknowledged, then
// GETs keys picked by Dist (zipfian with skew ZipfS unless given).
//
// A GET of an acknowledged key that comes back nil is a miss: the server
// lost it (Redis evicts under allkeys-*; tierdb's spill mode must not).
// Reads of keys whose SET was refused (an OOM error under noeviction) are
// not reads of keys that should exist, and are not counted. After the run
// an audit sends EXISTS for every acknowledged key: Lost is how many are
// gone, MissedKeys how many distinct keys a read found missing.
type ltrRun struct {
	r         *runCtx
	vals      values
	n         int
	written   []bool // set by the load, read-only afterwards
	maxMemory int64
	workers   []*ltrWorker
}

func newLTRRun(r *runCtx) workloadRun {
	return &ltrRun{r: r, vals: newValues(r.params.ValueSize, r.seed)}
}

func (s *ltrRun) prepare(ctx context.Context, r *runCtx) error {
	mm, err := configMaxMemory(ctx, r.ctrl)
	if err != nil {
		return err
	}
	if mm == 0 {
		return errSkipped{"the target has no maxmemory: larger-than-ram loads a multiple of it"}
	}
	s.maxMemory = mm
	s.n = int(math.Ceil(r.params.Factor * float64(mm) / float64(r.params.ValueSize)))
	s.written = make([]bool, s.n)
	return r.load(ctx, "load", s.n, func(p redis.Pipeliner, i int) redis.Cmder {
		return p.Set(bg, keyName("ltr:", uint64(i)), s.vals.at(uint64(i)), 0)
	}, func(i int, cmd redis.Cmder) {
		s.written[i] = cmd.Err() == nil
	})
}

func (s *ltrRun) worker(i int) worker {
	w := &ltrWorker{run: s, keys: s.r.keyGen(i, s.n), missed: map[uint64]struct{}{}}
	s.workers = append(s.workers, w)
	return w
}

func (s *ltrRun) finish(ctx context.Context, r *runCtx, res *RoundResult) error {
	res.Keys = int64(s.n)
	missed := map[uint64]struct{}{}
	for _, w := range s.workers {
		for k := range w.missed {
			missed[k] = struct{}{}
		}
	}
	res.MissedKeys = int64(len(missed))
	var lost atomic.Int64
	for _, ok := range s.written {
		if ok {
			res.Written++
		}
	}
	err := r.load(ctx, "audit", s.n, func(p redis.Pipeliner, i int) redis.Cmder {
		return p.Exists(bg, keyName("ltr:", uint64(i)))
	}, func(i int, cmd redis.Cmder) {
		if s.written[i] && cmd.Err() == nil && cmd.(*redis.IntCmd).Val() == 0 {
			lost.Add(1)
		}
	})
	res.Lost = lost.Load()
	return err
}

type ltrWorker struct {
	run    *ltrRun
	keys   *KeyGen
	asked  []uint64 // key indexes of the batch in flight
	missed map[uint64]struct{}
}

func (w *ltrWorker) fill(p redis.Pipeliner, depth int, stopping bool) (int, bool) {
	if stopping {
		return 0, true
	}
	w.asked = w.asked[:0]
	for range depth {
		k := w.keys.Next()
		w.asked = append(w.asked, k)
		p.Get(bg, keyName("ltr:", k))
	}
	return depth, false
}

func (w *ltrWorker) check(cmds []redis.Cmder, c *Counters) (int, bool) {
	for j, cmd := range cmds {
		k := w.asked[j]
		if !w.run.written[k] {
			continue
		}
		countRead(c, cmd.Err())
		if errors.Is(cmd.Err(), redis.Nil) {
			w.missed[k] = struct{}{}
		}
	}
	return len(cmds), true
}

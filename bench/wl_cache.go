package bench

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"
)

// cacheRun is cache-aside, the "API response cache": a client GETs
// "cache:N"; on a miss it computes the value (here: takes it) and stores it
// with SETEX and a TTL, sent first in its next batch. The cache starts
// empty, so the hit rate climbs as it warms up.
type cacheRun struct {
	r    *runCtx
	vals values
}

func newCacheRun(r *runCtx) workloadRun {
	return &cacheRun{r: r, vals: newValues(r.params.ValueSize, r.seed)}
}

func (s *cacheRun) prepare(context.Context, *runCtx) error { return nil }

func (s *cacheRun) worker(i int) worker {
	return &cacheWorker{run: s, keys: s.r.keyGen(i, s.r.params.Keys)}
}

func (s *cacheRun) finish(context.Context, *runCtx, *RoundResult) error { return nil }

type cacheWorker struct {
	run     *cacheRun
	keys    *KeyGen
	pending []uint64 // keys that missed, to fill
	asked   []uint64 // the key of each command in flight
}

func (w *cacheWorker) fill(p redis.Pipeliner, depth int, stopping bool) (int, bool) {
	if stopping {
		return 0, true
	}
	w.asked = w.asked[:0]
	for len(w.asked) < depth && len(w.pending) > 0 {
		k := w.pending[len(w.pending)-1]
		w.pending = w.pending[:len(w.pending)-1]
		w.asked = append(w.asked, k)
		p.SetEx(bg, keyName("cache:", k), w.run.vals.at(k), w.run.r.params.TTL)
	}
	for len(w.asked) < depth {
		k := w.keys.Next()
		w.asked = append(w.asked, k)
		p.Get(bg, keyName("cache:", k))
	}
	return len(w.asked), false
}

func (w *cacheWorker) check(cmds []redis.Cmder, c *Counters) (int, bool) {
	for j, cmd := range cmds {
		if get, ok := cmd.(*redis.StringCmd); ok {
			countRead(c, get.Err())
			if errors.Is(get.Err(), redis.Nil) {
				w.pending = append(w.pending, w.asked[j])
			}
		}
	}
	return len(cmds), true
}

package bench

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"
)

// stringsRun preloads Keys keys ("key:N"), then GETs (ReadRatio of the
// operations) and SETs keys picked by Dist. A GET that finds nothing is a
// miss: nothing deletes the keys, so there should be none.
type stringsRun struct {
	r    *runCtx
	vals values
}

func newStringsRun(r *runCtx) workloadRun {
	return &stringsRun{r: r, vals: newValues(r.params.ValueSize, r.seed)}
}

func (s *stringsRun) prepare(ctx context.Context, r *runCtx) error {
	return r.load(ctx, "load", r.params.Keys, func(p redis.Pipeliner, i int) redis.Cmder {
		return p.Set(bg, keyName("key:", uint64(i)), s.vals.at(uint64(i)), 0)
	}, nil)
}

func (s *stringsRun) worker(i int) worker {
	return &stringsWorker{run: s, keys: s.r.keyGen(i, s.r.params.Keys)}
}

func (s *stringsRun) finish(context.Context, *runCtx, *RoundResult) error { return nil }

type stringsWorker struct {
	run  *stringsRun
	keys *KeyGen
}

func (w *stringsWorker) fill(p redis.Pipeliner, depth int, stopping bool) (int, bool) {
	if stopping {
		return 0, true
	}
	for range depth {
		k := w.keys.Next()
		if w.keys.Float64() < w.run.r.params.ReadRatio {
			p.Get(bg, keyName("key:", k))
		} else {
			p.Set(bg, keyName("key:", k), w.run.vals.at(k), 0)
		}
	}
	return depth, false
}

func (w *stringsWorker) check(cmds []redis.Cmder, c *Counters) (int, bool) {
	for _, cmd := range cmds {
		if get, ok := cmd.(*redis.StringCmd); ok {
			countRead(c, get.Err())
		}
	}
	return len(cmds), true
}

// countRead counts a read of a key that should exist: a nil reply is a
// miss; an error reply is neither (it is counted as an error).
func countRead(c *Counters, err error) {
	switch {
	case err == nil:
		c.Reads++
		c.Hits++
	case errors.Is(err, redis.Nil):
		c.Reads++
		c.Misses++
	}
}

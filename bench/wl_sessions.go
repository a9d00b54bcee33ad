package bench

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// sessionsRun preloads Keys session hashes ("session:N": user, created,
// last, hits and a data field of ValueSize bytes); then a read is HGETALL of
// a session and a write is HSET of its last and hits fields followed by
// EXPIRE with the TTL (two commands), sessions picked by Dist.
type sessionsRun struct {
	r    *runCtx
	vals values
}

func newSessionsRun(r *runCtx) workloadRun {
	return &sessionsRun{r: r, vals: newValues(r.params.ValueSize, r.seed)}
}

func (s *sessionsRun) prepare(ctx context.Context, r *runCtx) error {
	now := strconv.FormatInt(time.Now().Unix(), 10)
	return r.load(ctx, "sessions", r.params.Keys, func(p redis.Pipeliner, i int) redis.Cmder {
		return p.HSet(bg, keyName("session:", uint64(i)), "user", keyName("user:", uint64(i)),
			"created", now, "last", now, "hits", "0", "data", s.vals.at(uint64(i)))
	}, nil)
}

func (s *sessionsRun) worker(i int) worker {
	return &sessionsWorker{run: s, keys: s.r.keyGen(i, s.r.params.Keys)}
}

func (s *sessionsRun) finish(context.Context, *runCtx, *RoundResult) error { return nil }

type sessionsWorker struct {
	run  *sessionsRun
	keys *KeyGen
	hits int
}

func (w *sessionsWorker) fill(p redis.Pipeliner, depth int, stopping bool) (int, bool) {
	if stopping {
		return 0, true
	}
	n := 0
	for range depth {
		key := keyName("session:", w.keys.Next())
		if w.keys.Float64() < w.run.r.params.ReadRatio {
			p.HGetAll(bg, key)
			n++
			continue
		}
		w.hits++
		p.HSet(bg, key, "last", strconv.FormatInt(time.Now().Unix(), 10), "hits", strconv.Itoa(w.hits))
		p.Expire(bg, key, w.run.r.params.TTL)
		n += 2
	}
	return n, false
}

// check counts an HGETALL that finds no session as a miss: sessions are
// loaded and renewed with a TTL longer than the run, so there should be none.
func (w *sessionsWorker) check(cmds []redis.Cmder, c *Counters) (int, bool) {
	for _, cmd := range cmds {
		if all, ok := cmd.(*redis.MapStringStringCmd); ok && all.Err() == nil {
			c.Reads++
			if len(all.Val()) > 0 {
				c.Hits++
			} else {
				c.Misses++
			}
		}
	}
	return len(cmds), true
}

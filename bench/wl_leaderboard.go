package bench

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// leaderboardKey is the one sorted set of the leaderboard workload.
const leaderboardKey = "leaderboard"

// leaderboardRun preloads Keys players ("player:N", score 0) in one sorted
// set; then a read is ZREVRANGE leaderboard 0 9 WITHSCORES (the top ten)
// and a write is ZINCRBY leaderboard 1 of a player picked by Dist.
type leaderboardRun struct {
	r *runCtx
}

func newLeaderboardRun(r *runCtx) workloadRun { return &leaderboardRun{r: r} }

func (s *leaderboardRun) prepare(ctx context.Context, r *runCtx) error {
	return r.load(ctx, "players", r.params.Keys, func(p redis.Pipeliner, i int) redis.Cmder {
		return p.ZAdd(bg, leaderboardKey, redis.Z{Score: 0, Member: keyName("player:", uint64(i))})
	}, nil)
}

func (s *leaderboardRun) worker(i int) worker {
	return &leaderboardWorker{run: s, keys: s.r.keyGen(i, s.r.params.Keys)}
}

func (s *leaderboardRun) finish(context.Context, *runCtx, *RoundResult) error { return nil }

type leaderboardWorker struct {
	run  *leaderboardRun
	keys *KeyGen
}

func (w *leaderboardWorker) fill(p redis.Pipeliner, depth int, stopping bool) (int, bool) {
	if stopping {
		return 0, true
	}
	for range depth {
		if w.keys.Float64() < w.run.r.params.ReadRatio {
			p.ZRevRangeWithScores(bg, leaderboardKey, 0, 9)
		} else {
			p.ZIncrBy(bg, leaderboardKey, 1, keyName("player:", w.keys.Next()))
		}
	}
	return depth, false
}

// check counts a top-ten read that comes back empty as a miss: the players
// were loaded, so there should be none.
func (w *leaderboardWorker) check(cmds []redis.Cmder, c *Counters) (int, bool) {
	for _, cmd := range cmds {
		if top, ok := cmd.(*redis.ZSliceCmd); ok && top.Err() == nil {
			c.Reads++
			if len(top.Val()) > 0 {
				c.Hits++
			} else {
				c.Misses++
			}
		}
	}
	return len(cmds), true
}

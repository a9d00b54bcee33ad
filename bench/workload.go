package bench

import (
	"context"
	"sort"

	"github.com/redis/go-redis/v9"
)

// workloadDef is a named workload: its documentation, its key distribution
// when Params.Dist leaves it to the workload ("" is Uniform), and a
// constructor of the state of one run (one round on one target).
type workloadDef struct {
	summary string
	dist    Dist
	newRun  func(r *runCtx) workloadRun
}

// workloadRun is one round of a workload against one target.
type workloadRun interface {
	// prepare runs before the timed phase, on a flushed target: it loads
	// the data the workload reads.
	prepare(ctx context.Context, r *runCtx) error
	// worker returns the operation source of client i (0-based).
	worker(i int) worker
	// finish runs after the timed phase: audits and workload counters.
	finish(ctx context.Context, r *runCtx, res *RoundResult) error
}

// worker generates one client's operations. Each client goroutine owns one,
// so a worker needs no locking except for state shared with other workers.
type worker interface {
	// fill queues the next batch, at most depth operations, on p and
	// returns how many commands it queued. stopping says the run is over:
	// a worker that must drain (a queue consumer) may go on; done=true ends
	// it. n == 0 with done == false means nothing to send yet.
	fill(p redis.Pipeliner, depth int, stopping bool) (n int, done bool)
	// check reads the replies of the batch just sent (error replies are
	// already counted) and returns how many count as operations and
	// whether the batch's latency is recorded (false for a blocking read
	// that timed out, which measures the wait, not the server).
	check(cmds []redis.Cmder, c *Counters) (ops int, record bool)
}

// workloads is the registry, by name.
var workloads = map[string]workloadDef{
	"strings":         {summary: "GET/SET mix over preloaded keys (read-ratio reads)", newRun: newStringsRun},
	"cache":           {summary: "cache-aside: GET, and SETEX with a TTL on a miss; starts empty", newRun: newCacheRun},
	"leaderboard":     {summary: "ZINCRBY of a player's score and ZREVRANGE 0 9 WITHSCORES (the reads)", newRun: newLeaderboardRun},
	"sessions":        {summary: "HGETALL of a session hash (reads); HSET of two fields plus EXPIRE (writes)", newRun: newSessionsRun},
	"queue":           {summary: "half the clients LPUSH jobs, half BRPOP them, one list per consumer", newRun: newQueueRun},
	"stream":          {summary: "half the clients XADD, half XREADGROUP and XACK in one consumer group", newRun: newStreamRun},
	"larger-than-ram": {summary: "SET factor×maxmemory of data, then GETs (zipfian by default): hit rate, misses, lost keys, RSS", dist: Zipfian, newRun: newLTRRun},
}

// workloadOrder is the order of `--workload` defaults and listings.
var workloadOrder = []string{"strings", "cache", "leaderboard", "sessions", "queue", "stream", "larger-than-ram"}

// WorkloadNames returns the workload names in their standard order.
func WorkloadNames() []string {
	names := append([]string(nil), workloadOrder...)
	if len(names) != len(workloads) { // keep listings honest if one is added
		names = names[:0]
		for n := range workloads {
			names = append(names, n)
		}
		sort.Strings(names)
	}
	return names
}

// WorkloadSummary returns the one-line description of a workload.
func WorkloadSummary(name string) string {
	return workloads[name].summary
}

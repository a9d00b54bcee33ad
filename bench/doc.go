// Package bench is tierdb-bench: the same workloads against several RESP
// servers in one run (tierdb, Redis or any other), measured the same way,
// reported side by side.
//
// It talks RESP over TCP like any client (go-redis) and imports none of the
// server's packages, so it measures what a user gets, and a server under
// test cannot tell it from an application.
//
// # A run
//
// For each workload, the harness starts the servers named by --start (on
// free loopback ports, data in temporary directories, sampled for VmRSS and
// disk use every 250 ms, stopped and removed at the end of the workload),
// then runs the workload Rounds times on every target, interleaved (A, B,
// A, B ...) so that machine noise falls on both alike. A round is: FLUSHALL;
// an untimed load (for workloads that read data); the timed phase, with
// Clients connections each sending Pipeline operations at a time, for
// Duration or until Ops operations; then, for larger-than-ram, an audit.
//
// Throughput is commands answered per second (error replies included and
// counted apart); a target's figure is the median of its rounds. Latency is
// the round trip of a pipelined batch, recorded once for each command in it
// (as redis-benchmark does), in one histogram per client, merged over all
// clients and rounds; the report gives p50, p99, p99.9 and max. Ratios are
// to the first target. The client runs on the same machine as the servers
// and takes CPU from them: compare targets with each other, not with
// figures from another machine.
//
// A target that answers "ERR unknown command" is reported as unsupported
// for that workload, and the run goes on; so does a target that fails
// (connection refused, a crash), reported as failed.
//
// # Workloads
//
// Keys, values and counts come from Params; key choice follows Dist
// (uniform, zipfian with skew ZipfS, or sequential; by default uniform, and
// zipfian for larger-than-ram). The report records the distribution each
// workload used. A zipfian draw picks a rank, and a fixed permutation of the
// key space maps ranks to keys, so hot keys are spread over the key space,
// the same for every client. Values are random bytes: a server that
// compresses gains nothing from them.
//
//   - strings: loads Keys keys ("key:N"), then GET (ReadRatio of the
//     operations) or SET. A GET of a key that is not there is a miss; there
//     should be none.
//   - cache: cache-aside, the "API response cache": GET "cache:N"; on a miss
//     the client SETEXes the value with TTL in its next batch. Starts
//     empty, so the hit rate shows the warm-up.
//   - leaderboard: loads Keys players (score 0) in one sorted set, then
//     ZINCRBY leaderboard 1 player:N (writes) or ZREVRANGE leaderboard 0 9
//     WITHSCORES (reads).
//   - sessions: loads Keys hashes "session:N" (user, created, last, hits,
//     data of ValueSize bytes), then HGETALL (reads) or HSET of last and hits
//     followed by EXPIRE with TTL (writes: two commands).
//   - queue: the first half of the clients (rounded up) LPUSH jobs, the
//     others BRPOP them; one list per consumer, producers spread over the
//     lists. Producers pause while a list holds more than 1000+100×Pipeline
//     jobs not yet taken (memory stays bounded); at the end consumers drain
//     the lists, so every job produced is consumed. A BRPOP that times out
//     is not an operation and its batch's latency is not recorded; a BRPOP
//     that waits for a job counts the wait.
//   - stream: the first half of the clients XADD (MAXLEN ~ max(Keys,
//     10000)) to one stream, the others read it in one consumer group with
//     XREADGROUP COUNT Pipeline BLOCK 100 and XACK what they read in their
//     next batch; the same back-pressure and drain as queue.
//   - larger-than-ram: reads the target's maxmemory (CONFIG GET; servers
//     the harness starts get Params.MaxMemory, or 32 MB), SETs Factor ×
//     maxmemory bytes of values ("ltr:N"), remembering which SETs were
//     acknowledged, then GETs keys picked by Dist (zipfian unless given:
//     larger-than-ram:dist=uniform measures uniform cold reads). A GET of an
//     acknowledged key that returns nil is a miss: the server lost the key
//     (Redis under allkeys-* evicts; tierdb's spill mode must not). Hit rate
//     is hits/reads over acknowledged keys. After the timed phase an EXISTS
//     of every acknowledged key counts the keys Lost; MissedKeys counts the
//     distinct keys reads found missing. RSS and disk use over time are
//     charted.
//
// # Output
//
// Each round prints one line; the end of the run prints the summary table
// (Markdown). With --out DIR: results.json (Report, for tools and for
// comparing runs), results.md (the table, the command, the machine, the
// servers' versions and arguments, every round), throughput.png and
// p99.png (per workload per target), rss-larger-than-ram.png and
// disk-larger-than-ram.png (over time, with maxmemory dashed).
//
// # Libraries, and why these
//
//   - github.com/redis/go-redis/v9: the most used Go Redis client, already
//     the project's test client; its pipelines give exact control of what
//     is in flight. Each benchmark client is one connection (PoolSize 1)
//     with retries off, so a failure shows instead of being retried away.
//   - github.com/HdrHistogram/hdrhistogram-go: the Go port of Gil Tene's
//     HdrHistogram, the standard for latency (wrk2, Cassandra, many
//     benchmarks): fixed memory, bounded relative error (three significant
//     digits here), cheap recording on the hot path, and exact merges of
//     per-client histograms, which averaging percentiles would not give.
//   - github.com/schollz/progressbar/v3: a small, widely used terminal
//     progress bar that writes to any io.Writer, so it is simply not created
//     when stdout is not a terminal (golang.org/x/term decides that).
//   - gonum.org/v1/plot: the plotting library of the gonum numeric
//     project, pure Go (PNG without cgo or an external tool), with bar
//     charts and line plots, legends and embedded fonts.
//
// The zipfian law comes from math/rand/v2 (rand.Zipf, rejection-inversion),
// which needs a skew above 1; tests check its frequencies against the law.
package bench

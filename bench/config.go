package bench

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// Config is one `tierdb-bench run`.
type Config struct {
	// Targets are the servers measured, in command-line order; ratios in
	// the report are to the first.
	Targets []TargetSpec `json:"targets"`
	// Workloads run one after the other, each on every target.
	Workloads []WorkloadSpec `json:"workloads"`
	// Rounds is how many times each workload runs on each target,
	// interleaved: A, B, A, B ...
	Rounds int `json:"rounds"`
	// Out is the directory for results.json, results.md and the charts;
	// empty writes none.
	Out string `json:"-"`
	// TierdbBin is the tierdb binary that --start tierdb runs.
	TierdbBin string `json:"tierdb_bin,omitempty"`
	// Server are the settings of the servers the harness starts.
	Server ServerOptions `json:"server"`
	// Protocol is the RESP version clients speak (2 or 3).
	Protocol int `json:"protocol"`
	// Seed makes the key choices repeatable.
	Seed uint64 `json:"seed"`
	// Progress shows progress bars (set when stdout is a terminal).
	Progress bool `json:"-"`
	// Command is the command line, recorded in the report.
	Command []string `json:"-"`
}

// TargetSpec names a server to measure: either one already running at Addr,
// or one the harness starts (Start is "tierdb" or "redis").
type TargetSpec struct {
	Name  string `json:"name"`
	Addr  string `json:"addr,omitempty"`
	Start string `json:"start,omitempty"`
}

// ServerOptions are passed to the servers the harness starts (both kinds
// take Redis's names). MaxMemory is a workload parameter.
type ServerOptions struct {
	// Policy is maxmemory-policy, given when a maxmemory is.
	Policy string `json:"maxmemory_policy"`
	// AppendOnly and AppendFsync are Redis's appendonly and appendfsync.
	AppendOnly  string `json:"appendonly"`
	AppendFsync string `json:"appendfsync"`
	// Save is Redis's save schedule ("" disables snapshots).
	Save string `json:"save"`
	// Args are extra "--name value" pairs, given to every started server.
	Args []string `json:"args,omitempty"`
}

// targetList is the value of --target and --start: both append to one list
// so that the command line's order is the report's.
type targetList struct {
	list *[]TargetSpec
	kind string // "" for --target, "start" for --start
}

func (t targetList) String() string { return "" }

func (t targetList) Set(s string) error {
	if t.kind == "start" {
		if s != "tierdb" && s != "redis" {
			return fmt.Errorf("--start takes tierdb or redis, not %q", s)
		}
		*t.list = append(*t.list, TargetSpec{Name: s, Start: s})
		return nil
	}
	name, addr, ok := strings.Cut(s, "=")
	if !ok {
		name, addr = s, s
	}
	if name == "" || !strings.Contains(addr, ":") {
		return fmt.Errorf("--target takes name=host:port, not %q", s)
	}
	*t.list = append(*t.list, TargetSpec{Name: name, Addr: addr})
	return nil
}

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// ParseRunArgs reads the arguments of `tierdb-bench run`. Errors, and the
// usage text for -h, go to stderr.
func ParseRunArgs(args []string, stderr io.Writer) (Config, error) {
	cfg := Config{Rounds: 3, TierdbBin: "./bin/tierdb", Protocol: 2, Seed: 1,
		Server: ServerOptions{Policy: "allkeys-lru", AppendOnly: "no", AppendFsync: "everysec"}}
	p := DefaultParams()
	fs := flag.NewFlagSet("tierdb-bench run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var workloadArgs, serverArgs stringList
	fs.Var(targetList{list: &cfg.Targets}, "target", "`name=host:port` of a running server to measure (repeatable)")
	fs.Var(targetList{list: &cfg.Targets, kind: "start"}, "start", "start a server: `tierdb|redis` (repeatable)")
	fs.Var(&workloadArgs, "workload", "`name[:param=value,...]` to run (repeatable; default: every workload)")
	fs.IntVar(&cfg.Rounds, "rounds", cfg.Rounds, "interleaved rounds per workload and target")
	fs.StringVar(&cfg.Out, "out", "", "directory for results.json, results.md and charts")
	fs.StringVar(&cfg.TierdbBin, "tierdb-bin", cfg.TierdbBin, "tierdb binary for --start tierdb")
	fs.IntVar(&cfg.Protocol, "resp", cfg.Protocol, "RESP version the clients speak (2 or 3)")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the key choices")
	fs.StringVar(&cfg.Server.Policy, "maxmemory-policy", cfg.Server.Policy, "maxmemory-policy of started servers that have a maxmemory")
	fs.StringVar(&cfg.Server.AppendOnly, "appendonly", cfg.Server.AppendOnly, "appendonly of started servers (yes|no)")
	fs.StringVar(&cfg.Server.AppendFsync, "appendfsync", cfg.Server.AppendFsync, "appendfsync of started servers (always|everysec|no)")
	fs.StringVar(&cfg.Server.Save, "save", "", "save schedule of started servers (default none)")
	fs.Var(&serverArgs, "server-arg", "extra `name=value` for started servers (repeatable)")
	def := DefaultParams()
	paramUsage := map[string]string{
		"clients":    fmt.Sprintf("connections, one goroutine each (default %d)", def.Clients),
		"pipeline":   fmt.Sprintf("operations sent before reading replies (default %d)", def.Pipeline),
		"keys":       fmt.Sprintf("size of the key space (default %d)", def.Keys),
		"value-size": fmt.Sprintf("bytes per value (default %d)", def.ValueSize),
		"dist":       "key distribution: uniform, zipfian or sequential (default uniform; larger-than-ram: zipfian)",
		"zipf-s":     fmt.Sprintf("zipfian skew, > 1 (default %v)", def.ZipfS),
		"read-ratio": fmt.Sprintf("share of reads where a workload mixes reads and writes (default %v)", def.ReadRatio),
		"duration":   fmt.Sprintf("length of each timed run (default %v)", def.Duration),
		"ops":        "operations per timed run, over all clients, instead of --duration",
		"ttl":        fmt.Sprintf("expiry of cache entries and sessions (default %v)", def.TTL),
		"factor":     fmt.Sprintf("larger-than-ram: data loaded as a multiple of maxmemory (default %v)", def.Factor),
		"maxmemory":  "maxmemory of started servers, e.g. 64mb (default none; larger-than-ram: 32mb)",
	}
	for _, name := range paramNames {
		fs.Func(name, paramUsage[name], func(v string) error { return p.Set(name, v) })
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: tierdb-bench run [flags]\n\n%s\nWorkloads (tierdb-bench workloads describes them): %s\n\nFlags:\n",
			runHelp, strings.Join(WorkloadNames(), ", "))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if len(cfg.Targets) == 0 {
		return Config{}, fmt.Errorf("no target: give --target name=host:port or --start tierdb|redis")
	}
	if cfg.Rounds < 1 {
		return Config{}, fmt.Errorf("--rounds must be at least 1")
	}
	if cfg.Protocol != 2 && cfg.Protocol != 3 {
		return Config{}, fmt.Errorf("--resp must be 2 or 3")
	}
	if len(workloadArgs) == 0 {
		workloadArgs = WorkloadNames()
	}
	for _, w := range workloadArgs {
		spec, err := parseWorkloadSpec(w, p)
		if err != nil {
			return Config{}, err
		}
		cfg.Workloads = append(cfg.Workloads, spec)
	}
	for _, a := range serverArgs {
		k, v, ok := strings.Cut(a, "=")
		if !ok || k == "" {
			return Config{}, fmt.Errorf("--server-arg takes name=value, not %q", a)
		}
		cfg.Server.Args = append(cfg.Server.Args, "--"+k, v)
	}
	uniqueNames(cfg.Targets)
	return cfg, nil
}

// uniqueNames suffixes repeated target names: redis, redis-2 ...
func uniqueNames(ts []TargetSpec) {
	seen := map[string]int{}
	for i := range ts {
		seen[ts[i].Name]++
		if n := seen[ts[i].Name]; n > 1 {
			ts[i].Name = fmt.Sprintf("%s-%d", ts[i].Name, n)
		}
	}
}

const runHelp = `Runs workloads against every target, interleaved round by round, and prints
throughput and latency with the ratios to the first target. Each round
begins with FLUSHALL on the target: never point it at data you keep.

Started servers (--start) listen on a free loopback port with their data in a
temporary directory, are sampled for RSS and disk use every 250 ms, and are
stopped and removed at the end of each workload.
`

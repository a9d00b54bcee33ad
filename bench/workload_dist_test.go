package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// builtDist returns the distribution of the key generator that client 0 of
// spec's workload is given.
func builtDist(t *testing.T, spec WorkloadSpec) Dist {
	t.Helper()
	run := workloads[spec.Name].newRun(&runCtx{params: spec.Params, seed: 1})
	if ltr, ok := run.(*ltrRun); ok {
		ltr.n = 1000 // set by prepare, from the target's maxmemory
	}
	switch w := run.worker(0).(type) {
	case *ltrWorker:
		return w.keys.dist
	case *stringsWorker:
		return w.keys.dist
	case *cacheWorker:
		return w.keys.dist
	case *leaderboardWorker:
		return w.keys.dist
	case *sessionsWorker:
		return w.keys.dist
	default:
		t.Fatalf("%s: worker %T picks no keys", spec.Name, w)
		return ""
	}
}

// Ensure that larger-than-ram picks keys with a zipfian law unless a
// distribution is given, globally or for it, that the other workloads
// default to uniform, and that the parsed spec records the distribution its
// workers are built with.
func TestParseRunArgs_WorkloadDist(t *testing.T) {
	keyed := []string{"strings", "cache", "leaderboard", "sessions"}
	for _, test := range []struct {
		args []string
		want map[string]Dist // by workload; keyed workloads not listed want Uniform
	}{
		{nil, map[string]Dist{"larger-than-ram": Zipfian}},
		{[]string{"--dist", "uniform"}, map[string]Dist{"larger-than-ram": Uniform}},
		{[]string{"--dist", "sequential"}, map[string]Dist{"larger-than-ram": Sequential,
			"strings": Sequential, "cache": Sequential, "leaderboard": Sequential, "sessions": Sequential}},
		{[]string{"--workload", "larger-than-ram:dist=uniform", "--workload", "strings"},
			map[string]Dist{"larger-than-ram": Uniform}},
		{[]string{"--dist", "uniform", "--workload", "larger-than-ram:dist=sequential", "--workload", "cache:dist=zipfian"},
			map[string]Dist{"larger-than-ram": Sequential, "cache": Zipfian}},
	} {
		args := append([]string{"--start", "redis"}, test.args...)
		if !strings.Contains(strings.Join(args, " "), "--workload") {
			for _, name := range append([]string{"larger-than-ram"}, keyed...) {
				args = append(args, "--workload", name)
			}
		}
		cfg, err := ParseRunArgs(args, io.Discard)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		for _, spec := range cfg.Workloads {
			want := test.want[spec.Name]
			if want == "" {
				want = Uniform
			}
			if got := builtDist(t, spec); got != want || spec.Params.Dist != want {
				t.Errorf("%q: %s built with %s, recorded as %s; want %s", args, spec.Name, got, spec.Params.Dist, want)
			}
		}
	}
}

// Ensure that a run of specs built in code, with the distribution left to
// the workloads, reports the distribution each used, in results.json and
// results.md.
func TestRun_ReportsResolvedDist(t *testing.T) {
	p := DefaultParams()
	p.Ops = 1
	out := t.TempDir()
	cfg := Config{Targets: []TargetSpec{{Name: "gone", Addr: "127.0.0.1:1"}}, Rounds: 1, Protocol: 2, Seed: 1, Out: out,
		Workloads: []WorkloadSpec{{Name: "larger-than-ram", Params: p}, {Name: "strings", Params: p}}}
	rep, err := Run(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Workloads[0].Params.Dist != "" {
		t.Errorf("Run changed the caller's specs: %+v", cfg.Workloads[0].Params)
	}
	got, err := ReadReport(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(out, "results.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []Dist{Zipfian, Uniform} {
		name := cfg.Workloads[i].Name
		if d := rep.Workloads[i].Params.Dist; d != want {
			t.Errorf("%s: report has dist %q, want %q", name, d, want)
		}
		if d := got.Workloads[i].Params.Dist; d != want {
			t.Errorf("%s: results.json has dist %q, want %q", name, d, want)
		}
		if d := got.Config.Workloads[i].Params.Dist; d != want {
			t.Errorf("%s: results.json config has dist %q, want %q", name, d, want)
		}
		section := "### " + name + "\n"
		_, rest, _ := strings.Cut(string(md), section)
		line, _, _ := strings.Cut(strings.TrimPrefix(rest, "\n"+WorkloadSummary(name)+".\n\n"), "\n")
		if !strings.Contains(line, "dist "+string(want)+" (") {
			t.Errorf("%s: results.md says %q, want dist %s", name, line, want)
		}
	}
}

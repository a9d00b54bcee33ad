package bench

import (
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Ensure that --target and --start keep the command line's order (the first
// is the base of the ratios), and that per-workload parameters apply over
// the global ones.
func TestParseRunArgs_TargetsAndWorkloads(t *testing.T) {
	cfg, err := ParseRunArgs([]string{
		"--start", "tierdb", "--target", "other=10.0.0.1:7000", "--start", "redis", "--start", "redis",
		"--workload", "cache", "--workload", "larger-than-ram:value-size=1000,factor=2,maxmemory=16mb",
		"--clients", "8", "--duration", "3s", "--dist", "zipfian", "--server-arg", "io-threads=2",
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	wantTargets := []TargetSpec{{Name: "tierdb", Start: "tierdb"}, {Name: "other", Addr: "10.0.0.1:7000"},
		{Name: "redis", Start: "redis"}, {Name: "redis-2", Start: "redis"}}
	if !reflect.DeepEqual(cfg.Targets, wantTargets) {
		t.Errorf("targets: got %+v, want %+v", cfg.Targets, wantTargets)
	}
	if len(cfg.Workloads) != 2 {
		t.Fatalf("workloads: got %d, want 2", len(cfg.Workloads))
	}
	cache, ltr := cfg.Workloads[0].Params, cfg.Workloads[1].Params
	if cache.Clients != 8 || cache.Duration != 3*time.Second || cache.Dist != Zipfian || cache.ValueSize != 100 {
		t.Errorf("cache params: got %+v", cache)
	}
	if ltr.Clients != 8 || ltr.ValueSize != 1000 || ltr.Factor != 2 || ltr.MaxMemory != 16<<20 {
		t.Errorf("larger-than-ram params: got %+v", ltr)
	}
	if !reflect.DeepEqual(cfg.Server.Args, []string{"--io-threads", "2"}) {
		t.Errorf("server args: got %q", cfg.Server.Args)
	}
}

func TestParseRunArgs_DefaultsToEveryWorkload(t *testing.T) {
	cfg, err := ParseRunArgs([]string{"--target", "127.0.0.1:6379"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, w := range cfg.Workloads {
		names = append(names, w.Name)
	}
	if !reflect.DeepEqual(names, WorkloadNames()) || len(names) != len(workloads) {
		t.Errorf("got %v, want every workload %v", names, WorkloadNames())
	}
	if cfg.Targets[0].Name != "127.0.0.1:6379" {
		t.Errorf("a target without a name is named by its address: got %q", cfg.Targets[0].Name)
	}
}

func TestParseRunArgs_Errors(t *testing.T) {
	for _, test := range []struct {
		args    []string
		message string
	}{
		{[]string{}, "no target"},
		{[]string{"--start", "memcached"}, "tierdb or redis"},
		{[]string{"--target", "nohostport"}, "name=host:port"},
		{[]string{"--start", "redis", "--workload", "nosuch"}, `unknown workload "nosuch"`},
		{[]string{"--start", "redis", "--dist", "pareto"}, "unknown distribution"},
		{[]string{"--start", "redis", "--workload", "larger-than-ram:dist=pareto"}, `workload larger-than-ram: dist "pareto": unknown distribution "pareto"`},
		{[]string{"--start", "redis", "--dist", ""}, `unknown distribution ""`},
		{[]string{"--start", "redis", "--zipf-s", "1"}, "greater than 1"},
		{[]string{"--start", "redis", "--read-ratio", "1.5"}, "between 0 and 1"},
		{[]string{"--start", "redis", "--clients", "0"}, "must be positive"},
		{[]string{"--start", "redis", "--workload", "queue:clients=1"}, "at least 2 clients"},
		{[]string{"--start", "redis", "--workload", "cache:keys"}, "not param=value"},
		{[]string{"--start", "redis", "--workload", "cache:colour=red"}, `unknown parameter "colour"`},
		{[]string{"--start", "redis", "--maxmemory", "lots"}, "invalid memory size"},
		{[]string{"--start", "redis", "--rounds", "0"}, "at least 1"},
		{[]string{"--start", "redis", "extra"}, `unexpected argument "extra"`},
	} {
		_, err := ParseRunArgs(test.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), test.message) {
			t.Errorf("%q: got %v, want an error containing %q", test.args, err, test.message)
		}
	}
}

func TestParseBytes(t *testing.T) {
	for _, test := range []struct {
		in   string
		want int64
	}{
		{"0", 0}, {"1048576", 1 << 20}, {"32mb", 32 << 20}, {"32MB", 32 << 20}, {"1gb", 1 << 30},
		{"2k", 2000}, {"3m", 3e6}, {"1g", 1e9}, {"5kb", 5 << 10}, {"7b", 7},
	} {
		got, err := ParseBytes(test.in)
		if err != nil || got != test.want {
			t.Errorf("ParseBytes(%q): got %d, %v; want %d", test.in, got, err, test.want)
		}
	}
	for _, bad := range []string{"", "mb", "-1", "1tb", "1.5gb"} {
		if _, err := ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q): got no error", bad)
		}
	}
}

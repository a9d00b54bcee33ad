package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sampleReport is two targets on three workloads: one where both ran, one
// the first does not support, and larger-than-ram with samples.
func sampleReport() *Report {
	p := DefaultParams()
	p.Duration, p.Dist = 2*time.Second, Uniform // Run records the distribution used
	ok := func(target string, ops, p99 float64, c Counters) TargetResult {
		return TargetResult{Target: target, Server: "redis 7.0.15", Status: StatusOK, OpsPerSec: ops,
			Latency:  Latency{Count: 100, MeanMs: 0.2, P50Ms: 0.15, P99Ms: p99, P999Ms: 2 * p99, MaxMs: 9},
			Counters: c, Rounds: []RoundResult{{Round: 1, Seconds: 2, OpsPerSec: ops, Counters: c}}}
	}
	ltrA := ok("tierdb", 1000, 1, Counters{Ops: 10, Reads: 10, Hits: 10, Keys: 500, Written: 500})
	ltrA.Samples = []Sample{{T: 0, RSS: 10 << 20, Disk: 1 << 20}, {T: 0.25, RSS: 30 << 20, Disk: 5 << 20}}
	ltrA.PeakRSS, ltrA.PeakDisk, ltrA.MaxMemory = 30<<20, 5<<20, 32<<20
	ltrA.Phases = []Phase{{Round: 1, Name: "load", Start: 0, End: 0.2}}
	ltrB := ok("redis", 3000, 0.5, Counters{Ops: 10, Reads: 10, Hits: 4, Misses: 6, Keys: 500, Written: 500, Lost: 300, MissedKeys: 5})
	ltrB.Samples = []Sample{{T: 0.1, RSS: 12 << 20}, {T: 0.35, RSS: 33 << 20}}
	return &Report{
		Version:  ReportVersion,
		Started:  time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC),
		Finished: time.Date(2026, 11, 28, 12, 3, 0, 0, time.UTC),
		Command:  []string{"tierdb-bench", "run", "--save", ""},
		Machine:  Machine{CPU: "test cpu", Cores: 2, MemoryBytes: 8 << 30, OS: "linux/amd64", Go: "go1.26"},
		Config: Config{Targets: []TargetSpec{{Name: "tierdb", Start: "tierdb"}, {Name: "redis", Addr: "127.0.0.1:6380"}},
			Workloads: []WorkloadSpec{{Name: "strings", Params: p}}, Rounds: 1, Protocol: 2, Seed: 1,
			Server: ServerOptions{Policy: "allkeys-lru", AppendOnly: "no"}},
		Workloads: []WorkloadResult{
			{Name: "strings", Summary: "s", Params: p, Results: []TargetResult{
				ok("tierdb", 1000, 2, Counters{Ops: 2000, Reads: 1800, Hits: 1800}),
				ok("redis", 2000, 1, Counters{Ops: 4000, Reads: 3600, Hits: 3600, Errors: 3, FirstError: "OOM command not allowed"}),
			}},
			{Name: "leaderboard", Summary: "l", Params: p, Results: []TargetResult{
				{Target: "tierdb", Status: StatusUnsupported, Reason: "ERR unknown command 'zadd'"},
				ok("redis", 500, 1, Counters{Ops: 1000}),
			}},
			{Name: "larger-than-ram", Summary: "ltr", Params: p, Results: []TargetResult{ltrA, ltrB}},
		},
	}
}

// Ensure that results.json reads back as the report that was written.
func TestReport_JSON_RoundTrip(t *testing.T) {
	r := sampleReport()
	path := filepath.Join(t.TempDir(), "results.json")
	if err := r.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	got, err := ReadReport(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("round trip differs:\ngot  %+v\nwant %+v", got, r)
	}
}

func TestReadReport_RejectsOtherVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.json")
	if err := os.WriteFile(path, []byte(`{"version": 99}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadReport(path); err == nil || !strings.Contains(err.Error(), "version 99") {
		t.Errorf("got %v, want a version error", err)
	}
}

// Ensure that the summary table shows each target's figures, the ratios to
// the first target, hit rates and why a target has no figures.
func TestSummaryTable_Content(t *testing.T) {
	table := SummaryTable(sampleReport())
	for _, want := range []string{
		"| workload | target | ops/s | ops/s vs tierdb | p50 ms | p99 ms | p99 vs tierdb |",
		"| strings | tierdb | 1,000 | 1.00× | 0.150 | 2.00 | 1.00× | 4.00 | 9.00 | 100.00% | — |  |",
		"| strings | redis | 2,000 | 2.00× | 0.150 | 1.00 | 0.50× | 2.00 | 9.00 | 100.00% | — | 3 errors: OOM command not allowed |",
		"| leaderboard | tierdb | — |",
		"unsupported by target: ERR unknown command 'zadd' |",
		"| leaderboard | redis | 500 | — |", // no ratio to an unsupported first target
		"| larger-than-ram | redis | 3,000 | 3.00× | 0.150 | 0.500 | 0.50× | 1.00 | 9.00 | 40.00% | — | keys: 500 written, 300 lost, 5 found missing by reads |",
		"| larger-than-ram | tierdb | 1,000 | 1.00× | 0.150 | 1.00 | 1.00× | 2.00 | 9.00 | 100.00% | 30.0 MiB | keys: 500 written, 0 lost, 0 found missing by reads |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if n := strings.Count(table, "\n"); n != 2+6 {
		t.Errorf("got %d lines, want 8 (header, rule, six rows):\n%s", n, table)
	}
}

// Ensure that WriteOutputs writes the JSON, the Markdown with the command,
// machine, table and charts, and the charts as PNG files.
func TestWriteOutputs_Files(t *testing.T) {
	dir := t.TempDir()
	r := sampleReport()
	if err := WriteOutputs(r, dir); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "results.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"tierdb-bench run --save ''",
		"Machine: test cpu, 2 cores, 8 GiB memory",
		"| tierdb | redis 7.0.15 | `started: tierdb",
		SummaryTable(r),
		"![throughput](throughput.png)", "![p99](p99.png)",
		"![rss-larger-than-ram](rss-larger-than-ram.png)", "![disk-larger-than-ram](disk-larger-than-ram.png)",
		"### leaderboard",
		"; maxmemory: tierdb 32.0 MiB\n",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("results.md lacks %q", want)
		}
	}
	for _, name := range []string{"throughput.png", "p99.png", "rss-larger-than-ram.png", "disk-larger-than-ram.png"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || len(b) < 2000 {
			t.Errorf("%s: not a PNG with content (%d bytes)", name, len(b))
		}
	}
	if _, err := ReadReport(filepath.Join(dir, "results.json")); err != nil {
		t.Errorf("results.json: %v", err)
	}
}

func TestFormatters(t *testing.T) {
	for _, test := range []struct{ got, want string }{
		{fmtThousands(0), "0"},
		{fmtThousands(999.6), "1,000"},
		{fmtThousands(1234567), "1,234,567"},
		{fmtMs(0.0456), "0.046"},
		{fmtMs(1.234), "1.23"},
		{fmtMs(12.34), "12.3"},
		{fmtMs(1234), "1234"},
		{fmtRate(-1), "—"},
		{fmtRate(0.5), "50.00%"},
		{fmtBytes(3 << 20), "3.0 MiB"},
		{strings.Join(quoteArgs([]string{"--save", "", "a b"}), " "), "--save '' 'a b'"},
	} {
		if test.got != test.want {
			t.Errorf("got %q, want %q", test.got, test.want)
		}
	}
}

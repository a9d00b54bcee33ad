package bench

import (
	"fmt"
	"strings"
	"time"
)

// SummaryTable renders one row per workload and target: throughput,
// latency percentiles, ratios to the first target, hit rate, peak RSS and
// notes. It is Markdown, and reads as plain text on a terminal.
func SummaryTable(r *Report) string {
	first := ""
	if len(r.Config.Targets) > 0 {
		first = r.Config.Targets[0].Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| workload | target | ops/s | ops/s vs %s | p50 ms | p99 ms | p99 vs %s | p99.9 ms | max ms | hit rate | peak RSS | notes |\n", first, first)
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, w := range r.Workloads {
		var base *TargetResult
		if len(w.Results) > 0 && w.Results[0].Status == StatusOK {
			base = &w.Results[0]
		}
		for _, t := range w.Results {
			if t.Status != StatusOK {
				fmt.Fprintf(&b, "| %s | %s | — | — | — | — | — | — | — | — | %s | %s |\n",
					w.Name, t.Target, fmtBytes(t.PeakRSS), statusNote(t))
				continue
			}
			l := t.Latency
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				w.Name, t.Target, fmtThousands(t.OpsPerSec), ratio(t.OpsPerSec, base, func(x *TargetResult) float64 { return x.OpsPerSec }),
				fmtMs(l.P50Ms), fmtMs(l.P99Ms), ratio(l.P99Ms, base, func(x *TargetResult) float64 { return x.Latency.P99Ms }),
				fmtMs(l.P999Ms), fmtMs(l.MaxMs), fmtRate(t.HitRate()), fmtBytes(t.PeakRSS), notes(t))
		}
	}
	return b.String()
}

// ratio is v over base's figure, "—" when there is no base or it is zero.
func ratio(v float64, base *TargetResult, f func(*TargetResult) float64) string {
	if base == nil || f(base) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", v/f(base))
}

// statusNote says why a target has no figures.
func statusNote(t TargetResult) string {
	reason := firstLine(t.Reason, 90)
	switch t.Status {
	case StatusUnsupported:
		return "unsupported by target: " + reason
	case StatusSkipped:
		return "skipped: " + reason
	default:
		return "failed: " + reason
	}
}

// notes are the workload counters worth a glance.
func notes(t TargetResult) string {
	var n []string
	if t.Keys > 0 {
		n = append(n, fmt.Sprintf("keys: %d written, %d lost, %d found missing by reads", t.Written, t.Lost, t.MissedKeys))
		if t.Written < t.Keys {
			n = append(n, fmt.Sprintf("%d writes refused", t.Keys-t.Written))
		}
	}
	if t.Misses > 0 && t.Keys == 0 {
		n = append(n, fmt.Sprintf("%d misses", t.Misses))
	}
	if t.Consumed > 0 {
		n = append(n, fmt.Sprintf("%d produced, %d consumed", t.Produced, t.Consumed))
	}
	if t.Errors+t.LoadErrors > 0 {
		n = append(n, fmt.Sprintf("%d errors: %s", t.Errors+t.LoadErrors, firstLine(t.FirstError, 60)))
	}
	return strings.Join(n, "; ")
}

func firstLine(s string, limit int) string {
	s, _, _ = strings.Cut(s, "\n")
	s = strings.ReplaceAll(s, "|", "/")
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return s
}

// fmtMs prints a latency with three significant digits or so.
func fmtMs(ms float64) string {
	switch {
	case ms == 0:
		return "0"
	case ms < 1:
		return fmt.Sprintf("%.3f", ms)
	case ms < 10:
		return fmt.Sprintf("%.2f", ms)
	case ms < 100:
		return fmt.Sprintf("%.1f", ms)
	}
	return fmt.Sprintf("%.0f", ms)
}

// fmtThousands prints a rate rounded, with thousands separators.
func fmtThousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func fmtRate(r float64) string {
	if r < 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f%%", 100*r)
}

// fmtBytes prints bytes in MiB, "—" for none.
func fmtBytes(n int64) string {
	if n <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// Markdown renders results.md: how the run was made, the summary table,
// the charts and each workload's rounds.
func Markdown(r *Report, charts []string) string {
	var b strings.Builder
	b.WriteString("# tierdb-bench results\n\n")
	fmt.Fprintf(&b, "Run %s UTC, %s.\n\n", r.Started.Format("2006-01-02 15:04"), r.Finished.Sub(r.Started).Round(time.Second))
	if len(r.Command) > 0 {
		fmt.Fprintf(&b, "```\n%s\n```\n\n", strings.Join(quoteArgs(r.Command), " "))
	}
	m := r.Machine
	fmt.Fprintf(&b, "Machine: %s, %d cores, %s memory, %s %s, %s.\n\n", orDash(m.CPU), m.Cores, fmtGiB(m.MemoryBytes), m.OS, m.Kernel, m.Go)
	b.WriteString("## Targets\n\n| target | server | address or start arguments |\n|---|---|---|\n")
	for _, t := range r.Config.Targets {
		server, how := "", t.Addr
		for _, w := range r.Workloads {
			for _, res := range w.Results {
				if res.Target == t.Name && res.Server != "" && server == "" {
					server = res.Server
					if t.Start != "" {
						how = "started: " + t.Start + " " + strings.Join(quoteArgs(stripPortDir(res.Args)), " ")
					}
				}
			}
		}
		fmt.Fprintf(&b, "| %s | %s | `%s` |\n", t.Name, orDash(server), how)
	}
	fmt.Fprintf(&b, "\nEach workload ran %d round(s) per target, interleaved (A, B, A, B ...), each round on a flushed target. "+
		"Throughput is the median of the rounds; latencies are over every operation of every round "+
		"(a pipelined batch's round trip counts for each of its operations). "+
		"Ratios are to the first target: ops/s above 1× is faster, p99 below 1× is faster.\n\n", r.Config.Rounds)
	b.WriteString("## Summary\n\n")
	b.WriteString(SummaryTable(r))
	if len(charts) > 0 {
		b.WriteString("\n## Charts\n\n")
		for _, c := range charts {
			fmt.Fprintf(&b, "![%s](%s)\n\n", strings.TrimSuffix(c, ".png"), c)
		}
	}
	b.WriteString("\n## Workloads\n")
	for _, w := range r.Workloads {
		p := w.Params
		fmt.Fprintf(&b, "\n### %s\n\n%s.\n\n", w.Name, w.Summary)
		fmt.Fprintf(&b, "clients %d, pipeline %d, keys %d, value %d B, dist %s (zipf s %.2f), read ratio %.2f, %s",
			p.Clients, p.Pipeline, p.Keys, p.ValueSize, p.Dist, p.ZipfS, p.ReadRatio, runLength(p))
		var mm []string
		for _, t := range w.Results {
			if t.MaxMemory > 0 {
				mm = append(mm, t.Target+" "+fmtBytes(t.MaxMemory))
			}
		}
		if len(mm) > 0 {
			fmt.Fprintf(&b, "; maxmemory: %s", strings.Join(mm, ", "))
		}
		b.WriteString("\n\n")
		b.WriteString("| target | round | ops/s | p50 ms | p99 ms | p99.9 ms | max ms | load s | hit rate | errors |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, t := range w.Results {
			if t.Status != StatusOK {
				fmt.Fprintf(&b, "| %s | — | %s | | | | | | | |\n", t.Target, statusNote(t))
				continue
			}
			for _, rr := range t.Rounds {
				l := rr.Latency
				fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %.1f | %s | %d |\n", t.Target, rr.Round,
					fmtThousands(rr.OpsPerSec), fmtMs(l.P50Ms), fmtMs(l.P99Ms), fmtMs(l.P999Ms), fmtMs(l.MaxMs),
					rr.LoadSeconds, fmtRate(rr.HitRate()), rr.Errors+rr.LoadErrors)
			}
		}
	}
	return b.String()
}

func runLength(p Params) string {
	if p.Ops > 0 {
		return fmt.Sprintf("%d operations per round", p.Ops)
	}
	return fmt.Sprintf("%v per round", p.Duration)
}

// stripPortDir drops the per-run --port, --bind and --dir from start args.
func stripPortDir(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--port", "--bind", "--dir":
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

// quoteArgs quotes empty and spaced arguments as a shell would need.
func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'\"$") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func fmtGiB(n int64) string {
	if n <= 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.0f GiB", float64(n)/(1<<30))
}

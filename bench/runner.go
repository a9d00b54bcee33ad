package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Run runs every workload of cfg on every target, round by round, and
// returns the report. Progress lines and the summary table go to out; with
// cfg.Out set, results.json, results.md and the charts are written there.
// A target that fails, or does not support a workload, is reported as such
// and the run goes on; the error is for what stops the whole run
// (cancellation, an unwritable output directory).
func Run(ctx context.Context, cfg Config, out io.Writer) (*Report, error) {
	if len(cfg.Targets) == 0 {
		return nil, errors.New("no target")
	}
	specs := make([]WorkloadSpec, len(cfg.Workloads))
	for i, spec := range cfg.Workloads {
		specs[i] = spec.withDefaults()
		if err := specs[i].validate(); err != nil {
			return nil, err
		}
	}
	cfg.Workloads = specs
	if cfg.Rounds < 1 {
		cfg.Rounds = 1
	}
	rep := &Report{Version: ReportVersion, Started: time.Now().UTC(), Command: cfg.Command,
		Machine: thisMachine(), Config: cfg}
	if cfg.Out != "" {
		if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
			return nil, err
		}
	}
	var bars progress
	if cfg.Progress {
		bars.w = out
	}
	for _, spec := range cfg.Workloads {
		wr := runWorkload(ctx, cfg, spec, out, bars)
		rep.Workloads = append(rep.Workloads, wr)
		if err := ctx.Err(); err != nil {
			return rep, err
		}
	}
	rep.Finished = time.Now().UTC()
	fmt.Fprintln(out)
	fmt.Fprint(out, SummaryTable(rep))
	if cfg.Out != "" {
		if err := WriteOutputs(rep, cfg.Out); err != nil {
			return rep, err
		}
		fmt.Fprintf(out, "\nresults in %s\n", filepath.Join(cfg.Out, "results.md"))
	}
	return rep, nil
}

// runWorkload starts the servers the workload needs, runs its rounds
// interleaved over the targets, stops the servers and sums up.
func runWorkload(ctx context.Context, cfg Config, spec WorkloadSpec, out io.Writer, bars progress) WorkloadResult {
	wr := WorkloadResult{Name: spec.Name, Summary: WorkloadSummary(spec.Name), Params: spec.Params}
	start := time.Now()
	clock := func() float64 { return time.Since(start).Seconds() }
	results := make([]TargetResult, len(cfg.Targets))
	hists := make([]*Histogram, len(cfg.Targets))
	servers := make([]*Server, len(cfg.Targets))
	for i, t := range cfg.Targets {
		res := &results[i]
		*res = TargetResult{Target: t.Name, Status: StatusOK, Addr: t.Addr}
		hists[i] = NewHistogram()
		if t.Start == "" {
			continue
		}
		mm := spec.Params.MaxMemory
		if mm == 0 && spec.Name == "larger-than-ram" {
			mm = ltrDefaultMaxMemory
		}
		bin := ""
		if t.Start == "tierdb" {
			bin = cfg.TierdbBin
		}
		srv, err := StartServer(ctx, ServerSpec{Kind: t.Start, Bin: bin, MaxMemory: mm, Options: cfg.Server})
		if err != nil {
			res.Status, res.Reason = StatusFailed, err.Error()
			fmt.Fprintf(out, "%s: %s: %v\n", spec.Name, t.Name, err)
			continue
		}
		servers[i] = srv
		res.Addr, res.Args = srv.Addr, srv.Args
	}
	for i := range results {
		if results[i].Status == StatusOK {
			c := newClient(results[i].Addr, cfg.Protocol)
			results[i].Server = serverVersion(ctx, c)
			results[i].MaxMemory, _ = configMaxMemory(ctx, c)
			c.Close()
		}
	}
	for round := 1; round <= cfg.Rounds && ctx.Err() == nil; round++ {
		for i, t := range cfg.Targets {
			res := &results[i]
			if res.Status != StatusOK || ctx.Err() != nil {
				continue
			}
			label := fmt.Sprintf("%s round %d/%d %s", spec.Name, round, cfg.Rounds, t.Name)
			rr, h, phases, err := runRound(ctx, cfg, spec, res.Addr, round, label, bars, clock)
			res.Phases = append(res.Phases, phases...)
			var unsupported errUnsupported
			var skipped errSkipped
			switch {
			case errors.As(err, &unsupported):
				res.Status, res.Reason = StatusUnsupported, unsupported.msg
				fmt.Fprintf(out, "%s: unsupported by target (%s)\n", label, unsupported.msg)
				continue
			case errors.As(err, &skipped):
				res.Status, res.Reason = StatusSkipped, skipped.msg
				fmt.Fprintf(out, "%s: skipped: %s\n", label, skipped.msg)
				continue
			case err != nil:
				res.Status, res.Reason = StatusFailed, err.Error()
				fmt.Fprintf(out, "%s: failed: %v\n", label, err)
				continue
			}
			res.Rounds = append(res.Rounds, rr)
			hists[i].Merge(h)
			fmt.Fprintf(out, "%s: %s\n", label, roundLine(rr))
		}
	}
	for i, srv := range servers {
		if srv == nil {
			continue
		}
		res := &results[i]
		if err := srv.Stop(); err != nil && res.Status == StatusOK {
			res.Status, res.Reason = StatusFailed, err.Error()
		}
		shift := srv.Started.Sub(start).Seconds()
		for _, s := range srv.Samples() { // kept after Stop, with its last reading
			s.T += shift
			res.Samples = append(res.Samples, s)
			res.PeakRSS = max(res.PeakRSS, s.RSS)
			res.PeakDisk = max(res.PeakDisk, s.Disk)
		}
	}
	for i := range results {
		res := &results[i]
		var rates []float64
		for _, rr := range res.Rounds {
			rates = append(rates, rr.OpsPerSec)
			res.Counters.add(rr.Counters)
		}
		res.OpsPerSec = median(rates)
		res.Latency = hists[i].Summary()
	}
	wr.Results = results
	return wr
}

// runRound flushes the target, prepares, runs the timed phase and finishes:
// one round of one workload on one target.
func runRound(ctx context.Context, cfg Config, spec WorkloadSpec, addr string, round int, label string,
	bars progress, clock func() float64) (RoundResult, *Histogram, []Phase, error) {
	r := &runCtx{params: spec.Params, addr: addr, protocol: cfg.Protocol, seed: cfg.Seed + uint64(round),
		progress: bars, label: label}
	r.ctrl = newClient(addr, cfg.Protocol)
	defer r.ctrl.Close()
	if err := replyError(r.ctrl.FlushAll(ctx).Err()); err != nil {
		return RoundResult{}, nil, nil, fmt.Errorf("FLUSHALL: %w", err)
	}
	var phases []Phase
	phase := func(name string, t0 float64) {
		phases = append(phases, Phase{Round: round, Name: name, Start: t0, End: clock()})
	}
	w := workloads[spec.Name].newRun(r)
	t0 := clock()
	if err := w.prepare(ctx, r); err != nil {
		return RoundResult{}, nil, phases, err
	}
	loadSeconds := clock() - t0
	phase("load", t0)
	t0 = clock()
	tm, err := r.runTimed(ctx, w)
	if err != nil {
		return RoundResult{}, nil, phases, err
	}
	phase("run", t0)
	rr := RoundResult{Round: round, Seconds: tm.seconds, OpsPerSec: float64(tm.counters.Ops) / tm.seconds,
		Latency: tm.hist.Summary(), LoadSeconds: loadSeconds, Counters: tm.counters}
	t0 = clock()
	if err := w.finish(ctx, r, &rr); err != nil {
		return RoundResult{}, nil, phases, err
	}
	if clock()-t0 > 0.01 {
		phase("audit", t0)
	}
	rr.LoadErrors = r.loaded.Errors
	if rr.FirstError == "" {
		rr.FirstError = r.loaded.FirstError
	}
	return rr, tm.hist, phases, nil
}

// roundLine is the one-line progress report of a round.
func roundLine(rr RoundResult) string {
	s := fmt.Sprintf("%.0f ops/s, p50 %s ms, p99 %s ms", rr.OpsPerSec, fmtMs(rr.Latency.P50Ms), fmtMs(rr.Latency.P99Ms))
	if hr := rr.HitRate(); hr >= 0 {
		s += fmt.Sprintf(", hit rate %.2f%%", 100*hr)
	}
	if rr.Errors+rr.LoadErrors > 0 {
		s += fmt.Sprintf(", %d errors (%s)", rr.Errors+rr.LoadErrors, rr.FirstError)
	}
	return s
}

// median of xs, 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

package bench

import (
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// WriteOutputs writes results.json, the charts and results.md into dir.
func WriteOutputs(r *Report, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := r.WriteJSON(filepath.Join(dir, "results.json")); err != nil {
		return err
	}
	charts, err := WriteCharts(r, dir)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "results.md"), []byte(Markdown(r, charts)), 0o644)
}

// WriteCharts draws, as PNG files in dir: throughput and p99 per workload
// per target, and RSS and disk use over time for larger-than-ram when the
// harness sampled them. It returns the file names written.
func WriteCharts(r *Report, dir string) ([]string, error) {
	var names []string
	var targets []string
	for _, t := range r.Config.Targets {
		targets = append(targets, t.Name)
	}
	var wls []string
	var ops, p99 [][]float64
	ops = make([][]float64, len(targets))
	p99 = make([][]float64, len(targets))
	for _, w := range r.Workloads {
		any := false
		for _, t := range w.Results {
			any = any || t.Status == StatusOK
		}
		if !any || len(w.Results) != len(targets) {
			continue
		}
		wls = append(wls, w.Name)
		for i, t := range w.Results {
			ops[i] = append(ops[i], t.OpsPerSec)
			p99[i] = append(p99[i], t.Latency.P99Ms)
		}
	}
	if len(wls) > 0 {
		if err := barChart(filepath.Join(dir, "throughput.png"), "Throughput (higher is better; 0: unsupported)", "operations per second", wls, targets, ops); err != nil {
			return nil, err
		}
		if err := barChart(filepath.Join(dir, "p99.png"), "p99 latency (lower is better; 0: unsupported)", "milliseconds", wls, targets, p99); err != nil {
			return nil, err
		}
		names = append(names, "throughput.png", "p99.png")
	}
	for _, w := range r.Workloads {
		if w.Name != "larger-than-ram" {
			continue
		}
		for _, m := range []struct {
			file, title string
			get         func(Sample) int64
			limit       bool // draw maxmemory
		}{
			{"rss-larger-than-ram.png", "larger-than-ram: resident memory (VmRSS)", func(s Sample) int64 { return s.RSS }, true},
			{"disk-larger-than-ram.png", "larger-than-ram: disk use of the data directory", func(s Sample) int64 { return s.Disk }, false},
		} {
			ok, err := timeChart(filepath.Join(dir, m.file), m.title, w, m.get, m.limit)
			if err != nil {
				return nil, err
			}
			if ok {
				names = append(names, m.file)
			}
		}
	}
	return names, nil
}

// barChart draws one group of bars per workload, one bar per target.
func barChart(path, title, ylabel string, groups, targets []string, vals [][]float64) error {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	p.Y.Min = 0
	width := vg.Points(min(28, 160/float64(max(1, len(targets)))))
	top := 0.0
	for i, name := range targets {
		for _, v := range vals[i] {
			top = max(top, v)
		}
		bars, err := plotter.NewBarChart(plotter.Values(vals[i]), width)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		bars.LineStyle.Width = 0
		bars.Color = plotutil.Color(i)
		bars.Offset = vg.Length(float64(i)-float64(len(targets)-1)/2) * width
		p.Add(bars)
		p.Legend.Add(name, bars)
	}
	p.Legend.Top = true
	p.Y.Max = 1.2 * max(top, 1) // room for the legend
	p.NominalX(groups...)
	return p.Save(vg.Length(max(6, 1.3*float64(len(groups))))*vg.Inch, 4*vg.Inch, path)
}

// timeChart draws get(sample) in MiB over time, one line per target that
// has samples, and with limit each target's maxmemory as a dashed line. It
// reports whether any value was above zero (else nothing is written).
func timeChart(path, title string, w WorkloadResult, get func(Sample) int64, limit bool) (bool, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "seconds since the workload started"
	p.Y.Label.Text = "MiB"
	p.Y.Min = 0
	drawn := false
	for i, t := range w.Results {
		if len(t.Samples) == 0 {
			continue
		}
		xys := make(plotter.XYs, len(t.Samples))
		for j, s := range t.Samples {
			xys[j] = plotter.XY{X: s.T, Y: float64(get(s)) / (1 << 20)}
			drawn = drawn || get(s) > 0
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return false, fmt.Errorf("%s: %w", path, err)
		}
		line.Color = plotutil.Color(i)
		line.Width = vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(t.Target, line)
		if limit && t.MaxMemory > 0 {
			mm, err := plotter.NewLine(plotter.XYs{{X: 0, Y: mib(t.MaxMemory)}, {X: xys[len(xys)-1].X, Y: mib(t.MaxMemory)}})
			if err != nil {
				return false, err
			}
			mm.Color = plotutil.Color(i)
			mm.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			p.Add(mm)
			p.Legend.Add(t.Target+" maxmemory", mm)
		}
	}
	if !drawn {
		return false, nil
	}
	p.Legend.Top = true
	p.Legend.Left = true
	p.Add(plotter.NewGrid())
	return true, p.Save(8*vg.Inch, 4*vg.Inch, path)
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

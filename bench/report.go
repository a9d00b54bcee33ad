package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// ReportVersion is the schema version of results.json.
const ReportVersion = 1

// Report is everything one run measured; results.json is its JSON form.
type Report struct {
	Version   int              `json:"version"`
	Started   time.Time        `json:"started"`
	Finished  time.Time        `json:"finished"`
	Command   []string         `json:"command,omitempty"`
	Machine   Machine          `json:"machine"`
	Config    Config           `json:"config"`
	Workloads []WorkloadResult `json:"workloads"`
}

// WorkloadResult is one workload on every target, in target order.
type WorkloadResult struct {
	Name    string         `json:"name"`
	Summary string         `json:"summary"`
	Params  Params         `json:"params"`
	Results []TargetResult `json:"results"`
}

// The status of a workload on a target.
const (
	StatusOK          = "ok"
	StatusUnsupported = "unsupported" // the target answered ERR unknown command
	StatusSkipped     = "skipped"     // the workload cannot run there (no maxmemory)
	StatusFailed      = "failed"      // a connection or server failure
)

// TargetResult is one workload on one target, over all rounds.
type TargetResult struct {
	Target string `json:"target"`
	// Server is the target's version line, from INFO server.
	Server string `json:"server,omitempty"`
	// Addr is where it listened; Args how it was started, if by the harness.
	Addr string   `json:"addr,omitempty"`
	Args []string `json:"args,omitempty"`
	// MaxMemory is the target's maxmemory in bytes (CONFIG GET), 0 for none.
	MaxMemory int64  `json:"maxmemory,omitempty"`
	Status    string `json:"status"`
	// Reason explains a status other than ok.
	Reason string `json:"reason,omitempty"`
	// OpsPerSec is the median of the rounds' throughputs.
	OpsPerSec float64 `json:"ops_per_sec"`
	// Latency is over every operation of every round.
	Latency Latency `json:"latency"`
	Counters
	// PeakRSS and PeakDisk are the largest samples, in bytes (started
	// servers only).
	PeakRSS  int64 `json:"peak_rss,omitempty"`
	PeakDisk int64 `json:"peak_disk,omitempty"`
	// Samples are RSS and disk readings; T is seconds since the workload
	// started.
	Samples []Sample `json:"samples,omitempty"`
	// Phases place the rounds on the samples' time axis.
	Phases []Phase       `json:"phases,omitempty"`
	Rounds []RoundResult `json:"rounds,omitempty"`
}

// Phase is one step of one round on the workload's clock, in seconds.
type Phase struct {
	Round int     `json:"round"`
	Name  string  `json:"name"` // load, run or audit
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// RoundResult is one timed run of a workload on a target.
type RoundResult struct {
	Round     int     `json:"round"`
	Seconds   float64 `json:"seconds"`
	OpsPerSec float64 `json:"ops_per_sec"`
	Latency   Latency `json:"latency"`
	// LoadSeconds is how long the untimed load before the run took.
	LoadSeconds float64 `json:"load_seconds,omitempty"`
	Counters
}

// Counters are what the clients counted. Ops is commands answered (error
// replies included); the others are kept by the workloads that have them.
type Counters struct {
	Ops    int64 `json:"ops"`
	Errors int64 `json:"errors,omitempty"`
	// FirstError is the first error reply seen.
	FirstError string `json:"first_error,omitempty"`
	// Reads of keys that should exist, and how many came back (hits) or
	// came back empty (misses).
	Reads  int64 `json:"reads,omitempty"`
	Hits   int64 `json:"hits,omitempty"`
	Misses int64 `json:"misses,omitempty"`
	// Produced and Consumed are queue jobs or stream entries.
	Produced int64 `json:"produced,omitempty"`
	Consumed int64 `json:"consumed,omitempty"`
	// Keys loaded by larger-than-ram, how many the server acknowledged
	// (Written), how many of those were gone after the run (Lost, checked
	// with EXISTS on every one), and how many distinct keys a read found
	// missing (MissedKeys).
	Keys       int64 `json:"keys,omitempty"`
	Written    int64 `json:"written,omitempty"`
	Lost       int64 `json:"lost,omitempty"`
	MissedKeys int64 `json:"missed_keys,omitempty"`
	// LoadErrors are error replies in the untimed phases (loads, audits),
	// such as OOM under noeviction.
	LoadErrors int64 `json:"load_errors,omitempty"`
}

// add sums o into c; FirstError keeps the earliest.
func (c *Counters) add(o Counters) {
	c.Ops += o.Ops
	c.Errors += o.Errors
	if c.FirstError == "" {
		c.FirstError = o.FirstError
	}
	c.Reads += o.Reads
	c.Hits += o.Hits
	c.Misses += o.Misses
	c.Produced += o.Produced
	c.Consumed += o.Consumed
	c.Keys += o.Keys
	c.Written += o.Written
	c.Lost += o.Lost
	c.MissedKeys += o.MissedKeys
	c.LoadErrors += o.LoadErrors
}

// HitRate is Hits/Reads, or -1 when the workload made no such reads.
func (c Counters) HitRate() float64 {
	if c.Reads == 0 {
		return -1
	}
	return float64(c.Hits) / float64(c.Reads)
}

// WriteJSON writes the report to path, indented.
func (r *Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// ReadReport reads a results.json.
func ReadReport(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if r.Version != ReportVersion {
		return nil, fmt.Errorf("%s: report version %d, want %d", path, r.Version, ReportVersion)
	}
	return &r, nil
}

// Failed lists "workload/target" for every run that failed (not counting
// unsupported or skipped workloads).
func (r *Report) Failed() []string {
	var out []string
	for _, w := range r.Workloads {
		for _, t := range w.Results {
			if t.Status == StatusFailed {
				out = append(out, w.Name+"/"+t.Target)
			}
		}
	}
	return out
}

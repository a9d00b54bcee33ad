package bench

import (
	"math"
	"testing"
	"time"
)

func near(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)
}

// Ensure that merging per-client histograms gives what one histogram of
// every value gives: the same count, percentiles and max.
func TestHistogram_Merge_EqualsOneHistogram(t *testing.T) {
	a, b, all := NewHistogram(), NewHistogram(), NewHistogram()
	for us := 1; us <= 1000; us++ {
		a.Record(time.Duration(us)*time.Microsecond, 1)
		all.Record(time.Duration(us)*time.Microsecond, 1)
	}
	for us := 1001; us <= 3000; us++ {
		b.Record(time.Duration(us)*time.Microsecond, 2)
		all.Record(time.Duration(us)*time.Microsecond, 2)
	}
	a.Merge(b)
	got, want := a.Summary(), all.Summary()
	if got != want {
		t.Fatalf("merged: got %+v, want %+v", got, want)
	}
	if got.Count != 1000+2*2000 {
		t.Errorf("count: got %d, want %d", got.Count, 5000)
	}
	// 5000 values: 1000 in 1..1000 µs, then each µs of 1001..3000 twice;
	// the median (2500th) is at 1750 µs, the max 3000 µs.
	if !near(got.P50Ms, 1.750, 0.001) {
		t.Errorf("p50: got %v ms, want 1.750 ms ± 0.1%%", got.P50Ms)
	}
	if !near(got.MaxMs, 3.000, 0.001) {
		t.Errorf("max: got %v ms, want 3.000 ms ± 0.1%%", got.MaxMs)
	}
	if !(got.P50Ms <= got.P99Ms && got.P99Ms <= got.P999Ms && got.P999Ms <= got.MaxMs) {
		t.Errorf("percentiles out of order: %+v", got)
	}
}

// Ensure that out-of-range durations are kept, at the range's bounds.
func TestHistogram_Record_ClampsToRange(t *testing.T) {
	h := NewHistogram()
	h.Record(0, 3)
	h.Record(2*time.Minute, 1)
	s := h.Summary()
	if s.Count != 4 {
		t.Fatalf("count: got %d, want 4", s.Count)
	}
	if !near(s.MaxMs, 60000, 0.001) {
		t.Errorf("max: got %v ms, want 60000 ms", s.MaxMs)
	}
	if s.P50Ms > 0.002 {
		t.Errorf("p50: got %v ms, want about 0.001 ms", s.P50Ms)
	}
	if (NewHistogram().Summary() != Latency{}) {
		t.Errorf("empty histogram: got %+v, want zeros", NewHistogram().Summary())
	}
}

package bench

import (
	"math"
	"testing"
)

// zipfLaw returns P(rank k) ∝ (k+1)^-s for k in [0, n).
func zipfLaw(n int, s float64) []float64 {
	p := make([]float64, n)
	sum := 0.0
	for k := range p {
		p[k] = math.Pow(float64(k+1), -s)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

// chiSquare compares counts of the first len(top) ranks, plus one bucket for
// all the others, with the law's expectations.
func chiSquare(counts []int, law []float64, top int, draws int) float64 {
	chi := 0.0
	restObs, restExp := float64(draws), float64(draws)
	for k := range top {
		exp := law[k] * float64(draws)
		d := float64(counts[k]) - exp
		chi += d * d / exp
		restObs -= float64(counts[k])
		restExp -= exp
	}
	d := restObs - restExp
	return chi + d*d/restExp
}

// Ensure that zipfian ranks follow the law they claim: a chi-square test on
// the 20 hottest ranks plus the tail, which the same draws fail against a
// law with a slightly different skew (so the test has the power to fail).
func TestKeyGen_Zipfian_FollowsLaw(t *testing.T) {
	const n, s, draws, top = 1000, 1.1, 200000, 20
	g, err := NewKeyGen(Zipfian, n, s, 42, 0)
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]int, n)
	for range draws {
		k := g.Rank()
		if k >= n {
			t.Fatalf("rank %d out of [0, %d)", k, n)
		}
		counts[k]++
	}
	// 21 buckets, 20 degrees of freedom: P(chi² > 45.3) = 0.001.
	const critical = 45.3
	chi, other := chiSquare(counts, zipfLaw(n, s), top, draws), chiSquare(counts, zipfLaw(n, s+0.1), top, draws)
	t.Logf("chi-square: %.1f against s=%v, %.1f against s=%v", chi, s, other, s+0.1)
	if chi > critical {
		t.Errorf("chi-square against s=%v: got %.1f, want <= %v", s, chi, critical)
	}
	if other <= critical {
		t.Errorf("chi-square against s=%v: got %.1f, want > %v (the test cannot tell laws apart)", s+0.1, other, critical)
	}
	// And plainly: the hottest rank's share within 2% of the law's.
	want := zipfLaw(n, s)[0]
	if got := float64(counts[0]) / draws; math.Abs(got/want-1) > 0.02 {
		t.Errorf("rank 0 share: got %.4f, want %.4f ± 2%%", got, want)
	}
}

// Ensure that Next maps zipfian ranks through a bijection: every key can be
// drawn and the hot keys are not the first keys.
func TestPermutation_IsBijection(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 10, 97, 1000, 1024, 65536} {
		p := newPermutation(n)
		seen := make([]bool, n)
		for i := range n {
			k := p.at(i)
			if k >= n || seen[k] {
				t.Fatalf("n=%d: at(%d) = %d repeats or is out of range", n, i, k)
			}
			seen[k] = true
		}
		if n >= 10 && p.at(1) == 1 && p.at(2) == 2 {
			t.Errorf("n=%d: the permutation is the identity", n)
		}
	}
}

// Ensure that the hot keys are the same for every client (same key count,
// different seeds): they share one permutation.
func TestKeyGen_Zipfian_SameHotKeysForAllClients(t *testing.T) {
	hottest := func(seed uint64) uint64 {
		g, err := NewKeyGen(Zipfian, 5000, 1.5, seed, 0)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[uint64]int{}
		for range 20000 {
			counts[g.Next()]++
		}
		best, bestN := uint64(0), 0
		for k, c := range counts {
			if c > bestN {
				best, bestN = k, c
			}
		}
		return best
	}
	if a, b := hottest(1), hottest(2); a != b {
		t.Errorf("hottest key differs between clients: %d and %d", a, b)
	}
}

// Ensure that sequential walks from start and wraps around.
func TestKeyGen_Sequential_Wraps(t *testing.T) {
	g, err := NewKeyGen(Sequential, 5, 1.1, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint64{3, 4, 0, 1, 2, 3}
	for i, w := range want {
		if got := g.Next(); got != w {
			t.Fatalf("draw %d: got %d, want %d", i, got, w)
		}
	}
}

// Ensure that uniform draws cover the range evenly (chi-square, 9 degrees
// of freedom: P(chi² > 27.9) = 0.001).
func TestKeyGen_Uniform_IsFlat(t *testing.T) {
	const n, draws = 10, 100000
	g, err := NewKeyGen(Uniform, n, 1.1, 9, 0)
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]int, n)
	for range draws {
		counts[g.Next()]++
	}
	chi := 0.0
	for _, c := range counts {
		d := float64(c) - draws/n
		chi += d * d / (draws / n)
	}
	if chi > 27.9 {
		t.Errorf("chi-square: got %.1f, want <= 27.9 (counts %v)", chi, counts)
	}
}

func TestNewKeyGen_Errors(t *testing.T) {
	for _, test := range []struct {
		dist Dist
		n    uint64
		s    float64
	}{
		{Zipfian, 10, 1},
		{Zipfian, 10, 0.5},
		{Uniform, 0, 1.1},
		{"pareto", 10, 1.1},
	} {
		if _, err := NewKeyGen(test.dist, test.n, test.s, 1, 0); err == nil {
			t.Errorf("NewKeyGen(%s, %d, %v): got no error", test.dist, test.n, test.s)
		}
	}
}

package engine

import "math"

// The cardinality estimate: Otmar Ertl's improved raw estimator for
// HyperLogLog ("New cardinality estimation algorithms for HyperLogLog
// sketches", arXiv:1702.01284), over the histogram of register values, as
// Redis 7 computes it, in the same order of float64 operations so that
// the same registers give the same count. The float64 conversions around
// products keep the compiler from fusing them with the following addition
// (an FMA would round differently from Redis's build).

// hllAlphaInf is 1/(2 ln 2), the estimator's constant for many registers.
const hllAlphaInf = 0.721347520444481703680

// hllHisto counts registers by value; values reach hllQ+1 at most.
type hllHisto [64]int

// histoOf is the histogram of registers regs (one value a byte).
func histoOf(regs []uint8) *hllHisto {
	var h hllHisto
	for _, v := range regs {
		h[v&63]++
	}
	return &h
}

// hllHistogram is the register histogram of the HLL s (header checked),
// or false if s is a corrupt sparse HLL: its runs must cover exactly the
// 16384 registers.
func hllHistogram(s []byte) (*hllHisto, bool) {
	var h hllHisto
	body := s[hllHeaderLen:]
	if s[4] == hllEncDense {
		for i := range hllRegisters {
			h[denseGet(body, i)]++
		}
		return &h, true
	}
	idx := 0
	for p := 0; p < len(body); {
		run, val, size := sparseOp(body, p)
		h[val] += run
		idx += run
		p += size
	}
	return &h, idx == hllRegisters
}

// estimate is the cardinality the histogram stands for.
func (h *hllHisto) estimate() uint64 {
	m := float64(hllRegisters)
	z := m * hllTau((m-float64(h[hllQ+1]))/m)
	for j := hllQ; j >= 1; j-- {
		z += float64(h[j])
		z *= 0.5
	}
	z += float64(m * hllSigma(float64(h[0])/m))
	return uint64(math.Round(float64(hllAlphaInf*m) * m / z))
}

// hllSigma is σ(x) = x + Σ_{k≥1} x^(2^k)·2^(k-1), summed until it stops
// changing; σ(1) is infinite (an empty HLL estimates 0).
func hllSigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += float64(x * y)
		y += y
		if z == prev {
			return z
		}
	}
}

// hllTau is τ(x) = (1 - x - Σ_{k≥1} (1 - x^(2^-k))²·2^-k) / 3, summed until
// it stops changing.
func hllTau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		d := 1 - x
		z -= float64(float64(d*d) * y)
		if z == prev {
			return z / 3
		}
	}
}

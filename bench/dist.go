package bench

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// Dist is how a workload picks the key of its next operation among Keys.
type Dist string

// The key distributions.
const (
	// Uniform picks every key with the same probability.
	Uniform Dist = "uniform"
	// Zipfian picks the key of rank k (1-based) with probability
	// proportional to k^-s: a few keys are hot, most are cold.
	Zipfian Dist = "zipfian"
	// Sequential walks the keys in order; client i starts at i·Keys/clients.
	Sequential Dist = "sequential"
)

// ParseDist returns the distribution named s.
func ParseDist(s string) (Dist, error) {
	switch d := Dist(s); d {
	case Uniform, Zipfian, Sequential:
		return d, nil
	}
	return "", fmt.Errorf("unknown distribution %q (uniform, zipfian or sequential)", s)
}

// KeyGen draws key indexes in [0, n) from a distribution. It is not safe for
// concurrent use: each client has its own.
type KeyGen struct {
	dist Dist
	n    uint64
	rng  *rand.Rand
	zipf *rand.Zipf
	next uint64
	perm permutation
}

// NewKeyGen returns a generator of indexes in [0, n) following dist. s is the
// zipfian skew (> 1). seed makes the draws repeatable; start is where a
// sequential walk begins.
func NewKeyGen(dist Dist, n uint64, s float64, seed, start uint64) (*KeyGen, error) {
	if n == 0 {
		return nil, fmt.Errorf("key count must be positive")
	}
	g := &KeyGen{dist: dist, n: n, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), next: start % n}
	switch dist {
	case Uniform, Sequential:
	case Zipfian:
		if !(s > 1) {
			return nil, fmt.Errorf("zipfian skew must be greater than 1, got %v", s)
		}
		// Go's Zipf draws k in [0, imax] with P(k) ∝ (v+k)^-s; v = 1 makes it
		// rank k+1 of the classic law.
		g.zipf = rand.NewZipf(g.rng, s, 1, n-1)
		g.perm = newPermutation(n)
	default:
		return nil, fmt.Errorf("unknown distribution %q", dist)
	}
	return g, nil
}

// Next returns the next key index.
func (g *KeyGen) Next() uint64 {
	switch g.dist {
	case Zipfian:
		return g.perm.at(g.Rank())
	case Sequential:
		k := g.next
		g.next++
		if g.next == g.n {
			g.next = 0
		}
		return k
	default:
		return g.rng.Uint64N(g.n)
	}
}

// Rank draws a zipfian rank in [0, n): 0 is the hottest. Next maps ranks to
// key indexes through a fixed permutation so that hot keys are spread over
// the key space, the same for every client.
func (g *KeyGen) Rank() uint64 {
	return g.zipf.Uint64()
}

// Float64 returns a uniform number in [0, 1) from the generator's source,
// for read/write choices.
func (g *KeyGen) Float64() float64 {
	return g.rng.Float64()
}

// permutation maps [0, n) onto itself as i ↦ i·mult mod n, a bijection
// because mult and n are coprime.
type permutation struct {
	n, mult uint64
}

func newPermutation(n uint64) permutation {
	mult := uint64(0x9e3779b97f4a7c15) % n
	for mult < 2 || gcd(mult, n) != 1 {
		mult = (mult + 1) % n
		if n <= 2 {
			mult = 1
			break
		}
	}
	return permutation{n: n, mult: mult}
}

func (p permutation) at(i uint64) uint64 {
	hi, lo := bits.Mul64(i, p.mult)
	return bits.Rem64(hi, lo, p.n)
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

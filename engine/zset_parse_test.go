package engine

import (
	"math"
	"testing"
)

// Ensure that scores parse as Redis's getDoubleFromObject (strtod on the
// whole argument, no leading space, no overflow, no underflow to zero, no
// NaN) and range ends as zslParseRange (strtod on the C string, spaces
// skipped, an empty argument 0, overflow to infinity).
func TestParseScore_AsStrtod(t *testing.T) {
	neg0 := math.Copysign(0, -1)
	for _, c := range []struct {
		in       string
		score    float64
		scoreOK  bool
		rangeVal float64
		rangeOK  bool
	}{
		{"1", 1, true, 1, true},
		{"-2.5", -2.5, true, -2.5, true},
		{"+.5", 0.5, true, 0.5, true},
		{"1.", 1, true, 1, true},
		{"1e3", 1000, true, 1000, true},
		{"1E-2", 0.01, true, 0.01, true},
		{"0x10", 16, true, 16, true},
		{"0x1.8p1", 3, true, 3, true},
		{"inf", math.Inf(1), true, math.Inf(1), true},
		{"-Infinity", math.Inf(-1), true, math.Inf(-1), true},
		{"-0", neg0, true, neg0, true},
		{"4.9e-324", 5e-324, true, 5e-324, true},
		{"1e-400", 0, false, 0, true},
		{"0e-400", 0, true, 0, true},
		{"1e400", 0, false, math.Inf(1), true},
		{"", 0, false, 0, true},
		{" 1", 0, false, 1, true},
		{"1 ", 0, false, 0, false},
		{"nan", 0, false, 0, false},
		{"-nan(123)", 0, false, 0, false},
		{"infx", 0, false, 0, false},
		{"1e", 0, false, 0, false},
		{"0x", 0, false, 0, false},
		{".", 0, false, 0, false},
		{"+", 0, false, 0, false},
		{" ", 0, false, 0, false},
		{"1_000", 0, false, 0, false},
		{"1\x00x", 0, false, 1, true},
	} {
		f, err := parseScore([]byte(c.in), ErrNotFloat)
		if (err == nil) != c.scoreOK || (c.scoreOK && math.Float64bits(f) != math.Float64bits(c.score)) {
			t.Errorf("parseScore(%q) = %v, %v; want %v ok=%v", c.in, f, err, c.score, c.scoreOK)
		}
		g, ok := parseRangeFloat([]byte(c.in))
		if ok != c.rangeOK || (ok && math.Float64bits(g) != math.Float64bits(c.rangeVal)) {
			t.Errorf("parseRangeFloat(%q) = %v, %v; want %v ok=%v", c.in, g, ok, c.rangeVal, c.rangeOK)
		}
	}
}

// Ensure that lex range ends parse as Redis's zslParseLexRangeItem.
func TestParseLexEnd(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{{"-", true}, {"+", true}, {"[a", true}, {"(a", true}, {"[", true}, {"a", false}, {"", false},
		{"+x", false}, {"-\x00x", true}, {"\x00", false}} {
		if _, ok := parseLexEnd([]byte(c.in)); ok != c.ok {
			t.Errorf("parseLexEnd(%q) ok=%v, want %v", c.in, ok, c.ok)
		}
	}
}

// Ensure that scores print as Redis 7.0's %.17g.
func TestFormatScore(t *testing.T) {
	for in, want := range map[float64]string{0.1: "0.10000000000000001", 3: "3", 1e300: "1.0000000000000001e+300",
		math.Inf(1): "inf", math.Inf(-1): "-inf", math.Copysign(0, -1): "-0", 1e17: "1e+17", 1.5e-5: "1.5e-05", 0.3: "0.29999999999999999"} {
		if got := string(formatScore(in)); got != want {
			t.Errorf("formatScore(%v) = %q, want %q", in, got, want)
		}
	}
}

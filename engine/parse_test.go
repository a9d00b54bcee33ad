package engine

import (
	"math"
	"testing"
)

// Ensure that parseInt accepts exactly the canonical decimal forms that
// Redis's string2ll accepts.
func TestParseInt(t *testing.T) {
	for _, test := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"1", 1, true},
		{"-1", -1, true},
		{"123456789", 123456789, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"-9223372036854775808", math.MinInt64, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"18446744073709551616", 0, false},
		{"99999999999999999999", 0, false},
		{"", 0, false},
		{"-", 0, false},
		{"+1", 0, false},
		{"-0", 0, false},
		{"00", 0, false},
		{"01", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"1.0", 0, false},
		{"1e3", 0, false},
		{"0x10", 0, false},
		{"1\x00", 0, false},
		{"--1", 0, false},
		{"123456789012345678901", 0, false},
	} {
		got, err := parseInt([]byte(test.in))
		if (err == nil) != test.ok || got != test.want {
			t.Errorf("parseInt(%q) = %d, %v; want %d, ok=%v", test.in, got, err, test.want, test.ok)
		}
	}
}

// Ensure that option words compare as Redis compares them: ASCII case
// folding only, and the C string up to a NUL byte.
func TestOptEq(t *testing.T) {
	for _, test := range []struct {
		arg, name string
		want      bool
	}{
		{"nx", "nx", true},
		{"NX", "nx", true},
		{"Nx", "nx", true},
		{"keepttl", "KEEPTTL", true},
		{"nx\x00junk", "nx", true},
		{"nx\x00", "nx", true},
		{"\x00nx", "nx", false},
		{"nxx", "nx", false},
		{"n", "nx", false},
		{"", "nx", false},
		{"\u212Aeepttl", "keepttl", false}, // the Kelvin sign folds to k in Unicode, not in C
		{"per\u017Fist", "persist", false}, // so does the long s to s
	} {
		if got := optEq([]byte(test.arg), test.name); got != test.want {
			t.Errorf("optEq(%q, %q) = %v, want %v", test.arg, test.name, got, test.want)
		}
	}
}

// Ensure that addInt64 reports exactly the sums that overflow.
func TestAddInt64(t *testing.T) {
	for _, test := range []struct {
		a, b int64
		want int64
		ok   bool
	}{
		{1, 2, 3, true},
		{math.MaxInt64, 0, math.MaxInt64, true},
		{math.MaxInt64, 1, 0, false},
		{math.MinInt64, -1, 0, false},
		{math.MinInt64, math.MaxInt64, -1, true},
		{-5, 3, -2, true},
	} {
		got, ok := addInt64(test.a, test.b)
		if got != test.want || ok != test.ok {
			t.Errorf("addInt64(%d, %d) = %d, %v; want %d, %v", test.a, test.b, got, ok, test.want, test.ok)
		}
	}
}

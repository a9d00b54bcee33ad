package engine

import (
	"math/big"
	"strings"
	"testing"
)

// Ensure that INCRBYFLOAT's parse and print give what redis-server 7.0.15
// on x86-64 replies to "INCRBYFLOAT missing <in>" (each case checked there;
// "" in want means Redis refuses the number as not a valid float, "inf"
// that it parses as infinite).
func TestLongDouble_ParseFormat(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{"0", "0"},
		{"-0.0", "-0"}, // printed "0" after adding to +0; the value itself is -0
		{"0.1", "0.1"},
		{".5", "0.5"},
		{"5.", "5"},
		{"-.5", "-0.5"},
		{"+1.5", "1.5"},
		{"1E+3", "1000"},
		{"1e-3", "0.001"},
		{"1.5e-17", "0.00000000000000002"},
		{"1e-17", "0.00000000000000001"},
		{"5e-18", "0"},
		{"4e-18", "0"},
		{"-4e-18", "0"},
		{"0.000003814697265625", "0.00000381469726562"}, // 2^-18: a tie, to even
		{"0.000011444091796875", "0.00001144409179688"}, // 3*2^-18: a tie, to even
		{"0.123456789012345678901234567890", "0.12345678901234568"},
		{"123456789012345678901234567890", "123456789012345678899921813504"},
		{"9007199254740993", "9007199254740993"},
		{"18446744073709551616", "18446744073709551616"},
		{"1.7976931348623157e308", "17976931348623156999592104677410443404838644694432917848531442076517662852312439635470186860838708556442879341942552068930870836345113605535789727802647761707349897768628839483561816329404559443492953744729062748066941738464887912277621833359895385283210328250475161169120811772015998592637680246686333953638" + "4"},
		{"1e-4950", "0"},
		{"0x10", "16"},
		{"0X1p4", "16"},
		{"0x1.8p1", "3"},
		{"0x.8", "0.5"},
		{"-0x1p-2", "-0.25"},
		{"0x1p63", "9223372036854775808"},
		{"inf", "inf"},
		{"-Infinity", "inf"},
		{"nan", ""},
		{"-nan", ""},
		{"infinit", ""},
		{"1e", ""},
		{"1e+", ""},
		{"e5", ""},
		{".", ""},
		{"-", ""},
		{"+-1", ""},
		{"1.2.3", ""},
		{"0x", ""},
		{"0x.", ""},
		{"0x1p", ""},
		{"1e4933", ""},
		{"1e-5000", ""},
		{"0x1p16384", ""},
		{"0x1p-16446", ""},
		{"1_000", ""},
		{"abc", ""},
		{" 1", ""},
		{"", ""},
		{strings.Repeat("1", 5120), ""},
		{"1\x00abc", ""},
		{"\x00abc", ""},
		{"1\x00", ""},
	} {
		x, ok := parseLongDouble([]byte(test.in))
		var got string
		switch {
		case !ok:
		case x.IsInf():
			got = "inf"
		default:
			got = string(formatLongDouble(x))
		}
		// Redis prints the sum with +0, which turns -0 into 0.
		if test.want == "-0" {
			if got != "0" || !x.Signbit() {
				t.Errorf("parse %q: got %q (sign bit %v), want -0", test.in, got, x.Signbit())
			}
			continue
		}
		if got != test.want {
			t.Errorf("parse %q:\ngot  %q\nwant %q", test.in, got, test.want)
		}
	}
}

// Ensure that sums round as the x87 FPU rounds them, and that overflow and
// infinities are refused (results checked on redis-server 7.0.15).
func TestLongDouble_Add(t *testing.T) {
	for _, test := range []struct{ a, b, want string }{
		{"0.1", "0.2", "0.3"},
		{"10.50", "0.1", "10.6"},
		{"10.6", "-5", "5.6"},
		{"5.0e3", "2.0e2", "5200"},
		{"1", "-1", "0"},
		{"-0", "-0", "0"},
		{"1e20", "1", "100000000000000000000"}, // the last bit of 1e20 is 8
		{"1e20", "4.5", "100000000000000000008"},
		{"9223372036854775807", "1", "9223372036854775808"},
		{"0x1p16383", "0x1p16383", ""},
		{"2.5", "inf", ""},
		{"-inf", "inf", ""},
	} {
		a, _ := parseLongDouble([]byte(test.a))
		b, _ := parseLongDouble([]byte(test.b))
		sum, ok := addLongDouble(a, b)
		got := ""
		if ok {
			got = string(formatLongDouble(sum))
		}
		if got != test.want {
			t.Errorf("%s + %s: got %q, want %q", test.a, test.b, got, test.want)
		}
	}
}

// Ensure that the emulated format has 64 significant bits and Redis's
// subnormal range: 1+2^-63 is representable, 1+2^-64 is a tie that rounds
// to 1, and 2^-16445 is the smallest value.
func TestLongDouble_Precision(t *testing.T) {
	one := big.NewFloat(1)
	for _, test := range []struct {
		exp  int
		want string // the sum 1 + 2^exp, as a %b of big.Float
	}{
		{-63, "9223372036854775809p-63"},
		{-64, "9223372036854775808p-63"},
	} {
		d := new(big.Float).SetMantExp(big.NewFloat(1), test.exp)
		sum, ok := addLongDouble(one, d)
		if !ok || sum.Text('b', 0) != test.want {
			t.Errorf("1 + 2^%d = %s, want %s", test.exp, sum.Text('b', 0), test.want)
		}
	}
	tiny, ok := parseLongDouble([]byte("0x1p-16445"))
	if !ok || tiny.MinPrec() != 1 || tiny.MantExp(nil) != -16444 {
		t.Errorf("0x1p-16445: got %v, %v", tiny, ok)
	}
	// 0x1.8p-16445 is 1.5 times the smallest subnormal: rounds to 2 of it.
	x, ok := parseLongDouble([]byte("0x1.8p-16445"))
	if !ok || x.MantExp(nil) != -16443 {
		t.Errorf("0x1.8p-16445: got %v, %v", x, ok)
	}
	// A subnormal keeps fewer bits: at 2^-16440 the last one is 2^-16445,
	// so 2^-16440 + 2^-16446 is a tie that rounds to even (down), and
	// 2^-16440 + 3*2^-16446 one that rounds up to 2^-16440 + 2^-16444.
	for _, test := range []struct{ in, want string }{
		{"0x1.04p-16440", "0x.8p-16439"},
		{"0x1.0cp-16440", "0x.88p-16439"},
	} {
		y, ok := parseLongDouble([]byte(test.in))
		if !ok || y.Text('p', 0) != test.want {
			t.Errorf("%s: got %s, %v; want %s", test.in, y.Text('p', 0), ok, test.want)
		}
	}
}

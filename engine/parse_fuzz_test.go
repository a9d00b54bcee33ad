package engine

import (
	"bytes"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseInt checks parseInt against strconv: it accepts exactly the
// strings that strconv.ParseInt accepts and FormatInt prints back
// unchanged (Redis's string2ll takes canonical decimals only).
func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"0", "-1", "12", "9223372036854775807", "-9223372036854775808",
		"9223372036854775808", "+1", "-0", "01", " 1", "1\x00", "", "-", "1e3"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := parseInt(b)
		want, werr := strconv.ParseInt(string(b), 10, 64)
		canonical := werr == nil && strconv.FormatInt(want, 10) == string(b)
		if (err == nil) != canonical {
			t.Fatalf("parseInt(%q) = %d, %v; strconv gives %d, %v", b, got, err, want, werr)
		}
		if err == nil && got != want {
			t.Fatalf("parseInt(%q) = %d, want %d", b, got, want)
		}
	})
}

// FuzzParseLongDouble checks INCRBYFLOAT's parser: no panic; a printed
// result parses back and prints the same; and, where a decimal number is
// an ordinary float64, the long double rounds to the float64 that
// strconv.ParseFloat gives (both are correctly rounded, so they can differ
// only when the long double sits exactly halfway between two float64s).
func FuzzParseLongDouble(f *testing.F) {
	for _, s := range []string{"0", "-0", "0.1", "1e3", ".5", "5.", "1.5e-17", "0x1.8p1", "0x10", "inf",
		"-Infinity", "nan", " 1", "1e", "1e4932", "1e4933", "1e-4950", "1e-5000", "0x1p-16445",
		"123456789012345678901234567890", "1\x00x", "\x00", "9007199254740993", "2.2250738585072014e-308",
		"4.9e-324", "1.7976931348623157e308"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		x, ok := parseLongDouble(b)
		if !ok || x.IsInf() {
			return
		}
		printed := formatLongDouble(x)
		y, ok := parseLongDouble(printed)
		if !ok {
			t.Fatalf("%q printed as %q, which does not parse", b, printed)
		}
		if again := formatLongDouble(y); !bytes.Equal(again, printed) {
			t.Fatalf("%q printed as %q, then as %q", b, printed, again)
		}
		s := string(b)
		if strings.ContainsAny(s, "xX_\x00") || x.Sign() == 0 {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Abs(want) < 0x1p-1022 || math.IsInf(want, 0) {
			return
		}
		if doubleMidpoint(x) {
			return
		}
		if got, _ := x.Float64(); got != want {
			t.Fatalf("%q: long double %s rounds to %v, strconv gives %v", b, x.Text('p', 0), got, want)
		}
	})
}

// doubleMidpoint reports whether the long double x is exactly halfway
// between two float64s, where rounding twice may differ from once.
func doubleMidpoint(x *big.Float) bool {
	m := new(big.Float)
	x.MantExp(m)
	m.SetMantExp(m, ldPrec)
	n, _ := m.Int(nil)
	n.Abs(n)
	return n.Uint64()&(1<<11-1) == 1<<10
}

// FuzzAddLongDouble checks that long double addition is commutative, has
// zero as identity, and gives values that print and parse back unchanged.
func FuzzAddLongDouble(f *testing.F) {
	f.Add([]byte("0.1"), []byte("0.2"))
	f.Add([]byte("1e4932"), []byte("1e4932"))
	f.Add([]byte("0x1p-16445"), []byte("-0x1p-16446"))
	f.Add([]byte("1"), []byte("-1"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		x, ok1 := parseLongDouble(a)
		y, ok2 := parseLongDouble(b)
		if !ok1 || !ok2 {
			return
		}
		s1, ok1 := addLongDouble(x, y)
		s2, ok2 := addLongDouble(y, x)
		if ok1 != ok2 || (ok1 && s1.Cmp(s2) != 0) {
			t.Fatalf("%q + %q is not commutative", a, b)
		}
		if x.IsInf() {
			return
		}
		if z, ok := addLongDouble(x, new(big.Float)); !ok || z.Cmp(x) != 0 {
			t.Fatalf("%q + 0 = %v, want %v", a, z, x)
		}
		if ok1 && s1.MinPrec() > ldPrec {
			t.Fatalf("%q + %q has %d significant bits", a, b, s1.MinPrec())
		}
	})
}

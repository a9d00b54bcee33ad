package engine

import (
	"bytes"
	"math/big"
)

// INCRBYFLOAT computes in C's long double, which for Redis on x86-64 (and so
// for every redis-server we are compared with) is the x87 80-bit extended
// format: a 64-bit significand, exponents down to 2^-16382 for normal
// numbers and to 2^-16445 with subnormals, and a largest finite value just
// below 2^16384. Replies are the exact value printed with 17 decimals and
// trailing zeros removed. To give the same bytes on every platform, the
// functions here emulate that format with math/big: every value is an exact
// binary fraction with at most 64 significant bits, and every operation is
// the exact result rounded to nearest, ties to even, as the FPU does.

const (
	ldPrec      = 64       // significand bits
	ldMaxExp    = 16384    // finite values are below 2^ldMaxExp
	ldLeastBit  = -16445   // the smallest subnormal is 2^ldLeastBit
	ldMaxChars  = 5 * 1024 // Redis refuses float arguments this long or longer
	ldMaxDigits = 4933     // a decimal whose leading digit is at 10^4933 or above overflows
	ldMinDigits = -4952    // a decimal below 10^-4952 rounds to zero
	expCap      = 1 << 40  // exponent digits beyond this saturate
)

// ldStatus is the outcome of rounding an exact value to long double.
type ldStatus int

const (
	ldOK        ldStatus = iota
	ldOverflow           // rounds to infinity
	ldUnderflow          // a non-zero value that rounds to zero
)

// parseLongDouble parses a number as Redis's string2ld does with glibc's
// strtold in the C locale. Accepted: an optional sign, then a decimal
// ("1", "1.", ".5", "2.5e-3"), a hexadecimal float ("0x1.8p3", exponent
// optional) or "inf"/"infinity" in any case. Refused: an empty or too long
// argument, leading white space, trailing garbage, a NUL byte anywhere
// (strtold would stop short of the end), NaN, and a finite value that
// overflows or underflows to zero.
func parseLongDouble(b []byte) (*big.Float, bool) {
	if len(b) == 0 || len(b) >= ldMaxChars || isCSpace(b[0]) || bytes.IndexByte(b, 0) >= 0 {
		return nil, false
	}
	s := b
	neg := s[0] == '-'
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	var (
		x  *big.Float
		st ldStatus
		ok bool
	)
	switch {
	case optEq(s, "inf") || optEq(s, "infinity"):
		return new(big.Float).SetInf(neg), true
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		x, st, ok = scanHexFloat(s[2:])
	default:
		x, st, ok = scanDecimal(s)
	}
	if !ok || st != ldOK {
		return nil, false
	}
	if neg {
		x.Neg(x)
	}
	return x, true
}

// isCSpace is C's isspace in the C locale.
func isCSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// scanDecimal converts digits[.digits][e[±]digits] (the sign already taken).
// ok is false when s is not entirely such a number.
func scanDecimal(s []byte) (*big.Float, ldStatus, bool) {
	var (
		digits []byte // significant digits, without leading zeros
		exp    int64  // power of ten of the last digit in digits
		seen   bool   // at least one mantissa digit
		i      int
	)
	for ; i < len(s) && isDigit(s[i]); i++ {
		seen = true
		if len(digits) > 0 || s[i] != '0' {
			digits = append(digits, s[i])
		}
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			seen = true
			exp--
			if len(digits) > 0 || s[i] != '0' {
				digits = append(digits, s[i])
			}
		}
	}
	if !seen {
		return nil, ldOK, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		e, n, ok := scanExponent(s[i+1:])
		if !ok {
			return nil, ldOK, false
		}
		exp += e
		i += 1 + n
	}
	if i != len(s) {
		return nil, ldOK, false
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	if len(digits) == 0 {
		return new(big.Float), ldOK, true
	}
	// The value is in [10^(lead), 10^(lead+1)).
	lead := exp + int64(len(digits)) - 1
	switch {
	case lead >= ldMaxDigits:
		return nil, ldOverflow, true
	case lead < ldMinDigits:
		return nil, ldUnderflow, true
	}
	num, _ := new(big.Int).SetString(string(digits), 10)
	if exp >= 0 {
		num.Mul(num, pow10(exp))
		x, st := roundLongDouble(new(big.Float).SetInt(num))
		return x, st, true
	}
	x, st := quoLongDouble(num, pow10(-exp))
	return x, st, true
}

// scanHexFloat converts hexdigits[.hexdigits][p[±]digits], what follows
// "0x". ok is false when s is not entirely such a number.
func scanHexFloat(s []byte) (*big.Float, ldStatus, bool) {
	var (
		mant = new(big.Int)
		exp  int64 // power of two of the last hex digit
		seen bool
		i    int
	)
	for ; i < len(s) && hexVal(s[i]) >= 0; i++ {
		seen = true
		mant.Lsh(mant, 4).Or(mant, big.NewInt(int64(hexVal(s[i]))))
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && hexVal(s[i]) >= 0; i++ {
			seen = true
			mant.Lsh(mant, 4).Or(mant, big.NewInt(int64(hexVal(s[i]))))
			exp -= 4
		}
	}
	if !seen {
		return nil, ldOK, false
	}
	if i < len(s) && (s[i] == 'p' || s[i] == 'P') {
		e, n, ok := scanExponent(s[i+1:])
		if !ok {
			return nil, ldOK, false
		}
		exp += e
		i += 1 + n
	}
	if i != len(s) {
		return nil, ldOK, false
	}
	if mant.Sign() == 0 {
		return new(big.Float), ldOK, true
	}
	// The value is in [2^(top-1), 2^top).
	top := int64(mant.BitLen()) + exp
	switch {
	case top > ldMaxExp:
		return nil, ldOverflow, true
	case top < ldLeastBit:
		return nil, ldUnderflow, true
	}
	x := new(big.Float).SetInt(mant)
	x.SetMantExp(x, int(exp))
	r, st := roundLongDouble(x)
	return r, st, true
}

// scanExponent reads [±]digits at the start of s, saturating far beyond any
// exponent that matters. n is how many bytes it used; ok is false if there
// are no digits (then strtold leaves the 'e' unread).
func scanExponent(s []byte) (e int64, n int, ok bool) {
	neg := false
	if n < len(s) && (s[n] == '+' || s[n] == '-') {
		neg = s[n] == '-'
		n++
	}
	start := n
	for ; n < len(s) && isDigit(s[n]); n++ {
		if e < expCap {
			e = e*10 + int64(s[n]-'0')
		}
	}
	if n == start {
		return 0, 0, false
	}
	if neg {
		e = -e
	}
	return e, n, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func pow10(n int64) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}

// ldBits is how many significant bits a long double has for a value in
// [2^(e-1), 2^e): 64 when it is normal, fewer when subnormal, ≤ 0 when it
// is below the smallest subnormal.
func ldBits(e int64) int64 { return min(ldPrec, e-ldLeastBit) }

// roundLongDouble rounds the exact non-zero finite x to long double.
func roundLongDouble(x *big.Float) (*big.Float, ldStatus) {
	e := int64(x.MantExp(nil))
	bits := ldBits(e)
	if bits <= 0 {
		// Below the smallest subnormal 2^-16445: only a value above its
		// half (a power of two is exactly the half) rounds up to it.
		if bits == 0 && x.MinPrec() > 1 {
			r := new(big.Float).SetMantExp(big.NewFloat(0.5), ldLeastBit+1)
			if x.Signbit() {
				r.Neg(r)
			}
			return r, ldOK
		}
		return nil, ldUnderflow
	}
	r := new(big.Float).SetMode(big.ToNearestEven).SetPrec(uint(bits)).Set(x)
	if r.MantExp(nil) > ldMaxExp {
		return nil, ldOverflow
	}
	return r, ldOK
}

// quoLongDouble is num/den (both positive) rounded to long double.
func quoLongDouble(num, den *big.Int) (*big.Float, ldStatus) {
	// Find e with 2^(e-1) <= num/den < 2^e.
	e := int64(num.BitLen() - den.BitLen())
	n, d := new(big.Int).Set(num), new(big.Int).Set(den)
	if e >= 0 {
		d.Lsh(d, uint(e))
	} else {
		n.Lsh(n, uint(-e))
	}
	cmp := n.Cmp(d) // num/den against 2^e
	if cmp >= 0 {
		e++
	}
	bits := ldBits(e)
	if bits <= 0 {
		// num/den is in [2^(e-1), 2^e); cmp == 0 means exactly 2^(e-1),
		// the half of the smallest subnormal when bits == 0.
		if bits == 0 && cmp != 0 {
			return new(big.Float).SetMantExp(big.NewFloat(0.5), ldLeastBit+1), ldOK
		}
		return nil, ldUnderflow
	}
	r := new(big.Float).SetMode(big.ToNearestEven).SetPrec(uint(bits))
	r.Quo(new(big.Float).SetInt(num), new(big.Float).SetInt(den))
	if r.MantExp(nil) > ldMaxExp {
		return nil, ldOverflow
	}
	return r, ldOK
}

// addLongDouble is a+b in long double; ok is false when the sum is infinite
// or not a number (an infinite operand, or an overflow).
func addLongDouble(a, b *big.Float) (*big.Float, bool) {
	switch {
	case a.IsInf() || b.IsInf():
		return nil, false
	case a.Sign() == 0 && b.Sign() == 0:
		if a.Signbit() && b.Signbit() {
			return new(big.Float).Neg(new(big.Float)), true // -0 + -0 = -0
		}
		return new(big.Float), true
	case a.Sign() == 0:
		return b, true
	case b.Sign() == 0:
		return a, true
	}
	// The exact sum: bits from the higher top bit (plus a carry) down to
	// the lower least significant bit.
	ea, eb := a.MantExp(nil), b.MantExp(nil)
	top := max(ea, eb) + 1
	low := min(ea-int(a.MinPrec()), eb-int(b.MinPrec()))
	sum := new(big.Float).SetPrec(uint(top-low)).Add(a, b)
	if sum.Sign() == 0 {
		return new(big.Float), true
	}
	r, st := roundLongDouble(sum)
	return r, st == ldOK
}

// formatLongDouble prints x as Redis does for INCRBYFLOAT (its "human"
// long double format): fixed point with 17 decimals, rounded to nearest,
// then trailing zeros and a trailing point removed, and "-0" printed as 0.
// x must be finite.
func formatLongDouble(x *big.Float) []byte {
	b := x.Append(nil, 'f', 17)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if string(b) == "-0" {
		b = b[1:]
	}
	return b
}

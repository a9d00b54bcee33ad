package engine

import (
	"bytes"
	"strconv"
)

// ParseInteger parses a signed 64-bit decimal exactly as Redis's string2ll:
// at most 20 characters, no sign other than a leading '-', no spaces, no
// leading zeros, no overflow. The protocol reader uses it for lengths too.
func ParseInteger(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	if len(b) == 1 && b[0] == '0' {
		return 0, true
	}
	neg := b[0] == '-'
	digits := b
	if neg {
		digits = b[1:]
	}
	if len(digits) == 0 || digits[0] < '1' || digits[0] > '9' {
		return 0, false
	}
	var v uint64
	for _, ch := range digits {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		d := uint64(ch - '0')
		if v > (1<<64-1-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > 1<<63-1 {
		return 0, false
	}
	return int64(v), true
}

// parseInt is ParseInteger with Redis's error for a bad integer.
func parseInt(b []byte) (int64, error) {
	n, ok := ParseInteger(b)
	if !ok {
		return 0, ErrNotInteger
	}
	return n, nil
}

// formatInt is the decimal form of n.
func formatInt(n int64) []byte { return strconv.AppendInt(nil, n, 10) }

// cstr is arg as Redis's C string functions see it: up to its first NUL.
func cstr(arg []byte) []byte {
	if i := bytes.IndexByte(arg, 0); i >= 0 {
		return arg[:i]
	}
	return arg
}

// optEq reports whether the option argument arg is name, in any case. Like
// Redis, which compares options as C strings, it ignores anything from a NUL
// byte on ("nx\x00junk" is NX), and folds ASCII letters only.
func optEq(arg []byte, name string) bool {
	arg = cstr(arg)
	if len(arg) != len(name) {
		return false
	}
	for i := range len(arg) {
		a, b := arg[i], name[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// addInt64 returns a+b, or false when the sum overflows int64.
func addInt64(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

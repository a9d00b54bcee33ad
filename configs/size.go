package configs

import (
	"math"
	"strconv"
	"strings"
)

// parseMemory parses a memory value exactly as Redis 7.0's memtoull does:
// decimal digits followed by an optional unit, case-insensitive, where
// b=1, k=1000, kb=1024, m=1000², mb=1024², g=1000³, gb=1024³.
//
// Redis's quirks are kept on purpose, so that CONFIG SET accepts what
// redis-server accepts: no sign, no spaces, no fraction; an empty digit string
// counts as 0 ("" and "kb" are 0); a number too big for 64 bits saturates at
// 2⁶⁴-1 and the unit multiplication then wraps around.
func parseMemory(s string) (uint64, bool) {
	if strings.HasPrefix(s, "-") {
		return 0, false
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	var mul uint64
	switch strings.ToLower(s[i:]) {
	case "", "b":
		mul = 1
	case "k":
		mul = 1000
	case "kb":
		mul = 1024
	case "m":
		mul = 1000 * 1000
	case "mb":
		mul = 1024 * 1024
	case "g":
		mul = 1000 * 1000 * 1000
	case "gb":
		mul = 1024 * 1024 * 1024
	default:
		return 0, false
	}
	if i >= 128 { // memtoull copies the digits into a 128-byte buffer
		return 0, false
	}
	var n uint64
	if i > 0 {
		v, err := strconv.ParseUint(s[:i], 10, 64)
		if err != nil { // only a range error is possible: strtoull saturates
			v = math.MaxUint64
		}
		n = v
	}
	return n * mul, true
}

// formatMemory writes bytes the way CONFIG REWRITE does in Redis: in gb, mb
// or kb when the value is a whole multiple, else as a plain byte count.
func formatMemory(n uint64) string {
	const kb, mb, gb = 1024, 1024 * 1024, 1024 * 1024 * 1024
	switch {
	case n == 0:
		return "0"
	case n%gb == 0:
		return strconv.FormatUint(n/gb, 10) + "gb"
	case n%mb == 0:
		return strconv.FormatUint(n/mb, 10) + "mb"
	case n%kb == 0:
		return strconv.FormatUint(n/kb, 10) + "kb"
	}
	return strconv.FormatUint(n, 10)
}

// parseStrictInt parses a signed 64-bit integer as Redis's string2ll does:
// an optional '-', then digits with no leading zero (except "0" itself); no
// '+', no spaces, no "-0", nothing after the digits.
func parseStrictInt(s string) (int64, bool) {
	if s == "" || len(s) > 20 {
		return 0, false
	}
	if s == "0" {
		return 0, true
	}
	d := s
	if d[0] == '-' {
		d = d[1:]
	}
	if d == "" || d[0] < '1' || d[0] > '9' {
		return 0, false
	}
	for i := 1; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// strtoll mimics C's strtoll(s, &end, 10) as Redis uses it for "save" and
// "client-output-buffer-limit": leading white space and one sign are skipped,
// the value saturates on overflow, and ok reports whether *end == '\0' (so an
// empty string, like in C, is a valid 0).
func strtoll(s string) (n int64, ok bool) {
	i := 0
	for i < len(s) && strings.IndexByte(" \t\n\v\f\r", s[i]) >= 0 {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var u uint64
	over := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if u > (math.MaxUint64-9)/10 {
			over = true
		} else {
			u = u*10 + uint64(s[i]-'0')
		}
		i++
	}
	if i == start { // no digits: strtoll returns 0 and sets end to s
		return 0, s == ""
	}
	switch {
	case neg && (over || u > 1<<63):
		n = math.MinInt64
	case neg:
		n = -int64(u)
	case over || u > math.MaxInt64:
		n = math.MaxInt64
	default:
		n = int64(u)
	}
	return n, i == len(s)
}

// splitSpaces splits s on single spaces as Redis's sdssplitlen(s, " ") does
// for a multi-argument CONFIG SET value: "" gives no arguments, and two
// spaces in a row give an empty argument.
func splitSpaces(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, " ")
}

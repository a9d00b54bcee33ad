package engine

import (
	"bytes"
	"math"
	"strconv"

	"github.com/tierdb/tierdb/tier"
)

// Parsing the numbers and ranges of the sorted set commands exactly as
// Redis 7.0 does, which reads them with C's strtod in two ways:
//
//   - a score, increment or weight (getDoubleFromObject): the whole argument
//     must be the number, with no leading space; overflow, an underflow to
//     zero and NaN are refused ("value is not a valid float", or the
//     command's own text);
//   - a range end of ZRANGEBYSCORE and its kin (zslParseRange): an optional
//     '(' for an exclusive end, then strtod of the rest as a C string, so
//     leading white space is skipped, the argument stops at a NUL byte, an
//     empty rest is 0 and overflow is infinity; only trailing garbage and
//     NaN are refused ("min or max is not a float").
//
// Both accept what strtod accepts: decimals ("1", "-.5", "2e3"), hex floats
// ("0x1.8p1", "0x10"), and "inf"/"infinity" in any case.

var (
	errZMinMaxFloat = errf("min or max is not a float")
	errZLexRange    = errf("min or max not valid string range item")
	errZNaN         = errf("resulting score is not a number (NaN)")
	errWeightFloat  = errf("weight value is not a float")
)

// strtod reads the longest prefix of s that C's strtod would convert (after
// no leading space) and returns the value, how many bytes it used (0: no
// number) and whether a non-zero digit was seen (to tell an underflow from
// a real zero). An overflow is ±Inf with rangeErr.
func strtod(s []byte) (v float64, n int, nonzero, rangeErr bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	rest := s[i:]
	switch {
	case hasFoldPrefix(rest, "infinity"):
		return math.Inf(sign(neg)), i + 8, true, false
	case hasFoldPrefix(rest, "inf"):
		return math.Inf(sign(neg)), i + 3, true, false
	case hasFoldPrefix(rest, "nan"):
		return math.NaN(), i + 3 + nanTail(rest[3:]), false, false
	}
	var (
		lit   []byte // what strconv.ParseFloat gets
		end   int
		isHex = len(rest) > 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X') && hasMantissa(rest[2:], true)
	)
	if isHex {
		m := mantissaLen(rest[2:], true)
		nonzero = bytes.ContainsFunc(bytes.ReplaceAll(rest[2:2+m], []byte("."), nil), func(r rune) bool { return r != '0' })
		end = 2 + m
		e := exponentLen(rest[end:], 'p')
		lit = append([]byte("0x"), rest[2:end+e]...)
		if e == 0 {
			lit = append(lit, "p0"...)
		}
		end += e
	} else {
		m := mantissaLen(rest, false)
		if m == 0 || !hasMantissa(rest, false) {
			return 0, 0, false, false
		}
		nonzero = bytes.ContainsAny(rest[:m], "123456789")
		end = m + exponentLen(rest[m:], 'e')
		lit = rest[:end]
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if neg {
		f = -f
	}
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, i + end, nonzero, true
		}
		return 0, 0, false, false
	}
	return f, i + end, nonzero, false
}

func sign(neg bool) int {
	if neg {
		return -1
	}
	return 1
}

// hasFoldPrefix reports whether s starts with the lower-case word p in any
// case.
func hasFoldPrefix(s []byte, p string) bool {
	return len(s) >= len(p) && optEq(s[:len(p)], p)
}

// nanTail is the length of a "(chars)" suffix strtod takes after "nan".
func nanTail(s []byte) int {
	if len(s) == 0 || s[0] != '(' {
		return 0
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ')':
			return i + 1
		case isDigit(c) || c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'):
		default:
			return 0
		}
	}
	return 0
}

// mantissaLen is the length of digits[.digits] at the start of s.
func mantissaLen(s []byte, hex bool) int {
	isD := func(c byte) bool { return isDigit(c) || (hex && hexVal(c) >= 0) }
	i := 0
	for i < len(s) && isD(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isD(s[i]) {
			i++
		}
	}
	return i
}

// hasMantissa reports whether the mantissa at the start of s has a digit.
func hasMantissa(s []byte, hex bool) bool {
	m := mantissaLen(s, hex)
	return m > 1 || (m == 1 && s[0] != '.')
}

// exponentLen is the length of an exponent (letter, optional sign, digits)
// at the start of s, 0 if there is none (strtod then stops before it).
func exponentLen(s []byte, letter byte) int {
	if len(s) < 2 || (s[0]|0x20) != letter {
		return 0
	}
	i := 1
	if s[i] == '+' || s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == start {
		return 0
	}
	return i
}

// parseScore reads a score, increment or weight as Redis's
// getDoubleFromObject does; bad is the error for a refused one.
func parseScore(b []byte, bad error) (float64, error) {
	if len(b) == 0 || isCSpace(b[0]) {
		return 0, bad
	}
	f, n, nonzero, rangeErr := strtod(b)
	switch {
	case n != len(b) || math.IsNaN(f):
		return 0, bad
	case rangeErr || (f == 0 && nonzero):
		return 0, bad
	}
	return f, nil
}

// parseRangeFloat reads the number of a score range end as zslParseRange
// does: strtod on the C string, leading space skipped, nothing required.
func parseRangeFloat(b []byte) (float64, bool) {
	b = cstr(b)
	i := 0
	for i < len(b) && isCSpace(b[i]) {
		i++
	}
	f, n, _, _ := strtod(b[i:])
	if n == 0 {
		// No conversion: strtod leaves the pointer at the start, so only an
		// empty argument is accepted (as 0).
		return 0, len(b) == 0
	}
	return f, i+n == len(b) && !math.IsNaN(f)
}

// zScoreRange is a range of scores with exclusive ends.
type zScoreRange struct {
	min, max     float64
	minex, maxex bool
}

// parseZScoreRange reads the min and max of ZRANGEBYSCORE and its kin.
func parseZScoreRange(minArg, maxArg []byte) (zScoreRange, error) {
	var r zScoreRange
	var ok1, ok2 bool
	r.min, r.minex, ok1 = parseRangeEnd(minArg)
	r.max, r.maxex, ok2 = parseRangeEnd(maxArg)
	if !ok1 || !ok2 {
		return r, errZMinMaxFloat
	}
	return r, nil
}

func parseRangeEnd(b []byte) (float64, bool, bool) {
	if len(b) > 0 && b[0] == '(' {
		f, ok := parseRangeFloat(b[1:])
		return f, true, ok
	}
	f, ok := parseRangeFloat(b)
	return f, false, ok
}

// gteMin and lteMax report whether score is within the range's ends.
func (r zScoreRange) gteMin(s float64) bool { return s > r.min || (!r.minex && s == r.min) }
func (r zScoreRange) lteMax(s float64) bool { return s < r.max || (!r.maxex && s == r.max) }

// lowPos is the position before the first score in range, highPos the one
// after the last.
func (r zScoreRange) lowPos() tier.ZPos  { return tier.ZPos{Score: r.min, Top: r.minex} }
func (r zScoreRange) highPos() tier.ZPos { return tier.ZPos{Score: r.max, Top: !r.maxex} }

// lexEnd is one end of a lex range: "-" (lowest), "+" (highest), or a
// member, inclusive or exclusive.
type lexEnd struct {
	inf    int // -1 for "-", +1 for "+", 0 for a member
	member []byte
	excl   bool
}

// zLexRange is a range of members (ZRANGEBYLEX and its kin).
type zLexRange struct{ min, max lexEnd }

// parseLexEnd reads "-", "+", "[member" or "(member".
func parseLexEnd(b []byte) (lexEnd, bool) {
	switch {
	case len(b) == 0:
		return lexEnd{}, false
	case b[0] == '+' || b[0] == '-':
		if len(cstr(b)) != 1 {
			return lexEnd{}, false
		}
		if b[0] == '+' {
			return lexEnd{inf: 1, excl: true}, true
		}
		return lexEnd{inf: -1, excl: true}, true
	case b[0] == '(' || b[0] == '[':
		return lexEnd{member: b[1:], excl: b[0] == '('}, true
	}
	return lexEnd{}, false
}

// parseZLexRange reads the min and max of ZRANGEBYLEX and its kin.
func parseZLexRange(minArg, maxArg []byte) (zLexRange, error) {
	lo, ok1 := parseLexEnd(minArg)
	hi, ok2 := parseLexEnd(maxArg)
	if !ok1 || !ok2 {
		return zLexRange{}, errZLexRange
	}
	return zLexRange{lo, hi}, nil
}

// cmpLex compares a member (inf 0) or infinity with another.
func cmpLex(a, b lexEnd) int {
	if a.inf != 0 || b.inf != 0 {
		return max(min(a.inf-b.inf, 1), -1)
	}
	return bytes.Compare(a.member, b.member)
}

// empty reports whether no member can be in the range.
func (r zLexRange) empty() bool {
	c := cmpLex(r.min, r.max)
	return c > 0 || (c == 0 && (r.min.excl || r.max.excl))
}

// gteMin and lteMax report whether member is within the range's ends.
func (r zLexRange) gteMin(m []byte) bool {
	c := cmpLex(lexEnd{member: m}, r.min)
	return c > 0 || (c == 0 && !r.min.excl)
}

func (r zLexRange) lteMax(m []byte) bool {
	c := cmpLex(lexEnd{member: m}, r.max)
	return c < 0 || (c == 0 && !r.max.excl)
}

// minPos is the position, among the entries of score s, before the first
// member ≥ min; maxPos the one after the last member ≤ max.
func (r zLexRange) minPos(s float64) tier.ZPos { return r.min.pos(s, r.min.excl) }
func (r zLexRange) maxPos(s float64) tier.ZPos { return r.max.pos(s, !r.max.excl) }

// pos is the position of end e among the entries of score s: before "-",
// after "+", else before the member, or after it with after.
func (e lexEnd) pos(s float64, after bool) tier.ZPos {
	switch e.inf {
	case -1:
		return tier.ZPos{Score: s}
	case 1:
		return tier.ZPos{Score: s, Top: true}
	}
	return tier.ZPos{Score: s, Member: e.member, After: after}
}

// formatScore is a score as Redis 7.0 prints it in a string (ZSCAN, and a
// double reply in RESP2): %.17g, and inf / -inf.
func formatScore(f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return []byte("inf")
	case math.IsInf(f, -1):
		return []byte("-inf")
	}
	return strconv.AppendFloat(nil, f, 'g', 17, 64)
}

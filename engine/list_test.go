package engine

import (
	"math"
	"strings"
	"testing"
)

// Ensure that listRange clamps LRANGE's and LTRIM's indexes as Redis does,
// extreme values included.
func TestListRange_AsRedis(t *testing.T) {
	for _, c := range []struct {
		start, stop, n, from, to int64
	}{
		{0, -1, 5, 0, 5}, {1, 2, 5, 1, 3}, {-2, 100, 5, 3, 5}, {-100, 0, 5, 0, 1}, {3, 1, 5, 0, 0},
		{5, 10, 5, 0, 0}, {4, 4, 5, 4, 5}, {math.MinInt64, math.MaxInt64, 5, 0, 5},
		{math.MaxInt64, math.MinInt64, 5, 0, 0}, {0, -1, 0, 0, 0}, {-1, -1, 1, 0, 1}, {0, -6, 5, 0, 0},
	} {
		if from, to := listRange(c.start, c.stop, c.n); from != c.from || to != c.to {
			t.Errorf("listRange(%d, %d, %d) = [%d, %d), want [%d, %d)", c.start, c.stop, c.n, from, to, c.from, c.to)
		}
	}
}

// listTestArgs splits a command line into arguments.
func listTestArgs(line string) [][]byte {
	var out [][]byte
	for _, f := range strings.Fields(line) {
		out = append(out, []byte(f))
	}
	return out
}

// Ensure that parseMpop reads LMPOP's arguments with Redis's errors, in
// Redis's order of checks.
func TestParseMpop(t *testing.T) {
	for _, c := range []struct {
		line  string
		keys  int
		left  bool
		count int64
		err   error
	}{
		{"1 k left", 1, true, 1, nil},
		{"2 a b RIGHT COUNT 5", 2, false, 5, nil},
		{"0 k left", 0, false, 0, errNumkeys},
		{"-1 k left", 0, false, 0, errNumkeys},
		{"x k left", 0, false, 0, errNumkeys},
		{"2 k left", 0, false, 0, ErrSyntax},
		{"9223372036854775807 k left", 0, false, 0, ErrSyntax},
		{"1 k middle", 0, false, 0, ErrSyntax},
		{"1 k left count 0", 0, false, 0, errCountPositive},
		{"1 k left count x", 0, false, 0, errCountPositive},
		{"1 k left count 1 count 2", 0, false, 0, ErrSyntax},
		{"1 k left count", 0, false, 0, ErrSyntax},
		{"1 k left foo", 0, false, 0, ErrSyntax},
	} {
		a, err := parseMpop(listTestArgs(c.line))
		if err != c.err || (err == nil && (len(a.keys) != c.keys || a.left != c.left || a.count != c.count)) {
			t.Errorf("%q: %d keys left=%v count %d, %v; want %d keys left=%v count %d, %v",
				c.line, len(a.keys), a.left, a.count, err, c.keys, c.left, c.count, c.err)
		}
	}
}

// Ensure that parseLposArgs reads LPOS's options (a later one overrides an
// earlier one) with Redis's errors.
func TestParseLposArgs(t *testing.T) {
	for _, c := range []struct {
		line string
		want lposArgs
		err  error
	}{
		{"", lposArgs{rank: 1, count: -1}, nil},
		{"RANK -2 COUNT 0 MAXLEN 7", lposArgs{rank: -2, count: 0, maxlen: 7}, nil},
		{"rank 2 rank 3 count 1 count 4", lposArgs{rank: 3, count: 4}, nil},
		{"RANK 0", lposArgs{}, errLposRankZero},
		{"RANK x", lposArgs{}, ErrNotInteger},
		{"COUNT -1", lposArgs{}, errLposCountNeg},
		{"COUNT x", lposArgs{}, errLposCountNeg},
		{"MAXLEN -1", lposArgs{}, errLposMaxlenNeg},
		{"RANK", lposArgs{}, ErrSyntax},
		{"FOO 1", lposArgs{}, ErrSyntax},
	} {
		a, err := parseLposArgs(listTestArgs(c.line))
		if err != c.err || (err == nil && a != c.want) {
			t.Errorf("%q: %+v, %v; want %+v, %v", c.line, a, err, c.want, c.err)
		}
	}
}

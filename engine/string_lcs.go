package engine

import (
	"math"
	"math/bits"

	"github.com/tierdb/tierdb/tier"
)

// LCS errors, as Redis 7.0 words them.
var (
	errLcsNotString  = errf("The specified keys must contain string values")
	errLcsIdxAndLen  = errf("If you want both the length and indexes, please just use IDX.")
	errLcsTooLong    = errf("String too long for LCS")
	errLcsAllocFail  = errf("Insufficient memory, failed allocating transient memory for LCS")
	errLcsOverBudget = errf("Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")
)

// lcsOptions are LCS's options.
type lcsOptions struct {
	idx, length, withMatchLen bool
	minMatchLen               int64
}

// lcsMatch is one common run: a[aStart..aEnd] == b[bStart..bEnd].
type lcsMatch struct{ aStart, aEnd, bStart, bEnd int }

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
//
// Missing keys are empty strings. Like Redis, it refuses inputs whose
// dynamic-programming table (4 bytes a cell in Redis) would exceed
// proto-max-bulk-len; ours needs one bit a cell, plus two rows.
func cmdLcs(c *Call) error {
	a, b, err := lcsInputs(c)
	if err != nil {
		return err
	}
	opt, err := parseLcsOptions(c.Args[3:])
	if err != nil {
		return err
	}
	if err := c.checkLcsSize(len(a), len(b)); err != nil {
		return err
	}
	total, matches, s := lcs(a, b, opt)
	switch {
	case opt.idx:
		c.Out.Map(2)
		c.Out.BulkString("matches")
		c.Out.Array(len(matches))
		for _, m := range matches {
			c.Out.Array(2 + int(boolInt(opt.withMatchLen)))
			c.Out.Array(2)
			c.Out.Int(int64(m.aStart))
			c.Out.Int(int64(m.aEnd))
			c.Out.Array(2)
			c.Out.Int(int64(m.bStart))
			c.Out.Int(int64(m.bEnd))
			if opt.withMatchLen {
				c.Out.Int(int64(m.aEnd - m.aStart + 1))
			}
		}
		c.Out.BulkString("len")
		c.Out.Int(int64(total))
	case opt.length:
		c.Out.Int(int64(total))
	default:
		c.Out.Bulk(s)
	}
	return nil
}

// lcsInputs reads both keys (missing ones are empty strings).
func lcsInputs(c *Call) (a, b []byte, err error) {
	var objs [2]*tier.Object
	for i := range objs {
		if objs[i], err = c.lookupRead(c.Args[1+i]); err != nil {
			return nil, nil, err
		}
	}
	for _, o := range objs {
		if o != nil && o.Kind != tier.KindString {
			return nil, nil, errLcsNotString
		}
	}
	if a, err = c.stringValue(objs[0]); err != nil {
		return nil, nil, err
	}
	if b, err = c.stringValue(objs[1]); err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

func parseLcsOptions(args [][]byte) (lcsOptions, error) {
	var o lcsOptions
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case optEq(a, "idx"):
			o.idx = true
		case optEq(a, "len"):
			o.length = true
		case optEq(a, "withmatchlen"):
			o.withMatchLen = true
		case optEq(a, "minmatchlen") && i+1 < len(args):
			n, err := parseInt(args[i+1])
			if err != nil {
				return o, err
			}
			o.minMatchLen = max(n, 0)
			i++
		default:
			return o, ErrSyntax
		}
	}
	if o.idx && o.length {
		return o, errLcsIdxAndLen
	}
	return o, nil
}

// checkLcsSize applies Redis's limits: lengths below 2^32-1, and a table of
// (n+1)*(m+1) 4-byte cells within proto-max-bulk-len.
func (c *Call) checkLcsSize(n, m int) error {
	if uint64(n) >= math.MaxUint32-1 || uint64(m) >= math.MaxUint32-1 {
		return errLcsTooLong
	}
	cells := uint64(n+1) * uint64(m+1)
	hi, size := bits.Mul64(cells, 4)
	if hi != 0 {
		return errLcsAllocFail
	}
	if size > uint64(c.e.cfg.Int("proto-max-bulk-len")) {
		return errLcsOverBudget
	}
	return nil
}

// lcs finds the length of the longest common subsequence of a and b, and,
// unless only the length is asked for, the subsequence itself and its
// matching runs (from the end backwards, those shorter than minMatchLen
// left out), choosing among equally long subsequences as Redis does.
func lcs(a, b []byte, opt lcsOptions) (total int, matches []lcsMatch, s []byte) {
	n, m := len(a), len(b)
	walk := opt.idx || !opt.length
	// prev and cur are rows of the table L(i, j), the LCS length of a[:i]
	// and b[:j]. Walking back needs, where a[i-1] != b[j-1], only whether
	// L(i-1, j) > L(i, j-1): one bit a cell, kept in up.
	prev, cur := make([]uint32, m+1), make([]uint32, m+1)
	var up []uint64
	if walk {
		up = make([]uint64, (n*m+63)/64)
	}
	for i := 1; i <= n; i++ {
		ai := a[i-1]
		row := (i - 1) * m
		for j := 1; j <= m; j++ {
			if ai == b[j-1] {
				cur[j] = prev[j-1] + 1
				continue
			}
			u, l := prev[j], cur[j-1]
			if u > l {
				cur[j] = u
				if walk {
					bit := row + j - 1
					up[bit/64] |= 1 << (bit % 64)
				}
			} else {
				cur[j] = l
			}
		}
		prev, cur = cur, prev
	}
	total = int(prev[m])
	if !walk {
		return total, nil, nil
	}
	s = make([]byte, total)
	k := total
	open := false // a run is being extended backwards
	var run lcsMatch
	for i, j := n, m; i > 0 && j > 0; {
		emit := false
		if a[i-1] == b[j-1] {
			s[k-1] = a[i-1]
			k--
			if open {
				// Consecutive matches are always contiguous: extend.
				run.aStart, run.bStart = i-1, j-1
			} else {
				open = true
				run = lcsMatch{i - 1, i - 1, j - 1, j - 1}
			}
			emit = run.aStart == 0 || run.bStart == 0
			i--
			j--
		} else {
			bit := (i-1)*m + j - 1
			if up[bit/64]&(1<<(bit%64)) != 0 {
				i--
			} else {
				j--
			}
			emit = open
		}
		if emit {
			if opt.idx && int64(run.aEnd-run.aStart+1) >= opt.minMatchLen {
				matches = append(matches, run)
			}
			open = false
		}
	}
	return total, matches, s
}

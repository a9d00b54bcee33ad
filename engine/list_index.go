package engine

import (
	"bytes"
)

// The list commands that address elements by index: LRANGE, LINDEX, LSET,
// LTRIM, and LPOS, which finds indexes. Indexes follow Redis: negative ones
// count from the tail (-1 is the last element), and a range is clamped to
// the list. Each reads only the elements it needs: LINDEX one, LRANGE its
// range, LPOS up to its match (or MAXLEN).

// LRANGE key start stop
//
// The indexes are parsed before the key is looked up, as in Redis.
func cmdLrange(c *Call) error {
	start, stop, err := parseIndexes(c.Args[2], c.Args[3])
	if err != nil {
		return err
	}
	l, err := c.readList(c.Args[1])
	if err != nil {
		return err
	}
	if l == nil {
		c.Out.Array(0)
		return nil
	}
	from, to := listRange(start, stop, l.Len())
	mark := c.Out.Mark()
	c.Out.Array(int(to - from))
	return rewindOnError(c, mark, l.Range(from, to, false, func(_ int64, v []byte) bool {
		c.Out.Bulk(v)
		return true
	}))
}

// listRange turns Redis's inclusive start and stop (negative from the end)
// into the half-open range [from, to) of a list of n elements, empty when
// they select nothing (LRANGE and LTRIM).
func listRange(start, stop, n int64) (from, to int64) {
	if start < 0 {
		start += n
	}
	if stop < 0 {
		stop += n
	}
	start = max(start, 0)
	if start > stop || start >= n {
		return 0, 0
	}
	return start, min(stop, n-1) + 1
}

// parseIndexes parses the start and stop indexes of LRANGE, LTRIM and
// ZREMRANGEBYRANK, which Redis parses before it looks the key up.
func parseIndexes(start, stop []byte) (int64, int64, error) {
	a, err := parseInt(start)
	if err != nil {
		return 0, 0, err
	}
	b, err := parseInt(stop)
	return a, b, err
}

// listIndex turns Redis's index (negative from the end) into one from the
// head, and reports whether it falls in a list of n elements.
func listIndex(i, n int64) (int64, bool) {
	if i < 0 {
		i += n
	}
	return i, i >= 0 && i < n
}

// LINDEX key index
//
// A missing key is nil before the index is parsed, as in Redis.
func cmdLindex(c *Call) error {
	l, err := c.readList(c.Args[1])
	if err != nil || l == nil {
		return nullOr(c, err)
	}
	i, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	i, ok := listIndex(i, l.Len())
	if !ok {
		c.Out.Null()
		return nil
	}
	v, err := l.Index(i)
	if err != nil {
		return err
	}
	c.Out.Bulk(v)
	return nil
}

// LSET key index element
func cmdLset(c *Call) error {
	l, err := c.writeList(c.Args[1], false)
	if err != nil {
		return err
	}
	if l == nil {
		return ErrNoSuchKey
	}
	i, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	i, ok := listIndex(i, l.Len())
	if !ok {
		return errIndexRange
	}
	if err := l.Set(i, c.Args[3]); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

// LTRIM key start stop
//
// Trimming everything away deletes the key.
func cmdLtrim(c *Call) error {
	start, stop, err := parseIndexes(c.Args[2], c.Args[3])
	if err != nil {
		return err
	}
	l, err := c.writeList(c.Args[1], false)
	if err != nil {
		return err
	}
	if l != nil {
		from, to := listRange(start, stop, l.Len())
		if err := l.Trim(from, to-1); err != nil {
			return err
		}
	}
	OK(c.Out)
	return nil
}

// lposArgs are LPOS's options: rank 1 and no COUNT (count -1) and no MAXLEN
// (0) unless given; a later option overrides an earlier one.
type lposArgs struct {
	rank, count, maxlen int64
}

// parseLposArgs reads [RANK rank] [COUNT num-matches] [MAXLEN len].
func parseLposArgs(args [][]byte) (lposArgs, error) {
	a := lposArgs{rank: 1, count: -1}
	var err error
	for i := 0; i < len(args); i++ {
		more := i+1 < len(args)
		switch {
		case optEq(args[i], "rank") && more:
			i++
			if a.rank, err = parseInt(args[i]); err != nil {
				return a, err
			}
			if a.rank == 0 {
				return a, errLposRankZero
			}
		case optEq(args[i], "count") && more:
			i++
			if a.count, err = parseNonNegative(args[i], errLposCountNeg); err != nil {
				return a, err
			}
		case optEq(args[i], "maxlen") && more:
			i++
			if a.maxlen, err = parseNonNegative(args[i], errLposMaxlenNeg); err != nil {
				return a, err
			}
		default:
			return a, ErrSyntax
		}
	}
	return a, nil
}

// parseNonNegative reads an integer ≥ 0, replying bad (Redis's
// getPositiveLongFromObjectOrReply with a message) to anything else.
func parseNonNegative(arg []byte, bad error) (int64, error) {
	n, ok := ParseInteger(arg)
	if !ok || n < 0 {
		return 0, bad
	}
	return n, nil
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
//
// Without COUNT, the index of the rank-th match (from the tail when rank
// is negative) or nil; with it, an array of up to count indexes from that
// match on (0: all of them). MAXLEN bounds how many elements are compared.
// The arithmetic is Redis's, wrapping included, so that RANK
// -9223372036854775808 behaves as it does there.
func cmdLpos(c *Call) error {
	a, err := parseLposArgs(c.Args[3:])
	if err != nil {
		return err
	}
	reverse := false
	if a.rank < 0 {
		a.rank, reverse = -a.rank, true
	}
	l, err := c.readList(c.Args[1])
	if err != nil {
		return err
	}
	withCount := a.count != -1
	if l == nil {
		if withCount {
			c.Out.Array(0)
		} else {
			c.Out.Null()
		}
		return nil
	}
	n := l.Len()
	span := n
	if a.maxlen > 0 {
		span = min(n, a.maxlen)
	}
	from, to := int64(0), span
	if reverse {
		from, to = n-span, n
	}
	elem := c.Args[2]
	var (
		matches int64
		found   []int64
	)
	err = l.Range(from, to, reverse, func(i int64, v []byte) bool {
		if !bytes.Equal(v, elem) {
			return true
		}
		matches++
		if matches < a.rank {
			return true
		}
		found = append(found, i)
		return withCount && (a.count == 0 || matches-a.rank+1 < a.count)
	})
	if err != nil {
		return err
	}
	switch {
	case withCount:
		c.Out.Array(len(found))
		for _, i := range found {
			c.Out.Int(i)
		}
	case len(found) > 0:
		c.Out.Int(found[0])
	default:
		c.Out.Null()
	}
	return nil
}

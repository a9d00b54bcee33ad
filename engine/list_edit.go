package engine

import (
	"bytes"

	"github.com/tierdb/tierdb/tier"
)

// LINSERT and LREM: the list commands that change the middle of a list.
// Both find their elements by value, head to tail (LREM with a negative
// count tail to head), then let tier.List shift the shorter side.

// LINSERT key BEFORE|AFTER pivot element
//
// The reply is the new length, -1 when the pivot is not in the list, 0
// when there is no list.
func cmdLinsert(c *Call) error {
	var after bool
	switch {
	case optEq(c.Args[2], "after"):
		after = true
	case optEq(c.Args[2], "before"):
	default:
		return ErrSyntax
	}
	l, err := c.writeList(c.Args[1], false)
	if err != nil {
		return err
	}
	if l == nil {
		c.Out.Int(0)
		return nil
	}
	pivot, ok, err := listFind(l, 0, l.Len(), false, c.Args[3])
	if err != nil {
		return err
	}
	if !ok {
		c.Out.Int(-1)
		return nil
	}
	if after {
		pivot++
	}
	if err := l.Insert(pivot, c.Args[4]); err != nil {
		return err
	}
	c.Out.Int(l.Len())
	return nil
}

// listFind returns the index of the first element equal to v among the
// indexes [from, to), searching from the tail when reverse is set.
func listFind(l *tier.List, from, to int64, reverse bool, v []byte) (int64, bool, error) {
	at, found := int64(0), false
	err := l.Range(from, to, reverse, func(i int64, x []byte) bool {
		if bytes.Equal(x, v) {
			at, found = i, true
			return false
		}
		return true
	})
	return at, found, err
}

// LREM key count element
//
// count > 0 removes the first count elements equal to element, count < 0
// the last -count, 0 all of them. The reply is how many were removed.
// Deleting the last element deletes the key.
func cmdLrem(c *Call) error {
	count, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	l, err := c.writeList(c.Args[1], false)
	if err != nil {
		return err
	}
	if l == nil {
		c.Out.Int(0)
		return nil
	}
	elem := c.Args[3]
	first, last, ok, err := lremSpan(l, count, elem)
	if err != nil {
		return err
	}
	var removed int64
	if ok {
		removed, err = l.RemoveMatching(first, last, func(x []byte) bool { return bytes.Equal(x, elem) })
		if err != nil {
			return err
		}
	}
	c.Out.Int(removed)
	return nil
}

// lremSpan finds the indexes of the first and the last element LREM key
// count elem removes: every element equal to elem between them goes.
// Like Redis, a count of -9223372036854775808 (whose negation wraps)
// removes them all, from the tail.
func lremSpan(l *tier.List, count int64, elem []byte) (first, last int64, ok bool, err error) {
	n := l.Len()
	reverse := count < 0
	limit := count
	if reverse {
		limit = -count
	}
	// The first match in the search's direction ends the span on its side.
	near, ok, err := listFind(l, 0, n, reverse, elem)
	if err != nil || !ok {
		return 0, 0, false, err
	}
	// The far end: the limit-th match, or the last one there is.
	far, matches := near, int64(0)
	from, to := near, n
	if reverse {
		from, to = 0, near+1
	}
	err = l.Range(from, to, reverse, func(i int64, x []byte) bool {
		if !bytes.Equal(x, elem) {
			return true
		}
		matches++
		far = i
		return limit <= 0 || matches != limit
	})
	if reverse {
		return far, near, true, err
	}
	return near, far, true, err
}

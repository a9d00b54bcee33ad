package engine

import (
	"bytes"
	"math"
	"slices"
	"strconv"

	"github.com/tierdb/tierdb/tier"
)

// SORT and SORT_RO: the elements of a list, set or sorted set, ordered by
// their own value or by keys named after them (BY), numerically or as
// strings (ALPHA), cut by LIMIT, each replaced by keys named after it (GET),
// returned or stored as a list (STORE). Redis's rules are kept: numeric ties
// are ordered by the elements' bytes, so that the output is deterministic;
// BY a pattern without '*' keeps the value's own order (a list's, a sorted
// set's by score) and reads only the LIMIT window; a set sorted without an
// order into STORE is sorted as strings, so that the stored list does not
// depend on how the set is kept.

// errSortScore is Redis's error for an element (or BY value) that is not a
// number in a numeric sort.
var errSortScore = errf("One or more scores can't be converted into double")

// sortItem is one element with what it sorts by.
type sortItem struct {
	elem  []byte
	score float64 // numeric sort
	by    []byte  // ALPHA with BY: the BY value
	hasBy bool
}

// runSort runs SORT (storeAllowed) or SORT_RO on c's arguments.
func runSort(c *Call, storeAllowed bool) error {
	opts, err := parseSortOptions(c.Args[2:], storeAllowed, func() bool { return c.S.fullKeyRead(c.Cmd, c.Args) })
	if err != nil {
		return err
	}
	o, err := c.lookupRead(c.Args[1])
	if err != nil {
		return err
	}
	if o != nil && o.Kind != tier.KindList && o.Kind != tier.KindSet && o.Kind != tier.KindZSet {
		return ErrWrongType
	}
	if opts.dontSort && o != nil && o.Kind == tier.KindSet && opts.store != nil {
		opts.dontSort, opts.alpha, opts.by = false, true, nil
	}
	var elems [][]byte
	if o != nil {
		if elems, err = c.sortSource(o, &opts); err != nil {
			return err
		}
	}
	if !opts.dontSort {
		if elems, err = c.sortElems(elems, &opts); err != nil {
			return err
		}
	}
	return c.sortOutput(elems, &opts)
}

// sortSource returns the elements to sort. When they are not to be sorted
// (BY nosort) a list or sorted set gives only the LIMIT window, in its own
// order (reversed for DESC), and opts' LIMIT is consumed.
func (c *Call) sortSource(o *tier.Object, opts *sortOptions) ([][]byte, error) {
	window := opts.dontSort && o.Kind != tier.KindSet
	if window {
		start, count := opts.window(o.Count)
		opts.offset, opts.count = 0, -1
		return c.sortWindow(o, start, count, opts.desc)
	}
	return c.sortAll(o)
}

// sortElems orders elems as opts say and applies LIMIT.
func (c *Call) sortElems(elems [][]byte, opts *sortOptions) ([][]byte, error) {
	items := make([]sortItem, len(elems))
	for i, e := range elems {
		it := sortItem{elem: e}
		v, ok := e, true
		if opts.by != nil {
			var err error
			if v, ok, err = c.lookupPattern(opts.by, e); err != nil {
				return nil, err
			}
		}
		switch {
		case opts.alpha:
			if opts.by != nil {
				it.by, it.hasBy = v, ok
			}
		case ok:
			f, valid := parseSortScore(v)
			if !valid {
				return nil, errSortScore
			}
			it.score = f
		}
		items[i] = it
	}
	cmp := sortCompare(opts)
	slices.SortFunc(items, cmp)
	start, count := opts.window(int64(len(items)))
	out := make([][]byte, count)
	for i := range out {
		out[i] = items[start+int64(i)].elem
	}
	opts.offset, opts.count = 0, -1
	return out, nil
}

// sortCompare is the order of Redis's sortCompare: numeric by score, ties
// by the elements' bytes; ALPHA by the elements' bytes, or by the BY values
// with missing ones first; DESC reverses it.
func sortCompare(opts *sortOptions) func(a, b sortItem) int {
	return func(a, b sortItem) int {
		var r int
		switch {
		case !opts.alpha:
			switch {
			case a.score < b.score:
				r = -1
			case a.score > b.score:
				r = 1
			default:
				r = bytes.Compare(a.elem, b.elem)
			}
		case opts.by != nil:
			switch {
			case !a.hasBy || !b.hasBy:
				r = boolCmp(a.hasBy, b.hasBy)
			default:
				r = bytes.Compare(a.by, b.by)
			}
		default:
			r = bytes.Compare(a.elem, b.elem)
		}
		if opts.desc {
			return -r
		}
		return r
	}
}

// boolCmp orders false before true.
func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// parseSortScore reads a number as Redis's SORT does with strtod: leading
// white space allowed, nothing after the number, hexadecimal and inf
// accepted, NaN and values out of a double's range refused; an empty
// value is 0.
func parseSortScore(v []byte) (float64, bool) {
	if len(v) == 0 {
		return 0, true
	}
	if n, ok := ParseInteger(v); ok {
		return float64(n), true
	}
	t := bytes.TrimLeftFunc(v, func(r rune) bool { return r < 0x80 && isCSpace(byte(r)) })
	if len(t) > 2 && t[0] == '0' && (t[1]|0x20) == 'x' || len(t) > 3 && (t[0] == '-' || t[0] == '+') && t[1] == '0' && (t[2]|0x20) == 'x' {
		x, ok := parseLongDouble(t)
		if !ok {
			return 0, false
		}
		f, _ := x.Float64()
		return f, !math.IsInf(f, 0) || x.IsInf()
	}
	f, err := strconv.ParseFloat(string(t), 64)
	if err != nil || math.IsNaN(f) || f != 0 && math.Abs(f) < 0x1p-1022 {
		return 0, false
	}
	return f, true
}

// sortOutput replies with (or stores) the elements, each replaced by its
// GET patterns' values when there are any.
func (c *Call) sortOutput(elems [][]byte, opts *sortOptions) error {
	start, count := opts.window(int64(len(elems)))
	elems = elems[start : start+count]
	per := max(len(opts.gets), 1)
	out := make([][]byte, 0, len(elems)*per)
	present := make([]bool, 0, len(elems)*per)
	for _, e := range elems {
		if len(opts.gets) == 0 {
			out, present = append(out, e), append(present, true)
			continue
		}
		for _, g := range opts.gets {
			v, ok, err := c.lookupPattern(g, e)
			if err != nil {
				return err
			}
			out, present = append(out, v), append(present, ok)
		}
	}
	if opts.store != nil {
		return c.sortStore(opts.store, out)
	}
	c.Out.Array(len(out))
	for i, v := range out {
		if present[i] {
			c.Out.Bulk(v)
		} else {
			c.Out.Null()
		}
	}
	return nil
}

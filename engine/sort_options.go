package engine

import (
	"bytes"
	"strings"
)

// sortOptions are SORT's and SORT_RO's options, as Redis parses them: a
// later ASC/DESC or LIMIT wins over an earlier one, and every GET adds a
// pattern.
type sortOptions struct {
	desc, alpha bool
	offset      int64 // LIMIT; count < 0 means no limit
	count       int64
	by          []byte   // BY pattern; nil for none
	dontSort    bool     // BY a pattern without '*' (BY nosort)
	gets        [][]byte // GET patterns, "#" for the element itself
	store       []byte   // STORE destination; nil for none
}

// Errors of SORT's BY and GET for a user without read access to every key.
var (
	errSortByACL  = errf("BY option of SORT denied due to insufficient ACL permissions.")
	errSortGetACL = errf("GET option of SORT denied due to insufficient ACL permissions.")
)

// parseSortOptions reads the options after the key. storeAllowed is false
// for SORT_RO, where STORE is a syntax error. fullRead reports whether the
// client may read every key (BY and GET patterns need that, as in Redis 7).
func parseSortOptions(args [][]byte, storeAllowed bool, fullRead func() bool) (sortOptions, error) {
	o := sortOptions{count: -1}
	for i := 0; i < len(args); i++ {
		left := len(args) - i - 1
		switch opt := strings.ToLower(string(args[i])); {
		case opt == "asc":
			o.desc = false
		case opt == "desc":
			o.desc = true
		case opt == "alpha":
			o.alpha = true
		case opt == "limit" && left >= 2:
			off, err1 := parseInt(args[i+1])
			cnt, err2 := parseInt(args[i+2])
			if err1 != nil || err2 != nil {
				return o, ErrNotInteger
			}
			o.offset, o.count = off, cnt
			i += 2
		case opt == "store" && left >= 1 && storeAllowed:
			o.store = args[i+1]
			i++
		case opt == "by" && left >= 1:
			o.by = args[i+1]
			o.dontSort = bytes.IndexByte(o.by, '*') < 0
			if !o.dontSort && !fullRead() {
				return o, errSortByACL
			}
			i++
		case opt == "get" && left >= 1:
			if !fullRead() {
				return o, errSortGetACL
			}
			o.gets = append(o.gets, args[i+1])
			i++
		default:
			return o, ErrSyntax
		}
	}
	return o, nil
}

// hasPatterns reports whether the options read keys named by the elements
// (BY with '*', or GET other than "#"), which SORT cannot know beforehand.
func (o *sortOptions) hasPatterns() bool {
	if o.by != nil && !o.dontSort {
		return true
	}
	for _, g := range o.gets {
		if !isHashSign(g) {
			return true
		}
	}
	return false
}

// isHashSign reports whether a GET pattern is "#": the element itself.
func isHashSign(p []byte) bool { return len(p) == 1 && p[0] == '#' }

// window is the LIMIT applied to n elements: the first index and how many,
// clamped as Redis clamps them.
func (o *sortOptions) window(n int64) (start, count int64) {
	start, count = o.offset, o.count
	if start < 0 {
		start = 0
	}
	if count < 0 || count > n {
		count = n
	}
	if start >= n {
		return 0, 0
	}
	return start, min(count, n-start)
}

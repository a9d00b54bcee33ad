package engine

import (
	"bytes"
	"strconv"

	"github.com/tierdb/tierdb/configs"
)

// The reply of HSCAN, SSCAN and ZSCAN: one collection's elements walked in
// cursor order (the 64-bit hash of the next element, see tier/hash_order.go),
// filtered by MATCH, as [next cursor, items].

// replyEmptyScan returns err, or replies the scan of a missing key when
// there is none: cursor 0 and no element.
func replyEmptyScan(c *Call, err error) error {
	if err == nil {
		c.Out.Array(2)
		c.Out.BulkString("0")
		c.Out.Array(0)
	}
	return err
}

// replyScan answers a scan of one collection's elements (HSCAN, SSCAN,
// ZSCAN) once its key is found: it parses [MATCH pattern] [COUNT
// count] from opts, walks about COUNT elements from cursor (all of them,
// and cursor 0, when whole: Redis's compact encodings come in one call),
// and replies [next cursor, items], where each element MATCH keeps (by its
// name) gives its name, and its value too with values. walk is the
// collection's Scan: it calls fn for elements in cursor order and returns
// the cursor to continue from; a count below 0 walks everything.
func replyScan(c *Call, opts [][]byte, cursor uint64, whole, values bool,
	walk func(cursor uint64, count int, fn func(name, value []byte) bool) (uint64, error)) error {
	count, pattern, err := parseScanOptions(opts)
	if err != nil {
		return err
	}
	var items [][]byte
	keep := func(name, value []byte) bool {
		if pattern == nil || configs.GlobMatch(string(pattern), string(name), false) {
			items = append(items, bytes.Clone(name))
			if values {
				items = append(items, bytes.Clone(value))
			}
		}
		return true
	}
	next := uint64(0)
	if whole {
		_, err = walk(0, -1, keep)
	} else {
		next, err = walk(cursor, int(min(count, 1<<31)), keep)
	}
	if err != nil {
		return err
	}
	c.Out.Array(2)
	c.Out.BulkString(strconv.FormatUint(next, 10))
	c.Out.Array(len(items))
	for _, it := range items {
		c.Out.Bulk(it)
	}
	return nil
}

// parseScanOptions reads [MATCH pattern] [COUNT count] in any order, any
// number of times (the last wins). The pattern is nil when every element
// matches.
func parseScanOptions(args [][]byte) (count int64, pattern []byte, err error) {
	count = 10
	for i := 0; i < len(args); i += 2 {
		if i+1 >= len(args) {
			return 0, nil, ErrSyntax
		}
		switch val := args[i+1]; {
		case optEq(args[i], "count"):
			if count, err = parseInt(val); err != nil {
				return 0, nil, err
			}
			if count < 1 {
				return 0, nil, ErrSyntax
			}
		case optEq(args[i], "match"):
			pattern = val
			if string(val) == "*" {
				pattern = nil
			}
		default:
			return 0, nil, ErrSyntax
		}
	}
	return count, pattern, nil
}

package engine

import (
	"bytes"
	"strconv"

	"github.com/tierdb/tierdb/configs"
)

// SSCAN. As HSCAN (hash_scan.go): the cursor is the 64-bit hash of the next
// member to return, so it needs no state on the server, survives restarts
// and returns every member present from the start of a full iteration to
// its end, exactly once. A set in Redis's intset encoding comes whole, with
// cursor 0, whatever the cursor and COUNT, as in Redis.

// SSCAN key cursor [MATCH pattern] [COUNT count]
//
// Checks run in Redis's order: the cursor, the key (a missing key is an
// empty scan, whatever the options), then the options.
func cmdSscan(c *Call) error {
	cursor, err := parseScanCursor(c.Args[2])
	if err != nil {
		return err
	}
	s, err := c.readSet(c.Args[1])
	if err != nil || s == nil {
		return replyEmptyScan(c, err)
	}
	walk := func(cursor uint64, count int, fn func(name, value []byte) bool) (uint64, error) {
		return s.Scan(cursor, count, func(m []byte) bool { return fn(m, nil) })
	}
	return replyScan(c, c.Args[3:], cursor, !s.Object().Hashtable(), false, walk)
}

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

// replyScan answers a scan of one collection's elements (SSCAN; HSCAN's
// shape too) once its key is found: it parses [MATCH pattern] [COUNT
// count] from opts, walks about COUNT elements from cursor (all of them,
// and cursor 0, when whole: Redis's compact encodings come in one call),
// and replies [next cursor, items], where each element MATCH keeps (by its
// name) gives its name, and its value too with values. walk is the
// collection's Scan: it calls fn for elements in cursor order and returns
// the cursor to continue from; a count below 0 walks everything.
func replyScan(c *Call, opts [][]byte, cursor uint64, whole, values bool,
	walk func(cursor uint64, count int, fn func(name, value []byte) bool) (uint64, error)) error {
	count, pattern, err := parseHscanOptions(opts)
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

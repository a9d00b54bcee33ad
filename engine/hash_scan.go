package engine

import (
	"strconv"

	"github.com/tierdb/tierdb/configs"
)

// HSCAN. The cursor is the 64-bit hash of the next field to return (fields
// are stored in hash order, see tier/hash.go), so it needs no state on the
// server, survives restarts and gives Redis's guarantee: a field present
// from the start of a full iteration to its end is returned (exactly once,
// since hashes shared by several fields are never split across calls). A
// hash in Redis's listpack encoding comes whole, with cursor 0, whatever
// the cursor and COUNT, as in Redis.

// HSCAN key cursor [MATCH pattern] [COUNT count]
//
// Checks run in Redis's order: the cursor, the key (a missing key is an
// empty scan, whatever the options), then the options.
func cmdHscan(c *Call) error {
	cursor, err := parseScanCursor(c.Args[2])
	if err != nil {
		return err
	}
	h, err := c.readHash(c.Args[1])
	if err != nil {
		return err
	}
	if h == nil {
		c.Out.Array(2)
		c.Out.BulkString("0")
		c.Out.Array(0)
		return nil
	}
	count, pattern, err := parseHscanOptions(c.Args[3:])
	if err != nil {
		return err
	}
	var pairs [][]byte
	keep := func(f, v []byte) bool {
		if pattern == nil || configs.GlobMatch(string(pattern), string(f), false) {
			pairs = append(pairs, append([]byte{}, f...), append([]byte{}, v...))
		}
		return true
	}
	next := uint64(0)
	if h.Object().Hashtable() {
		next, err = h.Scan(cursor, int(min(count, 1<<31)), keep)
	} else {
		err = h.Each(keep)
	}
	if err != nil {
		return err
	}
	c.Out.Array(2)
	c.Out.BulkString(strconv.FormatUint(next, 10))
	c.Out.Array(len(pairs))
	for _, p := range pairs {
		c.Out.Bulk(p)
	}
	return nil
}

// parseHscanOptions reads [MATCH pattern] [COUNT count] in any order, any
// number of times (the last wins). The pattern is nil when every field
// matches.
func parseHscanOptions(args [][]byte) (count int64, pattern []byte, err error) {
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

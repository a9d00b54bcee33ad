package engine

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

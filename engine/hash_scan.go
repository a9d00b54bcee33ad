package engine

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
	if err != nil || h == nil {
		return replyEmptyScan(c, err)
	}
	return replyScan(c, c.Args[3:], cursor, !h.Object().Hashtable(), true, h.Scan)
}

package engine

import (
	"bytes"
)

// Whole-database commands: FLUSHDB, FLUSHALL, SWAPDB. They carry LockAll, so
// the engine holds every shard lock while they run; the store makes each one
// O(1) in the number of keys (range deletions, a swap of two map entries).

// FLUSHDB [ASYNC|SYNC]
func cmdFlushDB(c *Call) error {
	if err := parseFlushMode(c.Args); err != nil {
		return err
	}
	db := c.DB()
	if err := c.touchWatchedExisting(func(d int) bool { return d == db }, nil); err != nil {
		return err
	}
	c.e.stats.Dirty.Add(c.Txn.DBSize(db))
	c.Txn.FlushDB(db)
	OK(c.Out)
	return nil
}

// FLUSHALL [ASYNC|SYNC]
func cmdFlushAll(c *Call) error {
	if err := parseFlushMode(c.Args); err != nil {
		return err
	}
	if err := c.touchWatchedExisting(func(int) bool { return true }, nil); err != nil {
		return err
	}
	n := c.e.store.Databases()
	for db := range n {
		c.e.stats.Dirty.Add(c.Txn.DBSize(db))
		c.Txn.FlushDB(db)
	}
	OK(c.Out)
	return nil
}

// parseFlushMode checks FLUSHDB's and FLUSHALL's optional ASYNC or SYNC. Both
// modes do the same: the flush is a few range deletions whatever the number
// of keys, and compaction reclaims the space in the background.
func parseFlushMode(args [][]byte) error {
	switch {
	case len(args) == 1:
		return nil
	case len(args) == 2 && (bytes.EqualFold(args[1], []byte("async")) || bytes.EqualFold(args[1], []byte("sync"))):
		return nil
	}
	return ErrSyntax
}

// SWAPDB index1 index2
func cmdSwapDB(c *Call) error {
	a, err := parseSwapIndex(c.Args[1], "invalid first DB index")
	if err != nil {
		return err
	}
	b, err := parseSwapIndex(c.Args[2], "invalid second DB index")
	if err != nil {
		return err
	}
	n := int64(c.e.store.Databases())
	if a < 0 || a >= n || b < 0 || b >= n {
		return ErrDBIndex
	}
	if a != b {
		// A watched key of either database changes if it exists in
		// either of them (Redis 7's rule).
		both := func(d int) bool { return d == int(a) || d == int(b) }
		if err := c.touchWatchedExisting(both, []int{int(a), int(b)}); err != nil {
			return err
		}
		c.Txn.SwapDB(int(a), int(b))
		c.e.stats.Dirty.Add(1)
	}
	OK(c.Out)
	return nil
}

// parseSwapIndex parses a SWAPDB index: a 32-bit integer, or msg.
func parseSwapIndex(arg []byte, msg string) (int64, error) {
	n, err := parseInt(arg)
	if err != nil || n < -1<<31 || n > 1<<31-1 {
		return 0, errf(msg)
	}
	return n, nil
}

// touchWatchedExisting marks dirty the sessions WATCHing a key of a database
// that affected selects, if the key exists now: in its own database, or in
// any database of also (SWAPDB: in either swapped database). It must run
// before the flush or swap it announces, under every shard lock.
func (c *Call) touchWatchedExisting(affected func(db int) bool, also []int) error {
	var firstErr error
	exists := func(db int, key string) bool {
		o, err := c.Txn.Peek(db, []byte(key))
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return o != nil
	}
	c.e.watches.touchWhere(func(db int, key string) bool {
		if !affected(db) {
			return false
		}
		if exists(db, key) {
			return true
		}
		for _, d := range also {
			if d != db && exists(d, key) {
				return true
			}
		}
		return false
	})
	return firstErr
}

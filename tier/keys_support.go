package tier

// Small store functions for the key-space commands (COPY, RESTORE, DBSIZE).

// SetLastAccess sets the unix-millisecond time o counts as last accessed
// (RESTORE ... IDLETIME). Call it after the Put that stored o, which resets
// the access time; the caller holds the key's shard lock.
func (o *Object) SetLastAccess(ms int64) { o.lastAccess = ms }

// DBSize is the number of keys in logical database db as this Txn sees it:
// the committed count plus the Txn's own uncommitted changes (a FLUSHDB or
// SET earlier in the same MULTI/EXEC).
func (t *Txn) DBSize(db int) int64 {
	ks := t.s.keyspace(db)
	n := ks.count.Load()
	for _, c := range t.counts {
		if c.ks == ks {
			n += c.delta
		}
	}
	return n
}

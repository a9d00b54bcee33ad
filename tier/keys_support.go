package tier

import "bytes"

// Small store functions for the key-space commands (COPY, RESTORE, DBSIZE).

// Clone returns a deep copy of o for COPY: the same kind, value and TTL, with
// no access history, owning its memory. Strings are copied whole; a
// collection kind must extend Clone (or COPY) to copy its elements under a
// fresh version, because two keys must never share one version's elements.
func (o *Object) Clone() *Object {
	return &Object{Kind: o.Kind, ExpireAt: o.ExpireAt, Str: bytes.Clone(o.Str)}
}

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

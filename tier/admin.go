package tier

// FlushDB deletes every key of database db within the Txn. The caller holds
// every shard lock. Disk space is reclaimed by range deletions, so the cost
// does not depend on the number of keys.
func (t *Txn) FlushDB(db int) {
	ks := t.s.keyspace(db)
	t.b().DropKeyspace(ks.phys)
	pending := int64(0)
	for _, c := range t.counts {
		if c.ks == ks {
			pending += c.delta
		}
	}
	t.addMemCount(ks, -(ks.count.Load() + pending))
	t.s.flushHot(ks)
	t.flushed = append(t.flushed, ks)
	t.undo = append(t.undo, func() {
		for i := range ks.cold {
			ks.cold[i] = coldUnknown
		}
	})
}

func (t *Txn) flushedHere(ks *keyspace) bool {
	for _, f := range t.flushed {
		if f == ks {
			return true
		}
	}
	return false
}

// SwapDB exchanges the contents of databases a and b within the Txn. The
// caller holds every shard lock. Only the two database map entries change.
func (t *Txn) SwapDB(a, b int) {
	swap := func() {
		dbs := append([]*keyspace(nil), *t.s.dbs.Load()...)
		dbs[a], dbs[b] = dbs[b], dbs[a]
		t.s.dbs.Store(&dbs)
	}
	swap()
	t.undo = append(t.undo, swap)
	batch := t.b()
	batch.SetDBMap(uint32(a), t.s.keyspace(a).phys)
	batch.SetDBMap(uint32(b), t.s.keyspace(b).phys)
}

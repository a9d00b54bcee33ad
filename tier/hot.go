package tier

// insertHot adds o to the hot set. The caller holds the shard lock.
func (s *Store) insertHot(ks *keyspace, shard int, key string, o *Object) {
	o.size = o.footprint(key)
	ks.hot[shard][key] = o
	s.account(o.size)
	s.hotN.Add(1)
	ks.hotN.Add(1)
	s.indexVolatile(ks, shard, key, o)
	if s.used.Load() > s.limit.Load() {
		s.kickEvictor()
	}
}

// removeHot drops key from the hot set if o is its hot object. The caller
// holds the shard lock.
func (s *Store) removeHot(ks *keyspace, shard int, key string, o *Object) {
	if cur, ok := ks.hot[shard][key]; !ok || cur != o {
		return
	}
	delete(ks.hot[shard], key)
	s.account(-o.size)
	s.hotN.Add(-1)
	ks.hotN.Add(-1)
	if _, ok := ks.vol[shard][key]; ok {
		delete(ks.vol[shard], key)
		ks.volN.Add(-1)
	}
}

// resize re-accounts an object changed in place (its TTL too).
func (s *Store) resize(ks *keyspace, o *Object, key string) {
	n := o.footprint(key)
	s.account(n - o.size)
	o.size = n
	if ks != nil {
		s.indexVolatile(ks, ShardOf([]byte(key)), key, o)
	}
}

// indexVolatile keeps ks.vol in step with o's TTL.
func (s *Store) indexVolatile(ks *keyspace, shard int, key string, o *Object) {
	_, in := ks.vol[shard][key]
	switch {
	case o.ExpireAt != 0 && !in:
		ks.vol[shard][key] = struct{}{}
		ks.volN.Add(1)
	case o.ExpireAt == 0 && in:
		delete(ks.vol[shard], key)
		ks.volN.Add(-1)
	}
}

// flushHot empties the hot set of ks (FLUSHDB). The caller holds every
// shard lock.
func (s *Store) flushHot(ks *keyspace) {
	for i, m := range ks.hot {
		for _, o := range m {
			s.account(-o.size)
		}
		s.hotN.Add(-int64(len(m)))
		ks.hot[i] = make(map[string]*Object)
		ks.vol[i] = make(map[string]struct{})
		ks.cold[i] = 0
		ks.spilled[i] = nil
	}
	ks.hotN.Store(0)
	ks.volN.Store(0)
	ks.epoch++
}

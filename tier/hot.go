package tier

// insertHot adds o to the hot set. The caller holds the shard lock.
func (s *Store) insertHot(ks *keyspace, shard int, key string, o *Object) {
	o.size = o.footprint(key)
	ks.hot[shard][key] = o
	s.account(o.size)
}

// removeHot drops key from the hot set. The caller holds the shard lock.
func (s *Store) removeHot(ks *keyspace, shard int, key string, o *Object) {
	delete(ks.hot[shard], key)
	s.account(-o.size)
}

// resize re-accounts an object changed in place.
func (s *Store) resize(_ *keyspace, o *Object, key string) {
	n := o.footprint(key)
	s.account(n - o.size)
	o.size = n
}

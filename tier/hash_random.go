package tier

// Random fields of a hash (HRANDFIELD). A loaded hash picks uniformly from
// its fields. An element-cold one seeks to a random 64-bit point of its
// element order and takes the next field (wrapping around): one bounded
// Pebble read per pick, never a load of the hash, or one pass when n is a
// large part of the hash (hash_order.go's randomPairs). Field hashes are
// spread evenly, so every field has about the same chance, not exactly: a
// field after a wider gap of hashes is a little more likely (Redis's own
// pick from a hash table is not exactly fair either).

// Random calls fn for n fields picked at random. With distinct they are n
// different fields and n must be less than Len (a caller wanting at least
// Len distinct fields wants them all: Each); without, a field may come more
// than once.
func (h *Hash) Random(n int, distinct bool, fn func(field, value []byte)) error {
	if n <= 0 || h.o.Count == 0 {
		return nil
	}
	if he := h.o.hashElems(); he != nil {
		randomEntries(he.sorted(), n, distinct, func(e hashEntry) { fn([]byte(e.field), he.m[e.field]) })
		return nil
	}
	return h.randomCold(n, distinct, nil, "hash", "field", nil, h.Each, fn)
}

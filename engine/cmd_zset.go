package engine

import (
	"cmp"

	"github.com/tierdb/tierdb/tier"
)

// Sorted set commands: the table (COMMAND INFO and DOCS of Redis 7.0), then
// the handlers of single members in table order. Parsing of scores and
// ranges is in zset_parse.go, OBJECT ENCODING's rules and ZADD's core in
// zset_encoding.go, the range commands in zset_range.go, range removals in
// zset_remove.go, pops in zset_pop.go (blocking ones included), the
// multi-key algebra in zset_algebra.go, ZRANDMEMBER and ZSCAN in
// zset_random.go, DUMP in zset_dump.go. Every handler works through
// tier.ZSet, the same code for a sorted set in memory and one only on disk.
var zsetCommands = []*Command{
	{Name: "zadd", Arity: -4, Flags: Write | DenyOOM | Fast, ACL: CatSortedSet, Keys: oneKey(RW | Update),
		Group: "sorted-set", Since: "1.2.0",
		Summary: "Add one or more members to a sorted set, or update its score if it already exists",
		Complex: "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
		Run:     cmdZadd},
	{Name: "zincrby", Arity: 4, Flags: Write | DenyOOM | Fast, ACL: CatSortedSet, Keys: oneKey(RW | Access | Update),
		Group: "sorted-set", Summary: "Increment the score of a member in a sorted set", Since: "1.2.0",
		Complex: "O(log(N)) where N is the number of elements in the sorted set.", Run: cmdZincrby},
	{Name: "zrem", Arity: -3, Flags: Write | Fast, ACL: CatSortedSet, Keys: oneKey(RW | Delete),
		Group: "sorted-set", Summary: "Remove one or more members from a sorted set", Since: "1.2.0",
		Complex: "O(M*log(N)) with N being the number of elements in the sorted set and M the number of " +
			"elements to be removed.",
		Run: cmdZrem},
	{Name: "zscore", Arity: 3, Flags: ReadOnly | Fast, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group: "sorted-set", Summary: "Get the score associated with the given member in a sorted set",
		Since: "1.2.0", Complex: "O(1)", Run: cmdZscore},
	{Name: "zmscore", Arity: -3, Flags: ReadOnly | Fast, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group: "sorted-set", Summary: "Get the score associated with the given members in a sorted set",
		Since: "6.2.0", Complex: "O(N) where N is the number of members being requested.", Run: cmdZmscore},
	{Name: "zcard", Arity: 2, Flags: ReadOnly | Fast, ACL: CatSortedSet, Keys: oneKey(RO),
		Group: "sorted-set", Summary: "Get the number of members in a sorted set", Since: "1.2.0",
		Complex: "O(1)", Run: cmdZcard},
	{Name: "zcount", Arity: 4, Flags: ReadOnly | Fast, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group: "sorted-set", Summary: "Count the members in a sorted set with scores within the given values",
		Since: "2.0.0", Complex: zsetLogN, Run: cmdZcount},
	{Name: "zlexcount", Arity: 4, Flags: ReadOnly | Fast, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group:   "sorted-set",
		Summary: "Count the number of members in a sorted set between a given lexicographical range",
		Since:   "2.8.9", Complex: zsetLogN, Run: cmdZlexcount},
	{Name: "zrange", Arity: -4, Flags: ReadOnly, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group: "sorted-set", Summary: "Return a range of members in a sorted set", Since: "1.2.0",
		Complex: zsetRangeComplex + "returned.", Run: cmdZrange},
	{Name: "zrangestore", Arity: -5, Flags: Write | DenyOOM, ACL: CatSortedSet,
		Keys:  []KeySpec{{Flags: OW | Update, Index: 1, Step: 1}, {Flags: RO | Access, Index: 2, Step: 1}},
		Group: "sorted-set", Summary: "Store a range of members from sorted set into another key",
		Since: "6.2.0", Complex: zsetRangeComplex + "stored into the destination key.", Run: cmdZrangestore},
	{Name: "zrangebyscore", Arity: -4, Flags: ReadOnly, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group: "sorted-set", Summary: "Return a range of members in a sorted set, by score", Since: "1.0.5",
		Complex: zsetRangeLimitComplex, Run: cmdZrangebyscore},
	{Name: "zrevrangebyscore", Arity: -4, Flags: ReadOnly, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group:   "sorted-set",
		Summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low",
		Since:   "2.2.0", Complex: zsetRangeLimitComplex, Run: cmdZrevrangebyscore},
	{Name: "zrangebylex", Arity: -4, Flags: ReadOnly, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group: "sorted-set", Summary: "Return a range of members in a sorted set, by lexicographical range",
		Since: "2.8.9", Complex: zsetRangeLimitComplex, Run: cmdZrangebylex},
	{Name: "zrevrangebylex", Arity: -4, Flags: ReadOnly, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group: "sorted-set",
		Summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to " +
			"lower strings.",
		Since: "2.8.9", Complex: zsetRangeLimitComplex, Run: cmdZrevrangebylex},
	{Name: "zrevrange", Arity: -4, Flags: ReadOnly, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group:   "sorted-set",
		Summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low",
		Since:   "1.2.0", Complex: zsetRangeComplex + "returned.", Run: cmdZrevrange},
	{Name: "zrank", Arity: 3, Flags: ReadOnly | Fast, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group: "sorted-set", Summary: "Determine the index of a member in a sorted set", Since: "2.0.0",
		Complex: "O(log(N))", Run: cmdZrank},
	{Name: "zrevrank", Arity: 3, Flags: ReadOnly | Fast, ACL: CatSortedSet, Keys: oneKey(RO | Access),
		Group:   "sorted-set",
		Summary: "Determine the index of a member in a sorted set, with scores ordered from high to low",
		Since:   "2.0.0", Complex: "O(log(N))", Run: cmdZrevrank},
	{Name: "zremrangebyrank", Arity: 4, Flags: Write, ACL: CatSortedSet, Keys: oneKey(RW | Delete),
		Group: "sorted-set", Summary: "Remove all members in a sorted set within the given indexes",
		Since: "2.0.0", Complex: zsetRemRangeComplex, Run: cmdZremrangebyrank},
	{Name: "zremrangebyscore", Arity: 4, Flags: Write, ACL: CatSortedSet, Keys: oneKey(RW | Delete),
		Group: "sorted-set", Summary: "Remove all members in a sorted set within the given scores",
		Since: "1.2.0", Complex: zsetRemRangeComplex, Run: cmdZremrangebyscore},
	{Name: "zremrangebylex", Arity: 4, Flags: Write, ACL: CatSortedSet, Keys: oneKey(RW | Delete),
		Group:   "sorted-set",
		Summary: "Remove all members in a sorted set between the given lexicographical range",
		Since:   "2.8.9", Complex: zsetRemRangeComplex, Run: cmdZremrangebylex},
	{Name: "zpopmin", Arity: -2, Flags: Write | Fast, ACL: CatSortedSet, Keys: oneKey(RW | Access | Delete),
		Group: "sorted-set", Summary: "Remove and return members with the lowest scores in a sorted set",
		Since: "5.0.0", Complex: zsetPopComplex, Run: cmdZpopmin},
	{Name: "zpopmax", Arity: -2, Flags: Write | Fast, ACL: CatSortedSet, Keys: oneKey(RW | Access | Delete),
		Group: "sorted-set", Summary: "Remove and return members with the highest scores in a sorted set",
		Since: "5.0.0", Complex: zsetPopComplex, Run: cmdZpopmax},
	{Name: "zmpop", Arity: -4, Flags: Write, ACL: CatSortedSet,
		Keys:  []KeySpec{{Flags: RW | Access | Delete, Index: 1, KeyNum: true, FirstKey: 1, Step: 1}},
		Group: "sorted-set", Summary: "Remove and return members with scores in a sorted set",
		Since: "7.0.0", Complex: zsetMpopComplex, Run: cmdZmpop},
	{Name: "bzpopmin", Arity: -3, Flags: Write | NoScript | Blocking | Fast, ACL: CatSortedSet,
		Keys:  []KeySpec{{Flags: RW | Access | Delete, Index: 1, LastKey: -2, Step: 1}},
		Group: "sorted-set",
		Summary: "Remove and return the member with the lowest score from one or more sorted sets, or block " +
			"until one is available",
		Since: "5.0.0", Complex: zsetLogN, Run: cmdBzpopmin},
	{Name: "bzpopmax", Arity: -3, Flags: Write | NoScript | Blocking | Fast, ACL: CatSortedSet,
		Keys:  []KeySpec{{Flags: RW | Access | Delete, Index: 1, LastKey: -2, Step: 1}},
		Group: "sorted-set",
		Summary: "Remove and return the member with the highest score from one or more sorted sets, or block " +
			"until one is available",
		Since: "5.0.0", Complex: zsetLogN, Run: cmdBzpopmax},
	{Name: "bzmpop", Arity: -5, Flags: Write | Blocking, ACL: CatSortedSet,
		Keys:    []KeySpec{{Flags: RW | Access | Delete, Index: 2, KeyNum: true, FirstKey: 1, Step: 1}},
		Group:   "sorted-set",
		Summary: "Remove and return members with scores in a sorted set or block until one is available",
		Since:   "7.0.0", Complex: zsetMpopComplex, Run: cmdBzmpop},
	{Name: "zrandmember", Tips: []string{"nondeterministic_output"}, Arity: -2, Flags: ReadOnly,
		ACL: CatSortedSet, Keys: oneKey(RO | Access), Group: "sorted-set",
		Summary: "Get one or multiple random elements from a sorted set", Since: "6.2.0",
		Complex: "O(N) where N is the number of elements returned", Run: cmdZrandmember},
	{Name: "zunion", Arity: -3, Flags: ReadOnly, ACL: CatSortedSet, Keys: zsetSourceKeys(1),
		Group: "sorted-set", Summary: "Add multiple sorted sets", Since: "6.2.0", Complex: zsetUnionComplex,
		Run: cmdZunion},
	{Name: "zinter", Arity: -3, Flags: ReadOnly, ACL: CatSortedSet, Keys: zsetSourceKeys(1),
		Group: "sorted-set", Summary: "Intersect multiple sorted sets", Since: "6.2.0", Complex: zsetInterComplex,
		Run: cmdZinter},
	{Name: "zdiff", Arity: -3, Flags: ReadOnly, ACL: CatSortedSet, Keys: zsetSourceKeys(1),
		Group: "sorted-set", Summary: "Subtract multiple sorted sets", Since: "6.2.0", Complex: zsetDiffComplex,
		Run: cmdZdiff},
	{Name: "zunionstore", Arity: -4, Flags: Write | DenyOOM, ACL: CatSortedSet, Keys: zsetStoreKeys(),
		Group:   "sorted-set",
		Summary: "Add multiple sorted sets and store the resulting sorted set in a new key", Since: "2.0.0",
		Complex: "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the " +
			"number of elements in the resulting sorted set.",
		Run: cmdZunionstore},
	{Name: "zinterstore", Arity: -4, Flags: Write | DenyOOM, ACL: CatSortedSet, Keys: zsetStoreKeys(),
		Group:   "sorted-set",
		Summary: "Intersect multiple sorted sets and store the resulting sorted set in a new key",
		Since:   "2.0.0", Complex: zsetInterComplex, Run: cmdZinterstore},
	{Name: "zdiffstore", Arity: -4, Flags: Write | DenyOOM, ACL: CatSortedSet, Keys: zsetStoreKeys(),
		Group:   "sorted-set",
		Summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key",
		Since:   "6.2.0", Complex: zsetDiffComplex, Run: cmdZdiffstore},
	{Name: "zintercard", Arity: -3, Flags: ReadOnly, ACL: CatSortedSet, Keys: zsetSourceKeys(1),
		Group: "sorted-set", Summary: "Intersect multiple sorted sets and return the cardinality of the result",
		Since: "7.0.0", Complex: "O(N*K) worst case with N being the smallest input sorted set, K being the " +
			"number of input sorted sets.",
		Run: cmdZintercard},
	{Name: "zscan", Tips: []string{"nondeterministic_output"}, Arity: -3, Flags: ReadOnly, ACL: CatSortedSet,
		Keys: oneKey(RO | Access), Group: "sorted-set",
		Summary: "Incrementally iterate sorted sets elements and associated scores", Since: "2.8.0",
		Complex: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the " +
			"cursor to return back to 0. N is the number of elements inside the collection..",
		Run: cmdZscan},
}

// COMMAND DOCS complexities shared by several sorted set commands.
const (
	zsetLogN         = "O(log(N)) with N being the number of elements in the sorted set."
	zsetRangeComplex = "O(log(N)+M) with N being the number of elements in the sorted set and M the number " +
		"of elements "
	zsetRangeLimitComplex = "O(log(N)+M) with N being the number of elements in the sorted set and M the " +
		"number of elements being returned. If M is constant (e.g. always asking for the first 10 elements " +
		"with LIMIT), you can consider it O(log(N))."
	zsetRemRangeComplex = "O(log(N)+M) with N being the number of elements in the sorted set and M the " +
		"number of elements removed by the operation."
	zsetPopComplex = "O(log(N)*M) with N being the number of elements in the sorted set, and M being the " +
		"number of elements popped."
	zsetMpopComplex = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of " +
		"elements in the sorted set, and M being the number of elements popped."
	zsetUnionComplex = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M " +
		"being the number of elements in the resulting sorted set."
	zsetInterComplex = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being " +
		"the number of input sorted sets and M being the number of elements in the resulting sorted set."
	zsetDiffComplex = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the " +
		"sets, N is the size of the first set, and K is the size of the result set."
)

// zsetSourceKeys is the key spec of the numkeys-counted sources of ZUNION
// and its kin, whose numkeys argument is at index numkeys.
func zsetSourceKeys(numkeys int) []KeySpec {
	return []KeySpec{{Flags: RO | Access, Index: numkeys, KeyNum: true, FirstKey: 1, Step: 1}}
}

// zsetStoreKeys is the key spec of ZUNIONSTORE and its kin: the
// destination, then the counted sources.
func zsetStoreKeys() []KeySpec {
	return append([]KeySpec{{Flags: OW | Update, Index: 1, Step: 1}}, zsetSourceKeys(2)...)
}

// readZSet looks key up for a read (counting hits and misses) and returns
// its sorted set handle, nil if there is no key, or WRONGTYPE.
func (c *Call) readZSet(key []byte) (*tier.ZSet, error) {
	o, err := c.lookupRead(key)
	if err = cmp.Or(err, checkKind(o, tier.KindZSet)); err != nil || o == nil {
		return nil, err
	}
	return c.Txn.ZSet(c.DB(), key, o)
}

// writeZSet looks key up for a write and returns its sorted set handle, or
// WRONGTYPE. A missing key gives a new empty sorted set when create is set
// (stored by its first entry), else nil.
func (c *Call) writeZSet(key []byte, create bool) (*tier.ZSet, error) {
	o, err := c.lookupWrite(key)
	if err = cmp.Or(err, checkKind(o, tier.KindZSet)); err != nil || (o == nil && !create) {
		return nil, err
	}
	if o == nil {
		return c.Txn.NewZSet(c.DB(), key), nil
	}
	return c.Txn.ZSet(c.DB(), key, o)
}

// ZINCRBY key increment member
//
// ZADD key INCR increment member under another name, as in Redis.
func cmdZincrby(c *Call) error {
	return zadd(c, zaddOpts{incr: true}, c.Args[2:])
}

// ZREM key member [member ...]
//
// Removing the last member deletes the key.
func cmdZrem(c *Call) error {
	z, err := c.writeZSet(c.Args[1], false)
	if err != nil {
		return err
	}
	var n int64
	if z != nil {
		for _, m := range c.Args[2:] {
			ok, err := z.Remove(m)
			if err != nil {
				return err
			}
			if ok {
				n++
			}
			if z.Len() == 0 {
				break
			}
		}
	}
	c.Out.Int(n)
	return nil
}

// ZSCORE key member
func cmdZscore(c *Call) error {
	return zmemberReply(c, func(z *tier.ZSet) (bool, error) {
		s, ok, err := z.Score(c.Args[2])
		if ok && err == nil {
			c.Out.Double(s)
		}
		return ok, err
	})
}

// ZMSCORE key member [member ...]
//
// A missing key answers like an empty set: nil for every member.
func cmdZmscore(c *Call) error {
	z, err := c.readZSet(c.Args[1])
	if err != nil {
		return err
	}
	members := c.Args[2:]
	scores := make([]float64, len(members))
	found := make([]bool, len(members))
	if z != nil {
		for i, m := range members {
			if scores[i], found[i], err = z.Score(m); err != nil {
				return err
			}
		}
	}
	c.Out.Array(len(members))
	for i := range members {
		if found[i] {
			c.Out.Double(scores[i])
		} else {
			c.Out.Null()
		}
	}
	return nil
}

// ZCARD key
func cmdZcard(c *Call) error {
	z, err := c.readZSet(c.Args[1])
	if err != nil {
		return err
	}
	var n int64
	if z != nil {
		n = z.Len()
	}
	c.Out.Int(n)
	return nil
}

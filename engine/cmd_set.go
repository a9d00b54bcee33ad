package engine

import (
	"bytes"
	"cmp"

	"github.com/tierdb/tierdb/tier"
)

// Set commands: the table (COMMAND INFO and DOCS of Redis 7.0), then the
// handlers of members and whole sets in table order. SPOP and SRANDMEMBER
// are in set_random.go, the multi-key algebra (SINTER ... SDIFFSTORE) in
// set_algebra.go, SSCAN in set_scan.go, OBJECT ENCODING's rules in
// set_encoding.go. Every handler works through tier.Set, the same code for
// a set in memory and one only on disk.
var setCommands = []*Command{
	{Name: "sadd", Arity: -3, Flags: Write | DenyOOM | Fast, ACL: CatSet, Keys: oneKey(RW | Insert),
		Group: "set", Summary: "Add one or more members to a set", Since: "1.0.0",
		Complex: "O(1) for each element added, so O(N) to add N elements when the command is called with " +
			"multiple arguments.",
		Run: cmdSadd},
	{Name: "srem", Arity: -3, Flags: Write | Fast, ACL: CatSet, Keys: oneKey(RW | Delete),
		Group: "set", Summary: "Remove one or more members from a set", Since: "1.0.0",
		Complex: "O(N) where N is the number of members to be removed.", Run: cmdSrem},
	{Name: "smembers", Tips: []string{"nondeterministic_output_order"}, Arity: 2, Flags: ReadOnly, ACL: CatSet,
		Keys: oneKey(RO | Access), Group: "set", Summary: "Get all the members in a set", Since: "1.0.0",
		Complex: "O(N) where N is the set cardinality.", Run: cmdSmembers},
	{Name: "sismember", Arity: 3, Flags: ReadOnly | Fast, ACL: CatSet, Keys: oneKey(RO),
		Group: "set", Summary: "Determine if a given value is a member of a set", Since: "1.0.0",
		Complex: "O(1)", Run: cmdSismember},
	{Name: "smismember", Arity: -3, Flags: ReadOnly | Fast, ACL: CatSet, Keys: oneKey(RO | Access),
		Group: "set", Summary: "Returns the membership associated with the given elements for a set",
		Since: "6.2.0", Complex: "O(N) where N is the number of elements being checked for membership",
		Run: cmdSmismember},
	{Name: "scard", Arity: 2, Flags: ReadOnly | Fast, ACL: CatSet, Keys: oneKey(RO),
		Group: "set", Summary: "Get the number of members in a set", Since: "1.0.0", Complex: "O(1)",
		Run: cmdScard},
	{Name: "spop", Tips: []string{"nondeterministic_output"}, Arity: -2, Flags: Write | Fast, ACL: CatSet,
		Keys: oneKey(RW | Access | Delete), Group: "set",
		Summary: "Remove and return one or multiple random members from a set", Since: "1.0.0",
		Complex: "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
		Run:     cmdSpop},
	{Name: "srandmember", Tips: []string{"nondeterministic_output"}, Arity: -2, Flags: ReadOnly, ACL: CatSet,
		Keys: oneKey(RO | Access), Group: "set", Summary: "Get one or multiple random members from a set",
		Since: "1.0.0",
		Complex: "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed " +
			"count.",
		Run: cmdSrandmember},
	{Name: "smove", Arity: 4, Flags: Write | Fast, ACL: CatSet,
		Keys:  []KeySpec{{Flags: RW | Access | Delete, Index: 1, Step: 1}, {Flags: RW | Insert, Index: 2, Step: 1}},
		Group: "set", Summary: "Move a member from one set to another", Since: "1.0.0", Complex: "O(1)",
		Run: cmdSmove},
	{Name: "sinter", Tips: []string{"nondeterministic_output_order"}, Arity: -2, Flags: ReadOnly, ACL: CatSet,
		Keys: setSourceKeys(1), Group: "set", Summary: "Intersect multiple sets", Since: "1.0.0",
		Complex: setInterComplexity, Run: cmdSinter},
	{Name: "sintercard", Arity: -3, Flags: ReadOnly, ACL: CatSet,
		Keys:  []KeySpec{{Flags: RO | Access, Index: 1, KeyNum: true, FirstKey: 1, Step: 1}},
		Group: "set", Summary: "Intersect multiple sets and return the cardinality of the result",
		Since: "7.0.0", Complex: setInterComplexity, Run: cmdSintercard},
	{Name: "sinterstore", Arity: -3, Flags: Write | DenyOOM, ACL: CatSet, Keys: setStoreKeys(RW), Group: "set", Summary: "Intersect multiple sets and store the resulting set in a key", Since: "1.0.0",
		Complex: setInterComplexity, Run: cmdSinterstore},
	{Name: "sunion", Tips: []string{"nondeterministic_output_order"}, Arity: -2, Flags: ReadOnly, ACL: CatSet,
		Keys: setSourceKeys(1), Group: "set", Summary: "Add multiple sets", Since: "1.0.0",
		Complex: setAllComplexity, Run: cmdSunion},
	{Name: "sunionstore", Arity: -3, Flags: Write | DenyOOM, ACL: CatSet, Keys: setStoreKeys(OW), Group: "set", Summary: "Add multiple sets and store the resulting set in a key", Since: "1.0.0",
		Complex: setAllComplexity, Run: cmdSunionstore},
	{Name: "sdiff", Tips: []string{"nondeterministic_output_order"}, Arity: -2, Flags: ReadOnly, ACL: CatSet,
		Keys: setSourceKeys(1), Group: "set", Summary: "Subtract multiple sets", Since: "1.0.0",
		Complex: setAllComplexity, Run: cmdSdiff},
	{Name: "sdiffstore", Arity: -3, Flags: Write | DenyOOM, ACL: CatSet, Keys: setStoreKeys(OW), Group: "set", Summary: "Subtract multiple sets and store the resulting set in a key", Since: "1.0.0",
		Complex: setAllComplexity, Run: cmdSdiffstore},
	{Name: "sscan", Tips: []string{"nondeterministic_output"}, Arity: -3, Flags: ReadOnly, ACL: CatSet,
		Keys: oneKey(RO | Access), Group: "set", Summary: "Incrementally iterate Set elements", Since: "2.8.0",
		Complex: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the " +
			"cursor to return back to 0. N is the number of elements inside the collection..",
		Run: cmdSscan},
}

// COMMAND DOCS complexities shared by several set commands.
const (
	setInterComplexity = "O(N*M) worst case where N is the cardinality of the smallest set and M is the " +
		"number of sets."
	setAllComplexity = "O(N) where N is the total number of elements in all given sets."
)

// setSourceKeys is the key spec of the sets a command reads: every
// argument from the one at index first.
func setSourceKeys(first int) []KeySpec {
	return []KeySpec{{Flags: RO | Access, Index: first, LastKey: -1, Step: 1}}
}

// setStoreKeys is the key spec of a STORE command: the destination (RW
// for SINTERSTORE, OW for the others, as Redis says) then the sources.
func setStoreKeys(dst KeyFlag) []KeySpec {
	return append([]KeySpec{{Flags: dst | Update, Index: 1, Step: 1}}, setSourceKeys(2)...)
}

// readSet looks key up for a read (counting hits and misses) and returns
// its set handle, nil if there is no key, or WRONGTYPE.
func (c *Call) readSet(key []byte) (*tier.Set, error) {
	o, err := c.lookupRead(key)
	if err = cmp.Or(err, checkKind(o, tier.KindSet)); err != nil || o == nil {
		return nil, err
	}
	return c.Txn.Set(c.DB(), key, o)
}

// writeSet looks key up for a write and returns its set handle, or
// WRONGTYPE. A missing key gives a new empty set when create is set
// (stored by its first Add), else nil.
func (c *Call) writeSet(key []byte, create bool) (*tier.Set, error) {
	o, err := c.lookupWrite(key)
	if err = cmp.Or(err, checkKind(o, tier.KindSet)); err != nil || (o == nil && !create) {
		return nil, err
	}
	if o == nil {
		return c.Txn.NewSet(c.DB(), key), nil
	}
	return c.Txn.Set(c.DB(), key, o)
}

// SADD key member [member ...]
func cmdSadd(c *Call) error {
	s, err := c.writeSet(c.Args[1], true)
	if err != nil {
		return err
	}
	n, err := c.setLimits().add(s, c.Args[2:]...)
	if err != nil {
		return err
	}
	c.Out.Int(n)
	return nil
}

// SREM key member [member ...]
//
// Removing the last member deletes the key.
func cmdSrem(c *Call) error {
	s, err := c.writeSet(c.Args[1], false)
	if err != nil {
		return err
	}
	var n int64
	if s != nil {
		if n, err = s.Remove(c.Args[2:]...); err != nil {
			return err
		}
	}
	c.Out.Int(n)
	return nil
}

// SMEMBERS key
//
// A set in RESP3. The members come in the order of their hashes, the same
// order as SSCAN's, hot or cold.
func cmdSmembers(c *Call) error {
	s, err := c.readSet(c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.Out.Set(0)
		return nil
	}
	return replyWholeSet(c, s, c.Out.Set)
}

// replyWholeSet replies with every member of s after head(its size). A
// read that fails half way takes back what it wrote, so the error is the
// only reply.
func replyWholeSet(c *Call, s *tier.Set, head func(n int)) error {
	mark := c.Out.Mark()
	head(int(s.Len()))
	err := s.Each(func(m []byte) bool {
		c.Out.Bulk(m)
		return true
	})
	if err != nil {
		c.Out.Rewind(mark)
	}
	return err
}

// SISMEMBER key member
func cmdSismember(c *Call) error {
	s, err := c.readSet(c.Args[1])
	if err != nil {
		return err
	}
	ok := false
	if s != nil {
		if ok, err = s.Has(c.Args[2]); err != nil {
			return err
		}
	}
	c.Out.Int(boolInt(ok))
	return nil
}

// SMISMEMBER key member [member ...]
func cmdSmismember(c *Call) error {
	s, err := c.readSet(c.Args[1])
	if err != nil {
		return err
	}
	members := c.Args[2:]
	found := make([]bool, len(members))
	if s != nil {
		for i, m := range members {
			if found[i], err = s.Has(m); err != nil {
				return err
			}
		}
	}
	c.Out.Array(len(members))
	for _, ok := range found {
		c.Out.Int(boolInt(ok))
	}
	return nil
}

// SCARD key
func cmdScard(c *Call) error {
	s, err := c.readSet(c.Args[1])
	if err != nil {
		return err
	}
	var n int64
	if s != nil {
		n = s.Len()
	}
	c.Out.Int(n)
	return nil
}

// SMOVE source destination member
//
// Checks run in Redis's order: a missing source answers 0 whatever the
// destination holds; then both types; a move to the same set answers
// whether the member is there.
func cmdSmove(c *Call) error {
	srcKey, dstKey, member := c.Args[1], c.Args[2], c.Args[3]
	src, err := c.lookupWrite(srcKey)
	if err != nil {
		return err
	}
	dst, err := c.lookupWrite(dstKey)
	if err != nil {
		return err
	}
	if src == nil {
		c.Out.Int(0)
		return nil
	}
	if err := checkKind(src, tier.KindSet); err != nil {
		return err
	}
	if err := checkKind(dst, tier.KindSet); err != nil {
		return err
	}
	from, err := c.Txn.Set(c.DB(), srcKey, src)
	if err != nil {
		return err
	}
	if bytes.Equal(srcKey, dstKey) {
		ok, err := from.Has(member)
		if err != nil {
			return err
		}
		c.Out.Int(boolInt(ok))
		return nil
	}
	removed, err := from.Remove(member)
	if err != nil || removed == 0 {
		if err == nil {
			c.Out.Int(0)
		}
		return err
	}
	to := c.Txn.NewSet(c.DB(), dstKey)
	if dst != nil {
		if to, err = c.Txn.Set(c.DB(), dstKey, dst); err != nil {
			return err
		}
	}
	if _, err := c.setLimits().add(to, member); err != nil {
		return err
	}
	c.Out.Int(1)
	return nil
}

package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// Hash commands: the table (COMMAND INFO and DOCS of Redis 7.0), then the
// handlers of fields and whole hashes in table order. Counters are in
// hash_counter.go, HRANDFIELD and HSCAN in hash_random.go and hash_scan.go,
// OBJECT ENCODING's rules in hash_encoding.go. Every handler works through
// tier.Hash, the same code for a hash in memory and one only on disk.
var hashCommands = []*Command{
	{Name: "hset", Arity: -4, Flags: Write | DenyOOM | Fast, ACL: CatHash, Keys: oneKey(RW | Update),
		Group: "hash", Summary: "Set the string value of a hash field", Since: "2.0.0",
		Complex: "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is " +
			"called with multiple field/value pairs.",
		Run: cmdHset},
	{Name: "hsetnx", Arity: 4, Flags: Write | DenyOOM | Fast, ACL: CatHash, Keys: oneKey(RW | Insert),
		Group: "hash", Summary: "Set the value of a hash field, only if the field does not exist", Since: "2.0.0",
		Complex: "O(1)", Run: cmdHsetnx},
	{Name: "hmset", Arity: -4, Flags: Write | DenyOOM | Fast, ACL: CatHash, Keys: oneKey(RW | Update),
		Group: "hash", Summary: "Set multiple hash fields to multiple values", Since: "2.0.0",
		Complex: "O(N) where N is the number of fields being set.", Run: cmdHmset},
	{Name: "hget", Arity: 3, Flags: ReadOnly | Fast, ACL: CatHash, Keys: oneKey(RO | Access),
		Group: "hash", Summary: "Get the value of a hash field", Since: "2.0.0", Complex: "O(1)", Run: cmdHget},
	{Name: "hmget", Arity: -3, Flags: ReadOnly | Fast, ACL: CatHash, Keys: oneKey(RO | Access),
		Group: "hash", Summary: "Get the values of all the given hash fields", Since: "2.0.0",
		Complex: "O(N) where N is the number of fields being requested.", Run: cmdHmget},
	{Name: "hgetall", Tips: []string{"nondeterministic_output_order"}, Arity: 2, Flags: ReadOnly, ACL: CatHash,
		Keys: oneKey(RO | Access), Group: "hash", Summary: "Get all the fields and values in a hash",
		Since: "2.0.0", Complex: "O(N) where N is the size of the hash.", Run: cmdHgetall},
	{Name: "hdel", Arity: -3, Flags: Write | Fast, ACL: CatHash, Keys: oneKey(RW | Delete),
		Group: "hash", Summary: "Delete one or more hash fields", Since: "2.0.0",
		Complex: "O(N) where N is the number of fields to be removed.", Run: cmdHdel},
	{Name: "hexists", Arity: 3, Flags: ReadOnly | Fast, ACL: CatHash, Keys: oneKey(RO),
		Group: "hash", Summary: "Determine if a hash field exists", Since: "2.0.0", Complex: "O(1)",
		Run: cmdHexists},
	{Name: "hlen", Arity: 2, Flags: ReadOnly | Fast, ACL: CatHash, Keys: oneKey(RO),
		Group: "hash", Summary: "Get the number of fields in a hash", Since: "2.0.0", Complex: "O(1)",
		Run: cmdHlen},
	{Name: "hkeys", Tips: []string{"nondeterministic_output_order"}, Arity: 2, Flags: ReadOnly, ACL: CatHash,
		Keys: oneKey(RO | Access), Group: "hash", Summary: "Get all the fields in a hash", Since: "2.0.0",
		Complex: "O(N) where N is the size of the hash.", Run: cmdHkeys},
	{Name: "hvals", Tips: []string{"nondeterministic_output_order"}, Arity: 2, Flags: ReadOnly, ACL: CatHash,
		Keys: oneKey(RO | Access), Group: "hash", Summary: "Get all the values in a hash", Since: "2.0.0",
		Complex: "O(N) where N is the size of the hash.", Run: cmdHvals},
	{Name: "hstrlen", Arity: 3, Flags: ReadOnly | Fast, ACL: CatHash, Keys: oneKey(RO),
		Group: "hash", Summary: "Get the length of the value of a hash field", Since: "3.2.0", Complex: "O(1)",
		Run: cmdHstrlen},
	{Name: "hincrby", Arity: 4, Flags: Write | DenyOOM | Fast, ACL: CatHash, Keys: oneKey(RW | Access | Update),
		Group: "hash", Summary: "Increment the integer value of a hash field by the given number",
		Since: "2.0.0", Complex: "O(1)", Run: cmdHincrby},
	{Name: "hincrbyfloat", Arity: 4, Flags: Write | DenyOOM | Fast, ACL: CatHash,
		Keys: oneKey(RW | Access | Update), Group: "hash",
		Summary: "Increment the float value of a hash field by the given amount", Since: "2.6.0",
		Complex: "O(1)", Run: cmdHincrbyfloat},
	{Name: "hrandfield", Tips: []string{"nondeterministic_output"}, Arity: -2, Flags: ReadOnly, ACL: CatHash,
		Keys: oneKey(RO | Access), Group: "hash", Summary: "Get one or multiple random fields from a hash",
		Since: "6.2.0", Complex: "O(N) where N is the number of fields returned", Run: cmdHrandfield},
	{Name: "hscan", Tips: []string{"nondeterministic_output"}, Arity: -3, Flags: ReadOnly, ACL: CatHash,
		Keys: oneKey(RO | Access), Group: "hash",
		Summary: "Incrementally iterate hash fields and associated values", Since: "2.8.0",
		Complex: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the " +
			"cursor to return back to 0. N is the number of elements inside the collection..",
		Run: cmdHscan},
}

// readHash looks key up for a read (counting hits and misses) and returns
// its hash handle, nil if there is no key, or WRONGTYPE.
func (c *Call) readHash(key []byte) (*tier.Hash, error) {
	o, err := c.lookupRead(key)
	if err != nil || o == nil {
		return nil, err
	}
	if o.Kind != tier.KindHash {
		return nil, ErrWrongType
	}
	return c.Txn.Hash(c.DB(), key, o)
}

// writeHash looks key up for a write and returns its hash handle, or
// WRONGTYPE. A missing key gives a new empty hash when create is set
// (stored by its first Set), else nil.
func (c *Call) writeHash(key []byte, create bool) (*tier.Hash, error) {
	o, err := c.lookupWrite(key)
	switch {
	case err != nil:
		return nil, err
	case o == nil && create:
		return c.Txn.NewHash(c.DB(), key), nil
	case o == nil:
		return nil, nil
	case o.Kind != tier.KindHash:
		return nil, ErrWrongType
	}
	return c.Txn.Hash(c.DB(), key, o)
}

// HSET key field value [field value ...]
func cmdHset(c *Call) error {
	n, err := setPairs(c)
	if err != nil {
		return err
	}
	c.Out.Int(n)
	return nil
}

// HMSET key field value [field value ...]
func cmdHmset(c *Call) error {
	if _, err := setPairs(c); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

// setPairs stores the field value pairs of HSET and HMSET and returns how
// many fields were new. An odd number of arguments is an arity error,
// before the key is looked at, as in Redis.
func setPairs(c *Call) (int64, error) {
	if len(c.Args)%2 != 0 {
		return 0, ErrArity(c.Cmd.Name)
	}
	h, err := c.writeHash(c.Args[1], true)
	if err != nil {
		return 0, err
	}
	lim := c.hashLimits()
	var n int64
	for i := 2; i < len(c.Args); i += 2 {
		created, err := lim.set(h, c.Args[i], c.Args[i+1])
		if err != nil {
			return 0, err
		}
		if created {
			n++
		}
	}
	return n, nil
}

// HSETNX key field value
func cmdHsetnx(c *Call) error {
	h, err := c.writeHash(c.Args[1], true)
	if err != nil {
		return err
	}
	exists, err := h.Exists(c.Args[2])
	if err != nil {
		return err
	}
	if exists {
		c.Out.Int(0)
		return nil
	}
	if _, err := c.hashLimits().set(h, c.Args[2], c.Args[3]); err != nil {
		return err
	}
	c.Out.Int(1)
	return nil
}

// HGET key field
func cmdHget(c *Call) error {
	h, err := c.readHash(c.Args[1])
	if err != nil || h == nil {
		return nullOr(c, err)
	}
	v, ok, err := h.Get(c.Args[2])
	if err != nil {
		return err
	}
	if !ok {
		c.Out.Null()
		return nil
	}
	c.Out.Bulk(v)
	return nil
}

// nullOr returns err, or replies nil when there is none.
func nullOr(c *Call, err error) error {
	if err == nil {
		c.Out.Null()
	}
	return err
}

// HMGET key field [field ...]
func cmdHmget(c *Call) error {
	h, err := c.readHash(c.Args[1])
	if err != nil {
		return err
	}
	fields := c.Args[2:]
	vals := make([][]byte, len(fields))
	found := make([]bool, len(fields))
	if h != nil {
		for i, f := range fields {
			if vals[i], found[i], err = h.Get(f); err != nil {
				return err
			}
		}
	}
	c.Out.Array(len(fields))
	for i := range fields {
		if found[i] {
			c.Out.Bulk(vals[i])
		} else {
			c.Out.Null()
		}
	}
	return nil
}

// HGETALL key
//
// A map in RESP3. The fields come in the order of their hashes, the same
// order as HSCAN's, hot or cold.
func cmdHgetall(c *Call) error {
	return replyWholeHash(c, func(n int) { c.Out.Map(n) }, true, true)
}

// HKEYS key
func cmdHkeys(c *Call) error {
	return replyWholeHash(c, func(n int) { c.Out.Array(n) }, true, false)
}

// HVALS key
func cmdHvals(c *Call) error {
	return replyWholeHash(c, func(n int) { c.Out.Array(n) }, false, true)
}

// replyWholeHash replies with every field and/or value of the hash at key,
// after head(count): empty for a missing key. A read that fails half way
// takes back what it wrote, so the error is the only reply.
func replyWholeHash(c *Call, head func(n int), fields, values bool) error {
	h, err := c.readHash(c.Args[1])
	if err != nil {
		return err
	}
	if h == nil {
		head(0)
		return nil
	}
	mark := c.Out.Mark()
	head(int(h.Len()))
	err = h.Each(func(f, v []byte) bool {
		if fields {
			c.Out.Bulk(f)
		}
		if values {
			c.Out.Bulk(v)
		}
		return true
	})
	if err != nil {
		c.Out.Rewind(mark)
	}
	return err
}

// HDEL key field [field ...]
//
// Deleting the last field deletes the key.
func cmdHdel(c *Call) error {
	h, err := c.writeHash(c.Args[1], false)
	if err != nil {
		return err
	}
	var n int64
	if h != nil {
		for _, f := range c.Args[2:] {
			ok, err := h.Del(f)
			if err != nil {
				return err
			}
			if ok {
				n++
			}
		}
	}
	c.Out.Int(n)
	return nil
}

// HEXISTS key field
func cmdHexists(c *Call) error {
	h, err := c.readHash(c.Args[1])
	if err != nil {
		return err
	}
	ok := false
	if h != nil {
		if ok, err = h.Exists(c.Args[2]); err != nil {
			return err
		}
	}
	c.Out.Int(boolInt(ok))
	return nil
}

// HLEN key
func cmdHlen(c *Call) error {
	h, err := c.readHash(c.Args[1])
	if err != nil {
		return err
	}
	var n int64
	if h != nil {
		n = h.Len()
	}
	c.Out.Int(n)
	return nil
}

// HSTRLEN key field
func cmdHstrlen(c *Call) error {
	h, err := c.readHash(c.Args[1])
	if err != nil {
		return err
	}
	var n int
	if h != nil {
		v, _, err := h.Get(c.Args[2])
		if err != nil {
			return err
		}
		n = len(v)
	}
	c.Out.Int(int64(n))
	return nil
}

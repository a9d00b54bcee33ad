package engine

import (
	"bytes"

	"github.com/tierdb/tierdb/tier"
)

// String commands: the table (COMMAND INFO and DOCS of Redis 7.0), then
// the handlers of whole values in table order. Ranges are in
// string_range.go, counters in string_counter.go, LCS in string_lcs.go.
var stringCommands = []*Command{
	{Name: "get", Arity: 2, Flags: ReadOnly | Fast, ACL: CatString, Keys: oneKey(RO | Access),
		Group: "string", Summary: "Get the value of a key", Since: "1.0.0", Complex: "O(1)", Run: cmdGet},
	{Name: "set", Arity: -3, Flags: Write | DenyOOM, ACL: CatString,
		Keys: []KeySpec{{Notes: "RW and ACCESS due to the optional `GET` argument",
			Flags: RW | Access | Update | VariableFlags, Index: 1, Step: 1}},
		Group: "string", Summary: "Set the string value of a key", Since: "1.0.0", Complex: "O(1)", Run: cmdSet},
	{Name: "getset", Arity: 3, Flags: Write | DenyOOM | Fast, ACL: CatString, Keys: oneKey(RW | Access | Update),
		Group: "string", Summary: "Set the string value of a key and return its old value", Since: "1.0.0",
		Complex: "O(1)", Run: cmdGetset},
	{Name: "getdel", Arity: 2, Flags: Write | Fast, ACL: CatString, Keys: oneKey(RW | Access | Delete),
		Group: "string", Summary: "Get the value of a key and delete the key", Since: "6.2.0", Complex: "O(1)",
		Run: cmdGetdel},
	{Name: "getex", Arity: -2, Flags: Write | Fast, ACL: CatString,
		Keys:  []KeySpec{{Notes: "RW and UPDATE because it changes the TTL", Flags: RW | Access | Update, Index: 1, Step: 1}},
		Group: "string", Summary: "Get the value of a key and optionally set its expiration", Since: "6.2.0",
		Complex: "O(1)", Run: cmdGetex},
	{Name: "mget", Tips: []string{"request_policy:multi_shard"}, Arity: -2, Flags: ReadOnly | Fast, ACL: CatString,
		Keys:  []KeySpec{{Flags: RO | Access, Index: 1, LastKey: -1, Step: 1}},
		Group: "string", Summary: "Get the values of all the given keys", Since: "1.0.0",
		Complex: "O(N) where N is the number of keys to retrieve.", Run: cmdMget},
	{Name: "mset", Tips: []string{"request_policy:multi_shard", "response_policy:all_succeeded"}, Arity: -3, Flags: Write | DenyOOM, ACL: CatString,
		Keys:  []KeySpec{{Flags: OW | Update, Index: 1, LastKey: -1, Step: 2}},
		Group: "string", Summary: "Set multiple keys to multiple values", Since: "1.0.1",
		Complex: "O(N) where N is the number of keys to set.", Run: cmdMset},
	{Name: "msetnx", Tips: []string{"request_policy:multi_shard", "response_policy:agg_min"}, Arity: -3, Flags: Write | DenyOOM, ACL: CatString,
		Keys:  []KeySpec{{Flags: OW | Insert, Index: 1, LastKey: -1, Step: 2}},
		Group: "string", Summary: "Set multiple keys to multiple values, only if none of the keys exist",
		Since: "1.0.1", Complex: "O(N) where N is the number of keys to set.", Run: cmdMsetnx},
	{Name: "setnx", Arity: 3, Flags: Write | DenyOOM | Fast, ACL: CatString, Keys: oneKey(OW | Insert),
		Group: "string", Summary: "Set the value of a key, only if the key does not exist", Since: "1.0.0",
		Complex: "O(1)", Run: cmdSetnx},
	{Name: "setex", Arity: 4, Flags: Write | DenyOOM, ACL: CatString, Keys: oneKey(OW | Update),
		Group: "string", Summary: "Set the value and expiration of a key", Since: "2.0.0", Complex: "O(1)",
		Run: cmdSetex},
	{Name: "psetex", Arity: 4, Flags: Write | DenyOOM, ACL: CatString, Keys: oneKey(OW | Update),
		Group: "string", Summary: "Set the value and expiration in milliseconds of a key", Since: "2.6.0",
		Complex: "O(1)", Run: cmdPsetex},
	{Name: "append", Arity: 3, Flags: Write | DenyOOM | Fast, ACL: CatString, Keys: oneKey(RW | Insert),
		Group: "string", Summary: "Append a value to a key", Since: "2.0.0",
		Complex: "O(1). The amortized time complexity is O(1) assuming the appended value is small and the " +
			"already present value is of any size, since the dynamic string library used by Redis will " +
			"double the free space available on every reallocation.",
		Run: cmdAppend},
	{Name: "strlen", Arity: 2, Flags: ReadOnly | Fast, ACL: CatString, Keys: oneKey(RO),
		Group: "string", Summary: "Get the length of the value stored in a key", Since: "2.2.0",
		Complex: "O(1)", Run: cmdStrlen},
	{Name: "getrange", Arity: 4, Flags: ReadOnly, ACL: CatString, Keys: oneKey(RO | Access),
		Group: "string", Summary: "Get a substring of the string stored at a key", Since: "2.4.0",
		Complex: rangeComplexity, Run: cmdGetrange},
	{Name: "substr", Arity: 4, Flags: ReadOnly, ACL: CatString, Keys: oneKey(RO | Access),
		Group: "string", Summary: "Get a substring of the string stored at a key", Since: "1.0.0",
		Complex: rangeComplexity, Run: cmdGetrange},
	{Name: "setrange", Arity: 4, Flags: Write | DenyOOM, ACL: CatString, Keys: oneKey(RW | Update),
		Group: "string", Summary: "Overwrite part of a string at key starting at the specified offset",
		Since: "2.2.0",
		Complex: "O(1), not counting the time taken to copy the new string in place. Usually, this string " +
			"is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being " +
			"the length of the value argument.",
		Run: cmdSetrange},
	{Name: "incr", Arity: 2, Flags: Write | DenyOOM | Fast, ACL: CatString, Keys: oneKey(RW | Access | Update),
		Group: "string", Summary: "Increment the integer value of a key by one", Since: "1.0.0",
		Complex: "O(1)", Run: cmdIncr},
	{Name: "decr", Arity: 2, Flags: Write | DenyOOM | Fast, ACL: CatString, Keys: oneKey(RW | Access | Update),
		Group: "string", Summary: "Decrement the integer value of a key by one", Since: "1.0.0",
		Complex: "O(1)", Run: cmdDecr},
	{Name: "incrby", Arity: 3, Flags: Write | DenyOOM | Fast, ACL: CatString, Keys: oneKey(RW | Access | Update),
		Group: "string", Summary: "Increment the integer value of a key by the given amount", Since: "1.0.0",
		Complex: "O(1)", Run: cmdIncrby},
	{Name: "decrby", Arity: 3, Flags: Write | DenyOOM | Fast, ACL: CatString, Keys: oneKey(RW | Access | Update),
		Group: "string", Summary: "Decrement the integer value of a key by the given number", Since: "1.0.0",
		Complex: "O(1)", Run: cmdDecrby},
	{Name: "incrbyfloat", Arity: 3, Flags: Write | DenyOOM | Fast, ACL: CatString,
		Keys:  oneKey(RW | Access | Update),
		Group: "string", Summary: "Increment the float value of a key by the given amount", Since: "2.6.0",
		Complex: "O(1)", Run: cmdIncrbyfloat},
	{Name: "lcs", Arity: -3, Flags: ReadOnly, ACL: CatString,
		Keys:  []KeySpec{{Flags: RO | Access, Index: 1, LastKey: 1, Step: 1}},
		Group: "string", Summary: "Find longest common substring", Since: "7.0.0",
		Complex: "O(N*M) where N and M are the lengths of s1 and s2, respectively", Run: cmdLcs},
}

const rangeComplexity = "O(N) where N is the length of the returned string. The complexity is ultimately " +
	"determined by the returned length, but because creating a substring from an existing string is very " +
	"cheap, it can be considered O(1) for small strings."

// readString looks key up for a read (counting hits and misses) and
// returns its string object, nil if there is none, or WRONGTYPE.
func (c *Call) readString(key []byte) (*tier.Object, error) {
	o, err := c.lookupRead(key)
	if err != nil {
		return nil, err
	}
	return o, checkKind(o, tier.KindString)
}

// writeString looks key up for a write and returns its string object, nil
// if there is none, or WRONGTYPE.
func (c *Call) writeString(key []byte) (*tier.Object, error) {
	o, err := c.lookupWrite(key)
	if err != nil {
		return nil, err
	}
	return o, checkKind(o, tier.KindString)
}

// stringValue is the value of string o, nil for no object and never nil
// for one (an empty value is empty, not nil). A chunked string is read from
// its chunks: read it before a write that replaces or deletes it.
func (c *Call) stringValue(o *tier.Object) ([]byte, error) {
	if o == nil {
		return nil, nil
	}
	return c.Txn.StringValue(c.DB(), o)
}

// replyValue writes v, a value stringValue read, or nil for no object.
func replyValue(out Reply, v []byte) {
	if v == nil {
		out.Null()
		return
	}
	out.Bulk(v)
}

// replyString writes the value of string o, or nil for no object.
func (c *Call) replyString(o *tier.Object) error {
	v, err := c.stringValue(o)
	if err != nil {
		return err
	}
	replyValue(c.Out, v)
	return nil
}

// newString is a string object holding a copy of v: the arguments belong
// to the request, the object to the store.
func newString(v []byte) *tier.Object { return tier.NewString(bytes.Clone(v)) }

// GET key
func cmdGet(c *Call) error {
	o, err := c.readString(c.Args[1])
	if err != nil {
		return err
	}
	return c.replyString(o)
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds |
// EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
func cmdSet(c *Call) error {
	opt, err := parseSetOptions(c.Args[3:], false)
	if err != nil {
		return err
	}
	var at int64
	if opt.expire != expNone {
		if at, err = expireAtOf(opt.expire, opt.expireArg, c.Txn.Now(), c.Cmd.Name); err != nil {
			return err
		}
	}
	key := c.Args[1]
	var old *tier.Object
	if opt.get {
		old, err = c.readString(key)
	} else {
		old, err = c.lookupWrite(key)
	}
	if err != nil {
		return err
	}
	var oldValue []byte
	if opt.get {
		if oldValue, err = c.stringValue(old); err != nil {
			return err
		}
	}
	if (opt.nx && old != nil) || (opt.xx && old == nil) {
		replyValue(c.Out, oldValue) // nil without GET
		return nil
	}
	o := newString(c.Args[2])
	if opt.keepTTL && old != nil {
		o.ExpireAt = old.ExpireAt
	}
	if at != 0 {
		o.ExpireAt = at
	}
	if err := storeObject(c, key, o); err != nil {
		return err
	}
	if opt.get {
		replyValue(c.Out, oldValue)
	} else {
		OK(c.Out)
	}
	return nil
}

// GETSET key value
func cmdGetset(c *Call) error {
	old, err := c.readString(c.Args[1])
	if err != nil {
		return err
	}
	v, err := c.stringValue(old)
	if err != nil {
		return err
	}
	if err := c.Txn.Put(c.DB(), c.Args[1], newString(c.Args[2])); err != nil {
		return err
	}
	replyValue(c.Out, v)
	return nil
}

// GETDEL key
func cmdGetdel(c *Call) error {
	o, err := c.readString(c.Args[1])
	if err != nil {
		return err
	}
	v, err := c.stringValue(o)
	if err != nil {
		return err
	}
	if o != nil {
		if _, err := c.Txn.Delete(c.DB(), c.Args[1]); err != nil {
			return err
		}
	}
	replyValue(c.Out, v)
	return nil
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds |
// PXAT unix-time-milliseconds | PERSIST]
//
// As in Redis, a missing key is nil before its expiry argument is checked.
func cmdGetex(c *Call) error {
	opt, err := parseSetOptions(c.Args[2:], true)
	if err != nil {
		return err
	}
	key := c.Args[1]
	o, err := c.readString(key)
	if err != nil {
		return err
	}
	if o == nil {
		c.Out.Null()
		return nil
	}
	switch {
	case opt.expire != expNone:
		at, err := expireAtOf(opt.expire, opt.expireArg, c.Txn.Now(), c.Cmd.Name)
		if err != nil {
			return err
		}
		o.ExpireAt = at
		if err := storeObject(c, key, o); err != nil {
			return err
		}
	case opt.persist && o.ExpireAt != 0:
		o.ExpireAt = 0
		if err := c.Txn.Put(c.DB(), key, o); err != nil {
			return err
		}
	}
	return c.replyString(o)
}

// MGET key [key ...]
//
// A key holding another type reads as nil, not as an error.
func cmdMget(c *Call) error {
	values := make([][]byte, len(c.Args)-1)
	for i, key := range c.Args[1:] {
		o, err := c.lookupRead(key)
		if err != nil {
			return err
		}
		if o != nil && o.Kind == tier.KindString {
			if values[i], err = c.stringValue(o); err != nil {
				return err
			}
		}
	}
	c.Out.Array(len(values))
	for _, v := range values {
		replyValue(c.Out, v)
	}
	return nil
}

// MSET key value [key value ...]
func cmdMset(c *Call) error {
	if len(c.Args)%2 == 0 {
		return ErrArity(c.Cmd.Name)
	}
	if err := putPairs(c); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

// MSETNX key value [key value ...]
func cmdMsetnx(c *Call) error {
	if len(c.Args)%2 == 0 {
		return ErrArity(c.Cmd.Name)
	}
	for i := 1; i < len(c.Args); i += 2 {
		o, err := c.lookupWrite(c.Args[i])
		if err != nil {
			return err
		}
		if o != nil {
			c.Out.Int(0)
			return nil
		}
	}
	if err := putPairs(c); err != nil {
		return err
	}
	c.Out.Int(1)
	return nil
}

// putPairs stores the key value pairs of MSET and MSETNX, without TTLs.
func putPairs(c *Call) error {
	for i := 1; i < len(c.Args); i += 2 {
		if err := c.Txn.Put(c.DB(), c.Args[i], newString(c.Args[i+1])); err != nil {
			return err
		}
	}
	return nil
}

// SETNX key value
func cmdSetnx(c *Call) error {
	o, err := c.lookupWrite(c.Args[1])
	if err != nil {
		return err
	}
	if o != nil {
		c.Out.Int(0)
		return nil
	}
	if err := c.Txn.Put(c.DB(), c.Args[1], newString(c.Args[2])); err != nil {
		return err
	}
	c.Out.Int(1)
	return nil
}

// SETEX key seconds value
func cmdSetex(c *Call) error { return setWithExpire(c, expEX) }

// PSETEX key milliseconds value
func cmdPsetex(c *Call) error { return setWithExpire(c, expPX) }

func setWithExpire(c *Call, k expireKind) error {
	at, err := expireAtOf(k, c.Args[2], c.Txn.Now(), c.Cmd.Name)
	if err != nil {
		return err
	}
	o := newString(c.Args[3])
	o.ExpireAt = at
	if err := c.Txn.Put(c.DB(), c.Args[1], o); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

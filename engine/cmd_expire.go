package engine

import (
	"math"

	"github.com/tierdb/tierdb/tier"
)

// Expiry commands: the table (COMMAND INFO and DOCS of Redis 7.0), then the
// handlers. Every TTL is kept as an absolute unix time in milliseconds
// (tier.Object.ExpireAt); a TTL that is already due deletes the key at once.
var expireCommands = []*Command{
	{Name: "expire", Arity: -3, Flags: Write | Fast, ACL: CatKeyspace, Keys: oneKey(RW | Update),
		Group: "generic", Summary: "Set a key's time to live in seconds", Since: "1.0.0", Complex: "O(1)",
		Run: cmdExpire},
	{Name: "pexpire", Arity: -3, Flags: Write | Fast, ACL: CatKeyspace, Keys: oneKey(RW | Update),
		Group: "generic", Summary: "Set a key's time to live in milliseconds", Since: "2.6.0",
		Complex: "O(1)", Run: cmdPexpire},
	{Name: "expireat", Arity: -3, Flags: Write | Fast, ACL: CatKeyspace, Keys: oneKey(RW | Update),
		Group: "generic", Summary: "Set the expiration for a key as a UNIX timestamp", Since: "1.2.0",
		Complex: "O(1)", Run: cmdExpireat},
	{Name: "pexpireat", Arity: -3, Flags: Write | Fast, ACL: CatKeyspace, Keys: oneKey(RW | Update),
		Group:   "generic",
		Summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds", Since: "2.6.0",
		Complex: "O(1)", Run: cmdPexpireat},
	{Name: "ttl", Tips: []string{"nondeterministic_output"}, Arity: 2, Flags: ReadOnly | Fast, ACL: CatKeyspace, Keys: oneKey(RO | Access),
		Group: "generic", Summary: "Get the time to live for a key in seconds", Since: "1.0.0",
		Complex: "O(1)", Run: cmdTTL},
	{Name: "pttl", Tips: []string{"nondeterministic_output"}, Arity: 2, Flags: ReadOnly | Fast, ACL: CatKeyspace, Keys: oneKey(RO | Access),
		Group: "generic", Summary: "Get the time to live for a key in milliseconds", Since: "2.6.0",
		Complex: "O(1)", Run: cmdPTTL},
	{Name: "expiretime", Arity: 2, Flags: ReadOnly | Fast, ACL: CatKeyspace, Keys: oneKey(RO | Access),
		Group: "generic", Summary: "Get the expiration Unix timestamp for a key", Since: "7.0.0",
		Complex: "O(1)", Run: cmdExpiretime},
	{Name: "pexpiretime", Arity: 2, Flags: ReadOnly | Fast, ACL: CatKeyspace, Keys: oneKey(RO | Access),
		Group: "generic", Summary: "Get the expiration Unix timestamp for a key in milliseconds",
		Since: "7.0.0", Complex: "O(1)", Run: cmdPexpiretime},
	{Name: "persist", Arity: 2, Flags: Write | Fast, ACL: CatKeyspace, Keys: oneKey(RW | Update),
		Group: "generic", Summary: "Remove the expiration from a key", Since: "2.2.0", Complex: "O(1)",
		Run: cmdPersist},
}

// expireCond is the NX|XX|GT|LT condition of the EXPIRE family.
type expireCond struct{ nx, xx, gt, lt bool }

// parseExpireCond reads the conditions after EXPIRE's time, with Redis's
// errors: an unknown word first, then the incompatible pairs.
func parseExpireCond(args [][]byte) (expireCond, error) {
	var f expireCond
	for _, a := range args {
		switch {
		case optEq(a, "nx"):
			f.nx = true
		case optEq(a, "xx"):
			f.xx = true
		case optEq(a, "gt"):
			f.gt = true
		case optEq(a, "lt"):
			f.lt = true
		default:
			s := cstr(a)
			return f, errf("Unsupported option " + sanitize(s, len(s)))
		}
	}
	if f.nx && (f.xx || f.gt || f.lt) {
		return f, errf("NX and XX, GT or LT options at the same time are not compatible")
	}
	if f.gt && f.lt {
		return f, errf("GT and LT options at the same time are not compatible")
	}
	return f, nil
}

// allows reports whether the condition lets a TTL change from cur (unix
// ms, 0 for none, which counts as infinite) to at.
func (f expireCond) allows(cur, at int64) bool {
	switch {
	case f.nx && cur != 0, f.xx && cur == 0:
		return false
	case f.gt && (cur == 0 || at <= cur):
		return false
	case f.lt && cur != 0 && at >= cur:
		return false
	}
	return true
}

// EXPIRE key seconds [NX | XX | GT | LT]
func cmdExpire(c *Call) error { return expireGeneric(c, true, true) }

// PEXPIRE key milliseconds [NX | XX | GT | LT]
func cmdPexpire(c *Call) error { return expireGeneric(c, true, false) }

// EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
func cmdExpireat(c *Call) error { return expireGeneric(c, false, true) }

// PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
func cmdPexpireat(c *Call) error { return expireGeneric(c, false, false) }

// expireGeneric sets key's TTL from a time relative to now or absolute, in
// seconds or milliseconds. Negative times are allowed (the key goes at
// once); only overflow is an error. It replies 1 if the TTL was set (or the
// key deleted), 0 if the key is missing or the condition failed.
func expireGeneric(c *Call, relative, seconds bool) error {
	cond, err := parseExpireCond(c.Args[3:])
	if err != nil {
		return err
	}
	at, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	now := c.Txn.Now()
	if seconds {
		if at > math.MaxInt64/1000 || at < math.MinInt64/1000 {
			return errInvalidExpire(c.Cmd.Name)
		}
		at *= 1000
	}
	if relative {
		if at > math.MaxInt64-now {
			return errInvalidExpire(c.Cmd.Name)
		}
		at += now
	}
	key := c.Args[1]
	o, err := c.lookupWrite(key)
	if err != nil {
		return err
	}
	if o == nil || !cond.allows(o.ExpireAt, at) {
		c.Out.Int(0)
		return nil
	}
	if at <= now {
		_, err = c.Txn.Delete(c.DB(), key)
	} else {
		o.ExpireAt = at
		err = c.Txn.Put(c.DB(), key, o)
	}
	if err != nil {
		return err
	}
	c.Out.Int(1)
	return nil
}

// lookupNoTouch looks key up for a read, counting hits and misses, without
// refreshing its access time (TTL and its kin, like Redis's LOOKUP_NOTOUCH).
func (c *Call) lookupNoTouch(key []byte) (*tier.Object, error) {
	o, err := c.Txn.Peek(c.DB(), key)
	if err != nil {
		return nil, err
	}
	if o == nil {
		c.e.stats.KeyspaceMisses.Add(1)
	} else {
		c.e.stats.KeyspaceHits.Add(1)
	}
	return o, nil
}

// TTL key
func cmdTTL(c *Call) error { return ttlGeneric(c, false, false) }

// PTTL key
func cmdPTTL(c *Call) error { return ttlGeneric(c, true, false) }

// EXPIRETIME key
func cmdExpiretime(c *Call) error { return ttlGeneric(c, false, true) }

// PEXPIRETIME key
func cmdPexpiretime(c *Call) error { return ttlGeneric(c, true, true) }

// ttlGeneric replies -2 for a missing key, -1 for a key without TTL, else
// the time left (or, absolute, the unix time it expires) in milliseconds
// or in seconds rounded to the nearest.
func ttlGeneric(c *Call, ms, absolute bool) error {
	o, err := c.lookupNoTouch(c.Args[1])
	if err != nil {
		return err
	}
	switch {
	case o == nil:
		c.Out.Int(-2)
	case o.ExpireAt == 0:
		c.Out.Int(-1)
	default:
		t := o.ExpireAt
		if !absolute {
			t = max(t-c.Txn.Now(), 0)
		}
		if !ms {
			t = t/1000 + (t%1000+500)/1000 // (t+500)/1000 without overflow
		}
		c.Out.Int(t)
	}
	return nil
}

// PERSIST key
func cmdPersist(c *Call) error {
	key := c.Args[1]
	o, err := c.lookupWrite(key)
	if err != nil {
		return err
	}
	if o == nil || o.ExpireAt == 0 {
		c.Out.Int(0)
		return nil
	}
	o.ExpireAt = 0
	if err := c.Txn.Put(c.DB(), key, o); err != nil {
		return err
	}
	c.Out.Int(1)
	return nil
}

package engine

import (
	"bytes"

	"github.com/tierdb/tierdb/tier"
)

// Key space commands: the table, then the single-key and key-pair handlers
// in table order. Whole-keyspace commands are in keys_scan.go (KEYS, SCAN,
// RANDOMKEY, DBSIZE) and keys_db.go (FLUSHDB, FLUSHALL, SWAPDB), OBJECT is in
// keys_object.go, DUMP and RESTORE in keys_dump.go.
var keyCommands = []*Command{
	{Name: "del", Tips: []string{"request_policy:multi_shard", "response_policy:agg_sum"}, Arity: -2, Flags: Write, ACL: CatKeyspace,
		Keys:  []KeySpec{{Flags: RM | Delete, Index: 1, LastKey: -1, Step: 1}},
		Group: "generic", Summary: "Delete a key", Since: "1.0.0",
		Complex: "O(N) where N is the number of keys that will be removed. When a key to remove holds a value " +
			"other than a string, the individual complexity for this key is O(M) where M is the number of " +
			"elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
		Run: cmdDel},
	{Name: "unlink", Tips: []string{"request_policy:multi_shard", "response_policy:agg_sum"}, Arity: -2, Flags: Write | Fast, ACL: CatKeyspace,
		Keys:    []KeySpec{{Flags: RM | Delete, Index: 1, LastKey: -1, Step: 1}},
		Group:   "generic",
		Summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
		Since:   "4.0.0",
		Complex: "O(1) for each key removed regardless of its size. Then the command does O(N) work in a " +
			"different thread in order to reclaim memory, where N is the number of allocations the deleted " +
			"objects where composed of.",
		Run: cmdDel},
	{Name: "exists", Tips: []string{"request_policy:multi_shard", "response_policy:agg_sum"}, Arity: -2, Flags: ReadOnly | Fast, ACL: CatKeyspace,
		Keys:  []KeySpec{{Flags: RO, Index: 1, LastKey: -1, Step: 1}},
		Group: "generic", Summary: "Determine if a key exists", Since: "1.0.0",
		Complex: "O(N) where N is the number of keys to check.", Run: cmdExists},
	{Name: "type", Arity: 2, Flags: ReadOnly | Fast, ACL: CatKeyspace, Keys: oneKey(RO),
		Group: "generic", Summary: "Determine the type stored at key", Since: "1.0.0", Complex: "O(1)",
		Run: cmdType},
	{Name: "touch", Tips: []string{"request_policy:multi_shard", "response_policy:agg_sum"}, Arity: -2, Flags: ReadOnly | Fast, ACL: CatKeyspace,
		Keys:  []KeySpec{{Flags: RO, Index: 1, LastKey: -1, Step: 1}},
		Group: "generic", Since: "3.2.1",
		Summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.",
		Complex: "O(N) where N is the number of keys that will be touched.", Run: cmdTouch},
	{Name: "rename", Arity: 3, Flags: Write, ACL: CatKeyspace,
		Keys:  []KeySpec{{Flags: RW | Access | Delete, Index: 1, Step: 1}, {Flags: OW | Update, Index: 2, Step: 1}},
		Group: "generic", Summary: "Rename a key", Since: "1.0.0", Complex: "O(1)", Run: cmdRename},
	{Name: "renamenx", Arity: 3, Flags: Write | Fast, ACL: CatKeyspace,
		Keys:  []KeySpec{{Flags: RW | Access | Delete, Index: 1, Step: 1}, {Flags: OW | Insert, Index: 2, Step: 1}},
		Group: "generic", Summary: "Rename a key, only if the new key does not exist", Since: "1.0.0",
		Complex: "O(1)", Run: cmdRenameNX},
	{Name: "move", Arity: 3, Flags: Write | Fast, ACL: CatKeyspace, Keys: oneKey(RW | Access | Update),
		Group: "generic", Summary: "Move a key to another database", Since: "1.0.0", Complex: "O(1)",
		Run: cmdMove},
	{Name: "copy", Arity: -3, Flags: Write | DenyOOM, ACL: CatKeyspace,
		Keys:  []KeySpec{{Flags: RO | Access, Index: 1, Step: 1}, {Flags: OW | Update, Index: 2, Step: 1}},
		Group: "generic", Summary: "Copy a key", Since: "6.2.0",
		Complex: "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
		Run:     cmdCopy},
	{Name: "keys", Tips: []string{"request_policy:all_shards", "nondeterministic_output_order"}, Arity: 2, Flags: ReadOnly, ACL: CatKeyspace | CatDangerous,
		Group: "generic", Summary: "Find all keys matching the given pattern", Since: "1.0.0",
		Complex: "O(N) with N being the number of keys in the database, under the assumption that the key " +
			"names in the database and the given pattern have limited length.",
		Run: cmdKeys},
	{Name: "scan", Tips: []string{"nondeterministic_output", "request_policy:special"}, Arity: -2, Flags: ReadOnly, ACL: CatKeyspace,
		Group: "generic", Summary: "Incrementally iterate the keys space", Since: "2.8.0",
		Complex: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the " +
			"cursor to return back to 0. N is the number of elements inside the collection.",
		Run: cmdScan},
	{Name: "randomkey", Tips: []string{"request_policy:all_shards", "nondeterministic_output"}, Arity: 1, Flags: ReadOnly, ACL: CatKeyspace,
		Group: "generic", Summary: "Return a random key from the keyspace", Since: "1.0.0", Complex: "O(1)",
		Run: cmdRandomKey},
	{Name: "dbsize", Tips: []string{"request_policy:all_shards", "response_policy:agg_sum"}, Arity: 1, Flags: ReadOnly | Fast, ACL: CatKeyspace,
		Group: "server", Summary: "Return the number of keys in the selected database", Since: "1.0.0",
		Complex: "O(1)", Run: cmdDBSize},
	{Name: "flushdb", Tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}, Arity: -1, Flags: Write | LockAll, ACL: CatKeyspace | CatDangerous,
		Group: "server", Summary: "Remove all keys from the current database", Since: "1.0.0",
		Complex: "O(N) where N is the number of keys in the selected database", Run: cmdFlushDB},
	{Name: "flushall", Tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}, Arity: -1, Flags: Write | LockAll, ACL: CatKeyspace | CatDangerous,
		Group: "server", Summary: "Remove all keys from all databases", Since: "1.0.0",
		Complex: "O(N) where N is the total number of keys in all databases", Run: cmdFlushAll},
	{Name: "swapdb", Arity: 3, Flags: Write | Fast | LockAll, ACL: CatKeyspace | CatDangerous,
		Group: "server", Summary: "Swaps two Redis databases", Since: "4.0.0",
		Complex: "O(N) where N is the count of clients watching or blocking on keys from both databases.",
		Run:     cmdSwapDB},
	objectCommand,
	{Name: "dump", Tips: []string{"nondeterministic_output"}, Arity: 2, Flags: ReadOnly, ACL: CatKeyspace, Keys: oneKey(RO | Access),
		Group: "generic", Summary: "Return a serialized version of the value stored at the specified key.",
		Since: "2.6.0",
		Complex: "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis " +
			"objects composing the value and M their average size. For small string values the time " +
			"complexity is thus O(1)+O(1*M) where M is small, so simply O(1).",
		Run: cmdDump},
	{Name: "restore", Arity: -4, Flags: Write | DenyOOM, ACL: CatKeyspace | CatDangerous, Keys: oneKey(OW | Update),
		Group: "generic", Since: "2.6.0",
		Summary: "Create a key using the provided serialized value, previously obtained using DUMP.",
		Complex: "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where " +
			"N is the number of Redis objects composing the value and M their average size. For small string " +
			"values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for " +
			"sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is " +
			"O(log(N)).",
		Run: cmdRestore},
}

// Errors of the key space commands, as Redis 7.0 prints them.
var (
	errSameObject = errf("source and destination objects are the same")
	errIntRange   = errf("value is out of range, value must between -2147483648 and 2147483647")
)

// DEL key [key ...]
// UNLINK key [key ...]
//
// Both reply with the number of keys removed. UNLINK needs no thread of its
// own: deleting a key is O(1) for every type (collections drop their
// elements with one range deletion).
func cmdDel(c *Call) error {
	var n int64
	for _, key := range c.Args[1:] {
		ok, err := c.Txn.Delete(c.DB(), key)
		if err != nil {
			return err
		}
		if ok {
			n++
		}
	}
	c.Out.Int(n)
	return nil
}

// EXISTS key [key ...]
//
// A key named twice is counted twice, as in Redis.
func cmdExists(c *Call) error { return replyLiveCount(c, c.peekRead) }

// TYPE key
func cmdType(c *Call) error {
	o, err := c.peekRead(c.Args[1])
	if err != nil {
		return err
	}
	if o == nil {
		c.Out.SimpleString("none")
		return nil
	}
	c.Out.SimpleString(kindTypeName(o.Kind))
	return nil
}

// TOUCH key [key ...]
func cmdTouch(c *Call) error { return replyLiveCount(c, c.lookupRead) }

// replyLiveCount replies with how many of the argument keys lookup finds.
func replyLiveCount(c *Call, lookup func(key []byte) (*tier.Object, error)) error {
	var n int64
	for _, key := range c.Args[1:] {
		o, err := lookup(key)
		if err != nil {
			return err
		}
		if o != nil {
			n++
		}
	}
	c.Out.Int(n)
	return nil
}

// RENAME key newkey
func cmdRename(c *Call) error { return renameKey(c, false) }

// RENAMENX key newkey
func cmdRenameNX(c *Call) error { return renameKey(c, true) }

// renameKey moves the object at key to newkey with its TTL. The object
// itself moves (tier's Rename), so a collection keeps its version and its
// elements stay where they are: renaming is O(1) for every type.
func renameKey(c *Call, nx bool) error {
	src, dst := c.Args[1], c.Args[2]
	o, err := c.lookupWrite(src)
	if err != nil {
		return err
	}
	if o == nil {
		return ErrNoSuchKey
	}
	if bytes.Equal(src, dst) {
		return renameReply(c, nx)
	}
	if nx {
		d, err := c.lookupWrite(dst)
		if err != nil {
			return err
		}
		if d != nil {
			c.Out.Int(0)
			return nil
		}
	}
	if err := c.Txn.Rename(c.DB(), src, dst, o); err != nil {
		return err
	}
	if nx {
		c.Out.Int(1)
		return nil
	}
	OK(c.Out)
	return nil
}

// renameReply answers a rename of a key to itself: RENAME says OK and
// RENAMENX 0 (the destination exists: it is the source).
func renameReply(c *Call, nx bool) error {
	if nx {
		c.Out.Int(0)
	} else {
		OK(c.Out)
	}
	return nil
}

// MOVE key db
//
// A collection's elements are copied to the other database: O(n) where
// Redis is O(1), because element keys carry the database's keyspace (see
// tier/collection.go).
func cmdMove(c *Call) error {
	dst, err := parseDBArg(c, c.Args[2])
	if err != nil {
		return err
	}
	if dst == c.DB() {
		return errSameObject
	}
	key := c.Args[1]
	o, err := c.lookupWrite(key)
	if err != nil || o == nil {
		return moveReply(c, err, false)
	}
	there, err := c.Txn.Peek(dst, key)
	if err != nil || there != nil {
		return moveReply(c, err, false)
	}
	if err := c.Txn.Move(c.DB(), dst, key, o); err != nil {
		return err
	}
	return moveReply(c, nil, true)
}

// moveReply ends MOVE and COPY: it returns err, or replies 1 if the key was
// moved (copied) and 0 if not.
func moveReply(c *Call, err error, moved bool) error {
	if err != nil {
		return err
	}
	c.Out.Int(boolInt(moved))
	return nil
}

// COPY source destination [DB destination-db] [REPLACE]
//
// The copy of a collection gets its own copy of every element (O(n), as in
// Redis).
func cmdCopy(c *Call) error {
	dstDB, replace := c.DB(), false
	for i := 3; i < len(c.Args); i++ {
		switch {
		case bytes.EqualFold(c.Args[i], []byte("replace")):
			replace = true
		case bytes.EqualFold(c.Args[i], []byte("db")) && i+1 < len(c.Args):
			db, err := parseDBArg(c, c.Args[i+1])
			if err != nil {
				return err
			}
			dstDB = db
			i++
		default:
			return ErrSyntax
		}
	}
	src, dst := c.Args[1], c.Args[2]
	if dstDB == c.DB() && bytes.Equal(src, dst) {
		return errSameObject
	}
	o, err := c.lookupRead(src)
	if err != nil || o == nil {
		return moveReply(c, err, false)
	}
	there, err := c.Txn.Peek(dstDB, dst)
	if err != nil || (there != nil && !replace) {
		return moveReply(c, err, false)
	}
	if err := c.Txn.Copy(c.DB(), o, dstDB, dst); err != nil {
		return err
	}
	return moveReply(c, nil, true)
}

// parseDBArg parses a database number as MOVE and COPY do: an integer that
// fits 32 bits, naming an existing database.
func parseDBArg(c *Call, arg []byte) (int, error) {
	n, err := parseInt(arg)
	if err != nil {
		return 0, ErrNotInteger
	}
	if n < -1<<31 || n > 1<<31-1 {
		return 0, errIntRange
	}
	if n < 0 || n >= int64(c.e.store.Databases()) {
		return 0, ErrDBIndex
	}
	return int(n), nil
}

// kindTypeName is the TYPE reply for a value kind; SCAN's TYPE option takes
// the same names.
func kindTypeName(k uint8) string {
	switch k {
	case tier.KindString:
		return "string"
	case tier.KindList:
		return "list"
	case tier.KindSet:
		return "set"
	case tier.KindZSet:
		return "zset"
	case tier.KindHash:
		return "hash"
	case tier.KindStream:
		return "stream"
	}
	return "none"
}

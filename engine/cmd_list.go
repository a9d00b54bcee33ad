package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// List commands: the table (COMMAND INFO and DOCS of Redis 7.0), then the
// pushes, pops and LLEN. Reads and changes by index (LRANGE, LINDEX, LSET,
// LTRIM, LPOS) are in list_index.go, LINSERT and LREM in list_edit.go,
// LMOVE, RPOPLPUSH and LMPOP in list_move.go, the blocking commands in
// list_block.go, the DUMP codec in list_dump.go. Every handler works
// through tier.List, the same code for a list in memory and one only on
// disk. Lists are always "quicklist" to OBJECT ENCODING, as in Redis 7.0.
var listCommands = []*Command{
	{Name: "lpush", Arity: -3, Flags: Write | DenyOOM | Fast, ACL: CatList, Keys: oneKey(RW | Insert),
		Group: "list", Summary: "Prepend one or multiple elements to a list", Since: "1.0.0",
		Complex: listPushComplexity, Run: cmdLpush},
	{Name: "rpush", Arity: -3, Flags: Write | DenyOOM | Fast, ACL: CatList, Keys: oneKey(RW | Insert),
		Group: "list", Summary: "Append one or multiple elements to a list", Since: "1.0.0",
		Complex: listPushComplexity, Run: cmdRpush},
	{Name: "lpushx", Arity: -3, Flags: Write | DenyOOM | Fast, ACL: CatList, Keys: oneKey(RW | Insert),
		Group: "list", Summary: "Prepend an element to a list, only if the list exists", Since: "2.2.0",
		Complex: listPushComplexity, Run: cmdLpushx},
	{Name: "rpushx", Arity: -3, Flags: Write | DenyOOM | Fast, ACL: CatList, Keys: oneKey(RW | Insert),
		Group: "list", Summary: "Append an element to a list, only if the list exists", Since: "2.2.0",
		Complex: listPushComplexity, Run: cmdRpushx},
	{Name: "lpop", Arity: -2, Flags: Write | Fast, ACL: CatList, Keys: oneKey(RW | Access | Delete),
		Group: "list", Summary: "Remove and get the first elements in a list", Since: "1.0.0",
		Complex: listPopComplexity, Run: cmdLpop},
	{Name: "rpop", Arity: -2, Flags: Write | Fast, ACL: CatList, Keys: oneKey(RW | Access | Delete),
		Group: "list", Summary: "Remove and get the last elements in a list", Since: "1.0.0",
		Complex: listPopComplexity, Run: cmdRpop},
	{Name: "llen", Arity: 2, Flags: ReadOnly | Fast, ACL: CatList, Keys: oneKey(RO),
		Group: "list", Summary: "Get the length of a list", Since: "1.0.0", Complex: "O(1)", Run: cmdLlen},
	{Name: "lrange", Arity: 4, Flags: ReadOnly, ACL: CatList, Keys: oneKey(RO | Access),
		Group: "list", Summary: "Get a range of elements from a list", Since: "1.0.0",
		Complex: "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end " +
			"(HEAD or TAIL) for large lists; and N is the number of elements in the specified range.",
		Run: cmdLrange},
	{Name: "lindex", Arity: 3, Flags: ReadOnly, ACL: CatList, Keys: oneKey(RO | Access),
		Group: "list", Summary: "Get an element from a list by its index", Since: "1.0.0",
		Complex: "O(N) where N is the number of elements to traverse to get to the element at index. This " +
			"makes asking for the first or the last element of the list O(1).",
		Run: cmdLindex},
	{Name: "lset", Arity: 4, Flags: Write | DenyOOM, ACL: CatList, Keys: oneKey(RW | Update),
		Group: "list", Summary: "Set the value of an element in a list by its index", Since: "1.0.0",
		Complex: "O(N) where N is the length of the list. Setting either the first or the last element of the " +
			"list is O(1).",
		Run: cmdLset},
	{Name: "linsert", Arity: 5, Flags: Write | DenyOOM, ACL: CatList, Keys: oneKey(RW | Insert),
		Group: "list", Summary: "Insert an element before or after another element in a list", Since: "2.2.0",
		Complex: "O(N) where N is the number of elements to traverse before seeing the value pivot. This means " +
			"that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting " +
			"somewhere on the right end (tail) is O(N).",
		Run: cmdLinsert},
	{Name: "lrem", Arity: 4, Flags: Write, ACL: CatList, Keys: oneKey(RW | Delete),
		Group: "list", Summary: "Remove elements from a list", Since: "1.0.0",
		Complex: "O(N+M) where N is the length of the list and M is the number of elements removed.",
		Run:     cmdLrem},
	{Name: "ltrim", Arity: 4, Flags: Write, ACL: CatList, Keys: oneKey(RW | Delete),
		Group: "list", Summary: "Trim a list to the specified range", Since: "1.0.0",
		Complex: "O(N) where N is the number of elements to be removed by the operation.", Run: cmdLtrim},
	{Name: "lpos", Arity: -3, Flags: ReadOnly, ACL: CatList, Keys: oneKey(RO | Access),
		Group: "list", Summary: "Return the index of matching elements on a list", Since: "6.0.6",
		Complex: "O(N) where N is the number of elements in the list, for the average case. When searching for " +
			"elements near the head or the tail of the list, or when the MAXLEN option is provided, the command " +
			"may run in constant time.",
		Run: cmdLpos},
	{Name: "lmove", Arity: 5, Flags: Write | DenyOOM, ACL: CatList, Keys: listMoveKeys,
		Group: "list", Summary: "Pop an element from a list, push it to another list and return it",
		Since: "6.2.0", Complex: "O(1)", Run: cmdLmove},
	{Name: "rpoplpush", Arity: 3, Flags: Write | DenyOOM, ACL: CatList, Keys: listMoveKeys,
		Group: "list", Summary: "Remove the last element in a list, prepend it to another list and return it",
		Since: "1.2.0", Complex: "O(1)", Run: cmdRpoplpush},
	{Name: "lmpop", Arity: -4, Flags: Write, ACL: CatList,
		Keys:  []KeySpec{{Flags: RW | Access | Delete, Index: 1, KeyNum: true, FirstKey: 1, Step: 1}},
		Group: "list", Summary: "Pop elements from a list", Since: "7.0.0", Complex: listMpopComplexity,
		Run: cmdLmpop},
	{Name: "blpop", Arity: -3, Flags: Write | NoScript | Blocking, ACL: CatList, Keys: listBlockPopKeys,
		Group: "list", Summary: "Remove and get the first element in a list, or block until one is available",
		Since: "2.0.0", Complex: "O(N) where N is the number of provided keys.", Run: cmdBlpop},
	{Name: "brpop", Arity: -3, Flags: Write | NoScript | Blocking, ACL: CatList, Keys: listBlockPopKeys,
		Group: "list", Summary: "Remove and get the last element in a list, or block until one is available",
		Since: "2.0.0", Complex: "O(N) where N is the number of provided keys.", Run: cmdBrpop},
	{Name: "blmove", Arity: 6, Flags: Write | DenyOOM | NoScript | Blocking, ACL: CatList, Keys: listMoveKeys,
		Group: "list", Summary: "Pop an element from a list, push it to another list and return it; or block " +
			"until one is available",
		Since: "6.2.0", Complex: "O(1)", Run: cmdBlmove},
	{Name: "brpoplpush", Arity: 4, Flags: Write | DenyOOM | NoScript | Blocking, ACL: CatList,
		Keys: listMoveKeys, Group: "list",
		Summary: "Pop an element from a list, push it to another list and return it; or block until one is " +
			"available",
		Since: "2.2.0", Complex: "O(1)", Run: cmdBrpoplpush},
	{Name: "blmpop", Arity: -5, Flags: Write | Blocking, ACL: CatList,
		Keys:  []KeySpec{{Flags: RW | Access | Delete, Index: 2, KeyNum: true, FirstKey: 1, Step: 1}},
		Group: "list", Summary: "Pop elements from a list, or block until one is available", Since: "7.0.0",
		Complex: listMpopComplexity, Run: cmdBlmpop},
}

// COMMAND DOCS complexities shared by several list commands.
const (
	listPushComplexity = "O(1) for each element added, so O(N) to add N elements when the command is called " +
		"with multiple arguments."
	listPopComplexity  = "O(N) where N is the number of elements returned"
	listMpopComplexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned."
)

// Key specs shared by several list commands.
var (
	// listMoveKeys: a source popped from, a destination pushed to.
	listMoveKeys = []KeySpec{{Flags: RW | Access | Delete, Index: 1, Step: 1}, {Flags: RW | Insert, Index: 2, Step: 1}}
	// listBlockPopKeys: every argument but the last (the timeout).
	listBlockPopKeys = []KeySpec{{Flags: RW | Access | Delete, Index: 1, LastKey: -2, Step: 1}}
)

// Errors of the list commands, as Redis 7.0 prints them.
var (
	errNotPositive   = errf("value is out of range, must be positive")
	errIndexRange    = errf("index out of range")
	errCountPositive = errf("count should be greater than 0")
	errLposRankZero  = errf("RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list")
	errLposCountNeg  = errf("COUNT can't be negative")
	errLposMaxlenNeg = errf("MAXLEN can't be negative")
)

// readList looks key up for a read (counting hits and misses) and returns
// its list handle, nil if there is no key, or WRONGTYPE.
func (c *Call) readList(key []byte) (*tier.List, error) {
	o, err := c.lookupRead(key)
	if err != nil || o == nil {
		return nil, err
	}
	if o.Kind != tier.KindList {
		return nil, ErrWrongType
	}
	return c.Txn.List(c.DB(), key, o)
}

// writeList looks key up for a write and returns its list handle, or
// WRONGTYPE. A missing key gives a new empty list when create is set
// (stored by its first Push), else nil.
func (c *Call) writeList(key []byte, create bool) (*tier.List, error) {
	o, err := c.lookupWrite(key)
	switch {
	case err != nil:
		return nil, err
	case o == nil && create:
		return c.Txn.NewList(c.DB(), key), nil
	case o == nil:
		return nil, nil
	case o.Kind != tier.KindList:
		return nil, ErrWrongType
	}
	return c.Txn.List(c.DB(), key, o)
}

// LPUSH key element [element ...]
func cmdLpush(c *Call) error { return pushElements(c, true, true) }

// RPUSH key element [element ...]
func cmdRpush(c *Call) error { return pushElements(c, false, true) }

// LPUSHX key element [element ...]
func cmdLpushx(c *Call) error { return pushElements(c, true, false) }

// RPUSHX key element [element ...]
func cmdRpushx(c *Call) error { return pushElements(c, false, false) }

// pushElements pushes the arguments after the key, one by one, at the head
// (left) or the tail, creating the list if create is set (else a missing
// key is left alone and the reply is 0), and replies with the new length.
func pushElements(c *Call, left, create bool) error {
	l, err := c.writeList(c.Args[1], create)
	if err != nil {
		return err
	}
	if l == nil {
		c.Out.Int(0)
		return nil
	}
	if err := l.Push(left, c.Args[2:]...); err != nil {
		return err
	}
	c.Out.Int(l.Len())
	return nil
}

// LPOP key [count]
func cmdLpop(c *Call) error { return popElements(c, true) }

// RPOP key [count]
func cmdRpop(c *Call) error { return popElements(c, false) }

// popElements is LPOP and RPOP: without a count, one element or nil; with
// one, an array of up to count elements in the order they were popped
// (empty for a count of 0), or a nil array for a missing key. The count is
// checked before the key, as in Redis.
func popElements(c *Call, left bool) error {
	if len(c.Args) > 3 {
		return ErrArity(c.Cmd.Name)
	}
	withCount := len(c.Args) == 3
	var count int64
	if withCount {
		var err error
		if count, err = parseNonNegative(c.Args[2], errNotPositive); err != nil {
			return err
		}
	}
	l, err := c.writeList(c.Args[1], false)
	switch {
	case err != nil:
		return err
	case l == nil && withCount:
		c.Out.NullArray()
		return nil
	case l == nil:
		c.Out.Null()
		return nil
	case !withCount:
		return l.Pop(left, 1, c.Out.Bulk)
	}
	mark := c.Out.Mark()
	c.Out.Array(int(min(count, l.Len())))
	return rewindOnError(c, mark, l.Pop(left, count, c.Out.Bulk))
}

// rewindOnError takes back what the handler wrote since mark when err is
// set (a read that failed half way through a reply), so that the error is
// the only reply, and returns err.
func rewindOnError(c *Call, mark int, err error) error {
	if err != nil {
		c.Out.Rewind(mark)
	}
	return err
}

// LLEN key
func cmdLlen(c *Call) error {
	l, err := c.readList(c.Args[1])
	if err != nil {
		return err
	}
	var n int64
	if l != nil {
		n = l.Len()
	}
	c.Out.Int(n)
	return nil
}

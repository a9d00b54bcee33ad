package engine

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
)

// Flag is a command flag, as listed by COMMAND INFO.
type Flag uint32

// Command flags (Redis 7 names in flagNames).
const (
	Write Flag = 1 << iota
	ReadOnly
	DenyOOM
	Admin
	PubSub
	NoScript
	Blocking
	Loading
	Stale
	SkipMonitor
	SkipSlowlog
	Fast
	NoAuth
	MayReplicate
	NoMandatoryKeys
	NoMulti
	AllowBusy
	Asking
	NoAsyncLoading
	// LockAll is ours, not Redis's: the command works on whole databases
	// (FLUSHDB, SWAPDB) and locks every shard.
	LockAll
)

var flagNames = []struct {
	f    Flag
	name string
}{
	{Write, "write"}, {ReadOnly, "readonly"}, {DenyOOM, "denyoom"}, {Admin, "admin"},
	{PubSub, "pubsub"}, {NoScript, "noscript"}, {Blocking, "blocking"}, {Loading, "loading"},
	{Stale, "stale"}, {SkipMonitor, "skip_monitor"}, {SkipSlowlog, "skip_slowlog"}, {Asking, "asking"},
	{Fast, "fast"}, {NoAuth, "no_auth"}, {MayReplicate, "may_replicate"},
	{NoMandatoryKeys, "no_mandatory_keys"}, {NoAsyncLoading, "no_async_loading"}, {NoMulti, "no_multi"},
	{AllowBusy, "allow_busy"},
}

// Category is a set of ACL categories.
type Category uint32

// ACL categories.
const (
	CatKeyspace Category = 1 << iota
	CatRead
	CatWrite
	CatSet
	CatSortedSet
	CatList
	CatHash
	CatString
	CatBitmap
	CatHyperLogLog
	CatGeo
	CatStream
	CatPubSub
	CatAdmin
	CatFast
	CatSlow
	CatBlocking
	CatDangerous
	CatConnection
	CatTransaction
	CatScripting
)

// CategoryNames lists the ACL categories in Redis's order (ACL CAT).
var CategoryNames = []struct {
	Cat  Category
	Name string
}{
	{CatKeyspace, "keyspace"}, {CatRead, "read"}, {CatWrite, "write"}, {CatSet, "set"},
	{CatSortedSet, "sortedset"}, {CatList, "list"}, {CatHash, "hash"}, {CatString, "string"},
	{CatBitmap, "bitmap"}, {CatHyperLogLog, "hyperloglog"}, {CatGeo, "geo"}, {CatStream, "stream"},
	{CatPubSub, "pubsub"}, {CatAdmin, "admin"}, {CatFast, "fast"}, {CatSlow, "slow"},
	{CatBlocking, "blocking"}, {CatDangerous, "dangerous"}, {CatConnection, "connection"},
	{CatTransaction, "transaction"}, {CatScripting, "scripting"},
}

// KeyFlag describes how a key spec's keys are used (Redis 7 key-spec flags).
type KeyFlag uint16

// Key spec flags.
const (
	RO KeyFlag = 1 << iota
	RW
	OW
	RM
	Access
	Update
	Insert
	Delete
	NotKey
	Incomplete
	VariableFlags
)

var keyFlagNames = []struct {
	f    KeyFlag
	name string
}{
	{RW, "RW"}, {RO, "RO"}, {OW, "OW"}, {RM, "RM"}, {Access, "access"}, {Update, "update"},
	{Insert, "insert"}, {Delete, "delete"}, {NotKey, "not_key"}, {Incomplete, "incomplete"},
	{VariableFlags, "variable_flags"},
}

// KeySpec locates keys in a command's arguments, as a Redis 7 key spec: a
// begin search (an index, or a keyword searched from an index) then a find
// (a range, or a count argument followed by the keys).
type KeySpec struct {
	Notes string // shown by COMMAND INFO, e.g. why SET's key is RW
	Flags KeyFlag
	// Begin search: Index > 0, or Keyword searched from StartFrom (negative
	// counts from the end).
	Index     int
	Keyword   string
	StartFrom int
	// Find by range: LastKey relative to the first key (-1 = last argument),
	// Step between keys, Limit (0 = none).
	LastKey int
	Step    int
	Limit   int
	// Find by count: the argument at KeyNumIdx (relative to the begin) holds
	// the number of keys, which start at FirstKey and step by Step.
	KeyNum    bool
	KeyNumIdx int
	FirstKey  int
}

// Handler runs a command. It writes exactly one reply to c.Out and returns
// nil, or writes nothing and returns the error to reply with.
type Handler func(c *Call) error

// Command is one entry of the command table. Everything about a command that
// other parts need (COMMAND INFO, ACL categories, key positions for locks and
// key permissions, MULTI and OOM gates, stats) comes from here.
type Command struct {
	Name    string // lower case; subcommands are "container|sub"
	Arity   int    // Redis convention: -n means at least n, counting the name
	Flags   Flag
	ACL     Category // explicit categories; NewTable adds the implied ones
	Keys    []KeySpec
	Group   string // COMMAND DOCS group: string, generic, connection ...
	Summary string
	Since   string
	Complex string
	Tips    []string // COMMAND INFO tips, e.g. "request_policy:all_shards"
	Sub     []*Command
	Run     Handler
	Movable bool // key positions depend on the arguments (keynum or keyword specs)
	// FindKeys, when set, finds the keys the specs cannot describe (their
	// begin_search is unknown), as Redis's getkeys_proc: SORT's STORE.
	FindKeys func(args [][]byte) []KeyRef
	// LocksAll, when set, reports whether this call reads keys no spec
	// names (SORT's BY and GET patterns), so that it must lock every shard.
	LocksAll func(args [][]byte) bool
	parent   *Command
	subIndex map[string]*Command

	// Stats is allocated by NewTable: each table (each server) counts its own.
	Stats *CommandStats
}

// CommandStats are the counters behind INFO commandstats.
type CommandStats struct {
	Calls         atomic.Int64
	Usec          atomic.Int64
	RejectedCalls atomic.Int64
	FailedCalls   atomic.Int64
}

// FullName is the name as Redis 7 prints it ("config|get").
func (c *Command) FullName() string { return c.Name }

// SubName is the part after '|', or the whole name.
func (c *Command) SubName() string {
	if i := strings.IndexByte(c.Name, '|'); i >= 0 {
		return c.Name[i+1:]
	}
	return c.Name
}

// Parent is the container of a subcommand, or nil.
func (c *Command) Parent() *Command { return c.parent }

// SubCommand finds a subcommand by name (any case).
func (c *Command) SubCommand(name []byte) *Command {
	return c.subIndex[strings.ToLower(string(name))]
}

// FlagNames lists the flags as COMMAND INFO prints them.
func (c *Command) FlagNames() []string {
	var out []string
	for _, f := range flagNames {
		if c.Flags&f.f != 0 {
			out = append(out, f.name)
		}
	}
	if c.Movable {
		out = append(out, "movablekeys")
	}
	return out
}

// CategoryNames lists the ACL categories as COMMAND INFO prints them.
func (c *Command) CategoryNames() []string {
	var out []string
	for _, cat := range CategoryNames {
		if c.ACL&cat.Cat != 0 {
			out = append(out, "@"+cat.Name)
		}
	}
	return out
}

// Names lists the key spec flags of s.
func (s KeySpec) FlagNames() []string {
	var out []string
	for _, f := range keyFlagNames {
		if s.Flags&f.f != 0 {
			out = append(out, f.name)
		}
	}
	return out
}

// Table is the command table.
type Table struct {
	byName map[string]*Command
	all    []*Command // top-level commands, sorted by name
}

// NewTable builds the table from command groups. It adds the ACL categories
// that Redis implies from flags and panics on an invalid entry, so that a bad
// table cannot start.
func NewTable(groups ...[]*Command) *Table {
	t := &Table{byName: make(map[string]*Command)}
	for _, g := range groups {
		for _, decl := range g {
			c := instantiate(decl, "")
			if err := t.add(c, nil); err != nil {
				panic(err)
			}
			t.all = append(t.all, c)
		}
	}
	sort.Slice(t.all, func(i, j int) bool { return t.all[i].Name < t.all[j].Name })
	return t
}

func (t *Table) add(c *Command, parent *Command) error {
	switch {
	case c.Name == "" || c.Name != strings.ToLower(c.Name):
		return fmt.Errorf("engine: bad command name %q", c.Name)
	case c.Arity == 0:
		return fmt.Errorf("engine: %s: arity 0", c.Name)
	case c.Run == nil && len(c.Sub) == 0:
		return fmt.Errorf("engine: %s: no handler", c.Name)
	case c.Flags&Write != 0 && c.Flags&ReadOnly != 0:
		return fmt.Errorf("engine: %s: both write and readonly", c.Name)
	}
	c.parent = parent
	c.ACL |= impliedCategories(c.Flags)
	for _, k := range c.Keys {
		if k.KeyNum || k.Keyword != "" {
			c.Movable = true
		}
		if c.Arity > 0 && k.Index >= c.Arity {
			return fmt.Errorf("engine: %s: key index %d past arity %d", c.Name, k.Index, c.Arity)
		}
	}
	if parent == nil {
		if _, dup := t.byName[c.Name]; dup {
			return fmt.Errorf("engine: duplicate command %q", c.Name)
		}
		t.byName[c.Name] = c
	}
	if len(c.Sub) > 0 {
		c.subIndex = make(map[string]*Command)
		for _, s := range c.Sub {
			if err := t.add(s, c); err != nil {
				return err
			}
			c.subIndex[s.SubName()] = s
		}
	}
	return nil
}

// instantiate copies a declared command (and its subcommands, named
// "container|sub") for one table, so that tables never share state and the
// package-level declarations are never changed.
func instantiate(decl *Command, prefix string) *Command {
	c := &Command{
		Name: prefix + decl.Name, Arity: decl.Arity, Flags: decl.Flags, ACL: decl.ACL,
		Keys: decl.Keys, Group: decl.Group, Summary: decl.Summary, Since: decl.Since,
		Complex: decl.Complex, Tips: decl.Tips, Run: decl.Run, Movable: decl.Movable, Stats: &CommandStats{},
		FindKeys: decl.FindKeys, LocksAll: decl.LocksAll,
	}
	for _, s := range decl.Sub {
		c.Sub = append(c.Sub, instantiate(s, c.Name+"|"))
	}
	return c
}

// impliedCategories mirrors Redis's setImplicitACLCategories.
func impliedCategories(f Flag) Category {
	var c Category
	if f&Write != 0 {
		c |= CatWrite
	}
	if f&ReadOnly != 0 {
		c |= CatRead
	}
	if f&Admin != 0 {
		c |= CatAdmin | CatDangerous
	}
	if f&PubSub != 0 {
		c |= CatPubSub
	}
	if f&Fast != 0 {
		c |= CatFast
	}
	if f&Blocking != 0 {
		c |= CatBlocking
	}
	if c&CatFast == 0 {
		c |= CatSlow
	}
	return c
}

// Get finds a top-level command by lower-case name.
func (t *Table) Get(name string) *Command { return t.byName[name] }

// Commands lists the top-level commands sorted by name.
func (t *Table) Commands() []*Command { return t.all }

// Lookup resolves args to a command or subcommand and checks its arity,
// returning Redis's unknown-command and arity errors.
func (t *Table) Lookup(args [][]byte) (*Command, error) {
	var buf [32]byte
	c := t.byName[string(lower(buf[:0], args[0]))]
	if c == nil {
		return nil, ErrUnknownCommand(args[0], args[1:])
	}
	if len(c.Sub) > 0 && (len(args) > 1 || c.Run == nil) {
		if len(args) < 2 {
			return c, ErrArity(c.Name)
		}
		sub := c.subIndex[string(lower(buf[:0], args[1]))]
		if sub == nil {
			return nil, ErrUnknownSubcommand(args[1], c.Name)
		}
		c = sub
	}
	if (c.Arity > 0 && len(args) != c.Arity) || len(args) < -c.Arity {
		return c, ErrArity(c.Name)
	}
	return c, nil
}

// lower appends the ASCII lower case of s to dst.
func lower(dst, s []byte) []byte {
	for _, ch := range s {
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		dst = append(dst, ch)
	}
	return dst
}

// KeyIndexes returns the positions of the keys in args, from the key specs.
func (c *Command) KeyIndexes(args [][]byte) []int {
	var out []int
	if c.FindKeys != nil {
		for _, k := range c.FindKeys(args) {
			out = append(out, k.Pos)
		}
		return out
	}
	for _, s := range c.Keys {
		if s.Flags&NotKey != 0 {
			continue
		}
		out = s.appendKeys(out, args)
	}
	return out
}

func (s KeySpec) appendKeys(out []int, args [][]byte) []int {
	begin := s.Index
	if s.Keyword != "" {
		begin = 0
		start, end, step := s.StartFrom, len(args), 1
		if start < 0 {
			start, end, step = len(args)+start, 0, -1
		}
		for i := start; i != end && i > 0 && i < len(args); i += step {
			if strings.EqualFold(string(args[i]), s.Keyword) {
				begin = i + 1
				break
			}
		}
		if begin == 0 {
			return out
		}
	}
	if begin <= 0 || begin >= len(args) {
		return out
	}
	step := max(s.Step, 1)
	if s.KeyNum {
		nIdx := begin + s.KeyNumIdx
		if nIdx >= len(args) {
			return out
		}
		n, err := parseInt(args[nIdx])
		if err != nil || n < 0 {
			return out
		}
		first := begin + s.FirstKey
		for i := 0; i < int(n) && first+i*step < len(args); i++ {
			out = append(out, first+i*step)
		}
		return out
	}
	last := begin + s.LastKey
	if s.LastKey < 0 {
		last = len(args) + s.LastKey
		if s.Limit > 1 {
			last = begin + (len(args)-begin)/s.Limit - 1
		}
	}
	for i := begin; i <= last && i < len(args); i += step {
		out = append(out, i)
	}
	return out
}

// oneKey is the spec of a command whose only key is its first argument.
func oneKey(f KeyFlag) []KeySpec { return []KeySpec{{Flags: f, Index: 1, Step: 1}} }

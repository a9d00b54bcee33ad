package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// Stream commands: the table (COMMAND INFO and DOCS of Redis 7.0), then the
// lookups every handler starts with. Entries are added, trimmed and read
// in stream_add.go, read by XREAD and XREADGROUP (blocking too) in
// stream_read.go, consumer groups are managed in stream_group.go, pending
// entries in stream_pending.go, XINFO and XSETID are in stream_info.go and
// DUMP's codec in stream_dump.go. Every handler works through tier.Stream,
// the same code whichever tier the stream is in.
var streamCommands = []*Command{
	{Name: "xadd", Arity: -5, Flags: Write | DenyOOM | Fast, ACL: CatStream, Tips: []string{tipOutput},
		Keys: []KeySpec{{Notes: "UPDATE instead of INSERT because of the optional trimming feature",
			Flags: RW | Update, Index: 1, Step: 1}},
		Group: "stream", Summary: "Appends a new entry to a stream", Since: "5.0.0",
		Complex: "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.",
		Run:     cmdXadd},
	{Name: "xrange", Arity: -4, Flags: ReadOnly, ACL: CatStream, Keys: oneKey(RO | Access), Group: "stream",
		Summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval",
		Since:   "5.0.0",
		Complex: "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking " +
			"for the first 10 elements with COUNT), you can consider it O(1).",
		Run: cmdXrange},
	{Name: "xrevrange", Arity: -4, Flags: ReadOnly, ACL: CatStream, Keys: oneKey(RO | Access), Group: "stream",
		Summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval, in " +
			"reverse order (from greater to smaller IDs) compared to XRANGE",
		Since: "5.0.0",
		Complex: "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for " +
			"the first 10 elements with COUNT), you can consider it O(1).",
		Run: cmdXrevrange},
	{Name: "xlen", Arity: 2, Flags: ReadOnly | Fast, ACL: CatStream, Keys: oneKey(RO), Group: "stream",
		Summary: "Return the number of entries in a stream", Since: "5.0.0", Complex: "O(1)", Run: cmdXlen},
	{Name: "xdel", Arity: -3, Flags: Write | Fast, ACL: CatStream, Keys: oneKey(RW | Delete), Group: "stream",
		Summary: "Removes the specified entries from the stream. Returns the number of items actually deleted, " +
			"that may be different from the number of IDs passed in case certain IDs do not exist.",
		Since:   "5.0.0",
		Complex: "O(1) for each single item to delete in the stream, regardless of the stream size.",
		Run:     cmdXdel},
	{Name: "xtrim", Arity: -4, Flags: Write, ACL: CatStream, Tips: []string{tipOutput},
		Keys: oneKey(RW | Delete), Group: "stream",
		Summary: "Trims the stream to (approximately if '~' is passed) a certain size", Since: "5.0.0",
		Complex: "O(N), with N being the number of evicted entries. Constant times are very small however, " +
			"since entries are organized in macro nodes containing multiple entries that can be released " +
			"with a single deallocation.",
		Run: cmdXtrim},
	{Name: "xread", Arity: -4, Flags: ReadOnly | Blocking, ACL: CatStream,
		Keys:  []KeySpec{{Flags: RO | Access, Keyword: "STREAMS", StartFrom: 1, LastKey: -1, Step: 1, Limit: 2}},
		Group: "stream",
		Summary: "Return never seen elements in multiple streams, with IDs greater than the ones reported by " +
			"the caller for each stream. Can block.",
		Since: "5.0.0",
		Complex: "For each stream mentioned: O(N) with N being the number of elements being returned, it means " +
			"that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay " +
			"O(M) time in order to serve the M clients blocked on the stream getting new data.",
		Run: cmdXread},
	{Name: "xreadgroup", Arity: -7, Flags: Write | Blocking, ACL: CatStream,
		Keys:  []KeySpec{{Flags: RO | Access, Keyword: "STREAMS", StartFrom: 4, LastKey: -1, Step: 1, Limit: 2}},
		Group: "stream",
		Summary: "Return new entries from a stream using a consumer group, or access the history of the " +
			"pending entries for a given consumer. Can block.",
		Since: "5.0.0",
		Complex: "For each stream mentioned: O(M) with M being the number of elements returned. If M is " +
			"constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On " +
			"the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N " +
			"clients blocked on the stream getting new data.",
		Run: cmdXreadgroup},
	{Name: "xack", Arity: -4, Flags: Write | Fast, ACL: CatStream, Keys: oneKey(RW | Update), Group: "stream",
		Summary: "Marks a pending message as correctly processed, effectively removing it from the pending " +
			"entries list of the consumer group. Return value of the command is the number of messages " +
			"successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.",
		Since: "5.0.0", Complex: "O(1) for each message ID processed.", Run: cmdXack},
	{Name: "xpending", Arity: -3, Flags: ReadOnly, ACL: CatStream, Tips: []string{tipOutput},
		Keys: oneKey(RO | Access), Group: "stream",
		Summary: "Return information and entries from a stream consumer group pending entries list, that " +
			"are messages fetched but never acknowledged.",
		Since: "5.0.0",
		Complex: "O(N) with N being the number of elements returned, so asking for a small fixed number of " +
			"entries per call is O(1). O(M), where M is the total number of entries scanned when used with " +
			"the IDLE filter. When the command returns just the summary and the list of consumers is small, " +
			"it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.",
		Run: cmdXpending},
	{Name: "xclaim", Arity: -6, Flags: Write | Fast, ACL: CatStream, Tips: []string{tipOutput},
		Keys: oneKey(RW | Update), Group: "stream",
		Summary: "Changes (or acquires) ownership of a message in a consumer group, as if the message was " +
			"delivered to the specified consumer.",
		Since:   "5.0.0",
		Complex: "O(log N) with N being the number of messages in the PEL of the consumer group.",
		Run:     cmdXclaim},
	{Name: "xautoclaim", Arity: -6, Flags: Write | Fast, ACL: CatStream, Tips: []string{tipOutput},
		Keys: oneKey(RW | Delete), Group: "stream",
		Summary: "Changes (or acquires) ownership of messages in a consumer group, as if the messages were " +
			"delivered to the specified consumer.",
		Since: "6.2.0", Complex: "O(1) if COUNT is small.", Run: cmdXautoclaim},
	{Name: "xsetid", Arity: -3, Flags: Write | DenyOOM | Fast, ACL: CatStream, Keys: oneKey(RW | Update),
		Group: "stream", Summary: "An internal command for replicating stream values", Since: "5.0.0",
		Complex: "O(1)", Run: cmdXsetid},
	{Name: "xgroup", Arity: -2, Group: "stream", Summary: "A container for consumer groups commands",
		Since: "5.0.0", Complex: "Depends on subcommand.", Sub: xgroupSubcommands()},
	{Name: "xinfo", Arity: -2, Group: "stream", Summary: "A container for stream introspection commands",
		Since: "5.0.0", Complex: "Depends on subcommand.", Sub: xinfoSubcommands()},
}

// secondKey is the spec of a subcommand whose key is its second argument.
func secondKey(f KeyFlag) []KeySpec { return []KeySpec{{Flags: f, Index: 2, Step: 1}} }

func xgroupSubcommands() []*Command {
	return []*Command{
		{Name: "create", Arity: -5, Flags: Write | DenyOOM, ACL: CatStream, Keys: secondKey(RW | Insert),
			Group: "stream", Summary: "Create a consumer group.", Since: "5.0.0", Complex: "O(1)",
			Run: cmdXgroupCreate},
		{Name: "setid", Arity: -5, Flags: Write, ACL: CatStream, Keys: secondKey(RW | Update), Group: "stream",
			Summary: "Set a consumer group to an arbitrary last delivered ID value.", Since: "5.0.0",
			Complex: "O(1)", Run: cmdXgroupSetid},
		{Name: "destroy", Arity: 4, Flags: Write, ACL: CatStream, Keys: secondKey(RW | Delete), Group: "stream",
			Summary: "Destroy a consumer group.", Since: "5.0.0",
			Complex: "O(N) where N is the number of entries in the group's pending entries list (PEL).",
			Run:     cmdXgroupDestroy},
		{Name: "createconsumer", Arity: 5, Flags: Write | DenyOOM, ACL: CatStream, Keys: secondKey(RW | Insert),
			Group: "stream", Summary: "Create a consumer in a consumer group.", Since: "6.2.0", Complex: "O(1)",
			Run: cmdXgroupCreateconsumer},
		{Name: "delconsumer", Arity: 5, Flags: Write, ACL: CatStream, Keys: secondKey(RW | Delete),
			Group: "stream", Summary: "Delete a consumer from a consumer group.", Since: "5.0.0",
			Complex: "O(1)", Run: cmdXgroupDelconsumer},
		{Name: "help", Arity: 2, Flags: Loading | Stale, ACL: CatStream, Group: "stream",
			Summary: "Show helpful text about the different subcommands", Since: "5.0.0", Complex: "O(1)",
			Run: cmdXgroupHelp},
	}
}

func xinfoSubcommands() []*Command {
	return []*Command{
		{Name: "stream", Arity: -3, Flags: ReadOnly, ACL: CatStream, Keys: secondKey(RO | Access),
			Group: "stream", Summary: "Get information about a stream", Since: "5.0.0", Complex: "O(1)",
			Run: cmdXinfoStream},
		{Name: "consumers", Arity: 4, Flags: ReadOnly, ACL: CatStream, Tips: []string{tipOutput},
			Keys: secondKey(RO | Access), Group: "stream", Summary: "List the consumers in a consumer group",
			Since: "5.0.0", Complex: "O(1)", Run: cmdXinfoConsumers},
		{Name: "groups", Arity: 3, Flags: ReadOnly, ACL: CatStream, Keys: secondKey(RO | Access),
			Group: "stream", Summary: "List the consumer groups of a stream", Since: "5.0.0", Complex: "O(1)",
			Run: cmdXinfoGroups},
		{Name: "help", Arity: 2, Flags: Loading | Stale, ACL: CatStream, Group: "stream",
			Summary: "Show helpful text about the different subcommands", Since: "5.0.0", Complex: "O(1)",
			Run: cmdXinfoHelp},
	}
}

// readStream looks key up for a read (counting hits and misses) and returns
// its stream handle, nil if there is no key, or WRONGTYPE.
func (c *Call) readStream(key []byte) (*tier.Stream, error) {
	o, err := c.lookupRead(key)
	if err != nil || o == nil {
		return nil, err
	}
	if o.Kind != tier.KindStream {
		return nil, ErrWrongType
	}
	return c.Txn.Stream(c.DB(), key, o)
}

// writeStream looks key up for a write and returns its stream handle, or
// WRONGTYPE. A missing key gives a new empty stream when create is set
// (stored by its first Save), else nil.
func (c *Call) writeStream(key []byte, create bool) (*tier.Stream, error) {
	o, err := c.lookupWrite(key)
	switch {
	case err != nil:
		return nil, err
	case o == nil && create:
		return c.Txn.NewStream(c.DB(), key), nil
	case o == nil:
		return nil, nil
	case o.Kind != tier.KindStream:
		return nil, ErrWrongType
	}
	return c.Txn.Stream(c.DB(), key, o)
}

// saveInt stores the changes of s and replies n.
func saveInt(c *Call, s *tier.Stream, n int64) error {
	if err := s.Save(); err != nil {
		return err
	}
	c.Out.Int(n)
	return nil
}

// errNoGroup is a NOGROUP error; its text names keys and groups as C
// strings, as Redis's formatting does.
func errNoGroup(parts ...[]byte) *Error {
	var msg []byte
	for i, p := range parts {
		if i%2 == 1 {
			p = cstr(p)
		}
		msg = append(msg, p...)
	}
	return &Error{Prefix: "NOGROUP", Msg: sanitize(msg, len(msg))}
}

// errSubcommandSyntax is Redis's reply to a subcommand with bad arguments.
func errSubcommandSyntax(c *Call) *Error {
	container := c.Cmd.Name
	if p := c.Cmd.Parent(); p != nil {
		container = p.Name
	}
	return errf("unknown subcommand or wrong number of arguments for '" + sanitize(cstr(c.Args[1]), 128) +
		"'. Try " + upper(container) + " HELP.")
}

// upper is the ASCII upper case of s.
func upper(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if 'a' <= ch && ch <= 'z' {
			b[i] = ch - 'a' + 'A'
		}
	}
	return string(b)
}

package engine

import (
	"strings"

	"github.com/tierdb/tierdb/tier"
)

// OBJECT and its subcommands. None of them counts as an access of the key
// (Redis's LOOKUP_NOTOUCH): OBJECT IDLETIME does not reset the idle time.
var objectCommand = &Command{
	Name: "object", Arity: -2, Group: "generic", Summary: "A container for object introspection commands",
	Since: "2.2.3", Complex: "Depends on subcommand.",
	Sub: []*Command{
		{Name: "encoding", Tips: []string{"nondeterministic_output"}, Arity: 3, Flags: ReadOnly, ACL: CatKeyspace, Keys: []KeySpec{{Flags: RO, Index: 2, Step: 1}},
			Group: "generic", Summary: "Inspect the internal encoding of a Redis object", Since: "2.2.3",
			Complex: "O(1)", Run: cmdObjectEncoding},
		{Name: "freq", Tips: []string{"nondeterministic_output"}, Arity: 3, Flags: ReadOnly, ACL: CatKeyspace, Keys: []KeySpec{{Flags: RO, Index: 2, Step: 1}},
			Group: "generic", Summary: "Get the logarithmic access frequency counter of a Redis object",
			Since: "4.0.0", Complex: "O(1)", Run: cmdObjectFreq},
		{Name: "idletime", Tips: []string{"nondeterministic_output"}, Arity: 3, Flags: ReadOnly, ACL: CatKeyspace, Keys: []KeySpec{{Flags: RO, Index: 2, Step: 1}},
			Group: "generic", Summary: "Get the time since a Redis object was last accessed", Since: "2.2.3",
			Complex: "O(1)", Run: cmdObjectIdletime},
		{Name: "refcount", Tips: []string{"nondeterministic_output"}, Arity: 3, Flags: ReadOnly, ACL: CatKeyspace, Keys: []KeySpec{{Flags: RO, Index: 2, Step: 1}},
			Group: "generic", Summary: "Get the number of references to the value of the key", Since: "2.2.3",
			Complex: "O(1)", Run: cmdObjectRefcount},
		{Name: "tier", Tips: []string{"nondeterministic_output"}, Arity: 3, Flags: ReadOnly, ACL: CatKeyspace, Keys: []KeySpec{{Flags: RO, Index: 2, Step: 1}},
			Group: "generic", Summary: "tierdb: whether the key is in memory (hot) or on disk only (cold)",
			Since: "7.0.15", Complex: "O(1)", Run: cmdObjectTier},
		{Name: "help", Arity: 2, Flags: Loading | Stale, ACL: CatKeyspace,
			Group: "generic", Summary: "Show helpful text about the different subcommands", Since: "6.2.0",
			Complex: "O(1)", Run: cmdObjectHelp},
	},
}

// Errors of OBJECT FREQ and OBJECT IDLETIME under the other kind of
// maxmemory policy, as Redis 7.0 prints them.
var (
	errNoLFU = errf("An LFU maxmemory policy is not selected, access frequency not tracked. Please note that " +
		"when switching between policies at runtime LRU and LFU data will take some time to adjust.")
	errLFUIdle = errf("An LFU maxmemory policy is selected, idle time not tracked. Please note that when " +
		"switching between policies at runtime LRU and LFU data will take some time to adjust.")
)

// Encoding thresholds of Redis strings: integers of up to 20 characters are
// "int", other values of up to 44 bytes "embstr"; Redis shares the integers
// below sharedIntegers (REFCOUNT says sharedRefcount) unless an LRU or LFU
// policy needs per-key access data.
const (
	maxIntEncodingLen = 20
	maxEmbstrLen      = 44
	sharedIntegers    = 10000
	sharedRefcount    = 2147483647
)

// OBJECT ENCODING key
//
// A string is reported as Redis reports a value written by SET: "int" when
// it reads as a 64-bit integer, "embstr" up to 44 bytes, else "raw". After
// APPEND or SETRANGE Redis says "raw" for a short value where we say
// "embstr": we keep no record of how a value was written.
func cmdObjectEncoding(c *Call) error {
	o, err := c.objectLookup()
	if err != nil || o == nil {
		return err
	}
	c.Out.BulkString(objectEncoding(o))
	return nil
}

// objectEncoding is the OBJECT ENCODING name of o. Collections report
// Redis's encoding for a big value of their type.
func objectEncoding(o *tier.Object) string {
	switch o.Kind {
	case tier.KindString:
		if _, ok := intEncoded(o.Str); ok {
			return "int"
		}
		if o.StrLen() <= maxEmbstrLen {
			return "embstr"
		}
		return "raw"
	case tier.KindHash:
		return hashEncoding(o)
	case tier.KindSet:
		return setEncoding(o)
	case tier.KindList:
		return "quicklist"
	case tier.KindZSet:
		return zsetEncoding(o)
	case tier.KindStream:
		return "stream"
	}
	return "hashtable"
}

// intEncoded reports whether Redis would store v as an integer, and which.
func intEncoded(v []byte) (int64, bool) {
	if len(v) > maxIntEncodingLen {
		return 0, false
	}
	n, err := parseInt(v)
	return n, err == nil
}

// OBJECT FREQ key
//
// The key's LFU counter (Redis's logarithmic counter, decayed by the time
// since its last access). A cold key keeps no history: it reads as a new
// key.
func cmdObjectFreq(c *Call) error {
	o, err := c.objectLookup()
	if err != nil || o == nil {
		return err
	}
	if !strings.HasSuffix(c.e.cfg.String("maxmemory-policy"), "-lfu") {
		return errNoLFU
	}
	c.Out.Int(int64(c.e.store.Freq(o, c.Txn.Now())))
	return nil
}

// OBJECT TIER key
//
// tierdb's own: "hot" when the key is in memory, "cold" when it is on disk
// only. Asking does not move the key.
func cmdObjectTier(c *Call) error {
	o, err := c.objectLookup()
	if err != nil || o == nil {
		return err
	}
	if c.Txn.InMemory(c.S.DB, c.Args[2]) {
		c.Out.BulkString("hot")
	} else {
		c.Out.BulkString("cold")
	}
	return nil
}

// OBJECT IDLETIME key
func cmdObjectIdletime(c *Call) error {
	o, err := c.objectLookup()
	if err != nil || o == nil {
		return err
	}
	if strings.HasSuffix(c.e.cfg.String("maxmemory-policy"), "-lfu") {
		return errLFUIdle
	}
	c.Out.Int(c.idleMillis(o) / 1000)
	return nil
}

// idleMillis is how long ago o was last accessed. A key loaded from disk
// and not accessed since has no access time: it counts as idle since the
// server started.
func (c *Call) idleMillis(o *tier.Object) int64 {
	last := o.LastAccess()
	if last == 0 {
		last = c.e.started.UnixMilli()
	}
	return max(c.Txn.Now()-last, 0)
}

// OBJECT REFCOUNT key
//
// Values are never shared between keys, so the count is 1, except that
// small integers say what Redis says for its shared integer objects.
func cmdObjectRefcount(c *Call) error {
	o, err := c.objectLookup()
	if err != nil || o == nil {
		return err
	}
	c.Out.Int(objectRefcount(o, c.e.cfg.Int("maxmemory"), c.e.cfg.String("maxmemory-policy")))
	return nil
}

// objectRefcount is Redis's OBJECT REFCOUNT of o under the given maxmemory
// settings. Redis decides sharing when the value is written; we decide it
// with the settings of now.
func objectRefcount(o *tier.Object, maxmemory int64, policy string) int64 {
	if o.Kind != tier.KindString {
		return 1
	}
	n, ok := intEncoded(o.Str)
	noShared := maxmemory != 0 && (strings.HasSuffix(policy, "-lru") || strings.HasSuffix(policy, "-lfu"))
	if ok && n >= 0 && n < sharedIntegers && !noShared {
		return sharedRefcount
	}
	return 1
}

// objectLookup finds the key of an OBJECT subcommand; a missing key gets a
// nil reply, written here.
func (c *Call) objectLookup() (*tier.Object, error) {
	o, err := c.peekRead(c.Args[2])
	if err == nil && o == nil {
		c.Out.Null()
	}
	return o, err
}

// objectHelp is OBJECT HELP's text, one line per reply element.
var objectHelp = []string{
	"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
	"ENCODING <key>",
	"    Return the internal representation of the value of <key> (int, embstr, raw ...).",
	"FREQ <key>",
	"    Return the logarithmic access frequency counter of <key> (LFU policies only).",
	"IDLETIME <key>",
	"    Return the number of seconds since <key> was last read or written (not under LFU policies).",
	"REFCOUNT <key>",
	"    Return the number of references to the value of <key>.",
	"HELP",
	"    Print this help.",
}

// OBJECT HELP
func cmdObjectHelp(c *Call) error {
	c.Out.Array(len(objectHelp))
	for _, line := range objectHelp {
		c.Out.SimpleString(line)
	}
	return nil
}

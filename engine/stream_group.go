package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// Consumer groups: XGROUP's subcommands and XACK.

// Errors of XGROUP, as Redis 7.0 prints them.
var (
	errXgroupNoKey = errf("The XGROUP subcommand requires the key to exist. Note that for CREATE you may want " +
		"to use the MKSTREAM option to create an empty stream automatically.")
	errXgroupEntriesRead = errf("value for ENTRIESREAD must be positive or -1")
	errBusyGroup         = &Error{Prefix: "BUSYGROUP", Msg: "Consumer Group name already exists"}
)

// xgroupTarget is what every XGROUP subcommand but HELP starts with, found
// in Redis's order: the options of CREATE and SETID, the key, the group.
type xgroupTarget struct {
	s           *tier.Stream // nil: no key (CREATE ... MKSTREAM)
	g           *tier.StreamGroup
	mkstream    bool
	entriesRead int64
}

func xgroupLookup(c *Call) (*xgroupTarget, error) {
	sub := c.Cmd.SubName()
	x := &xgroupTarget{entriesRead: noEntriesRead}
	if sub == "create" || sub == "setid" {
		for i := 5; i < len(c.Args); {
			switch {
			case sub == "create" && optEq(c.Args[i], "mkstream"):
				x.mkstream = true
				i++
			case optEq(c.Args[i], "entriesread") && i+1 < len(c.Args):
				n, err := parseInt(c.Args[i+1])
				if err != nil {
					return nil, err
				}
				if n < 0 && n != noEntriesRead {
					return nil, errXgroupEntriesRead
				}
				x.entriesRead = n
				i += 2
			default:
				return nil, errSubcommandSyntax(c)
			}
		}
	}
	key, name := c.Args[2], c.Args[3]
	s, err := c.writeStream(key, false)
	if err != nil {
		return nil, err
	}
	x.s = s
	if x.mkstream {
		return x, nil
	}
	if s == nil {
		return nil, errXgroupNoKey
	}
	if x.g, err = s.Group(name); err != nil {
		return nil, err
	}
	if x.g == nil && sub != "create" && sub != "destroy" {
		return nil, errNoGroup([]byte("No such consumer group '"), name, []byte("' for key name '"), key, []byte("'"))
	}
	return x, nil
}

// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
func cmdXgroupCreate(c *Call) error {
	x, err := xgroupLookup(c)
	if err != nil {
		return err
	}
	if len(c.Args) > 8 {
		return errSubcommandSyntax(c)
	}
	var id tier.StreamID
	if string(c.Args[4]) == "$" {
		if x.s != nil {
			id = x.s.Meta().LastID
		}
	} else if id, err = parseStrictID(c.Args[4]); err != nil {
		return err
	}
	s := x.s
	if s == nil {
		s = c.Txn.NewStream(c.DB(), c.Args[2])
	}
	g, err := s.CreateGroup(c.Args[3], id, x.entriesRead)
	if err != nil {
		return err
	}
	if g == nil {
		return errBusyGroup
	}
	if err := s.Save(); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

// XGROUP SETID key group id|$ [ENTRIESREAD entries-read]
func cmdXgroupSetid(c *Call) error {
	x, err := xgroupLookup(c)
	if err != nil {
		return err
	}
	if len(c.Args) != 5 && len(c.Args) != 7 {
		return errSubcommandSyntax(c)
	}
	var id tier.StreamID
	if string(c.Args[4]) == "$" {
		id = x.s.Meta().LastID
	} else if id, err = parseStreamID(c.Args[4], 0, false, nil); err != nil {
		return err
	}
	x.g.LastID, x.g.EntriesRead = id, x.entriesRead
	if err := x.s.Save(); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

// XGROUP DESTROY key group
func cmdXgroupDestroy(c *Call) error {
	x, err := xgroupLookup(c)
	if err != nil {
		return err
	}
	if x.g == nil {
		c.Out.Int(0)
		return nil
	}
	x.s.DestroyGroup(x.g)
	return saveInt(c, x.s, 1)
}

// xgroupConsumer is xgroupLookup for CREATECONSUMER and DELCONSUMER,
// with the consumer they name (nil if there is none).
func xgroupConsumer(c *Call) (*xgroupTarget, *tier.StreamConsumer, error) {
	x, err := xgroupLookup(c)
	if err != nil {
		return nil, nil, err
	}
	k, err := x.s.Consumer(x.g, c.Args[4])
	return x, k, err
}

// XGROUP CREATECONSUMER key group consumer
func cmdXgroupCreateconsumer(c *Call) error {
	x, k, err := xgroupConsumer(c)
	if err != nil {
		return err
	}
	if k != nil {
		c.Out.Int(0)
		return nil
	}
	x.s.CreateConsumer(x.g, c.Args[4], c.Txn.Now())
	return saveInt(c, x.s, 1)
}

// XGROUP DELCONSUMER key group consumer
func cmdXgroupDelconsumer(c *Call) error {
	x, k, err := xgroupConsumer(c)
	if err != nil {
		return err
	}
	if k == nil {
		c.Out.Int(0)
		return nil
	}
	pending := k.Pending
	if err := x.s.DeleteConsumer(x.g, k); err != nil {
		return err
	}
	return saveInt(c, x.s, pending)
}

// XGROUP HELP
func cmdXgroupHelp(c *Call) error {
	writeHelp(c.Out, []string{
		"XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
		"CREATE <key> <groupname> <id|$> [option]",
		"    Create a new consumer group. Options are:",
		"    * MKSTREAM",
		"      Create the empty stream if it does not exist.",
		"    * ENTRIESREAD entries_read",
		"      Set the group's entries_read counter (internal use).",
		"CREATECONSUMER <key> <groupname> <consumer>",
		"    Create a new consumer in the specified group.",
		"DELCONSUMER <key> <groupname> <consumer>",
		"    Remove the specified consumer.",
		"DESTROY <key> <groupname>",
		"    Remove the specified group.",
		"SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
		"    Set the current group ID and entries_read counter.",
		"HELP",
		"    Prints this help.",
	})
	return nil
}

// XACK key group id [id ...]
//
// A missing key or group acknowledges nothing, whatever the IDs are; else
// every ID is read before the first is acknowledged.
func cmdXack(c *Call) error {
	s, g, err := streamGroup(c, false)
	if err != nil {
		return err
	}
	if g == nil {
		c.Out.Int(0)
		return nil
	}
	ids, err := parseStrictIDs(c.Args[3:])
	if err != nil {
		return err
	}
	var n int64
	for _, id := range ids {
		nack, err := s.NACK(g, id)
		if err != nil {
			return err
		}
		if nack == nil {
			continue
		}
		if err := s.DeleteNACK(g, nack); err != nil {
			return err
		}
		n++
	}
	if n > 0 {
		if err := s.Save(); err != nil {
			return err
		}
	}
	c.Out.Int(n)
	return nil
}

// streamGroup looks up the stream at the first argument and its group
// named by the second: nil, nil if either is missing. read counts the
// lookup as a read.
func streamGroup(c *Call, read bool) (*tier.Stream, *tier.StreamGroup, error) {
	var (
		s   *tier.Stream
		err error
	)
	if read {
		s, err = c.readStream(c.Args[1])
	} else {
		s, err = c.writeStream(c.Args[1], false)
	}
	if err != nil || s == nil {
		return nil, nil, err
	}
	g, err := s.Group(c.Args[2])
	if err != nil || g == nil {
		return nil, nil, err
	}
	return s, g, nil
}

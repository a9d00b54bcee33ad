package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// XINFO and XSETID, and the bookkeeping of a group's read counter and lag
// that XREADGROUP, XGROUP and XINFO share (Redis 7.0's entries-read, lag,
// entries-added, max-deleted-entry-id and recorded-first-entry-id).

// Errors of XSETID, as Redis 7.0 prints them.
var (
	errXsetidAdded      = errf("entries_added must be positive")
	errXsetidMaxDeleted = errf("The ID specified in XSETID is smaller than the provided max_deleted_entry_id")
	errXsetidCurDeleted = errf("The ID specified in XSETID is smaller than current max_deleted_entry_id")
	errXsetidSmall      = errf("The ID specified in XSETID is smaller than the target stream top item")
	errXsetidLength     = errf("The entries_added specified in XSETID is smaller than the target stream length")
)

// noEntriesRead is a group's unknown read counter (SCG_INVALID_ENTRIES_READ).
const noEntriesRead = -1

// rangeHasTombstones reports whether an entry deleted by XDEL may lie
// between start and end (end nil: the stream's end), as Redis's
// streamRangeHasTombstones.
func rangeHasTombstones(m *tier.StreamMeta, start tier.StreamID, end *tier.StreamID) bool {
	if m.Length == 0 || m.MaxDeleted.IsZero() || m.FirstID.Compare(m.MaxDeleted) > 0 {
		return false
	}
	e := tier.MaxStreamID
	if end != nil {
		e = *end
	}
	return start.Compare(m.MaxDeleted) <= 0 && m.MaxDeleted.Compare(e) <= 0
}

// estimateEntriesRead is the number of entries added up to id, when it can
// be known (Redis's streamEstimateDistanceFromFirstEverEntry), else
// noEntriesRead.
func estimateEntriesRead(m *tier.StreamMeta, id tier.StreamID) int64 {
	if m.EntriesAdded == 0 {
		return 0
	}
	if m.Length == 0 && id.Compare(m.LastID) < 1 {
		return m.EntriesAdded
	}
	switch id.Compare(m.LastID) {
	case 0:
		return m.EntriesAdded
	case 1:
		return noEntriesRead
	}
	if m.MaxDeleted.IsZero() || m.MaxDeleted.Compare(m.FirstID) < 0 {
		switch id.Compare(m.FirstID) {
		case -1:
			return m.EntriesAdded - m.Length
		case 0:
			return m.EntriesAdded - m.Length + 1
		}
	}
	return noEntriesRead
}

// advanceGroup moves group g's last delivered ID to id, if id is past it,
// counting the read as Redis does.
func advanceGroup(m *tier.StreamMeta, g *tier.StreamGroup, id tier.StreamID) {
	if id.Compare(g.LastID) <= 0 {
		return
	}
	if g.EntriesRead != noEntriesRead && !rangeHasTombstones(m, id, nil) {
		g.EntriesRead++
	} else if m.EntriesAdded != 0 {
		g.EntriesRead = estimateEntriesRead(m, id)
	}
	g.LastID = id
}

// writeLag writes group g's lag: how many entries were added past its last
// delivered one, or nil when that cannot be known.
func writeLag(out Reply, m *tier.StreamMeta, g *tier.StreamGroup) {
	switch {
	case m.EntriesAdded == 0:
		out.Int(0)
	case g.EntriesRead != noEntriesRead && !rangeHasTombstones(m, g.LastID, nil):
		out.Int(m.EntriesAdded - g.EntriesRead)
	default:
		if read := estimateEntriesRead(m, g.LastID); read != noEntriesRead {
			out.Int(m.EntriesAdded - read)
		} else {
			out.Null()
		}
	}
}

// writeEntriesRead writes a group's read counter, nil when unknown.
func writeEntriesRead(out Reply, g *tier.StreamGroup) {
	if g.EntriesRead == noEntriesRead {
		out.Null()
	} else {
		out.Int(g.EntriesRead)
	}
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID
// max-deleted-id]
func cmdXsetid(c *Call) error {
	id, err := parseStrictID(c.Args[2])
	if err != nil {
		return err
	}
	added := int64(-1)
	var maxDel tier.StreamID
	for i := 3; i < len(c.Args); i += 2 {
		more := len(c.Args) - 1 - i
		switch opt := c.Args[i]; {
		case optEq(opt, "entriesadded") && more > 0:
			if added, err = parseInt(c.Args[i+1]); err != nil {
				return err
			}
			if added < 0 {
				return errXsetidAdded
			}
		case optEq(opt, "maxdeletedid") && more > 0:
			if maxDel, err = parseStrictID(c.Args[i+1]); err != nil {
				return err
			}
			if id.Compare(maxDel) < 0 {
				return errXsetidMaxDeleted
			}
		default:
			return ErrSyntax
		}
	}
	s, err := c.writeStream(c.Args[1], false)
	if err != nil {
		return err
	}
	if s == nil {
		return ErrNoSuchKey
	}
	m := s.Meta()
	if m.Length > 0 {
		last, err := lastValidID(s)
		if err != nil {
			return err
		}
		if id.Compare(last) < 0 {
			return errXsetidSmall
		}
		if added != -1 && m.Length > added {
			return errXsetidLength
		}
	}
	if id.Compare(m.MaxDeleted) < 0 {
		return errXsetidCurDeleted
	}
	if added == -1 {
		added = m.EntriesAdded
	}
	if maxDel.IsZero() {
		maxDel = m.MaxDeleted
	}
	s.SetMeta(id, added, maxDel)
	if err := s.Save(); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

// infoStream looks the key of an XINFO subcommand up: a missing key is
// "no such key".
func infoStream(c *Call) (*tier.Stream, error) {
	s, err := c.readStream(c.Args[2])
	if err == nil && s == nil {
		err = ErrNoSuchKey
	}
	return s, err
}

// XINFO GROUPS key
func cmdXinfoGroups(c *Call) error {
	s, err := infoStream(c)
	if err != nil {
		return err
	}
	var groups []*tier.StreamGroup
	if err := s.EachGroup(func(g *tier.StreamGroup) bool { groups = append(groups, g); return true }); err != nil {
		return err
	}
	m := s.Meta()
	c.Out.Array(len(groups))
	for _, g := range groups {
		c.Out.Map(6)
		c.Out.BulkString("name")
		c.Out.Bulk(g.Name)
		c.Out.BulkString("consumers")
		c.Out.Int(g.Consumers)
		c.Out.BulkString("pending")
		c.Out.Int(g.Pending)
		c.Out.BulkString("last-delivered-id")
		writeStreamID(c.Out, g.LastID)
		c.Out.BulkString("entries-read")
		writeEntriesRead(c.Out, g)
		c.Out.BulkString("lag")
		writeLag(c.Out, &m, g)
	}
	return nil
}

// XINFO CONSUMERS key group
func cmdXinfoConsumers(c *Call) error {
	s, err := infoStream(c)
	if err != nil {
		return err
	}
	g, err := s.Group(c.Args[3])
	if err != nil {
		return err
	}
	if g == nil {
		return errNoGroup([]byte("No such consumer group '"), c.Args[3], []byte("' for key name '"), c.Args[2], []byte("'"))
	}
	var list []*tier.StreamConsumer
	if err := s.EachConsumer(g, func(k *tier.StreamConsumer) bool { list = append(list, k); return true }); err != nil {
		return err
	}
	now := c.Txn.Now()
	c.Out.Array(len(list))
	for _, k := range list {
		c.Out.Map(3)
		c.Out.BulkString("name")
		c.Out.Bulk(k.Name)
		c.Out.BulkString("pending")
		c.Out.Int(k.Pending)
		c.Out.BulkString("idle")
		c.Out.Int(max(now-k.SeenTime, 0))
	}
	return nil
}

// XINFO HELP
func cmdXinfoHelp(c *Call) error {
	writeHelp(c.Out, []string{
		"XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
		"CONSUMERS <key> <groupname>",
		"    Show consumers of <groupname>.",
		"GROUPS <key>",
		"    Show the stream consumer groups.",
		"STREAM <key> [FULL [COUNT <count>]",
		"    Show information about the stream.",
		"HELP",
		"    Prints this help.",
	})
	return nil
}

// XINFO STREAM key [FULL [COUNT count]]
//
// The options are read after the key is looked up, as in Redis.
func cmdXinfoStream(c *Call) error {
	s, err := infoStream(c)
	if err != nil {
		return err
	}
	opts := c.Args[3:]
	full, count := len(opts) > 0, int64(10)
	if full {
		if len(opts) != 1 && len(opts) != 3 || !optEq(opts[0], "full") || len(opts) == 3 && !optEq(opts[1], "count") {
			return errSubcommandSyntax(c)
		}
		if len(opts) == 3 {
			if count, err = parseInt(opts[2]); err != nil {
				return err
			}
			if count < 0 {
				count = 10
			}
		}
	}
	info, err := gatherStreamInfo(s, full, count)
	if err != nil {
		return err
	}
	info.write(c.Out)
	return nil
}

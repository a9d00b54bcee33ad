package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// XINFO STREAM's reply, read whole before any of it is written (a read
// error must leave no partial reply).

// streamInfo is what XINFO STREAM [FULL] answers.
type streamInfo struct {
	m        tier.StreamMeta
	raxNodes int64
	full     bool
	first    *xreadEntry // plain form: the edge entries
	last     *xreadEntry
	entries  []xreadEntry // FULL: the first count entries
	groups   []groupInfo
}

// groupInfo is one group of XINFO STREAM FULL with its first count pending
// entries and its consumers.
type groupInfo struct {
	g         *tier.StreamGroup
	pending   []*tier.StreamNACK
	consumers []consumerInfo
}

type consumerInfo struct {
	k       *tier.StreamConsumer
	pending []*tier.StreamNACK
}

// upTo returns a callback collecting into list up to count items (0: all).
func upTo[T any](list *[]T, count int64) func(T) bool {
	return func(v T) bool {
		*list = append(*list, v)
		return count == 0 || int64(len(*list)) < count
	}
}

func gatherStreamInfo(s *tier.Stream, full bool, count int64) (*streamInfo, error) {
	info := &streamInfo{m: s.Meta(), full: full}
	var err error
	if info.raxNodes, err = s.RaxNodes(); err != nil {
		return nil, err
	}
	if !full {
		count = 1
	}
	collect := upTo(&info.entries, count)
	err = s.Range(tier.StreamID{}, tier.MaxStreamID, false, func(id tier.StreamID, pairs [][]byte) bool {
		return collect(xreadEntry{id, pairs})
	})
	if err != nil {
		return nil, err
	}
	if !full {
		if len(info.entries) > 0 {
			info.first = &info.entries[0]
			var last []xreadEntry
			err = s.Range(tier.StreamID{}, tier.MaxStreamID, true, func(id tier.StreamID, pairs [][]byte) bool {
				last = append(last, xreadEntry{id, pairs})
				return false
			})
			info.last = &last[0]
		}
		return info, err
	}
	err = s.EachGroup(func(g *tier.StreamGroup) bool {
		info.groups = append(info.groups, groupInfo{g: g})
		return true
	})
	if err != nil {
		return nil, err
	}
	for i := range info.groups {
		gi := &info.groups[i]
		if err := s.EachNACK(gi.g, nil, tier.StreamID{}, tier.MaxStreamID, false, upTo(&gi.pending, count)); err != nil {
			return nil, err
		}
		err := s.EachConsumer(gi.g, func(k *tier.StreamConsumer) bool {
			gi.consumers = append(gi.consumers, consumerInfo{k: k})
			return true
		})
		if err != nil {
			return nil, err
		}
		for j := range gi.consumers {
			ci := &gi.consumers[j]
			if err := s.EachNACK(gi.g, ci.k, tier.StreamID{}, tier.MaxStreamID, false, upTo(&ci.pending, count)); err != nil {
				return nil, err
			}
		}
	}
	return info, nil
}

func (info *streamInfo) write(out Reply) {
	m := &info.m
	if info.full {
		out.Map(9)
	} else {
		out.Map(10)
	}
	out.BulkString("length")
	out.Int(m.Length)
	out.BulkString("radix-tree-keys")
	out.Int(m.Nodes)
	out.BulkString("radix-tree-nodes")
	out.Int(info.raxNodes)
	out.BulkString("last-generated-id")
	writeStreamID(out, m.LastID)
	out.BulkString("max-deleted-entry-id")
	writeStreamID(out, m.MaxDeleted)
	out.BulkString("entries-added")
	out.Int(m.EntriesAdded)
	out.BulkString("recorded-first-entry-id")
	writeStreamID(out, m.FirstID)
	if !info.full {
		out.BulkString("groups")
		out.Int(m.Groups)
		out.BulkString("first-entry")
		writeEdge(out, info.first)
		out.BulkString("last-entry")
		writeEdge(out, info.last)
		return
	}
	out.BulkString("entries")
	out.Array(len(info.entries))
	for _, e := range info.entries {
		writeEntry(out, e.id, e.pairs)
	}
	out.BulkString("groups")
	out.Array(len(info.groups))
	for _, gi := range info.groups {
		gi.write(out, m)
	}
}

func writeEdge(out Reply, e *xreadEntry) {
	if e == nil {
		out.Null()
		return
	}
	writeEntry(out, e.id, e.pairs)
}

func (gi *groupInfo) write(out Reply, m *tier.StreamMeta) {
	out.Map(7)
	out.BulkString("name")
	out.Bulk(gi.g.Name)
	out.BulkString("last-delivered-id")
	writeStreamID(out, gi.g.LastID)
	out.BulkString("entries-read")
	writeEntriesRead(out, gi.g)
	out.BulkString("lag")
	writeLag(out, m, gi.g)
	out.BulkString("pel-count")
	out.Int(gi.g.Pending)
	out.BulkString("pending")
	out.Array(len(gi.pending))
	for _, n := range gi.pending {
		out.Array(4)
		writeStreamID(out, n.ID)
		out.Bulk(n.Consumer)
		out.Int(n.DeliveryTime)
		out.Int(n.DeliveryCount)
	}
	out.BulkString("consumers")
	out.Array(len(gi.consumers))
	for _, ci := range gi.consumers {
		out.Map(4)
		out.BulkString("name")
		out.Bulk(ci.k.Name)
		out.BulkString("seen-time")
		out.Int(ci.k.SeenTime)
		out.BulkString("pel-count")
		out.Int(ci.k.Pending)
		out.BulkString("pending")
		out.Array(len(ci.pending))
		for _, n := range ci.pending {
			out.Array(3)
			writeStreamID(out, n.ID)
			out.Int(n.DeliveryTime)
			out.Int(n.DeliveryCount)
		}
	}
}

package engine

import (
	"time"

	"github.com/tierdb/tierdb/tier"
)

// XREAD and XREADGROUP: reading new entries of several streams, as a plain
// reader or as a consumer of a group (which records what it delivered),
// blocking until one of the streams has something when asked to.

// Errors of XREAD and XREADGROUP, as Redis 7.0 prints them.
var (
	errXreadGroupOption = errf("The GROUP option is only supported by XREADGROUP. You called XREAD instead.")
	errXreadNoack       = errf("The NOACK option is only supported by XREADGROUP. You called XREAD instead.")
	errXreadMissingGrp  = errf("Missing GROUP option for XREADGROUP")
	errXreadDollar      = errf("The $ ID is meaningless in the context of XREADGROUP: you want to read the history " +
		"of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just " +
		"return an empty result set.")
	errXreadGreater = errf("The > ID can be specified only when calling XREADGROUP using the GROUP <group> " +
		"<consumer> option.")
	errXreadUnbalanced = errf("Unbalanced XREAD list of streams: for each stream key an ID or '$' must be " +
		"specified.")
	errStreamGone = &Error{Prefix: "UNBLOCKED", Msg: "the stream key no longer exists"}
	errGroupGone  = &Error{Prefix: "NOGROUP", Msg: "the consumer group this client was blocked on no longer exists"}
)

// xreadBlockedCount is how many entries a blocked XREAD without COUNT gets
// (Redis's XREAD_BLOCKED_DEFAULT_COUNT).
const xreadBlockedCount = 1000

// xread is a parsed XREAD or XREADGROUP.
type xread struct {
	group, consumer []byte
	noack           bool
	count           int64 // 0: no limit
	block           bool
	timeout         time.Duration
	keys            [][]byte
	ids             []tier.StreamID
	newOnly         []bool // the ID was ">"
}

// parseXread reads the options of XREAD (group false) or XREADGROUP, as
// Redis's xreadCommand does, errors in the same order.
func parseXread(c *Call, group bool) (*xread, error) {
	x := &xread{}
	args := c.Args
	streamsAt := 0
	for i := 1; i < len(args) && streamsAt == 0; i++ {
		more := len(args) - i - 1
		switch opt := args[i]; {
		case optEq(opt, "block") && more > 0:
			i++
			d, err := parseBlockMillis(args[i])
			if err != nil {
				return nil, err
			}
			x.block, x.timeout = true, d
		case optEq(opt, "count") && more > 0:
			i++
			n, err := parseInt(args[i])
			if err != nil {
				return nil, err
			}
			x.count = max(n, 0)
		case optEq(opt, "streams") && more > 0:
			streamsAt = i + 1
			if (len(args)-streamsAt)%2 != 0 {
				return nil, errXreadUnbalanced
			}
		case optEq(opt, "group") && more >= 2:
			if !group {
				return nil, errXreadGroupOption
			}
			x.group, x.consumer = args[i+1], args[i+2]
			i += 2
		case optEq(opt, "noack"):
			if !group {
				return nil, errXreadNoack
			}
			x.noack = true
		default:
			return nil, ErrSyntax
		}
	}
	if streamsAt == 0 {
		return nil, ErrSyntax
	}
	if group && x.group == nil {
		return nil, errXreadMissingGrp
	}
	n := (len(args) - streamsAt) / 2
	x.keys = args[streamsAt : streamsAt+n]
	x.ids = make([]tier.StreamID, n)
	x.newOnly = make([]bool, n)
	return x, nil
}

// xreadStream is one stream of an XREAD: its handle (nil if the key is
// missing) and, for XREADGROUP, its group and consumer.
type xreadStream struct {
	s        *tier.Stream
	g        *tier.StreamGroup
	consumer *tier.StreamConsumer
}

// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
func cmdXread(c *Call) error { return xreadCommand(c, false) }

// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds]
// [NOACK] STREAMS key [key ...] id [id ...]
func cmdXreadgroup(c *Call) error { return xreadCommand(c, true) }

func xreadCommand(c *Call, group bool) error {
	x, err := parseXread(c, group)
	if err != nil {
		return err
	}
	streams, unique, err := x.resolve(c)
	if err != nil {
		return err
	}
	now := c.Txn.Now()
	var served []xreadResult
	for i, st := range streams {
		if st.s == nil {
			continue
		}
		r, ok, err := x.serveNow(c, i, st, now)
		if err != nil {
			return err
		}
		if ok {
			served = append(served, r)
		}
	}
	if group {
		for _, s := range unique {
			if err := s.Save(); err != nil {
				return err
			}
		}
	}
	if len(served) > 0 {
		writeXreadReply(c.Out, served)
		return nil
	}
	if !x.block {
		c.Out.NullArray()
		return nil
	}
	count := x.count
	if count == 0 {
		count = xreadBlockedCount
	}
	c.Block(BlockSpec{
		Keys:     x.keys,
		Timeout:  x.timeout,
		Serve:    func(bc *Call) (bool, error) { return x.serveBlocked(bc, count) },
		TimedOut: func(out Reply) { out.NullArray() },
	})
	return nil
}

// resolve looks every key up (and its group), and reads the IDs: "$" is
// the stream's last ID now, ">" the group's last delivered one. A key named
// twice gets one handle, listed once in unique.
func (x *xread) resolve(c *Call) (streams []xreadStream, unique []*tier.Stream, err error) {
	streams = make([]xreadStream, len(x.keys))
	idArgs := c.Args[len(c.Args)-len(x.keys):]
	handles := make(map[string]*tier.Stream, len(x.keys))
	for i, key := range x.keys {
		s, seen := handles[string(key)]
		if !seen {
			if s, err = c.readStream(key); err != nil {
				return nil, nil, err
			}
			handles[string(key)] = s
			if s != nil {
				unique = append(unique, s)
			}
		}
		streams[i].s = s
		if x.group != nil {
			var g *tier.StreamGroup
			if s != nil {
				if g, err = s.Group(x.group); err != nil {
					return nil, nil, err
				}
			}
			if g == nil {
				return nil, nil, errNoGroup([]byte("No such key '"), key, []byte("' or consumer group '"), x.group,
					[]byte("' in XREADGROUP with GROUP option"))
			}
			streams[i].g = g
		}
		switch string(idArgs[i]) {
		case "$":
			if x.group != nil {
				return nil, nil, errXreadDollar
			}
			if s != nil {
				x.ids[i] = s.Meta().LastID
			}
			continue
		case ">":
			if x.group == nil {
				return nil, nil, errXreadGreater
			}
			x.ids[i], x.newOnly[i] = tier.MaxStreamID, true
			continue
		}
		id, err := parseStrictID(idArgs[i])
		if err != nil {
			return nil, nil, err
		}
		x.ids[i] = id
	}
	return streams, unique, nil
}

// xreadResult is what one stream answers: its key and entries (nil pairs
// for a pending entry deleted from the stream).
type xreadResult struct {
	key     []byte
	entries []xreadEntry
}

type xreadEntry struct {
	id    tier.StreamID
	pairs [][]byte
}

// serveNow serves stream i at once if it can, as Redis's synchronous path:
// a group consumer gets its history for an ID other than ">", new entries
// for ">" if the stream has entries past the group's last one; a plain
// reader entries past its ID. A group's consumer is looked up (created if
// new) and marked as seen when it is served.
func (x *xread) serveNow(c *Call, i int, st xreadStream, now int64) (xreadResult, bool, error) {
	s, gt := st.s, x.ids[i]
	serve, history := false, false
	if st.g != nil {
		if !x.newOnly[i] {
			serve, history = true, true
		} else if s.Len() > 0 {
			last, err := lastValidID(s)
			if err != nil {
				return xreadResult{}, false, err
			}
			if last.Compare(st.g.LastID) > 0 {
				serve, gt = true, st.g.LastID
			}
		}
	} else if s.Len() > 0 && s.Meta().LastID.Compare(gt) > 0 {
		last, err := lastValidID(s)
		if err != nil {
			return xreadResult{}, false, err
		}
		serve = last.Compare(gt) > 0
	}
	if !serve {
		return xreadResult{}, false, nil
	}
	if st.g != nil {
		k, err := consumerFor(s, st.g, x.consumer, now)
		if err != nil {
			return xreadResult{}, false, err
		}
		st.consumer = k
	}
	start, ok := gt.Next()
	if !ok {
		start = tier.StreamID{}
	}
	r := xreadResult{key: x.keys[i]}
	var err error
	if history {
		r.entries, err = readHistory(s, st.g, st.consumer, start, x.count, now)
	} else {
		r.entries, err = x.readNew(s, st, start, x.count, now)
	}
	return r, err == nil, err
}

// lastValidID is the ID of the stream's last entry (0-0 if it has none).
func lastValidID(s *tier.Stream) (tier.StreamID, error) {
	id, _, err := s.Last()
	return id, err
}

// consumerFor returns the consumer name of group g, created if new, seen
// at now.
func consumerFor(s *tier.Stream, g *tier.StreamGroup, name []byte, now int64) (*tier.StreamConsumer, error) {
	k, err := s.Consumer(g, name)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return s.CreateConsumer(g, name, now), nil
	}
	k.SeenTime = now
	return k, nil
}

// readNew reads up to count entries (0: all) from start; for a group, each
// one advances the group's last delivered ID and, unless NOACK, becomes
// pending for the consumer (moving from another consumer if it was
// pending already, as after XGROUP SETID).
func (x *xread) readNew(s *tier.Stream, st xreadStream, start tier.StreamID, count, now int64) ([]xreadEntry, error) {
	var list []xreadEntry
	err := s.Range(start, tier.MaxStreamID, false, func(id tier.StreamID, pairs [][]byte) bool {
		list = append(list, xreadEntry{id, pairs})
		return count == 0 || int64(len(list)) < count
	})
	if err != nil || st.g == nil {
		return list, err
	}
	m := s.Meta()
	for _, e := range list {
		advanceGroup(&m, st.g, e.id)
		if x.noack {
			continue
		}
		n, err := s.NACK(st.g, e.id)
		if err != nil {
			return nil, err
		}
		if n == nil {
			n = &tier.StreamNACK{ID: e.id}
		}
		n.DeliveryTime, n.DeliveryCount = now, 1
		if err := s.PutNACK(st.g, n, st.consumer); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// readHistory reads up to count (0: all) of the consumer's pending entries
// from start, counting a delivery for each one still in the stream; one
// deleted since answers its ID with nil fields.
func readHistory(s *tier.Stream, g *tier.StreamGroup, k *tier.StreamConsumer, start tier.StreamID, count, now int64) ([]xreadEntry, error) {
	var nacks []*tier.StreamNACK
	err := s.EachNACK(g, k, start, tier.MaxStreamID, false, func(n *tier.StreamNACK) bool {
		nacks = append(nacks, n)
		return count == 0 || int64(len(nacks)) < count
	})
	if err != nil {
		return nil, err
	}
	list := make([]xreadEntry, 0, len(nacks))
	for _, n := range nacks {
		pairs, ok, err := s.Entry(n.ID)
		if err != nil {
			return nil, err
		}
		list = append(list, xreadEntry{n.ID, pairs})
		if !ok {
			continue
		}
		n.DeliveryTime = now
		n.DeliveryCount++
		if err := s.PutNACK(g, n, k); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// serveBlocked serves a blocked XREAD or XREADGROUP from the first of its
// streams that has entries past its ID (for a group: past the group's last
// delivered one), at most count of them. A group consumer whose stream or
// group went away gets an error.
func (x *xread) serveBlocked(c *Call, count int64) (bool, error) {
	now := c.Txn.Now()
	for i, key := range x.keys {
		s, err := c.readStream(key)
		switch {
		case err != nil && err != ErrWrongType:
			return false, err
		case err != nil || s == nil:
			if x.group != nil {
				return false, errStreamGone
			}
			continue
		}
		st := xreadStream{s: s}
		gt := x.ids[i]
		if x.group != nil {
			if st.g, err = s.Group(x.group); err != nil {
				return false, err
			}
			if st.g == nil {
				return false, errGroupGone
			}
			gt = st.g.LastID
		}
		if s.Meta().LastID.Compare(gt) <= 0 {
			continue
		}
		if st.g != nil {
			if st.consumer, err = consumerFor(s, st.g, x.consumer, now); err != nil {
				return false, err
			}
		}
		start, _ := gt.Next()
		entries, err := x.readNew(s, st, start, count, now)
		if err != nil {
			return false, err
		}
		if st.g != nil {
			if err := s.Save(); err != nil {
				return false, err
			}
		}
		writeXreadReply(c.Out, []xreadResult{{key: key, entries: entries}})
		return true, nil
	}
	return false, nil
}

// writeXreadReply writes the streams served: an array of [key, entries] in
// RESP2, a map of key to entries in RESP3.
func writeXreadReply(out Reply, served []xreadResult) {
	if out.Proto() == 2 {
		out.Array(len(served))
	} else {
		out.Map(len(served))
	}
	for _, r := range served {
		if out.Proto() == 2 {
			out.Array(2)
		}
		out.Bulk(r.key)
		out.Array(len(r.entries))
		for _, e := range r.entries {
			if e.pairs == nil {
				out.Array(2)
				writeStreamID(out, e.id)
				out.NullArray()
				continue
			}
			writeEntry(out, e.id, e.pairs)
		}
	}
}

package engine

import (
	"math"

	"github.com/tierdb/tierdb/tier"
)

// Pending entries: XPENDING lists them, XCLAIM and XAUTOCLAIM move them to
// another consumer.

// Errors of XCLAIM and XAUTOCLAIM, as Redis 7.0 prints them.
var (
	errXclaimMinIdle     = errf("Invalid min-idle-time argument for XCLAIM")
	errXclaimIdle        = errf("Invalid IDLE option argument for XCLAIM")
	errXclaimTime        = errf("Invalid TIME option argument for XCLAIM")
	errXclaimRetry       = errf("Invalid RETRYCOUNT option argument for XCLAIM")
	errXautoclaimMinIdle = errf("Invalid min-idle-time argument for XAUTOCLAIM")
	errXautoclaimCount   = errf("COUNT must be > 0")
)

// errNoKeyOrGroup is XPENDING's, XCLAIM's and XAUTOCLAIM's NOGROUP error.
func errNoKeyOrGroup(c *Call) *Error {
	return errNoGroup([]byte("No such key '"), c.Args[1], []byte("' or consumer group '"), c.Args[2], []byte("'"))
}

// groupOrError looks up the stream and group of XPENDING, XCLAIM and
// XAUTOCLAIM: NOGROUP if either is missing.
func groupOrError(c *Call) (*tier.Stream, *tier.StreamGroup, error) {
	s, g, err := streamGroup(c, true)
	if err == nil && g == nil {
		err = errNoKeyOrGroup(c)
	}
	return s, g, err
}

// parseIntMsg is parseInt with a command's own error text.
func parseIntMsg(arg []byte, e *Error) (int64, error) {
	n, ok := ParseInteger(arg)
	if !ok {
		return 0, e
	}
	return n, nil
}

// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
func cmdXpending(c *Call) error {
	args := c.Args
	summary := len(args) == 3
	if !summary && (len(args) < 6 || len(args) > 9) {
		return ErrSyntax
	}
	var (
		start, end tier.StreamID
		count      int64
		minIdle    int64
		consumer   []byte
		err        error
	)
	if !summary {
		at := 3
		if optEq(args[3], "idle") {
			if minIdle, err = parseInt(args[4]); err != nil {
				return err
			}
			if len(args) < 8 {
				return ErrSyntax
			}
			at += 2
		}
		if count, err = parseInt(args[at+2]); err != nil {
			return err
		}
		count = max(count, 0)
		if start, err = parseStreamRangeStart(args[at]); err != nil {
			return err
		}
		if end, err = parseStreamRangeEnd(args[at+1]); err != nil {
			return err
		}
		if at+3 < len(args) {
			consumer = args[at+3]
		}
	}
	s, g, err := groupOrError(c)
	if err != nil {
		return err
	}
	if summary {
		return writePendingSummary(c, s, g)
	}
	var k *tier.StreamConsumer
	if consumer != nil {
		if k, err = s.Consumer(g, consumer); err != nil {
			return err
		}
		if k == nil {
			c.Out.Array(0)
			return nil
		}
	}
	now := c.Txn.Now()
	var list []*tier.StreamNACK
	if count > 0 {
		err = s.EachNACK(g, k, start, end, false, func(n *tier.StreamNACK) bool {
			if minIdle == 0 || now-n.DeliveryTime >= minIdle {
				list = append(list, n)
			}
			return int64(len(list)) < count
		})
		if err != nil {
			return err
		}
	}
	c.Out.Array(len(list))
	for _, n := range list {
		c.Out.Array(4)
		writeStreamID(c.Out, n.ID)
		c.Out.Bulk(n.Consumer)
		c.Out.Int(max(now-n.DeliveryTime, 0))
		c.Out.Int(n.DeliveryCount)
	}
	return nil
}

// writePendingSummary writes XPENDING's summary: the count, the first and
// last pending IDs and the consumers with pending entries.
func writePendingSummary(c *Call, s *tier.Stream, g *tier.StreamGroup) error {
	if g.Pending == 0 {
		c.Out.Array(4)
		c.Out.Int(0)
		c.Out.Null()
		c.Out.Null()
		c.Out.NullArray()
		return nil
	}
	var first, last tier.StreamID
	for _, rev := range []bool{false, true} {
		err := s.EachNACK(g, nil, tier.StreamID{}, tier.MaxStreamID, rev, func(n *tier.StreamNACK) bool {
			if rev {
				last = n.ID
			} else {
				first = n.ID
			}
			return false
		})
		if err != nil {
			return err
		}
	}
	var owners []*tier.StreamConsumer
	err := s.EachConsumer(g, func(k *tier.StreamConsumer) bool {
		if k.Pending > 0 {
			owners = append(owners, k)
		}
		return true
	})
	if err != nil {
		return err
	}
	c.Out.Array(4)
	c.Out.Int(g.Pending)
	writeStreamID(c.Out, first)
	writeStreamID(c.Out, last)
	c.Out.Array(len(owners))
	for _, k := range owners {
		c.Out.Array(2)
		c.Out.Bulk(k.Name)
		c.Out.Bulk(formatInt(k.Pending))
	}
	return nil
}

// claimArgs are XCLAIM's options.
type claimArgs struct {
	minIdle   int64
	ids       []tier.StreamID
	idArgs    [][]byte
	force     bool
	justID    bool
	retry     int64 // -1: not given
	delivered int64 // -1: not given
	lastID    tier.StreamID
}

func parseClaimArgs(c *Call, now int64) (*claimArgs, error) {
	a := &claimArgs{retry: -1, delivered: -1}
	var err error
	if a.minIdle, err = parseIntMsg(c.Args[4], errXclaimMinIdle); err != nil {
		return nil, err
	}
	a.minIdle = max(a.minIdle, 0)
	j := 5
	for ; j < len(c.Args); j++ {
		id, err := parseStrictID(c.Args[j])
		if err != nil {
			break
		}
		a.ids = append(a.ids, id)
		a.idArgs = append(a.idArgs, c.Args[j])
	}
	for ; j < len(c.Args); j++ {
		more := len(c.Args) - 1 - j
		switch opt := c.Args[j]; {
		case optEq(opt, "force"):
			a.force = true
		case optEq(opt, "justid"):
			a.justID = true
		case optEq(opt, "idle") && more > 0:
			j++
			idle, err := parseIntMsg(c.Args[j], errXclaimIdle)
			if err != nil {
				return nil, err
			}
			a.delivered = now - idle
		case optEq(opt, "time") && more > 0:
			j++
			if a.delivered, err = parseIntMsg(c.Args[j], errXclaimTime); err != nil {
				return nil, err
			}
		case optEq(opt, "retrycount") && more > 0:
			j++
			if a.retry, err = parseIntMsg(c.Args[j], errXclaimRetry); err != nil {
				return nil, err
			}
		case optEq(opt, "lastid") && more > 0:
			j++
			if a.lastID, err = parseStrictID(c.Args[j]); err != nil {
				return nil, err
			}
		default:
			return nil, errf("Unrecognized XCLAIM option '" + sanitize(cstr(opt), 128) + "'")
		}
	}
	if a.delivered < 0 || a.delivered > now {
		a.delivered = now
	}
	return a, nil
}

// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms]
// [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID]
// [LASTID lastid]
func cmdXclaim(c *Call) error {
	s, g, err := groupOrError(c)
	if err != nil {
		return err
	}
	now := c.Txn.Now()
	a, err := parseClaimArgs(c, now)
	if err != nil {
		return err
	}
	if a.lastID.Compare(g.LastID) > 0 {
		g.LastID = a.lastID
	}
	var (
		k       *tier.StreamConsumer
		claimed []xreadEntry
	)
	for _, id := range a.ids {
		n, err := s.NACK(g, id)
		if err != nil {
			return err
		}
		pairs, exists, err := s.Entry(id)
		if err != nil {
			return err
		}
		if !exists {
			if n != nil {
				if err := s.DeleteNACK(g, n); err != nil {
					return err
				}
			}
			continue
		}
		fresh := n == nil
		if fresh {
			if !a.force {
				continue
			}
			n = &tier.StreamNACK{ID: id, DeliveryTime: now, DeliveryCount: 1}
		}
		if !fresh && a.minIdle > 0 && now-n.DeliveryTime < a.minIdle {
			continue
		}
		retry := a.retry
		if retry < 0 && !a.justID {
			retry = n.DeliveryCount + 1
		}
		if k, err = claimFor(s, g, n, k, c.Args[3], now, a.delivered, retry); err != nil {
			return err
		}
		claimed = append(claimed, xreadEntry{id, pairs})
	}
	if err := s.Save(); err != nil {
		return err
	}
	c.Out.Array(len(claimed))
	for _, e := range claimed {
		if a.justID {
			writeStreamID(c.Out, e.id)
		} else {
			writeEntry(c.Out, e.id, e.pairs)
		}
	}
	return nil
}

// claimFor gives the pending entry n to the consumer name (k, looked up or
// created on the first claim, seen at now), delivered at delivered, with
// the delivery count retry (-1: unchanged). It returns the consumer.
func claimFor(s *tier.Stream, g *tier.StreamGroup, n *tier.StreamNACK, k *tier.StreamConsumer, name []byte,
	now, delivered, retry int64) (*tier.StreamConsumer, error) {
	if k == nil {
		var err error
		if k, err = consumerFor(s, g, name, now); err != nil {
			return nil, err
		}
	}
	n.DeliveryTime = delivered
	if retry >= 0 {
		n.DeliveryCount = retry
	}
	return k, s.PutNACK(g, n, k)
}

// xautoclaimAttempts is how many pending entries XAUTOCLAIM looks at per
// entry of COUNT.
const xautoclaimAttempts = 10

// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
func cmdXautoclaim(c *Call) error {
	minIdle, err := parseIntMsg(c.Args[4], errXautoclaimMinIdle)
	if err != nil {
		return err
	}
	minIdle = max(minIdle, 0)
	start, err := parseStreamRangeStart(c.Args[5])
	if err != nil {
		return err
	}
	count, justID := int64(100), false
	for j := 6; j < len(c.Args); j++ {
		more := len(c.Args) - 1 - j
		switch {
		case optEq(c.Args[j], "count") && more > 0:
			n, ok := ParseInteger(c.Args[j+1])
			if !ok || n < 1 || n > math.MaxInt64/16 {
				return errXautoclaimCount
			}
			count = n
			j++
		case optEq(c.Args[j], "justid"):
			justID = true
		default:
			return ErrSyntax
		}
	}
	s, g, err := groupOrError(c)
	if err != nil {
		return err
	}
	now := c.Txn.Now()
	// Read the pending entries the loop may visit, and the one after.
	attempts := count * xautoclaimAttempts
	var nacks []*tier.StreamNACK
	err = s.EachNACK(g, nil, start, tier.MaxStreamID, false, func(n *tier.StreamNACK) bool {
		nacks = append(nacks, n)
		return int64(len(nacks)) <= attempts
	})
	if err != nil {
		return err
	}
	var (
		k       *tier.StreamConsumer
		claimed []xreadEntry
		deleted []tier.StreamID
		i       int
	)
	for ; attempts > 0 && count > 0 && i < len(nacks); i++ {
		attempts--
		n := nacks[i]
		pairs, exists, err := s.Entry(n.ID)
		if err != nil {
			return err
		}
		if !exists {
			if err := s.DeleteNACK(g, n); err != nil {
				return err
			}
			deleted = append(deleted, n.ID)
			count--
			continue
		}
		if minIdle > 0 && now-n.DeliveryTime < minIdle {
			continue
		}
		retry := int64(-1)
		if !justID {
			retry = n.DeliveryCount + 1
		}
		if k, err = claimFor(s, g, n, k, c.Args[3], now, now, retry); err != nil {
			return err
		}
		claimed = append(claimed, xreadEntry{n.ID, pairs})
		count--
	}
	var next tier.StreamID
	if i < len(nacks) {
		next = nacks[i].ID
	}
	if err := s.Save(); err != nil {
		return err
	}
	c.Out.Array(3)
	writeStreamID(c.Out, next)
	c.Out.Array(len(claimed))
	for _, e := range claimed {
		if justID {
			writeStreamID(c.Out, e.id)
		} else {
			writeEntry(c.Out, e.id, e.pairs)
		}
	}
	c.Out.Array(len(deleted))
	for _, id := range deleted {
		writeStreamID(c.Out, id)
	}
	return nil
}

package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// Adding, trimming, deleting and reading ranges of stream entries: XADD,
// XTRIM, XDEL, XLEN, XRANGE and XREVRANGE.

// Errors of XADD and XTRIM, as Redis 7.0 prints them.
var (
	errXaddZeroID     = errf("The ID specified in XADD must be greater than 0-0")
	errXaddSmallID    = errf("The ID specified in XADD is equal or smaller than the target stream top item")
	errXaddExhausted  = errf("The stream has exhausted the last possible ID, unable to add more items")
	errXaddTooLarge   = errf("Elements are too large to be stored")
	errTrimBoth       = errf("syntax error, MAXLEN and MINID options at the same time are not compatible")
	errTrimMaxlenNeg  = errf("The MAXLEN argument must be >= 0.")
	errTrimLimitNeg   = errf("The LIMIT argument must be >= 0.")
	errTrimLimitAlone = errf("syntax error, LIMIT cannot be used without specifying a trimming strategy")
	errTrimNoStrategy = errf("syntax error, XTRIM must be called with a trimming strategy")
	errTrimLimitExact = errf("syntax error, LIMIT cannot be used without the special ~ option")
)

// streamMaxEntrySize is Redis's STREAM_LISTPACK_MAX_SIZE: the most bytes
// of fields and values one entry may have.
const streamMaxEntrySize = 1 << 30

// addTrimArgs are the options of XADD and XTRIM.
type addTrimArgs struct {
	trim       bool
	tr         tier.StreamTrim
	limitGiven bool
	noMkstream bool
	idGiven    bool
	seqGiven   bool
	id         tier.StreamID
}

// parseAddTrimArgs reads the options of XADD (xadd set; it stops at the ID
// and returns its index) or XTRIM, as Redis's
// streamParseAddOrTrimArgsOrReply does, errors in the same order.
func (c *Call) parseAddTrimArgs(xadd bool) (addTrimArgs, int, error) {
	var a addTrimArgs
	args := c.Args
	i := 2
	for ; i < len(args); i++ {
		more := len(args) - 1 - i
		opt := args[i]
		switch {
		case xadd && string(cstr(opt)) == "*":
			return a, i, a.finish(c, xadd)
		case optEq(opt, "maxlen") && more > 0, optEq(opt, "minid") && more > 0:
			if a.trim {
				return a, 0, errTrimBoth
			}
			a.tr.ByMinID = optEq(opt, "minid")
			a.tr.Approx = false
			if more >= 2 {
				switch string(cstr(args[i+1])) {
				case "~":
					a.tr.Approx = true
					i++
				case "=":
					i++
				}
			}
			if a.tr.ByMinID {
				id, err := parseStrictID(args[i+1])
				if err != nil {
					return a, 0, err
				}
				a.tr.MinID = id
			} else {
				n, err := parseInt(args[i+1])
				if err != nil {
					return a, 0, err
				}
				if n < 0 {
					return a, 0, errTrimMaxlenNeg
				}
				a.tr.MaxLen = n
			}
			a.trim = true
			i++
		case optEq(opt, "limit") && more > 0:
			n, err := parseInt(args[i+1])
			if err != nil {
				return a, 0, err
			}
			if n < 0 {
				return a, 0, errTrimLimitNeg
			}
			a.tr.Limit, a.limitGiven = n, true
			i++
		case xadd && optEq(opt, "nomkstream"):
			a.noMkstream = true
		case xadd:
			id, err := parseStreamID(opt, 0, true, &a.seqGiven)
			if err != nil {
				return a, 0, err
			}
			a.id, a.idGiven = id, true
			return a, i, a.finish(c, xadd)
		default:
			return a, 0, ErrSyntax
		}
	}
	return a, i, a.finish(c, xadd)
}

// finish checks the options together and sets the default LIMIT of an
// approximate trim.
func (a *addTrimArgs) finish(c *Call, xadd bool) error {
	if a.tr.Limit != 0 && !a.trim {
		return errTrimLimitAlone
	}
	if !xadd && !a.trim {
		return errTrimNoStrategy
	}
	switch {
	case a.limitGiven && !a.tr.Approx:
		return errTrimLimitExact
	case !a.limitGiven && a.tr.Approx:
		a.tr.Limit = 100 * c.e.cfg.Int("stream-node-max-entries")
		if a.tr.Limit <= 0 || a.tr.Limit > 10000 {
			a.tr.Limit = 10000
		}
	case !a.limitGiven:
		a.tr.Limit = 0
	}
	return nil
}

// streamLimits are the node limits the configuration sets.
func (c *Call) streamLimits() tier.StreamNodeLimits {
	return tier.StreamNodeLimits{MaxEntries: c.e.cfg.Int("stream-node-max-entries"),
		MaxBytes: c.e.cfg.Int("stream-node-max-bytes")}
}

// XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id
// field value [field value ...]
func cmdXadd(c *Call) error {
	a, idPos, err := c.parseAddTrimArgs(true)
	if err != nil {
		return err
	}
	pairs := c.Args[idPos+1:]
	if len(pairs) < 2 || len(pairs)%2 == 1 {
		return ErrArity(c.Cmd.Name)
	}
	if a.idGiven && a.seqGiven && a.id.IsZero() {
		return errXaddZeroID
	}
	s, err := c.writeStream(c.Args[1], !a.noMkstream)
	if err != nil {
		return err
	}
	if s == nil {
		c.Out.Null()
		return nil
	}
	m := s.Meta()
	if m.LastID == tier.MaxStreamID {
		return errXaddExhausted
	}
	id, ok := nextStreamID(m.LastID, a, c.Txn.Now())
	if !ok {
		return errXaddSmallID
	}
	var size int
	for _, p := range pairs {
		size += len(p)
	}
	if size > streamMaxEntrySize {
		return errXaddTooLarge
	}
	if err := s.Add(id, pairs, c.streamLimits()); err != nil {
		return err
	}
	if a.trim {
		if _, err := s.Trim(a.tr); err != nil {
			return err
		}
	}
	if err := s.Save(); err != nil {
		return err
	}
	writeStreamID(c.Out, id)
	return nil
}

// nextStreamID is the ID of a new entry after last: the given one, the
// given milliseconds with the next sequence, or one made from the clock;
// false if it is not after last.
func nextStreamID(last tier.StreamID, a addTrimArgs, now int64) (tier.StreamID, bool) {
	var id tier.StreamID
	switch {
	case a.idGiven && a.seqGiven:
		id = a.id
	case a.idGiven && a.id.Ms == last.Ms:
		next, ok := last.Next()
		if !ok || next.Ms != last.Ms {
			return id, false
		}
		id = next
	case a.idGiven:
		id = a.id
	case uint64(now) > last.Ms:
		id = tier.StreamID{Ms: uint64(now)}
	default:
		id, _ = last.Next()
	}
	return id, id.Compare(last) > 0
}

// XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
func cmdXtrim(c *Call) error {
	a, _, err := c.parseAddTrimArgs(false)
	if err != nil {
		return err
	}
	s, err := c.writeStream(c.Args[1], false)
	if err != nil {
		return err
	}
	if s == nil {
		c.Out.Int(0)
		return nil
	}
	n, err := s.Trim(a.tr)
	if err != nil {
		return err
	}
	return saveInt(c, s, n)
}

// XDEL key id [id ...]
//
// The key is looked up before the IDs are read, as in Redis: a missing key
// answers 0 whatever they are. Every ID is read before the first deletion.
func cmdXdel(c *Call) error {
	s, err := c.writeStream(c.Args[1], false)
	if err != nil {
		return err
	}
	if s == nil {
		c.Out.Int(0)
		return nil
	}
	ids, err := parseStrictIDs(c.Args[2:])
	if err != nil {
		return err
	}
	var n int64
	for _, id := range ids {
		ok, err := s.Delete(id)
		if err != nil {
			return err
		}
		if ok {
			n++
		}
	}
	if n > 0 {
		if err := s.Save(); err != nil {
			return err
		}
	}
	c.Out.Int(n)
	return nil
}

// parseStrictIDs reads a list of IDs, all or none.
func parseStrictIDs(args [][]byte) ([]tier.StreamID, error) {
	ids := make([]tier.StreamID, 0, len(args))
	for _, a := range args {
		id, err := parseStrictID(a)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// XLEN key
func cmdXlen(c *Call) error {
	s, err := c.readStream(c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.Out.Int(0)
		return nil
	}
	c.Out.Int(s.Len())
	return nil
}

// XRANGE key start end [COUNT count]
func cmdXrange(c *Call) error { return xrange(c, false) }

// XREVRANGE key end start [COUNT count]
func cmdXrevrange(c *Call) error { return xrange(c, true) }

// xrange serves XRANGE and XREVRANGE. COUNT 0 answers a null array, as in
// Redis 7.0.
func xrange(c *Call, rev bool) error {
	startArg, endArg := c.Args[2], c.Args[3]
	if rev {
		startArg, endArg = endArg, startArg
	}
	start, err := parseStreamRangeStart(startArg)
	if err != nil {
		return err
	}
	end, err := parseStreamRangeEnd(endArg)
	if err != nil {
		return err
	}
	count := int64(-1)
	for j := 4; j < len(c.Args); j++ {
		if !optEq(c.Args[j], "count") || j+1 >= len(c.Args) {
			return ErrSyntax
		}
		if count, err = parseInt(c.Args[j+1]); err != nil {
			return err
		}
		count = max(count, 0)
		j++
	}
	s, err := c.readStream(c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.Out.Array(0)
		return nil
	}
	if count == 0 {
		c.Out.NullArray()
		return nil
	}
	return writeRange(c.Out, s, start, end, count, rev)
}

// writeRange writes the entries from start to end (at most count of them,
// count < 0 for all) as an array.
func writeRange(out Reply, s *tier.Stream, start, end tier.StreamID, count int64, rev bool) error {
	type entry struct {
		id    tier.StreamID
		pairs [][]byte
	}
	var list []entry
	err := s.Range(start, end, rev, func(id tier.StreamID, pairs [][]byte) bool {
		list = append(list, entry{id, pairs})
		return count < 0 || int64(len(list)) < count
	})
	if err != nil {
		return err
	}
	out.Array(len(list))
	for _, e := range list {
		writeEntry(out, e.id, e.pairs)
	}
	return nil
}

package engine

import (
	"bytes"
	"math"

	"github.com/tierdb/tierdb/tier"
)

// SPOP and SRANDMEMBER. The picks are made by tier.Set.Random: uniform for
// a set in memory, one bounded Pebble read per pick for a big one on disk,
// so that popping one member of ten million reads about one key. Nothing
// is allocated in proportion to a client's count before it is compared
// with the set's size.

// spopMoveFactor is Redis's SPOP_MOVE_STRATEGY_MUL: SPOP with a count
// rebuilds the set from the members it leaves when it takes at least this
// many times as many as it leaves (see setLimits.afterPop).
const spopMoveFactor = 5

var (
	errSpopCount = errf("value is out of range, must be positive")
	errSrandMin  = errf("value is out of range, value must between -9223372036854775807 and 9223372036854775807")
)

// SPOP key [count]
//
// Without count: one random member, removed, or nil. With count (checked
// before the key): that many distinct members, removed, as a set in RESP3;
// a count reaching the set's size takes the whole set and deletes the key.
func cmdSpop(c *Call) error {
	switch len(c.Args) {
	case 2:
		return spopOne(c)
	case 3:
		return spopCount(c)
	}
	return ErrSyntax
}

// spopOne answers SPOP key.
func spopOne(c *Call) error {
	s, err := c.writeSet(c.Args[1], false)
	if err != nil || s == nil {
		return nullOr(c, err)
	}
	member, err := randomMember(s)
	if err != nil {
		return err
	}
	if _, err := s.Remove(member); err != nil {
		return err
	}
	c.Out.Bulk(member)
	return nil
}

// randomMember returns a copy of one random member of the non-empty set s.
func randomMember(s *tier.Set) ([]byte, error) {
	var member []byte
	err := s.Random(1, false, func(m []byte) { member = bytes.Clone(m) })
	return member, err
}

// spopCount answers SPOP key count.
func spopCount(c *Call) error {
	count, err := parseInt(c.Args[2])
	if err != nil || count < 0 {
		return errSpopCount
	}
	s, err := c.writeSet(c.Args[1], false)
	if err != nil {
		return err
	}
	if s == nil || count == 0 {
		c.Out.Set(0)
		return nil
	}
	size := s.Len()
	if count >= size {
		mark := c.Out.Mark()
		if err := replyWholeSet(c, s, c.Out.Set); err != nil {
			return err
		}
		if _, err := c.Txn.Delete(c.DB(), c.Args[1]); err != nil {
			c.Out.Rewind(mark)
			return err
		}
		return nil
	}
	popped := make([][]byte, 0, count)
	err = s.Random(int(count), true, func(m []byte) { popped = append(popped, bytes.Clone(m)) })
	if err != nil {
		return err
	}
	if _, err := s.Remove(popped...); err != nil {
		return err
	}
	if err := c.setLimits().afterPop(s, count, size-count); err != nil {
		return err
	}
	c.Out.Set(len(popped))
	for _, m := range popped {
		c.Out.Bulk(m)
	}
	return nil
}

// SRANDMEMBER key [count]
//
// Without count: one random member, or nil. With a positive count: that
// many distinct members (the whole set when count reaches its size); with
// a negative one: -count members that may repeat, streamed as they are
// picked. Checks run in Redis's order: arguments, count, then the key.
func cmdSrandmember(c *Call) error {
	switch {
	case len(c.Args) > 3:
		return ErrSyntax
	case len(c.Args) == 2:
		s, err := c.readSet(c.Args[1])
		if err != nil || s == nil {
			return nullOr(c, err)
		}
		member, err := randomMember(s)
		if err != nil {
			return err
		}
		c.Out.Bulk(member)
		return nil
	}
	count, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	if count == math.MinInt64 {
		return errSrandMin
	}
	s, err := c.readSet(c.Args[1])
	if err != nil {
		return err
	}
	if s == nil || count == 0 {
		c.Out.Array(0)
		return nil
	}
	if count >= s.Len() {
		return replyWholeSet(c, s, c.Out.Array)
	}
	mark := c.Out.Mark()
	distinct := count > 0
	if !distinct {
		count = -count
	}
	c.Out.Array(int(count))
	if err := s.Random(int(count), distinct, func(m []byte) { c.Out.Bulk(m) }); err != nil {
		c.Out.Rewind(mark)
		return err
	}
	return nil
}

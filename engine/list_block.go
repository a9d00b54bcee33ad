package engine

import (
	"errors"
	"time"
)

// The blocking list commands: BLPOP, BRPOP, BLMPOP, BLMOVE and BRPOPLPUSH.
// Each validates all its arguments, then tries once as its non-blocking
// twin would; when there is nothing to pop it blocks (blocking.go) on its
// source keys, and Serve tries again under the locks, in argument order,
// whenever one of them changes. A blocked client is served from a list
// only: a key that is of another type when it is served is passed over, as
// Redis only wakes clients for a list. Inside MULTI/EXEC they never block:
// the timeout reply comes at once.

// BLPOP key [key ...] timeout
func cmdBlpop(c *Call) error { return blockingPop(c, true) }

// BRPOP key [key ...] timeout
func cmdBrpop(c *Call) error { return blockingPop(c, false) }

// blockingPop is BLPOP and BRPOP: [key, element] from the first key holding
// a list, else a nil array on timeout.
func blockingPop(c *Call, left bool) error {
	timeout, err := parseBlockTimeout(c.Args[len(c.Args)-1])
	if err != nil {
		return err
	}
	a := mpopArgs{keys: c.Args[1 : len(c.Args)-1], left: left, count: 1, flat: true}
	return blockOnPop(c, a, timeout)
}

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
func cmdBlmpop(c *Call) error {
	timeout, err := parseBlockTimeout(c.Args[1])
	if err != nil {
		return err
	}
	a, err := parseMpop(c.Args[2:])
	if err != nil {
		return err
	}
	return blockOnPop(c, a, timeout)
}

// blockOnPop pops as a says now, or blocks on its keys.
func blockOnPop(c *Call, a mpopArgs, timeout time.Duration) error {
	served, err := mpopFirst(c, a, false)
	if err != nil || served {
		return err
	}
	c.Block(BlockSpec{
		Keys:     a.keys,
		Timeout:  timeout,
		Serve:    func(c *Call) (bool, error) { return mpopFirst(c, a, true) },
		TimedOut: func(out Reply) { out.NullArray() },
		Consumes: true,
	})
	return nil
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
func cmdBlmove(c *Call) error {
	fromLeft, toLeft, err := parseWheres(c.Args[3], c.Args[4])
	if err != nil {
		return err
	}
	return blockingMove(c, c.Args[5], fromLeft, toLeft)
}

// BRPOPLPUSH source destination timeout
func cmdBrpoplpush(c *Call) error { return blockingMove(c, c.Args[3], false, true) }

// blockingMove is BLMOVE: the element moved, or nil on timeout. Blocking
// does not look at the destination; when the client is served and the
// destination is of another type, the reply is WRONGTYPE (Serve's error
// ends the wait) and nothing moves, as in Redis.
func blockingMove(c *Call, timeoutArg []byte, fromLeft, toLeft bool) error {
	timeout, err := parseBlockTimeout(timeoutArg)
	if err != nil {
		return err
	}
	src, dst := c.Args[1], c.Args[2]
	moved, err := moveElement(c, src, dst, fromLeft, toLeft)
	if err != nil || moved {
		return err
	}
	c.Block(BlockSpec{
		Keys:    [][]byte{src},
		Timeout: timeout,
		Serve: func(c *Call) (bool, error) {
			if l, err := c.writeList(src, false); l == nil {
				if errors.Is(err, ErrWrongType) {
					err = nil
				}
				return false, err
			}
			return moveElement(c, src, dst, fromLeft, toLeft)
		},
		TimedOut: func(out Reply) { out.Null() },
		Consumes: true,
	})
	return nil
}

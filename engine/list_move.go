package engine

import (
	"bytes"
	"errors"
)

// LMOVE, RPOPLPUSH and LMPOP, and what their blocking twins (list_block.go)
// share with them: moving one element between lists, and popping from the
// first non-empty list of several.

// parseWhere reads LEFT or RIGHT (any case) and reports whether it is LEFT.
func parseWhere(arg []byte) (bool, error) {
	switch {
	case optEq(arg, "left"):
		return true, nil
	case optEq(arg, "right"):
		return false, nil
	}
	return false, ErrSyntax
}

// parseWheres reads LMOVE's and BLMOVE's wherefrom and whereto.
func parseWheres(from, to []byte) (fromLeft, toLeft bool, err error) {
	if fromLeft, err = parseWhere(from); err != nil {
		return false, false, err
	}
	toLeft, err = parseWhere(to)
	return fromLeft, toLeft, err
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
func cmdLmove(c *Call) error {
	fromLeft, toLeft, err := parseWheres(c.Args[3], c.Args[4])
	if err != nil {
		return err
	}
	return moveOrNull(c, fromLeft, toLeft)
}

// RPOPLPUSH source destination
func cmdRpoplpush(c *Call) error { return moveOrNull(c, false, true) }

// moveOrNull is LMOVE: the element moved, or nil when there is no source.
func moveOrNull(c *Call, fromLeft, toLeft bool) error {
	moved, err := moveElement(c, c.Args[1], c.Args[2], fromLeft, toLeft)
	if err == nil && !moved {
		c.Out.Null()
	}
	return err
}

// moveElement pops an element from one end of the list src and pushes it
// at one end of dst (created if missing), replying with the element, and
// reports whether there was one to move; with no source it writes nothing.
// A destination of another type is WRONGTYPE, before anything is popped.
// A list moved onto itself rotates.
func moveElement(c *Call, src, dst []byte, fromLeft, toLeft bool) (bool, error) {
	sl, err := c.writeList(src, false)
	if err != nil || sl == nil {
		return false, err
	}
	if bytes.Equal(src, dst) {
		v, err := sl.Rotate(fromLeft, toLeft)
		if err != nil {
			return false, err
		}
		c.Out.Bulk(v)
		return true, nil
	}
	dl, err := c.writeList(dst, true)
	if err != nil {
		return false, err
	}
	var v []byte
	if err := sl.Pop(fromLeft, 1, func(x []byte) { v = bytes.Clone(x) }); err != nil {
		return false, err
	}
	if err := dl.Push(toLeft, v); err != nil {
		return false, err
	}
	c.Out.Bulk(v)
	return true, nil
}

// mpopArgs are the parsed arguments of LMPOP and BLMPOP, or those of
// BLPOP and BRPOP (one element, flat).
type mpopArgs struct {
	keys  [][]byte
	left  bool
	count int64
	flat  bool // reply [key, element], not [key, [elements]]
}

// parseMpop reads numkeys key [key ...] LEFT|RIGHT [COUNT count], the
// arguments of LMPOP (and of BLMPOP after its timeout), in Redis's order of
// checks.
func parseMpop(args [][]byte) (mpopArgs, error) {
	var a mpopArgs
	numkeys, ok := ParseInteger(args[0])
	if !ok || numkeys <= 0 {
		return a, errNumkeys
	}
	if numkeys >= int64(len(args)-1) {
		return a, ErrSyntax
	}
	a.keys = args[1 : 1+numkeys]
	rest := args[1+numkeys:]
	var err error
	if a.left, err = parseWhere(rest[0]); err != nil {
		return a, err
	}
	a.count = -1
	for i := 1; i < len(rest); i++ {
		if a.count != -1 || !optEq(rest[i], "count") || i+1 == len(rest) {
			return a, ErrSyntax
		}
		i++
		n, ok := ParseInteger(rest[i])
		if !ok || n <= 0 {
			return a, errCountPositive
		}
		a.count = n
	}
	if a.count == -1 {
		a.count = 1
	}
	return a, nil
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
func cmdLmpop(c *Call) error {
	a, err := parseMpop(c.Args[1:])
	if err != nil {
		return err
	}
	served, err := mpopFirst(c, a, false)
	if err == nil && !served {
		c.Out.NullArray()
	}
	return err
}

// mpopFirst pops up to a.count elements from the first of a.keys holding
// a list and replies [key, [elements]] (a.flat: [key, element]); it
// reports false, writing nothing, when none does. A key of another type on the way is WRONGTYPE, or, with
// skipWrongType (a blocked client being served), passed over.
func mpopFirst(c *Call, a mpopArgs, skipWrongType bool) (bool, error) {
	for _, key := range a.keys {
		l, err := c.writeList(key, false)
		if errors.Is(err, ErrWrongType) && skipWrongType {
			continue
		}
		if err != nil {
			return false, err
		}
		if l == nil {
			continue
		}
		mark := c.Out.Mark()
		c.Out.Array(2)
		c.Out.Bulk(key)
		if !a.flat {
			c.Out.Array(int(min(a.count, l.Len())))
		}
		return true, rewindOnError(c, mark, l.Pop(a.left, a.count, c.Out.Bulk))
	}
	return false, nil
}

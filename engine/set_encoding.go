package engine

import "github.com/tierdb/tierdb/tier"

// OBJECT ENCODING of sets. Redis 7.0 keeps a set whose members are all
// integers (by string2ll's rule: ParseInteger) as an intset while it has at
// most set-max-intset-entries members, and converts it, for good, to a hash
// table when a write adds a member that is not an integer or takes it past
// that size. We keep no intsets, but we apply the same rules at the same
// moments and record the outcome in the set (tier's hashtable bit, which
// survives restarts), so OBJECT ENCODING answers what Redis would, and
// SSCAN returns an "intset" set whole in one call, as Redis does.
//
// Sets made whole by a command (SINTERSTORE, SUNIONSTORE, SDIFFSTORE, and
// SMOVE into a new key) start as intsets in Redis and take each member in
// turn, which comes to the same rules, and so does what SPOP leaves when
// it takes most of a set (afterPop); RESTORE (and Redis's RDB loading)
// decides from the content. As for hashes, a server restart keeps the
// recorded encoding where Redis reloading an RDB may go back to an intset.

// setLimits are the intset limit of sets at the time of a command.
type setLimits struct{ entries int64 }

func (c *Call) setLimits() setLimits {
	return setLimits{entries: c.e.cfg.Int("set-max-intset-entries")}
}

// add adds members through s and records the hashtable encoding when Redis
// would convert the set: an intset converts when a member that is not an
// integer is added (it cannot be there already), or when an added member
// takes it past the limit (sizes only grow while a command adds, so the
// last add decides).
func (l setLimits) add(s *tier.Set, members ...[]byte) (int64, error) {
	n, err := s.Add(members...)
	if err != nil || s.Object().Hashtable() {
		return n, err
	}
	if (n > 0 && s.Len() > l.entries) || !allIntegers(members) {
		err = s.SetHashtable(true)
	}
	return n, err
}

// afterPop gives a set the encoding Redis gives it after SPOP with a
// count took popped members and left left: when the pop took most of the
// set (left*spopMoveFactor ≤ popped), Redis rebuilds the set from what is
// left, member by member, so its encoding is decided afresh by the rules
// of add (even a hash table may become an intset again); otherwise it
// keeps its encoding.
func (l setLimits) afterPop(s *tier.Set, popped, left int64) error {
	if left == 0 || left*spopMoveFactor > popped {
		return nil
	}
	table := left > l.entries
	if !table {
		err := s.Each(func(m []byte) bool {
			_, isInt := ParseInteger(m)
			table = !isInt
			return isInt
		})
		if err != nil {
			return err
		}
	}
	return s.SetHashtable(table)
}

// restoredEncoding marks a set built by RESTORE (its members in memory) as
// Redis's loading would encode it: a hash table beyond the limit or with a
// member that is not an integer.
func (l setLimits) restoredEncoding(o *tier.Object) {
	long := o.Count > l.entries
	o.EachLoaded(func(m, _ []byte) bool {
		_, isInt := ParseInteger(m)
		long = long || !isInt
		return !long
	})
	if long {
		o.MarkHashtable()
	}
}

// allIntegers reports whether every member would be stored in an intset.
func allIntegers(members [][]byte) bool {
	for _, m := range members {
		if _, ok := ParseInteger(m); !ok {
			return false
		}
	}
	return true
}

// setEncoding is the OBJECT ENCODING name of a set.
func setEncoding(o *tier.Object) string {
	if o.Hashtable() {
		return "hashtable"
	}
	return "intset"
}

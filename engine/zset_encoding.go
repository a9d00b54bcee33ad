package engine

import (
	"math"

	"github.com/tierdb/tierdb/tier"
)

// ZADD and OBJECT ENCODING of sorted sets. Redis keeps a small sorted set
// as a listpack and converts it, for good, to a skiplist when a new member
// would take it past zset-max-listpack-entries or is longer than
// zset-max-listpack-value bytes (a new key is a listpack unless its first
// member already is too many or too long). We keep no listpacks, but apply
// the same rules at the same moments and record the outcome in the set, so
// OBJECT ENCODING answers what Redis would and ZSCAN returns a "listpack"
// set whole, in score order, as Redis does.
//
// The encoding shows in one more place: a listpack writes a score that is
// an integer as an integer, so -0 becomes 0 there, while a skiplist keeps
// the double. We store +0 for -0 whenever the set is a listpack.
//
// Like hashes (hash_encoding.go), RESTORE decides afresh from the content,
// and so do ZUNIONSTORE, ZINTERSTORE and ZDIFFSTORE (Redis builds their
// result as a skiplist and converts it back when it is small); ZRANGESTORE
// adds its members one by one, as ZADD.

// zsetLimits are the listpack limits of sorted sets at the time of a command.
type zsetLimits struct{ entries, value int64 }

func (c *Call) zsetLimits() zsetLimits {
	return zsetLimits{entries: c.e.cfg.Int("zset-max-listpack-entries"), value: c.e.cfg.Int("zset-max-listpack-value")}
}

// fits reports whether n members, the longest maxLen bytes, fit a listpack.
func (l zsetLimits) fits(n, maxLen int64) bool { return n <= l.entries && maxLen <= l.value }

// put stores member with score through z as Redis's zsetAdd would: a new
// member first converts a listpack that it would not fit, and a listpack
// keeps -0 as 0.
func (l zsetLimits) put(z *tier.ZSet, member []byte, score float64, isNew bool) error {
	if isNew && !z.Object().ZSkiplist() && !l.fits(z.Len()+1, int64(len(member))) {
		if err := z.MarkSkiplist(); err != nil {
			return err
		}
	}
	if !z.Object().ZSkiplist() && score == 0 {
		score = 0
	}
	_, err := z.Set(member, score)
	return err
}

// restoredEncoding gives a sorted set built in memory (RESTORE) the
// encoding Redis's loading would give it, with -0 as 0 in a listpack.
func (l zsetLimits) restoredEncoding(o *tier.Object) {
	var (
		members [][]byte
		scores  []float64
		maxLen  int64
		negZero bool
	)
	o.EachLoaded(func(m, s []byte) bool {
		f, _ := tier.ScoreFromBytes(s)
		members, scores = append(members, m), append(scores, f)
		maxLen = max(maxLen, int64(len(m)))
		negZero = negZero || (f == 0 && math.Signbit(f))
		return true
	})
	if !l.fits(o.Count, maxLen) {
		o.MarkZSkiplist()
		return
	}
	if negZero {
		for i := range scores {
			scores[i] += 0 // -0 + 0 is +0
		}
		exp := o.ExpireAt
		*o = *tier.NewZSetObject(members, scores)
		o.ExpireAt = exp
	}
}

// zsetEncoding is the OBJECT ENCODING name of a sorted set.
func zsetEncoding(o *tier.Object) string {
	if o.ZSkiplist() {
		return "skiplist"
	}
	return "listpack"
}

var (
	errZaddXXNX = errf("XX and NX options at the same time are not compatible")
	errZaddGTLT = errf("GT, LT, and/or NX options at the same time are not compatible")
	errZaddIncr = errf("INCR option supports a single increment-element pair")
)

// zaddOpts are ZADD's flags.
type zaddOpts struct{ nx, xx, gt, lt, ch, incr bool }

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
//
// Checks run in Redis's order: the flags, the number of arguments, the
// flag combinations, every score, then the key; nothing changes unless all
// pass.
func cmdZadd(c *Call) error {
	var o zaddOpts
	i := 2
flags:
	for ; i < len(c.Args); i++ {
		a := c.Args[i]
		switch {
		case optEq(a, "nx"):
			o.nx = true
		case optEq(a, "xx"):
			o.xx = true
		case optEq(a, "gt"):
			o.gt = true
		case optEq(a, "lt"):
			o.lt = true
		case optEq(a, "ch"):
			o.ch = true
		case optEq(a, "incr"):
			o.incr = true
		default:
			break flags
		}
	}
	rest := c.Args[i:]
	switch {
	case len(rest) == 0 || len(rest)%2 != 0:
		return ErrSyntax
	case o.nx && o.xx:
		return errZaddXXNX
	case (o.gt && o.nx) || (o.lt && o.nx) || (o.gt && o.lt):
		return errZaddGTLT
	case o.incr && len(rest) > 2:
		return errZaddIncr
	}
	return zadd(c, o, rest)
}

// zadd applies score member pairs to the sorted set at c.Args[1] and
// replies: ZADD's count (of new members, or of changed ones with CH), or
// with INCR the new score (nil when the flags left the member alone).
func zadd(c *Call, o zaddOpts, pairs [][]byte) error {
	scores := make([]float64, len(pairs)/2)
	for j := range scores {
		var err error
		if scores[j], err = parseScore(pairs[2*j], ErrNotFloat); err != nil {
			return err
		}
	}
	z, err := c.writeZSet(c.Args[1], !o.xx)
	if err != nil {
		return err
	}
	var (
		added, updated, processed int64
		last                      float64
	)
	if z != nil {
		lim := c.zsetLimits()
		for j, score := range scores {
			member := pairs[2*j+1]
			cur, exists, err := z.Score(member)
			if err != nil {
				return err
			}
			switch {
			case exists && o.nx, !exists && o.xx:
				continue
			case exists:
				if o.incr {
					if score += cur; math.IsNaN(score) {
						return errZNaN
					}
				}
				if (o.lt && score >= cur) || (o.gt && score <= cur) {
					continue
				}
				if score != cur {
					if err := lim.put(z, member, score, false); err != nil {
						return err
					}
					updated++
				}
			default:
				if err := lim.put(z, member, score, true); err != nil {
					return err
				}
				added++
			}
			processed++
			last = score
		}
	}
	switch {
	case o.incr && processed > 0:
		c.Out.Double(last)
	case o.incr:
		c.Out.Null()
	case o.ch:
		c.Out.Int(added + updated)
	default:
		c.Out.Int(added)
	}
	return nil
}

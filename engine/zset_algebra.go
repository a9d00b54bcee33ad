package engine

import (
	"bytes"
	"cmp"
	"math"
	"slices"

	"github.com/tierdb/tierdb/tier"
)

// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, as Redis 7.0's
// zunionInterDiffGenericCommand computes them. Inputs may be sorted sets or
// plain sets (every member scoring 1). Checks run in Redis's order:
// numkeys, the keys' types, then the options. Union and intersection visit
// the inputs from the smallest to the largest (a stable sort, as glibc's
// qsort is), which fixes the order in which a member's weighted scores are
// aggregated (it matters for rounding, and for +inf + -inf, which Redis
// takes as 0). The result is answered in score order, or stored.

var errZLimitNegative = errf("LIMIT can't be negative")

// zsetOp is the operation of the algebra.
type zsetOp int

const (
	opUnion zsetOp = iota
	opInter
	opDiff
)

// Aggregates of ZUNION and ZINTER.
const (
	aggSum = iota
	aggMin
	aggMax
)

// zsource is one input: a sorted set, a set, or a missing key (both nil).
type zsource struct {
	key    []byte
	z      *tier.ZSet
	s      *tier.Set
	weight float64
}

func (s *zsource) len() int64 {
	switch {
	case s.z != nil:
		return s.z.Len()
	case s.s != nil:
		return s.s.Len()
	}
	return 0
}

// score returns member's score in the input (1 in a set).
func (s *zsource) score(member []byte) (float64, bool, error) {
	switch {
	case s.z != nil:
		return s.z.Score(member)
	case s.s != nil:
		ok, err := s.s.Has(member)
		return 1, ok, err
	}
	return 0, false, nil
}

// each calls fn for every member and its score.
func (s *zsource) each(fn func(member []byte, score float64) bool) error {
	switch {
	case s.z != nil:
		return s.z.Each(fn)
	case s.s != nil:
		return s.s.Each(func(m []byte) bool { return fn(m, 1) })
	}
	return nil
}

// zalgebra is a parsed command of the family.
type zalgebra struct {
	op         zsetOp
	src        []*zsource
	agg        int
	withScores bool
	cardOnly   bool
	limit      int64
}

// parseZalgebra reads "numkeys key [key ...] [options]" at args[at] and
// looks the keys up for reading.
func parseZalgebra(c *Call, at int, op zsetOp, store, cardOnly bool) (*zalgebra, error) {
	n, err := parseInt(c.Args[at])
	if err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, errf("at least 1 input key is needed for '" + c.Cmd.FullName() + "' command")
	}
	if n > int64(len(c.Args)-at-1) {
		return nil, ErrSyntax
	}
	a := &zalgebra{op: op, cardOnly: cardOnly, src: make([]*zsource, n)}
	j := at + 1
	for i := range a.src {
		src := &zsource{key: c.Args[j], weight: 1}
		o, err := c.lookupRead(c.Args[j])
		switch {
		case err != nil:
			return nil, err
		case o == nil:
		case o.Kind == tier.KindZSet:
			src.z, err = c.Txn.ZSet(c.DB(), c.Args[j], o)
		case o.Kind == tier.KindSet:
			src.s, err = c.Txn.Set(c.DB(), c.Args[j], o)
		default:
			return nil, ErrWrongType
		}
		if err != nil {
			return nil, err
		}
		a.src[i] = src
		j++
	}
	for j < len(c.Args) {
		arg, left := c.Args[j], len(c.Args)-j
		switch {
		case op != opDiff && !cardOnly && left >= len(a.src)+1 && optEq(arg, "weights"):
			j++
			for _, s := range a.src {
				if s.weight, err = parseScore(c.Args[j], errWeightFloat); err != nil {
					return nil, err
				}
				j++
			}
		case op != opDiff && !cardOnly && left >= 2 && optEq(arg, "aggregate"):
			switch v := c.Args[j+1]; {
			case optEq(v, "sum"):
				a.agg = aggSum
			case optEq(v, "min"):
				a.agg = aggMin
			case optEq(v, "max"):
				a.agg = aggMax
			default:
				return nil, ErrSyntax
			}
			j += 2
		case !store && !cardOnly && optEq(arg, "withscores"):
			a.withScores = true
			j++
		case cardOnly && left >= 2 && optEq(arg, "limit"):
			if a.limit, err = parseInt(c.Args[j+1]); err != nil || a.limit < 0 {
				return nil, errZLimitNegative
			}
			j += 2
		default:
			return nil, ErrSyntax
		}
	}
	return a, nil
}

// aggregate combines v into target as the command's AGGREGATE says.
func (a *zalgebra) aggregate(target *float64, v float64) {
	switch a.agg {
	case aggSum:
		if *target += v; math.IsNaN(*target) {
			*target = 0
		}
	case aggMin:
		if v < *target {
			*target = v
		}
	case aggMax:
		if v > *target {
			*target = v
		}
	}
}

// weighted is score times weight, with Redis's 0 for NaN (0 * inf).
func weighted(score, weight float64) float64 {
	if v := score * weight; !math.IsNaN(v) {
		return v
	}
	return 0
}

// run computes the result: its entries in score order, or with cardOnly
// just their number (up to the limit).
func (a *zalgebra) run() ([]zentry, int64, error) {
	if a.op != opDiff {
		slices.SortStableFunc(a.src, func(x, y *zsource) int { return cmp.Compare(x.len(), y.len()) })
	}
	var (
		out  []zentry
		card int64
		err  error
	)
	switch a.op {
	case opInter:
		out, card, err = a.inter()
	case opUnion:
		out, err = a.union()
	default:
		out, err = a.diff()
	}
	slices.SortFunc(out, func(x, y zentry) int {
		if x.score != y.score {
			return cmp.Compare(x.score, y.score)
		}
		return bytes.Compare(x.member, y.member)
	})
	return out, card, err
}

// inter visits the smallest input and looks each member up in the others.
func (a *zalgebra) inter() ([]zentry, int64, error) {
	var (
		out  []zentry
		card int64
		bad  error
	)
	first := a.src[0]
	if first.len() == 0 {
		return nil, 0, nil
	}
	err := first.each(func(m []byte, sc float64) bool {
		score := weighted(sc, first.weight)
		for _, s := range a.src[1:] {
			v, ok := sc, true
			if !bytes.Equal(s.key, first.key) {
				if v, ok, bad = s.score(m); bad != nil {
					return false
				}
			}
			if !ok {
				return true
			}
			a.aggregate(&score, v*s.weight)
		}
		if a.cardOnly {
			card++
			return a.limit == 0 || card < a.limit
		}
		out = append(out, zentry{append([]byte(nil), m...), score})
		return true
	})
	return out, card, firstError(err, bad)
}

// union adds up every input into one accumulator.
func (a *zalgebra) union() ([]zentry, error) {
	acc := map[string]int{} // member → index in out
	var out []zentry
	for _, s := range a.src {
		err := s.each(func(m []byte, sc float64) bool {
			score := weighted(sc, s.weight)
			if i, ok := acc[string(m)]; ok {
				a.aggregate(&out[i].score, score)
				return true
			}
			acc[string(m)] = len(out)
			out = append(out, zentry{append([]byte(nil), m...), score})
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// diff keeps the members of the first input that no other has, with their
// scores in the first.
func (a *zalgebra) diff() ([]zentry, error) {
	first := a.src[0]
	for _, s := range a.src[1:] {
		if bytes.Equal(s.key, first.key) {
			return nil, nil
		}
	}
	var (
		out []zentry
		bad error
	)
	err := first.each(func(m []byte, sc float64) bool {
		for _, s := range a.src[1:] {
			var ok bool
			if _, ok, bad = s.score(m); bad != nil {
				return false
			}
			if ok {
				return true
			}
		}
		out = append(out, zentry{append([]byte(nil), m...), sc})
		return true
	})
	return out, firstError(err, bad)
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error { return cmp.Or(errs...) }

// zalgebraReply runs a non-STORE command and replies.
func zalgebraReply(c *Call, op zsetOp, cardOnly bool) error {
	a, err := parseZalgebra(c, 1, op, false, cardOnly)
	if err != nil {
		return err
	}
	out, card, err := a.run()
	if err != nil {
		return err
	}
	if cardOnly {
		c.Out.Int(card)
		return nil
	}
	replyZEntries(c, out, a.withScores)
	return nil
}

// zalgebraStore runs a STORE command: the result replaces the destination
// (deleted when empty) and the reply is its size.
func zalgebraStore(c *Call, op zsetOp) error {
	a, err := parseZalgebra(c, 2, op, true, false)
	if err != nil {
		return err
	}
	out, _, err := a.run()
	if err != nil {
		return err
	}
	if err := c.storeZEntries(c.Args[1], out, true); err != nil {
		return err
	}
	c.Out.Int(int64(len(out)))
	return nil
}

// ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
func cmdZunion(c *Call) error { return zalgebraReply(c, opUnion, false) }

// ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
func cmdZinter(c *Call) error { return zalgebraReply(c, opInter, false) }

// ZDIFF numkeys key [key ...] [WITHSCORES]
func cmdZdiff(c *Call) error { return zalgebraReply(c, opDiff, false) }

// ZINTERCARD numkeys key [key ...] [LIMIT limit]
func cmdZintercard(c *Call) error { return zalgebraReply(c, opInter, true) }

// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
func cmdZunionstore(c *Call) error { return zalgebraStore(c, opUnion) }

// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
func cmdZinterstore(c *Call) error { return zalgebraStore(c, opInter) }

// ZDIFFSTORE destination numkeys key [key ...]
func cmdZdiffstore(c *Call) error { return zalgebraStore(c, opDiff) }

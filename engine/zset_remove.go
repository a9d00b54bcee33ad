package engine

import "github.com/tierdb/tierdb/tier"

// ZREMRANGEBYRANK, ZREMRANGEBYSCORE and ZREMRANGEBYLEX: the range is found
// as the matching ZRANGE finds it, then its entries are deleted as one run
// (tier.ZSet.RemoveRange), costing what they remove; a range covering the
// whole set deletes the key at once. The range is parsed before the key is
// looked at, as in Redis.

// ZREMRANGEBYRANK key start stop
func cmdZremrangebyrank(c *Call) error {
	start, stop, err := parseIndexes(c.Args[2], c.Args[3])
	if err != nil {
		return err
	}
	return zremrange(c, func(z *tier.ZSet) (int64, error) {
		from, to, ok := rankRange(start, stop, z.Len())
		if !ok {
			return 0, nil
		}
		if from == 0 && to == z.Len()-1 {
			return z.Len(), deleteWhole(c)
		}
		var at tier.ZPos
		err := z.RangeByRank(from, from, false, func(m []byte, sc float64) bool {
			at = tier.ZEntryAt(sc, append([]byte(nil), m...))
			return false
		})
		if err != nil {
			return 0, err
		}
		return z.RemoveRange(at, false, to-from+1, func([]byte, float64) bool { return true })
	})
}

// ZREMRANGEBYSCORE key min max
func cmdZremrangebyscore(c *Call) error {
	r, err := parseZScoreRange(c.Args[2], c.Args[3])
	if err != nil {
		return err
	}
	return zremrange(c, func(z *tier.ZSet) (int64, error) {
		return z.RemoveRange(r.lowPos(), false, -1, func(_ []byte, sc float64) bool { return r.lteMax(sc) })
	})
}

// ZREMRANGEBYLEX key min max
func cmdZremrangebylex(c *Call) error {
	r, err := parseZLexRange(c.Args[2], c.Args[3])
	if err != nil {
		return err
	}
	return zremrange(c, func(z *tier.ZSet) (int64, error) {
		from, ok, err := lexStart(z, r, false)
		if err != nil || !ok {
			return 0, err
		}
		return z.RemoveRange(from, false, -1, func(m []byte, _ float64) bool { return r.lteMax(m) })
	})
}

// zremrange looks the key up for a write and replies with how many
// entries remove deleted (0 for a missing key).
func zremrange(c *Call, remove func(z *tier.ZSet) (int64, error)) error {
	z, err := c.writeZSet(c.Args[1], false)
	if err != nil {
		return err
	}
	var n int64
	if z != nil {
		if n, err = remove(z); err != nil {
			return err
		}
	}
	c.Out.Int(n)
	return nil
}

// deleteWhole deletes the command's key (one range deletion of its
// entries, whatever their number).
func deleteWhole(c *Call) error {
	_, err := c.Txn.Delete(c.DB(), c.Args[1])
	return err
}

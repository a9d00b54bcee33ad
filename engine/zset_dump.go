package engine

import (
	"fmt"

	"github.com/tierdb/tierdb/tier"
)

// The DUMP payload of a sorted set (see keys_payload.go): two fields per
// entry, the member then its score as 8 bytes of IEEE 754 big-endian, in
// score order. A payload with no entry, an odd field count, a score that is
// not 8 bytes or is NaN, or a member twice is "Bad data format".

func encodeZsetDump(w *dumpWriter, o *tier.Object, each elementsFunc) error {
	w.count(int(2 * o.Count))
	n := int64(0)
	err := each(func(m, s []byte) bool {
		w.field(m)
		w.field(s)
		n++
		return true
	})
	if err == nil && n != o.Count {
		err = fmt.Errorf("sorted set of %d entries gave %d to DUMP", o.Count, n)
	}
	return err
}

// decodeZsetDump reads member score pairs; the set owns copies of them.
func decodeZsetDump(r *dumpReader) (*tier.Object, error) {
	if r.n == 0 || r.n%2 != 0 {
		return nil, errBadDataFormat
	}
	members := make([][]byte, 0, r.n/2)
	scores := make([]float64, 0, r.n/2)
	for r.n > 0 {
		m, err := r.field()
		if err != nil {
			return nil, err
		}
		s, err := r.field()
		if err != nil {
			return nil, err
		}
		f, ok := tier.ScoreFromBytes(s)
		if !ok {
			return nil, errBadDataFormat
		}
		members, scores = append(members, m), append(scores, f)
	}
	o := tier.NewZSetObject(members, scores)
	if o.Count != int64(len(members)) { // a member twice
		return nil, errBadDataFormat
	}
	return o, nil
}

// zsetEntries walks the entries of the sorted set o at key for DUMP.
func (c *Call) zsetEntries(key []byte, o *tier.Object) (elementsFunc, error) {
	z, err := c.Txn.ZSet(c.DB(), key, o)
	if err != nil {
		return nil, err
	}
	return z.EachPair, nil
}

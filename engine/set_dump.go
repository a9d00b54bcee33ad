package engine

import (
	"fmt"

	"github.com/tierdb/tierdb/tier"
)

// The DUMP payload of a set (keys_payload.go): one field per member, at
// least one, no member twice.

func encodeSetDump(w *dumpWriter, o *tier.Object, each elementsFunc) error {
	w.count(int(o.Count))
	n := int64(0)
	err := each(func(m, _ []byte) bool {
		w.field(m)
		n++
		return true
	})
	if err == nil && n != o.Count {
		err = fmt.Errorf("set of %d members gave %d to DUMP", o.Count, n)
	}
	return err
}

// decodeSetDump reads the members; the set owns copies of them.
func decodeSetDump(r *dumpReader) (*tier.Object, error) {
	if r.n == 0 {
		return nil, errBadDataFormat
	}
	members := make([][]byte, 0, r.n)
	for r.n > 0 {
		m, err := r.field()
		if err != nil {
			return nil, err
		}
		members = append(members, m)
	}
	o := tier.NewSetObject(members)
	if o.Count != int64(len(members)) { // a member twice
		return nil, errBadDataFormat
	}
	return o, nil
}

// setMembers walks the members of the set o at key for DUMP, as pairs
// (member, nil).
func (c *Call) setMembers(key []byte, o *tier.Object) (elementsFunc, error) {
	s, err := c.Txn.Set(c.DB(), key, o)
	if err != nil {
		return nil, err
	}
	return func(fn func(a, b []byte) bool) error {
		return s.Each(func(m []byte) bool { return fn(m, nil) })
	}, nil
}

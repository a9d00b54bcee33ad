package engine

import (
	"fmt"

	"github.com/tierdb/tierdb/tier"
)

// The DUMP payload of a list (keys_payload.go): one field per element,
// head to tail, at least one.

func encodeListDump(w *dumpWriter, o *tier.Object, each elementsFunc) error {
	w.count(int(o.Count))
	n := int64(0)
	err := each(func(v, _ []byte) bool {
		w.field(v)
		n++
		return true
	})
	if err == nil && n != o.Count {
		err = fmt.Errorf("list of %d elements gave %d to DUMP", o.Count, n)
	}
	return err
}

// decodeListDump reads the elements; the list owns copies of them.
func decodeListDump(r *dumpReader) (*tier.Object, error) {
	if r.n == 0 {
		return nil, errBadDataFormat
	}
	elems := make([][]byte, 0, r.n)
	for r.n > 0 {
		v, err := r.field()
		if err != nil {
			return nil, err
		}
		elems = append(elems, v)
	}
	return tier.NewListObject(elems), nil
}

// listElements walks the elements of the list o at key for DUMP, as
// (element, nil) pairs.
func (c *Call) listElements(key []byte, o *tier.Object) (elementsFunc, error) {
	l, err := c.Txn.List(c.DB(), key, o)
	if err != nil {
		return nil, err
	}
	return func(fn func(a, b []byte) bool) error {
		return l.Each(func(v []byte) bool { return fn(v, nil) })
	}, nil
}

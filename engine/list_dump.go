package engine

import (
	"fmt"

	"github.com/tierdb/tierdb/tier"
)

// The DUMP payload of a list (keys_payload.go): one field per element,
// head to tail, at least one. A set's (set_dump.go) has the same shape,
// one field per member: both are written and read by the helpers here.

func encodeListDump(w *dumpWriter, o *tier.Object, each elementsFunc) error {
	return encodeSingleFields(w, o, each, "list of %d elements gave %d to DUMP")
}

// encodeSingleFields writes the count, then the first part of every pair
// each gives, and checks that they were as many as o's Count (mismatch is
// the error's format, of the count and the number given).
func encodeSingleFields(w *dumpWriter, o *tier.Object, each elementsFunc, mismatch string) error {
	w.count(int(o.Count))
	n := int64(0)
	err := each(func(v, _ []byte) bool {
		w.field(v)
		n++
		return true
	})
	if err == nil && n != o.Count {
		err = fmt.Errorf(mismatch, o.Count, n)
	}
	return err
}

// decodeListDump reads the elements; the list owns copies of them.
func decodeListDump(r *dumpReader) (*tier.Object, error) {
	elems, err := decodeSingleFields(r)
	if err != nil {
		return nil, err
	}
	return tier.NewListObject(elems), nil
}

// decodeSingleFields reads the fields of a payload of one field per
// element, at least one.
func decodeSingleFields(r *dumpReader) ([][]byte, error) {
	if r.n == 0 {
		return nil, errBadDataFormat
	}
	fields := make([][]byte, 0, r.n)
	for r.n > 0 {
		v, err := r.field()
		if err != nil {
			return nil, err
		}
		fields = append(fields, v)
	}
	return fields, nil
}

// listElements walks the elements of the list o at key for DUMP, as
// (element, nil) pairs.
func (c *Call) listElements(key []byte, o *tier.Object) (elementsFunc, error) {
	l, err := c.Txn.List(c.DB(), key, o)
	if err != nil {
		return nil, err
	}
	return singlesAsPairs(l.Each), nil
}

// singlesAsPairs turns a walk of single elements (List.Each, Set.Each)
// into DUMP's walk of (element, nil) pairs.
func singlesAsPairs(each func(fn func(v []byte) bool) error) elementsFunc {
	return func(fn func(a, b []byte) bool) error {
		return each(func(v []byte) bool { return fn(v, nil) })
	}
}

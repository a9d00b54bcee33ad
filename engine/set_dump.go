package engine

import (
	"github.com/tierdb/tierdb/tier"
)

// The DUMP payload of a set (keys_payload.go): one field per member, at
// least one, no member twice; a list's shape (list_dump.go).

func encodeSetDump(w *dumpWriter, o *tier.Object, each elementsFunc) error {
	return encodeSingleFields(w, o, each, "set of %d members gave %d to DUMP")
}

// decodeSetDump reads the members; the set owns copies of them.
func decodeSetDump(r *dumpReader) (*tier.Object, error) {
	members, err := decodeSingleFields(r)
	if err != nil {
		return nil, err
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
	return singlesAsPairs(s.Each), nil
}

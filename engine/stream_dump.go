package engine

import (
	"fmt"

	"github.com/tierdb/tierdb/tier"
)

// A stream's DUMP payload (keys_payload.go's format): its Header, then two
// fields per element record, the element and its value, in element order,
// as tier.Stream.EachRecord gives them: entries, emulated nodes, groups,
// consumers and pending entries, so that RESTORE gives back the same
// stream, consumer groups included (as Redis's DUMP does), down to what
// XINFO reports. RESTORE checks that the records make a consistent stream.

func encodeStreamDump(w *dumpWriter, o *tier.Object, each elementsFunc) error {
	w.count(int(1 + 2*o.Count))
	w.field(o.StreamHeader())
	var n int64
	err := each(func(e, v []byte) bool {
		w.field(e)
		w.field(v)
		n++
		return true
	})
	if err == nil && n != o.Count {
		err = fmt.Errorf("stream of %d records gave %d to DUMP", o.Count, n)
	}
	return err
}

// decodeStreamDump reads the Header and the records; the stream owns
// copies of them.
func decodeStreamDump(r *dumpReader) (*tier.Object, error) {
	if r.n < 3 || r.n%2 != 1 {
		return nil, errBadDataFormat
	}
	header, err := r.field()
	if err != nil {
		return nil, err
	}
	records := make([][2][]byte, 0, r.n/2)
	for r.n > 0 {
		e, err := r.field()
		if err != nil {
			return nil, err
		}
		v, err := r.field()
		if err != nil {
			return nil, err
		}
		records = append(records, [2][]byte{e, v})
	}
	o, err := tier.NewStreamObject(header, records)
	if err != nil {
		return nil, errBadDataFormat
	}
	return o, nil
}

// streamRecords walks the records of the stream o at key, for DUMP.
func (c *Call) streamRecords(key []byte, o *tier.Object) (elementsFunc, error) {
	s, err := c.Txn.Stream(c.DB(), key, o)
	if err != nil {
		return nil, err
	}
	return s.EachRecord, nil
}

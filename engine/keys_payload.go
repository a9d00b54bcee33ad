package engine

import (
	"encoding/binary"
	"fmt"
	"hash/crc64"

	"github.com/tierdb/tierdb/tier"
)

// The DUMP payload: our own format, not Redis's RDB encoding.
//
//	kind(1) version(1) body checksum(8)
//
// kind is the value's kind as the store numbers it (tier.KindString ...),
// version is dumpVersion, and checksum is the CRC-64 (ECMA polynomial) of
// everything before it, big-endian. The body is a field count followed by
// that many fields, each a length and its bytes, counts and lengths as
// unsigned varints. What the fields mean depends on the kind:
//
//	string  1 field: the value
//	hash    2 per field: the field, then its value (at least one field, no
//	        field twice)
//
// and, for the types still to come, one field per element (list, set), two
// per entry (sorted set: member then the score as 8 bytes of IEEE 754
// big-endian), a stream its header fields then its entries.
// A new kind needs only a new dumpCodecs entry; a change to an existing
// kind's fields needs a new version.
//
// A payload whose checksum or version is wrong is refused with Redis's
// "DUMP payload version or checksum are wrong"; one that passes the checksum
// but does not decode (an unknown kind, fields that do not fit) with "Bad
// data format". Decoding reads nothing past the payload and allocates in
// proportion to its length, whatever the counts in it say.

// dumpVersion is the payload format version this server writes and reads.
const dumpVersion = 1

// dumpHeader and dumpTrailer are the fixed bytes around the body.
const (
	dumpHeader  = 2
	dumpTrailer = 8
)

var dumpCRC = crc64.MakeTable(crc64.ECMA)

// Errors of RESTORE's payload check, as Redis 7.0 prints them.
var (
	errDumpPayload   = errf("DUMP payload version or checksum are wrong")
	errBadDataFormat = errf("Bad data format")
)

// dumpCodec turns one kind of value into payload fields and back.
type dumpCodec struct {
	encode func(w *dumpWriter, o *tier.Object, each elementsFunc) error
	decode func(r *dumpReader) (*tier.Object, error)
}

// elementsFunc walks a collection's elements (for a hash: field, value)
// until fn returns false: tier.Hash.Each, or tier.Object.EachLoaded.
type elementsFunc func(fn func(a, b []byte) bool) error

// dumpCodecs has one codec per kind that DUMP supports.
var dumpCodecs = map[uint8]dumpCodec{
	tier.KindString: {encode: encodeStringDump, decode: decodeStringDump},
	tier.KindHash:   {encode: encodeHashDump, decode: decodeHashDump},
	tier.KindSet:    {encode: encodeSetDump, decode: decodeSetDump},
	tier.KindList:   {encode: encodeListDump, decode: decodeListDump},
	tier.KindZSet:   {encode: encodeZsetDump, decode: decodeZsetDump},
	tier.KindStream: {encode: encodeStreamDump, decode: decodeStreamDump},
}

func encodeStringDump(w *dumpWriter, _ *tier.Object, each elementsFunc) error {
	w.count(1)
	return each(func(v, _ []byte) bool {
		w.field(v)
		return false
	})
}

func encodeHashDump(w *dumpWriter, o *tier.Object, each elementsFunc) error {
	w.count(int(2 * o.Count))
	n := int64(0)
	err := each(func(f, v []byte) bool {
		w.field(f)
		w.field(v)
		n++
		return true
	})
	if err == nil && n != o.Count {
		err = fmt.Errorf("hash of %d fields gave %d to DUMP", o.Count, n)
	}
	return err
}

// decodeHashDump reads field value pairs; the hash owns copies of them.
func decodeHashDump(r *dumpReader) (*tier.Object, error) {
	if r.n == 0 || r.n%2 != 0 {
		return nil, errBadDataFormat
	}
	pairs := make([][]byte, 0, r.n)
	for r.n > 0 {
		f, err := r.field()
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, f)
	}
	o := tier.NewHashObject(pairs)
	if o.Count != int64(len(pairs)/2) { // a field twice
		return nil, errBadDataFormat
	}
	return o, nil
}

func decodeStringDump(r *dumpReader) (*tier.Object, error) {
	if r.n != 1 {
		return nil, errBadDataFormat
	}
	v, err := r.field()
	if err != nil {
		return nil, err
	}
	// The payload is the client's argument buffer: keep a copy.
	return tier.NewString(append([]byte{}, v...)), nil
}

// dumpWriter builds a payload.
type dumpWriter struct{ b []byte }

func (w *dumpWriter) count(n int) { w.b = binary.AppendUvarint(w.b, uint64(n)) }

func (w *dumpWriter) field(f []byte) {
	w.b = binary.AppendUvarint(w.b, uint64(len(f)))
	w.b = append(w.b, f...)
}

// dumpReader reads the fields of a body whose checksum has been checked.
type dumpReader struct {
	b []byte
	n uint64 // fields left
}

// field returns the next field; it aliases the payload.
func (r *dumpReader) field() ([]byte, error) {
	if r.n == 0 {
		return nil, errBadDataFormat
	}
	l, k := binary.Uvarint(r.b)
	if k <= 0 || l > uint64(len(r.b)-k) {
		return nil, errBadDataFormat
	}
	f := r.b[k : k+int(l)]
	r.b = r.b[k+int(l):]
	r.n--
	return f, nil
}

// encodeDump returns the DUMP payload of o, whose elements (if it is a
// collection) each walks, or false for a kind without a codec.
func encodeDump(o *tier.Object, each elementsFunc) ([]byte, bool, error) {
	codec, ok := dumpCodecs[o.Kind]
	if !ok {
		return nil, false, nil
	}
	w := &dumpWriter{b: make([]byte, 0, dumpHeader+len(o.Str)+binary.MaxVarintLen64*2+dumpTrailer)}
	w.b = append(w.b, o.Kind, dumpVersion)
	if err := codec.encode(w, o, each); err != nil {
		return nil, true, err
	}
	w.b = binary.BigEndian.AppendUint64(w.b, crc64.Checksum(w.b, dumpCRC))
	return w.b, true, nil
}

// loadedElements walks the elements of a value built in memory (a decoded
// payload), for encodeDump; a string's one element is its value.
func loadedElements(o *tier.Object) elementsFunc {
	if o.Kind == tier.KindString {
		return valueElement(o.Str)
	}
	return func(fn func(a, b []byte) bool) error {
		o.EachLoaded(fn)
		return nil
	}
}

// valueElement walks a string's value as its one element, for encodeDump.
func valueElement(v []byte) elementsFunc {
	return func(fn func(a, b []byte) bool) error {
		fn(v, nil)
		return nil
	}
}

// decodeDump checks a DUMP payload and decodes its value (no TTL: RESTORE
// gives that). The object owns its memory.
func decodeDump(p []byte) (*tier.Object, error) {
	if len(p) < dumpHeader+dumpTrailer {
		return nil, errDumpPayload
	}
	data, sum := p[:len(p)-dumpTrailer], p[len(p)-dumpTrailer:]
	if crc64.Checksum(data, dumpCRC) != binary.BigEndian.Uint64(sum) || data[1] != dumpVersion {
		return nil, errDumpPayload
	}
	codec, ok := dumpCodecs[data[0]]
	if !ok {
		return nil, errBadDataFormat
	}
	n, k := binary.Uvarint(data[dumpHeader:])
	if k <= 0 {
		return nil, errBadDataFormat
	}
	body := data[dumpHeader+k:]
	if n > uint64(len(body)) { // every field takes at least one byte
		return nil, errBadDataFormat
	}
	r := &dumpReader{b: body, n: n}
	o, err := codec.decode(r)
	if err != nil {
		return nil, err
	}
	if r.n != 0 || len(r.b) != 0 {
		return nil, errBadDataFormat
	}
	return o, nil
}

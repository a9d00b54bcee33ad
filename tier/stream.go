package tier

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"

	"github.com/tierdb/tierdb/persistence"
)

// Streams. A stream keeps its metadata in its Object and every part of its
// value in elements, read from Pebble on demand (t.elemReader, which sees
// the Txn's own writes); nothing of a stream is held in memory beyond its
// Object, so a stream of 10 million entries costs an XADD what a small one
// does: one entry put, one node record put and the meta record.
//
// # Header
//
// Object.Header holds what XADD and XINFO need without reading elements
// (StreamMeta): the length, the last generated ID, the recorded first
// entry ID, the largest deleted ID, the number of entries ever added, the
// number of groups, and the emulated radix-tree nodes (count and the
// master ID of the last one). Object.Count is the number of element
// records under the stream's version (every family below), so that the
// kind-independent code (materialize, Copy) keeps its meaning.
//
// # Elements
//
// Every element starts with a one-byte family; IDs are 16 bytes, ms then
// seq, big-endian, so that byte order is ID order:
//
//	0x00                                    the marker: every stream has it,
//	                                        so that an empty stream (which
//	                                        Redis keeps) still has an element
//	0x01 master-id                          an emulated listpack node
//	0x02 id                                 an entry → its field value list
//	0x03 group                              a consumer group
//	0x04 len(group) group consumer          a consumer
//	0x05 len(group) group id                a pending entry (group PEL)
//	0x06 len(group) group len(cons) cons id the consumer PEL index → empty
//
// lengths being 4 bytes big-endian. Groups and consumers sort by name, as
// Redis lists them; a group's pending entries and a consumer's index sort
// by ID.
//
// # Nodes
//
// Redis keeps a stream's entries in listpacks of at most
// stream-node-max-entries entries (deleted ones included) and
// stream-node-max-bytes bytes, indexed by a radix tree; approximate
// trimming (MAXLEN ~, MINID ~) removes whole nodes only, and XINFO reports
// the tree's size. To give the same replies, each node is emulated by a
// record (its master ID, live and deleted entry counts, listpack size in
// bytes as Redis would encode it, last ID and master fields) that changes
// exactly when Redis's listpack would.

// Element families of a stream.
const (
	streamFamMarker   = 0x00
	streamFamNode     = 0x01
	streamFamEntry    = 0x02
	streamFamGroup    = 0x03
	streamFamConsumer = 0x04
	streamFamPEL      = 0x05
	streamFamIndex    = 0x06
)

// streamHeaderVersion is the first byte of a stream's Header.
const streamHeaderVersion = 1

// StreamID is a stream entry ID: milliseconds and a sequence number.
type StreamID struct{ Ms, Seq uint64 }

// MaxStreamID is the largest ID.
var MaxStreamID = StreamID{math.MaxUint64, math.MaxUint64}

// Compare returns -1, 0 or 1 as a is before, equal to or after b.
func (a StreamID) Compare(b StreamID) int {
	switch {
	case a.Ms < b.Ms:
		return -1
	case a.Ms > b.Ms:
		return 1
	case a.Seq < b.Seq:
		return -1
	case a.Seq > b.Seq:
		return 1
	}
	return 0
}

// IsZero reports whether id is 0-0.
func (a StreamID) IsZero() bool { return a.Ms == 0 && a.Seq == 0 }

// Next returns the ID after a, or false if a is the last one.
func (a StreamID) Next() (StreamID, bool) {
	switch {
	case a.Seq != math.MaxUint64:
		return StreamID{a.Ms, a.Seq + 1}, true
	case a.Ms != math.MaxUint64:
		return StreamID{a.Ms + 1, 0}, true
	}
	return StreamID{}, false
}

// Prev returns the ID before a, or false if a is 0-0.
func (a StreamID) Prev() (StreamID, bool) {
	switch {
	case a.Seq != 0:
		return StreamID{a.Ms, a.Seq - 1}, true
	case a.Ms != 0:
		return StreamID{a.Ms - 1, math.MaxUint64}, true
	}
	return StreamID{}, false
}

// Append appends the "ms-seq" form of a to dst.
func (a StreamID) Append(dst []byte) []byte {
	dst = strconv.AppendUint(dst, a.Ms, 10)
	dst = append(dst, '-')
	return strconv.AppendUint(dst, a.Seq, 10)
}

// String is the "ms-seq" form of a.
func (a StreamID) String() string { return string(a.Append(nil)) }

func appendStreamID(dst []byte, id StreamID) []byte {
	dst = binary.BigEndian.AppendUint64(dst, id.Ms)
	return binary.BigEndian.AppendUint64(dst, id.Seq)
}

func readStreamID(b []byte) (StreamID, bool) {
	if len(b) < 16 {
		return StreamID{}, false
	}
	return StreamID{binary.BigEndian.Uint64(b), binary.BigEndian.Uint64(b[8:])}, true
}

// StreamMeta is a stream's metadata, kept in its Header.
type StreamMeta struct {
	Length       int64
	LastID       StreamID // last-generated-id
	FirstID      StreamID // recorded-first-entry-id
	MaxDeleted   StreamID // max-deleted-entry-id
	EntriesAdded int64
	Groups       int64
	Nodes        int64    // radix-tree-keys: emulated listpack nodes
	TailNode     StreamID // master ID of the last node, when Nodes > 0
}

func (m *StreamMeta) encode() []byte {
	b := make([]byte, 0, 1+4*16+4*binary.MaxVarintLen64)
	b = append(b, streamHeaderVersion)
	b = binary.AppendUvarint(b, uint64(m.Length))
	b = appendStreamID(b, m.LastID)
	b = appendStreamID(b, m.FirstID)
	b = appendStreamID(b, m.MaxDeleted)
	b = binary.AppendUvarint(b, uint64(m.EntriesAdded))
	b = binary.AppendUvarint(b, uint64(m.Groups))
	b = binary.AppendUvarint(b, uint64(m.Nodes))
	return appendStreamID(b, m.TailNode)
}

func decodeStreamMeta(h []byte) (StreamMeta, error) {
	var m StreamMeta
	if len(h) == 0 || h[0] != streamHeaderVersion {
		return m, persistence.ErrCorrupt
	}
	r := fieldReader{b: h[1:]}
	m.Length = int64(r.uvarint())
	m.LastID = r.id()
	m.FirstID = r.id()
	m.MaxDeleted = r.id()
	m.EntriesAdded = int64(r.uvarint())
	m.Groups = int64(r.uvarint())
	m.Nodes = int64(r.uvarint())
	m.TailNode = r.id()
	if r.bad || len(r.b) != 0 {
		return m, persistence.ErrCorrupt
	}
	return m, nil
}

// fieldReader decodes the fields of records; bad records any overrun.
type fieldReader struct {
	b   []byte
	bad bool
}

// fail records a bad record and stops reading it.
func (r *fieldReader) fail() {
	r.bad = true
	r.b = nil
}

// advance consumes n bytes of a varint, n <= 0 being a bad one.
func (r *fieldReader) advance(n int) bool {
	if n <= 0 {
		r.fail()
		return false
	}
	r.b = r.b[n:]
	return true
}

func (r *fieldReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if !r.advance(n) {
		return 0
	}
	return v
}

func (r *fieldReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if !r.advance(n) {
		return 0
	}
	return v
}

func (r *fieldReader) id() StreamID {
	id, ok := readStreamID(r.b)
	if !ok {
		r.fail()
		return StreamID{}
	}
	r.b = r.b[16:]
	return id
}

// bytes returns a length-prefixed field, copied.
func (r *fieldReader) bytes() []byte {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	v := bytes.Clone(r.b[:n])
	if v == nil {
		v = []byte{}
	}
	r.b = r.b[n:]
	return v
}

// list returns a count-prefixed list of length-prefixed fields.
func (r *fieldReader) list() [][]byte {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) { // each field takes a byte at least
		r.fail()
		return nil
	}
	out := make([][]byte, 0, n)
	for range n {
		out = append(out, r.bytes())
	}
	return out
}

func appendList(dst []byte, l [][]byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(l)))
	for _, f := range l {
		dst = binary.AppendUvarint(dst, uint64(len(f)))
		dst = append(dst, f...)
	}
	return dst
}

// Stream is the typed handle of one stream key within a Txn: every read
// and change of a stream goes through it. The caller holds the key's
// shard lock. Groups and consumers it returns are its own copies: the
// caller changes them and the handle writes the changed ones on Save,
// with the metadata.
type Stream struct {
	t   *Txn
	db  int
	ks  *keyspace
	key []byte
	o   *Object
	m   StreamMeta // the metadata, stored in o by Save
	// count is the number of element records, stored in o.Count by Save:
	// a command that fails leaves o as it was.
	count int64

	groups    map[string]*StreamGroup
	consumers map[string]*StreamConsumer
	saved     map[string][]byte // encoded records as loaded, by element
	buf       []byte
}

// Stream returns the handle of the stream o that Get or Peek found at key
// in database db.
func (t *Txn) Stream(db int, key []byte, o *Object) (*Stream, error) {
	if o.Kind != KindStream {
		return nil, fmt.Errorf("tier: key %q holds kind %d, not a stream", key, o.Kind)
	}
	m, err := decodeStreamMeta(o.Header)
	if err != nil {
		return nil, fmt.Errorf("tier: stream %q: %w", key, err)
	}
	if _, ok := o.elems.(*streamBuild); ok && o.Version != 0 {
		// Built by RESTORE and stored since: its elements are in Pebble.
		o.unload()
		if t.isHot(t.s.keyspace(db), key, o) {
			t.s.resize(t.s.keyspace(db), o, string(key))
		}
	}
	return &Stream{t: t, db: db, ks: t.s.keyspace(db), key: key, o: o, m: m, count: o.Count}, nil
}

// NewStream returns the handle of a new, empty stream for key in database
// db, where no live key is. Nothing is stored until the first Save.
func (t *Txn) NewStream(db int, key []byte) *Stream {
	o := &Object{Kind: KindStream}
	m := StreamMeta{}
	o.Header = m.encode()
	return &Stream{t: t, db: db, ks: t.s.keyspace(db), key: key, o: o, m: m}
}

// Object is the stream's object.
func (s *Stream) Object() *Object { return s.o }

// Meta returns the stream's metadata.
func (s *Stream) Meta() StreamMeta { return s.m }

// Len is the number of entries.
func (s *Stream) Len() int64 { return s.m.Length }

// SetMeta replaces the IDs and counters XSETID sets: the last ID, the
// entries added and the largest deleted ID. The caller checked them.
func (s *Stream) SetMeta(last StreamID, entriesAdded int64, maxDeleted StreamID) {
	s.m.LastID, s.m.EntriesAdded, s.m.MaxDeleted = last, entriesAdded, maxDeleted
}

// ensure gives a new stream its version and marker before its first
// element write.
func (s *Stream) ensure() error {
	if s.o.Version != 0 {
		return nil
	}
	v, err := s.t.s.db.NewVersion()
	if err != nil {
		return err
	}
	s.o.Version = v // not stored yet: the key is new, not in memory
	s.put([]byte{streamFamMarker}, nil)
	s.count = 1
	return nil
}

// put writes an element; the caller counts it in Count if it is new.
func (s *Stream) put(e, v []byte) {
	s.t.b().PutElement(s.ks.phys, s.o.Version, e, v)
}

// del deletes an element; the caller counts it in Count.
func (s *Stream) del(e []byte) {
	s.t.b().DeleteElement(s.ks.phys, s.o.Version, e)
}

// get reads one element.
func (s *Stream) get(e []byte) ([]byte, bool, error) {
	if s.o.Version == 0 {
		return nil, false, nil
	}
	r, err := s.t.rangeReader()
	if err != nil {
		return nil, false, err
	}
	return r.GetElement(s.ks.phys, s.o.Version, e)
}

// scan walks the elements in [lo, hi) (hi nil: to the end).
func (s *Stream) scan(lo, hi []byte, reverse bool, fn func(e, v []byte) bool) error {
	if s.o.Version == 0 {
		return nil
	}
	r, err := s.t.rangeReader()
	if err != nil {
		return err
	}
	return r.RangeElements(s.ks.phys, s.o.Version, lo, hi, reverse, fn)
}

// Save stores the changes of this handle: the groups and consumers whose
// records changed, then the metadata. A new stream is created by its first
// Save (MKSTREAM creates an empty one).
func (s *Stream) Save() error {
	if err := s.ensure(); err != nil {
		return err
	}
	s.flushGroups()
	s.o.Header, s.o.Count = s.m.encode(), s.count
	return s.t.Put(s.db, s.key, s.o)
}

// prefixEnd is the least byte string after every string starting with p
// (nil if there is none).
func prefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

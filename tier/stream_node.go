package tier

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/tierdb/tierdb/persistence"
)

// Emulated listpack nodes (see stream.go). A node record keeps what decides
// Redis's layout: how many entries its listpack holds, live and deleted;
// its size in bytes, computed with listpack's own encoding rules (integers
// and integer-looking strings take 1 to 9 bytes, strings a 1, 2 or 5 byte
// header, each element a back-length of 1 to 5 bytes); its last ID, which
// MINID trimming compares; and its master fields, which decide whether an
// appended entry repeats its field names.

// streamListpackMax is Redis's STREAM_LISTPACK_MAX_SIZE, the node size used
// when stream-node-max-bytes is 0 or bigger.
const streamListpackMax = 1 << 30

// Listpack entry flags of a stream entry.
const (
	lpFlagSameFields = 2
)

// streamNode is one emulated listpack node.
type streamNode struct {
	master  StreamID
	live    int64
	deleted int64
	bytes   int64
	last    StreamID
	fields  [][]byte
}

func nodeElement(dst []byte, id StreamID) []byte {
	return appendStreamID(append(dst, streamFamNode), id)
}

func (n *streamNode) encode() []byte {
	b := make([]byte, 0, 48)
	b = binary.AppendUvarint(b, uint64(n.live))
	b = binary.AppendUvarint(b, uint64(n.deleted))
	b = binary.AppendUvarint(b, uint64(n.bytes))
	b = appendStreamID(b, n.last)
	return appendList(b, n.fields)
}

func decodeStreamNode(e, v []byte) (*streamNode, error) {
	master, ok := readStreamID(e[1:])
	r := fieldReader{b: v}
	n := &streamNode{master: master}
	n.live = int64(r.uvarint())
	n.deleted = int64(r.uvarint())
	n.bytes = int64(r.uvarint())
	n.last = r.id()
	n.fields = r.list()
	if !ok || len(e) != 17 || r.bad || len(r.b) != 0 {
		return nil, persistence.ErrCorrupt
	}
	return n, nil
}

// newStreamNode is the node Redis creates for an entry with id and pairs:
// a listpack holding the master entry (count 1, deleted 0, the fields, a
// terminator), before the entry itself is appended.
func newStreamNode(id StreamID, pairs [][]byte) *streamNode {
	n := &streamNode{master: id, live: 1, fields: make([][]byte, 0, len(pairs)/2)}
	n.bytes = 7 + lpIntSize(1) + lpIntSize(0) + lpIntSize(int64(len(pairs)/2)) + lpIntSize(0)
	for i := 0; i < len(pairs); i += 2 {
		n.fields = append(n.fields, pairs[i])
		n.bytes += lpStringSize(pairs[i])
	}
	return n
}

// full reports whether Redis starts a new node for an entry of pairs
// rather than append it to n.
func (n *streamNode) full(pairs [][]byte, lim StreamNodeLimits) bool {
	maxBytes := lim.MaxBytes
	if maxBytes <= 0 || maxBytes > streamListpackMax {
		maxBytes = streamListpackMax
	}
	var total int64
	for _, p := range pairs {
		total += int64(len(p))
	}
	if n.bytes+total >= maxBytes {
		return true
	}
	return lim.MaxEntries > 0 && n.live+n.deleted >= lim.MaxEntries
}

// setCounts changes the live and deleted counters of the master entry,
// whose encoded sizes may change.
func (n *streamNode) setCounts(live, deleted int64) {
	n.bytes += lpIntSize(live) - lpIntSize(n.live) + lpIntSize(deleted) - lpIntSize(n.deleted)
	n.live, n.deleted = live, deleted
}

// append accounts the entry id with pairs appended to the listpack: flags,
// the ID as deltas from the master, the fields unless they are the
// master's, the values and the element count.
func (n *streamNode) append(id StreamID, pairs [][]byte) {
	numFields := int64(len(pairs) / 2)
	same := sameFields(n.fields, pairs)
	flags := int64(0)
	if same {
		flags = lpFlagSameFields
	}
	size := lpIntSize(flags) + lpIntSize(int64(id.Ms-n.master.Ms)) + lpIntSize(int64(id.Seq-n.master.Seq))
	count := numFields + 3
	if !same {
		size += lpIntSize(numFields)
		count += numFields + 1
	}
	for i, p := range pairs {
		if i%2 == 1 || !same {
			size += lpStringSize(p)
		}
	}
	n.bytes += size + lpIntSize(count)
	n.last = id
}

// lpIntSize is the size of an integer element of a listpack, back-length
// included.
func lpIntSize(v int64) int64 {
	switch {
	case v >= 0 && v <= 127:
		return 2
	case v >= -4096 && v <= 4095:
		return 3
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return 4
	case v >= -1<<23 && v < 1<<23:
		return 5
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return 6
	}
	return 10
}

// lpStringSize is the size of a string element of a listpack: as an
// integer if it reads as one, else a header, the bytes and a back-length.
func lpStringSize(s []byte) int64 {
	if v, ok := lpInteger(s); ok {
		return lpIntSize(v)
	}
	l := int64(len(s))
	switch {
	case l < 64:
		l++
	case l < 4096:
		l += 2
	default:
		l += 5
	}
	return l + lpBacklenSize(l)
}

func lpBacklenSize(l int64) int64 {
	switch {
	case l <= 127:
		return 1
	case l < 16383:
		return 2
	case l < 2097151:
		return 3
	case l < 268435455:
		return 4
	}
	return 5
}

// lpInteger parses s as listpack does before storing a string: a signed
// 64-bit decimal with no sign but a leading '-', no leading zero, no space.
func lpInteger(s []byte) (int64, bool) {
	if len(s) == 0 || len(s) > 20 {
		return 0, false
	}
	if len(s) == 1 && s[0] == '0' {
		return 0, true
	}
	neg := s[0] == '-'
	d := s
	if neg {
		d = s[1:]
	}
	if len(d) == 0 || d[0] < '1' || d[0] > '9' {
		return 0, false
	}
	var v uint64
	for _, c := range d {
		if c < '0' || c > '9' {
			return 0, false
		}
		x := uint64(c - '0')
		if v > (math.MaxUint64-x)/10 {
			return 0, false
		}
		v = v*10 + x
	}
	switch {
	case neg && v <= 1<<63:
		return int64(-v), true
	case !neg && v <= math.MaxInt64:
		return int64(v), true
	}
	return 0, false
}

// node reads the node whose master ID is id.
func (s *Stream) node(id StreamID) (*streamNode, bool, error) {
	e := nodeElement(nil, id)
	v, ok, err := s.get(e)
	if err != nil || !ok {
		return nil, false, err
	}
	n, err := decodeStreamNode(e, v)
	return n, err == nil, err
}

// firstNode returns the first node found by a scan of [lo, hi).
func (s *Stream) firstNode(lo, hi []byte, reverse bool) (*streamNode, bool, error) {
	var (
		n   *streamNode
		bad error
	)
	err := s.scan(lo, hi, reverse, func(e, v []byte) bool {
		n, bad = decodeStreamNode(e, v)
		return false
	})
	if err == nil {
		err = bad
	}
	return n, n != nil && err == nil, err
}

// nodeOf returns the node holding the entry id: the last one whose master
// ID is at most id.
func (s *Stream) nodeOf(id StreamID) (*streamNode, error) {
	hi := []byte{streamFamNode + 1}
	if next, ok := id.Next(); ok {
		hi = nodeElement(nil, next)
	}
	n, ok, err := s.firstNode([]byte{streamFamNode}, hi, true)
	if err == nil && !ok {
		err = fmt.Errorf("tier: stream %q: no node for entry %v: %w", s.key, id, persistence.ErrCorrupt)
	}
	return n, err
}

// nodeFrom returns the first node whose master ID is at least from.
func (s *Stream) nodeFrom(from StreamID) (*streamNode, bool, error) {
	return s.firstNode(nodeElement(nil, from), []byte{streamFamNode + 1}, false)
}

func (s *Stream) putNode(n *streamNode) {
	s.put(nodeElement(nil, n.master), n.encode())
}

// dropNode deletes the record of node n; if it was the last node, the one
// before it becomes the tail.
func (s *Stream) dropNode(n *streamNode) error {
	s.del(nodeElement(nil, n.master))
	s.count--
	s.m.Nodes--
	if n.master != s.m.TailNode {
		return nil
	}
	s.m.TailNode = StreamID{}
	if s.m.Nodes == 0 {
		return nil
	}
	t, ok, err := s.firstNode([]byte{streamFamNode}, []byte{streamFamNode + 1}, true)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("tier: stream %q: %d nodes counted, none found: %w", s.key, s.m.Nodes, persistence.ErrCorrupt)
	}
	s.m.TailNode = t.master
	return nil
}

// RaxNodes is the number of nodes of the radix tree Redis would index the
// stream's listpacks with (XINFO's radix-tree-nodes): a compressed trie of
// the nodes' 16-byte master IDs, counted from the sorted keys. It reads
// every node record.
func (s *Stream) RaxNodes() (int64, error) {
	var keys [][16]byte
	err := s.scan([]byte{streamFamNode}, []byte{streamFamNode + 1}, false, func(e, _ []byte) bool {
		var k [16]byte
		copy(k[:], e[1:])
		keys = append(keys, k)
		return true
	})
	if err != nil {
		return 0, err
	}
	if len(keys) == 0 {
		return 1, nil // the empty root
	}
	return raxCount(keys, 0), nil
}

// raxCount counts the nodes of the compressed trie below depth d of keys
// (sorted, distinct, sharing their first d bytes): a compressed node for a
// run of shared bytes, a branching node where they differ, a leaf at the
// end.
func raxCount(keys [][16]byte, d int) int64 {
	if d == 16 {
		return 1
	}
	first, last := keys[0], keys[len(keys)-1]
	l := d
	for l < 16 && first[l] == last[l] {
		l++
	}
	if l > d {
		return 1 + raxCount(keys, l)
	}
	n := int64(1)
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j][d] == keys[i][d] {
			j++
		}
		n += raxCount(keys[i:j], d+1)
		i = j
	}
	return n
}

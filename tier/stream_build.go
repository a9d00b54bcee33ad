package tier

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/tierdb/tierdb/persistence"
)

// Building a stream in memory (RESTORE): its element records, checked for
// consistency, held by a streamBuild until the first Put of the object
// stores them under a new version (materialize); the first handle made on
// the stored stream drops them from memory, since streams are served from
// Pebble.

// streamBuild holds the element records of a stream not stored yet.
type streamBuild struct {
	records [][2][]byte // element, value; in element order
}

func (b *streamBuild) len() int { return len(b.records) }

func (b *streamBuild) clone() loadedElems {
	c := &streamBuild{records: make([][2][]byte, len(b.records))}
	for i, r := range b.records {
		c.records[i] = [2][]byte{bytes.Clone(r[0]), bytes.Clone(r[1])}
	}
	return c
}

func (b *streamBuild) store(batch *persistence.Batch, phys uint32, version uint64) {
	for _, r := range b.records {
		batch.PutElement(phys, version, r[0], r[1])
	}
}

func (b *streamBuild) each(fn func(e, v []byte) bool) {
	for _, r := range b.records {
		if !fn(r[0], r[1]) {
			return
		}
	}
}

// StreamHeader is the Header of a stream, for its DUMP payload.
func (o *Object) StreamHeader() []byte { return o.Header }

// NewStreamObject returns a stream made of a Header and element records
// (element, value) as a stored stream's Header and EachRecord give them;
// copied. It returns an error unless they make a consistent stream: every
// record well formed, in element order, the counters agreeing with the
// records. Its first Put stores them under a new version.
func NewStreamObject(header []byte, records [][2][]byte) (*Object, error) {
	m, err := decodeStreamMeta(header)
	if err != nil {
		return nil, err
	}
	b := &streamBuild{records: make([][2][]byte, 0, len(records))}
	var size int64
	for i, r := range records {
		if i > 0 && bytes.Compare(records[i-1][0], r[0]) >= 0 || len(r[0]) == 0 {
			return nil, fmt.Errorf("tier: stream records out of order: %w", persistence.ErrCorrupt)
		}
		b.records = append(b.records, [2][]byte{bytes.Clone(r[0]), bytes.Clone(r[1])})
		size += int64(len(r[0])+len(r[1])) + elementOverhead
	}
	if err := checkStreamRecords(m, b.records); err != nil {
		return nil, err
	}
	o := &Object{Kind: KindStream, Header: bytes.Clone(header), elems: b, elemBytes: size}
	o.Count = int64(len(records))
	return o, nil
}

// streamCheck accumulates what the records of a stream say, to compare
// with its counters.
type streamCheck struct {
	m         StreamMeta
	nodes     []*streamNode
	entries   []StreamID
	groups    map[string]*StreamGroup
	consumers map[string]*StreamConsumer // by group and name
	pending   map[string]int64           // pending entries by group and consumer
	indexed   map[string]int64           // index records by group and consumer
	inGroup   map[string]int64           // pending entries by group
}

func checkStreamRecords(m StreamMeta, records [][2][]byte) error {
	c := &streamCheck{m: m, groups: map[string]*StreamGroup{}, consumers: map[string]*StreamConsumer{},
		pending: map[string]int64{}, indexed: map[string]int64{}, inGroup: map[string]int64{}}
	if len(records) == 0 || len(records[0][0]) != 1 || records[0][0][0] != streamFamMarker {
		return fmt.Errorf("tier: stream without its marker: %w", persistence.ErrCorrupt)
	}
	for _, r := range records[1:] {
		if err := c.record(r[0], r[1]); err != nil {
			return err
		}
	}
	return c.finish()
}

func (c *streamCheck) record(e, v []byte) error {
	bad := fmt.Errorf("tier: bad stream record %q: %w", e, persistence.ErrCorrupt)
	switch e[0] {
	case streamFamNode:
		n, err := decodeStreamNode(e, v)
		if err != nil {
			return err
		}
		c.nodes = append(c.nodes, n)
	case streamFamEntry:
		id, ok := readStreamID(e[1:])
		if _, err := decodeEntry(v); !ok || len(e) != 17 || err != nil {
			return bad
		}
		c.entries = append(c.entries, id)
	case streamFamGroup:
		g, err := decodeStreamGroup(e, v)
		if err != nil {
			return err
		}
		c.groups[string(g.Name)] = g
	case streamFamConsumer, streamFamPEL, streamFamIndex:
		return c.scoped(e, v, bad)
	default:
		return bad
	}
	return nil
}

// scoped checks a record under a group: consumer, pending entry, index.
func (c *streamCheck) scoped(e, v []byte, bad error) error {
	group, rest, ok := splitScoped(e[1:])
	if !ok {
		return bad
	}
	g := c.groups[string(group)]
	if g == nil {
		return bad
	}
	switch e[0] {
	case streamFamConsumer:
		k, err := decodeStreamConsumer(group, rest, v)
		if err != nil {
			return err
		}
		c.consumers[string(scopedKey(group, rest))] = k
	case streamFamPEL:
		id, ok := readStreamID(rest)
		n, err := decodeStreamNACK(id, v)
		if !ok || len(rest) != 16 || err != nil {
			return bad
		}
		if c.consumers[string(scopedKey(group, n.Consumer))] == nil {
			return bad
		}
		c.pending[string(scopedKey(group, n.Consumer))]++
		c.inGroup[string(group)]++
	case streamFamIndex:
		name, idb, ok := splitScoped(rest)
		if !ok || len(idb) != 16 || len(v) != 0 || c.consumers[string(scopedKey(group, name))] == nil {
			return bad
		}
		c.indexed[string(scopedKey(group, name))]++
	}
	return nil
}

func scopedKey(group, name []byte) []byte {
	return append(groupScoped(0, group), name...)
}

// splitScoped splits a 4-byte length, that many bytes and the rest.
func splitScoped(b []byte) (name, rest []byte, ok bool) {
	if len(b) < 4 {
		return nil, nil, false
	}
	n := int(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
	if n > len(b)-4 {
		return nil, nil, false
	}
	return b[4 : 4+n], b[4+n:], true
}

func (c *streamCheck) finish() error {
	bad := fmt.Errorf("tier: stream counters disagree with its records: %w", persistence.ErrCorrupt)
	m := c.m
	if int64(len(c.entries)) != m.Length || int64(len(c.nodes)) != m.Nodes || int64(len(c.groups)) != m.Groups {
		return bad
	}
	if len(c.nodes) > 0 && c.nodes[len(c.nodes)-1].master != m.TailNode {
		return bad
	}
	if len(c.entries) > 0 && (c.entries[0] != m.FirstID || c.entries[len(c.entries)-1].Compare(m.LastID) > 0) {
		return bad
	}
	// Each entry lies in the last node starting at or before it, up to
	// that node's last ID; the nodes' live counts add up.
	live := make([]int64, len(c.nodes))
	for _, id := range c.entries {
		i := sort.Search(len(c.nodes), func(i int) bool { return c.nodes[i].master.Compare(id) > 0 }) - 1
		if i < 0 || id.Compare(c.nodes[i].last) > 0 {
			return bad
		}
		live[i]++
	}
	for i, n := range c.nodes {
		if live[i] != n.live || n.last.Compare(m.LastID) > 0 {
			return bad
		}
	}
	for name, g := range c.groups {
		var consumers int64
		for _, k := range c.consumers {
			if string(k.group) == name {
				consumers++
				key := string(scopedKey(k.group, k.Name))
				if c.pending[key] != k.Pending || c.indexed[key] != k.Pending {
					return bad
				}
			}
		}
		if consumers != g.Consumers || c.inGroup[name] != g.Pending {
			return bad
		}
	}
	return nil
}

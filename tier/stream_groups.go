package tier

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/tierdb/tierdb/persistence"
)

// Consumer groups, their consumers and pending entries (stream.go lists
// the records). A group record counts its pending entries and consumers,
// a consumer record its pending entries, so that XINFO and XPENDING's
// summary read no pending entry; a handle writes the group and consumer
// records it changed once, on Save.

// StreamGroup is a consumer group. The caller may change LastID and
// EntriesRead; the counters are the handle's.
type StreamGroup struct {
	Name        []byte
	LastID      StreamID
	EntriesRead int64 // -1 when unknown (Redis's SCG_INVALID_ENTRIES_READ)
	Pending     int64
	Consumers   int64
}

// StreamConsumer is a consumer of a group. The caller may change SeenTime;
// Pending is the handle's.
type StreamConsumer struct {
	Name     []byte
	SeenTime int64 // unix ms
	Pending  int64
	group    []byte
}

// StreamNACK is a pending entry: delivered to Consumer, not acknowledged.
type StreamNACK struct {
	ID            StreamID
	Consumer      []byte
	DeliveryTime  int64 // unix ms
	DeliveryCount int64
	stored        []byte // the consumer it is stored under; nil if new
}

func groupElement(name []byte) []byte { return append([]byte{streamFamGroup}, name...) }

// groupScoped is fam, the group's name length and name: the prefix of its
// consumers, pending entries and index.
func groupScoped(fam byte, group []byte) []byte {
	b := make([]byte, 0, 5+len(group)+32)
	b = append(b, fam)
	b = binary.BigEndian.AppendUint32(b, uint32(len(group)))
	return append(b, group...)
}

func consumerElement(group, name []byte) []byte {
	return append(groupScoped(streamFamConsumer, group), name...)
}

func pelElement(group []byte, id StreamID) []byte {
	return appendStreamID(groupScoped(streamFamPEL, group), id)
}

func indexPrefix(group, consumer []byte) []byte {
	b := binary.BigEndian.AppendUint32(groupScoped(streamFamIndex, group), uint32(len(consumer)))
	return append(b, consumer...)
}

func (g *StreamGroup) encode() []byte {
	b := appendStreamID(nil, g.LastID)
	b = binary.AppendVarint(b, g.EntriesRead)
	b = binary.AppendUvarint(b, uint64(g.Pending))
	return binary.AppendUvarint(b, uint64(g.Consumers))
}

func decodeStreamGroup(e, v []byte) (*StreamGroup, error) {
	r := fieldReader{b: v}
	g := &StreamGroup{Name: bytes.Clone(e[1:])}
	g.LastID = r.id()
	g.EntriesRead = r.varint()
	g.Pending = int64(r.uvarint())
	g.Consumers = int64(r.uvarint())
	if r.bad || len(r.b) != 0 {
		return nil, persistence.ErrCorrupt
	}
	if g.Name == nil {
		g.Name = []byte{}
	}
	return g, nil
}

func (c *StreamConsumer) encode() []byte {
	b := binary.AppendVarint(nil, c.SeenTime)
	return binary.AppendUvarint(b, uint64(c.Pending))
}

func decodeStreamConsumer(group, name, v []byte) (*StreamConsumer, error) {
	r := fieldReader{b: v}
	c := &StreamConsumer{Name: append([]byte{}, name...), group: group}
	c.SeenTime = r.varint()
	c.Pending = int64(r.uvarint())
	if r.bad || len(r.b) != 0 {
		return nil, persistence.ErrCorrupt
	}
	return c, nil
}

func (n *StreamNACK) encode() []byte {
	b := binary.AppendVarint(nil, n.DeliveryTime)
	b = binary.AppendUvarint(b, uint64(n.DeliveryCount))
	return append(b, n.Consumer...)
}

func decodeStreamNACK(id StreamID, v []byte) (*StreamNACK, error) {
	r := fieldReader{b: v}
	n := &StreamNACK{ID: id}
	n.DeliveryTime = r.varint()
	n.DeliveryCount = int64(r.uvarint())
	if r.bad {
		return nil, persistence.ErrCorrupt
	}
	n.Consumer = append([]byte{}, r.b...)
	n.stored = n.Consumer
	return n, nil
}

// remember caches a group or consumer loaded or created by the handle,
// with its record as stored (nil if new), so that Save writes it if it
// changed.
func (s *Stream) remember(e string, stored []byte) {
	if s.saved == nil {
		s.saved = make(map[string][]byte)
		s.groups = make(map[string]*StreamGroup)
		s.consumers = make(map[string]*StreamConsumer)
	}
	s.saved[e] = stored
}

// forget drops a deleted group or consumer from the cache.
func (s *Stream) forget(e string) {
	delete(s.saved, e)
	delete(s.groups, e)
	delete(s.consumers, e)
}

// flushGroups writes the cached groups and consumers whose records changed.
func (s *Stream) flushGroups() {
	for e, g := range s.groups {
		s.flushRecord(e, g.encode())
	}
	for e, c := range s.consumers {
		s.flushRecord(e, c.encode())
	}
}

func (s *Stream) flushRecord(e string, v []byte) {
	if old, ok := s.saved[e]; ok && old != nil && bytes.Equal(old, v) {
		return
	}
	s.put([]byte(e), v)
	s.saved[e] = v
}

// Group returns the group name, or nil.
func (s *Stream) Group(name []byte) (*StreamGroup, error) {
	e := groupElement(name)
	if g, ok := s.groups[string(e)]; ok {
		return g, nil
	}
	if s.m.Groups == 0 {
		return nil, nil
	}
	v, ok, err := s.get(e)
	if err != nil || !ok {
		return nil, err
	}
	g, err := decodeStreamGroup(e, v)
	if err != nil {
		return nil, err
	}
	s.remember(string(e), v)
	s.groups[string(e)] = g
	return g, nil
}

// CreateGroup creates the group name at lastID with entriesRead, and
// returns nil if it exists already.
func (s *Stream) CreateGroup(name []byte, lastID StreamID, entriesRead int64) (*StreamGroup, error) {
	if g, err := s.Group(name); err != nil || g != nil {
		return nil, err
	}
	if err := s.ensure(); err != nil {
		return nil, err
	}
	g := &StreamGroup{Name: bytes.Clone(name), LastID: lastID, EntriesRead: entriesRead}
	e := string(groupElement(name))
	s.remember(e, nil)
	s.groups[e] = g
	s.count++
	s.m.Groups++
	return g, nil
}

// EachGroup calls fn for every group in name order until fn returns false.
func (s *Stream) EachGroup(fn func(g *StreamGroup) bool) error {
	if s.m.Groups == 0 {
		return nil
	}
	var list []*StreamGroup
	err := s.scan([]byte{streamFamGroup}, []byte{streamFamGroup + 1}, false, func(e, v []byte) bool {
		g, err := decodeStreamGroup(e, v)
		if err != nil {
			list = nil
			return false
		}
		list = append(list, g)
		return true
	})
	if err != nil {
		return err
	}
	for _, g := range list {
		if c, ok := s.groups[string(groupElement(g.Name))]; ok {
			g = c
		}
		if !fn(g) {
			break
		}
	}
	return nil
}

// DestroyGroup deletes group g with its consumers and pending entries.
func (s *Stream) DestroyGroup(g *StreamGroup) {
	b := s.t.b()
	for _, fam := range []byte{streamFamConsumer, streamFamPEL, streamFamIndex} {
		p := groupScoped(fam, g.Name)
		b.DeleteElementRange(s.ks.phys, s.o.Version, p, prefixEnd(p))
	}
	e := groupElement(g.Name)
	s.del(e)
	s.forget(string(e))
	for k, c := range s.consumers {
		if bytes.Equal(c.group, g.Name) {
			s.forget(k)
		}
	}
	s.count -= 1 + g.Consumers + 2*g.Pending
	s.m.Groups--
}

// Consumer returns the consumer name of group g, or nil.
func (s *Stream) Consumer(g *StreamGroup, name []byte) (*StreamConsumer, error) {
	e := consumerElement(g.Name, name)
	if c, ok := s.consumers[string(e)]; ok {
		return c, nil
	}
	if g.Consumers == 0 {
		return nil, nil
	}
	v, ok, err := s.get(e)
	if err != nil || !ok {
		return nil, err
	}
	c, err := decodeStreamConsumer(g.Name, name, v)
	if err != nil {
		return nil, err
	}
	s.remember(string(e), v)
	s.consumers[string(e)] = c
	return c, nil
}

// CreateConsumer creates the consumer name of group g, seen at now; the
// caller checked that it does not exist.
func (s *Stream) CreateConsumer(g *StreamGroup, name []byte, now int64) *StreamConsumer {
	c := &StreamConsumer{Name: bytes.Clone(name), SeenTime: now, group: g.Name}
	e := string(consumerElement(g.Name, name))
	s.remember(e, nil)
	s.consumers[e] = c
	g.Consumers++
	s.count++
	return c
}

// EachConsumer calls fn for every consumer of group g in name order until
// fn returns false.
func (s *Stream) EachConsumer(g *StreamGroup, fn func(c *StreamConsumer) bool) error {
	if g.Consumers == 0 {
		return nil
	}
	p := groupScoped(streamFamConsumer, g.Name)
	var list []*StreamConsumer
	var bad error
	err := s.scan(p, prefixEnd(p), false, func(e, v []byte) bool {
		c, err := decodeStreamConsumer(g.Name, e[len(p):], v)
		if err != nil {
			bad = err
			return false
		}
		list = append(list, c)
		return true
	})
	if err == nil {
		err = bad
	}
	if err != nil {
		return err
	}
	for _, c := range list {
		if cc, ok := s.consumers[string(consumerElement(g.Name, c.Name))]; ok {
			c = cc
		}
		if !fn(c) {
			break
		}
	}
	return nil
}

// DeleteConsumer deletes consumer c of group g with its pending entries.
func (s *Stream) DeleteConsumer(g *StreamGroup, c *StreamConsumer) error {
	p := indexPrefix(g.Name, c.Name)
	var ids []StreamID
	err := s.scan(p, prefixEnd(p), false, func(e, _ []byte) bool {
		if id, ok := readStreamID(e[len(p):]); ok {
			ids = append(ids, id)
		}
		return true
	})
	if err != nil {
		return err
	}
	if int64(len(ids)) != c.Pending {
		return fmt.Errorf("tier: stream %q: consumer %q counts %d pending, has %d: %w", s.key, c.Name, c.Pending, len(ids), persistence.ErrCorrupt)
	}
	for _, id := range ids {
		s.del(pelElement(g.Name, id))
	}
	s.t.b().DeleteElementRange(s.ks.phys, s.o.Version, p, prefixEnd(p))
	e := consumerElement(g.Name, c.Name)
	s.del(e)
	s.forget(string(e))
	n := int64(len(ids))
	g.Pending -= n
	g.Consumers--
	s.count -= 1 + 2*n
	return nil
}

// NACK returns the pending entry id of group g, or nil.
func (s *Stream) NACK(g *StreamGroup, id StreamID) (*StreamNACK, error) {
	if g.Pending == 0 {
		return nil, nil
	}
	v, ok, err := s.get(pelElement(g.Name, id))
	if err != nil || !ok {
		return nil, err
	}
	return decodeStreamNACK(id, v)
}

// PutNACK stores the pending entry n of group g as owned by consumer c: a
// new one is added to the group and the consumer, an existing one moves
// to c if another consumer owned it.
func (s *Stream) PutNACK(g *StreamGroup, n *StreamNACK, c *StreamConsumer) error {
	n.Consumer = c.Name
	s.put(pelElement(g.Name, n.ID), n.encode())
	switch {
	case n.stored == nil:
		g.Pending++
		s.count += 2
	case !bytes.Equal(n.stored, c.Name):
		if err := s.unindex(g, n); err != nil {
			return err
		}
	default:
		return nil
	}
	s.put(appendStreamID(indexPrefix(g.Name, c.Name), n.ID), nil)
	c.Pending++
	n.stored = c.Name
	return nil
}

// unindex removes n from the index of the consumer it is stored under.
func (s *Stream) unindex(g *StreamGroup, n *StreamNACK) error {
	s.del(appendStreamID(indexPrefix(g.Name, n.stored), n.ID))
	old, err := s.Consumer(g, n.stored)
	if err != nil {
		return err
	}
	if old != nil {
		old.Pending--
	}
	return nil
}

// DeleteNACK deletes the pending entry n of group g (XACK).
func (s *Stream) DeleteNACK(g *StreamGroup, n *StreamNACK) error {
	if n.stored == nil {
		return nil
	}
	s.del(pelElement(g.Name, n.ID))
	if err := s.unindex(g, n); err != nil {
		return err
	}
	n.stored = nil
	g.Pending--
	s.count -= 2
	return nil
}

// EachNACK calls fn for the pending entries of group g from start to end
// (both included) in ID order, only those of consumer c if it is not nil,
// until fn returns false; with reverse, from end to start.
func (s *Stream) EachNACK(g *StreamGroup, c *StreamConsumer, start, end StreamID, reverse bool, fn func(n *StreamNACK) bool) error {
	if g.Pending == 0 || c != nil && c.Pending == 0 || start.Compare(end) > 0 {
		return nil
	}
	hiID := func(p []byte) []byte {
		if next, ok := end.Next(); ok {
			return appendStreamID(bytes.Clone(p), next)
		}
		return prefixEnd(p)
	}
	if c == nil {
		p := groupScoped(streamFamPEL, g.Name)
		var bad error
		err := s.scan(appendStreamID(bytes.Clone(p), start), hiID(p), reverse, func(e, v []byte) bool {
			id, _ := readStreamID(e[len(p):])
			n, err := decodeStreamNACK(id, v)
			if err != nil {
				bad = err
				return false
			}
			return fn(n)
		})
		if err == nil {
			err = bad
		}
		return err
	}
	p := indexPrefix(g.Name, c.Name)
	var ids []StreamID
	var stop bool
	for !stop {
		// Read the index a chunk at a time, so that fn may write.
		ids = ids[:0]
		err := s.scan(appendStreamID(bytes.Clone(p), start), hiID(p), reverse, func(e, _ []byte) bool {
			id, _ := readStreamID(e[len(p):])
			ids = append(ids, id)
			return len(ids) < 128
		})
		if err != nil {
			return err
		}
		if len(ids) < 128 {
			stop = true
		}
		for _, id := range ids {
			n, err := s.NACK(g, id)
			if err != nil {
				return err
			}
			if n == nil {
				return fmt.Errorf("tier: stream %q: indexed entry %v not pending: %w", s.key, id, persistence.ErrCorrupt)
			}
			if !fn(n) {
				return nil
			}
		}
		if len(ids) > 0 {
			last := ids[len(ids)-1]
			var ok bool
			if reverse {
				end, ok = last.Prev()
			} else {
				start, ok = last.Next()
			}
			if !ok {
				return nil
			}
		}
	}
	return nil
}

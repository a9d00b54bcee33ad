package tier

import (
	"bytes"
	"fmt"

	"github.com/tierdb/tierdb/persistence"
)

// Stream entries: adding, reading ranges, deleting and trimming, with the
// emulated listpack nodes (stream_node.go) kept as Redis keeps its own.

// StreamNodeLimits are Redis's stream-node-max-entries and
// stream-node-max-bytes (0: no limit).
type StreamNodeLimits struct {
	MaxEntries int64
	MaxBytes   int64
}

// entryElement is the element of the entry id.
func entryElement(dst []byte, id StreamID) []byte {
	return appendStreamID(append(dst, streamFamEntry), id)
}

// entryBound is the element just past the entry id (nil past the last ID).
func entryBound(id StreamID) []byte {
	if next, ok := id.Next(); ok {
		return entryElement(nil, next)
	}
	return []byte{streamFamEntry + 1}
}

// Add appends an entry of field value pairs (flat: field, value ...) with
// id, which the caller checked is after the last ID, and updates the
// length, last ID, entries added and first ID as XADD does.
func (s *Stream) Add(id StreamID, pairs [][]byte, lim StreamNodeLimits) error {
	if err := s.ensure(); err != nil {
		return err
	}
	var tail *streamNode
	if s.m.Nodes > 0 {
		n, ok, err := s.node(s.m.TailNode)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("tier: stream %q: tail node %v missing: %w", s.key, s.m.TailNode, persistence.ErrCorrupt)
		}
		tail = n
	}
	if tail == nil || tail.full(pairs, lim) {
		tail = newStreamNode(id, pairs)
		s.m.Nodes++
		s.m.TailNode = id
		s.count++
	} else {
		tail.setCounts(tail.live+1, tail.deleted)
	}
	tail.append(id, pairs)
	s.putNode(tail)
	s.buf = entryElement(s.buf[:0], id)
	s.put(s.buf, appendList(nil, pairs))
	s.count++
	s.m.Length++
	s.m.EntriesAdded++
	s.m.LastID = id
	if s.m.Length == 1 {
		s.m.FirstID = id
	}
	return nil
}

// Entry returns the field value pairs of the entry id, and whether it
// exists.
func (s *Stream) Entry(id StreamID) ([][]byte, bool, error) {
	v, ok, err := s.get(entryElement(nil, id))
	if err != nil || !ok {
		return nil, false, err
	}
	pairs, err := decodeEntry(v)
	return pairs, err == nil, err
}

func decodeEntry(v []byte) ([][]byte, error) {
	r := fieldReader{b: v}
	pairs := r.list()
	if r.bad || len(r.b) != 0 || len(pairs)%2 != 0 {
		return nil, persistence.ErrCorrupt
	}
	return pairs, nil
}

// Range calls fn for the entries from start to end (both included), in ID
// order or in reverse, until fn returns false. The pairs are fn's to keep.
func (s *Stream) Range(start, end StreamID, reverse bool, fn func(id StreamID, pairs [][]byte) bool) error {
	if start.Compare(end) > 0 || s.m.Length == 0 {
		return nil
	}
	var bad error
	err := s.scan(entryElement(nil, start), entryBound(end), reverse, func(e, v []byte) bool {
		id, ok := readStreamID(e[1:])
		pairs, err := decodeEntry(v)
		if !ok || err != nil {
			bad = persistence.ErrCorrupt
			return false
		}
		return fn(id, pairs)
	})
	if err == nil {
		err = bad
	}
	return err
}

// First returns the first entry's ID, and false if the stream is empty.
func (s *Stream) First() (StreamID, bool, error) { return s.edge(false) }

// Last returns the last entry's ID, and false if the stream is empty.
func (s *Stream) Last() (StreamID, bool, error) { return s.edge(true) }

func (s *Stream) edge(last bool) (StreamID, bool, error) {
	var (
		id    StreamID
		found bool
	)
	err := s.Range(StreamID{}, MaxStreamID, last, func(i StreamID, _ [][]byte) bool {
		id, found = i, true
		return false
	})
	return id, found, err
}

// Delete deletes the entry id as XDEL does and reports whether it existed:
// the largest deleted ID and the first ID follow.
func (s *Stream) Delete(id StreamID) (bool, error) {
	e := entryElement(nil, id)
	if _, ok, err := s.get(e); err != nil || !ok {
		return false, err
	}
	n, err := s.nodeOf(id)
	if err != nil {
		return false, err
	}
	s.del(e)
	s.count--
	s.m.Length--
	if n.live == 1 {
		if err := s.dropNode(n); err != nil {
			return false, err
		}
	} else {
		n.setCounts(n.live-1, n.deleted+1)
		s.putNode(n)
	}
	if id.Compare(s.m.MaxDeleted) > 0 {
		s.m.MaxDeleted = id
	}
	if id == s.m.FirstID || s.m.Length == 0 {
		if err := s.refreshFirst(); err != nil {
			return false, err
		}
	}
	return true, nil
}

// refreshFirst sets the recorded first ID to the first entry's (0-0 when
// the stream is empty).
func (s *Stream) refreshFirst() error {
	if s.m.Length == 0 {
		s.m.FirstID = StreamID{}
		return nil
	}
	id, _, err := s.First()
	s.m.FirstID = id
	return err
}

// StreamTrim says how XADD and XTRIM trim: by length (MaxLen) or by ID
// (MinID), exactly or only whole nodes (Approx), removing at most Limit
// entries (0: no limit).
type StreamTrim struct {
	ByMinID bool
	MaxLen  int64
	MinID   StreamID
	Approx  bool
	Limit   int64
}

// Trim removes entries from the start of the stream as Redis's streamTrim
// does, node by node, and returns how many it removed.
func (s *Stream) Trim(tr StreamTrim) (int64, error) {
	var (
		removed int64
		from    StreamID
	)
	for {
		if !tr.ByMinID && s.m.Length <= tr.MaxLen {
			break
		}
		n, ok, err := s.nodeFrom(from)
		if err != nil {
			return removed, err
		}
		if !ok {
			break
		}
		if tr.Limit > 0 && removed+n.live > tr.Limit {
			break
		}
		var whole bool
		if tr.ByMinID {
			whole = n.last.Compare(tr.MinID) < 0
		} else {
			whole = s.m.Length-n.live >= tr.MaxLen
		}
		if whole {
			s.t.b().DeleteElementRange(s.ks.phys, s.o.Version, entryElement(nil, n.master), entryBound(n.last))
			s.count -= n.live
			s.m.Length -= n.live
			removed += n.live
			if err := s.dropNode(n); err != nil {
				return removed, err
			}
			next, ok := n.master.Next()
			if !ok {
				break
			}
			from = next
			continue
		}
		if tr.Approx {
			break
		}
		k, err := s.trimInside(n, tr)
		removed += k
		if err != nil {
			return removed, err
		}
		break
	}
	return removed, s.refreshFirst()
}

// trimInside deletes the entries of node n from its start while the trim
// asks for it, and returns how many it deleted.
func (s *Stream) trimInside(n *streamNode, tr StreamTrim) (int64, error) {
	var doomed []StreamID
	length := s.m.Length
	err := s.Range(n.master, n.last, false, func(id StreamID, _ [][]byte) bool {
		if tr.ByMinID && id.Compare(tr.MinID) >= 0 || !tr.ByMinID && length <= tr.MaxLen {
			return false
		}
		doomed = append(doomed, id)
		length--
		return true
	})
	if err != nil {
		return 0, err
	}
	for _, id := range doomed {
		s.del(entryElement(nil, id))
	}
	k := int64(len(doomed))
	s.count -= k
	s.m.Length -= k
	n.setCounts(n.live-k, n.deleted+k)
	s.putNode(n)
	return k, nil
}

// EachRecord calls fn for every element record of the stream, in element
// order, until fn returns false (DUMP).
func (s *Stream) EachRecord(fn func(e, v []byte) bool) error {
	return s.scan(nil, nil, false, fn)
}

// sameFields reports whether the fields of pairs are exactly fields.
func sameFields(fields, pairs [][]byte) bool {
	if len(fields)*2 != len(pairs) {
		return false
	}
	for i, f := range fields {
		if !bytes.Equal(f, pairs[2*i]) {
			return false
		}
	}
	return true
}

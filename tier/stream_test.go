package tier

import (
	"fmt"
	"slices"
	"testing"
)

// streamIn returns the handle of the stream at key (a new one if none).
func streamIn(t *testing.T, txn *Txn, key string) *Stream {
	t.Helper()
	o, err := txn.Get(0, []byte(key))
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	if o == nil {
		return txn.NewStream(0, []byte(key))
	}
	s, err := txn.Stream(0, []byte(key), o)
	if err != nil {
		t.Fatalf("stream %s: %v", key, err)
	}
	return s
}

// withStream runs fn on the stream at key in one committed Txn, saving it.
func withStream(t *testing.T, st *Store, key string, fn func(s *Stream) error) {
	t.Helper()
	run(t, st, []string{key}, func(txn *Txn) error {
		s := streamIn(t, txn, key)
		if err := fn(s); err != nil {
			return err
		}
		return s.Save()
	})
}

// streamIDs lists the entry IDs of the stream at key.
func streamIDs(t *testing.T, st *Store, key string) []StreamID {
	t.Helper()
	var ids []StreamID
	run(t, st, []string{key}, func(txn *Txn) error {
		return streamIn(t, txn, key).Range(StreamID{}, MaxStreamID, false, func(id StreamID, _ [][]byte) bool {
			ids = append(ids, id)
			return true
		})
	})
	return ids
}

// checkRecords fails unless the stream's Count is its number of records.
func checkRecords(t *testing.T, st *Store, key string) {
	t.Helper()
	run(t, st, []string{key}, func(txn *Txn) error {
		s := streamIn(t, txn, key)
		var n int64
		if err := s.EachRecord(func(_, _ []byte) bool { n++; return true }); err != nil {
			return err
		}
		if n != s.o.Count {
			t.Errorf("%s: Count %d, %d records", key, s.o.Count, n)
		}
		return nil
	})
}

func ids(ms ...uint64) []StreamID {
	out := make([]StreamID, len(ms))
	for i, m := range ms {
		out[i] = StreamID{m, 0}
	}
	return out
}

// Ensure that entries are added, read in both directions, deleted and
// trimmed as Redis does, node by node, and that the metadata follows.
func TestStream_AddDeleteTrim(t *testing.T) {
	st := openTestStore(t, "", nil)
	lim := StreamNodeLimits{MaxEntries: 3}
	withStream(t, st, "s", func(s *Stream) error {
		for i := uint64(1); i <= 10; i++ {
			if err := s.Add(StreamID{i, 0}, [][]byte{[]byte("f"), []byte(fmt.Sprint(i))}, lim); err != nil {
				return err
			}
		}
		return nil
	})
	if got := streamIDs(t, st, "s"); !slices.Equal(got, ids(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)) {
		t.Fatalf("after adding: %v", got)
	}
	checkRecords(t, st, "s")
	withStream(t, st, "s", func(s *Stream) error {
		if m := s.Meta(); m.Nodes != 4 || m.TailNode != (StreamID{10, 0}) || m.Length != 10 || m.EntriesAdded != 10 {
			t.Errorf("meta after adding: %+v", m)
		}
		for _, id := range ids(1, 5, 99) {
			if _, err := s.Delete(id); err != nil {
				return err
			}
		}
		m := s.Meta()
		if m.FirstID != (StreamID{2, 0}) || m.MaxDeleted != (StreamID{5, 0}) || m.Length != 8 {
			t.Errorf("meta after XDEL: %+v", m)
		}
		// Approximate: whole nodes only ([1..3] holds 2, [4..6] 2 entries).
		n, err := s.Trim(StreamTrim{MaxLen: 5, Approx: true})
		if err != nil || n != 2 {
			t.Errorf("MAXLEN ~ 5 trimmed %d, %v; want the first node's 2", n, err)
		}
		// Exact: into the node.
		if n, err = s.Trim(StreamTrim{ByMinID: true, MinID: StreamID{8, 0}}); err != nil || n != 3 {
			t.Errorf("MINID 8 trimmed %d, %v; want 3", n, err)
		}
		if m := s.Meta(); m.FirstID != (StreamID{8, 0}) || m.Length != 3 || m.Nodes != 2 {
			t.Errorf("meta after trimming: %+v", m)
		}
		var rev []StreamID
		err = s.Range(StreamID{9, 0}, MaxStreamID, true, func(id StreamID, _ [][]byte) bool { rev = append(rev, id); return true })
		if err != nil || !slices.Equal(rev, ids(10, 9)) {
			t.Errorf("reverse range: %v, %v", rev, err)
		}
		return nil
	})
	checkRecords(t, st, "s")
	withStream(t, st, "s", func(s *Stream) error {
		for _, id := range ids(8, 9, 10) {
			if _, err := s.Delete(id); err != nil {
				return err
			}
		}
		if m := s.Meta(); m.Length != 0 || m.Nodes != 0 || !m.FirstID.IsZero() || m.LastID != (StreamID{10, 0}) {
			t.Errorf("meta of the emptied stream: %+v", m)
		}
		return nil
	})
	checkRecords(t, st, "s")
}

// Ensure that groups, consumers and pending entries keep their counts and
// records consistent through delivery, claims, acknowledgement and
// deletion.
func TestStream_GroupsAndPending(t *testing.T) {
	st := openTestStore(t, "", nil)
	withStream(t, st, "s", func(s *Stream) error {
		for i := uint64(1); i <= 5; i++ {
			if err := s.Add(StreamID{i, 0}, [][]byte{[]byte("f"), []byte("v")}, StreamNodeLimits{}); err != nil {
				return err
			}
		}
		g, err := s.CreateGroup([]byte("g"), StreamID{}, -1)
		if err != nil || g == nil {
			return fmt.Errorf("create group: %v, %v", g, err)
		}
		a, b := s.CreateConsumer(g, []byte("a"), 1), s.CreateConsumer(g, []byte("b"), 1)
		for i := uint64(1); i <= 4; i++ {
			k := a
			if i%2 == 0 {
				k = b
			}
			if err := s.PutNACK(g, &StreamNACK{ID: StreamID{i, 0}, DeliveryTime: 5, DeliveryCount: 1}, k); err != nil {
				return err
			}
		}
		return nil
	})
	checkRecords(t, st, "s")
	withStream(t, st, "s", func(s *Stream) error {
		g, err := s.Group([]byte("g"))
		if err != nil || g == nil || g.Pending != 4 || g.Consumers != 2 {
			return fmt.Errorf("group: %+v, %v", g, err)
		}
		a, _ := s.Consumer(g, []byte("a"))
		b, _ := s.Consumer(g, []byte("b"))
		n, err := s.NACK(g, StreamID{1, 0})
		if err != nil || n == nil {
			return fmt.Errorf("NACK 1: %v, %v", n, err)
		}
		if err := s.PutNACK(g, n, b); err != nil { // a claim
			return err
		}
		if a.Pending != 1 || b.Pending != 3 {
			t.Errorf("after the claim: a %d, b %d pending", a.Pending, b.Pending)
		}
		var ofB []StreamID
		err = s.EachNACK(g, b, StreamID{}, MaxStreamID, false, func(n *StreamNACK) bool { ofB = append(ofB, n.ID); return true })
		if err != nil || !slices.Equal(ofB, ids(1, 2, 4)) {
			t.Errorf("b's pending entries: %v, %v", ofB, err)
		}
		if err := s.DeleteNACK(g, n); err != nil { // an acknowledgement
			return err
		}
		return s.DeleteConsumer(g, b)
	})
	checkRecords(t, st, "s")
	withStream(t, st, "s", func(s *Stream) error {
		g, _ := s.Group([]byte("g"))
		if g.Pending != 1 || g.Consumers != 1 {
			t.Errorf("after deleting b: %+v", g)
		}
		s.DestroyGroup(g)
		return nil
	})
	checkRecords(t, st, "s")
	withStream(t, st, "s", func(s *Stream) error {
		if m := s.Meta(); m.Groups != 0 {
			t.Errorf("groups after DESTROY: %d", m.Groups)
		}
		return nil
	})
}

// Ensure that a stream's records rebuild the same stream (RESTORE), and
// that inconsistent records are refused.
func TestStream_NewStreamObject(t *testing.T) {
	st := openTestStore(t, "", nil)
	withStream(t, st, "s", func(s *Stream) error {
		if err := s.Add(StreamID{1, 1}, [][]byte{[]byte("f"), []byte("v")}, StreamNodeLimits{}); err != nil {
			return err
		}
		g, err := s.CreateGroup([]byte("g"), StreamID{1, 1}, 1)
		if err != nil {
			return err
		}
		return s.PutNACK(g, &StreamNACK{ID: StreamID{1, 1}}, s.CreateConsumer(g, []byte("c"), 1))
	})
	var header []byte
	var records [][2][]byte
	run(t, st, []string{"s"}, func(txn *Txn) error {
		s := streamIn(t, txn, "s")
		header = s.o.Header
		return s.EachRecord(func(e, v []byte) bool {
			records = append(records, [2][]byte{slices.Clone(e), slices.Clone(v)})
			return true
		})
	})
	o, err := NewStreamObject(header, records)
	if err != nil {
		t.Fatalf("NewStreamObject: %v", err)
	}
	run(t, st, []string{"r"}, func(txn *Txn) error { return txn.Put(0, []byte("r"), o) })
	if got := streamIDs(t, st, "r"); !slices.Equal(got, []StreamID{{1, 1}}) {
		t.Errorf("restored entries: %v", got)
	}
	checkRecords(t, st, "r")
	for name, bad := range map[string][][2][]byte{
		"no marker":       records[1:],
		"out of order":    append([][2][]byte{records[1]}, records...),
		"missing entry":   slices.DeleteFunc(slices.Clone(records), func(r [2][]byte) bool { return r[0][0] == streamFamEntry }),
		"missing pending": slices.DeleteFunc(slices.Clone(records), func(r [2][]byte) bool { return r[0][0] == streamFamPEL }),
	} {
		if _, err := NewStreamObject(header, bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Ensure that listpack sizes follow listpack's encoding rules.
func TestStream_ListpackSizes(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int64
	}{
		{"0", 2}, {"127", 2}, {"128", 3}, {"-1", 3}, {"4095", 3}, {"4096", 4}, {"-32768", 4},
		{"8388607", 5}, {"2147483647", 6}, {"2147483648", 10}, {"007", 5}, {"", 2},
		{"abc", 5}, {string(make([]byte, 63)), 65}, {string(make([]byte, 64)), 67}, {string(make([]byte, 200)), 204},
	} {
		if got := lpStringSize([]byte(tc.s)); got != tc.want {
			t.Errorf("lpStringSize(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

// Ensure that the radix tree count matches Redis's for simple key sets.
func TestStream_RaxCount(t *testing.T) {
	key := func(ms, seq uint64) [16]byte {
		var k [16]byte
		copy(k[:], appendStreamID(nil, StreamID{ms, seq}))
		return k
	}
	for _, tc := range []struct {
		keys [][16]byte
		want int64
	}{
		{[][16]byte{key(5, 10)}, 2},
		{[][16]byte{key(5, 10), key(5, 11)}, 4},
		{[][16]byte{key(1, 0), key(2, 0), key(3, 0)}, 8}, // redis-server 7.0.15 says so
	} {
		if got := raxCount(tc.keys, 0); got != tc.want {
			t.Errorf("raxCount(%v) = %d, want %d", tc.keys, got, tc.want)
		}
	}
}

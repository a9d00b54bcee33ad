package tier

import (
	"encoding/binary"
	"fmt"

	"github.com/tierdb/tierdb/persistence"
)

// Lists. Element i of a list (0 is the head) is stored under its position
// head+i, as 8 big-endian bytes, so that byte order is list order; head is
// the list's Header (8 big-endian bytes) and Count its length, so the
// elements occupy the positions [head, head+Count) with no gap.
//
// Why positions: the ends of a list are where it changes (LPUSH, RPOP,
// LMOVE), and with positions a push is head-1 or head+Count, a pop deletes
// one of those, LINDEX and LSET are one point read or write, LRANGE is one
// bounded range read, and LTRIM deletes each trimmed end with one range
// deletion: no command rewrites what it does not change. A list starts at
// listOrigin, the middle of the uint64 range, so that 2^63 pushes fit on
// either side. LINSERT and LREM keep the positions contiguous by shifting
// the elements on the shorter side of the change (Redis is O(N) there too).
//
// A list of at most loadMax elements is loaded into a listElems, a deque
// whose pushes and pops at both ends are O(1); a bigger one is served by
// point and bounded range reads, and one that grows past unloadAbove is
// dropped from memory (collection.go).

// listOrigin is the position of the first element of a new list.
const listOrigin = uint64(1) << 63

// listChunk is how many elements a read of an element-cold list copies at
// a time, so that the caller may write to the Txn's batch between chunks.
const listChunk = 256

// listPointDeletes is the number of popped elements up to which each gets
// a point deletion; more get one range deletion.
const listPointDeletes = 8

// listElems is a list's elements loaded in memory: items[off:], with room
// before off for pushes at the head.
type listElems struct {
	items [][]byte
	off   int
}

func (e *listElems) len() int { return len(e.items) - e.off }

func (e *listElems) clone() loadedElems {
	c := &listElems{items: make([][]byte, e.len())}
	for i, v := range e.live() {
		c.items[i] = append(make([]byte, 0, len(v)), v...)
	}
	return c
}

// store writes the elements from listOrigin on: the Header of a list built
// in memory (NewListObject) is listOrigin.
func (e *listElems) store(b *persistence.Batch, phys uint32, version uint64) {
	var buf []byte
	for i, v := range e.live() {
		buf = listElement(buf[:0], listOrigin+uint64(i))
		b.PutElement(phys, version, buf, v)
	}
}

// each gives the elements in order, as (element, nil).
func (e *listElems) each(fn func(a, b []byte) bool) {
	for _, v := range e.live() {
		if !fn(v, nil) {
			return
		}
	}
}

// live is the elements, head first.
func (e *listElems) live() [][]byte { return e.items[e.off:] }

func (e *listElems) pushFront(v []byte) {
	if e.off == 0 {
		n := e.len()
		gap := max(n, 8)
		items := make([][]byte, gap+n)
		copy(items[gap:], e.items)
		e.items, e.off = items, gap
	}
	e.off--
	e.items[e.off] = v
}

func (e *listElems) pushBack(v []byte) {
	if len(e.items) == cap(e.items) && e.off > 0 && e.off >= e.len() {
		// Mostly dead room at the head (a queue): reuse it rather than grow.
		n := copy(e.items, e.live())
		clear(e.items[n:])
		e.items, e.off = e.items[:n], 0
	}
	e.items = append(e.items, v)
}

// popFront and popBack drop k elements from one end.
func (e *listElems) popFront(k int) {
	clear(e.items[e.off : e.off+k])
	e.off += k
	if e.off == len(e.items) {
		e.items, e.off = e.items[:0], 0
	}
}

func (e *listElems) popBack(k int) {
	n := len(e.items) - k
	clear(e.items[n:])
	e.items = e.items[:n]
}

// listElems returns o's loaded elements, nil when o is element-cold.
func (o *Object) listElems() *listElems {
	e, _ := o.elems.(*listElems)
	return e
}

// listElement appends the element bytes of position p to dst.
func listElement(dst []byte, p uint64) []byte { return binary.BigEndian.AppendUint64(dst, p) }

// listHeader is the Header of a list whose first element is at head.
func listHeader(head uint64) []byte { return binary.BigEndian.AppendUint64(nil, head) }

// NewListObject returns a list holding elems (copied) in order, not yet
// stored: its first Put gives it a version and writes every element.
// RESTORE builds lists this way. elems must not be empty.
func NewListObject(elems [][]byte) *Object {
	e := &listElems{items: make([][]byte, len(elems))}
	o := &Object{Kind: KindList, Header: listHeader(listOrigin), elems: e, Count: int64(len(elems))}
	for i, v := range elems {
		e.items[i] = append(make([]byte, 0, len(v)), v...)
		o.elemBytes += int64(len(v)) + elementOverhead
	}
	return o
}

// List is the typed handle of one list key within a Txn: every read and
// change of a list goes through it, whichever tier its elements are in.
// Indexes are 0 for the head to Len()-1 for the tail; callers turn Redis's
// negative indexes into these and check the bounds. The caller holds the
// key's shard lock, as for the Txn. Values a List returns are valid until
// its next change and must not be modified.
type List struct {
	handle
	head uint64
}

// List returns the handle of the list o that Get or Peek found at key in
// database db. A list of at most loadMax elements whose key is in the hot
// set is loaded into memory now.
func (t *Txn) List(db int, key []byte, o *Object) (*List, error) {
	if err := checkKind(key, o, KindList, "a list"); err != nil {
		return nil, err
	}
	if len(o.Header) != 8 {
		return nil, fmt.Errorf("tier: list %q: header of %d bytes: %w", key, len(o.Header), persistence.ErrCorrupt)
	}
	l := &List{handle: t.handle(db, key, o), head: binary.BigEndian.Uint64(o.Header)}
	if l.loadable() {
		if err := l.load(); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// NewList returns the handle of a new, empty list for key in database db,
// where no live key is. Nothing is stored until the first Push.
func (t *Txn) NewList(db int, key []byte) *List {
	o := &Object{Kind: KindList, Header: listHeader(listOrigin), elems: &listElems{}}
	return &List{handle: t.handle(db, key, o), head: listOrigin}
}

// element returns the element bytes of index i, in the handle's buffer.
func (l *List) element(i int64) []byte {
	l.buf = listElement(l.buf[:0], l.head+uint64(i))
	return l.buf
}

// load reads every element into memory.
func (l *List) load() error {
	e := &listElems{items: make([][]byte, 0, l.o.Count)}
	var size int64
	err := l.walk(0, l.o.Count, false, func(_ int64, v []byte) bool {
		e.items = append(e.items, append(make([]byte, 0, len(v)), v...))
		size += int64(len(v)) + elementOverhead
		return true
	})
	if err != nil {
		return err
	}
	l.o.elems, l.o.elemBytes = e, size
	l.reaccount()
	return nil
}

// walk calls fn for the elements of indexes [from, to), ascending or, with
// reverse, descending, until fn returns false. An element-cold list is
// read with one bounded range read; the values are valid only during fn,
// which must not change the list (walkCopies is for callers that do).
func (l *List) walk(from, to int64, reverse bool, fn func(i int64, v []byte) bool) error {
	if l.o.loaded() || to-from <= 1 {
		return l.walkCopies(from, to, reverse, fn)
	}
	r, err := l.t.rangeReader()
	if err != nil {
		return err
	}
	i, step := from, int64(1)
	if reverse {
		i, step = to-1, -1
	}
	var bad error
	stopped := false
	err = r.RangeElements(l.ks.phys, l.o.Version, l.posBytes(from), l.posBytes(to), reverse, func(e, v []byte) bool {
		if len(e) != 8 || int64(binary.BigEndian.Uint64(e)-l.head) != i {
			bad = l.corrupt(i)
			return false
		}
		idx := i
		i += step
		stopped = !fn(idx, v)
		return !stopped
	})
	switch {
	case err != nil:
		return err
	case bad != nil:
		return bad
	case !stopped && ((!reverse && i != to) || (reverse && i != from-1)):
		return l.corrupt(i)
	}
	return nil
}

// posBytes is the element bytes of index i, in a new slice.
func (l *List) posBytes(i int64) []byte { return listElement(nil, l.head+uint64(i)) }

// walkCopies is walk giving fn copies of the values of an element-cold
// list, read listChunk at a time, so that fn may change the list's elements
// on disk (not in memory) at indexes already visited.
func (l *List) walkCopies(from, to int64, reverse bool, fn func(i int64, v []byte) bool) error {
	if e := l.o.listElems(); e != nil {
		live := e.live()
		for k := range to - from {
			i := from + k
			if reverse {
				i = to - 1 - k
			}
			if !fn(i, live[i]) {
				return nil
			}
		}
		return nil
	}
	if from >= to {
		return nil
	}
	r, err := l.t.rangeReader()
	if err != nil {
		return err
	}
	var chunk [][]byte
	for done := int64(0); done < to-from; {
		n := min(to-from-done, listChunk)
		lo := from + done
		if reverse {
			lo = to - done - n
		}
		if chunk, err = l.readChunk(r, lo, n, chunk[:0]); err != nil {
			return err
		}
		for k := range n {
			i, v := lo+k, chunk[k]
			if reverse {
				i, v = lo+n-1-k, chunk[n-1-k]
			}
			if !fn(i, v) {
				return nil
			}
		}
		done += n
	}
	return nil
}

// readChunk appends copies of the n elements from index lo on to dst.
func (l *List) readChunk(r persistence.ElementRangeReader, lo, n int64, dst [][]byte) ([][]byte, error) {
	if n == 1 {
		v, ok, err := r.GetElement(l.ks.phys, l.o.Version, l.element(lo))
		if err == nil && !ok {
			err = l.corrupt(lo)
		}
		return append(dst, v), err
	}
	first := len(dst)
	err := r.RangeElements(l.ks.phys, l.o.Version, l.posBytes(lo), l.posBytes(lo+n), false, func(_, v []byte) bool {
		dst = append(dst, append(make([]byte, 0, len(v)), v...))
		return true
	})
	if err == nil && int64(len(dst)-first) != n {
		err = l.corrupt(lo + int64(len(dst)-first))
	}
	return dst, err
}

func (l *List) corrupt(i int64) error {
	return fmt.Errorf("tier: list %q: no element %d of %d: %w", l.key, i, l.o.Count, persistence.ErrCorrupt)
}

// Index returns the element at index i (0 ≤ i < Len).
func (l *List) Index(i int64) ([]byte, error) {
	if e := l.o.listElems(); e != nil {
		return e.live()[i], nil
	}
	r, err := l.t.elemReader()
	if err != nil {
		return nil, err
	}
	v, ok, err := r.GetElement(l.ks.phys, l.o.Version, l.element(i))
	if err == nil && !ok {
		err = l.corrupt(i)
	}
	return v, err
}

// Range calls fn for the elements of indexes [from, to) (0 ≤ from ≤ to ≤
// Len), head to tail or, with reverse, tail to head, until fn returns false.
// It reads only those elements. The values are valid only during fn, which
// must not change the list.
func (l *List) Range(from, to int64, reverse bool, fn func(i int64, v []byte) bool) error {
	return l.walk(from, to, reverse, fn)
}

// Each calls fn for every element, head to tail, until fn returns false,
// as Range does.
func (l *List) Each(fn func(v []byte) bool) error {
	return l.walk(0, l.o.Count, false, func(_ int64, v []byte) bool { return fn(v) })
}

// Push adds vals (copied) one by one at the head (left) or at the tail,
// creating the key if the list is new: LPUSH k a b leaves b first.
func (l *List) Push(left bool, vals ...[]byte) error {
	if err := l.ensureVersion(); err != nil {
		return err
	}
	b := l.t.b()
	e := l.o.listElems()
	for _, v := range vals {
		var p uint64
		if left {
			l.head--
			p = l.head
		} else {
			p = l.head + uint64(l.o.Count)
		}
		l.buf = listElement(l.buf[:0], p)
		b.PutElement(l.ks.phys, l.o.Version, l.buf, v)
		l.o.Count++
		if e != nil {
			c := append(make([]byte, 0, len(v)), v...)
			if left {
				e.pushFront(c)
			} else {
				e.pushBack(c)
			}
			l.o.elemBytes += int64(len(v)) + elementOverhead
		}
	}
	return l.store()
}

// store records a change of the list: its Header and Count (or the key's
// deletion once it is empty, as in Redis) and its footprint.
func (l *List) store() error {
	if l.o.Count == 0 {
		return l.t.remove(l.db, l.key, l.o)
	}
	if l.o.loaded() && l.o.Count > unloadAbove {
		l.o.unload()
	}
	l.o.Header = listHeader(l.head)
	return l.t.Put(l.db, l.key, l.o)
}

// Pop removes up to n elements from the head (left) or the tail and calls
// fn for each, in the order they are popped (the values are valid only
// during fn). Popping the last element deletes the key.
func (l *List) Pop(left bool, n int64, fn func(v []byte)) error {
	k := min(n, l.o.Count)
	if k <= 0 {
		return nil
	}
	from := int64(0)
	if !left {
		from = l.o.Count - k
	}
	err := l.walk(from, from+k, !left, func(_ int64, v []byte) bool {
		fn(v)
		return true
	})
	if err != nil {
		return err
	}
	l.deleteRange(from, from+k)
	if e := l.o.listElems(); e != nil {
		for _, v := range e.live()[from : from+k] {
			l.o.elemBytes -= int64(len(v)) + elementOverhead
		}
		if left {
			e.popFront(int(k))
		} else {
			e.popBack(int(k))
		}
	}
	if left {
		l.head += uint64(k)
	}
	l.o.Count -= k
	return l.store()
}

// deleteRange deletes the elements of indexes [from, to) on disk: a point
// deletion each when they are few, else one range deletion. Nothing is
// deleted when they are all the list has: removing the key drops them all.
func (l *List) deleteRange(from, to int64) {
	if from >= to || to-from == l.o.Count {
		return
	}
	b := l.t.b()
	if to-from <= listPointDeletes {
		for i := from; i < to; i++ {
			b.DeleteElement(l.ks.phys, l.o.Version, l.element(i))
		}
		return
	}
	b.DeleteElementRange(l.ks.phys, l.o.Version, listElement(nil, l.head+uint64(from)),
		listElement(nil, l.head+uint64(to)))
}

// Set replaces the element at index i (0 ≤ i < Len) with v (copied).
func (l *List) Set(i int64, v []byte) error {
	if e := l.o.listElems(); e != nil {
		live := e.live()
		l.o.elemBytes += int64(len(v) - len(live[i]))
		live[i] = append(make([]byte, 0, len(v)), v...)
	}
	l.t.b().PutElement(l.ks.phys, l.o.Version, l.element(i), v)
	return l.t.Put(l.db, l.key, l.o)
}

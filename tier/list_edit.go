package tier

import (
	"bytes"
	"slices"
)

// Changes inside a list: LTRIM drops its ends with (at most) two range
// deletions; LINSERT and LREM keep the positions contiguous by rewriting
// the elements on the shorter side of the change, each at its new position;
// LMOVE of a list onto itself moves one element from one end to the other.

// Trim keeps the elements of indexes [start, stop] and deletes the others;
// nothing left (start > stop, or start ≥ Len) deletes the key.
func (l *List) Trim(start, stop int64) error {
	n := l.o.Count
	if start > stop || start >= n {
		l.o.Count = 0
		return l.store()
	}
	start, stop = max(start, 0), min(stop, n-1)
	l.deleteRange(0, start)
	l.deleteRange(stop+1, n)
	if e := l.o.listElems(); e != nil {
		live := e.live()
		for _, v := range live[:start] {
			l.o.elemBytes -= int64(len(v)) + elementOverhead
		}
		for _, v := range live[stop+1:] {
			l.o.elemBytes -= int64(len(v)) + elementOverhead
		}
		e.popBack(int(n - 1 - stop))
		e.popFront(int(start))
	}
	l.head += uint64(start)
	l.o.Count = stop - start + 1
	return l.store()
}

// putAt writes v as the element of index i (relative to the current head)
// to the Txn's batch, using buf; it returns buf.
func (l *List) putAt(buf []byte, i int64, v []byte) []byte {
	buf = listElement(buf[:0], l.head+uint64(i))
	l.t.b().PutElement(l.ks.phys, l.o.Version, buf, v)
	return buf
}

// Insert inserts v (copied) so that it becomes the element of index i
// (0 ≤ i ≤ Len). The elements before i move one position toward the head,
// or those from i on one toward the tail, whichever are fewer.
func (l *List) Insert(i int64, v []byte) error {
	n := l.o.Count
	var buf []byte
	var err error
	if i <= n-i {
		err = l.walkCopies(0, i, false, func(j int64, x []byte) bool {
			buf = l.putAt(buf, j-1, x)
			return true
		})
		l.head--
	} else {
		err = l.walkCopies(i, n, true, func(j int64, x []byte) bool {
			buf = l.putAt(buf, j+1, x)
			return true
		})
	}
	if err != nil {
		return err
	}
	l.putAt(buf, i, v)
	if e := l.o.listElems(); e != nil {
		e.items = slices.Insert(e.live(), int(i), append(make([]byte, 0, len(v)), v...))
		e.off = 0
		l.o.elemBytes += int64(len(v)) + elementOverhead
	}
	l.o.Count++
	return l.store()
}

// RemoveMatching deletes the elements of indexes [first, last] for which
// match is true (it is called once for each, and must not change the list)
// and returns how many it deleted. The elements between the deleted ones
// and one end of the list (the nearer end) move up to close the gaps.
// Deleting every element deletes the key.
func (l *List) RemoveMatching(first, last int64, match func(v []byte) bool) (int64, error) {
	n := l.o.Count
	first, last = max(first, 0), min(last, n-1)
	if first > last {
		return 0, nil
	}
	e := l.o.listElems()
	var live [][]byte
	if e != nil {
		live = e.live()
	}
	var (
		removed int64
		buf     []byte
	)
	// keep moves the kept element x from index r to w, on disk and in memory.
	keep := func(r, w int64, x []byte) {
		if w != r {
			buf = l.putAt(buf, w, x)
			if live != nil {
				live[w] = x
			}
		}
	}
	drop := func(x []byte) {
		removed++
		if live != nil {
			l.o.elemBytes -= int64(len(x)) + elementOverhead
		}
	}
	towardTail := last+1 < n-first
	var err error
	if towardTail {
		w := last
		err = l.walkCopies(0, last+1, true, func(r int64, x []byte) bool {
			if r >= first && match(x) {
				drop(x)
				return true
			}
			keep(r, w, x)
			w--
			return true
		})
	} else {
		w := first
		err = l.walkCopies(first, n, false, func(r int64, x []byte) bool {
			if r <= last && match(x) {
				drop(x)
				return true
			}
			keep(r, w, x)
			w++
			return true
		})
	}
	if err != nil || removed == 0 {
		return removed, err
	}
	if towardTail {
		l.deleteRange(0, removed)
		if e != nil {
			e.popFront(int(removed))
		}
		l.head += uint64(removed)
	} else {
		l.deleteRange(n-removed, n)
		if e != nil {
			e.popBack(int(removed))
		}
	}
	l.o.Count -= removed
	return removed, l.store()
}

// Rotate moves the element at one end of the list (the head if fromLeft)
// to an end (the head if toLeft) and returns it (a copy): LMOVE of a list
// onto itself. Moving it to the end it came from, or rotating a list of
// one, changes nothing but is still a write of the key, as in Redis.
func (l *List) Rotate(fromLeft, toLeft bool) ([]byte, error) {
	n := l.o.Count
	i := int64(0)
	if !fromLeft {
		i = n - 1
	}
	v, err := l.Index(i)
	if err != nil {
		return nil, err
	}
	v = bytes.Clone(v)
	if fromLeft == toLeft || n == 1 {
		return v, l.t.Put(l.db, l.key, l.o)
	}
	l.t.b().DeleteElement(l.ks.phys, l.o.Version, l.element(i))
	e := l.o.listElems()
	if fromLeft {
		l.putAt(nil, n, v)
		l.head++
		if e != nil {
			e.popFront(1)
			e.pushBack(v)
		}
	} else {
		l.head--
		l.putAt(nil, 0, v)
		if e != nil {
			e.popBack(1)
			e.pushFront(v)
		}
	}
	return v, l.store()
}

package tier

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// listContent reads a whole list through its handle; nil when the key is
// absent.
func listContent(t *testing.T, s *Store, db int, key string) []string {
	t.Helper()
	return contentOf(t, s, db, key, func(txn *Txn) func(int, []byte, *Object) (*List, error) { return txn.List },
		func(l *List, fn func(v []byte) bool) error { return l.Each(fn) })
}

// checkListStored fails unless Pebble holds key's elements exactly at the
// positions [head, head+Count) with the values of want, and, if the list
// is hot and loaded, memory holds the same.
func checkListStored(t *testing.T, s *Store, db int, key string, want []string) {
	t.Helper()
	ks := s.keyspace(db)
	m, ok, err := s.db.GetMeta(ks.phys, []byte(key))
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		if ok {
			t.Fatalf("%s: an empty list is stored (count %d)", key, m.Count)
		}
		return
	}
	if !ok || m.Count != int64(len(want)) || len(m.Header) != 8 {
		t.Fatalf("%s: stored %v count %d header %x, want %d elements", key, ok, m.Count, m.Header, len(want))
	}
	head := binary.BigEndian.Uint64(m.Header)
	var got []string
	next := head
	err = s.db.ScanElements(ks.phys, m.Version, nil, func(e, v []byte) bool {
		if p := binary.BigEndian.Uint64(e); p != next {
			t.Errorf("%s: element at position %d, want %d", key, p, next)
		}
		next++
		got = append(got, string(v))
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s: Pebble holds %.200q, want %.200q", key, got, want)
	}
	var l LockSet
	l.Add([]byte(key))
	s.Lock(&l)
	defer s.Unlock(&l)
	if o := ks.hot[ShardOf([]byte(key))][key]; o != nil && o.loaded() {
		var mem []string
		for _, v := range o.listElems().live() {
			mem = append(mem, string(v))
		}
		if !slices.Equal(mem, want) {
			t.Fatalf("%s: memory holds %.200q, want %.200q", key, mem, want)
		}
	}
}

// listModel applies a random list operation to a slice, the way List
// should apply it to the store.
type listOp struct {
	name string
	do   func(l *List) error
	want func(m []string) []string
}

// randomListOp picks an operation for a list of n elements.
func randomListOp(r *rand.Rand, n int) listOp {
	val := fmt.Sprintf("v%d", r.IntN(6))
	idx := func() int64 { return int64(r.IntN(max(n, 1))) }
	switch op := r.IntN(9); {
	case op == 0 || n == 0:
		left := r.IntN(2) == 0
		vals := []string{val, fmt.Sprintf("w%d", r.IntN(100))}
		return listOp{fmt.Sprintf("push left=%v %q", left, vals), func(l *List) error {
			return l.Push(left, []byte(vals[0]), []byte(vals[1]))
		}, func(m []string) []string {
			if left {
				return append([]string{vals[1], vals[0]}, m...)
			}
			return append(m, vals...)
		}}
	case op == 1:
		left, k := r.IntN(2) == 0, int64(1+r.IntN(12))
		return listOp{fmt.Sprintf("pop left=%v %d", left, k), func(l *List) error {
			return l.Pop(left, k, func([]byte) {})
		}, func(m []string) []string {
			k := min(int(k), len(m))
			if left {
				return m[k:]
			}
			return m[:len(m)-k]
		}}
	case op == 2:
		i := idx()
		return listOp{fmt.Sprintf("set %d %q", i, val), func(l *List) error {
			return l.Set(i, []byte(val))
		}, func(m []string) []string { m[i] = val; return m }}
	case op == 3:
		i := int64(r.IntN(n + 1))
		return listOp{fmt.Sprintf("insert %d %q", i, val), func(l *List) error {
			return l.Insert(i, []byte(val))
		}, func(m []string) []string { return slices.Insert(m, int(i), val) }}
	case op == 4 || op == 5:
		a, b := idx(), idx()
		first, last := min(a, b), max(a, b)
		return listOp{fmt.Sprintf("remove %q in [%d,%d]", val, first, last), func(l *List) error {
			_, err := l.RemoveMatching(first, last, func(x []byte) bool { return string(x) == val })
			return err
		}, func(m []string) []string {
			var out []string
			for i, x := range m {
				if int64(i) < first || int64(i) > last || x != val {
					out = append(out, x)
				}
			}
			return out
		}}
	case op == 6:
		start, stop := int64(r.IntN(3)), int64(n-1-r.IntN(3))
		return listOp{fmt.Sprintf("trim %d %d", start, stop), func(l *List) error {
			return l.Trim(start, stop)
		}, func(m []string) []string {
			if start > stop || start >= int64(len(m)) {
				return nil
			}
			return m[start : stop+1]
		}}
	default:
		from, to := r.IntN(2) == 0, r.IntN(2) == 0
		return listOp{fmt.Sprintf("rotate %v→%v", from, to), func(l *List) error {
			_, err := l.Rotate(from, to)
			return err
		}, func(m []string) []string {
			if from == to || len(m) < 2 {
				return m
			}
			if from {
				return append(m[1:], m[0])
			}
			return append([]string{m[len(m)-1]}, m[:len(m)-1]...)
		}}
	}
}

// Ensure that random pushes, pops, sets, inserts, removals, trims and
// rotations give the model's list, stored at contiguous positions and in
// memory alike, for a list that stays loaded and one bigger than loadMax
// (element-cold), also after a reopen, with some operations in a Txn that
// fails (and changes nothing).
func TestList_RandomOpsMatchModel(t *testing.T) {
	for _, size := range []int{5, loadMax + 200} {
		t.Run(fmt.Sprint("size=", size), func(t *testing.T) {
			seed := rand.Uint64()
			t.Logf("seed %d", seed)
			r := rand.New(rand.NewPCG(seed, 1))
			dir := t.TempDir()
			s := openTestStore(t, dir, nil)
			var model []string
			init := make([][]byte, size)
			for i := range size {
				init[i] = fmt.Appendf(nil, "v%d", i%7)
				model = append(model, string(init[i]))
			}
			run(t, s, []string{"l"}, func(txn *Txn) error { return listIn(t, txn, 0, "l").Push(false, init...) })
			for i := range 300 {
				op := randomListOp(r, len(model))
				run(t, s, []string{"l"}, func(txn *Txn) error { return op.do(listIn(t, txn, 0, "l")) })
				model = op.want(slices.Clone(model))
				if len(model) == 0 {
					model = nil
				}
				checkListStored(t, s, 0, "l", model)
				if i%50 == 49 {
					s = reopen(t, s, dir)
				}
				if got := listContent(t, s, 0, "l"); !slices.Equal(got, model) {
					t.Fatalf("after op %d (%s): list %.200q, model %.200q", i, op.name, got, model)
				}
			}
			checkInvariants(t, s)
		})
	}
}

// Ensure that an element-cold list is never loaded by the handle's point
// and range operations, and that Range reads exactly the asked indexes in
// both directions.
func TestList_ColdStaysCold(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir, nil)
	n := loadMax + 1
	vals := make([][]byte, n)
	for i := range n {
		vals[i] = fmt.Appendf(nil, "e%d", i)
	}
	run(t, s, []string{"big"}, func(txn *Txn) error { return listIn(t, txn, 0, "big").Push(false, vals...) })
	s = reopen(t, s, dir)
	run(t, s, []string{"big"}, func(txn *Txn) error {
		l := listIn(t, txn, 0, "big")
		if l.o.loaded() {
			t.Fatal("a list of loadMax+1 elements was loaded")
		}
		if v, err := l.Index(4000); err != nil || string(v) != "e4000" {
			t.Errorf("Index(4000) = %q, %v", v, err)
		}
		var got []string
		err := l.Range(10, 10+listChunk+5, true, func(i int64, v []byte) bool {
			if string(v) != fmt.Sprint("e", i) {
				t.Errorf("Range: index %d holds %q", i, v)
			}
			got = append(got, string(v))
			return true
		})
		if err != nil || len(got) != listChunk+5 || got[0] != fmt.Sprint("e", 10+listChunk+4) || got[len(got)-1] != "e10" {
			t.Errorf("reverse Range: %d elements %q...%q, %v", len(got), got[0], got[len(got)-1], err)
		}
		if err := l.Push(true, []byte("head")); err != nil {
			return err
		}
		if err := l.Set(1, []byte("second")); err != nil {
			return err
		}
		if err := l.Pop(false, 3, func([]byte) {}); err != nil {
			return err
		}
		if l.o.loaded() {
			t.Error("writes loaded the cold list")
		}
		return nil
	})
	want := []string{"head", "second"}
	for i := 1; i < n-3; i++ {
		want = append(want, fmt.Sprint("e", i))
	}
	checkListStored(t, s, 0, "big", want)
}

// Ensure that a list restored in memory (NewListObject) is stored at
// listOrigin and reads back, and that a clone is independent.
func TestList_NewListObject(t *testing.T) {
	s := openTestStore(t, "", nil)
	o := NewListObject([][]byte{[]byte("a"), []byte("b"), []byte("c")})
	var seen []string
	o.EachLoaded(func(a, b []byte) bool {
		if b != nil {
			t.Errorf("EachLoaded gave %q as the second of a pair", b)
		}
		seen = append(seen, string(a))
		return true
	})
	if !slices.Equal(seen, []string{"a", "b", "c"}) {
		t.Errorf("EachLoaded: %q", seen)
	}
	c := o.elems.clone().(*listElems)
	c.live()[0][0] = 'x'
	if !bytes.Equal(o.listElems().live()[0], []byte("a")) {
		t.Error("clone shares element memory")
	}
	run(t, s, []string{"r"}, func(txn *Txn) error { return txn.Put(0, []byte("r"), o) })
	checkListStored(t, s, 0, "r", []string{"a", "b", "c"})
	run(t, s, []string{"r"}, func(txn *Txn) error { return listIn(t, txn, 0, "r").Push(true, []byte("z")) })
	checkListStored(t, s, 0, "r", []string{"z", "a", "b", "c"})
	checkInvariants(t, s)
}

// Ensure that the deque reuses the room popped at its head (a queue) and
// keeps its elements in order across front pushes.
func TestListElems_Deque(t *testing.T) {
	e := &listElems{}
	var model []string
	for i := range 2000 {
		switch i % 5 {
		case 0, 1:
			e.pushBack([]byte(fmt.Sprint(i)))
			model = append(model, fmt.Sprint(i))
		case 2:
			e.pushFront([]byte(fmt.Sprint(i)))
			model = append([]string{fmt.Sprint(i)}, model...)
		case 3:
			e.popFront(1)
			model = model[1:]
		}
	}
	var got []string
	for _, v := range e.live() {
		got = append(got, string(v))
	}
	if !slices.Equal(got, model) {
		t.Fatalf("deque %q, want %q", got, model)
	}
	for range 100000 {
		e.pushBack([]byte("q"))
		e.popFront(1)
	}
	if cap(e.items) > 4*len(model)+64 {
		t.Errorf("a queue of %d elements holds %d slots", e.len(), cap(e.items))
	}
}

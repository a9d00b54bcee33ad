package tier

import (
	"fmt"
	"testing"
)

// Ensure that the spill filter never forgets a key as it grows part by
// part, and that it answers no for most keys it never saw.
func TestSpillFilter_NoFalseNegatives(t *testing.T) {
	var f *spillFilter
	if f.mayHold(spillHash([]byte("x"))) {
		t.Fatal("nil filter holds a key")
	}
	f = new(spillFilter)
	const n = 20000
	for i := range n {
		f.add(spillHash([]byte(fmt.Sprintf("key:%d", i))))
	}
	for i := range n {
		if !f.mayHold(spillHash([]byte(fmt.Sprintf("key:%d", i)))) {
			t.Fatalf("key:%d added but not held", i)
		}
	}
	if len(f.parts) < 2 {
		t.Errorf("%d parts after %d keys, want it to have grown", len(f.parts), n)
	}
	fp := 0
	for i := range n {
		if f.mayHold(spillHash([]byte(fmt.Sprintf("other:%d", i)))) {
			fp++
		}
	}
	if fp > n/50 {
		t.Errorf("%d false positives in %d, want under 2%%", fp, n)
	}
}

// Ensure that spilled keys read back through the filter, that keys never
// stored are known absent without a Pebble read, and that FLUSHDB empties
// the filter.
func TestSpillFilter_Store(t *testing.T) {
	s := openTestStore(t, "", nil)
	setHotLimit(s, 20*keyCost, AllKeysLRU, 5)
	for i := range 200 {
		setKey(t, s, fmt.Sprintf("k%04d", i), fmt.Sprintf("value%05d", i), 0)
	}
	settle(t, s)
	setHotLimit(s, 0, AllKeysLRU, 5) // every read below stays cold
	for i := range 200 {
		key := fmt.Sprintf("k%04d", i)
		if o := getKey(t, s, key); o == nil || string(o.Str) != fmt.Sprintf("value%05d", i) {
			t.Fatalf("%s after spill: %+v", key, o)
		}
	}
	absent := func(key string) bool {
		var l LockSet
		l.Add([]byte(key))
		s.Lock(&l)
		defer s.Unlock(&l)
		return s.keyspace(0).surelyAbsent(ShardOf([]byte(key)), []byte(key))
	}
	for i := range 200 {
		if key := fmt.Sprintf("k%04d", i); !inMem(s, key) && absent(key) {
			t.Fatalf("spilled %s known absent", key)
		}
	}
	n := 0
	for i := range 1000 {
		if absent(fmt.Sprintf("never%d", i)) {
			n++
		}
	}
	if n < 950 {
		t.Errorf("%d of 1000 never-stored keys known absent, want nearly all", n)
	}
	var all LockSet
	all.AddAll()
	s.Lock(&all)
	txn := s.Begin(false)
	txn.FlushDB(0)
	if err := txn.Commit(); err != nil {
		t.Fatal(err)
	}
	s.Unlock(&all)
	for i := range NumShards {
		if s.keyspace(0).spilled[i] != nil {
			t.Fatalf("shard %d keeps its filter after FLUSHDB", i)
		}
	}
	if o := getKey(t, s, "k0000"); o != nil {
		t.Fatalf("k0000 after FLUSHDB: %+v", o)
	}
}

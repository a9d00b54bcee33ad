package tier

import (
	"fmt"
	"math"
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
		if !f.add(spillHash([]byte(fmt.Sprintf("key:%d", i))), math.MaxInt64) {
			t.Fatalf("key:%d refused without a bound", i)
		}
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

// Ensure that a shard's filter stays within its share of the hot set's
// budget: past it the shard gives the filter up, its cold keys become
// uncounted, and its spilled keys still read back (from Pebble).
func TestSpillFilter_BoundedByHotBudget(t *testing.T) {
	ks := newKeyspace(0, false)
	const shard = 3
	hotLimit := int64(NumShards * spillFilterShare * 4096) // 4 KB of bits for the shard
	kept := 0
	for i := 0; ks.spilled[shard] != nil || i == 0; i++ {
		ks.cold[shard]++
		ks.noteSpilled(shard, fmt.Sprintf("key:%d", i), hotLimit)
		if f := ks.spilled[shard]; f != nil {
			if b := f.bytes(); b > 4096 {
				t.Fatalf("filter of %d bytes after %d keys, over its 4096", b, i+1)
			}
			kept = i + 1
		}
		if i > 1<<20 {
			t.Fatal("the filter never reached its bound")
		}
	}
	// 4096 bytes of bits hold parts of 256, 512 and 1024 keys at 16 bits a
	// key (a few more keys pass as false positives); the next part would
	// not fit.
	if kept < 1792 || kept > 1792+1792/20 {
		t.Errorf("the filter took %d keys before it was given up, want about 1792", kept)
	}
	if ks.cold[shard] != coldUnknown {
		t.Errorf("cold count %d after the filter was given up, want unknown", ks.cold[shard])
	}
	if ks.surelyAbsent(shard, []byte("never stored")) {
		t.Error("a shard without its filter claims a key absent")
	}

	// In a store whose hot budget is tiny, a shard's filter takes its
	// floor of 2 KB (768 keys); 1000 keys spilled from one shard pass it.
	var keys []string
	for i := 0; len(keys) < 1000; i++ {
		if k := fmt.Sprintf("k%07d", i); ShardOf([]byte(k)) == shard {
			keys = append(keys, k)
		}
	}
	s := openTestStore(t, "", nil)
	setHotLimit(s, 20*keyCost, AllKeysLRU, 5)
	for i, k := range keys {
		setKey(t, s, k, fmt.Sprintf("value%05d", i), 0)
		if i == 500 {
			settle(t, s)
			if f := s.keyspace(0).spilled[shard]; f == nil || !f.mayHold(spillHash([]byte(keys[0]))) {
				t.Fatal("500 keys spilled from a shard: its filter is gone already")
			}
		}
	}
	settle(t, s)
	if c := s.keyspace(0).cold[shard]; c != coldUnknown {
		t.Fatalf("cold count %d after 1000 keys spilled from one shard, want the filter given up", c)
	}
	setHotLimit(s, 0, AllKeysLRU, 5)
	for i, k := range keys {
		if o := getKey(t, s, k); o == nil || string(o.Str) != fmt.Sprintf("value%05d", i) {
			t.Fatalf("%s after its shard gave up the filter: %+v", k, o)
		}
	}
}

package tier

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// Eviction, admission and the cold-read cache. The tests set the hot set's
// budget directly (setHotLimit) so that it is exact, and go through locked
// helpers because the background evictor runs at the same time.

// setHotLimit fixes the hot set's budget to n bytes under policy (and
// samples), as maxmemory would.
func setHotLimit(s *Store, n int64, policy Policy, samples int) {
	c := defaultEviction
	c.Policy, c.Samples = policy, samples
	s.max.Store(max(n, 1))
	s.base.Store(n)
	s.limit.Store(n)
	s.cold.resize(1<<20, true)
	s.SetEviction(c)
}

// locked runs fn in a Txn holding key's shard lock and commits it.
func locked(t *testing.T, s *Store, key string, fn func(txn *Txn) error) {
	t.Helper()
	var l LockSet
	l.Add([]byte(key))
	s.Lock(&l)
	defer s.Unlock(&l)
	txn := s.Begin(false)
	if err := fn(txn); err != nil {
		txn.Discard()
		t.Fatalf("%s: %v", key, err)
	}
	if err := txn.Commit(); err != nil {
		t.Fatalf("%s: commit: %v", key, err)
	}
}

func setKey(t *testing.T, s *Store, key, value string, expireAt int64) {
	t.Helper()
	locked(t, s, key, func(txn *Txn) error {
		o := NewString([]byte(value))
		o.ExpireAt = expireAt
		return txn.Put(0, []byte(key), o)
	})
}

// getKey reads key as a command does (an access); nil when absent.
func getKey(t *testing.T, s *Store, key string) *Object {
	t.Helper()
	var got *Object
	locked(t, s, key, func(txn *Txn) error {
		o, err := txn.Get(0, []byte(key))
		got = o
		return err
	})
	return got
}

// inMem reports whether key is in memory, under its lock.
func inMem(s *Store, key string) bool {
	var l LockSet
	l.Add([]byte(key))
	s.Lock(&l)
	defer s.Unlock(&l)
	return s.Begin(false).InMemory(0, []byte(key))
}

// settle evicts until the hot set is within its budget.
func settle(t *testing.T, s *Store) {
	t.Helper()
	for range 1000 {
		if s.UsedMemory() <= s.HotLimit() {
			return
		}
		if _, stuck := s.evictStep(1000, time.Time{}); stuck {
			return
		}
	}
	t.Fatalf("hot set still over budget: %d > %d", s.UsedMemory(), s.HotLimit())
}

// keyCost is what one test key of the helpers accounts (key "k0000", value
// of 10 bytes).
const keyCost = 5 + 10 + objectOverhead

// Ensure that under every policy with spill the hot set comes back within
// its budget and every key still reads with its value and TTL.
func TestEvict_SpillKeepsEveryKey(t *testing.T) {
	for _, p := range []Policy{AllKeysLRU, AllKeysLFU, AllKeysRandom, VolatileLRU, VolatileLFU, VolatileRandom, VolatileTTL} {
		t.Run(p.String(), func(t *testing.T) {
			clock := newTestClock(1_000_000)
			s := openTestStore(t, "", clock)
			setHotLimit(s, 20*keyCost, p, 5)
			for i := range 200 {
				setKey(t, s, fmt.Sprintf("k%04d", i), fmt.Sprintf("value%05d", i), 10_000_000+int64(i))
			}
			settle(t, s)
			if s.UsedMemory() > s.HotLimit() {
				t.Fatalf("used %d over limit %d", s.UsedMemory(), s.HotLimit())
			}
			if st := s.TierStats(); st.SpilledKeys < 150 || st.HotKeys > 20 || st.ColdKeys < 180 {
				t.Errorf("stats after eviction: %+v", st)
			}
			// Nothing may be promoted while checking, so that every read is cold.
			setHotLimit(s, 0, p, 5)
			for i := range 200 {
				key := fmt.Sprintf("k%04d", i)
				o := getKey(t, s, key)
				if o == nil || string(o.Str) != fmt.Sprintf("value%05d", i) || o.ExpireAt != 10_000_000+int64(i) {
					t.Fatalf("%s after eviction: %+v", key, o)
				}
			}
			if n := s.DBSize(0); n != 200 {
				t.Errorf("DBSize %d, want 200", n)
			}
		})
	}
}

// Ensure that LRU evicts the keys used least recently, LFU those used least
// often, volatile-ttl those nearest to expiry, and volatile-* only keys with
// a TTL.
func TestEvict_PolicyOrder(t *testing.T) {
	const n = 200
	for _, test := range []struct {
		policy Policy
		// prepare writes the keys; "keep" keys should stay, "go" keys leave.
		prepare func(t *testing.T, s *Store, clock *testClock)
	}{
		{AllKeysLRU, func(t *testing.T, s *Store, clock *testClock) {
			for i := range n {
				setKey(t, s, fmt.Sprintf("go%d", i), "0123456789", 0)
			}
			clock.advance(60_000)
			for i := range n {
				setKey(t, s, fmt.Sprintf("keep%d", i), "0123456789", 0)
			}
		}},
		{AllKeysLFU, func(t *testing.T, s *Store, clock *testClock) {
			for i := range n {
				setKey(t, s, fmt.Sprintf("go%d", i), "0123456789", 0)
				setKey(t, s, fmt.Sprintf("keep%d", i), "0123456789", 0)
			}
			for range 30 {
				for i := range n {
					getKey(t, s, fmt.Sprintf("keep%d", i))
				}
			}
		}},
		{VolatileLRU, func(t *testing.T, s *Store, clock *testClock) {
			for i := range n {
				setKey(t, s, fmt.Sprintf("keep%d", i), "0123456789", 0)
			}
			clock.advance(60_000)
			for i := range n {
				setKey(t, s, fmt.Sprintf("go%d", i), "0123456789", clock.now()+1_000_000)
			}
		}},
		{VolatileTTL, func(t *testing.T, s *Store, clock *testClock) {
			for i := range n {
				setKey(t, s, fmt.Sprintf("go%d", i), "0123456789", clock.now()+1_000+int64(i))
				setKey(t, s, fmt.Sprintf("keep%d", i), "0123456789", clock.now()+9_000_000+int64(i))
			}
		}},
		{VolatileRandom, func(t *testing.T, s *Store, clock *testClock) {
			for i := range n {
				setKey(t, s, fmt.Sprintf("keep%d", i), "0123456789", 0)
				setKey(t, s, fmt.Sprintf("go%d", i), "0123456789", clock.now()+1_000_000)
			}
		}},
	} {
		t.Run(test.policy.String(), func(t *testing.T) {
			clock := newTestClock(1_000_000)
			s := openTestStore(t, "", clock)
			setHotLimit(s, math.MaxInt64, test.policy, 5)
			test.prepare(t, s, clock)
			// Room for the keep keys only.
			limit := s.UsedMemory() / 2
			setHotLimit(s, limit, test.policy, 5)
			settle(t, s)
			keptHot, goneCold := 0, 0
			for i := range n {
				if inMem(s, fmt.Sprintf("keep%d", i)) {
					keptHot++
				}
				if !inMem(s, fmt.Sprintf("go%d", i)) {
					goneCold++
				}
			}
			min := n * 85 / 100
			if test.policy == VolatileLRU || test.policy == VolatileRandom {
				min = n // exact: the keep keys have no TTL
			}
			if keptHot < min || goneCold < min {
				t.Errorf("%d of %d keep keys hot, %d of %d go keys cold; want at least %d each",
					keptHot, n, goneCold, n, min)
			}
		})
	}
}

// Ensure that a volatile policy with no key that has a TTL, and noeviction,
// refuse to make room (OOM), and that an allkeys policy makes it.
func TestEvict_MakeRoom(t *testing.T) {
	s := openTestStore(t, "", nil)
	for i := range 100 {
		setKey(t, s, fmt.Sprintf("k%d", i), "0123456789", 0)
	}
	for _, test := range []struct {
		policy Policy
		want   error
	}{{NoEviction, ErrNoMemory}, {VolatileLRU, ErrNoMemory}, {VolatileTTL, ErrNoMemory}, {AllKeysLRU, nil}} {
		setHotLimit(s, 10*keyCost, test.policy, 5)
		err := s.MakeRoom()
		if err != test.want {
			t.Errorf("%s: MakeRoom = %v, want %v", test.policy, err, test.want)
		}
	}
	settle(t, s)
	if s.UsedMemory() > 10*keyCost {
		t.Errorf("used %d after allkeys-lru, limit %d", s.UsedMemory(), 10*keyCost)
	}
	setHotLimit(s, math.MaxInt64, NoEviction, 5)
	if err := s.MakeRoom(); err != nil {
		t.Errorf("unlimited: MakeRoom = %v", err)
	}
}

// Ensure that eviction-mode drop deletes keys as Redis does: counted as
// evicted, gone from disk, WATCHers told.
func TestEvict_Drop(t *testing.T) {
	s := openTestStore(t, "", nil)
	var told int
	s.SetEvictHook(func(ts []Touched) {
		for _, x := range ts {
			if x.Deleted {
				told++
			}
		}
	})
	for i := range 100 {
		setKey(t, s, fmt.Sprintf("k%d", i), "0123456789", 5_000_000_000_000)
	}
	c := defaultEviction
	c.Policy, c.Drop = AllKeysRandom, true
	s.SetEviction(c)
	s.max.Store(1)
	s.base.Store(10 * keyCost)
	s.limit.Store(10 * keyCost)
	settle(t, s)
	st := s.TierStats()
	if st.EvictedKeys < 85 || st.SpilledKeys != 0 || int64(told) != st.EvictedKeys {
		t.Errorf("stats %+v, hook told %d", st, told)
	}
	if n := s.DBSize(0); n != 100-st.EvictedKeys {
		t.Errorf("DBSize %d after %d evictions", n, st.EvictedKeys)
	}
}

// Ensure that a scan reading every cold key once does not push the working
// set out: cold keys are promoted by frequency, not by one read.
func TestAdmit_ScanResistance(t *testing.T) {
	s := openTestStore(t, "", nil)
	for i := range 2000 {
		setKey(t, s, fmt.Sprintf("cold%d", i), "0123456789", 0)
	}
	setHotLimit(s, 0, AllKeysLRU, 5)
	settle(t, s)
	for i := range 100 {
		setKey(t, s, fmt.Sprintf("hot%d", i), "0123456789", 0)
	}
	setHotLimit(s, 110*keyCost, AllKeysLRU, 5)
	for range 10 {
		for i := range 100 {
			getKey(t, s, fmt.Sprintf("hot%d", i))
		}
	}
	for i := range 2000 {
		if getKey(t, s, fmt.Sprintf("cold%d", i)) == nil {
			t.Fatalf("cold%d missing", i)
		}
		if i%10 == 0 {
			for j := range 100 {
				getKey(t, s, fmt.Sprintf("hot%d", j))
			}
		}
	}
	settle(t, s)
	hot := 0
	for i := range 100 {
		if inMem(s, fmt.Sprintf("hot%d", i)) {
			hot++
		}
	}
	if hot < 90 {
		t.Errorf("%d of 100 working-set keys still hot after the scan", hot)
	}
	if p := s.TierStats().Promotions; p > 200 {
		t.Errorf("%d promotions during a one-pass scan of 2000 keys", p)
	}
	// A cold key read again and again does come back.
	for range 20 {
		getKey(t, s, "cold7")
	}
	if !inMem(s, "cold7") {
		t.Errorf("a cold key read 20 times is still cold")
	}
}

// Ensure that the cold-read cache serves repeated cold reads and never a
// stale value: after a write, a FLUSHDB, or a delete.
func TestColdCache_ServesAndInvalidates(t *testing.T) {
	s := openTestStore(t, "", nil)
	setKey(t, s, "a", "one", 0)
	setHotLimit(s, 0, AllKeysLRU, 5)
	settle(t, s)
	for range 5 {
		if o := getKey(t, s, "a"); o == nil || string(o.Str) != "one" {
			t.Fatalf("a = %+v", o)
		}
		s.cold.c.Load().Wait()
	}
	if h := s.TierStats().ColdCacheHits; h < 3 {
		t.Errorf("cold cache hits %d after 5 reads", h)
	}
	if inMem(s, "a") {
		t.Errorf("reads under a zero budget promoted the key")
	}
	// A write promotes; once evicted again, the new value is read.
	setKey(t, s, "a", "two", 0)
	settle(t, s)
	if o := getKey(t, s, "a"); o == nil || string(o.Str) != "two" {
		t.Fatalf("after overwrite: %+v", o)
	}
	s.cold.c.Load().Wait()
	// FLUSHDB, then the same key again with another value.
	var all LockSet
	all.AddAll()
	s.Lock(&all)
	txn := s.Begin(false)
	txn.FlushDB(0)
	if err := txn.Commit(); err != nil {
		t.Fatal(err)
	}
	s.Unlock(&all)
	setKey(t, s, "a", "three", 0)
	settle(t, s)
	if o := getKey(t, s, "a"); o == nil || string(o.Str) != "three" {
		t.Fatalf("after FLUSHDB: %+v", o)
	}
	locked(t, s, "a", func(txn *Txn) error { _, err := txn.Delete(0, []byte("a")); return err })
	if o := getKey(t, s, "a"); o != nil {
		t.Fatalf("after delete: %+v", o)
	}
}

// Ensure that a cold key read and then written in the same Txn is promoted
// once and accounted right (the cleanup checks the accounting).
func TestTxn_ColdReadThenWrite(t *testing.T) {
	s := openTestStore(t, "", nil)
	setKey(t, s, "k", "v1", 0)
	setHotLimit(s, 0, AllKeysLRU, 5)
	settle(t, s)
	locked(t, s, "k", func(txn *Txn) error {
		o, err := txn.Get(0, []byte("k"))
		if err != nil || o == nil {
			return fmt.Errorf("get: %v %v", o, err)
		}
		if txn.InMemory(0, []byte("k")) {
			return fmt.Errorf("a read under a zero budget promoted the key")
		}
		if again, _ := txn.Get(0, []byte("k")); again != o {
			return fmt.Errorf("a second Get in the Txn returned another object")
		}
		// Room for the write, so that the background evictor cannot take
		// the key out again before it is checked.
		setHotLimit(s, math.MaxInt64, AllKeysLRU, 5)
		o.Str = []byte("v2")
		return txn.Put(0, []byte("k"), o)
	})
	if !inMem(s, "k") {
		t.Errorf("a written cold key is not hot")
	}
	if o := getKey(t, s, "k"); o == nil || string(o.Str) != "v2" {
		t.Errorf("k = %+v", o)
	}
}

// Ensure that keys expiring while cold are deleted by active expiry
// without being promoted, and counted.
func TestExpire_ColdKeysCounted(t *testing.T) {
	clock := newTestClock(1_000_000)
	s := openTestStore(t, "", clock)
	for i := range 50 {
		setKey(t, s, fmt.Sprintf("k%d", i), "0123456789", 1_000_500)
	}
	setHotLimit(s, 0, AllKeysLRU, 5)
	settle(t, s)
	clock.advance(1000)
	deleted, _, err := s.ExpireDue(1000)
	if err != nil || len(deleted) != 50 {
		t.Fatalf("ExpireDue: %d deleted, %v", len(deleted), err)
	}
	st := s.TierStats()
	if st.ExpiredCold != 50 || st.Promotions != 0 || st.HotKeys != 0 {
		t.Errorf("stats %+v", st)
	}
}

// Ensure that Redis's LFU counter grows logarithmically and decays by one
// per lfu-decay-time minutes.
func TestLFU_Counter(t *testing.T) {
	c := uint8(lfuInit)
	for range 1000 {
		c = lfuIncr(c, 10)
	}
	// Redis's table for lfu-log-factor 10: about 18 after 100 hits, 23 at
	// 1000 hits... give it a wide margin.
	if c < 12 || c > 40 {
		t.Errorf("counter after 1000 hits with factor 10: %d", c)
	}
	c = lfuInit
	for range 1000 {
		c = lfuIncr(c, 0)
	}
	if c != 255 {
		t.Errorf("counter after 1000 hits with factor 0: %d, want 255", c)
	}
	for _, test := range []struct {
		counter      uint8
		idle         int64
		decay        int
		want         uint8
		lastAccessed int64
	}{
		{10, 59_999, 1, 10, 1},
		{10, 60_000, 1, 9, 1},
		{10, 600_000, 2, 5, 1},
		{3, 3_600_000, 1, 0, 1},
		{10, 3_600_000, 0, 10, 1},
	} {
		if got := lfuDecayed(test.counter, test.lastAccessed, test.lastAccessed+test.idle, test.decay); got != test.want {
			t.Errorf("lfuDecayed(%d, idle %d ms, decay %d) = %d, want %d", test.counter, test.idle, test.decay, got, test.want)
		}
	}
}

// Ensure that the eviction time limit follows Redis's tenacity curve.
func TestEvictTimeLimit(t *testing.T) {
	for _, test := range []struct {
		tenacity  int
		us        int64
		unlimited bool
	}{{0, 0, false}, {10, 500, false}, {11, 575, false}, {100, 0, true}} {
		us, unlimited := evictTimeLimit(test.tenacity)
		if us != test.us || unlimited != test.unlimited {
			t.Errorf("tenacity %d: %d µs unlimited %v", test.tenacity, us, unlimited)
		}
	}
}

package tier

import (
	"fmt"
	"testing"
)

// Ensure that a full SCAN iteration returns every live key exactly once,
// hot or cold, skips keys whose TTL is due, and ends with cursor 0.
func TestStore_Scan_EveryKeyOnce(t *testing.T) {
	dir := t.TempDir()
	clock := newTestClock(1_000)
	s := openTestStore(t, dir, clock)
	for i := range 200 {
		set(t, s, 1, fmt.Sprintf("k%d", i), "v", 0)
	}
	set(t, s, 1, "expired", "v", 1_500)
	set(t, s, 0, "other-db", "v", 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir, clock)
	for i := range 10 { // some hot, some cold
		get(t, s, 1, fmt.Sprintf("k%d", i))
	}
	clock.set(2_000)
	for _, count := range []int{1, 7, 1000} {
		seen := map[string]int{}
		cursor, calls := uint64(0), 0
		for {
			next, err := s.Scan(1, cursor, count, func(e ScanEntry) {
				seen[string(e.Key)]++
				if e.Kind != KindString {
					t.Errorf("%s: Kind %d", e.Key, e.Kind)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			calls++
			if next == 0 || calls > 1000 {
				break
			}
			cursor = next
		}
		if len(seen) != 200 {
			t.Errorf("count %d: scan saw %d keys, want 200", count, len(seen))
		}
		for k, n := range seen {
			if n != 1 {
				t.Errorf("count %d: %s returned %d times", count, k, n)
			}
		}
		if seen["expired"] != 0 || seen["other-db"] != 0 {
			t.Errorf("count %d: scan returned an expired key or another db's key", count)
		}
		if count == 1000 && calls != 1 {
			t.Errorf("count 1000 took %d calls, want 1", calls)
		}
	}
}

// Ensure that RandomKey returns only live keys of the database, and nil for
// an empty one.
func TestStore_RandomKey(t *testing.T) {
	clock := newTestClock(1_000)
	s := openTestStore(t, "", clock)
	if k, err := s.RandomKey(0); k != nil || err != nil {
		t.Errorf("RandomKey of an empty db = %q, %v", k, err)
	}
	set(t, s, 0, "a", "v", 0)
	set(t, s, 0, "b", "v", 0)
	set(t, s, 0, "dead", "v", 1_500)
	set(t, s, 1, "elsewhere", "v", 0)
	clock.set(2_000)
	for range 50 {
		k, err := s.RandomKey(0)
		if err != nil || (string(k) != "a" && string(k) != "b") {
			t.Fatalf("RandomKey = %q, %v; want a or b", k, err)
		}
	}
}

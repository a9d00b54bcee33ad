package persistence

import (
	"encoding/binary"
	"sync"
	"testing"
)

// Ensure that NewVersion never repeats a version, across goroutines, lease
// boundaries and a reopen.
func TestDB_NewVersion_UniqueAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	d := openTestDBAt(t, dir)
	seen := map[uint64]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	const goroutines, per = 4, versionLeaseSize / 2 // together they cross a lease boundary
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]uint64, 0, per)
			for range per {
				v, err := d.NewVersion()
				if err != nil {
					t.Error(err)
					return
				}
				local = append(local, v)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, v := range local {
				if seen[v] {
					t.Errorf("version %d handed out twice", v)
				}
				seen[v] = true
			}
		}()
	}
	wg.Wait()
	var highest uint64
	for v := range seen {
		highest = max(highest, v)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d = openTestDBAt(t, dir)
	// The stored high-water mark, not the clock, must keep versions unique.
	hw, ok, err := d.get(versionKey())
	if err != nil || !ok || len(hw) != 8 {
		t.Fatalf("high-water mark = %x, %v, %v", hw, ok, err)
	}
	if got := binary.BigEndian.Uint64(hw); got < highest {
		t.Errorf("stored high-water mark %d is below a version handed out (%d)", got, highest)
	}
	v, err := d.NewVersion()
	if err != nil {
		t.Fatal(err)
	}
	if v <= highest {
		t.Errorf("after reopen NewVersion = %d, not above the highest before (%d)", v, highest)
	}
}

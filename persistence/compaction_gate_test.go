package persistence

import (
	"fmt"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// Ensure that compactions still run with the store's compaction gate: L0
// files left by many flushes are compacted away in the background, both
// while the store runs and after a reopen that finds six L0 files (the gate
// opens only once Pebble's Open returned), and every key stays readable.
func TestCompactionGate_CompactsAfterOpen(t *testing.T) {
	dir := t.TempDir()
	d := openTestDBAt(t, dir)
	const rounds, perRound = 12, 500
	for r := range rounds {
		b := d.NewBatch(false)
		for i := range perRound {
			key := fmt.Sprintf("k%d:%d", i, r)
			b.PutMeta(0, []byte(key), &Meta{Type: TypeString, Value: make([]byte, 200)})
		}
		commit(t, b)
		if err := d.pdb.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	waitCompacted := func(when string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			st := d.StorageStats()
			if st.Compactions > 0 && st.L0Files < 4 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d compactions, %d L0 files after 30 s", when, st.Compactions, st.L0Files)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitCompacted("while running")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	// Leave L0 files behind, written with Pebble's automatic compactions
	// off; the reopened store must compact them.
	raw, err := pebble.Open(dir, &pebble.Options{DisableAutomaticCompactions: true, Merger: countMerger})
	if err != nil {
		t.Fatal(err)
	}
	for r := range 6 { // each file holds both keys: they overlap, six L0 sublevels
		enc := (&Meta{Type: TypeString, Value: fmt.Appendf(nil, "v%d", r)}).AppendEncode(nil)
		for _, key := range []string{"lateA", "lateB"} {
			if err := raw.Set(metaKey(nil, 0, KeyHash([]byte(key)), []byte(key)), enc, pebble.NoSync); err != nil {
				t.Fatal(err)
			}
		}
		if err := raw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if n := raw.Metrics().Levels[0].TablesCount; n < 6 {
		t.Fatalf("only %d L0 files left for the reopen", n)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	d = openTestDBAt(t, dir)
	waitCompacted("after reopen")
	for r := range rounds {
		key := fmt.Sprintf("k%d:%d", perRound-1, r)
		if _, ok, err := d.GetMeta(0, []byte(key)); !ok || err != nil {
			t.Errorf("%s after compactions: %v, %v", key, ok, err)
		}
	}
	if m, ok, err := d.GetMeta(0, []byte("lateB")); !ok || err != nil || string(m.Value) != "v5" {
		t.Errorf("lateB after compactions: %q, %v, %v", m.Value, ok, err)
	}
}

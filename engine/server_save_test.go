package engine

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// snapshotDirNames lists the directories in the engine's snapshot directory.
func (se *serverEngine) snapshotDirNames() []string {
	se.t.Helper()
	entries, err := os.ReadDir(se.e.cfg.SnapshotDir())
	if err != nil && !os.IsNotExist(err) {
		se.t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// Ensure that pruning keeps the newest snapshots and nothing else is touched.
func TestPruneSnapshots_KeepsNewest(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"20260101-000000.000", "20260101-000000.001", "20250101-120000.000",
		"20260102-000000.000", "notes", "2026-01-01"} {
		if err := os.Mkdir(filepath.Join(dir, n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := pruneSnapshots(dir, 2); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{"2026-01-01", "20260101-000000.001", "20260102-000000.000", "notes"}
	if !slices.Equal(got, want) {
		t.Errorf("after pruning to 2: %v, want %v", got, want)
	}
	if err := pruneSnapshots(dir, 0); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 4 {
		t.Errorf("snapshot-keep 0 removed snapshots: %d left", len(entries))
	}
}

// Ensure that a snapshot's name sorts after every existing one, even when
// the clock is behind them, and that leftovers of interrupted snapshots go.
func TestTakeSnapshot_NamesSortByAge(t *testing.T) {
	se := newServerEngine(t, nil)
	dir := se.e.cfg.SnapshotDir()
	for _, n := range []string{"29991231-235959.998", snapshotTmp + "20260101-000000.000"} {
		if err := os.MkdirAll(filepath.Join(dir, n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	first, err := se.e.saveNow()
	if err != nil {
		t.Fatal(err)
	}
	second, err := se.e.saveNow()
	if err != nil {
		t.Fatal(err)
	}
	if first != "29991231-235959.999" || second != "30000101-000000.000" {
		t.Errorf("names after a future snapshot: %s, %s", first, second)
	}
	want := []string{"29991231-235959.998", first, second}
	if got := se.snapshotDirNames(); !slices.Equal(got, want) {
		t.Errorf("snapshot directory: %v, want %v", got, want)
	}
}

// Ensure that BGSAVE and SAVE are refused while a snapshot runs, that
// LASTSAVE keeps the last success, and that a failure is reported in INFO.
func TestSnapshot_RefusedWhileRunning(t *testing.T) {
	se := newServerEngine(t, nil)
	last := se.do("LASTSAVE")
	run, err := se.e.beginSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"BGSAVE"}, {"BGSAVE", "SCHEDULE"}, {"SAVE"}} {
		if got := se.do(cmd...); got != "-ERR Background save already in progress" {
			t.Errorf("%v while a snapshot runs: %s", cmd, got)
		}
	}
	se.e.endSnapshot(run, "", errors.New("disk full"))
	if got := se.do("LASTSAVE"); got != last {
		t.Errorf("LASTSAVE after a failed snapshot: %s, want %s", got, last)
	}
	if st := &se.e.server().snap; st.lastOK.Load() || st.saves.Load() != 0 {
		t.Errorf("after a failed snapshot: ok %v, saves %d", st.lastOK.Load(), st.saves.Load())
	}
	if got := se.do("BGSAVE"); got != "+Background saving started" {
		t.Fatalf("BGSAVE after the failure: %s", got)
	}
	se.e.waitSnapshot()
	if st := &se.e.server().snap; !st.lastOK.Load() || st.saves.Load() != 1 {
		t.Errorf("after a BGSAVE: ok %v, saves %d", st.lastOK.Load(), st.saves.Load())
	}
}

// Ensure that the save rules start a snapshot only with enough changes and
// time, and wait after a failure.
func TestCheckSavePoints(t *testing.T) {
	se := newServerEngine(t, map[string]string{"save": "10 2"})
	st := &se.e.server().snap
	now := time.Now()
	later := now.Add(11 * time.Second)
	se.do("SET", "a", "1")
	se.e.checkSavePoints(later) // one change of two
	se.e.waitSnapshot()
	if st.saves.Load() != 0 {
		t.Fatal("a snapshot after 1 change with rule 10 2")
	}
	se.do("SET", "b", "2")
	se.e.checkSavePoints(now) // two changes, too soon
	se.e.waitSnapshot()
	if st.saves.Load() != 0 {
		t.Fatal("a snapshot 0 s after the last with rule 10 2")
	}
	st.lastOK.Store(false) // a failure just now: wait before retrying
	st.lastTry.Store(later.Unix())
	se.e.checkSavePoints(later)
	se.e.waitSnapshot()
	if st.saves.Load() != 0 {
		t.Fatal("a snapshot right after a failure")
	}
	st.lastOK.Store(true)
	se.e.checkSavePoints(later)
	se.e.waitSnapshot()
	if st.saves.Load() != 1 || se.e.stats.Dirty.Load() != 0 {
		t.Errorf("after the rule was met: saves %d, dirty %d", st.saves.Load(), se.e.stats.Dirty.Load())
	}
}

// fakeHooks records what SHUTDOWN and CONFIG RESETSTAT ask of the network
// layer.
type fakeHooks struct{ shutdown, reset int }

func (f *fakeHooks) ConnStats() ConnStats { return ConnStats{ConnectedClients: 1} }
func (f *fakeHooks) ResetConnStats()      { f.reset++ }
func (f *fakeHooks) RequestShutdown()     { f.shutdown++ }

// Ensure that SHUTDOWN saves when save rules exist (not with NOSAVE), asks
// the network layer to stop, writes no reply, and refuses without one.
func TestShutdown(t *testing.T) {
	se := newServerEngine(t, map[string]string{"save": "3600 1"})
	if got := se.do("SHUTDOWN"); got != "-ERR Errors trying to SHUTDOWN. Check logs." {
		t.Errorf("SHUTDOWN without a network layer: %s", got)
	}
	hooks := &fakeHooks{}
	se.s.Owner = hooks
	for _, test := range []struct {
		args      []string
		snapshots int
	}{
		{[]string{"SHUTDOWN", "NOSAVE"}, 0},
		{[]string{"SHUTDOWN"}, 1},
		{[]string{"SHUTDOWN", "SAVE", "NOW", "FORCE"}, 2},
	} {
		var r textReply
		raw := make([][]byte, len(test.args))
		for i, a := range test.args {
			raw[i] = []byte(a)
		}
		before := hooks.shutdown
		se.e.Do(se.s, raw, &r)
		if len(r.out) != 0 || hooks.shutdown != before+1 {
			t.Errorf("%v: reply %q, shutdown requests %d", test.args, r.out, hooks.shutdown-before)
		}
		if n := len(se.snapshotDirNames()); n != test.snapshots {
			t.Errorf("%v: %d snapshots, want %d", test.args, n, test.snapshots)
		}
	}
	if got := se.do("CONFIG", "RESETSTAT"); got != "+OK" || hooks.reset != 1 {
		t.Errorf("CONFIG RESETSTAT: %s, resets %d", got, hooks.reset)
	}
}

package e2e

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Snapshots: SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF, the save rules, retention
// and restoring a snapshot.

var snapshotNameRE = regexp.MustCompile(`^\d{8}-\d{6}\.\d{3}$`)

// snapshotNames lists the snapshots under dataDir/snapshots, oldest first,
// failing on anything else there except the directories in allowed.
func snapshotNames(t *testing.T, dataDir string, allowed ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dataDir, "snapshots"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		switch {
		case slices.Contains(allowed, e.Name()):
		case e.IsDir() && snapshotNameRE.MatchString(e.Name()):
			names = append(names, e.Name())
		default:
			t.Errorf("unexpected entry %q in the snapshot directory", e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// waitBackground waits until no snapshot or compaction runs and returns INFO
// persistence.
func waitBackground(t *testing.T, c *redis.Client) map[string]string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		f := infoFields(t, c, "persistence")
		if f["rdb_bgsave_in_progress"] == "0" && f["aof_rewrite_in_progress"] == "0" {
			return f
		}
		if time.Now().After(deadline) {
			t.Fatalf("background job still running after 20 s: %v", f)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// fill writes n keys of size bytes.
func fill(t *testing.T, c *redis.Client, n, size int) {
	t.Helper()
	ctx := context.Background()
	pipe := c.Pipeline()
	for i := range n {
		pipe.Set(ctx, fmt.Sprintf("fill:%d", i), strings.Repeat("v", size), 0)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}
}

// Ensure that SAVE writes a snapshot, clears the change counter and moves
// LASTSAVE, and that INFO tells about it.
func TestSave_SaveAndLastsave(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	start := time.Now().Unix()
	if last := c.LastSave(ctx).Val(); last < start-2 || last > start {
		t.Errorf("LASTSAVE before any save: %d, want the start-up time %d", last, start)
	}
	c.Set(ctx, "a", "1", 0)
	c.Set(ctx, "b", "2", 0)
	if f := infoFields(t, c, "persistence"); f["rdb_changes_since_last_save"] != "2" {
		t.Errorf("rdb_changes_since_last_save after 2 SETs: %q", f["rdb_changes_since_last_save"])
	}
	if err := c.Save(ctx).Err(); err != nil {
		t.Fatalf("SAVE: %v", err)
	}
	f := infoFields(t, c, "persistence")
	names := snapshotNames(t, s.Dir)
	if len(names) != 1 || f["tier_snapshot_last"] != names[0] {
		t.Errorf("snapshots after SAVE: %v (INFO tier_snapshot_last %q)", names, f["tier_snapshot_last"])
	}
	if f["rdb_changes_since_last_save"] != "0" || f["rdb_saves"] != "1" || f["rdb_last_bgsave_status"] != "ok" {
		t.Errorf("INFO persistence after SAVE: %v", f)
	}
	now := time.Now().Unix()
	if last := c.LastSave(ctx).Val(); last < start || last > now {
		t.Errorf("LASTSAVE after SAVE: %d, want in [%d, %d]", last, start, now)
	}
	if f["rdb_last_save_time"] != fmt.Sprint(c.LastSave(ctx).Val()) {
		t.Errorf("rdb_last_save_time %q differs from LASTSAVE", f["rdb_last_save_time"])
	}
}

// Ensure that BGSAVE replies at once and writes a snapshot in the background.
func TestSave_Bgsave(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	c.Set(ctx, "a", "1", 0)
	for _, args := range [][]any{{"BGSAVE"}, {"bgsave", "schedule"}} {
		got, err := c.Do(ctx, args...).Text()
		if err != nil || got != "Background saving started" {
			t.Fatalf("%v: %q, %v", args, got, err)
		}
		waitBackground(t, c)
	}
	f := waitBackground(t, c)
	if f["rdb_saves"] != "2" || f["rdb_last_bgsave_status"] != "ok" || f["rdb_changes_since_last_save"] != "0" {
		t.Errorf("INFO persistence after two BGSAVEs: %v", f)
	}
	if names := snapshotNames(t, s.Dir); len(names) != 2 {
		t.Errorf("snapshots after two BGSAVEs: %v", names)
	}
}

// Ensure that a BGSAVE or SAVE sent while a BGSAVE runs is refused with
// Redis's error, and that the running one still completes.
func TestSave_BgsaveWhileRunning(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	fill(t, c, 4000, 1000) // a memtable to flush makes a snapshot last a few ms
	raw := dialRawProto(t, s.Addr, 2)
	const started = "+Background saving started\r\n"
	const busy = "-ERR Background save already in progress\r\n"
	sawBusy := false
	for try := 0; try < 20 && !sawBusy; try++ {
		for _, cmd := range [][]string{{"BGSAVE"}, {"BGSAVE"}, {"SAVE"}} {
			if err := raw.Send(cmd...); err != nil {
				t.Fatal(err)
			}
		}
		var replies []string
		for range 3 {
			r, err := raw.ReadReply()
			if err != nil {
				t.Fatal(err)
			}
			replies = append(replies, r)
		}
		if replies[0] != started {
			t.Fatalf("first BGSAVE: %q", replies[0])
		}
		if replies[1] != started && replies[1] != busy || replies[2] != "+OK\r\n" && replies[2] != busy {
			t.Fatalf("replies while a BGSAVE runs: %q", replies)
		}
		sawBusy = replies[1] == busy
		waitBackground(t, c)
		c.Set(context.Background(), "fill:0", fmt.Sprint(try), 0)
	}
	if !sawBusy {
		t.Error("never saw a BGSAVE refused while another ran")
	}
	if f := waitBackground(t, c); f["rdb_last_bgsave_status"] != "ok" {
		t.Errorf("last snapshot status: %v", f)
	}
}

// Ensure that only the newest snapshot-keep snapshots are kept, and that
// other directories beside them are left alone.
func TestSave_RetentionKeepsNewest(t *testing.T) {
	s := testserver.Start(t, map[string]string{"snapshot-keep": "2"})
	c := s.Client(t)
	ctx := context.Background()
	if err := os.MkdirAll(filepath.Join(s.Dir, "snapshots", "keep-me"), 0o755); err != nil {
		t.Fatal(err)
	}
	var taken []string
	for i := range 4 {
		c.Set(ctx, "k", i, 0)
		if err := c.Save(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		taken = append(taken, infoFields(t, c, "persistence")["tier_snapshot_last"])
	}
	if got := snapshotNames(t, s.Dir, "keep-me"); !slices.Equal(got, taken[2:]) {
		t.Errorf("snapshots kept: %v, want the newest two of %v", got, taken)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "snapshots", "keep-me")); err != nil {
		t.Errorf("a directory that is not a snapshot was removed: %v", err)
	}
}

// Ensure that a snapshot restores: copied as the pebble directory of a new
// data directory, it serves the data as it was at SAVE, in every database.
func TestSave_RestoreSnapshot(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	c5 := s.Client(t, func(o *redis.Options) { o.DB = 5 })
	ctx := context.Background()
	c.Set(ctx, "k", "before", 0)
	c.Set(ctx, "ttl", "x", time.Hour)
	c5.Set(ctx, "k5", "five", 0)
	if err := c.Save(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	c.Set(ctx, "k", "after", 0)
	c.Set(ctx, "later", "x", 0)
	name := infoFields(t, c, "persistence")["tier_snapshot_last"]

	restored := t.TempDir()
	copyTree(t, filepath.Join(s.Dir, "snapshots", name), filepath.Join(restored, "pebble"))
	r := testserver.Start(t, map[string]string{"dir": restored})
	rc := r.Client(t)
	if got := rc.Get(ctx, "k").Val(); got != "before" {
		t.Errorf("k in the restored snapshot: %q, want before", got)
	}
	if err := rc.Get(ctx, "later").Err(); err != redis.Nil {
		t.Errorf("a key written after SAVE is in the snapshot: %v", err)
	}
	if ttl := rc.TTL(ctx, "ttl").Val(); ttl <= 0 || ttl > time.Hour {
		t.Errorf("TTL in the restored snapshot: %v", ttl)
	}
	rc5 := r.Client(t, func(o *redis.Options) { o.DB = 5 })
	if got := rc5.Get(ctx, "k5").Val(); got != "five" {
		t.Errorf("db 5 in the restored snapshot: %q", got)
	}
	if f := infoFields(t, rc, "keyspace"); !strings.HasPrefix(f["db0"], "keys=2,expires=1,") || f["db5"] != "keys=1,expires=0,avg_ttl=0" {
		t.Errorf("INFO keyspace of the restored snapshot: %v", f)
	}
}

// copyTree copies the regular files of src into dst (created).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}

// Ensure that the save rules take a snapshot once enough changes are made
// and enough time has passed.
func TestSave_SavePoints(t *testing.T) {
	s := testserver.Start(t, map[string]string{"save": "1 2"})
	c := s.Client(t)
	ctx := context.Background()
	c.Set(ctx, "one", "1", 0)
	time.Sleep(2500 * time.Millisecond)
	if f := infoFields(t, c, "persistence"); f["rdb_saves"] != "0" {
		t.Fatalf("a snapshot was taken after 1 change with rule \"1 2\": %v", f)
	}
	c.Set(ctx, "two", "2", 0)
	deadline := time.Now().Add(5 * time.Second)
	for infoFields(t, c, "persistence")["rdb_saves"] == "0" {
		if time.Now().After(deadline) {
			t.Fatal("no snapshot 5 s after the save rule \"1 2\" was met")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if names := snapshotNames(t, s.Dir); len(names) < 1 {
		t.Errorf("no snapshot on disk: %v", names)
	}
}

// Ensure that BGREWRITEAOF compacts in the background and keeps the data.
func TestSave_Bgrewriteaof(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	fill(t, c, 500, 100)
	got, err := c.BgRewriteAOF(ctx).Result()
	if err != nil || got != "Background append only file rewriting started" {
		t.Fatalf("BGREWRITEAOF: %q, %v", got, err)
	}
	f := waitBackground(t, c)
	if f["aof_rewrites"] != "1" || f["aof_last_bgrewrite_status"] != "ok" {
		t.Errorf("INFO persistence after BGREWRITEAOF: %v", f)
	}
	if got := c.Get(ctx, "fill:499").Val(); got != strings.Repeat("v", 100) {
		t.Errorf("a key after BGREWRITEAOF: %q", got)
	}
}

// Ensure that the snapshot commands' argument errors, and SAVE inside MULTI,
// reply as Redis 7.0's do.
func TestSave_ErrorsDiff(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Script(t, [][]string{
		{"BGSAVE", "foo"}, {"BGSAVE", "schedule", "x"}, {"SAVE", "x"}, {"LASTSAVE", "x"},
		{"BGREWRITEAOF", "x"},
		{"MULTI"}, {"SAVE"}, {"EXEC"},
	})
}

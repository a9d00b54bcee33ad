package e2e

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// keysStep is one command and what a user would expect back: a value (as
// go-redis decodes it) or an error text.
type keysStep struct {
	args []any
	want any    // nil for a nil reply
	err  string // the whole error text, if an error is expected
}

func runSteps(ctx context.Context, t *testing.T, c *redis.Client, steps []keysStep) {
	t.Helper()
	for _, s := range steps {
		got, err := c.Do(ctx, s.args...).Result()
		switch {
		case s.err != "":
			if err == nil || err.Error() != s.err {
				t.Errorf("%v: got %v, %v; want error %q", s.args, got, err, s.err)
			}
		case s.want == nil:
			if !errors.Is(err, redis.Nil) {
				t.Errorf("%v: got %v, %v; want nil", s.args, got, err)
			}
		case err != nil || !reflect.DeepEqual(got, s.want):
			t.Errorf("%v: got %#v, %v; want %#v", s.args, got, err, s.want)
		}
	}
}

func args(a ...any) []any { return a }

// forEachTier runs fn with the keys written by setup still in memory (hot)
// and with them only on disk (cold: the server restarted after setup).
func forEachTier(t *testing.T, setup []keysStep, fn func(t *testing.T, c *redis.Client)) {
	for _, tier := range []string{"hot", "cold"} {
		t.Run("tier="+tier, func(t *testing.T) {
			ctx := context.Background()
			s := testserver.Start(t, nil)
			c := s.Client(t)
			runSteps(ctx, t, c, setup)
			if tier == "cold" {
				s.Restart(t)
				c = s.Client(t)
			}
			fn(t, c)
		})
	}
}

var keysSetup = []keysStep{
	{args: args("SET", "a", "1"), want: "OK"},
	{args: args("SET", "b", "2"), want: "OK"},
	{args: args("SET", "c", "3"), want: "OK"},
	{args: args("SET", "long", strings.Repeat("x", 100)), want: "OK"},
}

// Ensure that DEL, UNLINK, EXISTS, TOUCH and TYPE answer as in Redis, on hot
// and on cold keys.
func TestKeys_DelExistsTouchType(t *testing.T) {
	forEachTier(t, keysSetup, func(t *testing.T, c *redis.Client) {
		runSteps(context.Background(), t, c, []keysStep{
			{args: args("EXISTS", "a", "a", "nokey", "b"), want: int64(3)},
			{args: args("TOUCH", "a", "a", "nokey"), want: int64(2)},
			{args: args("TYPE", "a"), want: "string"},
			{args: args("TYPE", "nokey"), want: "none"},
			{args: args("DEL", "a", "a", "nokey"), want: int64(1)},
			{args: args("UNLINK", "b", "long", "nokey"), want: int64(2)},
			{args: args("EXISTS", "a", "b", "c", "long"), want: int64(1)},
			{args: args("DBSIZE"), want: int64(1)},
			{args: args("DEL"), err: "ERR wrong number of arguments for 'del' command"},
			{args: args("TYPE", "a", "b"), err: "ERR wrong number of arguments for 'type' command"},
		})
	})
}

// Ensure that RENAME and RENAMENX move values and answer Redis's errors.
func TestKeys_Rename(t *testing.T) {
	forEachTier(t, keysSetup, func(t *testing.T, c *redis.Client) {
		runSteps(context.Background(), t, c, []keysStep{
			{args: args("RENAME", "nokey", "x"), err: "ERR no such key"},
			{args: args("RENAMENX", "nokey", "x"), err: "ERR no such key"},
			{args: args("RENAME", "a", "a"), want: "OK"},
			{args: args("RENAMENX", "a", "a"), want: int64(0)},
			{args: args("RENAMENX", "a", "b"), want: int64(0)},
			{args: args("GET", "a"), want: "1"},
			{args: args("RENAME", "a", "b"), want: "OK"},
			{args: args("GET", "b"), want: "1"},
			{args: args("EXISTS", "a"), want: int64(0)},
			{args: args("RENAMENX", "b", "fresh"), want: int64(1)},
			{args: args("GET", "fresh"), want: "1"},
			{args: args("RENAME", "long", "c"), want: "OK"},
			{args: args("GET", "c"), want: strings.Repeat("x", 100)},
			{args: args("DBSIZE"), want: int64(2)},
		})
	})
}

// Ensure that MOVE and COPY work across databases and answer Redis's errors
// for a wrong database index, the same key, and bad options.
func TestKeys_MoveCopy(t *testing.T) {
	forEachTier(t, keysSetup, func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runSteps(ctx, t, c, []keysStep{
			{args: args("MOVE", "a", "0"), err: "ERR source and destination objects are the same"},
			{args: args("MOVE", "a", "16"), err: "ERR DB index is out of range"},
			{args: args("MOVE", "a", "-1"), err: "ERR DB index is out of range"},
			{args: args("MOVE", "a", "x"), err: "ERR value is not an integer or out of range"},
			{args: args("MOVE", "a", "4294967296"),
				err: "ERR value is out of range, value must between -2147483648 and 2147483647"},
			{args: args("MOVE", "nokey", "1"), want: int64(0)},
			{args: args("MOVE", "a", "1"), want: int64(1)},
			{args: args("EXISTS", "a"), want: int64(0)},
			{args: args("COPY", "b", "b"), err: "ERR source and destination objects are the same"},
			{args: args("COPY", "b", "b", "DB", "0"), err: "ERR source and destination objects are the same"},
			{args: args("COPY", "b", "x", "DB", "16"), err: "ERR DB index is out of range"},
			{args: args("COPY", "b", "x", "DB"), err: "ERR syntax error"},
			{args: args("COPY", "b", "x", "NOPE"), err: "ERR syntax error"},
			{args: args("COPY", "nokey", "x"), want: int64(0)},
			{args: args("COPY", "b", "c"), want: int64(0)},
			{args: args("COPY", "b", "c", "REPLACE"), want: int64(1)},
			{args: args("GET", "c"), want: "2"},
			{args: args("COPY", "b", "b", "DB", "1"), want: int64(1)},
			{args: args("COPY", "long", "a", "DB", "1"), want: int64(0)},
			{args: args("DBSIZE"), want: int64(3)},
		})
		db1 := func(o *redis.Options) { o.DB = 1 }
		c1 := testserver.NewClient(t, c.Options().Addr, db1)
		runSteps(ctx, t, c1, []keysStep{
			{args: args("GET", "a"), want: "1"},
			{args: args("GET", "b"), want: "2"},
			{args: args("DBSIZE"), want: int64(2)},
			{args: args("MOVE", "a", "0"), want: int64(1)},
		})
	})
}

// Ensure that FLUSHDB empties only the selected database, FLUSHALL all of
// them, and that SWAPDB exchanges two databases and checks its indexes.
func TestKeys_FlushSwap(t *testing.T) {
	forEachTier(t, keysSetup, func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		c3 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.DB = 3 })
		runSteps(ctx, t, c, []keysStep{
			{args: args("MOVE", "a", "3"), want: int64(1)},
			{args: args("SWAPDB", "0", "16"), err: "ERR DB index is out of range"},
			{args: args("SWAPDB", "-1", "0"), err: "ERR DB index is out of range"},
			{args: args("SWAPDB", "x", "0"), err: "ERR invalid first DB index"},
			{args: args("SWAPDB", "0", "x"), err: "ERR invalid second DB index"},
			{args: args("SWAPDB", "0", "0"), want: "OK"},
			{args: args("SWAPDB", "0", "3"), want: "OK"},
			{args: args("DBSIZE"), want: int64(1)},
			{args: args("GET", "a"), want: "1"},
			{args: args("FLUSHDB", "NOW"), err: "ERR syntax error"},
			{args: args("FLUSHDB", "ASYNC"), want: "OK"},
			{args: args("DBSIZE"), want: int64(0)},
			{args: args("RANDOMKEY"), want: nil},
		})
		runSteps(ctx, t, c3, []keysStep{
			{args: args("DBSIZE"), want: int64(3)},
			{args: args("FLUSHALL", "SYNC"), want: "OK"},
			{args: args("DBSIZE"), want: int64(0)},
			{args: args("SET", "after", "flush"), want: "OK"},
			{args: args("KEYS", "*"), want: []any{"after"}},
		})
	})
}

// Ensure that KEYS, SCAN (MATCH, COUNT, TYPE) and RANDOMKEY see hot and cold
// keys alike.
func TestKeys_KeysScanRandom(t *testing.T) {
	forEachTier(t, keysSetup, func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		keys, err := c.Keys(ctx, "*").Result()
		if err != nil || !sameSet(keys, []string{"a", "b", "c", "long"}) {
			t.Errorf("KEYS *: got %q, %v", keys, err)
		}
		if keys, err = c.Keys(ctx, "[ab]").Result(); err != nil || !sameSet(keys, []string{"a", "b"}) {
			t.Errorf("KEYS [ab]: got %q, %v", keys, err)
		}
		got := scanAll(ctx, t, c, "l*", 1, "")
		if !sameSet(got, []string{"long"}) {
			t.Errorf("SCAN MATCH l* COUNT 1: got %q", got)
		}
		if got = scanAll(ctx, t, c, "", 2, "string"); !sameSet(got, []string{"a", "b", "c", "long"}) {
			t.Errorf("SCAN TYPE string: got %q", got)
		}
		if got = scanAll(ctx, t, c, "", 2, "list"); len(got) != 0 {
			t.Errorf("SCAN TYPE list: got %q", got)
		}
		for range 20 {
			k, err := c.RandomKey(ctx).Result()
			if err != nil || !strings.Contains(" a b c long ", " "+k+" ") {
				t.Fatalf("RANDOMKEY: got %q, %v", k, err)
			}
		}
		runSteps(ctx, t, c, []keysStep{
			{args: args("SCAN", "x"), err: "ERR invalid cursor"},
			{args: args("SCAN", "0", "COUNT", "0"), err: "ERR syntax error"},
			{args: args("SCAN", "0", "COUNT", "x"), err: "ERR value is not an integer or out of range"},
			{args: args("SCAN", "0", "MATCH"), err: "ERR syntax error"},
			{args: args("KEYS"), err: "ERR wrong number of arguments for 'keys' command"},
		})
	})
}

// scanAll runs a whole SCAN iteration and returns every key it returned,
// duplicates included.
func scanAll(ctx context.Context, t *testing.T, c *redis.Client, match string, count int64, typ string) []string {
	t.Helper()
	var all []string
	var cursor uint64
	for {
		var keys []string
		var err error
		if typ != "" {
			keys, cursor, err = c.ScanType(ctx, cursor, match, count, typ).Result()
		} else {
			keys, cursor, err = c.Scan(ctx, cursor, match, count).Result()
		}
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, keys...)
		if cursor == 0 {
			return all
		}
	}
}

func sameSet(got, want []string) bool {
	m := map[string]bool{}
	for _, k := range got {
		m[k] = true
	}
	if len(m) != len(want) {
		return false
	}
	for _, k := range want {
		if !m[k] {
			return false
		}
	}
	return true
}

// Ensure that a SCAN with COUNT 10 over 5,000 keys returns every one of them
// (duplicates allowed, none missing) while other clients add and delete
// other keys during the scan, and never returns a key that was never set.
func TestKeys_Scan_CompleteUnderWrites(t *testing.T) {
	ctx := context.Background()
	s := testserver.Start(t, nil)
	c := s.Client(t)
	const n = 5000
	pipe := c.Pipeline()
	for i := range n {
		pipe.Set(ctx, fmt.Sprintf("base:%d", i), i, 0)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes atomic.Int64
	for w := range 2 {
		wc := s.Client(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("extra:%d:%d", w, i)
				if err := wc.Set(ctx, key, i, 0).Err(); err != nil {
					t.Error(err)
					return
				}
				if i%2 == 0 {
					if err := wc.Del(ctx, key).Err(); err != nil {
						t.Error(err)
						return
					}
				}
				writes.Add(1)
				time.Sleep(100 * time.Microsecond) // leave the scanner a share of the CPU
			}
		}()
	}
	seen := map[string]int{}
	calls := 0
	var cursor uint64
	for {
		keys, next, err := c.Scan(ctx, cursor, "", 10).Result()
		if err != nil {
			t.Fatal(err)
		}
		calls++
		for _, k := range keys {
			seen[k]++
		}
		if cursor = next; cursor == 0 {
			break
		}
	}
	close(stop)
	wg.Wait()
	if writes.Load() == 0 {
		t.Fatal("no key was added or deleted during the scan")
	}
	for i := range n {
		if seen[fmt.Sprintf("base:%d", i)] == 0 {
			t.Errorf("base:%d was never returned", i)
		}
	}
	for k := range seen {
		if !strings.HasPrefix(k, "base:") && !strings.HasPrefix(k, "extra:") {
			t.Errorf("SCAN returned %q, which was never set", k)
		}
	}
	if calls < n/20 {
		t.Errorf("the scan took %d calls for %d keys with COUNT 10: COUNT is not honoured", calls, n)
	}
}

// Ensure that DBSIZE is exact right after a restart, after a FLUSHDB and a
// restart, and that SWAPDB survives a restart.
func TestKeys_DBSize_SwapDB_SurviveRestart(t *testing.T) {
	ctx := context.Background()
	s := testserver.Start(t, nil)
	c := s.Client(t)
	db := func(n int) *redis.Client {
		return testserver.NewClient(t, s.Addr, func(o *redis.Options) { o.DB = n })
	}
	pipe := c.Pipeline()
	for i := range 1000 {
		pipe.Set(ctx, fmt.Sprintf("k%d", i), i, 0)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	c5 := db(5)
	for i := range 7 {
		c5.Set(ctx, fmt.Sprintf("five%d", i), i, 0)
	}
	c.Del(ctx, "k1", "k2", "k3", "nokey")
	c.Rename(ctx, "k4", "k1")
	wantSizes := func(step string, want map[int]int64) {
		t.Helper()
		for n, w := range want {
			if got, err := db(n).DBSize(ctx).Result(); err != nil || got != w {
				t.Errorf("%s: db %d DBSIZE got %d, %v; want %d", step, n, got, err, w)
			}
		}
	}
	wantSizes("before restart", map[int]int64{0: 997, 5: 7, 6: 0})
	s.Restart(t)
	wantSizes("after restart", map[int]int64{0: 997, 5: 7, 6: 0})

	c = db(0)
	if err := c.FlushDB(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	s.Restart(t)
	wantSizes("after FLUSHDB and restart", map[int]int64{0: 0, 5: 7})

	c = db(0)
	c.Set(ctx, "zero", "0", 0)
	if err := c.Do(ctx, "SWAPDB", 0, 5).Err(); err != nil {
		t.Fatal(err)
	}
	s.Restart(t)
	wantSizes("after SWAPDB and restart", map[int]int64{0: 7, 5: 1})
	if got := db(0).Get(ctx, "five3").Val(); got != "3" {
		t.Errorf("db 0 after SWAPDB and restart: GET five3 = %q, want 3", got)
	}
	if got := db(5).Get(ctx, "zero").Val(); got != "0" {
		t.Errorf("db 5 after SWAPDB and restart: GET zero = %q, want 0", got)
	}
	if keys := db(5).Keys(ctx, "*").Val(); !sameSet(keys, []string{"zero"}) {
		t.Errorf("db 5 after SWAPDB and restart: KEYS * = %q", keys)
	}
}

// watchOutcome WATCHes key in db watchDB on addr, lets interfere run on
// another connection, then runs EXEC and reports whether it went through.
func watchOutcome(t *testing.T, addr string, setup [][]any, watchDB int, key string, interfere []any) bool {
	t.Helper()
	ctx := context.Background()
	admin := testserver.NewClient(t, addr)
	if err := admin.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range setup {
		if err := admin.Do(ctx, cmd...).Err(); err != nil {
			t.Fatalf("%v: %v", cmd, err)
		}
	}
	c := testserver.NewClient(t, addr, func(o *redis.Options) { o.DB = watchDB })
	err := c.Watch(ctx, func(tx *redis.Tx) error {
		if err := admin.Do(ctx, interfere...).Err(); err != nil {
			t.Fatalf("%v: %v", interfere, err)
		}
		_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, "marker", "1", 0)
			return nil
		})
		return err
	}, key)
	if err != nil && !errors.Is(err, redis.TxFailedErr) {
		t.Fatal(err)
	}
	return err == nil
}

// Ensure that FLUSHDB, FLUSHALL and SWAPDB fail the EXEC of clients WATCHing
// a key that existed in an affected database, and only those, exactly as
// Redis 7.0 does (each case also runs against a real redis-server).
func TestKeys_Watch_FlushAndSwap(t *testing.T) {
	s := testserver.Start(t, nil)
	r := testserver.StartRedis(t)
	// The setup and the interfering command run in db 0.
	for _, test := range []struct {
		name      string
		setup     [][]any
		watchDB   int
		key       string
		interfere []any
		execOK    bool
	}{
		{"FLUSHALL, watched key exists", [][]any{{"SET", "k", "v"}}, 0, "k", []any{"FLUSHALL"}, false},
		{"FLUSHALL, watched key in db 2 exists", [][]any{{"SET", "k", "v"}, {"MOVE", "k", 2}}, 2, "k",
			[]any{"FLUSHALL"}, false},
		{"FLUSHALL, watched key absent", [][]any{{"SET", "other", "v"}}, 0, "k", []any{"FLUSHALL"}, true},
		{"FLUSHDB of db 0, watched key exists", [][]any{{"SET", "k", "v"}}, 0, "k", []any{"FLUSHDB"}, false},
		{"FLUSHDB of db 0, watched key in db 2", [][]any{{"SET", "k", "v"}, {"MOVE", "k", 2}}, 2, "k",
			[]any{"FLUSHDB"}, true},
		{"SWAPDB, watched key only in the other db", [][]any{{"SET", "k", "v"}, {"MOVE", "k", 1}}, 0, "k",
			[]any{"SWAPDB", 0, 1}, false},
		{"SWAPDB, watched key in its own db", [][]any{{"SET", "k", "v"}}, 0, "k", []any{"SWAPDB", 1, 0}, false},
		{"SWAPDB, watched key in neither db", [][]any{{"SET", "other", "v"}}, 0, "k", []any{"SWAPDB", 0, 1}, true},
		{"SWAPDB of other dbs", [][]any{{"SET", "k", "v"}}, 0, "k", []any{"SWAPDB", 1, 2}, true},
		{"SWAPDB of a db with itself", [][]any{{"SET", "k", "v"}}, 0, "k", []any{"SWAPDB", 0, 0}, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			want := watchOutcome(t, r.Addr, test.setup, test.watchDB, test.key, test.interfere)
			if want != test.execOK {
				t.Fatalf("real Redis: EXEC ok=%v, the test expects %v", want, test.execOK)
			}
			if got := watchOutcome(t, s.Addr, test.setup, test.watchDB, test.key, test.interfere); got != want {
				t.Errorf("EXEC ok=%v, want %v (as Redis)", got, want)
			}
		})
	}
}

// Ensure that OBJECT IDLETIME counts from the last access (TYPE and OBJECT
// are no access), OBJECT FREQ refuses without an LFU policy, and OBJECT HELP
// lists the subcommands.
func TestKeys_Object(t *testing.T) {
	ctx := context.Background()
	s := testserver.Start(t, nil)
	c := s.Client(t)
	c.Set(ctx, "k", "hello", 0)
	payload, err := c.Dump(ctx, "k").Result()
	if err != nil {
		t.Fatal(err)
	}
	runSteps(ctx, t, c, []keysStep{
		{args: args("RESTORE", "idle", 0, payload, "IDLETIME", 1000), want: "OK"},
		{args: args("TYPE", "idle"), want: "string"},
		{args: args("EXISTS", "idle"), want: int64(1)},
		{args: args("OBJECT", "ENCODING", "idle"), want: "embstr"},
	})
	if idle := c.ObjectIdleTime(ctx, "idle").Val(); idle < 1000*time.Second || idle > 1010*time.Second {
		t.Errorf("OBJECT IDLETIME after RESTORE IDLETIME 1000: got %v", idle)
	}
	c.Get(ctx, "idle")
	if idle := c.ObjectIdleTime(ctx, "idle").Val(); idle > time.Second {
		t.Errorf("OBJECT IDLETIME after GET: got %v, want 0", idle)
	}
	freqErr := "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that " +
		"when switching between policies at runtime LRU and LFU data will take some time to adjust."
	runSteps(ctx, t, c, []keysStep{
		{args: args("OBJECT", "FREQ", "k"), err: freqErr},
		{args: args("OBJECT", "FREQ", "nokey"), want: nil},
		{args: args("OBJECT", "REFCOUNT", "k"), want: int64(1)},
		{args: args("OBJECT", "NOPE", "k"), err: "ERR unknown subcommand 'NOPE'. Try OBJECT HELP."},
	})
	help, err := c.Do(ctx, "OBJECT", "HELP").StringSlice()
	if err != nil || len(help) == 0 || !strings.HasPrefix(help[0], "OBJECT <subcommand>") {
		t.Fatalf("OBJECT HELP: got %q, %v", help, err)
	}
	for _, sub := range []string{"ENCODING", "FREQ", "IDLETIME", "REFCOUNT", "HELP"} {
		if !strings.Contains(strings.Join(help, "\n"), "\n"+sub) {
			t.Errorf("OBJECT HELP does not list %s", sub)
		}
	}
}

// Ensure that under an LFU policy OBJECT FREQ answers and OBJECT IDLETIME
// refuses with Redis's text.
func TestKeys_Object_LFU(t *testing.T) {
	ctx := context.Background()
	s := testserver.Start(t, map[string]string{"maxmemory-policy": "allkeys-lfu"})
	c := s.Client(t)
	c.Set(ctx, "k", "v", 0)
	if f, err := c.ObjectFreq(ctx, "k").Result(); err != nil || f < 0 || f > 255 {
		t.Errorf("OBJECT FREQ: got %d, %v", f, err)
	}
	runSteps(ctx, t, c, []keysStep{
		{args: args("OBJECT", "IDLETIME", "k"), err: "ERR An LFU maxmemory policy is selected, idle time not " +
			"tracked. Please note that when switching between policies at runtime LRU and LFU data will take " +
			"some time to adjust."},
		{args: args("OBJECT", "IDLETIME", "nokey"), want: nil},
	})
}

package e2e

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// restartDatabases is how many databases the restart tests fill and compare.
const restartDatabases = 16

// valueKind is one Redis type: how to write a sample of it and how to read
// a whole value back as a canonical string.
type valueKind struct {
	typ   string // TYPE's reply
	write func(ctx context.Context, c *redis.Client, key string, i int) error
	read  func(ctx context.Context, c *redis.Client, key string) (string, error)
}

// valueKinds lists every type the restart tests cover. A kind whose write
// command the server does not implement yet is skipped (and logged), so new
// types are covered as soon as they land.
var valueKinds = []valueKind{
	{"string",
		func(ctx context.Context, c *redis.Client, key string, i int) error {
			return c.Set(ctx, key, fmt.Sprintf("value-%d-%s", i, strings.Repeat("z", i%40)), 0).Err()
		},
		func(ctx context.Context, c *redis.Client, key string) (string, error) {
			return c.Get(ctx, key).Result()
		}},
	{"hash",
		func(ctx context.Context, c *redis.Client, key string, i int) error {
			return c.HSet(ctx, key, "f1", i, "f2", "two", fmt.Sprintf("f%d", i+3), "x").Err()
		},
		func(ctx context.Context, c *redis.Client, key string) (string, error) {
			m, err := c.HGetAll(ctx, key).Result()
			return canonicalMap(m), err
		}},
	{"list",
		func(ctx context.Context, c *redis.Client, key string, i int) error {
			return c.RPush(ctx, key, "a", i, "c", "a").Err()
		},
		func(ctx context.Context, c *redis.Client, key string) (string, error) {
			l, err := c.LRange(ctx, key, 0, -1).Result()
			return strings.Join(l, ","), err
		}},
	{"set",
		func(ctx context.Context, c *redis.Client, key string, i int) error {
			return c.SAdd(ctx, key, "m1", i, "m3").Err()
		},
		func(ctx context.Context, c *redis.Client, key string) (string, error) {
			m, err := c.SMembers(ctx, key).Result()
			sort.Strings(m)
			return strings.Join(m, ","), err
		}},
	{"zset",
		func(ctx context.Context, c *redis.Client, key string, i int) error {
			return c.ZAdd(ctx, key, redis.Z{Score: float64(i), Member: "a"}, redis.Z{Score: -1.5, Member: "b"}).Err()
		},
		func(ctx context.Context, c *redis.Client, key string) (string, error) {
			z, err := c.ZRangeWithScores(ctx, key, 0, -1).Result()
			return fmt.Sprint(z), err
		}},
	{"stream",
		func(ctx context.Context, c *redis.Client, key string, i int) error {
			return c.XAdd(ctx, &redis.XAddArgs{Stream: key, ID: fmt.Sprintf("%d-1", i+1), Values: []string{"f", "v"}}).Err()
		},
		func(ctx context.Context, c *redis.Client, key string) (string, error) {
			x, err := c.XRange(ctx, key, "-", "+").Result()
			return fmt.Sprint(x), err
		}},
}

func canonicalMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s;", k, m[k])
	}
	return b.String()
}

// isUnknownCommand reports Redis's reply to a command the server lacks.
func isUnknownCommand(err error) bool {
	return err != nil && strings.HasPrefix(err.Error(), "ERR unknown command")
}

// dbClient returns a client of addr that uses database db.
func dbClient(t *testing.T, addr string, db int) *redis.Client {
	t.Helper()
	return testserver.NewClient(t, addr, func(o *redis.Options) { o.DB = db })
}

// fillForRestart writes keys of every kind the server supports into every
// database, half of them with a TTL far in the future, and returns the kinds
// written.
func fillForRestart(t *testing.T, addr string) []string {
	t.Helper()
	ctx := context.Background()
	var written []string
	for _, k := range valueKinds {
		supported := true
		for db := range restartDatabases {
			c := dbClient(t, addr, db)
			for i := range 5 + db {
				key := fmt.Sprintf("%s:%d:%d", k.typ, db, i)
				err := k.write(ctx, c, key, i)
				if isUnknownCommand(err) {
					supported = false
					break
				}
				if err != nil {
					t.Fatalf("write %s: %v", key, err)
				}
				if i%2 == 1 {
					ttl := time.Duration(1000+i*7+db) * time.Second
					if err := c.PExpire(ctx, key, ttl).Err(); err != nil {
						t.Fatalf("PEXPIRE %s: %v", key, err)
					}
				}
			}
			if !supported {
				break
			}
		}
		if !supported {
			t.Logf("SKIPPED PART: no %s commands yet; %s keys are not covered", k.typ, k.typ)
			continue
		}
		written = append(written, k.typ)
	}
	if len(written) == 0 {
		t.Fatal("no kind of value could be written")
	}
	// A binary key and an empty value.
	c := dbClient(t, addr, 0)
	if err := c.Set(ctx, "bin\x00\xff\r\nkey", "", 0).Err(); err != nil {
		t.Fatal(err)
	}
	return written
}

// entry is one key's state as a client sees it.
type entry struct {
	typ   string
	value string
	pttl  int64 // milliseconds; -1 without TTL
}

// snapshot is every key of every database, and DBSIZE of each.
type snapshot struct {
	keys       [restartDatabases]map[string]entry
	sizes      [restartDatabases]int64
	start, end time.Time // each key was read between start and end
}

// takeSnapshot reads the whole data set with SCAN, TYPE, the type's read
// command and PTTL.
func takeSnapshot(t *testing.T, addr string) snapshot {
	t.Helper()
	ctx := context.Background()
	readers := map[string]valueKind{}
	for _, k := range valueKinds {
		readers[k.typ] = k
	}
	var s snapshot
	s.start = time.Now()
	for db := range restartDatabases {
		c := dbClient(t, addr, db)
		n, err := c.DBSize(ctx).Result()
		if err != nil {
			t.Fatalf("db %d: DBSIZE: %v", db, err)
		}
		s.sizes[db] = n
		s.keys[db] = map[string]entry{}
		var cursor uint64
		for {
			keys, next, err := c.Scan(ctx, cursor, "", 500).Result()
			if err != nil {
				t.Fatalf("db %d: SCAN: %v", db, err)
			}
			for _, key := range keys {
				typ, err := c.Type(ctx, key).Result()
				if err != nil {
					t.Fatalf("db %d: TYPE %q: %v", db, key, err)
				}
				k, ok := readers[typ]
				if !ok {
					t.Fatalf("db %d: %q has unknown type %q", db, key, typ)
				}
				v, err := k.read(ctx, c, key)
				if err != nil {
					t.Fatalf("db %d: reading %q: %v", db, key, err)
				}
				pttl, err := c.Do(ctx, "PTTL", key).Int64()
				if err != nil {
					t.Fatalf("db %d: PTTL %q: %v", db, key, err)
				}
				s.keys[db][key] = entry{typ, v, pttl}
			}
			if next == 0 {
				break
			}
			cursor = next
		}
	}
	s.end = time.Now()
	return s
}

// compareSnapshots fails unless after holds exactly the keys, types, values
// and sizes of before, with each TTL shortened by the time that can have
// passed between the two reads of the key, give or take a few milliseconds.
func compareSnapshots(t *testing.T, before, after snapshot) {
	t.Helper()
	maxElapsed := after.end.Sub(before.start).Milliseconds()
	minElapsed := max(0, after.start.Sub(before.end).Milliseconds())
	const margin = 20 // ms: PTTL and clock rounding
	for db := range restartDatabases {
		if before.sizes[db] != after.sizes[db] {
			t.Errorf("db %d: DBSIZE %d before restart, %d after", db, before.sizes[db], after.sizes[db])
		}
		if int64(len(before.keys[db])) != before.sizes[db] {
			t.Errorf("db %d: SCAN found %d keys, DBSIZE says %d", db, len(before.keys[db]), before.sizes[db])
		}
		for key, b := range before.keys[db] {
			a, ok := after.keys[db][key]
			switch {
			case !ok:
				t.Errorf("db %d: %q lost by the restart", db, key)
			case a.typ != b.typ || a.value != b.value:
				t.Errorf("db %d: %q was %s %q, is %s %q", db, key, b.typ, b.value, a.typ, a.value)
			case b.pttl < 0 && a.pttl != b.pttl:
				t.Errorf("db %d: %q had PTTL %d, has %d", db, key, b.pttl, a.pttl)
			case b.pttl >= 0 && (a.pttl > b.pttl-minElapsed+margin || a.pttl < b.pttl-maxElapsed-margin):
				t.Errorf("db %d: %q had PTTL %d, has %d between %d and %d ms later",
					db, key, b.pttl, a.pttl, minElapsed, maxElapsed)
			}
		}
		for key := range after.keys[db] {
			if _, ok := before.keys[db][key]; !ok {
				t.Errorf("db %d: %q appeared after the restart", db, key)
			}
		}
	}
}

// Ensure that a clean restart of the in-process server keeps every key of
// every kind and database, with its TTL, and DBSIZE per database.
func TestRestart_InProcess_KeepsEverything(t *testing.T) {
	t.Parallel()
	s := testserver.Start(t, nil)
	kinds := fillForRestart(t, s.Addr)
	// SWAPDB before the restart: the database map must persist too.
	swapped := true
	if err := dbClient(t, s.Addr, 0).Do(context.Background(), "SWAPDB", 2, 3).Err(); isUnknownCommand(err) {
		swapped = false
		t.Logf("SKIPPED PART: no SWAPDB yet")
	} else if err != nil {
		t.Fatalf("SWAPDB: %v", err)
	}
	before := takeSnapshot(t, s.Addr)
	if _, ok := before.keys[2]["string:3:0"]; swapped && !ok {
		t.Fatalf("after SWAPDB 2 3, db 2 lacks db 3's keys")
	}
	s.Restart(t)
	compareSnapshots(t, before, takeSnapshot(t, s.Addr))
	t.Logf("kinds covered: %v", kinds)
}

// Ensure that the real binary stopped with SIGTERM exits cleanly and comes
// back with the same contents.
func TestRestart_Binary_SIGTERM(t *testing.T) {
	t.Parallel()
	p := testserver.StartProcess(t, "")
	fillForRestart(t, p.Addr)
	before := takeSnapshot(t, p.Addr)
	if err := p.Terminate(); err != nil {
		t.Fatalf("tierdb did not exit cleanly on SIGTERM: %v", err)
	}
	p.Restart()
	compareSnapshots(t, before, takeSnapshot(t, p.Addr))
}

// Ensure that start-up does not load the data set: a store of 200k keys
// answers DBSIZE exactly and serves keys at once after a restart. The
// start-up times of an empty and a full directory are logged, not asserted
// (benchmarks, not tests, judge speed).
func TestRestart_StartupDoesNotLoadData(t *testing.T) {
	t.Parallel()
	const keys = 200_000
	ctx := context.Background()
	s := testserver.Start(t, nil)
	s.Client(t) // answers PING: Serve is running (resp.Server.Close before Serve hangs)
	s.Stop(t)
	start := time.Now()
	s.Restart(t)
	empty := time.Since(start)

	c := s.Client(t, func(o *redis.Options) { o.ReadTimeout = time.Minute })
	const perCmd, perPipeline = 1000, 10
	for base := 0; base < keys; base += perCmd * perPipeline {
		_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
			for b := base; b < min(base+perCmd*perPipeline, keys); b += perCmd {
				args := make([]any, 0, 2*perCmd)
				for i := b; i < b+perCmd; i++ {
					args = append(args, fmt.Sprintf("key:%06d", i), fmt.Sprintf("value:%d", i))
				}
				p.MSet(ctx, args...)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("MSET: %v", err)
		}
	}
	s.Stop(t)
	start = time.Now()
	s.Restart(t)
	full := time.Since(start)
	t.Logf("start-up: empty dir %v, %d keys %v", empty, keys, full)

	c = s.Client(t)
	if n, err := c.DBSize(ctx).Result(); err != nil || n != keys {
		t.Fatalf("DBSIZE right after restart = %d, %v; want %d", n, err, keys)
	}
	for _, i := range []int{0, 12_345, keys - 1} {
		want := fmt.Sprintf("value:%d", i)
		if v, err := c.Get(ctx, fmt.Sprintf("key:%06d", i)).Result(); err != nil || v != want {
			t.Errorf("key:%06d = %q, %v; want %q", i, v, err, want)
		}
	}
	keysScanned, cursor := 0, uint64(0)
	for range 3 {
		batch, next, err := c.Scan(ctx, cursor, "", 100).Result()
		if err != nil {
			t.Fatalf("SCAN after restart: %v", err)
		}
		keysScanned += len(batch)
		cursor = next
	}
	if keysScanned < 100 {
		t.Errorf("SCAN right after restart returned %d keys in 3 calls", keysScanned)
	}
}

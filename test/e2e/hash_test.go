package e2e

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// End-to-end tests of the hash commands through go-redis, each run with the
// hashes in memory and again after a restart, when only the disk has them:
// a small hash (kept in memory once read) and one of bigBash fields (more
// than tierdb ever loads, so always served from disk).

// bigHash is the number of fields of the big test hash: more than the
// 4096 fields up to which tierdb loads a hash into memory.
const bigHash = 5000

const errWrongType = "WRONGTYPE Operation against a key holding the wrong kind of value"

// bigFields is field i → value i of the big test hash.
func bigFields() map[string]string {
	m := make(map[string]string, bigHash)
	for i := range bigHash {
		m[fmt.Sprintf("field:%d", i)] = fmt.Sprintf("value:%d", i)
	}
	return m
}

// hashSetup writes the hashes every test starts from: h {a:1 b:2 c:3},
// big (bigHash fields), ttl {f:v} with a TTL, and the string s.
func hashSetup() []strStep {
	big := strArgs("HSET", "big")
	for i := range bigHash {
		big = append(big, fmt.Sprintf("field:%d", i), fmt.Sprintf("value:%d", i))
	}
	return []strStep{
		{args: strArgs("HSET", "h", "a", "1", "b", "2", "c", "3"), want: int64(3)},
		{args: big, want: int64(bigHash)},
		{args: strArgs("HSET", "ttl", "f", "v"), want: int64(1)},
		{args: strArgs("EXPIRE", "ttl", "100"), want: int64(1)},
		{args: strArgs("SET", "s", "string"), want: "OK"},
	}
}

// wantHash fails unless HGETALL key is want (nil: no key).
func wantHash(t *testing.T, c *redis.Client, key string, want map[string]string) {
	t.Helper()
	got, err := c.HGetAll(context.Background(), key).Result()
	if err != nil {
		t.Fatalf("HGETALL %s: %v", key, err)
	}
	if want == nil {
		want = map[string]string{}
	}
	if !maps.Equal(got, want) {
		t.Errorf("HGETALL %s: %d fields, want %d (%.200v)", key, len(got), len(want), got)
	}
}

// Ensure that HGET, HMGET, HEXISTS, HLEN, HSTRLEN, HGETALL, HKEYS and HVALS
// read small and big hashes, hot and cold, and refuse other types.
func TestHash_Reads(t *testing.T) {
	forHotAndCold(t, hashSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runStrSteps(t, c, []strStep{
			{args: strArgs("HGET", "h", "b"), want: "2"},
			{args: strArgs("HGET", "h", "nosuch"), want: nil},
			{args: strArgs("HGET", "nokey", "a"), want: nil},
			{args: strArgs("HGET", "big", "field:4321"), want: "value:4321"},
			{args: strArgs("HGET", "big", "field:5000"), want: nil},
			{args: strArgs("HMGET", "h", "a", "nosuch", "c"), want: []any{"1", nil, "3"}},
			{args: strArgs("HMGET", "big", "field:0", "x", "field:4999"), want: []any{"value:0", nil, "value:4999"}},
			{args: strArgs("HMGET", "nokey", "a"), want: []any{nil}},
			{args: strArgs("HEXISTS", "h", "a"), want: int64(1)},
			{args: strArgs("HEXISTS", "h", "z"), want: int64(0)},
			{args: strArgs("HEXISTS", "big", "field:17"), want: int64(1)},
			{args: strArgs("HEXISTS", "nokey", "a"), want: int64(0)},
			{args: strArgs("HLEN", "h"), want: int64(3)},
			{args: strArgs("HLEN", "big"), want: int64(bigHash)},
			{args: strArgs("HLEN", "nokey"), want: int64(0)},
			{args: strArgs("HSTRLEN", "big", "field:10"), want: int64(len("value:10"))},
			{args: strArgs("HSTRLEN", "h", "nosuch"), want: int64(0)},
			{args: strArgs("HSTRLEN", "nokey", "a"), want: int64(0)},
			{args: strArgs("TYPE", "big"), want: "hash"},
			// Other types refuse a hash and hash commands refuse a string.
			{args: strArgs("GET", "h"), err: errWrongType},
			{args: strArgs("INCR", "big"), err: errWrongType},
			{args: strArgs("HGET", "s", "a"), err: errWrongType},
			{args: strArgs("HMGET", "s", "a"), err: errWrongType},
			{args: strArgs("HEXISTS", "s", "a"), err: errWrongType},
			{args: strArgs("HLEN", "s"), err: errWrongType},
			{args: strArgs("HSTRLEN", "s", "a"), err: errWrongType},
			{args: strArgs("HGETALL", "s"), err: errWrongType},
			{args: strArgs("HKEYS", "s"), err: errWrongType},
			{args: strArgs("HVALS", "s"), err: errWrongType},
			{args: strArgs("HGET", "h"), err: "ERR wrong number of arguments for 'hget' command"},
			{args: strArgs("HMGET", "h"), err: "ERR wrong number of arguments for 'hmget' command"},
			{args: strArgs("HGETALL", "h", "x"), err: "ERR wrong number of arguments for 'hgetall' command"},
			{args: strArgs("HSTRLEN", "h"), err: "ERR wrong number of arguments for 'hstrlen' command"},
		})
		wantHash(t, c, "h", map[string]string{"a": "1", "b": "2", "c": "3"})
		wantHash(t, c, "big", bigFields())
		wantHash(t, c, "nokey", nil)
		keys, err := c.HKeys(ctx, "big").Result()
		if slices.Sort(keys); err != nil || len(keys) != bigHash || len(slices.Compact(keys)) != bigHash {
			t.Errorf("HKEYS big: %d distinct fields, %v", len(keys), err)
		}
		vals, err := c.HVals(ctx, "h").Result()
		if slices.Sort(vals); err != nil || !slices.Equal(vals, []string{"1", "2", "3"}) {
			t.Errorf("HVALS h: %v, %v", vals, err)
		}
		// RESP3: HGETALL is a map.
		c3 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.Protocol = 3 })
		m, err := c3.Do(ctx, "HGETALL", "h").Result()
		if want := map[any]any{"a": "1", "b": "2", "c": "3"}; err != nil || !maps.Equal(m.(map[any]any), want) {
			t.Errorf("RESP3 HGETALL: %#v, %v", m, err)
		}
	})
}

// Ensure that HSET, HMSET, HSETNX and HDEL change small and big hashes,
// hot and cold, keep the key's TTL, delete the key with its last field,
// and refuse bad arguments without changing anything.
func TestHash_Writes(t *testing.T) {
	forHotAndCold(t, hashSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("HSET", "h", "a", "10", "d", "4"), want: int64(1)},
			{args: strArgs("HSET", "h", "e", "5", "e", "6"), want: int64(1)},
			{args: strArgs("HMSET", "h", "f", "7", "a", "11"), want: "OK"},
			{args: strArgs("HSETNX", "h", "a", "x"), want: int64(0)},
			{args: strArgs("HSETNX", "h", "g", "8"), want: int64(1)},
			{args: strArgs("HSETNX", "new", "k", "v"), want: int64(1)},
			{args: strArgs("HDEL", "h", "b", "b", "nosuch"), want: int64(1)},
			{args: strArgs("HDEL", "nokey", "a"), want: int64(0)},
			{args: strArgs("HSET", "big", "field:1", "changed", "extra", "x"), want: int64(1)},
			{args: strArgs("HSET", "big", "extra", "y", "field:1", "again"), want: int64(0)},
			{args: strArgs("HDEL", "big", "field:2", "field:3", "field:99999"), want: int64(2)},
			{args: strArgs("HSETNX", "big", "field:4", "x"), want: int64(0)},
			{args: strArgs("HLEN", "big"), want: int64(bigHash - 1)},
			// The key goes with its last field.
			{args: strArgs("HSET", "ttl", "g", "w"), want: int64(1)},
			{args: strArgs("HDEL", "new", "k"), want: int64(1)},
			{args: strArgs("EXISTS", "new"), want: int64(0)},
			{args: strArgs("TYPE", "new"), want: "none"},
			// Errors change nothing.
			{args: strArgs("HSET", "h", "a"), err: "ERR wrong number of arguments for 'hset' command"},
			{args: strArgs("HSET", "h", "a", "1", "b"), err: "ERR wrong number of arguments for 'hset' command"},
			{args: strArgs("HMSET", "h", "z", "1", "y"), err: "ERR wrong number of arguments for 'hmset' command"},
			{args: strArgs("HSETNX", "h", "a"), err: "ERR wrong number of arguments for 'hsetnx' command"},
			{args: strArgs("HDEL", "h"), err: "ERR wrong number of arguments for 'hdel' command"},
			{args: strArgs("HSET", "s", "a", "1"), err: errWrongType},
			{args: strArgs("HMSET", "s", "a", "1"), err: errWrongType},
			{args: strArgs("HSETNX", "s", "a", "1"), err: errWrongType},
			{args: strArgs("HDEL", "s", "a"), err: errWrongType},
			{args: strArgs("GET", "s"), want: "string"},
			// SET replaces a hash, fields and all.
			{args: strArgs("SET", "ttl", "now a string"), want: "OK"},
			{args: strArgs("HGET", "ttl", "f"), err: errWrongType},
			{args: strArgs("DEL", "ttl"), want: int64(1)},
			{args: strArgs("HSET", "ttl", "fresh", "1"), want: int64(1)},
		})
		wantHash(t, c, "h", map[string]string{"a": "11", "c": "3", "d": "4", "e": "6", "f": "7", "g": "8"})
		want := bigFields()
		want["field:1"], want["extra"] = "again", "y"
		delete(want, "field:2")
		delete(want, "field:3")
		wantHash(t, c, "big", want)
		wantHash(t, c, "ttl", map[string]string{"fresh": "1"})
	})
}

// Ensure that a hash's TTL survives HSET, HDEL and a restart.
func TestHash_Writes_KeepTTL(t *testing.T) {
	forHotAndCold(t, hashSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("HSET", "ttl", "g", "w"), want: int64(1)},
			{args: strArgs("HDEL", "ttl", "f"), want: int64(1)},
		})
		wantTTLNear(t, c, "ttl", 100*time.Second)
	})
}

// Ensure that HINCRBY and HINCRBYFLOAT count in small and big hashes, hot
// and cold, and refuse what Redis refuses.
func TestHash_Counters(t *testing.T) {
	setup := append(hashSetup(), strStep{args: strArgs("HSET", "h", "max", "9223372036854775807", "f", "1.5",
		"txt", "abc"), want: int64(3)})
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("HINCRBY", "h", "a", "41"), want: int64(42)},
			{args: strArgs("HINCRBY", "h", "new", "-5"), want: int64(-5)},
			{args: strArgs("HINCRBY", "fresh", "n", "3"), want: int64(3)},
			{args: strArgs("HINCRBY", "big", "counter", "7"), want: int64(7)},
			{args: strArgs("HINCRBY", "big", "counter", "7"), want: int64(14)},
			{args: strArgs("HINCRBY", "h", "max", "1"), err: "ERR increment or decrement would overflow"},
			{args: strArgs("HINCRBY", "h", "f", "1"), err: "ERR hash value is not an integer"},
			{args: strArgs("HINCRBY", "big", "field:1", "1"), err: "ERR hash value is not an integer"},
			{args: strArgs("HINCRBY", "h", "a", "x"), err: errNotInt},
			{args: strArgs("HINCRBY", "h", "a", "9223372036854775808"), err: errNotInt},
			{args: strArgs("HINCRBY", "s", "a", "1"), err: errWrongType},
			{args: strArgs("HINCRBY", "s", "a", "x"), err: errNotInt},
			{args: strArgs("HINCRBYFLOAT", "h", "f", "0.1"), want: "1.6"},
			{args: strArgs("HINCRBYFLOAT", "h", "a", "0.5"), want: "42.5"},
			{args: strArgs("HINCRBYFLOAT", "h", "nf", "1e3"), want: "1000"},
			{args: strArgs("HINCRBYFLOAT", "big", "fl", "-2.25"), want: "-2.25"},
			{args: strArgs("HINCRBYFLOAT", "h", "txt", "1"), err: "ERR hash value is not a float"},
			{args: strArgs("HINCRBYFLOAT", "h", "f", "x"), err: errNotFloat},
			{args: strArgs("HINCRBYFLOAT", "h", "f", "inf"), err: "ERR value is NaN or Infinity"},
			{args: strArgs("HINCRBYFLOAT", "h", "f", "nan"), err: errNotFloat},
			{args: strArgs("HINCRBYFLOAT", "s", "f", "1"), err: errWrongType},
			{args: strArgs("HINCRBYFLOAT", "nokey", "f", "x"), err: errNotFloat},
			{args: strArgs("EXISTS", "nokey"), want: int64(0)},
			{args: strArgs("HGET", "h", "f"), want: "1.6"},
			{args: strArgs("HGET", "big", "counter"), want: "14"},
		})
	})
}

// Ensure that HRANDFIELD picks fields of the hash, distinct for a positive
// count, repeating for a negative one, with their values, in RESP2 and
// RESP3, hot and cold, and returns the whole hash for a count past its
// size.
func TestHash_Randfield(t *testing.T) {
	forHotAndCold(t, hashSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		small := map[string]string{"a": "1", "b": "2", "c": "3"}
		for _, proto := range []int{2, 3} {
			cl := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.Protocol = proto })
			for _, k := range []struct {
				key     string
				content map[string]string
			}{{"h", small}, {"big", bigFields()}} {
				f, err := cl.HRandField(ctx, k.key, 1).Result()
				if err != nil || len(f) != 1 || k.content[f[0]] == "" {
					t.Errorf("RESP%d HRANDFIELD %s 1: %v, %v", proto, k.key, f, err)
				}
				for _, n := range []int{2, -7, 3, 50} {
					kv, err := cl.HRandFieldWithValues(ctx, k.key, n).Result()
					want := min(abs(n), len(k.content))
					if n < 0 {
						want = -n
					}
					if err != nil || len(kv) != want {
						t.Fatalf("RESP%d HRANDFIELD %s %d WITHVALUES: %d pairs, %v; want %d", proto, k.key, n, len(kv), err, want)
					}
					seen := map[string]bool{}
					for _, p := range kv {
						if k.content[p.Key] != p.Value {
							t.Errorf("RESP%d HRANDFIELD %s: %q=%q is not in the hash", proto, k.key, p.Key, p.Value)
						}
						if n > 0 && seen[p.Key] {
							t.Errorf("RESP%d HRANDFIELD %s %d repeated %q", proto, k.key, n, p.Key)
						}
						seen[p.Key] = true
					}
				}
			}
		}
		// A negative count may repeat, past the hash's size.
		if f, err := c.HRandField(ctx, "h", -10).Result(); err != nil || len(f) != 10 {
			t.Errorf("HRANDFIELD h -10: %v, %v", f, err)
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("HRANDFIELD", "nokey"), want: nil},
			{args: strArgs("HRANDFIELD", "nokey", "3"), want: []any{}},
			{args: strArgs("HRANDFIELD", "h", "0"), want: []any{}},
			{args: strArgs("HRANDFIELD", "h", "x"), err: errNotInt},
			{args: strArgs("HRANDFIELD", "h", "1", "VALUES"), err: errSyntax},
			{args: strArgs("HRANDFIELD", "h", "1", "WITHVALUES", "x"), err: errSyntax},
			{args: strArgs("HRANDFIELD", "h", "-9223372036854775808"),
				err: "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"},
			{args: strArgs("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"), err: "ERR value is out of range"},
			{args: strArgs("HRANDFIELD", "s"), err: errWrongType},
		})
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// scanHash runs a whole HSCAN iteration, calling between(step) after each
// call but the last, and returns how often each field came and the number
// of calls.
func scanHash(t *testing.T, c *redis.Client, key, match string, count int64, between func(step int)) (map[string]int, int) {
	t.Helper()
	return iterateScan(t, "HSCAN "+key, func(cursor uint64) ([]string, uint64, error) {
		kv, next, err := c.HScan(context.Background(), key, cursor, match, count).Result()
		return pairNames(kv), next, err
	}, between)
}

// Ensure that HSCAN returns a small hash whole in one call, and walks a big
// one in steps, hot and cold, returning every field that is there for the
// whole scan while others come and go, with MATCH and COUNT.
func TestHash_Scan(t *testing.T) {
	forHotAndCold(t, hashSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		seen, calls := scanHash(t, c, "h", "", 1, nil)
		if calls != 1 || len(seen) != 3 {
			t.Errorf("HSCAN of a small hash: %d calls, %v", calls, seen)
		}
		seen, calls = scanHash(t, c, "big", "", 100, func(step int) {
			c.HSet(ctx, "big", fmt.Sprintf("added:%d", step), "x")
			c.HDel(ctx, "big", fmt.Sprintf("field:%d", 4000+step)) // gone during the scan: may or may not come
		})
		if calls < bigHash/200 {
			t.Errorf("HSCAN of %d fields with COUNT 100 took %d calls", bigHash, calls)
		}
		for i := range 4000 {
			if f := fmt.Sprintf("field:%d", i); seen[f] != 1 {
				t.Fatalf("field %s came %d times", f, seen[f])
			}
		}
		seen, _ = scanHash(t, c, "big", "field:12*", 500, nil)
		if len(seen) != 111 { // field:12, field:120..129, field:1200..1299
			t.Errorf("HSCAN MATCH field:12*: %d fields, want 111", len(seen))
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("HSCAN", "nokey", "0"), want: []any{"0", []any{}}},
			{args: strArgs("HSCAN", "h", "x"), err: "ERR invalid cursor"},
			{args: strArgs("HSCAN", "h", "0", "COUNT", "0"), err: errSyntax},
			{args: strArgs("HSCAN", "h", "0", "COUNT", "x"), err: errNotInt},
			{args: strArgs("HSCAN", "h", "0", "MATCH"), err: errSyntax},
			{args: strArgs("HSCAN", "s", "0"), err: errWrongType},
			{args: strArgs("HSCAN", "h", "0", "MATCH", "b"), want: []any{"0", []any{"b", "2"}}},
		})
	})
}

// Ensure that TYPE, OBJECT ENCODING, RENAME, COPY, MOVE, DUMP and RESTORE,
// EXPIRE and SCAN TYPE handle hashes, small and big, hot and cold.
func TestHash_KeyCommands(t *testing.T) {
	forHotAndCold(t, hashSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runStrSteps(t, c, []strStep{
			{args: strArgs("OBJECT", "ENCODING", "h"), want: "listpack"},
			{args: strArgs("OBJECT", "ENCODING", "big"), want: "hashtable"},
			{args: strArgs("RENAME", "big", "big2"), want: "OK"},
			{args: strArgs("COPY", "big2", "bigcopy"), want: int64(1)},
			{args: strArgs("HSET", "bigcopy", "field:0", "copy only"), want: int64(0)},
			{args: strArgs("HGET", "big2", "field:0"), want: "value:0"},
			{args: strArgs("MOVE", "h", "3"), want: int64(1)},
			{args: strArgs("COPY", "bigcopy", "bigcopy", "DB", "3"), want: int64(1)},
			{args: strArgs("EXISTS", "h", "big"), want: int64(0)},
			{args: strArgs("RENAMENX", "big2", "bigcopy"), want: int64(0)},
			{args: strArgs("RENAME", "s", "bigcopy"), want: "OK"},
			{args: strArgs("TYPE", "bigcopy"), want: "string"},
		})
		wantHash(t, c, "big2", bigFields())
		c3 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.DB = 3 })
		wantHash(t, c3, "h", map[string]string{"a": "1", "b": "2", "c": "3"})
		want := bigFields()
		want["field:0"] = "copy only"
		wantHash(t, c3, "bigcopy", want)
		// DUMP and RESTORE, with REPLACE over another hash.
		for _, key := range []string{"big2", "ttl"} {
			p, err := c.Dump(ctx, key).Result()
			if err != nil {
				t.Fatalf("DUMP %s: %v", key, err)
			}
			if err := c.RestoreReplace(ctx, "restored", time.Minute, p).Err(); err != nil {
				t.Fatalf("RESTORE %s: %v", key, err)
			}
			before, _ := c.HGetAll(ctx, key).Result()
			wantHash(t, c, "restored", before)
			wantTTLNear(t, c, "restored", time.Minute)
		}
		keys, _, err := c.ScanType(ctx, 0, "*", 1000, "hash").Result()
		if slices.Sort(keys); err != nil || !slices.Equal(keys, []string{"big2", "restored", "ttl"}) {
			t.Errorf("SCAN TYPE hash: %v, %v", keys, err)
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("PEXPIRE", "big2", "1"), want: int64(1)},
		})
		time.Sleep(5 * time.Millisecond)
		runStrSteps(t, c, []strStep{
			{args: strArgs("HGET", "big2", "field:1"), want: nil},
			{args: strArgs("HLEN", "big2"), want: int64(0)},
			{args: strArgs("DEL", "restored", "ttl"), want: int64(2)},
			{args: strArgs("DBSIZE"), want: int64(1)},
		})
	})
}

// Ensure that MULTI/EXEC reads what it wrote earlier to a cold big hash,
// that a hash write breaks a WATCH, and that an EXEC's hash writes survive
// a restart as a whole.
func TestHash_MultiExec(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	runStrSteps(t, c, hashSetup())
	s.Restart(t)
	c = s.Client(t)
	ctx := context.Background()
	cmds, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, "big", "new", "1", "field:0", "changed")
		p.HDel(ctx, "big", "field:1")
		p.HGet(ctx, "big", "new")
		p.HLen(ctx, "big")
		p.HIncrBy(ctx, "big", "new", 1)
		p.HGetAll(ctx, "big")
		return nil
	})
	if err != nil {
		t.Fatalf("EXEC: %v", err)
	}
	if v := cmds[2].(*redis.StringCmd).Val(); v != "1" {
		t.Errorf("HGET inside EXEC: %q", v)
	}
	if n := cmds[3].(*redis.IntCmd).Val(); n != bigHash {
		t.Errorf("HLEN inside EXEC: %d", n)
	}
	all := cmds[5].(*redis.MapStringStringCmd).Val()
	if len(all) != bigHash || all["new"] != "2" || all["field:0"] != "changed" || all["field:1"] != "" {
		t.Errorf("HGETALL inside EXEC: %d fields", len(all))
	}
	// WATCH: an HSET from another client makes EXEC fail.
	other := s.Client(t)
	err = c.Watch(ctx, func(tx *redis.Tx) error {
		other.HSet(ctx, "h", "a", "changed")
		_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, "h", "a", "mine")
			return nil
		})
		return err
	}, "h")
	if err != redis.TxFailedErr {
		t.Errorf("EXEC after a watched hash changed: %v, want %v", err, redis.TxFailedErr)
	}
	s.Restart(t)
	c = s.Client(t)
	want := bigFields()
	want["new"], want["field:0"] = "2", "changed"
	delete(want, "field:1")
	wantHash(t, c, "big", want)
	if v, _ := c.HGet(ctx, "h", "a").Result(); v != "changed" {
		t.Errorf("h.a = %q, want changed", v)
	}
}

// Ensure that binary fields and values, and empty ones, survive every path.
func TestHash_BinarySafe(t *testing.T) {
	k, f, v := "bin\x00key", "\x00\r\nfield\xff", "\x00\r\n$3\r\nvalue"
	setup := []strStep{
		{args: strArgs("HSET", k, f, v, "", "", "empty", ""), want: int64(3)},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		wantHash(t, c, k, map[string]string{f: v, "": "", "empty": ""})
		runStrSteps(t, c, []strStep{
			{args: strArgs("HGET", k, f), want: v},
			{args: strArgs("HSTRLEN", k, f), want: int64(len(v))},
			{args: strArgs("HEXISTS", k, ""), want: int64(1)},
			{args: strArgs("HDEL", k, "", f), want: int64(2)},
			{args: strArgs("HKEYS", k), want: []any{"empty"}},
			{args: strArgs("HINCRBY", k, "\x00", "5"), want: int64(5)},
			{args: strArgs("HGET", k, "\x00"), want: strconv.Itoa(5)},
		})
	})
}

package e2e

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// End-to-end tests of the sorted set commands through go-redis, each run
// with the sets in memory and again after a restart, when only the disk has
// them: small sets (loaded once read) and one of bigZset entries (more than
// tierdb ever loads, so always served by Pebble range reads). Every error
// text is checked against Redis's, byte for byte, in zset_diff_test.go;
// here each command's errors are checked as a go-redis user sees them.

// bigZset is the number of entries of the big test set: more than the 4096
// up to which tierdb loads a sorted set into memory.
const bigZset = 5000

// bigZsetMember is the i-th member of the big set, whose score is i.
func bigZsetMember(i int) string { return fmt.Sprintf("m%05d", i) }

// zsetSetup writes the sets every test starts from: z {a:1 b:2 c:3 d:4},
// lex (a..e, all scoring 0), big (bigZset members scoring 0..bigZset-1),
// set (a plain set) and the string s.
func zsetSetup() []strStep {
	big := strArgs("ZADD", "big")
	for i := range bigZset {
		big = append(big, i, bigZsetMember(i))
	}
	return []strStep{
		{args: strArgs("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"), want: int64(4)},
		{args: strArgs("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"), want: int64(5)},
		{args: big, want: int64(bigZset)},
		{args: strArgs("SADD", "set", "a", "x"), want: int64(2)},
		{args: strArgs("SET", "s", "string"), want: "OK"},
	}
}

// zs is the go-redis form of a list of members with scores.
func zs(pairs ...any) []redis.Z {
	var out []redis.Z
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, redis.Z{Member: pairs[i], Score: toFloat(pairs[i+1])})
	}
	return out
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	panic(v)
}

// wantZ fails unless got (members with scores) is want.
func wantZ(t *testing.T, what string, got []redis.Z, err error, want []redis.Z) {
	t.Helper()
	if err != nil || !slices.EqualFunc(got, want, func(a, b redis.Z) bool { return a.Member == b.Member && a.Score == b.Score }) {
		t.Errorf("%s: got %v, %v; want %v", what, got, err, want)
	}
}

// wantMembers fails unless got is want.
func wantMembers(t *testing.T, what string, got []string, err error, want ...string) {
	t.Helper()
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("%s: got %q, %v; want %q", what, got, err, want)
	}
}

// Ensure that the point and range reads answer from small and big sets,
// hot and cold, and refuse other types and bad arguments.
func TestZset_Reads(t *testing.T) {
	forHotAndCold(t, zsetSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runStrSteps(t, c, []strStep{
			{args: strArgs("ZSCORE", "z", "b"), want: "2"},
			{args: strArgs("ZSCORE", "z", "nosuch"), want: nil},
			{args: strArgs("ZSCORE", "big", bigZsetMember(4321)), want: "4321"},
			{args: strArgs("ZMSCORE", "big", "m00001", "x"), want: []any{"1", nil}},
			{args: strArgs("ZCARD", "big"), want: int64(bigZset)},
			{args: strArgs("ZCARD", "nokey"), want: int64(0)},
			{args: strArgs("ZCOUNT", "big", "(100", "200"), want: int64(100)},
			{args: strArgs("ZCOUNT", "z", "-inf", "+inf"), want: int64(4)},
			{args: strArgs("ZLEXCOUNT", "lex", "[b", "(e"), want: int64(3)},
			{args: strArgs("ZRANK", "z", "c"), want: int64(2)},
			{args: strArgs("ZREVRANK", "z", "c"), want: int64(1)},
			{args: strArgs("ZRANK", "big", bigZsetMember(3000)), want: int64(3000)},
			{args: strArgs("ZREVRANK", "big", bigZsetMember(3000)), want: int64(bigZset - 3001)},
			{args: strArgs("ZRANK", "big", "nosuch"), want: nil},
			{args: strArgs("TYPE", "z"), want: "zset"},
			{args: strArgs("OBJECT", "ENCODING", "z"), want: "listpack"},
			{args: strArgs("OBJECT", "ENCODING", "big"), want: "skiplist"},
			{args: strArgs("ZSCORE", "s", "a"), err: errWrongType},
			{args: strArgs("ZRANGE", "s", "0", "1"), err: errWrongType},
			{args: strArgs("ZCARD", "set"), err: errWrongType},
			{args: strArgs("GET", "z"), err: errWrongType},
			{args: strArgs("ZCOUNT", "z", "x", "1"), err: "ERR min or max is not a float"},
			{args: strArgs("ZLEXCOUNT", "z", "x", "+"), err: "ERR min or max not valid string range item"},
			{args: strArgs("ZRANGE", "z", "a", "1"), err: "ERR value is not an integer or out of range"},
			{args: strArgs("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"),
				err: "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"},
			{args: strArgs("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"),
				err: "ERR syntax error, WITHSCORES not supported in combination with BYLEX"},
			{args: strArgs("ZRANK", "z", "a", "WITHSCORE"), err: "ERR wrong number of arguments for 'zrank' command"},
			{args: strArgs("ZSCORE", "z"), err: "ERR wrong number of arguments for 'zscore' command"},
		})
		got, err := c.ZRangeWithScores(ctx, "z", 0, -1).Result()
		wantZ(t, "ZRANGE z", got, err, zs("a", 1, "b", 2, "c", 3, "d", 4))
		m, err := c.ZRange(ctx, "big", 0, 2).Result()
		wantMembers(t, "ZRANGE big 0 2", m, err, "m00000", "m00001", "m00002")
		m, err = c.ZRevRange(ctx, "big", 0, 1).Result()
		wantMembers(t, "ZREVRANGE big 0 1", m, err, bigZsetMember(bigZset-1), bigZsetMember(bigZset-2))
		m, err = c.ZRange(ctx, "big", -2, -1).Result()
		wantMembers(t, "ZRANGE big -2 -1", m, err, bigZsetMember(bigZset-2), bigZsetMember(bigZset-1))
		m, err = c.ZRangeArgs(ctx, redis.ZRangeArgs{Key: "big", Start: "(10", Stop: "+inf", ByScore: true, Offset: 5, Count: 2}).Result()
		wantMembers(t, "ZRANGE big BYSCORE LIMIT", m, err, "m00016", "m00017")
		m, err = c.ZRangeArgs(ctx, redis.ZRangeArgs{Key: "big", Start: "(4990", Stop: "-inf", ByScore: true, Rev: true, Offset: 1, Count: 2}).Result()
		wantMembers(t, "ZRANGE big BYSCORE REV LIMIT", m, err, "m04988", "m04987")
		m, err = c.ZRangeByScore(ctx, "z", &redis.ZRangeBy{Min: "(1", Max: "3"}).Result()
		wantMembers(t, "ZRANGEBYSCORE", m, err, "b", "c")
		got, err = c.ZRevRangeByScoreWithScores(ctx, "z", &redis.ZRangeBy{Max: "+inf", Min: "2", Count: 2}).Result()
		wantZ(t, "ZREVRANGEBYSCORE", got, err, zs("d", 4, "c", 3))
		m, err = c.ZRangeByLex(ctx, "lex", &redis.ZRangeBy{Min: "(a", Max: "[c"}).Result()
		wantMembers(t, "ZRANGEBYLEX", m, err, "b", "c")
		m, err = c.ZRevRangeByLex(ctx, "lex", &redis.ZRangeBy{Max: "+", Min: "-", Offset: 1, Count: 2}).Result()
		wantMembers(t, "ZREVRANGEBYLEX", m, err, "d", "c")
		scores, err := c.ZMScore(ctx, "z", "a", "nosuch", "d").Result()
		if err != nil || !slices.Equal(scores, []float64{1, 0, 4}) {
			t.Errorf("ZMSCORE: %v, %v", scores, err)
		}
		// RESP3: scores are doubles, pairs are nested.
		c3 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.Protocol = 3 })
		r3, err := c3.Do(ctx, "ZRANGE", "z", "0", "0", "WITHSCORES").Result()
		if want := []any{[]any{"a", float64(1)}}; err != nil || fmt.Sprint(r3) != fmt.Sprint(want) {
			t.Errorf("RESP3 ZRANGE WITHSCORES: %#v, %v", r3, err)
		}
		if f, err := c3.Do(ctx, "ZSCORE", "big", "m00007").Result(); err != nil || f != float64(7) {
			t.Errorf("RESP3 ZSCORE: %#v, %v", f, err)
		}
	})
}

// Ensure that ZADD (every flag), ZINCRBY and ZREM change small and big
// sets, hot and cold, keep the key's TTL, delete the key with its last
// member, and refuse bad arguments without changing anything.
func TestZset_Writes(t *testing.T) {
	forHotAndCold(t, zsetSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runStrSteps(t, c, []strStep{
			{args: strArgs("EXPIRE", "z", "100"), want: int64(1)},
			{args: strArgs("ZADD", "z", "10", "a", "5", "e"), want: int64(1)},
			{args: strArgs("ZADD", "z", "CH", "11", "a", "5", "e", "6", "f"), want: int64(2)},
			{args: strArgs("ZADD", "z", "NX", "0", "a", "7", "g"), want: int64(1)},
			{args: strArgs("ZADD", "z", "XX", "CH", "0", "a", "7", "nosuch"), want: int64(1)},
			{args: strArgs("ZADD", "z", "GT", "CH", "-1", "a", "100", "b"), want: int64(1)},
			{args: strArgs("ZADD", "z", "LT", "CH", "-1", "a", "200", "b"), want: int64(1)},
			{args: strArgs("ZADD", "z", "INCR", "2.5", "a"), want: "1.5"},
			{args: strArgs("ZADD", "z", "INCR", "NX", "1", "a"), want: nil},
			{args: strArgs("ZINCRBY", "z", "-0.5", "a"), want: "1"},
			{args: strArgs("ZINCRBY", "big", "0.5", bigZsetMember(10)), want: "10.5"},
			{args: strArgs("ZADD", "big", "-1", "new"), want: int64(1)},
			{args: strArgs("ZRANK", "big", "new"), want: int64(0)},
			{args: strArgs("ZREM", "big", "new", bigZsetMember(0), "nosuch"), want: int64(2)},
			{args: strArgs("ZCARD", "big"), want: int64(bigZset - 1)},
			{args: strArgs("ZADD", "z", "XX", "NX", "1", "a"), err: "ERR XX and NX options at the same time are not compatible"},
			{args: strArgs("ZADD", "z", "GT", "LT", "1", "a"), err: "ERR GT, LT, and/or NX options at the same time are not compatible"},
			{args: strArgs("ZADD", "z", "INCR", "1", "a", "2", "b"), err: "ERR INCR option supports a single increment-element pair"},
			{args: strArgs("ZADD", "z", "1", "a", "x", "b"), err: "ERR value is not a valid float"},
			{args: strArgs("ZADD", "z", "nan", "a"), err: "ERR value is not a valid float"},
			{args: strArgs("ZADD", "z", "1", "a", "2"), err: "ERR syntax error"},
			{args: strArgs("ZADD", "z", "INCR", "-inf", "nosuch2"), want: "-inf"},
			{args: strArgs("ZINCRBY", "z", "inf", "nosuch2"), err: "ERR resulting score is not a number (NaN)"},
			{args: strArgs("ZADD", "s", "1", "a"), err: errWrongType},
			{args: strArgs("ZINCRBY", "s", "1", "a"), err: errWrongType},
			{args: strArgs("ZREM", "s", "a"), err: errWrongType},
			{args: strArgs("ZADD", "nokey", "XX", "1", "a"), want: int64(0)},
			{args: strArgs("EXISTS", "nokey"), want: int64(0)},
			{args: strArgs("ZREM", "lex", "a", "b", "c", "d", "e"), want: int64(5)},
			{args: strArgs("EXISTS", "lex"), want: int64(0)},
		})
		got, err := c.ZRangeWithScores(ctx, "z", 0, -1).Result()
		wantZ(t, "z after writes", got, err, zs("nosuch2", math.Inf(-1), "a", 1, "c", 3, "d", 4, "e", 5, "f", 6, "g", 7, "b", 100))
		wantTTLNear(t, c, "z", 100*time.Second)
	})
}

// Ensure that ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX and the
// pops remove the right entries from small and big sets, hot and cold.
func TestZset_RemovesAndPops(t *testing.T) {
	forHotAndCold(t, zsetSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runStrSteps(t, c, []strStep{
			{args: strArgs("ZREMRANGEBYRANK", "big", "0", "9"), want: int64(10)},
			{args: strArgs("ZREMRANGEBYRANK", "big", "-10", "-1"), want: int64(10)},
			{args: strArgs("ZREMRANGEBYSCORE", "big", "(100", "200"), want: int64(100)},
			{args: strArgs("ZREMRANGEBYLEX", "lex", "[b", "(d"), want: int64(2)},
			{args: strArgs("ZREMRANGEBYRANK", "z", "x", "1"), err: "ERR value is not an integer or out of range"},
			{args: strArgs("ZREMRANGEBYSCORE", "z", "x", "1"), err: "ERR min or max is not a float"},
			{args: strArgs("ZREMRANGEBYLEX", "z", "x", "+"), err: "ERR min or max not valid string range item"},
			{args: strArgs("ZPOPMIN", "z", "-1"), err: "ERR value is out of range, must be positive"},
			{args: strArgs("ZMPOP", "0", "z", "MIN"), err: "ERR numkeys should be greater than 0"},
			{args: strArgs("ZMPOP", "1", "z", "MIN", "COUNT", "0"), err: "ERR count should be greater than 0"},
			{args: strArgs("ZPOPMIN", "s"), err: errWrongType},
		})
		if n, err := c.ZCard(ctx, "big").Result(); err != nil || n != bigZset-120 {
			t.Errorf("ZCARD big after removals: %d, %v", n, err)
		}
		got, err := c.ZPopMin(ctx, "big", 2).Result()
		wantZ(t, "ZPOPMIN big 2", got, err, zs("m00010", 10, "m00011", 11))
		got, err = c.ZPopMax(ctx, "big").Result()
		wantZ(t, "ZPOPMAX big", got, err, zs(bigZsetMember(bigZset-11), float64(bigZset-11)))
		key, got, err := c.ZMPop(ctx, "max", 2, "nokey", "z").Result()
		if wantZ(t, "ZMPOP", got, err, zs("d", 4, "c", 3)); key != "z" {
			t.Errorf("ZMPOP popped from %q", key)
		}
		bz, err := c.BZPopMin(ctx, time.Second, "nokey", "z").Result()
		if err != nil || bz.Key != "z" || bz.Member != "a" || bz.Score != 1 {
			t.Errorf("BZPOPMIN: %+v, %v", bz, err)
		}
		key, got, err = c.BZMPop(ctx, time.Second, "min", 5, "z").Result()
		if wantZ(t, "BZMPOP", got, err, zs("b", 2)); key != "z" {
			t.Errorf("BZMPOP popped from %q", key)
		}
		if n, err := c.Exists(ctx, "z").Result(); err != nil || n != 0 {
			t.Errorf("z exists after popping every member: %d, %v", n, err)
		}
		m, err := c.ZRange(ctx, "lex", 0, -1).Result()
		wantMembers(t, "lex after ZREMRANGEBYLEX", m, err, "a", "d", "e")
		if n, err := c.ZRemRangeByRank(ctx, "lex", 0, -1).Result(); err != nil || n != 3 {
			t.Errorf("ZREMRANGEBYRANK all: %d, %v", n, err)
		}
		if n, _ := c.Exists(ctx, "lex").Result(); n != 0 {
			t.Errorf("lex exists after removing every member")
		}
	})
}

// Ensure that ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD
// combine sorted sets and plain sets, big ones too, hot and cold.
func TestZset_Algebra(t *testing.T) {
	forHotAndCold(t, zsetSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		got, err := c.ZUnionWithScores(ctx, redis.ZStore{Keys: []string{"z", "set"}, Weights: []float64{2, 10}}).Result()
		wantZ(t, "ZUNION", got, err, zs("b", 4, "c", 6, "d", 8, "x", 10, "a", 12))
		got, err = c.ZInterWithScores(ctx, &redis.ZStore{Keys: []string{"z", "lex"}, Aggregate: "MAX"}).Result()
		wantZ(t, "ZINTER", got, err, zs("a", 1, "b", 2, "c", 3, "d", 4))
		got, err = c.ZDiffWithScores(ctx, "z", "set").Result()
		wantZ(t, "ZDIFF", got, err, zs("b", 2, "c", 3, "d", 4))
		if n, err := c.ZInterCard(ctx, 2, "big", "z").Result(); err != nil || n != 0 {
			t.Errorf("ZINTERCARD: %d, %v", n, err)
		}
		if n, err := c.ZInterCard(ctx, 0, "z", "lex").Result(); err != nil || n != 4 {
			t.Errorf("ZINTERCARD z lex: %d, %v", n, err)
		}
		if n, err := c.ZUnionStore(ctx, "dst", &redis.ZStore{Keys: []string{"big", "z"}}).Result(); err != nil || n != bigZset+4 {
			t.Errorf("ZUNIONSTORE: %d, %v", n, err)
		}
		if s, err := c.ZScore(ctx, "dst", "a").Result(); err != nil || s != 1 {
			t.Errorf("ZSCORE dst a: %v, %v", s, err)
		}
		if n, err := c.ZInterStore(ctx, "dst", &redis.ZStore{Keys: []string{"z", "set"}}).Result(); err != nil || n != 1 {
			t.Errorf("ZINTERSTORE: %d, %v", n, err)
		}
		if n, err := c.ZDiffStore(ctx, "dst", "z", "z").Result(); err != nil || n != 0 {
			t.Errorf("ZDIFFSTORE: %d, %v", n, err)
		}
		if n, _ := c.Exists(ctx, "dst").Result(); n != 0 {
			t.Errorf("an empty ZDIFFSTORE left its destination")
		}
		if n, err := c.ZRangeStore(ctx, "dst", redis.ZRangeArgs{Key: "big", Start: 100, Stop: 199}).Result(); err != nil || n != 100 {
			t.Errorf("ZRANGESTORE: %d, %v", n, err)
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("ZRANGE", "dst", "0", "0"), want: []any{"m00100"}},
			{args: strArgs("ZUNION", "0", "z"), err: "ERR at least 1 input key is needed for 'zunion' command"},
			{args: strArgs("ZUNIONSTORE", "d", "0", "z"), err: "ERR at least 1 input key is needed for 'zunionstore' command"},
			{args: strArgs("ZINTER", "2", "z", "set", "WEIGHTS", "1", "x"), err: "ERR weight value is not a float"},
			{args: strArgs("ZINTERCARD", "1", "z", "LIMIT", "-1"), err: "ERR LIMIT can't be negative"},
			{args: strArgs("ZUNION", "2", "z", "s"), err: errWrongType},
			{args: strArgs("ZDIFF", "1", "z", "WEIGHTS", "1"), err: "ERR syntax error"},
		})
	})
}

// Ensure that ZRANDMEMBER gives members of the set, distinct for a
// positive count, and ZSCAN visits every member exactly once, small and
// big, hot and cold.
func TestZset_RandomAndScan(t *testing.T) {
	forHotAndCold(t, zsetSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		for _, key := range []string{"z", "big"} {
			n, _ := c.ZCard(ctx, key).Result()
			for _, count := range []int{1, 3, -7, 10000} {
				got, err := c.ZRandMemberWithScores(ctx, key, count).Result()
				want := min(abs(count), int(n))
				if count < 0 {
					want = -count
				}
				if err != nil || len(got) != want {
					t.Errorf("ZRANDMEMBER %s %d: %d members, %v", key, count, len(got), err)
				}
				seen := map[string]bool{}
				for _, z := range got {
					s, err := c.ZScore(ctx, key, z.Member.(string)).Result()
					if err != nil || s != z.Score {
						t.Errorf("ZRANDMEMBER %s gave %v, not an entry", key, z)
					}
					if count > 0 && seen[z.Member.(string)] {
						t.Errorf("ZRANDMEMBER %s %d repeated %v", key, count, z.Member)
					}
					seen[z.Member.(string)] = true
				}
			}
			seen, _ := iterateScan(t, "ZSCAN "+key, func(cursor uint64) ([]string, uint64, error) {
				items, next, err := c.ZScan(ctx, key, cursor, "*", 100).Result()
				return pairNames(items), next, err
			}, nil)
			if len(seen) != int(n) {
				t.Errorf("ZSCAN %s saw %d members, want %d", key, len(seen), n)
			}
			for m, k := range seen {
				if k != 1 {
					t.Errorf("ZSCAN %s saw %q %d times", key, m, k)
				}
			}
		}
		if m, err := c.ZRandMember(ctx, "nokey", 1).Result(); err != nil || len(m) != 0 {
			t.Errorf("ZRANDMEMBER nokey: %v, %v", m, err)
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("ZRANDMEMBER", "z", "1", "x"), err: "ERR syntax error"},
			{args: strArgs("ZRANDMEMBER", "s"), err: errWrongType},
			{args: strArgs("ZSCAN", "z", "x"), err: "ERR invalid cursor"},
			{args: strArgs("ZSCAN", "s", "0"), err: errWrongType},
		})
	})
}

// Ensure that sorted sets rename, copy, move, expire, dump and restore with
// their entries, small and big, hot and cold, and that a transaction sees
// its own writes.
func TestZset_KeyCommands(t *testing.T) {
	forHotAndCold(t, zsetSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		for _, key := range []string{"z", "big"} {
			want, _ := c.ZRangeWithScores(ctx, key, 0, -1).Result()
			dump, err := c.Dump(ctx, key).Result()
			if err != nil {
				t.Fatalf("DUMP %s: %v", key, err)
			}
			if err := c.Restore(ctx, key+"-r", time.Minute, dump).Err(); err != nil {
				t.Fatalf("RESTORE %s: %v", key, err)
			}
			if err := c.Copy(ctx, key, key+"-c", 0, false).Err(); err != nil {
				t.Fatal(err)
			}
			if err := c.Rename(ctx, key, key+"-n").Err(); err != nil {
				t.Fatal(err)
			}
			if err := c.Move(ctx, key+"-c", 1).Err(); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{key + "-r", key + "-n"} {
				got, err := c.ZRangeWithScores(ctx, k, 0, -1).Result()
				wantZ(t, k, got, err, want)
			}
			c1 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.DB = 1 })
			got, err := c1.ZRangeWithScores(ctx, key+"-c", 0, -1).Result()
			wantZ(t, "moved copy of "+key, got, err, want)
			wantTTLNear(t, c, key+"-r", time.Minute)
			if enc, _ := c.ObjectEncoding(ctx, key+"-r").Result(); enc != map[bool]string{true: "skiplist", false: "listpack"}[key == "big"] {
				t.Errorf("OBJECT ENCODING of restored %s: %s", key, enc)
			}
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("RESTORE", "z-n", "0", "x"), err: "BUSYKEY Target key name already exists."},
			{args: strArgs("PEXPIRE", "z-n", "1"), want: int64(1)},
		})
		time.Sleep(20 * time.Millisecond)
		if n, _ := c.Exists(ctx, "z-n").Result(); n != 0 {
			t.Errorf("an expired sorted set still exists")
		}
		cmds, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.ZAdd(ctx, "big-n", redis.Z{Score: -5, Member: "first"})
			p.ZRange(ctx, "big-n", 0, 0)
			p.ZPopMin(ctx, "big-n")
			p.ZRange(ctx, "big-n", 0, 0)
			return nil
		})
		if err != nil || fmt.Sprint(cmds[1].(*redis.StringSliceCmd).Val()) != "[first]" ||
			fmt.Sprint(cmds[3].(*redis.StringSliceCmd).Val()) != "[m00000]" {
			t.Errorf("MULTI: %v, %v", cmds, err)
		}
		if n, err := c.Del(ctx, "big-n").Result(); err != nil || n != 1 {
			t.Errorf("DEL big: %d, %v", n, err)
		}
	})
}

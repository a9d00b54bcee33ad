package e2e

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// End-to-end tests of the set commands through go-redis, each run with the
// sets in memory and again after a restart, when only the disk has them: a
// small set of strings, a small set of integers, and one of bigSet members
// (more than tierdb ever loads, so always served from disk).

// bigSet is the number of members of the big test set: more than the 4096
// members up to which tierdb loads a set into memory.
const bigSet = 5000

const (
	errSpopRange  = "ERR value is out of range, must be positive"
	errSrandRange = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
)

// bigMembers is the members of the big test set, m:0 .. m:4999.
func bigMembers() []string {
	out := make([]string, bigSet)
	for i := range out {
		out[i] = fmt.Sprintf("m:%d", i)
	}
	return out
}

// setSetup writes the sets every test starts from: s {a b c}, i {1 2 3},
// big (bigSet members), ttl {x} with a TTL, and the string str.
func setSetup() []strStep {
	big := strArgs("SADD", "big")
	for _, m := range bigMembers() {
		big = append(big, m)
	}
	return []strStep{
		{args: strArgs("SADD", "s", "a", "b", "c"), want: int64(3)},
		{args: strArgs("SADD", "i", "1", "2", "3", "2"), want: int64(3)},
		{args: big, want: int64(bigSet)},
		{args: strArgs("SADD", "ttl", "x"), want: int64(1)},
		{args: strArgs("EXPIRE", "ttl", "100"), want: int64(1)},
		{args: strArgs("SET", "str", "string"), want: "OK"},
	}
}

// wantSet fails unless SMEMBERS key is want, in any order (nil: no key).
func wantSet(t *testing.T, c *redis.Client, key string, want []string) {
	t.Helper()
	got, err := c.SMembers(context.Background(), key).Result()
	if err != nil {
		t.Fatalf("SMEMBERS %s: %v", key, err)
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("SMEMBERS %s: %d members, want %d (%.200v)", key, len(got), len(want), got)
	}
}

// without returns the members of all but those in drop.
func without(all []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(all), func(m string) bool { return slices.Contains(drop, m) })
}

// Ensure that SISMEMBER, SMISMEMBER, SCARD and SMEMBERS read small and big
// sets, hot and cold, and refuse other types and bad arity.
func TestSet_Reads(t *testing.T) {
	forHotAndCold(t, setSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runStrSteps(t, c, []strStep{
			{args: strArgs("SISMEMBER", "s", "b"), want: int64(1)},
			{args: strArgs("SISMEMBER", "s", "z"), want: int64(0)},
			{args: strArgs("SISMEMBER", "nokey", "a"), want: int64(0)},
			{args: strArgs("SISMEMBER", "big", "m:4321"), want: int64(1)},
			{args: strArgs("SISMEMBER", "big", "m:5000"), want: int64(0)},
			{args: strArgs("SISMEMBER", "i", "2"), want: int64(1)},
			{args: strArgs("SISMEMBER", "i", "02"), want: int64(0)},
			{args: strArgs("SMISMEMBER", "s", "a", "z", "c", "a"), want: []any{int64(1), int64(0), int64(1), int64(1)}},
			{args: strArgs("SMISMEMBER", "big", "m:0", "x", "m:4999"), want: []any{int64(1), int64(0), int64(1)}},
			{args: strArgs("SMISMEMBER", "nokey", "a"), want: []any{int64(0)}},
			{args: strArgs("SCARD", "s"), want: int64(3)},
			{args: strArgs("SCARD", "big"), want: int64(bigSet)},
			{args: strArgs("SCARD", "nokey"), want: int64(0)},
			{args: strArgs("SMEMBERS", "nokey"), want: []any{}},
			{args: strArgs("TYPE", "big"), want: "set"},
			{args: strArgs("TYPE", "i"), want: "set"},
			// Other types refuse a set and set commands refuse a string.
			{args: strArgs("GET", "s"), err: errWrongType},
			{args: strArgs("HGET", "big", "a"), err: errWrongType},
			{args: strArgs("SISMEMBER", "str", "a"), err: errWrongType},
			{args: strArgs("SMISMEMBER", "str", "a"), err: errWrongType},
			{args: strArgs("SCARD", "str"), err: errWrongType},
			{args: strArgs("SMEMBERS", "str"), err: errWrongType},
			{args: strArgs("SISMEMBER", "s"), err: "ERR wrong number of arguments for 'sismember' command"},
			{args: strArgs("SISMEMBER", "s", "a", "b"), err: "ERR wrong number of arguments for 'sismember' command"},
			{args: strArgs("SMISMEMBER", "s"), err: "ERR wrong number of arguments for 'smismember' command"},
			{args: strArgs("SCARD"), err: "ERR wrong number of arguments for 'scard' command"},
			{args: strArgs("SMEMBERS", "s", "x"), err: "ERR wrong number of arguments for 'smembers' command"},
		})
		wantSet(t, c, "s", []string{"a", "b", "c"})
		wantSet(t, c, "i", []string{"1", "2", "3"})
		wantSet(t, c, "big", bigMembers())
		wantSet(t, c, "nokey", nil)
		// RESP3: SMEMBERS is a set.
		c3 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.Protocol = 3 })
		m, err := c3.Do(ctx, "SMEMBERS", "s").Result()
		if err != nil || len(m.([]any)) != 3 {
			t.Errorf("RESP3 SMEMBERS: %#v, %v", m, err)
		}
	})
}

// Ensure that SADD and SREM change small and big sets, hot and cold, keep
// the key's TTL, delete the key with its last member, and refuse bad
// arguments without changing anything.
func TestSet_Writes(t *testing.T) {
	forHotAndCold(t, setSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("SADD", "s", "a", "d", "d", "e"), want: int64(2)},
			{args: strArgs("SADD", "s", "a"), want: int64(0)},
			{args: strArgs("SREM", "s", "b", "b", "nosuch"), want: int64(1)},
			{args: strArgs("SREM", "nokey", "a"), want: int64(0)},
			{args: strArgs("SADD", "big", "m:1", "extra", "extra"), want: int64(1)},
			{args: strArgs("SREM", "big", "m:2", "m:3", "m:99999", "m:2"), want: int64(2)},
			{args: strArgs("SCARD", "big"), want: int64(bigSet - 1)},
			{args: strArgs("SADD", "new", "k"), want: int64(1)},
			{args: strArgs("SREM", "new", "k"), want: int64(1)},
			{args: strArgs("EXISTS", "new"), want: int64(0)},
			{args: strArgs("TYPE", "new"), want: "none"},
			{args: strArgs("SADD", "ttl", "y"), want: int64(1)},
			{args: strArgs("SREM", "ttl", "x"), want: int64(1)},
			// Errors change nothing.
			{args: strArgs("SADD", "s"), err: "ERR wrong number of arguments for 'sadd' command"},
			{args: strArgs("SREM", "s"), err: "ERR wrong number of arguments for 'srem' command"},
			{args: strArgs("SADD", "str", "a"), err: errWrongType},
			{args: strArgs("SREM", "str", "a"), err: errWrongType},
			{args: strArgs("GET", "str"), want: "string"},
			// SET replaces a set, members and all.
			{args: strArgs("SET", "i", "now a string"), want: "OK"},
			{args: strArgs("SISMEMBER", "i", "1"), err: errWrongType},
			{args: strArgs("DEL", "i"), want: int64(1)},
			{args: strArgs("SADD", "i", "fresh"), want: int64(1)},
		})
		wantSet(t, c, "s", []string{"a", "c", "d", "e"})
		wantSet(t, c, "big", append(without(bigMembers(), "m:2", "m:3"), "extra"))
		wantSet(t, c, "i", []string{"fresh"})
		wantSet(t, c, "ttl", []string{"y"})
		wantTTLNear(t, c, "ttl", 100*time.Second)
	})
}

// Ensure that SMOVE moves members between small and big sets, creates and
// deletes keys, answers a move to the same set, and checks types in
// Redis's order.
func TestSet_Smove(t *testing.T) {
	forHotAndCold(t, setSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("SMOVE", "s", "i", "a"), want: int64(1)},
			{args: strArgs("SMOVE", "s", "i", "a"), want: int64(0)},
			{args: strArgs("SMOVE", "big", "s", "m:7"), want: int64(1)},
			{args: strArgs("SMOVE", "s", "big", "b"), want: int64(1)},
			{args: strArgs("SMOVE", "s", "s", "c"), want: int64(1)},
			{args: strArgs("SMOVE", "s", "s", "zz"), want: int64(0)},
			{args: strArgs("SMOVE", "ttl", "fresh", "x"), want: int64(1)},
			{args: strArgs("EXISTS", "ttl"), want: int64(0)},
			{args: strArgs("SMOVE", "nokey", "str", "x"), want: int64(0)},
			{args: strArgs("SMOVE", "str", "s", "x"), err: errWrongType},
			{args: strArgs("SMOVE", "s", "str", "c"), err: errWrongType},
			{args: strArgs("SMOVE", "s", "str", "nosuch"), err: errWrongType},
			{args: strArgs("SMOVE", "s", "i"), err: "ERR wrong number of arguments for 'smove' command"},
		})
		wantSet(t, c, "s", []string{"c", "m:7"})
		wantSet(t, c, "i", []string{"1", "2", "3", "a"})
		wantSet(t, c, "big", append(without(bigMembers(), "m:7"), "b"))
		wantSet(t, c, "fresh", []string{"x"})
		if d := pttl(t, c, "fresh"); d != -1 {
			t.Errorf("SMOVE to a new key: PTTL %v, want none", d)
		}
	})
}

// Ensure that SPOP removes and returns random members, with and without a
// count, in RESP2 and RESP3, hot and cold, deletes the key when it takes
// everything, and refuses what Redis refuses.
func TestSet_Spop(t *testing.T) {
	forHotAndCold(t, setSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		left := map[string][]string{"s": {"a", "b", "c"}, "big": bigMembers()}
		pop := func(key string, got []string, want int) {
			t.Helper()
			if len(got) != want || len(uniqueStrings(got)) != want {
				t.Fatalf("SPOP %s: %d members (%d distinct), want %d", key, len(got), len(uniqueStrings(got)), want)
			}
			for _, m := range got {
				if !slices.Contains(left[key], m) {
					t.Fatalf("SPOP %s gave %q, not a member", key, m)
				}
			}
			left[key] = without(left[key], got...)
		}
		for _, key := range []string{"s", "big"} {
			m, err := c.SPop(ctx, key).Result()
			if err != nil {
				t.Fatalf("SPOP %s: %v", key, err)
			}
			pop(key, []string{m}, 1)
		}
		for _, n := range []int64{1, 7, 600, 3000} {
			got, err := c.SPopN(ctx, "big", n).Result()
			if err != nil {
				t.Fatalf("SPOP big %d: %v", n, err)
			}
			pop("big", got, int(n))
		}
		c3 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.Protocol = 3 })
		got, err := c3.SPopN(ctx, "big", 2).Result()
		if err != nil {
			t.Fatalf("RESP3 SPOP big 2: %v", err)
		}
		pop("big", got, 2)
		wantSet(t, c, "big", left["big"])
		// A count past the size takes everything and deletes the key.
		got, err = c.SPopN(ctx, "s", 50).Result()
		if err != nil {
			t.Fatalf("SPOP s 50: %v", err)
		}
		pop("s", got, 2)
		n := int64(len(left["big"]))
		got, err = c.SPopN(ctx, "big", n).Result()
		if err != nil {
			t.Fatalf("SPOP big %d: %v", n, err)
		}
		pop("big", got, int(n))
		runStrSteps(t, c, []strStep{
			{args: strArgs("EXISTS", "s", "big"), want: int64(0)},
			{args: strArgs("SPOP", "nokey"), want: nil},
			{args: strArgs("SPOP", "nokey", "3"), want: []any{}},
			{args: strArgs("SPOP", "i", "0"), want: []any{}},
			{args: strArgs("SCARD", "i"), want: int64(3)},
			{args: strArgs("SPOP", "i", "-1"), err: errSpopRange},
			{args: strArgs("SPOP", "nokey", "-1"), err: errSpopRange},
			{args: strArgs("SPOP", "i", "x"), err: errSpopRange},
			{args: strArgs("SPOP", "str", "x"), err: errSpopRange},
			{args: strArgs("SPOP", "i", "1", "2"), err: errSyntax},
			{args: strArgs("SPOP", "str"), err: errWrongType},
			{args: strArgs("SPOP", "str", "0"), err: errWrongType},
			{args: strArgs("SPOP"), err: "ERR wrong number of arguments for 'spop' command"},
		})
		got, err = c.SPopN(ctx, "i", 9223372036854775807).Result()
		if slices.Sort(got); err != nil || !slices.Equal(got, []string{"1", "2", "3"}) {
			t.Errorf("SPOP i MAX: %v, %v", got, err)
		}
		runStrSteps(t, c, []strStep{{args: strArgs("EXISTS", "i"), want: int64(0)}})
	})
}

// Ensure that SRANDMEMBER picks members without removing them: distinct
// for a positive count, repeating for a negative one, the whole set for a
// count past its size, hot and cold, with Redis's errors.
func TestSet_Srandmember(t *testing.T) {
	forHotAndCold(t, setSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		for _, k := range []struct {
			key     string
			members []string
		}{{"s", []string{"a", "b", "c"}}, {"big", bigMembers()}} {
			m, err := c.SRandMember(ctx, k.key).Result()
			if err != nil || !slices.Contains(k.members, m) {
				t.Errorf("SRANDMEMBER %s: %q, %v", k.key, m, err)
			}
			for _, n := range []int64{1, 2, -7, 3, 50, 2000, -20000} {
				got, err := c.SRandMemberN(ctx, k.key, n).Result()
				want := min(n, int64(len(k.members)))
				if n < 0 {
					want = -n
				}
				if err != nil || int64(len(got)) != want {
					t.Fatalf("SRANDMEMBER %s %d: %d members, %v; want %d", k.key, n, len(got), err, want)
				}
				if n > 0 && len(uniqueStrings(got)) != len(got) {
					t.Errorf("SRANDMEMBER %s %d repeated a member", k.key, n)
				}
				for _, m := range got {
					if !slices.Contains(k.members, m) {
						t.Fatalf("SRANDMEMBER %s %d gave %q, not a member", k.key, n, m)
					}
				}
			}
			if n, _ := c.SCard(ctx, k.key).Result(); n != int64(len(k.members)) {
				t.Errorf("SRANDMEMBER changed %s: %d members", k.key, n)
			}
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("SRANDMEMBER", "nokey"), want: nil},
			{args: strArgs("SRANDMEMBER", "nokey", "3"), want: []any{}},
			{args: strArgs("SRANDMEMBER", "s", "0"), want: []any{}},
			{args: strArgs("SRANDMEMBER", "s", "x"), err: errNotInt},
			{args: strArgs("SRANDMEMBER", "nokey", "x"), err: errNotInt},
			{args: strArgs("SRANDMEMBER", "s", "1", "2"), err: errSyntax},
			{args: strArgs("SRANDMEMBER", "s", "x", "2"), err: errSyntax},
			{args: strArgs("SRANDMEMBER", "s", "-9223372036854775808"), err: errSrandRange},
			{args: strArgs("SRANDMEMBER", "str"), err: errWrongType},
			{args: strArgs("SRANDMEMBER", "str", "0"), err: errWrongType},
			{args: strArgs("SRANDMEMBER", "str", "x"), err: errNotInt},
			{args: strArgs("SRANDMEMBER"), err: "ERR wrong number of arguments for 'srandmember' command"},
		})
		got, err := c.SRandMemberN(ctx, "i", 9223372036854775807).Result()
		if slices.Sort(got); err != nil || !slices.Equal(got, []string{"1", "2", "3"}) {
			t.Errorf("SRANDMEMBER i MAX: %v, %v", got, err)
		}
	})
}

// Ensure that SINTER, SINTERCARD, SUNION, SDIFF and their STORE forms
// compute over small, big and missing sets, hot and cold, type-check every
// key, and that the STORE forms replace or delete the destination.
func TestSet_Algebra(t *testing.T) {
	setup := append(setSetup(),
		strStep{args: strArgs("SADD", "b2", "m:1", "m:2", "b", "zz"), want: int64(4)},
		strStep{args: strArgs("SET", "dst", "old string"), want: "OK"},
		strStep{args: strArgs("EXPIRE", "dst", "1000"), want: int64(1)},
	)
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		sorted := func(args ...any) []string {
			t.Helper()
			v, err := c.Do(ctx, args...).StringSlice()
			if err != nil {
				t.Fatalf("%v: %v", args, err)
			}
			slices.Sort(v)
			return v
		}
		for _, tc := range []struct {
			args []any
			want []string
		}{
			{strArgs("SINTER", "big", "b2"), []string{"m:1", "m:2"}},
			{strArgs("SINTER", "b2", "big", "b2"), []string{"m:1", "m:2"}},
			{strArgs("SINTER", "s", "b2"), []string{"b"}},
			{strArgs("SINTER", "s", "nokey"), []string{}},
			{strArgs("SINTER", "s"), []string{"a", "b", "c"}},
			{strArgs("SUNION", "s", "b2", "nokey", "i"), []string{"1", "2", "3", "a", "b", "c", "m:1", "m:2", "zz"}},
			{strArgs("SDIFF", "b2", "big", "nokey"), []string{"b", "zz"}},
			{strArgs("SDIFF", "b2", "s", "big"), []string{"zz"}},
			{strArgs("SDIFF", "nokey", "s"), []string{}},
			{strArgs("SDIFF", "s", "s"), []string{}},
		} {
			if got := sorted(tc.args...); !slices.Equal(got, tc.want) {
				t.Errorf("%v: %v, want %v", tc.args, got, tc.want)
			}
		}
		if n := len(sorted("SUNION", "big", "b2")); n != bigSet+2 {
			t.Errorf("SUNION big b2: %d members", n)
		}
		if n := len(sorted("SDIFF", "big", "b2", "s")); n != bigSet-2 {
			t.Errorf("SDIFF big b2 s: %d members", n)
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("SINTERCARD", "2", "big", "b2"), want: int64(2)},
			{args: strArgs("SINTERCARD", "2", "big", "b2", "LIMIT", "1"), want: int64(1)},
			{args: strArgs("SINTERCARD", "2", "big", "b2", "limit", "0"), want: int64(2)},
			{args: strArgs("SINTERCARD", "1", "big", "LIMIT", "5", "LIMIT", "10"), want: int64(10)},
			{args: strArgs("SINTERCARD", "2", "big", "nokey"), want: int64(0)},
			{args: strArgs("SINTERCARD", "0", "big"), err: "ERR numkeys should be greater than 0"},
			{args: strArgs("SINTERCARD", "x", "big"), err: "ERR numkeys should be greater than 0"},
			{args: strArgs("SINTERCARD", "3", "big", "b2"), err: "ERR Number of keys can't be greater than number of args"},
			{args: strArgs("SINTERCARD", "2", "big", "b2", "LIMIT", "-1"), err: "ERR LIMIT can't be negative"},
			{args: strArgs("SINTERCARD", "2", "big", "b2", "LIMIT", "x"), err: "ERR LIMIT can't be negative"},
			{args: strArgs("SINTERCARD", "2", "big", "b2", "LIMIT"), err: errSyntax},
			{args: strArgs("SINTERCARD", "1", "big", "b2"), err: errSyntax},
			{args: strArgs("SINTERCARD", "2", "nokey", "str"), err: errWrongType},
			{args: strArgs("SINTERCARD", "1"), err: "ERR wrong number of arguments for 'sintercard' command"},
			// WRONGTYPE wherever the string is, even after a missing key.
			{args: strArgs("SINTER", "nokey", "str"), err: errWrongType},
			{args: strArgs("SINTER", "str", "nokey"), err: errWrongType},
			{args: strArgs("SUNION", "s", "str"), err: errWrongType},
			{args: strArgs("SDIFF", "nokey", "str"), err: errWrongType},
			{args: strArgs("SDIFF", "s", "str"), err: errWrongType},
			{args: strArgs("SINTERSTORE", "dst", "nokey", "str"), err: errWrongType},
			{args: strArgs("SUNIONSTORE", "dst", "str"), err: errWrongType},
			{args: strArgs("SDIFFSTORE", "dst", "s", "str"), err: errWrongType},
			{args: strArgs("GET", "dst"), want: "old string"},
			{args: strArgs("SINTER"), err: "ERR wrong number of arguments for 'sinter' command"},
			{args: strArgs("SINTERSTORE", "dst"), err: "ERR wrong number of arguments for 'sinterstore' command"},
			// STORE replaces the destination, whatever it is, without its TTL.
			{args: strArgs("SINTERSTORE", "dst", "big", "b2"), want: int64(2)},
			{args: strArgs("TTL", "dst"), want: int64(-1)},
			{args: strArgs("SUNIONSTORE", "u", "s", "b2"), want: int64(6)},
			{args: strArgs("SDIFFSTORE", "d", "b2", "big"), want: int64(2)},
			{args: strArgs("SUNIONSTORE", "bigu", "big", "b2"), want: int64(bigSet + 2)},
			{args: strArgs("SDIFFSTORE", "bigd", "big", "b2"), want: int64(bigSet - 2)},
			{args: strArgs("SUNIONSTORE", "s", "s", "b2"), want: int64(6)},
			{args: strArgs("SINTERSTORE", "b2", "b2", "s"), want: int64(4)},
			// An empty result deletes the destination.
			{args: strArgs("SINTERSTORE", "u", "s", "nokey"), want: int64(0)},
			{args: strArgs("SDIFFSTORE", "str", "s", "s"), want: int64(0)},
			{args: strArgs("SUNIONSTORE", "none", "nokey"), want: int64(0)},
			{args: strArgs("EXISTS", "u", "str", "none"), want: int64(0)},
		})
		wantSet(t, c, "dst", []string{"m:1", "m:2"})
		wantSet(t, c, "d", []string{"b", "zz"})
		wantSet(t, c, "s", []string{"a", "b", "c", "m:1", "m:2", "zz"})
		wantSet(t, c, "bigu", append(bigMembers(), "b", "zz"))
		wantSet(t, c, "bigd", without(bigMembers(), "m:1", "m:2"))
	})
}

// scanSet runs a whole SSCAN iteration, calling between(step) after each
// call but the last, and returns how often each member came and the
// number of calls.
func scanSet(t *testing.T, c *redis.Client, key, match string, count int64, between func(step int)) (map[string]int, int) {
	t.Helper()
	return iterateScan(t, "SSCAN "+key, func(cursor uint64) ([]string, uint64, error) {
		return c.SScan(context.Background(), key, cursor, match, count).Result()
	}, between)
}

// Ensure that SSCAN returns an intset whole in one call, and walks a
// hashtable set in steps, hot and cold, returning every member that is
// there for the whole scan while others come and go, with MATCH and COUNT.
func TestSet_Sscan(t *testing.T) {
	forHotAndCold(t, setSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		seen, calls := scanSet(t, c, "i", "", 1, nil)
		if calls != 1 || len(seen) != 3 {
			t.Errorf("SSCAN of an intset: %d calls, %v", calls, seen)
		}
		seen, calls = scanSet(t, c, "s", "", 1, nil)
		if calls < 2 || len(seen) != 3 {
			t.Errorf("SSCAN COUNT 1 of a 3-member hash table: %d calls, %v", calls, seen)
		}
		seen, calls = scanSet(t, c, "big", "", 100, func(step int) {
			c.SAdd(ctx, "big", "added:"+strconv.Itoa(step))
			c.SRem(ctx, "big", fmt.Sprintf("m:%d", 4000+step)) // gone during the scan: may or may not come
		})
		if calls < bigSet/200 {
			t.Errorf("SSCAN of %d members with COUNT 100 took %d calls", bigSet, calls)
		}
		for i := range 4000 {
			if m := fmt.Sprintf("m:%d", i); seen[m] != 1 {
				t.Fatalf("member %s came %d times", m, seen[m])
			}
		}
		seen, _ = scanSet(t, c, "big", "m:12*", 500, nil)
		if len(seen) != 111 { // m:12, m:120..129, m:1200..1299
			t.Errorf("SSCAN MATCH m:12*: %d members, want 111", len(seen))
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("SSCAN", "nokey", "0"), want: []any{"0", []any{}}},
			{args: strArgs("SSCAN", "nokey", "0", "COUNT", "0"), want: []any{"0", []any{}}},
			{args: strArgs("SSCAN", "s", "x"), err: "ERR invalid cursor"},
			{args: strArgs("SSCAN", "nokey", "x"), err: "ERR invalid cursor"},
			{args: strArgs("SSCAN", "s", "0", "COUNT", "0"), err: errSyntax},
			{args: strArgs("SSCAN", "s", "0", "COUNT", "x"), err: errNotInt},
			{args: strArgs("SSCAN", "s", "0", "MATCH"), err: errSyntax},
			{args: strArgs("SSCAN", "s", "0", "TYPE", "set"), err: errSyntax},
			{args: strArgs("SSCAN", "str", "0"), err: errWrongType},
			{args: strArgs("SSCAN", "s"), err: "ERR wrong number of arguments for 'sscan' command"},
			{args: strArgs("SSCAN", "i", "12345", "MATCH", "2"), want: []any{"0", []any{"2"}}},
		})
	})
}

// Ensure that OBJECT ENCODING says intset for small sets of integers and
// hashtable otherwise, for good once converted, hot and cold.
func TestSet_Encoding(t *testing.T) {
	setup := append(setSetup(),
		strStep{args: strArgs("SADD", "conv", "1", "x"), want: int64(2)},
		strStep{args: strArgs("SREM", "conv", "x"), want: int64(1)},
	)
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("OBJECT", "ENCODING", "i"), want: "intset"},
			{args: strArgs("OBJECT", "ENCODING", "s"), want: "hashtable"},
			{args: strArgs("OBJECT", "ENCODING", "big"), want: "hashtable"},
			{args: strArgs("OBJECT", "ENCODING", "conv"), want: "hashtable"},
			{args: strArgs("SADD", "i", "-9223372036854775808"), want: int64(1)},
			{args: strArgs("OBJECT", "ENCODING", "i"), want: "intset"},
			{args: strArgs("SADD", "i", "007"), want: int64(1)},
			{args: strArgs("OBJECT", "ENCODING", "i"), want: "hashtable"},
			{args: strArgs("CONFIG", "SET", "set-max-intset-entries", "2"), want: "OK"},
			{args: strArgs("SADD", "n", "1", "2"), want: int64(1 + 1)},
			{args: strArgs("OBJECT", "ENCODING", "n"), want: "intset"},
			{args: strArgs("SADD", "n", "2"), want: int64(0)},
			{args: strArgs("OBJECT", "ENCODING", "n"), want: "intset"},
			{args: strArgs("SADD", "n", "3"), want: int64(1)},
			{args: strArgs("OBJECT", "ENCODING", "n"), want: "hashtable"},
			{args: strArgs("SUNIONSTORE", "u", "n"), want: int64(3)},
			{args: strArgs("OBJECT", "ENCODING", "u"), want: "hashtable"},
			{args: strArgs("SINTERSTORE", "u", "n", "n"), want: int64(3)},
			{args: strArgs("SADD", "p", "1", "2", "3", "4", "5", "6"), want: int64(6)},
			{args: strArgs("SADD", "q", "1", "2", "3", "4", "5", "6"), want: int64(6)},
		})
		// SPOP of most of a set rebuilds it from the rest (an intset again);
		// of a smaller part, it leaves the encoding alone.
		ctx := context.Background()
		for _, tc := range []struct {
			key  string
			n    int64
			want string
		}{{"p", 5, "intset"}, {"q", 2, "hashtable"}} {
			if got, err := c.SPopN(ctx, tc.key, tc.n).Result(); err != nil || int64(len(got)) != tc.n {
				t.Fatalf("SPOP %s %d: %v, %v", tc.key, tc.n, got, err)
			}
			if enc, err := c.ObjectEncoding(ctx, tc.key).Result(); err != nil || enc != tc.want {
				t.Errorf("OBJECT ENCODING %s after SPOP: %q, %v; want %s", tc.key, enc, err, tc.want)
			}
		}
	})
}

// Ensure that TYPE, RENAME, COPY, MOVE, DUMP and RESTORE, EXPIRE and SCAN
// TYPE handle sets, small and big, hot and cold.
func TestSet_KeyCommands(t *testing.T) {
	forHotAndCold(t, setSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runStrSteps(t, c, []strStep{
			{args: strArgs("RENAME", "big", "big2"), want: "OK"},
			{args: strArgs("COPY", "big2", "bigcopy"), want: int64(1)},
			{args: strArgs("SADD", "bigcopy", "copy only"), want: int64(1)},
			{args: strArgs("SISMEMBER", "big2", "copy only"), want: int64(0)},
			{args: strArgs("MOVE", "s", "3"), want: int64(1)},
			{args: strArgs("COPY", "bigcopy", "bigcopy", "DB", "3"), want: int64(1)},
			{args: strArgs("EXISTS", "s", "big"), want: int64(0)},
			{args: strArgs("RENAMENX", "big2", "bigcopy"), want: int64(0)},
			{args: strArgs("COPY", "i", "icopy"), want: int64(1)},
			{args: strArgs("OBJECT", "ENCODING", "icopy"), want: "intset"},
			{args: strArgs("RENAME", "str", "bigcopy"), want: "OK"},
			{args: strArgs("TYPE", "bigcopy"), want: "string"},
		})
		wantSet(t, c, "big2", bigMembers())
		c3 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.DB = 3 })
		wantSet(t, c3, "s", []string{"a", "b", "c"})
		wantSet(t, c3, "bigcopy", append(bigMembers(), "copy only"))
		// DUMP and RESTORE, with REPLACE over another set.
		for _, key := range []string{"big2", "ttl", "i"} {
			p, err := c.Dump(ctx, key).Result()
			if err != nil {
				t.Fatalf("DUMP %s: %v", key, err)
			}
			if err := c.RestoreReplace(ctx, "restored", time.Minute, p).Err(); err != nil {
				t.Fatalf("RESTORE %s: %v", key, err)
			}
			before, _ := c.SMembers(ctx, key).Result()
			wantSet(t, c, "restored", before)
			wantTTLNear(t, c, "restored", time.Minute)
			enc, _ := c.ObjectEncoding(ctx, "restored").Result()
			if want, _ := c.ObjectEncoding(ctx, key).Result(); enc != want {
				t.Errorf("RESTORE of %s: encoding %s, want %s", key, enc, want)
			}
		}
		keys, _, err := c.ScanType(ctx, 0, "*", 1000, "set").Result()
		if slices.Sort(keys); err != nil || !slices.Equal(keys, []string{"big2", "i", "icopy", "restored", "ttl"}) {
			t.Errorf("SCAN TYPE set: %v, %v", keys, err)
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("PEXPIRE", "big2", "1"), want: int64(1)},
		})
		time.Sleep(5 * time.Millisecond)
		runStrSteps(t, c, []strStep{
			{args: strArgs("SISMEMBER", "big2", "m:1"), want: int64(0)},
			{args: strArgs("SCARD", "big2"), want: int64(0)},
			{args: strArgs("DEL", "restored", "ttl", "icopy"), want: int64(3)},
			{args: strArgs("DBSIZE"), want: int64(2)},
		})
	})
}

// Ensure that MULTI/EXEC reads what it wrote earlier to a cold big set,
// that a set write breaks a WATCH, and that an EXEC's set writes survive a
// restart as a whole.
func TestSet_MultiExec(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	runStrSteps(t, c, setSetup())
	s.Restart(t)
	c = s.Client(t)
	ctx := context.Background()
	cmds, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.SAdd(ctx, "big", "new", "m:0")
		p.SRem(ctx, "big", "m:1")
		p.SIsMember(ctx, "big", "new")
		p.SCard(ctx, "big")
		p.SMove(ctx, "big", "s", "m:2")
		p.SMembers(ctx, "big")
		p.SInterStore(ctx, "inter", "big", "s")
		return nil
	})
	if err != nil {
		t.Fatalf("EXEC: %v", err)
	}
	if !cmds[2].(*redis.BoolCmd).Val() {
		t.Errorf("SISMEMBER inside EXEC: false")
	}
	if n := cmds[3].(*redis.IntCmd).Val(); n != bigSet {
		t.Errorf("SCARD inside EXEC: %d", n)
	}
	if all := cmds[5].(*redis.StringSliceCmd).Val(); len(all) != bigSet-1 {
		t.Errorf("SMEMBERS inside EXEC: %d members", len(all))
	}
	if n := cmds[6].(*redis.IntCmd).Val(); n != 0 {
		t.Errorf("SINTERSTORE inside EXEC: %d", n)
	}
	other := s.Client(t)
	err = c.Watch(ctx, func(tx *redis.Tx) error {
		other.SAdd(ctx, "s", "changed")
		_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.SAdd(ctx, "s", "mine")
			return nil
		})
		return err
	}, "s")
	if err != redis.TxFailedErr {
		t.Errorf("EXEC after a watched set changed: %v, want %v", err, redis.TxFailedErr)
	}
	s.Restart(t)
	c = s.Client(t)
	wantSet(t, c, "big", append(without(bigMembers(), "m:1", "m:2"), "new"))
	wantSet(t, c, "s", []string{"a", "b", "c", "m:2", "changed"})
}

// Ensure that binary members, and the empty member, survive every path.
func TestSet_BinarySafe(t *testing.T) {
	k, m := "bin\x00key", "\x00\r\nmember\xff"
	setup := []strStep{
		{args: strArgs("SADD", k, m, "", "x"), want: int64(3)},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		wantSet(t, c, k, []string{m, "", "x"})
		runStrSteps(t, c, []strStep{
			{args: strArgs("SISMEMBER", k, m), want: int64(1)},
			{args: strArgs("SISMEMBER", k, ""), want: int64(1)},
			{args: strArgs("SREM", k, ""), want: int64(1)},
			{args: strArgs("SMOVE", k, "other", m), want: int64(1)},
			{args: strArgs("SMEMBERS", "other"), want: []any{m}},
		})
	})
}

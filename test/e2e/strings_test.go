package e2e

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// strStep is one command and what a user expects back: a value as go-redis
// decodes it (nil for a nil reply), or the whole error text.
type strStep struct {
	args []any
	want any
	err  string
}

// strArgs is a command line for a strStep.
func strArgs(a ...any) []any { return a }

func runStrSteps(t *testing.T, c *redis.Client, steps []strStep) {
	t.Helper()
	ctx := context.Background()
	for _, s := range steps {
		got, err := c.Do(ctx, s.args...).Result()
		switch {
		case s.err != "":
			if err == nil || err.Error() != s.err {
				t.Errorf("%q: got %#v, %v; want error %q", s.args, got, err, s.err)
			}
		case s.want == nil:
			if !errors.Is(err, redis.Nil) {
				t.Errorf("%q: got %#v, %v; want nil", s.args, got, err)
			}
		case err != nil || !reflect.DeepEqual(got, s.want):
			t.Errorf("%q: got %#v, %v; want %#v", s.args, got, err, s.want)
		}
	}
}

// forHotAndCold runs check after setup twice: with the keys setup wrote
// still in memory, and with them only on disk (the server restarted).
func forHotAndCold(t *testing.T, setup []strStep, check func(t *testing.T, c *redis.Client)) {
	for _, tier := range []string{"hot", "cold"} {
		t.Run("tier="+tier, func(t *testing.T) {
			s := testserver.Start(t, nil)
			c := s.Client(t)
			runStrSteps(t, c, setup)
			if tier == "cold" {
				s.Restart(t)
				c = s.Client(t)
			}
			check(t, c)
		})
	}
}

// pttl is the key's PTTL, failing the test on an error.
func pttl(t *testing.T, c *redis.Client, key string) time.Duration {
	t.Helper()
	d, err := c.PTTL(context.Background(), key).Result()
	if err != nil {
		t.Fatalf("PTTL %s: %v", key, err)
	}
	return d
}

// wantTTLNear fails unless key's TTL is within a second below want.
func wantTTLNear(t *testing.T, c *redis.Client, key string, want time.Duration) {
	t.Helper()
	if got := pttl(t, c, key); got > want || got < want-time.Second {
		t.Errorf("PTTL %s = %v, want about %v", key, got, want)
	}
}

const (
	errSyntax   = "ERR syntax error"
	errNotInt   = "ERR value is not an integer or out of range"
	errNotFloat = "ERR value is not a valid float"
)

// Ensure that SET's conditions, GET and expiry options behave as in Redis,
// errors included, on hot and cold keys.
func TestStrings_Set(t *testing.T) {
	setup := []strStep{
		{args: strArgs("SET", "k", "v"), want: "OK"},
		{args: strArgs("SET", "ttl", "v", "EX", "100"), want: "OK"},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("GET", "k"), want: "v"},
			{args: strArgs("SET", "k", "x", "NX"), want: nil},
			{args: strArgs("SET", "k", "v2", "XX"), want: "OK"},
			{args: strArgs("SET", "nokey", "v", "XX"), want: nil},
			{args: strArgs("GET", "nokey"), want: nil},
			{args: strArgs("SET", "k", "v3", "GET"), want: "v2"},
			{args: strArgs("SET", "k", "v4", "NX", "GET"), want: "v3"},
			{args: strArgs("GET", "k"), want: "v3"},
			{args: strArgs("SET", "nokey", "v", "XX", "GET"), want: nil},
			{args: strArgs("SET", "fresh", "v", "NX", "GET"), want: nil},
			{args: strArgs("GET", "fresh"), want: "v"},
			{args: strArgs("SET", "k", "v", "NX", "XX"), err: errSyntax},
			{args: strArgs("SET", "k", "v", "EX", "10", "PX", "10"), err: errSyntax},
			{args: strArgs("SET", "k", "v", "KEEPTTL", "EX", "10"), err: errSyntax},
			{args: strArgs("SET", "k", "v", "EX"), err: errSyntax},
			{args: strArgs("SET", "k", "v", "PERSIST"), err: errSyntax},
			{args: strArgs("SET", "k", "v", "EX", "0"), err: "ERR invalid expire time in 'set' command"},
			{args: strArgs("SET", "k", "v", "PX", "-1"), err: "ERR invalid expire time in 'set' command"},
			{args: strArgs("SET", "k", "v", "EX", "9223372036854776"), err: "ERR invalid expire time in 'set' command"},
			{args: strArgs("SET", "k", "v", "PX", "9223372036854775807"), err: "ERR invalid expire time in 'set' command"},
			{args: strArgs("SET", "k", "v", "EX", "ten"), err: errNotInt},
			{args: strArgs("SET", "k"), err: "ERR wrong number of arguments for 'set' command"},
			{args: strArgs("GET", "k"), want: "v3"}, // no failed SET changed it
			// A time in the past removes the key at once.
			{args: strArgs("SET", "k", "gone", "PXAT", "1", "GET"), want: "v3"},
			{args: strArgs("GET", "k"), want: nil},
		})
		// KEEPTTL keeps the TTL; a plain SET drops it.
		wantTTLNear(t, c, "ttl", 100*time.Second)
		runStrSteps(t, c, []strStep{{args: strArgs("SET", "ttl", "w", "KEEPTTL"), want: "OK"}})
		wantTTLNear(t, c, "ttl", 100*time.Second)
		runStrSteps(t, c, []strStep{{args: strArgs("SET", "ttl", "w"), want: "OK"}})
		if d := pttl(t, c, "ttl"); d != -1 {
			t.Errorf("PTTL after SET = %v, want -1 (no TTL)", d)
		}
		for _, opt := range [][]any{{"EX", "50"}, {"PX", "50000"}, {"EXAT", fmt.Sprint(time.Now().Unix() + 50)},
			{"PXAT", fmt.Sprint(time.Now().UnixMilli() + 50000)}} {
			runStrSteps(t, c, []strStep{{args: append(strArgs("SET", "opt", "v"), opt...), want: "OK"}})
			wantTTLNear(t, c, "opt", 50*time.Second)
		}
	})
}

// Ensure that GETSET, GETDEL and GETEX return the old value and change the
// key as Redis does.
func TestStrings_GetVariants(t *testing.T) {
	setup := []strStep{
		{args: strArgs("SET", "a", "1", "EX", "100"), want: "OK"},
		{args: strArgs("SET", "b", "2"), want: "OK"},
		{args: strArgs("SET", "c", "3", "EX", "100"), want: "OK"},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("GETSET", "a", "10"), want: "1"},
			{args: strArgs("GETSET", "nokey1", "x"), want: nil},
			{args: strArgs("GET", "nokey1"), want: "x"},
			{args: strArgs("GETDEL", "b"), want: "2"},
			{args: strArgs("GETDEL", "b"), want: nil},
			{args: strArgs("GET", "b"), want: nil},
			{args: strArgs("GETEX", "c"), want: "3"},
			{args: strArgs("GETEX", "nokey2", "EX", "10"), want: nil},
			{args: strArgs("GETEX", "c", "EX", "0"), err: "ERR invalid expire time in 'getex' command"},
			{args: strArgs("GETEX", "c", "EX", "x"), err: errNotInt},
			{args: strArgs("GETEX", "c", "NX"), err: errSyntax},
			{args: strArgs("GETEX", "c", "EX", "10", "PERSIST"), err: errSyntax},
		})
		if d := pttl(t, c, "a"); d != -1 {
			t.Errorf("PTTL after GETSET = %v, want -1", d)
		}
		wantTTLNear(t, c, "c", 100*time.Second)
		runStrSteps(t, c, []strStep{{args: strArgs("GETEX", "c", "PX", "5000"), want: "3"}})
		wantTTLNear(t, c, "c", 5*time.Second)
		runStrSteps(t, c, []strStep{{args: strArgs("GETEX", "c", "PERSIST"), want: "3"}})
		if d := pttl(t, c, "c"); d != -1 {
			t.Errorf("PTTL after GETEX PERSIST = %v, want -1", d)
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("GETEX", "c", "EXAT", "1"), want: "3"},
			{args: strArgs("GET", "c"), want: nil},
		})
	})
}

// Ensure that MGET, MSET, MSETNX, SETNX, SETEX and PSETEX behave as in
// Redis.
func TestStrings_MultiAndConditional(t *testing.T) {
	setup := []strStep{{args: strArgs("MSET", "m1", "a", "m2", "b"), want: "OK"}}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("MGET", "m1", "nokey", "m2"), want: []any{"a", nil, "b"}},
			{args: strArgs("MSET", "m1"), err: "ERR wrong number of arguments for 'mset' command"},
			{args: strArgs("MSET", "m1", "x", "m2"), err: "ERR wrong number of arguments for 'mset' command"},
			{args: strArgs("MSETNX", "m1", "x", "m3", "y"), want: int64(0)},
			{args: strArgs("GET", "m3"), want: nil},
			{args: strArgs("MSETNX", "m3", "y", "m4", "z"), want: int64(1)},
			{args: strArgs("MGET", "m3", "m4"), want: []any{"y", "z"}},
			{args: strArgs("MSETNX", "m5"), err: "ERR wrong number of arguments for 'msetnx' command"},
			{args: strArgs("SETNX", "m1", "x"), want: int64(0)},
			{args: strArgs("SETNX", "n1", "x"), want: int64(1)},
			{args: strArgs("GET", "n1"), want: "x"},
			{args: strArgs("SETEX", "e1", "100", "v"), want: "OK"},
			{args: strArgs("SETEX", "e1", "0", "v"), err: "ERR invalid expire time in 'setex' command"},
			{args: strArgs("SETEX", "e1", "x", "v"), err: errNotInt},
			{args: strArgs("PSETEX", "e2", "100000", "v"), want: "OK"},
			{args: strArgs("PSETEX", "e2", "-5", "v"), err: "ERR invalid expire time in 'psetex' command"},
			{args: strArgs("MGET", "e1", "e2"), want: []any{"v", "v"}},
		})
		wantTTLNear(t, c, "e1", 100*time.Second)
		wantTTLNear(t, c, "e2", 100*time.Second)
		// MSET drops TTLs, as SET does.
		runStrSteps(t, c, []strStep{{args: strArgs("MSET", "e1", "w", "e2", "w"), want: "OK"}})
		if d := pttl(t, c, "e1"); d != -1 {
			t.Errorf("PTTL after MSET = %v, want -1", d)
		}
	})
}

// Ensure that APPEND, STRLEN, GETRANGE, SUBSTR and SETRANGE behave as in
// Redis and keep the key's TTL.
func TestStrings_Ranges(t *testing.T) {
	setup := []strStep{{args: strArgs("SET", "s", "Hello", "EX", "100"), want: "OK"}}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("APPEND", "s", " World"), want: int64(11)},
			{args: strArgs("APPEND", "new", "abc"), want: int64(3)},
			{args: strArgs("STRLEN", "s"), want: int64(11)},
			{args: strArgs("STRLEN", "nokey"), want: int64(0)},
			{args: strArgs("GETRANGE", "s", "0", "4"), want: "Hello"},
			{args: strArgs("GETRANGE", "s", "-5", "-1"), want: "World"},
			{args: strArgs("GETRANGE", "s", "6", "1000"), want: "World"},
			{args: strArgs("GETRANGE", "s", "5", "2"), want: ""},
			{args: strArgs("GETRANGE", "nokey", "0", "-1"), want: ""},
			{args: strArgs("GETRANGE", "s", "a", "1"), err: errNotInt},
			{args: strArgs("SUBSTR", "s", "0", "0"), want: "H"},
			{args: strArgs("SETRANGE", "s", "6", "Redis"), want: int64(11)},
			{args: strArgs("GET", "s"), want: "Hello Redis"},
			{args: strArgs("SETRANGE", "pad", "3", "x"), want: int64(4)},
			{args: strArgs("GET", "pad"), want: "\x00\x00\x00x"},
			{args: strArgs("SETRANGE", "nokey", "3", ""), want: int64(0)},
			{args: strArgs("GET", "nokey"), want: nil},
			{args: strArgs("SETRANGE", "s", "-1", "x"), err: "ERR offset is out of range"},
			{args: strArgs("SETRANGE", "s", "536870912", "x"),
				err: "ERR string exceeds maximum allowed size (proto-max-bulk-len)"},
			{args: strArgs("SETRANGE", "s", "9223372036854775807", "x"),
				err: "ERR string exceeds maximum allowed size (proto-max-bulk-len)"},
		})
		wantTTLNear(t, c, "s", 100*time.Second)
	})
}

// Ensure that the integer counters count, refuse what is not an integer,
// refuse overflow, and keep the TTL.
func TestStrings_Counters(t *testing.T) {
	setup := []strStep{
		{args: strArgs("SET", "n", "10", "EX", "100"), want: "OK"},
		{args: strArgs("SET", "text", "abc"), want: "OK"},
		{args: strArgs("SET", "max", "9223372036854775807"), want: "OK"},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("INCR", "n"), want: int64(11)},
			{args: strArgs("DECR", "n"), want: int64(10)},
			{args: strArgs("INCRBY", "n", "-15"), want: int64(-5)},
			{args: strArgs("DECRBY", "n", "5"), want: int64(-10)},
			{args: strArgs("INCR", "fresh"), want: int64(1)},
			{args: strArgs("DECR", "fresh2"), want: int64(-1)},
			{args: strArgs("INCR", "text"), err: errNotInt},
			{args: strArgs("INCRBY", "n", "1.5"), err: errNotInt},
			{args: strArgs("INCRBY", "n", "9223372036854775808"), err: errNotInt},
			{args: strArgs("INCR", "max"), err: "ERR increment or decrement would overflow"},
			{args: strArgs("DECRBY", "n", "-9223372036854775808"), err: "ERR decrement would overflow"},
			{args: strArgs("INCRBY", "n", "-9223372036854775808"), err: "ERR increment or decrement would overflow"},
			{args: strArgs("GET", "n"), want: "-10"},
			{args: strArgs("GET", "max"), want: "9223372036854775807"},
		})
		wantTTLNear(t, c, "n", 100*time.Second)
	})
}

// Ensure that INCRBYFLOAT prints as Redis does, refuses NaN and infinity
// with Redis's texts, and keeps the TTL.
func TestStrings_IncrByFloat(t *testing.T) {
	setup := []strStep{
		{args: strArgs("SET", "f", "10.50", "EX", "100"), want: "OK"},
		{args: strArgs("SET", "text", "abc"), want: "OK"},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("INCRBYFLOAT", "f", "0.1"), want: "10.6"},
			{args: strArgs("INCRBYFLOAT", "f", "-5"), want: "5.6"},
			{args: strArgs("INCRBYFLOAT", "g", "0.1"), want: "0.1"},
			{args: strArgs("INCRBYFLOAT", "g", "0.2"), want: "0.3"},
			{args: strArgs("SET", "e", "5.0e3"), want: "OK"},
			{args: strArgs("INCRBYFLOAT", "e", "2.0e2"), want: "5200"},
			{args: strArgs("INCRBYFLOAT", "e", "3.0e3"), want: "8200"},
			{args: strArgs("INCRBYFLOAT", "f", "inf"), err: "ERR increment would produce NaN or Infinity"},
			{args: strArgs("INCRBYFLOAT", "f", "nan"), err: errNotFloat},
			{args: strArgs("INCRBYFLOAT", "f", "1e5000"), err: errNotFloat},
			{args: strArgs("INCRBYFLOAT", "f", " 1"), err: errNotFloat},
			{args: strArgs("INCRBYFLOAT", "text", "1"), err: errNotFloat},
			{args: strArgs("GET", "f"), want: "5.6"},
		})
		wantTTLNear(t, c, "f", 100*time.Second)
	})
}

// Ensure that LCS finds the longest common subsequence and its matches,
// and refuses conflicting options.
func TestStrings_LCS(t *testing.T) {
	setup := []strStep{{args: strArgs("MSET", "key1", "ohmytext", "key2", "mynewtext"), want: "OK"}}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runStrSteps(t, c, []strStep{
			{args: strArgs("LCS", "key1", "key2"), want: "mytext"},
			{args: strArgs("LCS", "key1", "key2", "LEN"), want: int64(6)},
			{args: strArgs("LCS", "key1", "nokey"), want: ""},
			{args: strArgs("LCS", "key1", "key2", "IDX", "LEN"),
				err: "ERR If you want both the length and indexes, please just use IDX."},
			{args: strArgs("LCS", "key1", "key2", "MINMATCHLEN"), err: errSyntax},
			{args: strArgs("LCS", "key1", "key2", "MINMATCHLEN", "x"), err: errNotInt},
		})
		got, err := c.LCS(ctx, &redis.LCSQuery{Key1: "key1", Key2: "key2", Idx: true, WithMatchLen: true,
			MinMatchLen: 4}).Result()
		if err != nil {
			t.Fatal(err)
		}
		want := &redis.LCSMatch{Len: 6, Matches: []redis.LCSMatchedPosition{
			{Key1: redis.LCSPosition{Start: 4, End: 7}, Key2: redis.LCSPosition{Start: 5, End: 8}, MatchLen: 4},
		}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("LCS IDX: got %+v, want %+v", got, want)
		}
	})
}

// Ensure that keys and values are binary safe through go-redis too.
func TestStrings_BinarySafe(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	key, val := "k\x00\r\n\xff", "v\x00\r\n\xfe"
	if err := c.Set(ctx, key, val, 0).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Append(ctx, key, "\x00").Err(); err != nil {
		t.Fatal(err)
	}
	s.Restart(t)
	c = s.Client(t)
	got, err := c.Get(ctx, key).Result()
	if err != nil || got != val+"\x00" {
		t.Errorf("GET %q = %q, %v; want %q", key, got, err, val+"\x00")
	}
	if _, err := c.Get(ctx, "k").Result(); !errors.Is(err, redis.Nil) {
		t.Errorf("GET k: got %v, want nil (the key with NUL is another key)", err)
	}
}

// Ensure that MSET is atomic: a reader never sees some of its keys written
// and others not, though they lie in different shards.
func TestStrings_MsetAtomic(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	const nkeys, rounds = 32, 200
	keys := make([]string, nkeys)
	for i := range keys {
		keys[i] = fmt.Sprintf("atomic:%d", i)
	}
	writer, reader := s.Client(t), s.Client(t)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for r := range rounds {
			pairs := make([]any, 0, 2*nkeys)
			for _, k := range keys {
				pairs = append(pairs, k, r)
			}
			if err := writer.MSet(ctx, pairs...).Err(); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for done := false; !done; {
		vals, err := reader.MGet(ctx, keys...).Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vals[1:] {
			if v != vals[0] {
				t.Fatalf("MGET saw a half-applied MSET: %v", vals)
			}
		}
		done = vals[0] == fmt.Sprint(rounds-1)
	}
	wg.Wait()
}

package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// End-to-end tests of the list commands through go-redis, each run with the
// lists in memory and again after a restart, when only the disk has them:
// a small list (loaded into memory once read) and one of bigList elements
// (more than tierdb ever loads, so always served from disk).

// bigList is the number of elements of the big test list: more than the
// 4096 elements up to which tierdb loads a list into memory.
const bigList = 5000

// bigElems is the big test list: e0 ... e4999.
func bigElems() []string {
	out := make([]string, bigList)
	for i := range out {
		out[i] = fmt.Sprint("e", i)
	}
	return out
}

// listSetup writes the lists every test starts from: l [a b c d e], dup
// [x a x b x], big (bigList elements), ttl [t] with a TTL, and the string s.
func listSetup() []strStep {
	big := strArgs("RPUSH", "big")
	for _, e := range bigElems() {
		big = append(big, e)
	}
	return []strStep{
		{args: strArgs("RPUSH", "l", "a", "b", "c", "d", "e"), want: int64(5)},
		{args: strArgs("RPUSH", "dup", "x", "a", "x", "b", "x"), want: int64(5)},
		{args: big, want: int64(bigList)},
		{args: strArgs("RPUSH", "ttl", "t"), want: int64(1)},
		{args: strArgs("EXPIRE", "ttl", "100"), want: int64(1)},
		{args: strArgs("SET", "s", "string"), want: "OK"},
	}
}

// anyStrings is strs as the []any go-redis gives for an array of bulks.
func anyStrings(strs ...string) []any {
	out := make([]any, len(strs))
	for i, s := range strs {
		out[i] = s
	}
	return out
}

// wantList fails unless LRANGE key 0 -1 is want (empty: no key).
func wantList(t *testing.T, c *redis.Client, key string, want []string) {
	t.Helper()
	got, err := c.LRange(context.Background(), key, 0, -1).Result()
	if err != nil {
		t.Fatalf("LRANGE %s: %v", key, err)
	}
	if !slices.Equal(got, want) && (len(got) != 0 || len(want) != 0) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Errorf("LRANGE %s: %d elements, want %d; first difference at index %d", key, len(got), len(want), i)
	}
	if n, err := c.LLen(context.Background(), key).Result(); err != nil || n != int64(len(want)) {
		t.Errorf("LLEN %s: %d, %v; want %d", key, n, err, len(want))
	}
}

// arityErr is Redis's wrong-number-of-arguments error for cmd.
func arityErr(cmd string) string { return "ERR wrong number of arguments for '" + cmd + "' command" }

// Ensure that LLEN, LRANGE, LINDEX and LPOS read small and big lists, hot
// and cold, with negative and out-of-range indexes, and refuse other types
// and bad arguments.
func TestList_Reads(t *testing.T) {
	forHotAndCold(t, listSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("LLEN", "l"), want: int64(5)},
			{args: strArgs("LLEN", "big"), want: int64(bigList)},
			{args: strArgs("LLEN", "nokey"), want: int64(0)},
			{args: strArgs("LLEN", "s"), err: errWrongType},
			{args: strArgs("LLEN"), err: arityErr("llen")},
			{args: strArgs("LRANGE", "l", "0", "-1"), want: anyStrings("a", "b", "c", "d", "e")},
			{args: strArgs("LRANGE", "l", "1", "2"), want: anyStrings("b", "c")},
			{args: strArgs("LRANGE", "l", "-2", "100"), want: anyStrings("d", "e")},
			{args: strArgs("LRANGE", "l", "-100", "0"), want: anyStrings("a")},
			{args: strArgs("LRANGE", "l", "3", "1"), want: anyStrings()},
			{args: strArgs("LRANGE", "l", "5", "10"), want: anyStrings()},
			{args: strArgs("LRANGE", "l", "-9223372036854775808", "9223372036854775807"), want: anyStrings("a", "b", "c", "d", "e")},
			{args: strArgs("LRANGE", "big", "4997", "-1"), want: anyStrings("e4997", "e4998", "e4999")},
			{args: strArgs("LRANGE", "big", "100", "102"), want: anyStrings("e100", "e101", "e102")},
			{args: strArgs("LRANGE", "nokey", "0", "-1"), want: anyStrings()},
			{args: strArgs("LRANGE", "nokey", "x", "1"), err: "ERR value is not an integer or out of range"},
			{args: strArgs("LRANGE", "l", "0", "1.5"), err: "ERR value is not an integer or out of range"},
			{args: strArgs("LRANGE", "s", "0", "1"), err: errWrongType},
			{args: strArgs("LRANGE", "l", "0"), err: arityErr("lrange")},
			{args: strArgs("LINDEX", "l", "0"), want: "a"},
			{args: strArgs("LINDEX", "l", "-1"), want: "e"},
			{args: strArgs("LINDEX", "l", "-5"), want: "a"},
			{args: strArgs("LINDEX", "l", "5"), want: nil},
			{args: strArgs("LINDEX", "l", "-6"), want: nil},
			{args: strArgs("LINDEX", "big", "4321"), want: "e4321"},
			{args: strArgs("LINDEX", "big", "-1"), want: "e4999"},
			{args: strArgs("LINDEX", "nokey", "x"), want: nil},
			{args: strArgs("LINDEX", "l", "x"), err: "ERR value is not an integer or out of range"},
			{args: strArgs("LINDEX", "s", "0"), err: errWrongType},
			{args: strArgs("LINDEX", "l"), err: arityErr("lindex")},
			{args: strArgs("LPOS", "dup", "x"), want: int64(0)},
			{args: strArgs("LPOS", "dup", "x", "RANK", "2"), want: int64(2)},
			{args: strArgs("LPOS", "dup", "x", "RANK", "-1"), want: int64(4)},
			{args: strArgs("LPOS", "dup", "x", "RANK", "-3"), want: int64(0)},
			{args: strArgs("LPOS", "dup", "x", "RANK", "4"), want: nil},
			{args: strArgs("LPOS", "dup", "x", "COUNT", "0"), want: []any{int64(0), int64(2), int64(4)}},
			{args: strArgs("LPOS", "dup", "x", "COUNT", "2", "RANK", "-1"), want: []any{int64(4), int64(2)}},
			{args: strArgs("LPOS", "dup", "x", "COUNT", "0", "MAXLEN", "3"), want: []any{int64(0), int64(2)}},
			{args: strArgs("LPOS", "dup", "x", "RANK", "-1", "MAXLEN", "1"), want: int64(4)},
			{args: strArgs("LPOS", "dup", "b", "MAXLEN", "3"), want: nil},
			{args: strArgs("LPOS", "dup", "x", "RANK", "-9223372036854775808"), want: int64(4)},
			{args: strArgs("LPOS", "dup", "x", "rank", "1", "rank", "2"), want: int64(2)},
			{args: strArgs("LPOS", "dup", "nosuch", "COUNT", "1"), want: []any{}},
			{args: strArgs("LPOS", "big", "e4500"), want: int64(4500)},
			{args: strArgs("LPOS", "big", "e10", "RANK", "-1"), want: int64(10)},
			{args: strArgs("LPOS", "big", "e10", "MAXLEN", "10"), want: nil},
			{args: strArgs("LPOS", "nokey", "x"), want: nil},
			{args: strArgs("LPOS", "nokey", "x", "COUNT", "0"), want: []any{}},
			{args: strArgs("LPOS", "dup", "x", "RANK", "0"), err: "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"},
			{args: strArgs("LPOS", "nokey", "x", "RANK", "0"), err: "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"},
			{args: strArgs("LPOS", "dup", "x", "RANK", "x"), err: "ERR value is not an integer or out of range"},
			{args: strArgs("LPOS", "dup", "x", "COUNT", "-1"), err: "ERR COUNT can't be negative"},
			{args: strArgs("LPOS", "dup", "x", "COUNT", "x"), err: "ERR COUNT can't be negative"},
			{args: strArgs("LPOS", "dup", "x", "MAXLEN", "-1"), err: "ERR MAXLEN can't be negative"},
			{args: strArgs("LPOS", "dup", "x", "FOO"), err: "ERR syntax error"},
			{args: strArgs("LPOS", "dup", "x", "RANK"), err: "ERR syntax error"},
			{args: strArgs("LPOS", "s", "x"), err: errWrongType},
			{args: strArgs("LPOS", "s", "x", "RANK", "0"), err: "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"},
			{args: strArgs("LPOS", "dup"), err: arityErr("lpos")},
			{args: strArgs("TYPE", "big"), want: "list"},
			{args: strArgs("OBJECT", "ENCODING", "l"), want: "quicklist"},
			{args: strArgs("OBJECT", "ENCODING", "big"), want: "quicklist"},
			{args: strArgs("GET", "l"), err: errWrongType},
			{args: strArgs("HGET", "big", "x"), err: errWrongType},
		})
		wantList(t, c, "big", bigElems())
		wantList(t, c, "ttl", []string{"t"})
		if d := pttl(t, c, "ttl"); d <= 0 {
			t.Errorf("PTTL ttl = %v, want the TTL kept", d)
		}
	})
}

// Ensure that the pushes and pops change small and big lists at both ends,
// hot and cold, keep the key's TTL, delete the key with its last element,
// and refuse bad arguments without changing anything.
func TestList_PushPop(t *testing.T) {
	forHotAndCold(t, listSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("LPUSH", "l", "z", "y"), want: int64(7)},
			{args: strArgs("RPUSH", "l", "f"), want: int64(8)},
			{args: strArgs("LPUSHX", "l", "x"), want: int64(9)},
			{args: strArgs("RPUSHX", "l", "g", "h"), want: int64(11)},
			{args: strArgs("LPUSHX", "nokey", "x"), want: int64(0)},
			{args: strArgs("RPUSHX", "nokey", "x"), want: int64(0)},
			{args: strArgs("EXISTS", "nokey"), want: int64(0)},
			{args: strArgs("LPUSH", "new", "1", "2", "3"), want: int64(3)},
			{args: strArgs("LRANGE", "new", "0", "-1"), want: anyStrings("3", "2", "1")},
			{args: strArgs("LPOP", "l"), want: "x"},
			{args: strArgs("RPOP", "l"), want: "h"},
			{args: strArgs("LPOP", "l", "2"), want: anyStrings("y", "z")},
			{args: strArgs("RPOP", "l", "3"), want: anyStrings("g", "f", "e")},
			{args: strArgs("LPOP", "l", "0"), want: anyStrings()},
			{args: strArgs("LPOP", "nokey"), want: nil},
			{args: strArgs("LPOP", "nokey", "0"), want: nil},
			{args: strArgs("RPOP", "nokey", "3"), want: nil},
			{args: strArgs("LPOP", "l", "-1"), err: "ERR value is out of range, must be positive"},
			{args: strArgs("LPOP", "l", "x"), err: "ERR value is out of range, must be positive"},
			{args: strArgs("LPOP", "nokey", "-1"), err: "ERR value is out of range, must be positive"},
			{args: strArgs("LPOP", "s", "-1"), err: "ERR value is out of range, must be positive"},
			{args: strArgs("LPOP", "s"), err: errWrongType},
			{args: strArgs("RPOP", "s", "0"), err: errWrongType},
			{args: strArgs("LPOP", "l", "1", "2"), err: arityErr("lpop")},
			{args: strArgs("RPOP"), err: arityErr("rpop")},
			{args: strArgs("LPUSH", "l"), err: arityErr("lpush")},
			{args: strArgs("LPUSH", "s", "x"), err: errWrongType},
			{args: strArgs("RPUSH", "s", "x"), err: errWrongType},
			{args: strArgs("LPUSHX", "s", "x"), err: errWrongType},
			{args: strArgs("RPUSHX", "s", "x"), err: errWrongType},
			{args: strArgs("RPOP", "l", "100"), want: anyStrings("d", "c", "b", "a")},
			{args: strArgs("EXISTS", "l"), want: int64(0)},
			{args: strArgs("RPOP", "ttl"), want: "t"},
			{args: strArgs("EXISTS", "ttl"), want: int64(0)},
			{args: strArgs("LPUSH", "big", "head"), want: int64(bigList + 1)},
			{args: strArgs("RPUSH", "big", "tail"), want: int64(bigList + 2)},
			{args: strArgs("LPOP", "big", "2"), want: anyStrings("head", "e0")},
			{args: strArgs("RPOP", "big"), want: "tail"},
			{args: strArgs("RPOP", "big", "2"), want: anyStrings("e4999", "e4998")},
			{args: strArgs("LINDEX", "big", "0"), want: "e1"},
			{args: strArgs("LINDEX", "big", "-1"), want: "e4997"},
		})
		wantList(t, c, "big", bigElems()[1:4998])
	})
}

// Ensure that LSET, LINSERT, LREM and LTRIM change small and big lists,
// hot and cold, with Redis's replies for missing pivots, keys and indexes.
func TestList_Edits(t *testing.T) {
	forHotAndCold(t, listSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("LSET", "l", "0", "A"), want: "OK"},
			{args: strArgs("LSET", "l", "-1", "E"), want: "OK"},
			{args: strArgs("LSET", "l", "5", "x"), err: "ERR index out of range"},
			{args: strArgs("LSET", "l", "-6", "x"), err: "ERR index out of range"},
			{args: strArgs("LSET", "l", "x", "x"), err: "ERR value is not an integer or out of range"},
			{args: strArgs("LSET", "nokey", "0", "x"), err: "ERR no such key"},
			{args: strArgs("LSET", "nokey", "x", "x"), err: "ERR no such key"},
			{args: strArgs("LSET", "s", "0", "x"), err: errWrongType},
			{args: strArgs("LSET", "l", "0"), err: arityErr("lset")},
			{args: strArgs("LINSERT", "l", "BEFORE", "c", "b2"), want: int64(6)},
			{args: strArgs("LINSERT", "l", "after", "c", "c2"), want: int64(7)},
			{args: strArgs("LINSERT", "l", "AFTER", "E", "F"), want: int64(8)},
			{args: strArgs("LINSERT", "l", "BEFORE", "A", "0"), want: int64(9)},
			{args: strArgs("LINSERT", "l", "BEFORE", "nosuch", "x"), want: int64(-1)},
			{args: strArgs("LINSERT", "nokey", "BEFORE", "a", "x"), want: int64(0)},
			{args: strArgs("LINSERT", "l", "MIDDLE", "c", "x"), err: "ERR syntax error"},
			{args: strArgs("LINSERT", "nokey", "MIDDLE", "c", "x"), err: "ERR syntax error"},
			{args: strArgs("LINSERT", "s", "BEFORE", "c", "x"), err: errWrongType},
			{args: strArgs("LINSERT", "l", "BEFORE", "c"), err: arityErr("linsert")},
			{args: strArgs("LRANGE", "l", "0", "-1"), want: anyStrings("0", "A", "b", "b2", "c", "c2", "d", "E", "F")},
			{args: strArgs("LREM", "dup", "1", "x"), want: int64(1)},
			{args: strArgs("LRANGE", "dup", "0", "-1"), want: anyStrings("a", "x", "b", "x")},
			{args: strArgs("LREM", "dup", "-1", "x"), want: int64(1)},
			{args: strArgs("LRANGE", "dup", "0", "-1"), want: anyStrings("a", "x", "b")},
			{args: strArgs("RPUSH", "dup", "x", "x"), want: int64(5)},
			{args: strArgs("LREM", "dup", "0", "x"), want: int64(3)},
			{args: strArgs("LREM", "dup", "0", "nosuch"), want: int64(0)},
			{args: strArgs("LREM", "dup", "x", "a"), err: "ERR value is not an integer or out of range"},
			{args: strArgs("LREM", "nokey", "1", "a"), want: int64(0)},
			{args: strArgs("LREM", "s", "1", "a"), err: errWrongType},
			{args: strArgs("LREM", "dup", "-9223372036854775808", "a"), want: int64(1)},
			{args: strArgs("LREM", "dup", "1", "b"), want: int64(1)},
			{args: strArgs("EXISTS", "dup"), want: int64(0)},
			{args: strArgs("LTRIM", "l", "1", "-2"), want: "OK"},
			{args: strArgs("LRANGE", "l", "0", "-1"), want: anyStrings("A", "b", "b2", "c", "c2", "d", "E")},
			{args: strArgs("LTRIM", "l", "-3", "100"), want: "OK"},
			{args: strArgs("LRANGE", "l", "0", "-1"), want: anyStrings("c2", "d", "E")},
			{args: strArgs("LTRIM", "nokey", "0", "1"), want: "OK"},
			{args: strArgs("LTRIM", "nokey", "x", "1"), err: "ERR value is not an integer or out of range"},
			{args: strArgs("LTRIM", "s", "0", "1"), err: errWrongType},
			{args: strArgs("LTRIM", "l", "2", "1"), want: "OK"},
			{args: strArgs("EXISTS", "l"), want: int64(0)},
			// The big list: edits near either end move the nearer side.
			{args: strArgs("LSET", "big", "4321", "X"), want: "OK"},
			{args: strArgs("LINSERT", "big", "BEFORE", "e2", "i2"), want: int64(bigList + 1)},
			{args: strArgs("LINSERT", "big", "AFTER", "e4997", "i4997"), want: int64(bigList + 2)},
			{args: strArgs("LREM", "big", "0", "e1"), want: int64(1)},
			{args: strArgs("LREM", "big", "-1", "e4998"), want: int64(1)},
			{args: strArgs("LINDEX", "big", "1"), want: "i2"},
			{args: strArgs("LINDEX", "big", "4321"), want: "X"},
			{args: strArgs("LRANGE", "big", "-4", "-1"), want: anyStrings("e4996", "e4997", "i4997", "e4999")},
			{args: strArgs("LTRIM", "big", "1", "-2"), want: "OK"},
			{args: strArgs("LLEN", "big"), want: int64(bigList - 2)},
			{args: strArgs("LRANGE", "big", "0", "2"), want: anyStrings("i2", "e2", "e3")},
			{args: strArgs("LINDEX", "big", "-1"), want: "i4997"},
		})
		want := []string{"i2"}
		for i := 2; i < bigList-2; i++ {
			want = append(want, fmt.Sprint("e", i))
			if i == 4321 {
				want[len(want)-1] = "X"
			}
		}
		wantList(t, c, "big", append(want, "i4997"))
	})
}

// Ensure that LMOVE, RPOPLPUSH and LMPOP move and pop between lists, rotate
// a list moved onto itself, refuse a destination of another type without
// popping, and answer Redis's errors.
func TestList_MoveAndMpop(t *testing.T) {
	forHotAndCold(t, listSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("LMOVE", "l", "dst", "LEFT", "RIGHT"), want: "a"},
			{args: strArgs("LMOVE", "l", "dst", "right", "left"), want: "e"},
			{args: strArgs("RPOPLPUSH", "l", "dst"), want: "d"},
			{args: strArgs("LRANGE", "dst", "0", "-1"), want: anyStrings("d", "e", "a")},
			{args: strArgs("LMOVE", "l", "l", "LEFT", "RIGHT"), want: "b"},
			{args: strArgs("LRANGE", "l", "0", "-1"), want: anyStrings("c", "b")},
			{args: strArgs("LMOVE", "l", "l", "RIGHT", "LEFT"), want: "b"},
			{args: strArgs("LMOVE", "l", "l", "LEFT", "LEFT"), want: "b"},
			{args: strArgs("LRANGE", "l", "0", "-1"), want: anyStrings("b", "c")},
			{args: strArgs("LMOVE", "l", "s", "LEFT", "LEFT"), err: errWrongType},
			{args: strArgs("RPOPLPUSH", "l", "s"), err: errWrongType},
			{args: strArgs("LRANGE", "l", "0", "-1"), want: anyStrings("b", "c")},
			{args: strArgs("LMOVE", "nokey", "s", "LEFT", "LEFT"), want: nil},
			{args: strArgs("LMOVE", "s", "l", "LEFT", "LEFT"), err: errWrongType},
			{args: strArgs("LMOVE", "l", "dst", "MIDDLE", "LEFT"), err: "ERR syntax error"},
			{args: strArgs("LMOVE", "l", "dst", "LEFT", "UP"), err: "ERR syntax error"},
			{args: strArgs("LMOVE", "l", "dst", "LEFT"), err: arityErr("lmove")},
			{args: strArgs("RPOPLPUSH", "l"), err: arityErr("rpoplpush")},
			{args: strArgs("RPOPLPUSH", "ttl", "ttl"), want: "t"},
			{args: strArgs("RPOPLPUSH", "ttl", "moved"), want: "t"},
			{args: strArgs("EXISTS", "ttl"), want: int64(0)},
			{args: strArgs("LMOVE", "big", "fromBig", "LEFT", "LEFT"), want: "e0"},
			{args: strArgs("LMOVE", "big", "big", "RIGHT", "LEFT"), want: "e4999"},
			{args: strArgs("LMOVE", "big", "big", "LEFT", "RIGHT"), want: "e4999"},
			{args: strArgs("LINDEX", "big", "0"), want: "e1"},
			{args: strArgs("LMPOP", "2", "nokey", "l", "LEFT"), want: []any{"l", anyStrings("b")}},
			{args: strArgs("LMPOP", "1", "dst", "RIGHT", "COUNT", "10"), want: []any{"dst", anyStrings("a", "e", "d")}},
			{args: strArgs("LMPOP", "2", "nokey", "dst", "LEFT"), want: nil},
			{args: strArgs("LMPOP", "2", "s", "l", "LEFT"), err: errWrongType},
			{args: strArgs("LMPOP", "2", "l", "s", "LEFT"), want: []any{"l", anyStrings("c")}},
			{args: strArgs("LMPOP", "1", "big", "left", "count", "2"), want: []any{"big", anyStrings("e1", "e2")}},
			{args: strArgs("LMPOP", "0", "l", "LEFT"), err: "ERR numkeys should be greater than 0"},
			{args: strArgs("LMPOP", "-1", "l", "LEFT"), err: "ERR numkeys should be greater than 0"},
			{args: strArgs("LMPOP", "x", "l", "LEFT"), err: "ERR numkeys should be greater than 0"},
			{args: strArgs("LMPOP", "2", "l", "LEFT"), err: "ERR syntax error"},
			{args: strArgs("LMPOP", "9223372036854775807", "l", "LEFT"), err: "ERR syntax error"},
			{args: strArgs("LMPOP", "1", "l", "MIDDLE"), err: "ERR syntax error"},
			{args: strArgs("LMPOP", "1", "l", "LEFT", "COUNT", "0"), err: "ERR count should be greater than 0"},
			{args: strArgs("LMPOP", "1", "l", "LEFT", "COUNT", "x"), err: "ERR count should be greater than 0"},
			{args: strArgs("LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "1"), err: "ERR syntax error"},
			{args: strArgs("LMPOP", "1", "l", "LEFT", "COUNT"), err: "ERR syntax error"},
			{args: strArgs("LMPOP", "1", "l", "LEFT", "FOO"), err: "ERR syntax error"},
			{args: strArgs("LMPOP", "1", "l"), err: arityErr("lmpop")},
		})
		wantList(t, c, "fromBig", []string{"e0"})
		wantList(t, c, "moved", []string{"t"})
		runStrSteps(t, c, []strStep{{args: strArgs("PTTL", "moved"), want: int64(-1)}})
	})
}

// Ensure that the non-blocking behaviour of the blocking commands (a list
// to pop, argument errors, and MULTI, where they never block) is Redis's.
func TestList_BlockingWithoutBlocking(t *testing.T) {
	forHotAndCold(t, listSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("BLPOP", "nokey", "l", "0"), want: anyStrings("l", "a")},
			{args: strArgs("BRPOP", "nokey", "l", "big", "0.5"), want: anyStrings("l", "e")},
			{args: strArgs("BLMOVE", "l", "dst", "LEFT", "LEFT", "0"), want: "b"},
			{args: strArgs("BRPOPLPUSH", "l", "dst", "0"), want: "d"},
			{args: strArgs("BLMPOP", "0", "2", "nokey", "big", "RIGHT", "COUNT", "2"), want: []any{"big", anyStrings("e4999", "e4998")}},
			{args: strArgs("BLPOP", "l", "x"), err: "ERR timeout is not a float or out of range"},
			{args: strArgs("BLPOP", "l", "-1"), err: "ERR timeout is negative"},
			{args: strArgs("BLPOP", "s", "0"), err: errWrongType},
			{args: strArgs("BLPOP", "nokey", "s", "0"), err: errWrongType},
			{args: strArgs("BLMOVE", "l", "s", "LEFT", "LEFT", "0"), err: errWrongType},
			{args: strArgs("BLMOVE", "l", "dst", "LEFT", "UP", "0"), err: "ERR syntax error"},
			{args: strArgs("BLMOVE", "l", "dst", "LEFT", "LEFT", "x"), err: "ERR timeout is not a float or out of range"},
			{args: strArgs("BRPOPLPUSH", "l", "dst", "-1"), err: "ERR timeout is negative"},
			{args: strArgs("BLMPOP", "x", "1", "l", "LEFT"), err: "ERR timeout is not a float or out of range"},
			{args: strArgs("BLMPOP", "0", "0", "l", "LEFT"), err: "ERR numkeys should be greater than 0"},
			{args: strArgs("BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0"), err: "ERR count should be greater than 0"},
			{args: strArgs("BLPOP", "l"), err: arityErr("blpop")},
			{args: strArgs("BLMPOP", "0", "1", "l"), err: arityErr("blmpop")},
			{args: strArgs("LRANGE", "l", "0", "-1"), want: anyStrings("c")},
			{args: strArgs("LRANGE", "dst", "0", "-1"), want: anyStrings("d", "b")},
		})
		ctx := context.Background()
		cmds, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.BLPop(ctx, 0, "nokey")
			p.BRPopLPush(ctx, "nokey", "dst", 0)
			p.BLMove(ctx, "nokey", "dst", "LEFT", "LEFT", 0)
			p.BLMPop(ctx, 0, "left", 1, "nokey")
			p.BLPop(ctx, 0, "nokey", "l")
			return nil
		})
		if err != nil && err != redis.Nil {
			t.Fatalf("MULTI: %v", err)
		}
		for i, cmd := range cmds[:4] {
			if cmd.Err() != redis.Nil {
				t.Errorf("MULTI command %d (%v): %v, want nil at once", i, cmd.Args(), cmd.Err())
			}
		}
		if got, err := cmds[4].(*redis.StringSliceCmd).Result(); err != nil || !slices.Equal(got, []string{"l", "c"}) {
			t.Errorf("BLPOP in MULTI: %q, %v", got, err)
		}
	})
}

// Ensure that lists keep their elements and order through COPY, RENAME,
// MOVE, DUMP/RESTORE, expiry and deletion, hot and cold, small and big.
func TestList_KeySpace(t *testing.T) {
	forHotAndCold(t, listSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		runStrSteps(t, c, []strStep{
			{args: strArgs("COPY", "l", "lc"), want: int64(1)},
			{args: strArgs("COPY", "big", "bc"), want: int64(1)},
			{args: strArgs("RPUSH", "lc", "f"), want: int64(6)},
			{args: strArgs("LPOP", "bc"), want: "e0"},
			{args: strArgs("RENAME", "lc", "lr"), want: "OK"},
			{args: strArgs("MOVE", "lr", "1"), want: int64(1)},
			{args: strArgs("COPY", "bc", "bc", "DB", "2"), want: int64(1)},
			{args: strArgs("TYPE", "lr"), want: "none"},
			{args: strArgs("DEL", "bc"), want: int64(1)},
			{args: strArgs("RENAME", "ttl", "ttl2"), want: "OK"},
		})
		wantList(t, c, "l", []string{"a", "b", "c", "d", "e"})
		wantList(t, c, "big", bigElems())
		wantList(t, c, "ttl2", []string{"t"})
		if d := pttl(t, c, "ttl2"); d <= 0 {
			t.Errorf("PTTL ttl2 = %v after RENAME, want the TTL kept", d)
		}
		c1 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.DB = 1 })
		wantList(t, c1, "lr", []string{"a", "b", "c", "d", "e", "f"})
		c2 := testserver.NewClient(t, c.Options().Addr, func(o *redis.Options) { o.DB = 2 })
		wantList(t, c2, "bc", bigElems()[1:])
		for _, key := range []string{"l", "big"} {
			dump, err := c.Dump(ctx, key).Result()
			if err != nil {
				t.Fatalf("DUMP %s: %v", key, err)
			}
			if err := c.Restore(ctx, key+"-r", 0, dump).Err(); err != nil {
				t.Fatalf("RESTORE %s: %v", key, err)
			}
			if err := c.Restore(ctx, key, 0, dump).Err(); err == nil || err.Error() != "BUSYKEY Target key name already exists." {
				t.Errorf("RESTORE onto %s: %v", key, err)
			}
			if again, _ := c.Dump(ctx, key+"-r").Result(); again != dump {
				t.Errorf("DUMP of the restored %s differs", key)
			}
		}
		wantList(t, c, "l-r", []string{"a", "b", "c", "d", "e"})
		wantList(t, c, "big-r", bigElems())
		if n, err := c.LPush(ctx, "big-r", "x").Result(); err != nil || n != bigList+1 {
			t.Errorf("LPUSH onto a restored big list: %d, %v", n, err)
		}
		if err := c.PExpire(ctx, "l", time.Millisecond).Err(); err != nil {
			t.Fatal(err)
		}
		waitGone(t, c, "l")
	})
}

// waitGone waits up to a second for key to be gone.
func waitGone(t *testing.T, c *redis.Client, key string) {
	t.Helper()
	ctx := context.Background()
	for range 100 {
		if n, _ := c.Exists(ctx, key).Result(); n == 0 {
			if l, _ := c.LLen(ctx, key).Result(); l != 0 {
				t.Errorf("LLEN %s = %d after it expired", key, l)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%s did not expire", key)
}

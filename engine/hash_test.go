package engine

import (
	"strings"
	"testing"
)

// Ensure that a hash command refused with an error changed nothing: not
// the hash, not a key it would have created, hot or after a reopen.
func TestHash_Errors_ChangeNothing(t *testing.T) {
	k := newKeysEngine(t, nil)
	k.expect("(integer) 2", "HSET", "h", "n", "9223372036854775807", "txt", "abc")
	k.expect("OK", "SET", "s", "v")
	for _, cold := range []bool{false, true} {
		if cold {
			k.reopen()
		}
		for _, args := range [][]string{
			{"HSET", "h", "a", "1", "b"},
			{"HSET", "new", "a", "1", "b"},
			{"HMSET", "new", "a"},
			{"HINCRBY", "h", "n", "1"},
			{"HINCRBY", "h", "txt", "1"},
			{"HINCRBY", "new", "f", "x"},
			{"HINCRBYFLOAT", "h", "txt", "1"},
			{"HINCRBYFLOAT", "new", "f", "inf"},
			{"HINCRBYFLOAT", "h", "n", "-inf"},
			{"HSET", "s", "a", "1"},
			{"HDEL", "s", "a"},
			{"HSCAN", "h", "0", "COUNT", "0"},
			{"HRANDFIELD", "h", "1", "FOO"},
		} {
			if got := k.do(args...); !strings.HasPrefix(got, "(error) ") {
				t.Errorf("%q: got %s, want an error", args, got)
			}
		}
		k.expect("[2] \"9223372036854775807\" \"abc\"", "HMGET", "h", "n", "txt")
		k.expect("(integer) 2", "HLEN", "h")
		k.expect("(integer) 0", "EXISTS", "new")
		k.expect("(integer) 2", "DBSIZE")
	}
}

// Ensure that HGETALL replies with every field and value once, for a hash
// in memory and one only on disk.
func TestHash_Hgetall_ReplyShape(t *testing.T) {
	k := newKeysEngine(t, nil)
	k.expect("(integer) 3", "HSET", "h", "a", "1", "b", "2", "c", "3")
	for _, cold := range []bool{false, true} {
		if cold {
			k.reopen()
		}
		got := k.do("HGETALL", "h")
		if !strings.HasPrefix(got, "[6] ") || len(strings.Fields(got)) != 7 {
			t.Errorf("HGETALL: %s", got)
		}
		for _, pair := range []string{`"a" "1"`, `"b" "2"`, `"c" "3"`} {
			if !strings.Contains(got, pair) {
				t.Errorf("HGETALL %s lacks %s", got, pair)
			}
		}
	}
}

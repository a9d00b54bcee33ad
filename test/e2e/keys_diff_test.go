package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that the deterministic key-space commands reply byte for byte as
// Redis 7.0 does, errors included.
func TestKeysDiff_Deterministic(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Script(t, [][]string{
		// DEL, UNLINK, EXISTS (duplicates count), TOUCH, TYPE
		{"SET", "a", "1"}, {"SET", "b", "2"}, {"SET", "c", "3"},
		{"EXISTS", "a", "a", "nokey", "b"},
		{"TOUCH", "a", "a", "nokey"},
		{"TYPE", "a"}, {"TYPE", "nokey"},
		{"DEL", "a", "a", "nokey"},
		{"UNLINK", "b", "nokey"},
		{"EXISTS", "a", "b", "c"},
		{"DEL"}, {"UNLINK"}, {"EXISTS"}, {"TOUCH"}, {"TYPE"}, {"TYPE", "a", "b"},
		// RENAME, RENAMENX
		{"SET", "src", "v"}, {"SET", "other", "o"},
		{"RENAME", "nokey", "x"}, {"RENAMENX", "nokey", "x"}, {"RENAME", "nokey", "nokey"},
		{"RENAME", "src", "src"}, {"RENAMENX", "src", "src"},
		{"RENAMENX", "src", "other"},
		{"RENAME", "src", "dst"}, {"GET", "src"}, {"GET", "dst"},
		{"RENAME", "dst", "other"}, {"GET", "other"}, {"EXISTS", "dst"},
		{"RENAMENX", "other", "fresh"}, {"GET", "fresh"},
		{"RENAME", "x"}, {"RENAMENX", "x", "y", "z"},
		// MOVE
		{"SET", "m", "mv"},
		{"MOVE", "m", "0"}, {"MOVE", "nokey", "0"}, {"MOVE", "m", "16"}, {"MOVE", "m", "-1"},
		{"MOVE", "m", "x"}, {"MOVE", "m", "01"}, {"MOVE", "m", "4294967296"},
		{"MOVE", "nokey", "1"},
		{"MOVE", "m", "1"}, {"EXISTS", "m"}, {"SELECT", "1"}, {"GET", "m"},
		{"SET", "m2", "in1"}, {"SELECT", "0"}, {"SET", "m2", "in0"},
		{"MOVE", "m2", "1"}, {"GET", "m2"},
		// COPY
		{"SET", "cs", "copyme"},
		{"COPY", "cs", "cs"}, {"COPY", "nokey", "nokey"}, {"COPY", "cs", "cs", "DB", "0"},
		{"COPY", "nokey", "x"},
		{"COPY", "cs", "cd"}, {"GET", "cd"},
		{"COPY", "cs", "m2"}, {"GET", "m2"},
		{"COPY", "cs", "m2", "REPLACE"}, {"GET", "m2"},
		{"COPY", "cs", "cs", "DB", "1"}, {"COPY", "cs", "cs", "db", "1"}, {"COPY", "cs", "cs", "db", "1", "replace"},
		{"SELECT", "1"}, {"GET", "cs"}, {"SELECT", "0"},
		{"COPY", "cs", "x", "DB", "99"}, {"COPY", "cs", "x", "DB", "-1"}, {"COPY", "cs", "x", "DB", "y"},
		{"COPY", "cs", "x", "DB", "4294967296"}, {"COPY", "cs", "x", "DB"}, {"COPY", "cs", "x", "FOO"},
		{"COPY", "cs", "x", "DB", "99", "FOO"}, {"COPY", "cs", "x", "FOO", "DB", "99"},
		{"COPY", "cs", "x", "DB", "1", "DB", "2"}, {"SELECT", "2"}, {"GET", "x"}, {"SELECT", "0"},
		{"COPY", "cs"},
		// SWAPDB
		{"SWAPDB", "0", "16"}, {"SWAPDB", "16", "0"}, {"SWAPDB", "-1", "0"},
		{"SWAPDB", "x", "0"}, {"SWAPDB", "0", "x"}, {"SWAPDB", "4294967296", "0"}, {"SWAPDB", "0", "01"},
		{"SWAPDB", "0", "0"}, {"SWAPDB", "0"},
		{"SWAPDB", "0", "3"}, {"DBSIZE"}, {"SELECT", "3"}, {"GET", "cs"}, {"SWAPDB", "3", "0"}, {"DBSIZE"},
		{"SELECT", "0"},
		// DBSIZE, FLUSHDB, FLUSHALL
		{"DBSIZE"}, {"DBSIZE", "x"},
		{"FLUSHDB", "foo"}, {"FLUSHDB", "async", "sync"}, {"FLUSHALL", "sync", "extra"}, {"FLUSHALL", "bad"},
		{"SELECT", "1"}, {"DBSIZE"}, {"FLUSHDB", "SYNC"}, {"DBSIZE"}, {"SELECT", "0"}, {"DBSIZE"},
		{"FLUSHDB", "ASYNC"}, {"DBSIZE"},
		{"SET", "k", "v"}, {"SELECT", "2"}, {"DBSIZE"}, {"FLUSHALL"}, {"DBSIZE"}, {"SELECT", "0"}, {"DBSIZE"},
		{"RANDOMKEY"}, {"RANDOMKEY", "x"}, {"KEYS", "*"}, {"KEYS"}, {"SCAN", "0"},
		{"SET", "only", "1"}, {"RANDOMKEY"}, {"KEYS", "*"}, {"KEYS", "on?y"}, {"KEYS", "x*"},
		// SCAN argument errors
		{"SCAN"}, {"SCAN", "x"}, {"SCAN", " 1"}, {"SCAN", "1x"}, {"SCAN", "18446744073709551616"},
		{"SCAN", "0", "COUNT", "0"}, {"SCAN", "0", "COUNT", "-1"}, {"SCAN", "0", "COUNT", "x"},
		{"SCAN", "0", "COUNT", "9223372036854775808"},
		{"SCAN", "0", "MATCH"}, {"SCAN", "0", "foo", "bar"}, {"SCAN", "0", "TYPE"},
		{"SCAN", "", "COUNT", "100"}, {"SCAN", "+0"}, {"SCAN", "-0"},
		{"SCAN", "0", "TYPE", "string"}, {"SCAN", "0", "TYPE", "STRING"}, {"SCAN", "0", "TYPE", "hash"},
		{"SCAN", "0", "TYPE", "nosuchtype"}, {"SCAN", "0", "MATCH", "o*", "COUNT", "1000", "TYPE", "string"},
		{"SCAN", "0", "MATCH", "zz*"},
		{"SET", "", "emptykey"}, {"KEYS", ""}, {"SCAN", "0", "MATCH", ""}, {"TYPE", ""}, {"EXISTS", ""},
		{"RENAME", "", "was-empty"}, {"KEYS", ""}, {"GET", "was-empty"},
	})
}

// Ensure that OBJECT and DUMP/RESTORE argument handling matches Redis 7.0.
// Two replies differ on purpose and are not compared: DUMP payloads (our
// format is not RDB) and OBJECT HELP (our own wording). OBJECT ENCODING is
// compared for values written by SET only (see cmdObjectEncoding).
func TestKeysDiff_ObjectAndRestoreErrors(t *testing.T) {
	p := testserver.StartPair(t, nil)
	var script [][]string
	for i, v := range []string{"1", "-1", "0", "9999", "10000", "9223372036854775807", "-9223372036854775808",
		"9223372036854775808", "12345678901234567890", "01", "-0", "+1", " 1", "1 ", "", "abc",
		strings.Repeat("x", 44), strings.Repeat("x", 45), strings.Repeat("7", 21)} {
		k := fmt.Sprintf("enc%d", i)
		script = append(script, []string{"SET", k, v}, []string{"OBJECT", "ENCODING", k},
			[]string{"OBJECT", "REFCOUNT", k})
	}
	script = append(script, [][]string{
		{"OBJECT", "ENCODING", "nokey"}, {"OBJECT", "REFCOUNT", "nokey"}, {"OBJECT", "IDLETIME", "nokey"},
		{"OBJECT", "FREQ", "nokey"}, {"OBJECT", "FREQ", "enc0"}, // IDLETIME of a live key depends on the clock: keys_test.go checks it
		{"OBJECT"}, {"OBJECT", "ENCODING"}, {"OBJECT", "ENCODING", "a", "b"}, {"OBJECT", "HELP", "x"},
		{"OBJECT", "NOSUCH"}, {"OBJECT", "nosuch", "a"},
		// DUMP of a missing key; RESTORE errors in Redis's order.
		{"DUMP", "nokey"}, {"DUMP"}, {"RESTORE", "k", "0"},
		{"RESTORE", "newkey", "0", "garbage"},
		{"RESTORE", "enc0", "0", "garbage"},
		{"RESTORE", "enc0", "abc", "garbage"},
		{"RESTORE", "enc0", "-1", "garbage", "REPLACE"},
		{"RESTORE", "enc0", "0", "garbage", "REPLACE"},
		{"RESTORE", "newkey", "-1", "garbage"}, {"RESTORE", "newkey", "abc", "garbage"},
		{"RESTORE", "newkey", "0", "garbage", "foo"},
		{"RESTORE", "newkey", "0", "garbage", "IDLETIME"}, {"RESTORE", "newkey", "0", "garbage", "IDLETIME", "-1"},
		{"RESTORE", "newkey", "0", "garbage", "IDLETIME", "x"}, {"RESTORE", "newkey", "0", "garbage", "FREQ", "256"},
		{"RESTORE", "newkey", "0", "garbage", "FREQ", "-1"}, {"RESTORE", "newkey", "0", "garbage", "FREQ", "x"},
		{"RESTORE", "newkey", "0", "garbage", "IDLETIME", "1", "FREQ", "1"},
		{"RESTORE", "newkey", "0", "garbage", "FREQ", "1", "IDLETIME", "1"},
		{"RESTORE", "newkey", "0", "garbage", "FREQ", "300", "IDLETIME", "1"},
		{"RESTORE", "enc0", "0", "garbage", "absttl", "absttl"},
		{"RESTORE", "enc0", "0", "garbage", "replace", "idletime", "5", "replace"},
		{"RESTORE", "newkey", "9223372036854775807", "garbage"},
		{"GET", "enc0"}, {"EXISTS", "newkey"},
	}...)
	p.Script(t, script)
}

// Ensure that KEYS and SCAN find the same keys as Redis. The order of keys
// differs on purpose (ours is hash order, over Pebble), so the test compares
// sorted sets of keys instead of raw replies.
func TestKeysDiff_KeysAndScanSameSet(t *testing.T) {
	p := testserver.StartPair(t, nil)
	for i := range 300 {
		args := []string{"SET", fmt.Sprintf("user:%d", i), "x"}
		if i%3 == 0 {
			args[1] = fmt.Sprintf("item:%d", i)
		}
		p.Compare(t, args...)
	}
	p.Compare(t, "SET", "h[e]llo", "x")
	p.Compare(t, "SET", "hallo", "x")
	for _, pat := range []string{"*", "user:*", "item:1*", "*:2?", "h[ae]llo", "h\\[e\\]llo", "[^u]*", "nomatch*"} {
		got := sortedKeys(t, p.Tier, "KEYS", pat)
		want := sortedKeys(t, p.Redis, "KEYS", pat)
		if !slices.Equal(got, want) {
			t.Errorf("KEYS %s: got %d keys, want %d\ngot  %q\nwant %q", pat, len(got), len(want), got, want)
		}
		got = scanAllRaw(t, p.Tier, "MATCH", pat, "COUNT", "7")
		want = scanAllRaw(t, p.Redis, "MATCH", pat, "COUNT", "7")
		if !slices.Equal(got, want) {
			t.Errorf("SCAN MATCH %s: got %d keys, want %d", pat, len(got), len(want))
		}
	}
}

// sortedKeys runs a command that replies with an array of keys and returns
// them sorted.
func sortedKeys(t *testing.T, c *testserver.RawConn, args ...string) []string {
	t.Helper()
	reply, err := c.Do(args...)
	if err != nil {
		t.Fatal(err)
	}
	keys := parseRawArray(t, reply)
	slices.Sort(keys)
	return keys
}

// scanAllRaw iterates SCAN to the end over a raw connection and returns the
// distinct keys, sorted.
func scanAllRaw(t *testing.T, c *testserver.RawConn, opts ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	cursor := "0"
	for {
		reply, err := c.Do(append([]string{"SCAN", cursor}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		// *2 $n cursor *m $k key ...
		lines := strings.Split(reply, "\r\n")
		if len(lines) < 4 || lines[0] != "*2" {
			t.Fatalf("SCAN reply %q", reply)
		}
		cursor = lines[2]
		for _, k := range parseRawArray(t, strings.Join(lines[3:], "\r\n")) {
			seen[k] = true
		}
		if cursor == "0" {
			break
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// parseRawArray decodes a RESP array of bulk strings (keys without CR LF).
func parseRawArray(t *testing.T, reply string) []string {
	t.Helper()
	lines := strings.Split(reply, "\r\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "*") {
		t.Fatalf("not an array: %q", reply)
	}
	var n int
	if _, err := fmt.Sscanf(lines[0], "*%d", &n); err != nil {
		t.Fatalf("array header %q: %v", lines[0], err)
	}
	keys := make([]string, 0, n)
	for i := range n {
		keys = append(keys, lines[2+2*i])
	}
	return keys
}

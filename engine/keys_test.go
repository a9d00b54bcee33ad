package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/tier"
)

// keysReply records replies in a compact text form: OK, (error) ERR ...,
// (integer) 1, "bulk", (nil), [n] for an array header; one entry per call.
type keysReply struct{ out []string }

func (r *keysReply) add(s string)          { r.out = append(r.out, s) }
func (r *keysReply) Proto() int            { return 2 }
func (r *keysReply) SimpleString(s string) { r.add(s) }
func (r *keysReply) Error(msg string)      { r.add("(error) " + msg) }
func (r *keysReply) Int(n int64)           { r.add(fmt.Sprintf("(integer) %d", n)) }
func (r *keysReply) Bulk(b []byte)         { r.add(fmt.Sprintf("%q", b)) }
func (r *keysReply) BulkString(s string)   { r.add(fmt.Sprintf("%q", s)) }
func (r *keysReply) Null()                 { r.add("(nil)") }
func (r *keysReply) NullArray()            { r.add("(nil array)") }
func (r *keysReply) Array(n int)           { r.add(fmt.Sprintf("[%d]", n)) }
func (r *keysReply) Map(n int)             { r.add(fmt.Sprintf("[%d]", 2*n)) }
func (r *keysReply) Set(n int)             { r.add(fmt.Sprintf("[%d]", n)) }
func (r *keysReply) Double(f float64)      { r.add(fmt.Sprint(f)) }
func (r *keysReply) Bool(b bool)           { r.add(fmt.Sprint(b)) }
func (r *keysReply) Verbatim(_, s string)  { r.add(fmt.Sprintf("%q", s)) }
func (r *keysReply) Mark() int             { return len(r.out) }
func (r *keysReply) Rewind(mark int)       { r.out = r.out[:mark] }
func (r *keysReply) String() string        { return strings.Join(r.out, " ") }
func (r *keysReply) count() int            { return len(r.out) }

// keysEngine is an engine on a temporary directory for the key-space tests.
type keysEngine struct {
	t   *testing.T
	dir string
	e   *Engine
	s   *Session
}

func newKeysEngine(t *testing.T, overrides map[string]string) *keysEngine {
	t.Helper()
	k := &keysEngine{t: t, dir: t.TempDir()}
	k.open(overrides)
	t.Cleanup(func() { _ = k.e.Close() })
	return k
}

func (k *keysEngine) open(overrides map[string]string) {
	k.t.Helper()
	var err error
	if k.e, err = Open(k.config(overrides)); err != nil {
		k.t.Fatal(err)
	}
	k.s = &Session{}
}

// config is the configuration of an engine on k's directory.
func (k *keysEngine) config(overrides map[string]string) *configs.Config {
	k.t.Helper()
	o := map[string]string{"dir": k.dir, "save": ""}
	for n, v := range overrides {
		o[n] = v
	}
	cfg, err := configs.New(o)
	if err != nil {
		k.t.Fatal(err)
	}
	return cfg
}

// reopen closes and reopens the engine on the same directory: every key is
// cold afterwards, which the caller can check with hotKeys.
func (k *keysEngine) reopen() {
	k.t.Helper()
	if err := k.e.Close(); err != nil {
		k.t.Fatal(err)
	}
	k.open(nil)
}

// do runs one command and returns its reply in keysReply's text form.
func (k *keysEngine) do(args ...string) string {
	k.t.Helper()
	var r keysReply
	k.e.Do(k.s, toArgs(args), &r)
	if r.count() == 0 {
		k.t.Fatalf("%q wrote no reply", args)
	}
	return r.String()
}

// toArgs turns a command's words into its arguments.
func toArgs(words []string) [][]byte {
	raw := make([][]byte, len(words))
	for i, a := range words {
		raw[i] = []byte(a)
	}
	return raw
}

// expect runs a command and fails unless it replies want.
func (k *keysEngine) expect(want string, args ...string) {
	k.t.Helper()
	if got := k.do(args...); got != want {
		k.t.Errorf("%s: got %s, want %s", strings.Join(args, " "), got, want)
	}
}

func (k *keysEngine) hotKeys(db int) int64 {
	var all tier.LockSet
	all.AddAll()
	k.e.store.Lock(&all)
	defer k.e.store.Unlock(&all)
	return k.e.store.HotKeys(db)
}

// object peeks at the stored object of key in db (nil if absent).
func (k *keysEngine) object(db int, key string) *tier.Object {
	k.t.Helper()
	var l tier.LockSet
	l.Add([]byte(key))
	k.e.store.Lock(&l)
	defer k.e.store.Unlock(&l)
	txn := k.e.store.Begin(false)
	defer txn.Discard()
	o, err := txn.Peek(db, []byte(key))
	if err != nil {
		k.t.Fatal(err)
	}
	return o
}

// Ensure that RENAME, MOVE and COPY work on keys that are only on disk and
// carry the TTL to the new key, to the millisecond.
func TestKeys_RenameMoveCopy_ColdKeepTTL(t *testing.T) {
	k := newKeysEngine(t, nil)
	k.expect("OK", "SET", "r", "rv")
	k.expect("OK", "SET", "m", "mv")
	k.expect("OK", "SET", "c", "cv")
	// Give each key a TTL through RESTORE (the payload of "v").
	v := tier.NewString([]byte("v"))
	p, _, _ := encodeDump(v, loadedElements(v))
	for _, key := range []string{"r", "m", "c"} {
		k.expect("OK", "RESTORE", key, "100000", string(p), "REPLACE")
	}
	want := k.object(0, "r").ExpireAt
	if want == 0 {
		t.Fatal("RESTORE set no TTL")
	}
	k.reopen()
	if n := k.hotKeys(0); n != 0 {
		t.Fatalf("after reopen %d keys are hot, want 0", n)
	}
	k.expect("OK", "RENAME", "r", "r2")
	k.expect("(integer) 1", "MOVE", "m", "3")
	k.expect("(integer) 1", "COPY", "c", "c2", "DB", "5")
	for _, c := range []struct {
		db  int
		key string
	}{{0, "r2"}, {3, "m"}, {0, "c"}, {5, "c2"}} {
		o := k.object(c.db, c.key)
		if o == nil || string(o.Str) != "v" {
			t.Errorf("db %d key %s: got %v, want value v", c.db, c.key, o)
			continue
		}
		if o.ExpireAt == 0 || abs64(o.ExpireAt-want) > 50 {
			t.Errorf("db %d key %s: expire at %d, want about %d", c.db, c.key, o.ExpireAt, want)
		}
	}
	for _, c := range []struct {
		db  int
		key string
	}{{0, "r"}, {0, "m"}} {
		if o := k.object(c.db, c.key); o != nil {
			t.Errorf("db %d key %s still exists", c.db, c.key)
		}
	}
	k.expect("(integer) 2", "DBSIZE")
	k.reopen()
	k.expect("(integer) 2", "DBSIZE")
	k.expect(`"v"`, "GET", "r2")
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// Ensure that COPY makes an independent value: changing the copy leaves the
// source alone.
func TestKeys_Copy_Independent(t *testing.T) {
	k := newKeysEngine(t, nil)
	k.expect("OK", "SET", "src", "abc")
	k.expect("(integer) 1", "COPY", "src", "dst")
	if a, b := k.object(0, "src"), k.object(0, "dst"); a == b || &a.Str[0] == &b.Str[0] {
		t.Fatal("COPY shares the value with its source")
	}
	k.expect("OK", "SET", "dst", "xyz")
	k.expect(`"abc"`, "GET", "src")
}

// Ensure that DBSIZE inside MULTI/EXEC counts the transaction's own changes
// (a SET, then a FLUSHDB) as Redis does.
func TestKeys_DBSize_InsideExec(t *testing.T) {
	k := newKeysEngine(t, nil)
	k.expect("OK", "SET", "a", "1")
	k.expect("OK", "MULTI")
	k.expect("QUEUED", "SET", "b", "2")
	k.expect("QUEUED", "DBSIZE")
	k.expect("QUEUED", "FLUSHDB")
	k.expect("QUEUED", "DBSIZE")
	k.expect("QUEUED", "SET", "c", "3")
	k.expect("QUEUED", "DBSIZE")
	k.expect("[6] OK (integer) 2 OK (integer) 0 OK (integer) 1", "EXEC")
	k.expect("(integer) 1", "DBSIZE")
	k.reopen()
	k.expect("(integer) 1", "DBSIZE")
}

// Ensure that a command refused with an error changed nothing.
func TestKeys_Errors_ChangeNothing(t *testing.T) {
	k := newKeysEngine(t, nil)
	k.expect("OK", "SET", "a", "1")
	k.expect("OK", "SET", "b", "2")
	for _, args := range [][]string{
		{"COPY", "a", "b", "REPLACE", "DB", "99"},
		{"COPY", "a", "b", "REPLACE", "BOGUS"},
		{"MOVE", "a", "16"},
		{"RESTORE", "a", "0", "garbage", "REPLACE"},
		{"RESTORE", "a", "-5", "garbage", "REPLACE"},
		{"FLUSHDB", "BOGUS"},
		{"FLUSHALL", "SYNC", "BOGUS"},
		{"SWAPDB", "0", "16"},
	} {
		if got := k.do(args...); !strings.HasPrefix(got, "(error) ") {
			t.Errorf("%q: got %s, want an error", args, got)
		}
	}
	k.expect(`"1"`, "GET", "a")
	k.expect(`"2"`, "GET", "b")
	k.expect("(integer) 2", "DBSIZE")
}

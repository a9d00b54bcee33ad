package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tierdb/tierdb/configs"
)

// textReply records a reply as text: +simple, -error, :int, "bulk", nil,
// [n] array, %n map, ~n set, =verbatim.
type textReply struct{ out []string }

func (r *textReply) add(s string)          { r.out = append(r.out, s) }
func (r *textReply) Proto() int            { return 2 }
func (r *textReply) SimpleString(s string) { r.add("+" + s) }
func (r *textReply) Error(msg string)      { r.add("-" + msg) }
func (r *textReply) Int(n int64)           { r.add(fmt.Sprintf(":%d", n)) }
func (r *textReply) Bulk(b []byte)         { r.add(fmt.Sprintf("%q", b)) }
func (r *textReply) BulkString(s string)   { r.add(fmt.Sprintf("%q", s)) }
func (r *textReply) Null()                 { r.add("nil") }
func (r *textReply) NullArray()            { r.add("nil") }
func (r *textReply) Array(n int)           { r.add(fmt.Sprintf("[%d]", n)) }
func (r *textReply) Map(n int)             { r.add(fmt.Sprintf("%%%d", n)) }
func (r *textReply) Set(n int)             { r.add(fmt.Sprintf("~%d", n)) }
func (r *textReply) Double(f float64)      { r.add(fmt.Sprint(f)) }
func (r *textReply) Bool(b bool)           { r.add(fmt.Sprint(b)) }
func (r *textReply) Verbatim(f, s string)  { r.add("=" + f + ":" + s) }
func (r *textReply) Mark() int             { return len(r.out) }
func (r *textReply) Rewind(mark int)       { r.out = r.out[:mark] }
func (r *textReply) String() string        { return strings.Join(r.out, " ") }

// serverEngine is an engine on a temporary directory with one session.
type serverEngine struct {
	t   *testing.T
	dir string
	e   *Engine
	s   *Session
}

func newServerEngine(t *testing.T, overrides map[string]string) *serverEngine {
	t.Helper()
	se := &serverEngine{t: t, dir: t.TempDir(), s: &Session{}}
	o := map[string]string{"dir": se.dir, "save": ""}
	for k, v := range overrides {
		o[k] = v
	}
	cfg, err := configs.New(o)
	if err != nil {
		t.Fatal(err)
	}
	if se.e, err = Open(cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := se.e.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return se
}

// do runs a command and returns its reply as text.
func (se *serverEngine) do(args ...string) string {
	se.t.Helper()
	raw := make([][]byte, len(args))
	for i, a := range args {
		raw[i] = []byte(a)
	}
	var r textReply
	se.e.Do(se.s, raw, &r)
	if len(r.out) == 0 {
		se.t.Fatalf("%q wrote no reply", args)
	}
	return r.String()
}

// Ensure that key specs sum up to Redis's first, last and step, and to
// movablekeys exactly when they cannot (examples from Redis 7.0's table).
func TestLegacyRange(t *testing.T) {
	for _, test := range []struct {
		name              string
		specs             []KeySpec
		first, last, step int
		movable           bool
	}{
		{"ping", nil, 0, 0, 0, false},
		{"get", []KeySpec{{Flags: RO, Index: 1, Step: 1}}, 1, 1, 1, false},
		{"mset", []KeySpec{{Flags: OW, Index: 1, LastKey: -1, Step: 2}}, 1, -1, 2, false},
		{"blpop", []KeySpec{{Flags: RW, Index: 1, LastKey: -2, Step: 1}}, 1, -2, 1, false},
		{"smove", []KeySpec{{Flags: RW, Index: 1, Step: 1}, {Flags: RW, Index: 2, Step: 1}}, 1, 2, 1, false},
		{"bitop", []KeySpec{{Flags: OW, Index: 2, Step: 1}, {Flags: RO, Index: 3, LastKey: -1, Step: 1}}, 2, -1, 1, false},
		{"zunionstore", []KeySpec{{Flags: OW, Index: 1, Step: 1},
			{Flags: RO, Index: 2, KeyNum: true, FirstKey: 1, Step: 1}}, 1, 1, 1, true},
		{"xread", []KeySpec{{Flags: RO, Keyword: "STREAMS", StartFrom: 1, LastKey: -1, Step: 1, Limit: 2}}, 0, 0, 0, true},
		{"migrate", []KeySpec{{Flags: RW, Index: 3, Step: 1},
			{Flags: RW | Incomplete, Keyword: "KEYS", StartFrom: -2, LastKey: -1, Step: 1}}, 3, 3, 1, true},
		{"sort", []KeySpec{{Flags: RO, Index: 1, Step: 1}, {Flags: RO}, {Flags: OW}}, 1, 1, 1, true},
		{"gap", []KeySpec{{Flags: RO, Index: 1, Step: 1}, {Flags: RO, Index: 3, Step: 1}}, 1, 1, 1, true},
		{"incomplete", []KeySpec{{Flags: RO | Incomplete, Index: 1, Step: 1}}, 1, 1, 1, true},
		{"eval", []KeySpec{{Flags: RW, Index: 2, KeyNum: true, FirstKey: 1, Step: 1}}, 0, 0, 0, true},
	} {
		first, last, step, movable := legacyRange(test.specs)
		if first != test.first || last != test.last || step != test.step || movable != test.movable {
			t.Errorf("%s: got %d %d %d movable=%v, want %d %d %d movable=%v", test.name,
				first, last, step, movable, test.first, test.last, test.step, test.movable)
		}
	}
}

// Ensure that GETKEYS refuses a key count that is negative or larger than the
// arguments, as Redis does.
func TestKeySpec_CountValid(t *testing.T) {
	spec := KeySpec{Index: 2, KeyNum: true, FirstKey: 1, Step: 1}
	for _, test := range []struct {
		args []string
		want bool
	}{
		{[]string{"zunionstore", "d", "2", "a", "b"}, true},
		{[]string{"zunionstore", "d", "0"}, true},
		{[]string{"zunionstore", "d", "3", "a", "b"}, false},
		{[]string{"zunionstore", "d", "-1", "a"}, false},
		{[]string{"zunionstore", "d", "x", "a"}, false},
		{[]string{"zunionstore", "d"}, false},
	} {
		raw := make([][]byte, len(test.args))
		for i, a := range test.args {
			raw[i] = []byte(a)
		}
		if got := spec.countValid(raw); got != test.want {
			t.Errorf("%v: got %v, want %v", test.args, got, test.want)
		}
	}
}

// Ensure that COMMAND INFO and GETKEYS of a synthetic movable command come
// from its key specs.
func TestCommandInfo_FromTable(t *testing.T) {
	decl := &Command{Name: "zx", Arity: -4, Flags: Write | DenyOOM | AllowBusy, ACL: CatSortedSet,
		Keys: []KeySpec{{Flags: OW | Update, Index: 1, Step: 1},
			{Flags: RO | Access, Index: 2, KeyNum: true, FirstKey: 1, Step: 1}},
		Run: func(c *Call) error { OK(c.Out); return nil }}
	cmd := NewTable([]*Command{decl}).Get("zx")
	var r textReply
	writeCommandInfo(&r, cmd)
	want := `[10] "zx" :-4 ~4 +write +denyoom +movablekeys +allow_busy :1 :1 :1 ~3 +@write +@sortedset +@slow ~0 ` +
		`~2 %3 "flags" ~2 +OW +update "begin_search" %2 "type" "index" "spec" %1 "index" :1 ` +
		`"find_keys" %2 "type" "range" "spec" %3 "lastkey" :0 "keystep" :1 "limit" :0 ` +
		`%3 "flags" ~2 +RO +access "begin_search" %2 "type" "index" "spec" %1 "index" :2 ` +
		`"find_keys" %2 "type" "keynum" "spec" %3 "keynumidx" :0 "firstkey" :1 "keystep" :1 ~0`
	if got := r.String(); got != want {
		t.Errorf("COMMAND INFO:\n got  %s\n want %s", got, want)
	}
}

// Ensure that COMMAND GETKEYS and GETKEYSANDFLAGS find keys through the key
// specs and give Redis's errors.
func TestCommand_Getkeys(t *testing.T) {
	se := newServerEngine(t, nil)
	for _, test := range []struct {
		args []string
		want string
	}{
		{[]string{"COMMAND", "GETKEYS", "GET", "k"}, `[1] "k"`},
		{[]string{"COMMAND", "GETKEYS", "watch", "a", "b"}, `[2] "a" "b"`},
		{[]string{"COMMAND", "GETKEYSANDFLAGS", "get", "k"}, `[1] [2] "k" ~2 +RO +access`},
		{[]string{"COMMAND", "GETKEYS", "nosuch", "k"}, "-ERR Invalid command specified"},
		{[]string{"COMMAND", "GETKEYS", "config", "nosuch"}, "-ERR Invalid command specified"},
		{[]string{"COMMAND", "GETKEYS", "config", "get", "x"}, "-ERR The command has no key arguments"},
		{[]string{"COMMAND", "GETKEYS", "get", "a", "b"}, "-ERR Invalid number of arguments specified for command"},
		{[]string{"COMMAND", "GETKEYS", "get"}, "-ERR wrong number of arguments for 'command|getkeys' command"},
	} {
		if got := se.do(test.args...); got != test.want {
			t.Errorf("%v: got %s, want %s", test.args, got, test.want)
		}
	}
}

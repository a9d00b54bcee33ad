package e2e

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tierdb/tierdb/test/testserver"
)

// COMMAND INFO of every command in tierdb's table, compared with the real
// redis-server's. The test walks the live table, so commands added later are
// covered as soon as they exist.

// commandInfoDeliberate lists the commands whose COMMAND INFO differs from
// Redis 7.0's on purpose, with the reason. A command listed here is not
// compared (Redis may not have it at all).
var commandInfoDeliberate = map[string]string{
	"object|tier": "tierdb's own: which tier holds the key (OBJECT TIER key → hot or cold)",
}

// commandInfoFields names the ten fields of a COMMAND INFO entry.
var commandInfoFields = []string{"name", "arity", "flags", "first key", "last key", "step",
	"acl categories", "tips", "key specs", "subcommands"}

// Ensure that COMMAND INFO of every command in the table matches Redis 7.0's,
// field by field, in RESP2 and RESP3, subcommands included (in any order, as
// Redis's own order varies; subcommands not implemented yet are logged).
func TestCommandInfo_MatchesRedis(t *testing.T) {
	s := testserver.Start(t, nil)
	r := testserver.StartRedis(t)
	table := s.Resp().Engine().Table()
	for _, proto := range []int{2, 3} {
		tier := dialRawProto(t, s.Addr, proto)
		redis := dialRawProto(t, r.Addr, proto)
		for _, cmd := range table.Commands() {
			name := cmd.Name
			t.Run(fmt.Sprintf("resp%d/%s", proto, name), func(t *testing.T) {
				if reason, ok := commandInfoDeliberate[name]; ok {
					t.Skipf("deliberate difference: %s", reason)
				}
				got := commandInfoEntry(t, tier, name)
				want := commandInfoEntry(t, redis, name)
				if want == nil {
					t.Fatalf("redis-server 7.0 has no command %q: allowlist it in commandInfoDeliberate with the reason", name)
				}
				if got == nil {
					t.Fatalf("tierdb has no COMMAND INFO for %q, which is in its table", name)
				}
				sortSubcommands(want)
				sortSubcommands(got)
				compareCommandInfo(t, name, got, want)
			})
		}
	}
}

// Ensure that COMMAND INFO answers nil for unknown names and finds
// subcommands by their "container|sub" name, like Redis.
func TestCommandInfo_UnknownAndSubcommandNames(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Compare(t, "COMMAND", "INFO", "nosuchcommand")
	p.Compare(t, "COMMAND", "INFO", "get|x", "config|nosuch")
	p.Compare(t, "COMMAND", "INFO", "CONFIG|GET")
	p.Compare(t, "COMMAND", "INFO", "GET", "nosuch", "Config|Get")
}

// dialRawProto connects to addr speaking RESP proto.
func dialRawProto(t *testing.T, addr string, proto int) *testserver.RawConn {
	t.Helper()
	c, err := testserver.DialRaw(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if proto == 3 {
		if _, err := c.Do("HELLO", "3"); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// commandInfoEntry returns the parsed COMMAND INFO entry of name, or nil if
// the server has no such command.
func commandInfoEntry(t *testing.T, c *testserver.RawConn, name string) *replyNode {
	t.Helper()
	raw, err := c.Do("COMMAND", "INFO", name)
	if err != nil {
		t.Fatal(err)
	}
	n, err := parseReplyTree(raw)
	if err != nil {
		t.Fatalf("COMMAND INFO %s: %v in %q", name, err, raw)
	}
	if n.kind != '*' || len(n.items) != 1 {
		t.Fatalf("COMMAND INFO %s: want an array of one entry, got %q", name, raw)
	}
	e := n.items[0]
	if e.isNull() {
		return nil
	}
	if len(e.items) != 10 {
		t.Fatalf("COMMAND INFO %s: want 10 fields, got %d in %q", name, len(e.items), raw)
	}
	return e
}

// compareCommandInfo reports each field of got that differs from want, and
// recurses into subcommands.
func compareCommandInfo(t *testing.T, name string, got, want *replyNode) {
	t.Helper()
	for i, field := range commandInfoFields {
		if i == 9 {
			continue
		}
		if g, w := got.items[i].String(), want.items[i].String(); g != w {
			t.Errorf("%s: %s:\n got  %s\n want %s", name, field, g, w)
		}
	}
	gs, ws := got.items[9], want.items[9]
	if gs.kind != ws.kind {
		t.Errorf("%s: subcommands: got RESP type %q, want %q", name, gs.kind, ws.kind)
	}
	// Every subcommand tierdb has must match Redis's; those it lacks are
	// not implemented yet, which is not an error in the table.
	theirs := map[string]*replyNode{}
	for _, sub := range ws.items {
		theirs[sub.items[0].str] = sub
	}
	var missing []string
	for _, sub := range ws.items {
		if !slices.ContainsFunc(gs.items, func(g *replyNode) bool { return g.items[0].str == sub.items[0].str }) {
			missing = append(missing, sub.items[0].str)
		}
	}
	if len(missing) > 0 {
		t.Logf("%s: subcommands not implemented yet: %v", name, missing)
	}
	for _, sub := range gs.items {
		subName := sub.items[0].str
		w, ok := theirs[subName]
		if _, deliberate := commandInfoDeliberate[subName]; deliberate && !ok {
			continue
		}
		if !ok {
			t.Errorf("%s: subcommand %s: redis-server 7.0 has no such subcommand", name, subName)
			continue
		}
		compareCommandInfo(t, subName, sub, w)
	}
}

// sortSubcommands orders an entry's subcommands by name.
func sortSubcommands(e *replyNode) {
	slices.SortFunc(e.items[9].items, func(a, b *replyNode) int { return strings.Compare(a.items[0].str, b.items[0].str) })
	for _, sub := range e.items[9].items {
		sortSubcommands(sub)
	}
}

// replyNode is a parsed RESP2 or RESP3 value: kind is the type byte; str holds
// simple, bulk, verbatim and error strings and numbers as text; items hold
// the elements of arrays, sets and pushes, and the keys and values of maps,
// alternately.
type replyNode struct {
	kind  byte
	str   string
	null  bool
	items []*replyNode
}

func (n *replyNode) isNull() bool { return n.null || n.kind == '_' }

// String renders n compactly and with its types: "+x" simple, "x" bulk,
// ":1" number, "[..]" array, "~[..]" set, "{k: v}" map, "nil".
func (n *replyNode) String() string {
	if n.isNull() {
		return "nil"
	}
	switch n.kind {
	case '+':
		return "+" + n.str
	case '$':
		return strconv.Quote(n.str)
	case ':':
		return ":" + n.str
	case '-':
		return "-" + strconv.Quote(n.str)
	case '%':
		parts := make([]string, 0, len(n.items)/2)
		for i := 0; i+1 < len(n.items); i += 2 {
			parts = append(parts, n.items[i].String()+": "+n.items[i+1].String())
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case '*', '~', '>':
		parts := make([]string, len(n.items))
		for i, it := range n.items {
			parts[i] = it.String()
		}
		prefix := ""
		if n.kind != '*' {
			prefix = string(n.kind)
		}
		return prefix + "[" + strings.Join(parts, " ") + "]"
	}
	return string(n.kind) + n.str
}

// parseReplyTree parses one complete reply.
func parseReplyTree(raw string) (*replyNode, error) {
	r := bufio.NewReader(strings.NewReader(raw))
	n, err := readReplyTree(r)
	if err != nil {
		return nil, err
	}
	if r.Buffered() > 0 {
		return nil, fmt.Errorf("%d bytes after the reply", r.Buffered())
	}
	return n, nil
}

func readReplyTree(r *bufio.Reader) (*replyNode, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 3 || !strings.HasSuffix(line, "\r\n") {
		return nil, fmt.Errorf("bad line %q", line)
	}
	n := &replyNode{kind: line[0], str: line[1 : len(line)-2]}
	switch n.kind {
	case '+', '-', ':', ',', '#', '(', '_':
		return n, nil
	case '$', '=', '!':
		size, err := strconv.Atoi(n.str)
		if err != nil {
			return nil, err
		}
		if size < 0 {
			n.null, n.str = true, ""
			return n, nil
		}
		buf := make([]byte, size+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		n.str = string(buf[:size])
		return n, nil
	case '*', '~', '%', '>':
		count, err := strconv.Atoi(n.str)
		if err != nil {
			return nil, err
		}
		n.str = ""
		if count < 0 {
			n.null = true
			return n, nil
		}
		if n.kind == '%' {
			count *= 2
		}
		for range count {
			it, err := readReplyTree(r)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, it)
		}
		return n, nil
	}
	return nil, fmt.Errorf("unknown type in %q", line)
}

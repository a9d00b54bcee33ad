package resp

import (
	"strings"

	"github.com/tierdb/tierdb/engine"
)

// cmdIndex numbers every command and subcommand of the engine's table, so
// that a selector's command permissions are a bitset. It is built once, when
// the server opens: the table never changes afterwards.
type cmdIndex struct {
	table *engine.Table
	cmds  []*engine.Command // by id: each container, then its subcommands
	ids   map[*engine.Command]int
}

func newCmdIndex(t *engine.Table) *cmdIndex {
	x := &cmdIndex{table: t, ids: make(map[*engine.Command]int)}
	for _, c := range t.Commands() {
		x.ids[c] = len(x.cmds)
		x.cmds = append(x.cmds, c)
		for _, s := range sortedSubs(c) {
			x.ids[s] = len(x.cmds)
			x.cmds = append(x.cmds, s)
		}
	}
	return x
}

// sortedSubs lists c's subcommands by name.
func sortedSubs(c *engine.Command) []*engine.Command {
	subs := append([]*engine.Command(nil), c.Sub...)
	for i := 1; i < len(subs); i++ {
		for j := i; j > 0 && subs[j].Name < subs[j-1].Name; j-- {
			subs[j], subs[j-1] = subs[j-1], subs[j]
		}
	}
	return subs
}

// lookup finds a command by its ACL name, in any case: "get", or
// "config|get" for a subcommand. As Redis's strict lookup, "get|x" (a
// command without subcommands) and "a|b|c" find nothing.
func (x *cmdIndex) lookup(name string) *engine.Command {
	name = strings.ToLower(name)
	base, sub, hasSub := strings.Cut(name, "|")
	c := x.table.Get(base)
	if c == nil || !hasSub {
		return c
	}
	if len(c.Sub) == 0 || strings.Contains(sub, "|") {
		return nil
	}
	return c.SubCommand([]byte(sub))
}

// category finds an ACL category by name, in any case.
func category(name string) (engine.Category, bool) {
	for _, c := range engine.CategoryNames {
		if strings.EqualFold(c.Name, name) {
			return c.Cat, true
		}
	}
	return 0, false
}

// cmdBits is a set of command ids.
type cmdBits []uint64

func newCmdBits(n int) cmdBits { return make(cmdBits, (n+63)/64) }

func (b cmdBits) has(id int) bool { return b[id/64]&(1<<(id%64)) != 0 }

func (b cmdBits) set(id int, on bool) {
	if on {
		b[id/64] |= 1 << (id % 64)
	} else {
		b[id/64] &^= 1 << (id % 64)
	}
}

// fill sets (or clears) the ids below n.
func (b cmdBits) fill(on bool, n int) {
	clear(b)
	if !on {
		return
	}
	for i := range b {
		b[i] = ^uint64(0)
	}
	if r := n % 64; r != 0 {
		b[len(b)-1] = 1<<r - 1
	}
}

func (b cmdBits) equal(o cmdBits) bool {
	for i := range b {
		if b[i] != o[i] {
			return false
		}
	}
	return true
}

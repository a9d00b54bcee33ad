package engine

import (
	"strings"

	"github.com/tierdb/tierdb/configs"
)

// COMMAND and its subcommands, answered from the command table: nothing here
// lists commands, flags or keys of its own.

// COMMAND
//
// cmdCommand replies with the COMMAND INFO of every command.
func cmdCommand(c *Call) error {
	all := c.e.table.Commands()
	c.Out.Array(len(all))
	for _, cmd := range all {
		writeCommandInfo(c.Out, cmd)
	}
	return nil
}

// COMMAND COUNT
func cmdCommandCount(c *Call) error {
	c.Out.Int(int64(len(c.e.table.Commands())))
	return nil
}

// COMMAND INFO [command-name ...]
//
// cmdCommandInfo replies with the 10-field description of each named command
// ("container|sub" names a subcommand), nil for unknown names, or of every
// command when none is named.
func cmdCommandInfo(c *Call) error {
	if len(c.Args) == 2 {
		return cmdCommand(c)
	}
	names := c.Args[2:]
	c.Out.Array(len(names))
	for _, name := range names {
		if cmd := c.e.table.lookupFullName(string(name)); cmd != nil {
			writeCommandInfo(c.Out, cmd)
		} else {
			c.Out.Null()
		}
	}
	return nil
}

// COMMAND DOCS [command-name ...]
//
// cmdCommandDocs replies with a map from each known named command (every
// command when none is named) to its documentation: summary, since, group,
// complexity and subcommands. Unknown names are left out.
func cmdCommandDocs(c *Call) error {
	var cmds []*Command
	if len(c.Args) == 2 {
		cmds = c.e.table.Commands()
	} else {
		for _, name := range c.Args[2:] {
			if cmd := c.e.table.lookupFullName(string(name)); cmd != nil {
				cmds = append(cmds, cmd)
			}
		}
	}
	c.Out.Map(len(cmds))
	for _, cmd := range cmds {
		c.Out.BulkString(cmd.FullName())
		writeCommandDocs(c.Out, cmd)
	}
	return nil
}

// COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]
//
// cmdCommandList replies with the names of every command and subcommand, or
// of those that pass the filter (no module exists, so MODULE matches none).
func cmdCommandList(c *Call) error {
	var keep func(*Command) bool
	switch {
	case len(c.Args) == 2:
		keep = func(*Command) bool { return true }
	case len(c.Args) == 5 && strings.EqualFold(string(c.Args[2]), "filterby"):
		arg := string(c.Args[4])
		switch strings.ToLower(string(c.Args[3])) {
		case "module":
			keep = func(*Command) bool { return false }
		case "aclcat":
			cat, ok := categoryByName(arg)
			keep = func(cmd *Command) bool { return ok && cmd.ACL&cat != 0 }
		case "pattern":
			keep = func(cmd *Command) bool { return configs.GlobMatch(arg, cmd.FullName(), true) }
		default:
			return ErrSyntax
		}
	default:
		return ErrSyntax
	}
	var names []string
	for _, cmd := range c.e.table.Commands() {
		if keep(cmd) {
			names = append(names, cmd.FullName())
		}
		for _, sub := range cmd.Sub {
			if keep(sub) {
				names = append(names, sub.FullName())
			}
		}
	}
	c.Out.Array(len(names))
	for _, n := range names {
		c.Out.BulkString(n)
	}
	return nil
}

// COMMAND GETKEYS command [arg ...]
// COMMAND GETKEYSANDFLAGS command [arg ...]
//
// cmdCommandGetkeys replies with the keys a full command line would use,
// found by the same key specs that lock them; GETKEYSANDFLAGS pairs each key
// with its key spec's flags.
func cmdCommandGetkeys(c *Call) error {
	withFlags := c.Cmd.SubName() == "getkeysandflags"
	args := c.Args[2:]
	cmd := c.e.table.Get(strings.ToLower(string(args[0])))
	if cmd != nil && len(cmd.Sub) > 0 && len(args) > 1 {
		cmd = cmd.SubCommand(args[1])
	}
	switch {
	case cmd == nil:
		return errf("Invalid command specified")
	case !hasKeys(cmd):
		return errf("The command has no key arguments")
	case (cmd.Arity > 0 && len(args) != cmd.Arity) || len(args) < -cmd.Arity:
		return errf("Invalid number of arguments specified for command")
	}
	type found struct {
		pos  int
		spec KeySpec
	}
	var keys []found
	for _, s := range cmd.Keys {
		if s.Flags&NotKey != 0 || cmd.FindKeys != nil {
			continue
		}
		if !s.countValid(args) {
			return errf("Invalid arguments specified for command")
		}
		for _, i := range s.appendKeys(nil, args) {
			keys = append(keys, found{i, s})
		}
	}
	if cmd.FindKeys != nil {
		for _, r := range cmd.FindKeys(args) {
			keys = append(keys, found{r.Pos, KeySpec{Flags: r.Flags}})
		}
	}
	if len(keys) == 0 && cmd.Flags&NoMandatoryKeys == 0 {
		return errf("Invalid arguments specified for command")
	}
	c.Out.Array(len(keys))
	for _, k := range keys {
		if !withFlags {
			c.Out.Bulk(args[k.pos])
			continue
		}
		c.Out.Array(2)
		c.Out.Bulk(args[k.pos])
		writeSimpleSet(c.Out, k.spec.FlagNames())
	}
	return nil
}

// COMMAND HELP
func cmdCommandHelp(c *Call) error {
	writeHelp(c.Out, []string{
		"COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
		"(no subcommand)",
		"    Describe every command (as COMMAND INFO does).",
		"COUNT",
		"    Number of commands.",
		"LIST [FILTERBY (MODULE <name>|ACLCAT <category>|PATTERN <glob>)]",
		"    Names of the commands and subcommands, optionally filtered.",
		"INFO [<command-name> ...]",
		"    Describe the named commands, or all of them: arity, flags, key",
		"    positions, ACL categories, key specs and subcommands.",
		"DOCS [<command-name> ...]",
		"    Documentation of the named commands, or of all of them.",
		"GETKEYS <full-command>",
		"    The keys that a full command line uses.",
		"GETKEYSANDFLAGS <full-command>",
		"    The keys that a full command line uses, with their access flags.",
		"HELP",
		"    Print this help.",
	})
	return nil
}

// lookupFullName finds a command by name or a subcommand by "container|sub",
// in any case.
func (t *Table) lookupFullName(name string) *Command {
	name = strings.ToLower(name)
	top, sub, ok := strings.Cut(name, "|")
	cmd := t.Get(top)
	if cmd == nil || !ok {
		return cmd
	}
	return cmd.SubCommand([]byte(sub))
}

// categoryByName finds an ACL category by name (without '@', any case).
func categoryByName(name string) (Category, bool) {
	for _, c := range CategoryNames {
		if strings.EqualFold(c.Name, name) {
			return c.Cat, true
		}
	}
	return 0, false
}

// hasKeys reports whether cmd takes key arguments: a key spec not marked
// not_key.
func hasKeys(cmd *Command) bool {
	for _, s := range cmd.Keys {
		if s.Flags&NotKey == 0 {
			return true
		}
	}
	return false
}

// countValid reports whether a keynum spec's key count in args is usable: a
// non-negative number whose keys all fit in args. Other specs are always
// valid.
func (s KeySpec) countValid(args [][]byte) bool {
	if !s.KeyNum || s.Keyword != "" || s.Index <= 0 {
		return true
	}
	nIdx := s.Index + s.KeyNumIdx
	if nIdx >= len(args) {
		return false
	}
	n, err := parseInt(args[nIdx])
	if err != nil || n < 0 {
		return false
	}
	step := int64(max(s.Step, 1))
	return n == 0 || int64(s.Index+s.FirstKey)+(n-1)*step < int64(len(args))
}

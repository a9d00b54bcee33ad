package engine

import "strings"

// Support for the ACL checks of the connection layer (package resp): the
// keys of a command with the flags that decide whether reading or writing
// them needs permission, and the re-check of a MULTI queue at EXEC.

// KeyRef is one key of a command: its position in the arguments and how the
// command uses it.
type KeyRef struct {
	Pos   int
	Flags KeyFlag
}

// KeyRefs returns the keys of args with their flags, from the key specs.
// A spec with VariableFlags gets the flags of this call, as Redis's key
// extraction gives them: SET is RW|ACCESS|UPDATE with GET and OW|UPDATE
// without; BITFIELD is RO|ACCESS when it only has GET operations.
func (c *Command) KeyRefs(args [][]byte) []KeyRef {
	if c.FindKeys != nil {
		return c.FindKeys(args)
	}
	var out []KeyRef
	for _, s := range c.Keys {
		if s.Flags&NotKey != 0 {
			continue
		}
		flags := s.Flags
		if flags&VariableFlags != 0 {
			flags = variableKeyFlags(c.Name, args, flags)
		}
		for _, i := range s.appendKeys(nil, args) {
			out = append(out, KeyRef{Pos: i, Flags: flags})
		}
	}
	return out
}

// variableKeyFlags resolves the key flags of the commands whose key use
// depends on their arguments.
func variableKeyFlags(name string, args [][]byte, declared KeyFlag) KeyFlag {
	switch name {
	case "set":
		for _, a := range args[min(3, len(args)):] {
			if strings.EqualFold(string(a), "get") {
				return RW | Access | Update
			}
		}
		return OW | Update
	case "bitfield":
		for i := 2; i < len(args); i++ {
			left := len(args) - i - 1
			switch op := strings.ToLower(string(args[i])); {
			case op == "get" && left >= 2:
				i += 2
			case op == "overflow" && left >= 1:
				i++
			default: // SET, INCRBY or a syntax error: not read-only
				return RW | Access | Update
			}
		}
		return RO | Access
	}
	return declared
}

// ReplaceQueued calls replace for each command queued since MULTI, in
// order, as EXEC is about to run them. A command for which replace returns
// a handler does not run: EXEC runs that handler in its place (with no key
// locked), so that its reply, usually an error, takes the command's place in
// EXEC's reply. Redis does this when a client's ACL rules changed after it
// queued commands. It does nothing outside MULTI.
func (s *Session) ReplaceQueued(replace func(cmd *Command, args [][]byte) Handler) {
	if s.multi == nil {
		return
	}
	for i, q := range s.multi.queue {
		h := replace(q.cmd, q.args)
		if h == nil {
			continue
		}
		s.multi.queue[i].cmd = &Command{Name: q.cmd.Name, Arity: q.cmd.Arity, ACL: q.cmd.ACL,
			Flags: q.cmd.Flags &^ LockAll, Stats: &CommandStats{}, parent: q.cmd.parent, Run: h}
	}
}

// QueuedFailed reports whether a command was refused while the session was
// queueing: EXEC will answer EXECABORT without running anything.
func (s *Session) QueuedFailed() bool { return s.multi != nil && s.multi.failed }

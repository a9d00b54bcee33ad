package resp

import (
	"slices"
	"strings"

	"github.com/tierdb/tierdb/engine"
)

// Key permissions of a key pattern: %R~ (read), %W~ (write), ~ (both).
const (
	permRead uint8 = 1 << iota
	permWrite
	permAll = permRead | permWrite
)

// keyPattern is one key rule of a selector.
type keyPattern struct {
	pattern string
	perm    uint8
}

// selector is one set of permissions of a user, as Redis 7's selectors: the
// commands it may run, the keys and channels it may touch. A user has a root
// selector and any number of others; a command is allowed if one of them
// allows all of it (command, keys and channels).
//
// A selector is changed only while it is private (being built by ACL
// SETUSER); once published in a user's permissions it is read-only.
type selector struct {
	cmds cmdBits
	// future is set by +@all and cleared by -@all: the selector started
	// from every command, so rules show "+@all" first.
	future bool
	// firstArgs holds, by command id, the first arguments allowed for a
	// command that is otherwise refused (+select|0).
	firstArgs   map[int][]string
	allKeys     bool
	keys        []keyPattern
	allChannels bool
	channels    []string
}

func newSelector(x *cmdIndex) *selector {
	return &selector{cmds: newCmdBits(len(x.cmds))}
}

func (s *selector) clone() *selector {
	c := *s
	c.cmds = slices.Clone(s.cmds)
	c.keys = slices.Clone(s.keys)
	c.channels = slices.Clone(s.channels)
	if s.firstArgs != nil {
		c.firstArgs = make(map[int][]string, len(s.firstArgs))
		for id, a := range s.firstArgs {
			c.firstArgs[id] = slices.Clone(a)
		}
	}
	return &c
}

// ruleError is a rule ACL SETUSER could not apply. Its text is Redis 7.0's.
type ruleError uint8

// Rule errors, as Redis names them after the errno it uses.
const (
	errRuleSyntax          ruleError = iota + 1 // EINVAL
	errRuleUnknown                              // ENOENT
	errRuleKeyAfterAll                          // EEXIST
	errRuleChannelAfterAll                      // EISDIR
	errRuleNoSuchPassword                       // ENODEV
	errRuleBadHash                              // EBADMSG
	errRuleFirstArgOfSub                        // ECHILD
)

func (e ruleError) Error() string {
	switch e {
	case errRuleSyntax:
		return "Syntax error"
	case errRuleUnknown:
		return "Unknown command or category name in ACL"
	case errRuleKeyAfterAll:
		return "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have " +
			"any effect. Try 'resetkeys' to start with an empty list of patterns"
	case errRuleChannelAfterAll:
		return "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have " +
			"any effect. Try 'resetchannels' to start with an empty list of channels"
	case errRuleNoSuchPassword:
		return "The password you are trying to remove from the user does not exist"
	case errRuleBadHash:
		return "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"
	case errRuleFirstArgOfSub:
		return "Allowing first-arg of a subcommand is not supported"
	}
	return "Wrong format"
}

// apply applies one selector rule: key and channel patterns, commands and
// categories. Keywords are matched in any case.
func (s *selector) apply(op string, x *cmdIndex) error {
	switch {
	case op == "":
		return errRuleSyntax
	case strings.EqualFold(op, "allkeys") || op == "~*":
		s.allKeys, s.keys = true, nil
	case strings.EqualFold(op, "resetkeys"):
		s.allKeys, s.keys = false, nil
	case strings.EqualFold(op, "allchannels") || op == "&*":
		s.allChannels, s.channels = true, nil
	case strings.EqualFold(op, "resetchannels"):
		s.allChannels, s.channels = false, nil
	case strings.EqualFold(op, "allcommands") || strings.EqualFold(op, "+@all"):
		s.cmds.fill(true, len(x.cmds))
		s.future, s.firstArgs = true, nil
	case strings.EqualFold(op, "nocommands") || strings.EqualFold(op, "-@all"):
		s.cmds.fill(false, len(x.cmds))
		s.future, s.firstArgs = false, nil
	case op[0] == '~' || op[0] == '%':
		return s.addKeyPattern(op)
	case op[0] == '&':
		if s.allChannels {
			return errRuleChannelAfterAll
		}
		if hasSpaces(op[1:]) {
			return errRuleSyntax
		}
		if !slices.Contains(s.channels, op[1:]) {
			s.channels = append(s.channels, op[1:])
		}
	case (op[0] == '+' || op[0] == '-') && len(op) > 1 && op[1] == '@':
		cat, ok := category(op[2:])
		if !ok {
			return errRuleUnknown
		}
		s.setCategory(x, cat, op[0] == '+')
	case op[0] == '+':
		return s.allowCommand(x, op[1:])
	case op[0] == '-':
		cmd := x.lookup(op[1:])
		if cmd == nil {
			return errRuleUnknown
		}
		s.setCommand(x, cmd, false)
	default:
		return errRuleSyntax
	}
	return nil
}

// addKeyPattern applies ~pattern or %<R|W...>~pattern. A pattern given
// again gains the new permissions in its first place.
func (s *selector) addKeyPattern(op string) error {
	if s.allKeys {
		return errRuleKeyAfterAll
	}
	perm, off := permAll, 1
	if op[0] == '%' {
		perm = 0
	scan:
		for ; off < len(op); off++ {
			switch c := op[off]; {
			case (c == 'R' || c == 'r') && perm&permRead == 0:
				perm |= permRead
			case (c == 'W' || c == 'w') && perm&permWrite == 0:
				perm |= permWrite
			case c == '~':
				off++
				break scan
			default:
				return errRuleSyntax
			}
		}
		if perm == 0 {
			return errRuleSyntax
		}
	}
	pat := op[off:]
	if hasSpaces(pat) {
		return errRuleSyntax
	}
	for i := range s.keys {
		if s.keys[i].pattern == pat {
			s.keys[i].perm |= perm
			return nil
		}
	}
	s.keys = append(s.keys, keyPattern{pat, perm})
	return nil
}

// allowCommand applies +name: a command (with all its subcommands), a
// subcommand ("config|get"), or a first argument of a command without
// subcommands ("select|0").
func (s *selector) allowCommand(x *cmdIndex, name string) error {
	i := strings.LastIndexByte(name, '|')
	if i < 0 {
		cmd := x.lookup(name)
		if cmd == nil {
			return errRuleUnknown
		}
		s.setCommand(x, cmd, true)
		return nil
	}
	cmd := x.lookup(name[:i])
	switch {
	case cmd == nil:
		return errRuleUnknown
	case cmd.Parent() != nil:
		return errRuleFirstArgOfSub
	case i == len(name)-1:
		return errRuleSyntax
	case len(cmd.Sub) > 0:
		sub := x.lookup(name)
		if sub == nil {
			return errRuleUnknown
		}
		s.setCommand(x, sub, true)
	default:
		id, arg := x.ids[cmd], name[i+1:]
		for _, a := range s.firstArgs[id] {
			if strings.EqualFold(a, arg) {
				return nil
			}
		}
		if s.firstArgs == nil {
			s.firstArgs = make(map[int][]string)
		}
		s.firstArgs[id] = append(s.firstArgs[id], arg)
	}
	return nil
}

// setCommand allows or refuses cmd and all its subcommands, forgetting the
// first arguments allowed for it.
func (s *selector) setCommand(x *cmdIndex, cmd *engine.Command, on bool) {
	id := x.ids[cmd]
	s.cmds.set(id, on)
	delete(s.firstArgs, id)
	for _, sub := range cmd.Sub {
		s.cmds.set(x.ids[sub], on)
	}
}

// setCategory allows or refuses every command and subcommand of a category.
// A container in the category takes all its subcommands along.
func (s *selector) setCategory(x *cmdIndex, cat engine.Category, on bool) {
	for _, c := range x.table.Commands() {
		if c.ACL&cat != 0 {
			s.setCommand(x, c, on)
		}
		for _, sub := range c.Sub {
			if sub.ACL&cat != 0 {
				s.setCommand(x, sub, on)
			}
		}
	}
}

// hasSpaces reports white space or NUL in s (Redis's ACLStringHasSpaces).
func hasSpaces(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r', 0:
			return true
		}
	}
	return false
}

package resp

import (
	"encoding/hex"
	"math"
	"strings"

	"github.com/tierdb/tierdb/engine"
)

// Describing users as rules, the form ACL LIST, ACL GETUSER and the ACL file
// show: applying a user's description to a new user gives the same
// permissions.

// describe is the user's rules after "user <name> " in ACL LIST and the ACL
// file: flags, password digests, the root selector, then the other
// selectors in parentheses.
func (p *userPerms) describe(x *cmdIndex) string {
	var b strings.Builder
	for _, f := range p.flagNames() {
		b.WriteString(f)
		b.WriteByte(' ')
	}
	for _, h := range p.passwords {
		b.WriteByte('#')
		b.WriteString(hex.EncodeToString(h[:]))
		b.WriteByte(' ')
	}
	b.WriteString(p.root().describe(x))
	for _, s := range p.selectors[1:] {
		b.WriteString(" (")
		b.WriteString(s.describe(x))
		b.WriteByte(')')
	}
	return b.String()
}

// flagNames are the user's flags as ACL GETUSER lists them, in Redis's
// order.
func (p *userPerms) flagNames() []string {
	out := []string{"off"}
	if p.enabled {
		out[0] = "on"
	}
	if p.nopass {
		out = append(out, "nopass")
	}
	switch p.sanitize {
	case sanitizeSkip:
		out = append(out, "skip-sanitize-payload")
	case sanitizeYes:
		out = append(out, "sanitize-payload")
	}
	return out
}

// describe is the selector's rules: keys, channels (from resetchannels
// unless all are allowed), then commands.
func (s *selector) describe(x *cmdIndex) string {
	var b strings.Builder
	if k := s.describeKeys(); k != "" {
		b.WriteString(k)
		b.WriteByte(' ')
	}
	if s.allChannels {
		b.WriteString("&* ")
	} else {
		b.WriteString("resetchannels ")
		for _, c := range s.channels {
			b.WriteString("&" + c + " ")
		}
	}
	b.WriteString(s.describeCommands(x))
	return b.String()
}

// describeKeys is the key rules ("~*", or each pattern with its
// permissions), as ACL GETUSER's keys field shows them.
func (s *selector) describeKeys() string {
	if s.allKeys {
		return "~*"
	}
	parts := make([]string, len(s.keys))
	for i, k := range s.keys {
		switch k.perm {
		case permRead:
			parts[i] = "%R~" + k.pattern
		case permWrite:
			parts[i] = "%W~" + k.pattern
		default:
			parts[i] = "~" + k.pattern
		}
	}
	return strings.Join(parts, " ")
}

// describeChannels is the channel rules as ACL GETUSER's channels field
// shows them.
func (s *selector) describeChannels() string {
	if s.allChannels {
		return "&*"
	}
	parts := make([]string, len(s.channels))
	for i, c := range s.channels {
		parts[i] = "&" + c
	}
	return strings.Join(parts, " ")
}

// describeCommands renders the selector's command permissions as rules, the
// way Redis 7.0 does: "+@all" or "-@all" (whichever the selector started
// from), then, greedily, the categories that fit best (more commands in
// common than different, fewest differences first), then single commands,
// subcommands and first arguments for what remains. Applied in order to a
// new selector, the rules give exactly the selector's commands.
func (s *selector) describeCommands(x *cmdIndex) string {
	fake := newSelector(x)
	var rules []string
	additive := !s.future
	if additive {
		rules = append(rules, "-@all")
	} else {
		rules = append(rules, "+@all")
		fake.cmds.fill(true, len(x.cmds))
	}
	// temp holds the commands no category accounts for yet.
	temp := &selector{cmds: append(cmdBits(nil), s.cmds...)}
	applied := make([]bool, len(engine.CategoryNames))
	for {
		best, minDiff, maxSame := -1, math.MaxInt, 0
		for j, cat := range engine.CategoryNames {
			if applied[j] {
				continue
			}
			on, off := temp.countCategory(x, cat.Cat)
			diff, same := off, on
			if !additive {
				diff, same = on, off
			}
			if same > diff && (diff < minDiff || diff == minDiff && same > maxSame) {
				best, minDiff, maxSame = j, diff, same
			}
		}
		if best < 0 {
			break
		}
		cat := engine.CategoryNames[best]
		sign := "+@"
		if !additive {
			sign = "-@"
		}
		rules = append(rules, sign+cat.Name)
		fake.setCategory(x, cat.Cat, additive)
		temp.setCategory(x, cat.Cat, !additive)
		applied[best] = true
	}
	for _, c := range x.table.Commands() {
		rules = s.describeCommand(x, fake, c, rules)
		for _, sub := range sortedSubs(c) {
			rules = s.describeCommand(x, fake, sub, rules)
		}
		if id := x.ids[c]; !s.cmds.has(id) {
			for _, a := range s.firstArgs[id] {
				rules = append(rules, "+"+c.Name+"|"+a)
			}
		}
	}
	return strings.Join(rules, " ")
}

// describeCommand adds +cmd or -cmd when the rules so far (applied to fake)
// disagree with the selector about cmd.
func (s *selector) describeCommand(x *cmdIndex, fake *selector, c *engine.Command, rules []string) []string {
	id := x.ids[c]
	on := s.cmds.has(id)
	if on == fake.cmds.has(id) {
		return rules
	}
	fake.setCommand(x, c, on)
	if on {
		return append(rules, "+"+c.Name)
	}
	return append(rules, "-"+c.Name)
}

// countCategory counts the commands and subcommands of a category that the
// selector allows (on) and refuses (off).
func (s *selector) countCategory(x *cmdIndex, cat engine.Category) (on, off int) {
	for id, c := range x.cmds {
		if c.ACL&cat == 0 {
			continue
		}
		if s.cmds.has(id) {
			on++
		} else {
			off++
		}
	}
	return on, off
}

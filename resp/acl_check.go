package resp

import (
	"strings"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/engine"
)

// aclReason says why a command was refused. The values are ordered as in
// Redis: when no selector allows a command, the refusal reported is the
// highest reason found (a key beats the command), and among equal reasons
// the one at the latest argument.
type aclReason uint8

const (
	aclOK aclReason = iota
	aclDeniedCmd
	aclDeniedKey
	aclDeniedAuth
	aclDeniedChannel
)

// check reports whether p allows cmd with args, and if not why, with the
// position of the refused key or channel.
func (p *userPerms) check(x *cmdIndex, cmd *engine.Command, args [][]byte) (aclReason, int) {
	var keys []engine.KeyRef
	keysDone := false
	getKeys := func() []engine.KeyRef {
		if !keysDone {
			keys, keysDone = cmd.KeyRefs(args), true
		}
		return keys
	}
	reason, pos := aclDeniedCmd, 0
	for _, s := range p.selectors {
		r, at := s.check(x, cmd, args, getKeys)
		if r == aclOK {
			return aclOK, 0
		}
		if r > reason || r == reason && at > pos {
			reason, pos = r, at
		}
	}
	return reason, pos
}

// check is one selector's verdict on a command: the command (or its
// allowed first argument), then each key with the permission its use needs.
// Commands that need no authentication (AUTH, HELLO) are always allowed.
func (s *selector) check(x *cmdIndex, cmd *engine.Command, args [][]byte,
	keys func() []engine.KeyRef) (aclReason, int) {
	if cmd.Flags&engine.NoAuth == 0 {
		if id := x.ids[cmd]; !s.cmds.has(id) && !s.firstArgAllowed(id, cmd, args) {
			return aclDeniedCmd, 0
		}
	}
	if !s.allKeys && len(cmd.Keys) > 0 {
		for _, k := range keys() {
			if !s.keyAllowed(args[k.Pos], k.Flags) {
				return aclDeniedKey, k.Pos
			}
		}
	}
	return aclOK, 0
}

// unrestrictedRead reports whether a selector of p that allows cmd with
// args may read every key: it has allkeys or a "*" pattern with read
// permission (Redis's ACLUserCheckCmdWithUnrestrictedKeyAccess).
func (p *userPerms) unrestrictedRead(x *cmdIndex, cmd *engine.Command, args [][]byte) bool {
	keys := func() []engine.KeyRef { return cmd.KeyRefs(args) }
	for _, s := range p.selectors {
		if r, _ := s.check(x, cmd, args, keys); r == aclOK && s.readsEveryKey() {
			return true
		}
	}
	return false
}

// readsEveryKey reports whether the selector may read any key.
func (s *selector) readsEveryKey() bool {
	if s.allKeys {
		return true
	}
	for _, p := range s.keys {
		if p.perm&permRead != 0 && p.pattern == "*" {
			return true
		}
	}
	return false
}

// firstArgAllowed reports whether the command's first argument is one the
// selector allows although the command is refused (+select|0).
func (s *selector) firstArgAllowed(id int, cmd *engine.Command, args [][]byte) bool {
	allowed := s.firstArgs[id]
	i := 1
	if cmd.Parent() != nil {
		i = 2
	}
	if len(allowed) == 0 || i >= len(args) {
		return false
	}
	for _, a := range allowed {
		if strings.EqualFold(a, string(args[i])) {
			return true
		}
	}
	return false
}

// keyAllowed reports whether a pattern of the selector covers key with the
// permissions its use needs: reading for an ACCESS key, writing for an
// INSERT, DELETE or UPDATE one (a key that is neither needs only a match).
func (s *selector) keyAllowed(key []byte, flags engine.KeyFlag) bool {
	if s.allKeys {
		return true
	}
	var need uint8
	if flags&engine.Access != 0 {
		need |= permRead
	}
	if flags&(engine.Insert|engine.Delete|engine.Update) != 0 {
		need |= permWrite
	}
	k := string(key)
	for _, p := range s.keys {
		if p.perm&need == need && configs.GlobMatch(p.pattern, k, false) {
			return true
		}
	}
	return false
}

// channelAllowed reports whether the selector lets a client publish or
// subscribe to channel; for a pattern subscription (PSUBSCRIBE) the pattern
// must be one of the selector's own, literally. Pub/sub is not implemented
// yet: this is its check, ready for it.
func (s *selector) channelAllowed(channel string, isPattern bool) bool {
	if s.allChannels {
		return true
	}
	for _, p := range s.channels {
		if isPattern && p == channel || !isPattern && configs.GlobMatch(p, channel, false) {
			return true
		}
	}
	return false
}

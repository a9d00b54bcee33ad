package configs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// value is one parameter's parsed value. Values are never modified once
// made, so a snapshot of them can be shared between goroutines.
type value struct {
	str   string // String(): the value as configured (memory sizes keep their unit), written by CONFIG REWRITE
	get   string // Get(): the CONFIG GET form (sizes in bytes, save and limits normalised)
	num   int64  // Int(): ints, bytes (capped at MaxInt64), bools as 1/0, event flags
	extra any    // []SavePoint, []string (bind) or [3]BufferLimit
}

// parse validates s as a value for p. prev is p's current value, used by
// client-output-buffer-limit, where classes not named keep their limits.
// Multi-word values (save, bind, client-output-buffer-limit) are split on
// single spaces when strict (CONFIG SET, as Redis does), else on any white
// space (files, environment, command line). On failure it returns Redis's
// error text.
func (p *param) parse(prev value, s string, strict bool) (value, string) {
	words := func() []string {
		if strict {
			return splitSpaces(s)
		}
		return strings.Fields(s)
	}
	switch p.kind {
	case kindString:
		if p.check != nil {
			if msg := p.check(s); msg != "" {
				return value{}, msg
			}
		}
		return value{str: s, get: s}, ""
	case kindInt:
		n, ok := parseStrictInt(s)
		if !ok {
			return value{}, "argument couldn't be parsed into an integer"
		}
		if n < p.min || n > p.max {
			return value{}, p.rangeError()
		}
		if p.clamp[1] != 0 {
			n = min(max(n, p.clamp[0]), p.clamp[1])
		}
		t := strconv.FormatInt(n, 10)
		return value{str: t, get: t, num: n}, ""
	case kindMemory:
		u, ok := parseMemory(s)
		if !ok {
			return value{}, "argument must be a memory value"
		}
		if !p.noMax && (u > math.MaxInt64 || int64(u) < p.min || int64(u) > p.max) {
			return value{}, p.rangeError()
		}
		return value{str: s, get: strconv.FormatUint(u, 10), num: int64(min(u, math.MaxInt64))}, ""
	case kindBool:
		switch strings.ToLower(s) {
		case "yes":
			return value{str: "yes", get: "yes", num: 1}, ""
		case "no":
			return value{str: "no", get: "no"}, ""
		}
		return value{}, "argument must be 'yes' or 'no'"
	case kindEnum:
		for i, w := range p.enum {
			if strings.EqualFold(w, s) {
				return value{str: w, get: w, num: int64(i)}, ""
			}
		}
		return value{}, "argument(s) must be one of the following: " + strings.Join(p.enum, ", ")
	case kindSave:
		return parseSave(words())
	case kindBind:
		w := words()
		if len(w) > 16 {
			return value{}, "Too many bind addresses specified."
		}
		if len(w) == 1 && w[0] == "" {
			w = nil
		}
		t := strings.Join(w, " ")
		return value{str: t, get: t, extra: w}, ""
	case kindOBL:
		return parseOBL(prev, words())
	case kindNotify:
		flags, ok := parseNotify(s)
		if !ok {
			return value{}, "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."
		}
		return value{str: s, get: formatNotify(flags), num: int64(flags)}, ""
	}
	panic("configs: unknown kind")
}

func (p *param) rangeError() string {
	return fmt.Sprintf("argument must be between %d and %d inclusive", p.min, p.max)
}

// hint adds, to a start-up error, what Redis's text leaves unsaid.
func (p *param) hint() string {
	switch p.kind {
	case kindMemory:
		return " (e.g. 100mb, 1gb)"
	case kindSave:
		return ` (pairs of <seconds> <changes>, e.g. "3600 1 300 100", or "" to disable)`
	case kindOBL:
		return ` (<class> <hard> <soft> <soft-seconds> per class normal, replica or pubsub, e.g. "pubsub 32mb 8mb 60")`
	}
	return ""
}

// SavePoint is one "save" rule: snapshot after Seconds if at least Changes
// writes happened.
type SavePoint struct {
	Seconds int64
	Changes int64
}

// parseSave is Redis's setConfigSaveOption: an even number of integers,
// seconds ≥ 1 and changes ≥ 0; a single "" (or nothing) disables saving.
func parseSave(w []string) (value, string) {
	if len(w) == 1 && w[0] == "" {
		w = nil
	}
	if len(w)%2 != 0 {
		return value{}, "Invalid save parameters"
	}
	points := make([]SavePoint, 0, len(w)/2)
	var b strings.Builder
	for i := 0; i < len(w); i += 2 {
		secs, ok1 := strtoll(w[i])
		changes, ok2 := strtoll(w[i+1])
		if !ok1 || !ok2 || secs < 1 || changes < 0 {
			return value{}, "Invalid save parameters"
		}
		changes = int64(int32(changes)) // Redis keeps changes in an int
		points = append(points, SavePoint{Seconds: secs, Changes: changes})
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d %d", secs, changes)
	}
	t := b.String()
	return value{str: t, get: t, extra: points}, ""
}

// BufferLimit is the output buffer limit of one client class: a client is
// disconnected when its pending output reaches Hard bytes, or stays above Soft
// bytes for SoftSeconds seconds. Zero means no limit.
type BufferLimit struct {
	Hard, Soft  uint64
	SoftSeconds int64
}

// The client classes of client-output-buffer-limit, in Redis's order.
const (
	classNormal = iota
	classReplica
	classPubSub
)

// classByName is Redis's getClientTypeByName, without "master", which
// client-output-buffer-limit refuses.
func classByName(s string) int {
	switch strings.ToLower(s) {
	case "normal":
		return classNormal
	case "slave", "replica":
		return classReplica
	case "pubsub":
		return classPubSub
	}
	return -1
}

// parseOBL is Redis's updateClientOutputBufferLimit: groups of four
// words, each class named replaces that class's limits, others are kept.
func parseOBL(prev value, w []string) (value, string) {
	if len(w)%4 != 0 {
		return value{}, "Wrong number of arguments in buffer limit configuration."
	}
	limits, _ := prev.extra.([3]BufferLimit)
	for i := 0; i < len(w); i += 4 {
		class := classByName(w[i])
		if class < 0 {
			return value{}, "Invalid client class specified in buffer limit configuration."
		}
		hard, ok1 := parseMemory(w[i+1])
		soft, ok2 := parseMemory(w[i+2])
		secs, ok3 := strtoll(w[i+3])
		secs = int64(int32(secs)) // Redis keeps the seconds in an int
		if !ok1 || !ok2 || !ok3 || secs < 0 {
			return value{}, "Error in hard, soft or soft_seconds setting in buffer limit configuration."
		}
		limits[class] = BufferLimit{Hard: hard, Soft: soft, SoftSeconds: secs}
	}
	var get, str strings.Builder
	for i, l := range limits {
		if i > 0 {
			get.WriteByte(' ')
			str.WriteByte(' ')
		}
		fmt.Fprintf(&get, "%s %d %d %d", []string{"normal", "slave", "pubsub"}[i], l.Hard, l.Soft, l.SoftSeconds)
		fmt.Fprintf(&str, "%s %s %s %d", []string{"normal", "replica", "pubsub"}[i], formatMemory(l.Hard), formatMemory(l.Soft), l.SoftSeconds)
	}
	return value{str: str.String(), get: get.String(), extra: limits}, ""
}

// Keyspace notification flags, as parsed from notify-keyspace-events and
// returned by Int("notify-keyspace-events"). The values are Redis's.
const (
	NotifyKeyspace = 1 << 0  // K: __keyspace@<db>__ events
	NotifyKeyevent = 1 << 1  // E: __keyevent@<db>__ events
	NotifyGeneric  = 1 << 2  // g: DEL, EXPIRE, RENAME ...
	NotifyString   = 1 << 3  // $
	NotifyList     = 1 << 4  // l
	NotifySet      = 1 << 5  // s
	NotifyHash     = 1 << 6  // h
	NotifyZSet     = 1 << 7  // z
	NotifyExpired  = 1 << 8  // x
	NotifyEvicted  = 1 << 9  // e
	NotifyStream   = 1 << 10 // t
	NotifyKeyMiss  = 1 << 11 // m (not part of A)
	NotifyModule   = 1 << 13 // d
	NotifyNew      = 1 << 14 // n (not part of A)
	// NotifyAll is what A stands for: g$lshzxetd.
	NotifyAll = NotifyGeneric | NotifyString | NotifyList | NotifySet | NotifyHash |
		NotifyZSet | NotifyExpired | NotifyEvicted | NotifyStream | NotifyModule
)

// parseNotify is Redis's keyspaceEventsStringToFlags.
func parseNotify(s string) (int, bool) {
	flags := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'A':
			flags |= NotifyAll
		case 'g':
			flags |= NotifyGeneric
		case '$':
			flags |= NotifyString
		case 'l':
			flags |= NotifyList
		case 's':
			flags |= NotifySet
		case 'h':
			flags |= NotifyHash
		case 'z':
			flags |= NotifyZSet
		case 'x':
			flags |= NotifyExpired
		case 'e':
			flags |= NotifyEvicted
		case 'K':
			flags |= NotifyKeyspace
		case 'E':
			flags |= NotifyKeyevent
		case 't':
			flags |= NotifyStream
		case 'm':
			flags |= NotifyKeyMiss
		case 'd':
			flags |= NotifyModule
		case 'n':
			flags |= NotifyNew
		default:
			return 0, false
		}
	}
	return flags, true
}

// formatNotify is Redis's keyspaceEventsFlagsToString. Note that with A,
// n is set but not shown, as in Redis.
func formatNotify(flags int) string {
	var b strings.Builder
	if flags&NotifyAll == NotifyAll {
		b.WriteByte('A')
	} else {
		for _, f := range []struct {
			bit int
			c   byte
		}{
			{NotifyGeneric, 'g'}, {NotifyString, '$'}, {NotifyList, 'l'}, {NotifySet, 's'},
			{NotifyHash, 'h'}, {NotifyZSet, 'z'}, {NotifyExpired, 'x'}, {NotifyEvicted, 'e'},
			{NotifyStream, 't'}, {NotifyModule, 'd'}, {NotifyNew, 'n'},
		} {
			if flags&f.bit != 0 {
				b.WriteByte(f.c)
			}
		}
	}
	if flags&NotifyKeyspace != 0 {
		b.WriteByte('K')
	}
	if flags&NotifyKeyevent != 0 {
		b.WriteByte('E')
	}
	if flags&NotifyKeyMiss != 0 {
		b.WriteByte('m')
	}
	return b.String()
}

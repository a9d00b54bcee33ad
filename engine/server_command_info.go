package engine

import "slices"

// The reply formats of COMMAND INFO and COMMAND DOCS, as Redis 7.0 writes
// them: arrays in RESP2; sets and maps where Redis uses them in RESP3.

// writeCommandInfo writes cmd's 10-field description: name, arity, flags,
// first key, last key, key step, ACL categories, tips, key specs,
// subcommands.
func writeCommandInfo(out Reply, cmd *Command) {
	first, last, step, movable := legacyRange(cmd.Keys)
	out.Array(10)
	out.BulkString(cmd.FullName())
	out.Int(int64(cmd.Arity))
	writeSimpleSet(out, infoFlags(cmd, movable))
	out.Int(int64(first))
	out.Int(int64(last))
	out.Int(int64(step))
	writeSimpleSet(out, cmd.CategoryNames())
	out.Set(len(cmd.Tips))
	for _, tip := range cmd.Tips {
		out.BulkString(tip)
	}
	out.Set(len(cmd.Keys))
	for _, s := range cmd.Keys {
		writeKeySpec(out, s)
	}
	if len(cmd.Sub) == 0 {
		out.Set(0) // Redis: an empty set, but an array when there are some
		return
	}
	out.Array(len(cmd.Sub))
	for _, sub := range cmd.Sub {
		writeCommandInfo(out, sub)
	}
}

// infoFlags lists cmd's flags as COMMAND INFO prints them: movablekeys when
// its key specs cannot be summed up by first, last and step, placed before
// allow_busy as Redis does.
func infoFlags(cmd *Command, movable bool) []string {
	var names []string
	for _, n := range cmd.FlagNames() {
		if n != "movablekeys" {
			names = append(names, n)
		}
	}
	if !movable && !cmd.Movable {
		return names
	}
	if i := slices.Index(names, "allow_busy"); i >= 0 {
		return slices.Insert(names, i, "movablekeys")
	}
	return append(names, "movablekeys")
}

// legacyRange sums up key specs as the first, last and step of the key
// positions (Redis's legacy triple, last absolute or negative from the end)
// and reports whether some keys fall outside it (movablekeys).
//
// One spec of a fixed index and a range is the triple itself. Otherwise only
// specs of step 1, each starting right after the previous one, are merged;
// any other spec (a keyword search, a key count, an unknown position, a gap)
// makes the command movable, and so does an incomplete spec.
func legacyRange(specs []KeySpec) (first, last, step int, movable bool) {
	isRange := func(s KeySpec) bool { return s.Index > 0 && s.Keyword == "" && !s.KeyNum }
	if len(specs) == 0 {
		return 0, 0, 0, false
	}
	if len(specs) == 1 && isRange(specs[0]) {
		s := specs[0]
		last = s.LastKey
		if last >= 0 {
			last += s.Index
		}
		return s.Index, last, s.Step, s.Flags&Incomplete != 0
	}
	first, prevLast := -1, 0
	for _, s := range specs {
		if !isRange(s) || s.Step != 1 || (prevLast != 0 && prevLast != s.Index-1) {
			movable = true
			continue
		}
		if s.Flags&Incomplete != 0 {
			movable = true
		}
		if first < 0 || s.Index < first {
			first = s.Index
		}
		abs := s.LastKey
		if abs >= 0 {
			abs += s.Index
		}
		// A negative last (counted from the end) lies beyond every absolute one.
		if uint(abs) > uint(last) {
			last = abs
		}
		prevLast = last
	}
	if first < 0 {
		return 0, 0, 0, true
	}
	return first, last, 1, movable
}

// writeKeySpec writes one key spec: notes if any, flags, begin_search and find_keys, each
// with its type and spec.
func writeKeySpec(out Reply, s KeySpec) {
	if s.Notes != "" {
		out.Map(4)
		out.BulkString("notes")
		out.BulkString(s.Notes)
	} else {
		out.Map(3)
	}
	out.BulkString("flags")
	writeSimpleSet(out, s.FlagNames())

	out.BulkString("begin_search")
	out.Map(2)
	out.BulkString("type")
	switch {
	case s.Keyword != "":
		out.BulkString("keyword")
		out.BulkString("spec")
		out.Map(2)
		out.BulkString("keyword")
		out.BulkString(s.Keyword)
		out.BulkString("startfrom")
		out.Int(int64(s.StartFrom))
	case s.Index > 0:
		out.BulkString("index")
		out.BulkString("spec")
		out.Map(1)
		out.BulkString("index")
		out.Int(int64(s.Index))
	default:
		out.BulkString("unknown")
		out.BulkString("spec")
		out.Map(0)
	}

	out.BulkString("find_keys")
	out.Map(2)
	out.BulkString("type")
	switch {
	case s.Keyword == "" && s.Index <= 0:
		out.BulkString("unknown")
		out.BulkString("spec")
		out.Map(0)
	case s.KeyNum:
		out.BulkString("keynum")
		out.BulkString("spec")
		out.Map(3)
		out.BulkString("keynumidx")
		out.Int(int64(s.KeyNumIdx))
		out.BulkString("firstkey")
		out.Int(int64(s.FirstKey))
		out.BulkString("keystep")
		out.Int(int64(s.Step))
	default:
		out.BulkString("range")
		out.BulkString("spec")
		out.Map(3)
		out.BulkString("lastkey")
		out.Int(int64(s.LastKey))
		out.BulkString("keystep")
		out.Int(int64(s.Step))
		out.BulkString("limit")
		out.Int(int64(s.Limit))
	}
}

// writeCommandDocs writes cmd's documentation map: the fields the table
// has (summary, since, group, complexity) and its subcommands' docs.
func writeCommandDocs(out Reply, cmd *Command) {
	type field struct{ name, value string }
	var fields []field
	for _, f := range []field{{"summary", cmd.Summary}, {"since", cmd.Since}, {"group", cmd.Group},
		{"complexity", cmd.Complex}} {
		if f.value != "" {
			fields = append(fields, f)
		}
	}
	n := len(fields)
	if len(cmd.Sub) > 0 {
		n++
	}
	out.Map(n)
	for _, f := range fields {
		out.BulkString(f.name)
		out.BulkString(f.value)
	}
	if len(cmd.Sub) > 0 {
		out.BulkString("subcommands")
		out.Map(len(cmd.Sub))
		for _, sub := range cmd.Sub {
			out.BulkString(sub.FullName())
			writeCommandDocs(out, sub)
		}
	}
}

// writeSimpleSet writes names as a set of simple strings (an array in RESP2).
func writeSimpleSet(out Reply, names []string) {
	out.Set(len(names))
	for _, n := range names {
		out.SimpleString(n)
	}
}

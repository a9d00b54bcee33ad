package engine

import "strings"

// SORT and SORT_RO: the table entries and the handlers; the work is in
// sort.go, the options in sort_options.go, the patterns in sort_pattern.go.
var sortCommands = []*Command{
	{Name: "sort", Arity: -2, Flags: Write | DenyOOM, ACL: CatSet | CatSortedSet | CatList | CatDangerous,
		Keys: sortKeySpecs(true), Movable: true, FindKeys: sortKeys, LocksAll: sortLocksAll,
		Group: "generic", Summary: "Sort the elements in a list, set or sorted set", Since: "1.0.0",
		Complex: sortComplexity, Run: cmdSort},
	{Name: "sort_ro", Arity: -2, Flags: ReadOnly, ACL: CatSet | CatSortedSet | CatList | CatDangerous,
		Keys: sortKeySpecs(false), Movable: true, FindKeys: sortROKeys, LocksAll: sortLocksAll,
		Group: "generic", Summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
		Since: "7.0.0", Complex: sortComplexity, Run: cmdSortRO},
}

const sortComplexity = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, " +
	"and M the number of returned elements. When the elements are not sorted, complexity is O(N)."

// sortKeySpecs are Redis's: the sorted key, the keys of BY and GET
// patterns (unknown), and for SORT the STORE destination (unknown).
func sortKeySpecs(store bool) []KeySpec {
	specs := []KeySpec{
		{Flags: RO | Access, Index: 1, Step: 1},
		{Flags: RO | Access, Notes: "For the optional BY/GET keyword. It is marked 'unknown' because the key " +
			"names derive from the content of the key we sort"},
	}
	if store {
		specs = append(specs, KeySpec{Flags: OW | Update, Notes: "For the optional STORE keyword. It is marked " +
			"'unknown' because the keyword can appear anywhere in the argument array"})
	}
	return specs
}

// sortKeys finds SORT's keys as Redis's sortGetKeys does: the sorted key,
// and the argument after the last STORE, skipping the arguments of LIMIT,
// GET and BY (but not STORE's).
func sortKeys(args [][]byte) []KeyRef {
	if len(args) < 2 {
		return nil
	}
	keys := []KeyRef{{Pos: 1, Flags: RO | Access}}
	store := 0
	for i := 2; i < len(args); i++ {
		switch strings.ToLower(string(args[i])) {
		case "limit":
			i += 2
		case "get", "by":
			i++
		case "store":
			if i+1 < len(args) {
				store = i + 1
			}
		}
	}
	if store > 0 {
		keys = append(keys, KeyRef{Pos: store, Flags: OW | Update})
	}
	return keys
}

// sortROKeys finds SORT_RO's key: the sorted one.
func sortROKeys(args [][]byte) []KeyRef {
	if len(args) < 2 {
		return nil
	}
	return []KeyRef{{Pos: 1, Flags: RO | Access}}
}

// sortLocksAll reports whether a SORT reads keys named by its elements.
func sortLocksAll(args [][]byte) bool {
	if len(args) < 2 {
		return false
	}
	opts, err := parseSortOptions(args[2:], true, func() bool { return true })
	return err == nil && opts.hasPatterns()
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination]
func cmdSort(c *Call) error { return runSort(c, true) }

// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA]
func cmdSortRO(c *Call) error { return runSort(c, false) }

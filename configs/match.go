package configs

import "strings"

// Match is CONFIG GET: it returns name, value, name, value ... for every
// parameter matching one of the patterns, each name once (compared without
// case), values in Get's form. As in Redis 7:
//   - a pattern without glob characters (*, ? or [) is looked up as a name or
//     alias, in any case, and answered under the name as given;
//   - a glob (Redis's rules, case-insensitive) is matched against every name
//     and alias, so "hash-max-*" returns hash-max-listpack-entries and
//     hash-max-ziplist-entries alike.
//
// Exact names come in pattern order, each glob's matches sorted by name.
func (c *Config) Match(patterns ...string) []string {
	vals := *c.cur.Load()
	var out []string
	seen := map[string]bool{}
	add := func(name string, p *param) {
		seen[strings.ToLower(name)] = true
		out = append(out, name, vals[p.index].get)
	}
	for _, pat := range patterns {
		if !strings.ContainsAny(pat, "[*?") {
			if e := lookup(pat); e != nil && !seen[strings.ToLower(pat)] {
				add(pat, e.p)
			}
			continue
		}
		for _, e := range entries {
			if !seen[e.name] && globMatch(pat, e.name, true) {
				add(e.name, e.p)
			}
		}
	}
	return out
}

// globMatch reports whether s matches pattern under Redis's glob rules
// (stringmatchlen): * and ? as usual, [abc], [^abc], [a-z] (either order),
// and \ to quote the next character. nocase folds ASCII case.
func globMatch(pattern, s string, nocase bool) bool {
	skip := false
	return globMatchImpl(pattern, s, nocase, &skip, 0)
}

// globMatchImpl is a port of Redis's stringmatchlen_impl, with its guard
// against abusive patterns: skipLonger ends the search once a '*' failed
// to match from every position, and nesting is bounded.
func globMatchImpl(p, s string, nocase bool, skipLonger *bool, nesting int) bool {
	if nesting > 1000 {
		return false
	}
	at := func(x string, i int) byte { // like reading a NUL-terminated C string
		if i < len(x) {
			return x[i]
		}
		return 0
	}
	fold := func(b byte) byte {
		if nocase && b >= 'A' && b <= 'Z' {
			return b + 'a' - 'A'
		}
		return b
	}
	for len(p) > 0 && len(s) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 1 && p[1] == '*' {
				p = p[1:]
			}
			if len(p) == 1 {
				return true
			}
			for len(s) > 0 {
				if globMatchImpl(p[1:], s, nocase, skipLonger, nesting+1) {
					return true
				}
				if *skipLonger {
					return false
				}
				s = s[1:]
			}
			*skipLonger = true
			return false
		case '?':
			s = s[1:]
		case '[':
			p = p[1:]
			not := at(p, 0) == '^'
			if not {
				p = p[1:]
			}
			match := false
			for {
				if at(p, 0) == '\\' && len(p) >= 2 {
					p = p[1:]
					if p[0] == s[0] {
						match = true
					}
				} else if at(p, 0) == ']' {
					break
				} else if len(p) == 0 {
					// Unclosed '[': Redis steps back so that the step below
					// leaves the pattern empty.
					p = "]"
					break
				} else if len(p) >= 3 && p[1] == '-' {
					start, end, c := p[0], p[2], s[0]
					if start > end {
						start, end = end, start
					}
					start, end, c = fold(start), fold(end), fold(c)
					p = p[2:]
					if c >= start && c <= end {
						match = true
					}
				} else if fold(p[0]) == fold(s[0]) {
					match = true
				}
				p = p[1:]
			}
			if not {
				match = !match
			}
			if !match {
				return false
			}
			s = s[1:]
		case '\\':
			if len(p) >= 2 {
				p = p[1:]
			}
			fallthrough
		default:
			if fold(p[0]) != fold(s[0]) {
				return false
			}
			s = s[1:]
		}
		p = p[1:]
		if len(s) == 0 {
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			break
		}
	}
	return len(p) == 0 && len(s) == 0
}

package configs

// GlobMatch reports whether s matches pattern under Redis's glob rules (as
// KEYS, SCAN MATCH and CONFIG GET use them); nocase folds ASCII case. It is
// exported so that every layer matches patterns the same way.
func GlobMatch(pattern, s string, nocase bool) bool { return globMatch(pattern, s, nocase) }

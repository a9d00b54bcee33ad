package resp

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/engine"
)

// testIndex is the index of the real command table (the engine's commands
// plus the connection commands), built once for the package's tests from an
// engine opened in a temporary directory.
var testIndex = sync.OnceValues(func() (*cmdIndex, error) {
	dir, err := os.MkdirTemp("", "tierdb-acl-test")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cfg, err := configs.New(map[string]string{"dir": dir, "save": "", "appendonly": "no"})
	if err != nil {
		return nil, err
	}
	eng, err := engine.Open(cfg, connCommands())
	if err != nil {
		return nil, err
	}
	x := newCmdIndex(eng.Table())
	_ = eng.Close()
	return x, nil
})

func mustIndex(t testing.TB) *cmdIndex {
	t.Helper()
	x, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// userFrom applies rules (split on spaces, selectors merged) to a new
// user's permissions, as ACL SETUSER does.
func userFrom(x *cmdIndex, rules string) (*userPerms, error) {
	var args [][]byte
	for _, w := range strings.Fields(rules) {
		args = append(args, []byte(w))
	}
	merged, unmatched := mergeSelectorArgs(args)
	if unmatched >= 0 {
		return nil, errRuleSyntax
	}
	p := newUserPerms(x)
	for _, op := range merged {
		if err := p.apply(op, x); err != nil {
			return nil, &setUserError{op, err}
		}
	}
	return p, nil
}

func mustUser(t testing.TB, x *cmdIndex, rules string) *userPerms {
	t.Helper()
	p, err := userFrom(x, rules)
	if err != nil {
		t.Fatalf("rules %q: %v", rules, err)
	}
	return p
}

// argv splits a command line on spaces.
func argv(line string) [][]byte {
	var out [][]byte
	for _, w := range strings.Fields(line) {
		out = append(out, []byte(w))
	}
	return out
}

// lookupArgs resolves a command line to its command, as the engine does.
func lookupArgs(t testing.TB, x *cmdIndex, args [][]byte) *engine.Command {
	t.Helper()
	cmd, err := x.table.Lookup(args)
	if err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return cmd
}

package configs

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Ensure that users are read from a YAML list, from a string with a user
// per line, and from the command line, and that the value is fixed at
// start-up.
func TestUsers(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	list := write("list.yaml", "user:\n  - \"alice on >a b ~x\"\n  - bob on nopass +@all\n")
	block := write("block.yaml", "user: |\n  alice on >pw\n\n  bob off\n")
	for _, test := range []struct {
		args []string
		want []string
	}{
		{[]string{list}, []string{"alice on >a b ~x", "bob on nopass +@all"}},
		{[]string{block}, []string{"alice on >pw", "bob off"}},
		{[]string{list, "--user", "carol on"}, []string{"carol on"}},
		{nil, nil},
	} {
		c, err := Load(test.args, nil)
		if err != nil {
			t.Fatalf("%q: %v", test.args, err)
		}
		if got := c.Users(); !slices.Equal(got, test.want) {
			t.Errorf("%q: got %q, want %q", test.args, got, test.want)
		}
	}
	c := Default()
	if err := c.Set("user", "x on"); err == nil {
		t.Error("CONFIG SET user was accepted")
	}
	if !IsSensitive("user") {
		t.Error("user is not sensitive")
	}
}

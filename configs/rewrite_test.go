package configs

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Ensure that CONFIG REWRITE without a config file fails as in Redis
// (redis-cli CONFIG REWRITE on a server started without one:
// "ERR The server is running without a config file").
func TestRewrite_NoFile(t *testing.T) {
	var e *Error
	err := Default().Rewrite()
	if !errors.As(err, &e) || e.Msg != "The server is running without a config file" {
		t.Errorf("Rewrite() = %v", err)
	}
}

// Ensure that what Rewrite writes loads back to the same values, keeps the
// file's comments, order and names, and adds only what differs from the
// defaults.
func TestRewrite_RoundTrip(t *testing.T) {
	path := writeFile(t, `# My server.

# The port clients use.
port: 7000 # not 6379
hash-max-ziplist-entries: 100
maxmemory: 1mb
lfu-log-factor: 10
`)
	c, err := Load([]string{"--config", path, "--timeout", "30"}, []string{"TIERDB_HZ=20"})
	if err != nil {
		t.Fatal(err)
	}
	for _, pairs := range [][]string{
		{"maxmemory", "2gb", "maxmemory-policy", "allkeys-lru", "save", ""},
		{"client-output-buffer-limit", "pubsub 1mb 1000 5"},
		{"notify-keyspace-events", "KEAn"},
		{"requirepass", "123"},
		{"hash-max-listpack-entries", "200", "lazyfree-lazy-user-del", "yes", "zset-max-listpack-value", "1k"},
		{"list-max-listpack-size", "-3", "slowlog-log-slower-than", "-1"},
	} {
		if err := c.Set(pairs...); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Rewrite(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{"# My server.", "# The port clients use.\nport: 7000 # not 6379\n",
		"hash-max-ziplist-entries: 200\n", "maxmemory: 2gb\n", "lfu-log-factor: 10\n",
		rewriteSignature + "\n", "timeout: 30\n", "hz: 20\n", "save: \"\"\n", "requirepass: \"123\"\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("rewritten file lacks %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"hash-max-listpack-entries", "maxmemory-samples", "bind:"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("rewritten file has %q, which is at its default or under an alias:\n%s", unwanted, text)
		}
	}
	back, err := Load([]string{path}, nil)
	if err != nil {
		t.Fatalf("loading the rewritten file: %v\n%s", err, text)
	}
	if got, want := back.Match("*"), c.Match("*"); !reflect.DeepEqual(got, want) {
		t.Errorf("reloaded values differ:\ngot  %q\nwant %q\nfile:\n%s", got, want, text)
	}
	if back.Int("notify-keyspace-events")&NotifyNew == 0 {
		t.Error("n of notify-keyspace-events was lost")
	}

	// A second rewrite with nothing changed writes the same file.
	if err := back.Rewrite(); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(path); string(again) != text {
		t.Errorf("second rewrite changed the file:\n%s\nthen\n%s", text, again)
	}
}

// Ensure that a parameter repeated in the file keeps only its first entry,
// that keys of other programs are kept, and that a deleted file is created
// again.
func TestRewrite_Edits(t *testing.T) {
	path := writeFile(t, "port: 7000\n")
	c, err := Load([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Edit the file behind the server's back, as people do.
	if err := os.WriteFile(path, []byte("port: 1\nfoo: bar\nPORT: 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o600)
	if err := c.Rewrite(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if got, want := string(data), "port: 7000\nfoo: bar\n"; got != want {
		t.Errorf("file is\n%s\nwant\n%s", got, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode not kept: %v %v", fi.Mode(), err)
	}

	os.Remove(path)
	if err := c.Set("maxmemory", "1gb"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rewrite(); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if got, want := string(data), rewriteSignature+"\nport: 7000\nmaxmemory: 1gb\n"; got != want {
		t.Errorf("file is\n%s\nwant\n%s", got, want)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// Ensure that a failure to write is reported in Redis's words
// ("Rewriting config file: <strerror>").
func TestRewrite_Error(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "etc")
	os.Mkdir(dir, 0o755)
	path := filepath.Join(dir, "tierdb.yaml")
	os.WriteFile(path, []byte("port: 7000\n"), 0o644)
	c, err := Load([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	var e *Error
	if err := c.Rewrite(); !errors.As(err, &e) || e.Msg != "Rewriting config file: No such file or directory" {
		t.Errorf("Rewrite() = %v", err)
	}
}

// Ensure that files without entries get the changed parameters appended,
// and that files that are not a block mapping are refused.
func TestRewrite_Shapes(t *testing.T) {
	c := Default()
	if err := c.Set("maxmemory", "1gb", "save", "900 1"); err != nil {
		t.Fatal(err)
	}
	vals := *c.cur.Load()
	added := rewriteSignature + "\nmaxmemory: 1gb\nsave: \"900 1\"\n"
	for _, test := range []struct{ in, want, err string }{
		{"", added, ""},
		{"# only a comment", "# only a comment\n" + added, ""},
		{"---\n# a comment\n", "---\n# a comment\n" + added, ""},
		{"save:\n  - 3600 1\n  - 300 100\n# next\nport: 6379\n", "save: \"900 1\"\n# next\nport: 6379\n" + rewriteSignature + "\nmaxmemory: 1gb\n", ""},
		{"maxmemory: \"1024mb\" # a gigabyte\n", "maxmemory: \"1024mb\" # a gigabyte\n" + rewriteSignature + "\nsave: \"900 1\"\n", ""},
		{"maxmemory: '2gb' # two\n", "maxmemory: 1gb # two\n" + rewriteSignature + "\nsave: \"900 1\"\n", ""},
		{"{port: 1}", "", "the file is not a block mapping of parameters"},
		{"- port", "", "the file is not a block mapping of parameters"},
		{"port: [1", "", "yaml: line 1: did not find expected ',' or ']'"},
	} {
		out, err := rewriteYAML([]byte(test.in), vals)
		if test.err != "" {
			if err == nil || err.Error() != test.err {
				t.Errorf("rewriteYAML(%q) error = %v, want %q", test.in, err, test.err)
			}
			continue
		}
		if err != nil || string(out) != test.want {
			t.Errorf("rewriteYAML(%q):\ngot  %q, %v\nwant %q", test.in, out, err, test.want)
		}
	}
}

package configs

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// writeFile writes a config file in a temporary directory.
func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tierdb.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Ensure that each source overrides the ones below it:
// embedded < file < environment < flags.
func TestLoad_Precedence(t *testing.T) {
	file := writeFile(t, "maxmemory: 1mb\ntimeout: 10\nhz: 20\nloglevel: verbose\n")
	env := []string{"HOME=/root", "TIERDB_TIMEOUT=20", "TIERDB_HZ=30", "TIERDB_MAXMEMORY_POLICY=allkeys-lru"}
	c, err := Load([]string{"--config", file, "--hz", "40"}, env)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"port":             "6379",        // embedded
		"maxmemory":        "1mb",         // file
		"loglevel":         "verbose",     // file
		"timeout":          "20",          // environment over file
		"maxmemory-policy": "allkeys-lru", // environment
		"hz":               "40",          // flag over environment and file
	} {
		if got := c.String(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if c.File() != file {
		t.Errorf("File() = %q, want %q", c.File(), file)
	}
}

// Ensure that redis-server command lines work unchanged.
func TestLoad_RedisCommandLine(t *testing.T) {
	file := writeFile(t, "port: 6000\n")
	for _, test := range []struct {
		args []string
		want map[string]string // Get forms
	}{
		{
			[]string{"--port", "7000", "--bind", "127.0.0.1", "--dir", "/var/lib/tierdb", "--maxmemory", "1gb",
				"--maxmemory-policy", "allkeys-lru", "--appendonly", "yes", "--appendfsync", "always"},
			map[string]string{"port": "7000", "bind": "127.0.0.1", "dir": "/var/lib/tierdb", "maxmemory": "1073741824",
				"maxmemory-policy": "allkeys-lru", "appendonly": "yes", "appendfsync": "always"},
		},
		{[]string{"--save", ""}, map[string]string{"save": ""}},
		{[]string{"--save", "3600 1 300 100"}, map[string]string{"save": "3600 1 300 100"}},
		{[]string{"--save", "3600", "1", "300", "100"}, map[string]string{"save": "3600 1 300 100"}},
		{[]string{"--save", "60", "1", "--save", "30", "5"}, map[string]string{"save": "60 1 30 5"}}, // repeats add up
		{[]string{"--save", "", "--save", "60 1"}, map[string]string{"save": "60 1"}},
		{[]string{"--port", "7000", "--save"}, map[string]string{"save": "", "port": "7000"}}, // bare --save at the end
		{[]string{"--save", "--port", "7000"}, map[string]string{"save": "", "port": "7000"}}, // bare --save before an option
		{[]string{"--requirepass", "--help"}, map[string]string{"requirepass": "--help"}},     // a value, even with --
		{[]string{"--port=7001"}, map[string]string{"port": "7001"}},                          // our addition
		{[]string{"--port 7002"}, map[string]string{"port": "7002"}},                          // one argument, as redis-server allows
		{[]string{"--PORT", "7003"}, map[string]string{"port": "7003"}},                       // names in any case
		{[]string{"--hash-max-ziplist-entries", "5"}, map[string]string{"hash-max-listpack-entries": "5"}},
		{[]string{file}, map[string]string{"port": "6000"}}, // first argument: the config file
		{[]string{file, "--port", "7004"}, map[string]string{"port": "7004"}},
		{[]string{"--bind", "127.0.0.1", "::1"}, map[string]string{"bind": "127.0.0.1 ::1"}},
		{[]string{"--client-output-buffer-limit", "pubsub 1mb 1mb 0", "--client-output-buffer-limit", "normal", "1", "2", "3"},
			map[string]string{"client-output-buffer-limit": "normal 1 2 3 slave 268435456 67108864 60 pubsub 1048576 1048576 0"}},
	} {
		c, err := Load(test.args, nil)
		if err != nil {
			t.Errorf("Load(%q) = %v", test.args, err)
			continue
		}
		for name, want := range test.want {
			if got, _ := c.Get(name); got != want {
				t.Errorf("Load(%q): %s = %q, want %q", test.args, name, got, want)
			}
		}
	}
}

// Ensure that --help and --version are reported as such.
func TestLoad_HelpVersion(t *testing.T) {
	for _, test := range []struct {
		args []string
		want error
	}{
		{[]string{"--help"}, ErrHelp},
		{[]string{"-h"}, ErrHelp},
		{[]string{"--port", "1", "--help"}, ErrHelp},
		{[]string{"--version"}, ErrVersion},
		{[]string{"-v"}, ErrVersion},
	} {
		if _, err := Load(test.args, nil); !errors.Is(err, test.want) {
			t.Errorf("Load(%q) = %v, want %v", test.args, err, test.want)
		}
	}
	u := Usage()
	for _, want := range []string{"Usage: tierdb", "--maxmemory 0", "--save \"3600 1 300 100 60 10000\"",
		"TIERDB_<NAME>", "(also --hash-max-ziplist-entries)", "spill writes evicted keys to disk"} {
		if !strings.Contains(u, want) {
			t.Errorf("Usage() lacks %q", want)
		}
	}
}

// Ensure that every start-up error is one line naming the parameter and
// what it accepts.
func TestLoad_Errors(t *testing.T) {
	bad := writeFile(t, "maxmemory: abc\n")
	unknown := writeFile(t, "maxmemory: 1mb\nfoo: 1\n")
	twice := writeFile(t, "hash-max-listpack-entries: 1\nhash-max-ziplist-entries: 2\n")
	broken := writeFile(t, "port: [1\n")
	nested := writeFile(t, "port:\n  a: 1\n")
	many := strings.Fields(strings.Repeat("127.0.0.1 ", 17))
	for _, test := range []struct {
		args, env []string
		want      string
	}{
		{[]string{"--maxmemory", "abc"}, nil,
			`invalid value "abc" for maxmemory: argument must be a memory value (e.g. 100mb, 1gb)`},
		{[]string{"--maxmemory", "-1gb"}, nil,
			`invalid value "-1gb" for maxmemory: argument must be a memory value (e.g. 100mb, 1gb)`},
		{[]string{"--maxmemory-policy", "foo"}, nil,
			`invalid value "foo" for maxmemory-policy: argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction`},
		{[]string{"--appendonly", "maybe"}, nil, `invalid value "maybe" for appendonly: argument must be 'yes' or 'no'`},
		{[]string{"--appendfsync", "sometimes"}, nil,
			`invalid value "sometimes" for appendfsync: argument(s) must be one of the following: everysec, always, no`},
		{[]string{"--port", "70000"}, nil, `invalid value "70000" for port: argument must be between 0 and 65535 inclusive`},
		{[]string{"--databases", "0"}, nil, `invalid value "0" for databases: argument must be between 1 and 2147483647 inclusive`},
		{[]string{"--proto-max-bulk-len", "1kb"}, nil,
			`invalid value "1kb" for proto-max-bulk-len: argument must be between 1048576 and 9223372036854775807 inclusive (e.g. 100mb, 1gb)`},
		{[]string{"--save", "5"}, nil,
			`invalid value "5" for save: Invalid save parameters (pairs of <seconds> <changes>, e.g. "3600 1 300 100", or "" to disable)`},
		{[]string{"--client-output-buffer-limit", "normal 1 1"}, nil,
			`invalid value "normal 1 1" for client-output-buffer-limit: Wrong number of arguments in buffer limit configuration. (<class> <hard> <soft> <soft-seconds> per class normal, replica or pubsub, e.g. "pubsub 32mb 8mb 60")`},
		{[]string{"--notify-keyspace-events", "q"}, nil,
			`invalid value "q" for notify-keyspace-events: Invalid event class character. Use 'Ag$lshzxeKEtmdn'.`},
		{[]string{"--dbfilename", "a/b"}, nil, `invalid value "a/b" for dbfilename: dbfilename can't be a path, just a filename`},
		{[]string{"--appendfilename", ""}, nil, `invalid value "" for appendfilename: appendfilename can't be empty`},
		{[]string{"--dir", ""}, nil, `invalid value "" for dir: dir can't be empty`},
		{append([]string{"--bind"}, many...), nil,
			`invalid value "` + strings.Join(many, " ") + `" for bind: Too many bind addresses specified.`},
		{[]string{"--hash-max-ziplist-entries", "x"}, nil,
			`invalid value "x" for hash-max-ziplist-entries: argument couldn't be parsed into an integer`},
		{[]string{"--nosuch", "1"}, nil, `unknown parameter "nosuch" (see --help)`},
		{[]string{"--port"}, nil, `missing value for --port`},
		{[]string{"--port", "1", "2"}, nil, `wrong number of arguments for --port: want one value, got 2 (quote values with spaces)`},
		{[]string{"a.yaml", "b.yaml"}, nil, `unexpected argument "b.yaml" (options are --<name> <value>; see --help)`},
		{[]string{"a.yaml", "--config", "b.yaml"}, nil, `--config needs exactly one file, given once`},
		{nil, []string{"TIERDB_MAXMEMORY=abc"},
			`invalid value "abc" for maxmemory in environment TIERDB_MAXMEMORY: argument must be a memory value (e.g. 100mb, 1gb)`},
		{nil, []string{"TIERDB_LUA_TIME_LIMIT=x"},
			`invalid value "x" for lua-time-limit in environment TIERDB_LUA_TIME_LIMIT: argument couldn't be parsed into an integer`},
		{[]string{bad}, nil,
			`invalid value "abc" for maxmemory in ` + bad + `: argument must be a memory value (e.g. 100mb, 1gb)`},
		{[]string{"--config", unknown}, nil, `unknown parameter "foo" in ` + unknown},
		{[]string{"--config", twice}, nil,
			`parameter hash-max-listpack-entries given twice in ` + twice + ` (as hash-max-listpack-entries and hash-max-ziplist-entries)`},
		{[]string{"--config", nested}, nil, `unknown parameter "port.a" in ` + nested},
		{[]string{"--config", filepath.Join(t.TempDir(), "none.yaml")}, nil, "can't read config file: open "},
		{[]string{"--config", broken}, nil, "can't parse config file " + broken + ": "},
	} {
		_, err := Load(test.args, test.env)
		if err == nil {
			t.Errorf("Load(%q, %q) succeeded, want %q", test.args, test.env, test.want)
			continue
		}
		got := err.Error()
		if strings.HasSuffix(test.want, ": ") || strings.HasSuffix(test.want, "open ") {
			if !strings.HasPrefix(got, test.want) {
				t.Errorf("Load(%q):\ngot  %q\nwant %q...", test.args, got, test.want)
			}
		} else if got != test.want {
			t.Errorf("Load(%q, %q):\ngot  %q\nwant %q", test.args, test.env, got, test.want)
		}
		if strings.Contains(got, "\n") {
			t.Errorf("Load(%q): error %q is more than one line", test.args, got)
		}
	}
}

// Ensure that YAML values of any type become the text Redis would parse.
func TestLoad_YAMLForms(t *testing.T) {
	file := writeFile(t, `
appendonly: false         # a YAML boolean
activerehashing: true
requirepass:              # null
save: [3600 1, 300 100]   # a list of words
bind:
  - 127.0.0.1
  - "::1"
maxmemory: 100mb
timeout: 30
Maxmemory-Policy: allkeys-lfu   # keys in any case
notify-keyspace-events: "KEA"
hash-max-ziplist-entries: 64
`)
	c, err := Load([]string{"--config", file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"appendonly": "no", "activerehashing": "yes", "requirepass": "", "save": "3600 1 300 100",
		"bind": "127.0.0.1 ::1", "maxmemory": "104857600", "timeout": "30", "maxmemory-policy": "allkeys-lfu",
		"notify-keyspace-events": "AKE", "hash-max-listpack-entries": "64",
	} {
		if got, _ := c.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

// Ensure that the environment is read from environ only, with unrelated
// TIERDB_ variables ignored, the first of repeats winning as with
// os.Getenv, and a parameter's own name winning over its alias.
func TestLoad_Environment(t *testing.T) {
	c, err := Load(nil, []string{
		"TIERDB_BENCH_ADDR=x", "TIERDB_PORT=7000", "TIERDB_PORT=7001", "TIERDB_SAVE=",
		"TIERDB_HASH_MAX_LISTPACK_ENTRIES=10", "TIERDB_HASH_MAX_ZIPLIST_ENTRIES=20", "TIERDB_SLAVE_READ_ONLY=no",
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"port": "7000", "save": "", "hash-max-listpack-entries": "10", "replica-read-only": "no",
	} {
		if got, _ := c.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := EnvName("maxmemory-policy"); got != "TIERDB_MAXMEMORY_POLICY" {
		t.Errorf("EnvName = %q", got)
	}
}

// Ensure that the embedded file is complete: one commented entry per
// parameter, which loaded as a config file gives the defaults.
func TestDefaults_Embedded(t *testing.T) {
	settings, err := readYAML(DefaultsYAML())
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, s := range settings {
		keys = append(keys, s.key)
	}
	if !reflect.DeepEqual(keys, Names()) {
		t.Errorf("tierdb.yaml keys:\n%q\nparameters:\n%q", keys, Names())
	}
	if !sort.StringsAreSorted(Names()) || len(Names()) != len(params) {
		t.Error("Names() is not the sorted list of parameters")
	}
	for _, p := range params {
		if p.doc == "" {
			t.Errorf("%s has no comment in tierdb.yaml", p.name)
		}
	}
	c, err := Load([]string{writeFile(t, string(DefaultsYAML()))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Match("*"), Default().Match("*"); !reflect.DeepEqual(got, want) {
		t.Errorf("tierdb.yaml as a config file gives\n%q\nwant\n%q", got, want)
	}
	d := Default()
	if d.File() != "" || !d.Bool("appendonly") || d.String("bind") != "127.0.0.1" || d.String("dir") != "./data" ||
		d.String("eviction-mode") != "spill" || d.Int("cold-cache-size") != 64<<20 || d.Int("snapshot-keep") != 5 {
		t.Error("our own defaults are not as documented")
	}
}

// Ensure that New applies overrides like flags and names the bad one.
func TestNew(t *testing.T) {
	c, err := New(map[string]string{"maxmemory": "1mb", "lua-time-limit": "100"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Int("maxmemory") != 1<<20 || c.Int("busy-reply-threshold") != 100 {
		t.Errorf("New did not apply overrides")
	}
	for in, want := range map[string]string{
		"nosuch":    `unknown parameter "nosuch"`,
		"maxmemory": `invalid value "x" for maxmemory: argument must be a memory value (e.g. 100mb, 1gb)`,
	} {
		if _, err := New(map[string]string{in: "x"}); err == nil || err.Error() != want {
			t.Errorf("New(%s=x) = %v, want %q", in, err, want)
		}
	}
}

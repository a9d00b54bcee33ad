package configs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/viper"
)

// ErrHelp is returned by Load for --help or -h; print Usage() and exit 0.
var ErrHelp = errors.New("configs: help requested")

// ErrVersion is returned by Load for --version or -v; print the version and
// exit 0.
var ErrVersion = errors.New("configs: version requested")

// Load builds the configuration of the server from its command line (args,
// without the program name, i.e. os.Args[1:]) and environment (environ, as
// from os.Environ()), over the embedded defaults. Precedence, lowest first:
// tierdb.yaml (embedded) < the YAML config file < TIERDB_<NAME> environment
// variables < command-line flags.
//
// The command line is redis-server's: an optional first argument naming the
// config file, then options "--<name> <value>", e.g.
//
//	tierdb /etc/tierdb.yaml --port 7000 --maxmemory 1gb --save "" --appendonly yes
//
// A multi-word value may be one argument or several (--save 3600 1 300 100);
// repeated --save options add rules, as in Redis. "--<name>=<value>" and
// "--config FILE" are accepted too. Environment variables are named
// TIERDB_ and the parameter name in upper case with '_' for '-'
// (TIERDB_MAXMEMORY_POLICY); unrelated TIERDB_ variables are ignored.
//
// Every error is one line naming the parameter and what it accepts, e.g.
//
//	invalid value "abc" for maxmemory: argument must be a memory value (e.g. 100mb, 1gb)
//
// For --help and --version it returns ErrHelp or ErrVersion.
func Load(args, environ []string) (*Config, error) {
	file, opts, err := parseArgs(args)
	if err != nil {
		return nil, err
	}
	vals := defaultValues()
	if file != "" {
		if file, err = filepath.Abs(file); err != nil {
			return nil, fmt.Errorf("config file: %v", err)
		}
		if err := loadFile(vals, file); err != nil {
			return nil, err
		}
	}
	if err := loadEnv(vals, environ); err != nil {
		return nil, err
	}
	for _, o := range opts {
		if err := setAtLoad(vals, o.e, o.value, ""); err != nil {
			return nil, err
		}
	}
	c := newConfig(vals)
	c.file = file
	return c, nil
}

// option is one "--name value..." of the command line.
type option struct {
	e     *entry
	value string
}

// parseArgs splits a redis-server style command line into the config file
// and the options, in order. As in redis-server, the argument after an
// option name is always its value, even if it starts with "--", and further
// arguments not starting with "--" are more words of the same value.
func parseArgs(args []string) (file string, opts []option, err error) {
	type raw struct {
		name   string
		words  []string
		hasVal bool
	}
	var raws []*raw
	i := 0
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		file, i = args[0], 1
	}
	var cur *raw
	for ; i < len(args); i++ {
		a := args[i]
		if cur != nil && !cur.hasVal { // the value of the option just named
			if cur.name != "save" || !strings.HasPrefix(a, "--") {
				cur.words, cur.hasVal = append(cur.words, a), true
				continue
			}
			cur.words, cur.hasVal = []string{""}, true // "--save --port 1" is --save "", as in redis-server
		}
		switch a {
		case "--help", "-h":
			return "", nil, ErrHelp
		case "--version", "-v":
			return "", nil, ErrVersion
		}
		if !strings.HasPrefix(a, "--") {
			if cur == nil {
				return "", nil, fmt.Errorf("unexpected argument %q (options are --<name> <value>; see --help)", a)
			}
			cur.words = append(cur.words, a)
			continue
		}
		cur = &raw{name: a[2:]}
		if n, v, ok := strings.Cut(cur.name, "="); ok {
			cur.name, cur.words, cur.hasVal = n, []string{v}, true
		} else if f := strings.Fields(cur.name); len(f) > 1 { // "--port 6380" as one argument
			cur.name, cur.words, cur.hasVal = f[0], f[1:], true
		}
		cur.name = strings.ToLower(cur.name)
		raws = append(raws, cur)
	}
	saves := -1 // index in opts of the --save option, whose repeats add up
	for _, r := range raws {
		if !r.hasVal {
			if r.name != "save" { // a bare --save means --save "", as in redis-server
				return "", nil, fmt.Errorf("missing value for --%s", r.name)
			}
			r.words = []string{""}
		}
		if r.name == "config" {
			if file != "" || len(r.words) != 1 {
				return "", nil, errors.New("--config needs exactly one file, given once")
			}
			file = r.words[0]
			continue
		}
		e := lookup(r.name)
		if e == nil {
			return "", nil, fmt.Errorf("unknown parameter %q (see --help)", r.name)
		}
		multi := e.p.kind == kindSave || e.p.kind == kindBind || e.p.kind == kindOBL
		if !multi && len(r.words) != 1 {
			return "", nil, fmt.Errorf("wrong number of arguments for --%s: want one value, got %d (quote values with spaces)", r.name, len(r.words))
		}
		v := strings.Join(r.words, " ")
		if e.p.kind == kindSave && saves >= 0 {
			opts[saves].value = strings.TrimSpace(opts[saves].value + " " + v)
			continue
		}
		if e.p.kind == kindSave {
			saves = len(opts)
		}
		opts = append(opts, option{e: e, value: v})
	}
	return file, opts, nil
}

// loadFile applies a YAML config file over vals.
func loadFile(vals []value, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("can't read config file: %v", err)
	}
	settings, err := readYAML(data)
	if err != nil {
		return fmt.Errorf("can't parse config file %s: %v", path, oneLine(err))
	}
	seen := map[*param]string{}
	for _, s := range settings {
		e := lookup(s.key)
		if e == nil {
			return fmt.Errorf("unknown parameter %q in %s", s.key, path)
		}
		if other, dup := seen[e.p]; dup {
			return fmt.Errorf("parameter %s given twice in %s (as %s and %s)", e.p.name, path, other, s.key)
		}
		seen[e.p] = s.key
		if err := setAtLoad(vals, e, s.val, path); err != nil {
			return err
		}
	}
	return nil
}

// loadEnv applies TIERDB_<NAME> variables over vals. As with os.Getenv,
// the first of repeated variables counts. Aliases work too; the
// parameter's own name wins over an alias.
func loadEnv(vals []value, environ []string) error {
	env := map[string]string{}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if _, dup := env[k]; ok && !dup && strings.HasPrefix(k, "TIERDB_") {
			env[k] = v
		}
	}
	for _, p := range params {
		for _, n := range append(append([]string(nil), p.aliases...), p.name) {
			k := EnvName(n)
			if s, ok := env[k]; ok {
				if err := setAtLoad(vals, byName[n], s, "environment "+k); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// EnvName returns the environment variable that sets the parameter called
// name: EnvName("maxmemory-policy") is "TIERDB_MAXMEMORY_POLICY".
func EnvName(name string) string {
	return "TIERDB_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// setting is one top-level key of a YAML file, with its value as text.
type setting struct{ key, val string }

// readYAML reads a YAML mapping with viper, turning each value into the
// text the parameter parsers take: yes/no for booleans, words joined by
// spaces for lists, "" for null. Keys come back lower case and sorted.
func readYAML(data []byte) ([]setting, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, err
	}
	keys := v.AllKeys()
	sort.Strings(keys)
	out := make([]setting, 0, len(keys))
	for _, k := range keys {
		s, err := yamlText(v.Get(k))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", k, err)
		}
		out = append(out, setting{key: k, val: s})
	}
	return out, nil
}

func yamlText(x any) (string, error) {
	switch x := x.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case bool:
		if x {
			return "yes", nil
		}
		return "no", nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case []any:
		words := make([]string, len(x))
		for i, w := range x {
			s, err := yamlText(w)
			if err != nil {
				return "", err
			}
			words[i] = s
		}
		return strings.Join(words, " "), nil
	case map[string]any:
		return "", errors.New("want a value, not a mapping")
	}
	return fmt.Sprint(x), nil
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// Usage returns the help text for --help: the command line, precedence,
// and every parameter with its default and the comment from tierdb.yaml.
func Usage() string {
	var b strings.Builder
	b.WriteString(`Usage: tierdb [/path/to/tierdb.yaml] [--config FILE] [--<name> <value> ...]
       tierdb --help | --version

Examples:
  tierdb
  tierdb --port 7000 --bind 127.0.0.1 --dir /var/lib/tierdb --maxmemory 1gb
  tierdb /etc/tierdb/tierdb.yaml --maxmemory-policy allkeys-lru --appendfsync always
  tierdb --save "" --appendonly no

Every parameter can be set, lowest precedence first: in the built-in defaults
(shown below), in the YAML config file (same names), in the environment as
TIERDB_<NAME> (upper case, '_' for '-'), on the command line, and for most at
run time with CONFIG SET. Memory values take k=1000, kb=1024, m, mb, g, gb.

Parameters (default):
`)
	for _, n := range names {
		p := byName[n].p
		def := p.def.str
		if def == "" || strings.ContainsAny(def, " ") {
			def = strconv.Quote(def)
		}
		fmt.Fprintf(&b, "  --%s %s\n", n, def)
		if len(p.aliases) > 0 {
			fmt.Fprintf(&b, "      (also --%s)\n", strings.Join(p.aliases, ", --"))
		}
		if p.doc != "" {
			for _, l := range wrap(p.doc, 72) {
				fmt.Fprintf(&b, "      %s\n", l)
			}
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width bytes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

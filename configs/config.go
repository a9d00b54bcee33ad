package configs

import (
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
)

// Config holds the value of every parameter. Readers (String, Int, Bool,
// Get, Match ...) are safe for concurrent use with Set and cost one atomic
// load and one map lookup: they read an immutable snapshot that Set replaces
// as a whole, so a reader never sees half of a CONFIG SET. Make one with
// Load, Default or New; the zero Config is not usable.
type Config struct {
	cur atomic.Pointer[[]value] // indexed by param.index

	mu    sync.Mutex       // serialises Set and Rewrite, guards hooks
	hooks [][]func() error // indexed by param.index
	file  string           // absolute path of the config file, or ""
}

// newConfig returns a Config holding vals.
func newConfig(vals []value) *Config {
	c := &Config{hooks: make([][]func() error, len(params))}
	c.cur.Store(&vals)
	return c
}

// Default returns a Config holding only the embedded defaults of
// tierdb.yaml, with no config file.
func Default() *Config {
	return newConfig(defaultValues())
}

// defaultValues returns a fresh slice of the embedded defaults.
func defaultValues() []value {
	vals := make([]value, len(params))
	for i, p := range params {
		vals[i] = p.def
	}
	return vals
}

// New returns the defaults with overrides applied, as if each were given on
// the command line. Keys are parameter names or aliases. It is meant for
// tests and embedding: New(map[string]string{"maxmemory": "1mb"}).
func New(overrides map[string]string) (*Config, error) {
	keys := make([]string, 0, len(overrides))
	for k := range overrides {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	vals := defaultValues()
	for _, k := range keys {
		e := lookup(k)
		if e == nil {
			return nil, fmt.Errorf("unknown parameter %q", k)
		}
		if err := setAtLoad(vals, e, overrides[k], ""); err != nil {
			return nil, err
		}
	}
	return newConfig(vals), nil
}

// setAtLoad parses s for e's parameter over vals, at start-up. The error is
// one line naming the parameter and what it accepts; from says where the
// value came from ("" for the command line).
func setAtLoad(vals []value, e *entry, s, from string) error {
	v, msg := e.p.parse(vals[e.p.index], s, false)
	if msg != "" {
		if from != "" {
			from = " in " + from
		}
		return fmt.Errorf("invalid value %q for %s%s: %s%s", s, e.name, from, msg, e.p.hint())
	}
	vals[e.p.index] = v
	return nil
}

// get returns the current value of the parameter called name; an unknown name
// is a programming error and panics.
func (c *Config) get(name string) (value, *param) {
	e := lookup(name)
	if e == nil {
		panic(fmt.Sprintf("configs: unknown parameter %q", name))
	}
	return (*c.cur.Load())[e.p.index], e.p
}

// String returns the current value of the parameter called name (or an
// alias) as it was configured: memory values keep their unit ("1gb"), yes/no
// and enum words are lower case. It panics if there is no such parameter.
func (c *Config) String(name string) string {
	v, _ := c.get(name)
	return v.str
}

// Int returns the current value of an integer or memory parameter (memory in
// bytes, capped at math.MaxInt64), of a yes/no parameter as 1 or 0, and of
// notify-keyspace-events as Notify* flags. It panics for other parameters
// and unknown names.
func (c *Config) Int(name string) int64 {
	v, p := c.get(name)
	switch p.kind {
	case kindInt, kindMemory, kindBool, kindNotify:
		return v.num
	}
	panic(fmt.Sprintf("configs: %s is not a number", p.name))
}

// Bool returns the current value of a yes/no parameter. It panics for other
// parameters and unknown names.
func (c *Config) Bool(name string) bool {
	v, p := c.get(name)
	if p.kind != kindBool {
		panic(fmt.Sprintf("configs: %s is not a yes/no parameter", p.name))
	}
	return v.num != 0
}

// Get returns the value of the parameter called name (or an alias, in any
// case) in the form CONFIG GET replies with: memory values as plain byte
// counts, yes/no, save and client-output-buffer-limit as Redis prints them.
// ok is false if there is no such parameter.
func (c *Config) Get(name string) (v string, ok bool) {
	e := lookup(name)
	if e == nil {
		return "", false
	}
	return (*c.cur.Load())[e.p.index].get, true
}

// SavePoints returns the rules of the save parameter; none means automatic
// snapshots are off. The slice is shared: do not modify it.
func (c *Config) SavePoints() []SavePoint {
	v, _ := c.get("save")
	points, _ := v.extra.([]SavePoint)
	return points
}

// BindAddrs returns the addresses of the bind parameter. The slice is
// shared: do not modify it.
func (c *Config) BindAddrs() []string {
	v, _ := c.get("bind")
	addrs, _ := v.extra.([]string)
	return addrs
}

// OutputBufferLimit returns the client-output-buffer-limit of a client class:
// "normal", "replica" (or "slave") or "pubsub". It panics for other classes.
func (c *Config) OutputBufferLimit(class string) BufferLimit {
	i := classByName(class)
	if i < 0 {
		panic(fmt.Sprintf("configs: unknown client class %q", class))
	}
	v, _ := c.get("client-output-buffer-limit")
	return v.extra.([3]BufferLimit)[i]
}

// SnapshotDir returns the directory for BGSAVE checkpoints: snapshot-dir,
// joined to dir unless it is absolute.
func (c *Config) SnapshotDir() string {
	d := c.String("snapshot-dir")
	if filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(c.String("dir"), d)
}

// File returns the absolute path of the config file given at start-up (with
// --config or as the first argument), or "" if there was none.
func (c *Config) File() string { return c.file }

package configs

import "errors"

// Error is a CONFIG SET or CONFIG REWRITE failure. Msg is Redis's text
// without the "ERR " prefix, which the engine adds when it replies.
type Error struct{ Msg string }

// Error returns Msg.
func (e *Error) Error() string { return e.Msg }

// OnChange registers hook to run after CONFIG SET changes the parameter
// called name (or an alias; an unknown name panics). Hooks run in Set, in the
// order their parameters were given, after all new values are stored, so
// they read them with String, Int and the like; a parameter set to the value
// it already had does not run its hooks. If a hook returns an error, Set
// stores the old values back, runs the hooks that already ran again so they
// see the old values, and fails with that error.
//
// Hooks run with Set's lock held: they must not call Set, OnChange or Rewrite.
func (c *Config) OnChange(name string, hook func() error) {
	e := lookup(name)
	if e == nil {
		panic("configs: OnChange for unknown parameter " + name)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hooks[e.p.index] = append(c.hooks[e.p.index], hook)
}

// Set is CONFIG SET: pairs is name, value, name, value ... Names are
// parameter names or aliases, in any case. It is atomic: every pair is
// checked first and if one fails nothing changes; then the values are
// stored together and the OnChange hooks run (see there for their failure).
//
// The errors are *Error with Redis 7.0.15's texts, e.g.
//
//	Unknown option or number of arguments for CONFIG SET - 'foo'
//	CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value
//	CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config
//	CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter
//
// Like Redis, the first problem in argument order is the one reported, an
// argument is named as given when the name itself is the problem and by its
// table name when the value is, and an alias and its parameter are not
// duplicates (the later one wins).
func (c *Config) Set(pairs ...string) error {
	if len(pairs) < 2 { // CONFIG SET and CONFIG SET name: Redis's arity check
		return &Error{Msg: "wrong number of arguments for 'config|set' command"}
	}
	if len(pairs)%2 != 0 {
		return &Error{Msg: "syntax error"}
	}
	set := make([]*entry, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		name := pairs[i]
		e := lookup(name)
		switch {
		case e == nil:
			return &Error{Msg: "Unknown option or number of arguments for CONFIG SET - '" + name + "'"}
		case e.p.flags&immutable != 0:
			return failed(name, "can't set immutable config")
		case e.p.flags&protected != 0:
			return failed(name, "can't set protected config")
		}
		for _, prev := range set {
			if prev == e {
				return failed(name, "duplicate parameter")
			}
		}
		set = append(set, e)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.cur.Load()
	vals := append([]value(nil), *old...)
	for i, e := range set {
		v, msg := e.p.parse(vals[e.p.index], pairs[2*i+1], true)
		if msg != "" {
			return failed(e.name, msg)
		}
		vals[e.p.index] = v
	}
	c.cur.Store(&vals)

	// Run each changed parameter's hooks once, in argument order.
	var ran []*entry
	for _, e := range set {
		i := e.p.index
		if done(ran, e.p) || (vals[i].get == (*old)[i].get && vals[i].num == (*old)[i].num) {
			continue
		}
		ran = append(ran, e)
		for _, hook := range c.hooks[i] {
			if err := hook(); err != nil {
				c.cur.Store(old)
				for _, r := range ran {
					for _, h := range c.hooks[r.p.index] {
						_ = h() // as Redis: restoring is best effort
					}
				}
				msg := err.Error()
				var ce *Error
				if errors.As(err, &ce) {
					msg = ce.Msg
				}
				return failed(e.name, msg)
			}
		}
	}
	return nil
}

// done reports whether p's hooks are among those that ran.
func done(ran []*entry, p *param) bool {
	for _, r := range ran {
		if r.p == p {
			return true
		}
	}
	return false
}

// failed is Redis's "CONFIG SET failed" error about the argument name.
func failed(name, msg string) *Error {
	if msg == "" {
		return &Error{Msg: "CONFIG SET failed (possibly related to argument '" + name + "')"}
	}
	return &Error{Msg: "CONFIG SET failed (possibly related to argument '" + name + "') - " + msg}
}

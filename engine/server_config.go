package engine

import (
	"errors"

	"github.com/tierdb/tierdb/configs"
)

// CONFIG GET|SET|REWRITE|RESETSTAT|HELP, on top of package configs.

// CONFIG GET parameter [parameter ...]
//
// cmdConfigGet replies with a map of every parameter matching one of the
// glob patterns to its value.
func cmdConfigGet(c *Call) error {
	patterns := make([]string, len(c.Args)-2)
	for i, a := range c.Args[2:] {
		patterns[i] = string(a)
	}
	pairs := c.e.cfg.Match(patterns...)
	c.Out.Map(len(pairs) / 2)
	for _, s := range pairs {
		c.Out.BulkString(s)
	}
	return nil
}

// CONFIG SET parameter value [parameter value ...]
//
// cmdConfigSet changes the parameters together: if one name or value is
// refused, none changes.
func cmdConfigSet(c *Call) error {
	pairs := make([]string, len(c.Args)-2)
	for i, a := range c.Args[2:] {
		pairs[i] = string(a)
	}
	if err := c.e.cfg.Set(pairs...); err != nil {
		return configError(err)
	}
	OK(c.Out)
	return nil
}

// CONFIG REWRITE
//
// cmdConfigRewrite writes the current configuration back to the file the
// server was started with.
func cmdConfigRewrite(c *Call) error {
	if err := c.e.cfg.Rewrite(); err != nil {
		return configError(err)
	}
	OK(c.Out)
	return nil
}

// CONFIG RESETSTAT
//
// cmdConfigResetstat zeroes the counters INFO reports: the engine's (commands,
// keyspace hits and misses, expired keys, errors, per-command stats) and the
// network layer's (connections received and rejected).
func cmdConfigResetstat(c *Call) error {
	c.e.resetServerStats()
	if h := c.hooks(); h != nil {
		h.ResetConnStats()
	}
	OK(c.Out)
	return nil
}

// CONFIG HELP
func cmdConfigHelp(c *Call) error {
	writeHelp(c.Out, []string{
		"CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
		"GET <pattern> [<pattern> ...]",
		"    Parameters whose names match a glob-style <pattern>, with their values.",
		"SET <parameter> <value> [<parameter> <value> ...]",
		"    Change parameters at run time; all of them or, on an error, none.",
		"RESETSTAT",
		"    Zero the statistics that INFO reports.",
		"REWRITE",
		"    Write the running configuration back to the configuration file.",
		"HELP",
		"    Print this help.",
	})
	return nil
}

// configError turns a configs error into an ERR reply with its text.
func configError(err error) error {
	var ce *configs.Error
	if errors.As(err, &ce) {
		return errf(ce.Msg)
	}
	return err
}

// resetServerStats zeroes the engine's INFO counters (CONFIG RESETSTAT).
func (e *Engine) resetServerStats() {
	e.ResetStats()
	e.server().resetStats()
}

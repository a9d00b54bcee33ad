package engine

import (
	"strconv"
	"time"
)

// Server commands: introspection (COMMAND, INFO, CONFIG, TIME) and snapshots
// (SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF, SHUTDOWN). Their handlers live in the
// server_*.go files, one per concern.
var serverCommands = []*Command{
	{Name: "command", Arity: -1, Flags: Loading | Stale, ACL: CatConnection, Group: "server",
		Summary: "Get array of Redis command details", Since: "2.8.13",
		Complex: "O(N) where N is the total number of Redis commands", Tips: []string{tipOrder}, Run: cmdCommand,
		Sub: commandSubcommands()},
	{Name: "config", Arity: -2, Group: "server", Summary: "A container for server configuration commands",
		Since: "2.0.0", Complex: "Depends on subcommand.", Sub: configSubcommands()},
	{Name: "info", Arity: -1, Flags: Loading | Stale, ACL: CatDangerous, Group: "server",
		Summary: "Get information and statistics about the server", Since: "1.0.0", Complex: "O(1)",
		Tips: []string{tipOutput, "request_policy:all_shards", "response_policy:special"}, Run: cmdInfo},
	{Name: "time", Arity: 1, Flags: Loading | Stale | Fast, Group: "server",
		Summary: "Return the current server time", Since: "2.6.0", Complex: "O(1)", Tips: []string{tipOutput},
		Run: cmdTime},
	{Name: "save", Arity: 1, Flags: Admin | NoScript | NoAsyncLoading | NoMulti, Group: "server",
		Summary: "Synchronously save the dataset to disk", Since: "1.0.0",
		Complex: "O(N) where N is the total number of keys in all databases", Run: cmdSave},
	{Name: "bgsave", Arity: -1, Flags: Admin | NoScript | NoAsyncLoading, Group: "server",
		Summary: "Asynchronously save the dataset to disk", Since: "1.0.0", Complex: "O(1)", Run: cmdBgsave},
	{Name: "lastsave", Arity: 1, Flags: Loading | Stale | Fast, ACL: CatAdmin | CatDangerous, Group: "server",
		Summary: "Get the UNIX time stamp of the last successful save to disk", Since: "1.0.0",
		Complex: "O(1)", Tips: []string{tipOutput}, Run: cmdLastsave},
	{Name: "bgrewriteaof", Arity: 1, Flags: Admin | NoScript | NoAsyncLoading, Group: "server",
		Summary: "Asynchronously rewrite the append-only file", Since: "1.0.0", Complex: "O(1)",
		Run: cmdBgrewriteaof},
	{Name: "shutdown", Arity: -1, Flags: Admin | NoScript | Loading | Stale | NoMulti | AllowBusy, Group: "server",
		Summary: "Synchronously save the dataset to disk and then shut down the server", Since: "1.0.0",
		Complex: "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
		Run:     cmdShutdown},
}

// Command tips (COMMAND INFO) of the server commands.
const (
	tipOutput = "nondeterministic_output"
	tipOrder  = "nondeterministic_output_order"
)

// commandSubcommands are COMMAND's subcommands (server_command.go).
func commandSubcommands() []*Command {
	const all = "O(N) where N is the total number of Redis commands"
	return []*Command{
		{Name: "count", Arity: 2, Flags: Loading | Stale, ACL: CatConnection, Group: "server",
			Summary: "Get total number of Redis commands", Since: "2.8.13", Complex: "O(1)", Run: cmdCommandCount},
		{Name: "list", Arity: -2, Flags: Loading | Stale, ACL: CatConnection, Group: "server",
			Summary: "Get an array of Redis command names", Since: "7.0.0", Complex: all, Tips: []string{tipOrder},
			Run: cmdCommandList},
		{Name: "info", Arity: -2, Flags: Loading | Stale, ACL: CatConnection, Group: "server",
			Summary: "Get array of specific Redis command details, or all when no argument is given.", Since: "2.8.13",
			Complex: "O(N) where N is the number of commands to look up", Tips: []string{tipOrder}, Run: cmdCommandInfo},
		{Name: "docs", Arity: -2, Flags: Loading | Stale, ACL: CatConnection, Group: "server",
			Summary: "Get array of specific Redis command documentation", Since: "7.0.0",
			Complex: "O(N) where N is the number of commands to look up", Tips: []string{tipOrder},
			Run: cmdCommandDocs},
		{Name: "getkeys", Arity: -4, Flags: Loading | Stale, ACL: CatConnection, Group: "server",
			Summary: "Extract keys given a full Redis command", Since: "2.8.13",
			Complex: "O(N) where N is the number of arguments to the command", Run: cmdCommandGetkeys},
		{Name: "getkeysandflags", Arity: -4, Flags: Loading | Stale, ACL: CatConnection, Group: "server",
			Summary: "Extract keys and access flags given a full Redis command", Since: "7.0.0",
			Complex: "O(N) where N is the number of arguments to the command", Run: cmdCommandGetkeys},
		{Name: "help", Arity: 2, Flags: Loading | Stale, ACL: CatConnection, Group: "server",
			Summary: "Show helpful text about the different subcommands", Since: "5.0.0", Complex: "O(1)",
			Run: cmdCommandHelp},
	}
}

// configSubcommands are CONFIG's subcommands (server_config.go).
func configSubcommands() []*Command {
	const perParam = "O(N) when N is the number of configuration parameters provided"
	return []*Command{
		{Name: "get", Arity: -3, Flags: Admin | NoScript | Loading | Stale, Group: "server",
			Summary: "Get the values of configuration parameters", Since: "2.0.0", Complex: perParam,
			Run: cmdConfigGet},
		{Name: "set", Arity: -4, Flags: Admin | NoScript | Loading | Stale, Group: "server",
			Summary: "Set configuration parameters to the given values", Since: "2.0.0", Complex: perParam,
			Tips: []string{"request_policy:all_nodes", "response_policy:all_succeeded"}, Run: cmdConfigSet},
		{Name: "rewrite", Arity: 2, Flags: Admin | NoScript | Loading | Stale, Group: "server",
			Summary: "Rewrite the configuration file with the in memory configuration", Since: "2.8.0",
			Complex: "O(1)", Run: cmdConfigRewrite},
		{Name: "resetstat", Arity: 2, Flags: Admin | NoScript | Loading | Stale, Group: "server",
			Summary: "Reset the stats returned by INFO", Since: "2.0.0", Complex: "O(1)", Run: cmdConfigResetstat},
		{Name: "help", Arity: 2, Flags: Loading | Stale, Group: "server",
			Summary: "Show helpful text about the different subcommands", Since: "5.0.0", Complex: "O(1)",
			Run: cmdConfigHelp},
	}
}

// TIME
//
// cmdTime replies with the server's clock: unix seconds and microseconds, as
// two bulk strings.
func cmdTime(c *Call) error {
	now := time.Now()
	c.Out.Array(2)
	c.Out.BulkString(strconv.FormatInt(now.Unix(), 10))
	c.Out.BulkString(strconv.FormatInt(int64(now.Nanosecond()/1000), 10))
	return nil
}

// writeHelp writes a HELP reply: the usage line, then lines of subcommands
// and their descriptions, as simple strings.
func writeHelp(out Reply, lines []string) {
	out.Array(len(lines))
	for _, l := range lines {
		out.SimpleString(l)
	}
}

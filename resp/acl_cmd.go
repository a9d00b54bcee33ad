package resp

import (
	"crypto/rand"
	"encoding/hex"
	"log"
	"strings"

	"github.com/tierdb/tierdb/engine"
)

// aclCommand builds ACL and its subcommands, with Redis 7.0's arity, flags
// and categories.
func aclCommand() *engine.Command {
	const (
		base  = engine.NoScript | engine.Loading | engine.Stale
		admin = base | engine.Admin
	)
	sub := func(name string, arity int, flags engine.Flag, summary, complexity string, run engine.Handler) *engine.Command {
		since := "6.0.0"
		if name == "dryrun" {
			since = "7.0.0"
		}
		return &engine.Command{Name: name, Arity: arity, Flags: flags, Group: "server", Summary: summary,
			Since: since, Complex: complexity, Run: run}
	}
	return &engine.Command{
		Name: "acl", Arity: -2, Group: "server", Summary: "A container for Access List Control commands ",
		Since: "6.0.0", Complex: "Depends on subcommand.",
		Sub: []*engine.Command{
			sub("cat", -2, base, "List the ACL categories or the commands inside a category",
				"O(1) since the categories and commands are a fixed set.", cmdACLCat),
			sub("deluser", -3, admin, "Remove the specified ACL users and the associated rules",
				"O(1) amortized time considering the typical user.", cmdACLDeluser),
			sub("dryrun", -4, admin,
				"Returns whether the user can execute the given command without executing the command.", "O(1).",
				cmdACLDryrun),
			sub("genpass", -2, base, "Generate a pseudorandom secure password to use for ACL users", "O(1)",
				cmdACLGenpass),
			sub("getuser", 3, admin, "Get the rules for a specific ACL user",
				"O(N). Where N is the number of password, command and pattern rules that the user has.",
				cmdACLGetuser),
			sub("help", 2, engine.Loading|engine.Stale, "Show helpful text about the different subcommands", "O(1)",
				cmdACLHelp),
			sub("list", 2, admin, "List the current ACL rules in ACL config file format",
				"O(N). Where N is the number of configured users.", cmdACLList),
			sub("load", 2, admin, "Reload the ACLs from the configured ACL file",
				"O(N). Where N is the number of configured users.", cmdACLLoad),
			sub("log", -2, admin, "List latest events denied because of ACLs in place",
				"O(N) with N being the number of entries shown.", cmdACLLog),
			sub("save", 2, admin, "Save the current ACL rules in the configured ACL file",
				"O(N). Where N is the number of configured users.", cmdACLSave),
			sub("setuser", -3, admin, "Modify or create the rules for a specific ACL user",
				"O(N). Where N is the number of rules provided.", cmdACLSetuser),
			sub("users", 2, admin, "List the username of all the configured ACL rules",
				"O(N). Where N is the number of configured users.", cmdACLUsers),
			sub("whoami", 2, base, "Return the name of the user associated to the current connection", "O(1)",
				cmdACLWhoami),
		},
	}
}

// errSubcommandSyntax is Redis's error for a subcommand given the wrong
// arguments, naming the subcommand as sent.
func errSubcommandSyntax(c *engine.Call) error {
	return errERR("unknown subcommand or wrong number of arguments for '" + string(c.Args[1]) +
		"'. Try " + strings.ToUpper(string(c.Args[0])) + " HELP.")
}

// ACL SETUSER username [rule [rule ...]]
//
// cmdACLSetuser creates or changes a user. Every rule is checked before any
// applies: on an error the user is left as it was (or not created).
// Clients authenticated as the user see the change at once.
func cmdACLSetuser(c *engine.Call) error {
	acl := clientOf(c).srv.acl
	name := string(c.Args[2])
	if !validUserName(name) {
		return errERR("Usernames can't contain spaces or null characters")
	}
	rules, unmatched := mergeSelectorArgs(c.Args[3:])
	if unmatched >= 0 {
		return errERR("Unmatched parenthesis in acl selector starting at '" + cString(string(c.Args[3+unmatched])) + "'.")
	}
	if err := acl.setUser(name, rules); err != nil {
		return errERR(err.Error())
	}
	engine.OK(c.Out)
	return nil
}

// ACL GETUSER username
func cmdACLGetuser(c *engine.Call) error {
	acl := clientOf(c).srv.acl
	u := acl.user(string(c.Args[2]))
	if u == nil {
		c.Out.Null()
		return nil
	}
	p := u.perms.Load()
	c.Out.Map(6)
	c.Out.BulkString("flags")
	flags := p.flagNames()
	c.Out.Set(len(flags))
	for _, f := range flags {
		c.Out.BulkString(f)
	}
	c.Out.BulkString("passwords")
	c.Out.Array(len(p.passwords))
	for _, h := range p.passwords {
		c.Out.BulkString(hex.EncodeToString(h[:]))
	}
	writeSelectorFields(c.Out, acl.x, p.root())
	c.Out.BulkString("selectors")
	c.Out.Array(len(p.selectors) - 1)
	for _, s := range p.selectors[1:] {
		c.Out.Map(3)
		writeSelectorFields(c.Out, acl.x, s)
	}
	return nil
}

// writeSelectorFields writes the commands, keys and channels fields of
// ACL GETUSER.
func writeSelectorFields(out engine.Reply, x *cmdIndex, s *selector) {
	out.BulkString("commands")
	out.BulkString(s.describeCommands(x))
	out.BulkString("keys")
	out.BulkString(s.describeKeys())
	out.BulkString("channels")
	out.BulkString(s.describeChannels())
}

// ACL DELUSER username [username ...]
//
// cmdACLDeluser deletes users and disconnects their clients (the caller
// after this reply, if it is one of them). It replies with the number
// deleted; "default" cannot be.
func cmdACLDeluser(c *engine.Call) error {
	cl := clientOf(c)
	names := make([]string, 0, len(c.Args)-2)
	for _, a := range c.Args[2:] {
		if string(a) == defaultUser {
			return errERR("The 'default' user cannot be removed")
		}
		names = append(names, string(a))
	}
	gone := cl.srv.acl.deleteUsers(names)
	cl.srv.killClientsOf(gone, cl)
	c.Out.Int(int64(len(gone)))
	return nil
}

// ACL LIST
func cmdACLList(c *engine.Call) error {
	acl := clientOf(c).srv.acl
	users := acl.sorted()
	c.Out.Array(len(users))
	for _, u := range users {
		c.Out.BulkString("user " + u.name + " " + u.perms.Load().describe(acl.x))
	}
	return nil
}

// ACL USERS
func cmdACLUsers(c *engine.Call) error {
	names := clientOf(c).srv.acl.names()
	c.Out.Array(len(names))
	for _, n := range names {
		c.Out.BulkString(n)
	}
	return nil
}

// ACL WHOAMI
func cmdACLWhoami(c *engine.Call) error {
	c.Out.BulkString(clientOf(c).user.Load().name)
	return nil
}

// ACL CAT [category]
//
// cmdACLCat lists the categories, or the commands and subcommands of one.
func cmdACLCat(c *engine.Call) error {
	switch len(c.Args) {
	case 2:
		c.Out.Array(len(engine.CategoryNames))
		for _, cat := range engine.CategoryNames {
			c.Out.BulkString(cat.Name)
		}
		return nil
	case 3:
	default:
		return errSubcommandSyntax(c)
	}
	cat, ok := category(string(c.Args[2]))
	if !ok {
		return errERR("Unknown category '" + string(c.Args[2]) + "'")
	}
	var names []string
	for _, cmd := range clientOf(c).srv.acl.x.cmds {
		if cmd.ACL&cat != 0 {
			names = append(names, cmd.FullName())
		}
	}
	c.Out.Array(len(names))
	for _, n := range names {
		c.Out.BulkString(n)
	}
	return nil
}

// ACL GENPASS [bits]
//
// cmdACLGenpass replies with bits (256 unless given) random bits in hex.
func cmdACLGenpass(c *engine.Call) error {
	bits := int64(256)
	switch len(c.Args) {
	case 2:
	case 3:
		n, ok := engine.ParseInteger(c.Args[2])
		if !ok {
			return engine.ErrNotInteger
		}
		if n <= 0 || n > 4096 {
			return errERR("ACL GENPASS argument must be the number of bits for the output password, " +
				"a positive number up to 4096")
		}
		bits = n
	default:
		return errSubcommandSyntax(c)
	}
	chars := (bits + 3) / 4
	buf := make([]byte, (chars+1)/2)
	_, _ = rand.Read(buf)
	c.Out.BulkString(hex.EncodeToString(buf)[:chars])
	return nil
}

// ACL LOG [count | RESET]
func cmdACLLog(c *engine.Call) error {
	log := &clientOf(c).srv.acl.log
	count := int64(10)
	switch {
	case len(c.Args) == 2:
	case len(c.Args) == 3 && strings.EqualFold(string(c.Args[2]), "reset"):
		log.reset()
		engine.OK(c.Out)
		return nil
	case len(c.Args) == 3:
		n, ok := engine.ParseInteger(c.Args[2])
		if !ok {
			return engine.ErrNotInteger
		}
		count = max(n, 0)
	default:
		return errSubcommandSyntax(c)
	}
	log.write(c.Out, int(min(count, 1<<30)))
	return nil
}

// ACL DRYRUN username command [arg ...]
//
// cmdACLDryrun tells whether the user may run the command: +OK, or the
// reason it may not as a bulk string.
func cmdACLDryrun(c *engine.Call) error {
	srv := clientOf(c).srv
	u := srv.acl.user(string(c.Args[2]))
	if u == nil {
		return errERR("User '" + cString(string(c.Args[2])) + "' not found")
	}
	args := c.Args[3:]
	cmd := srv.acl.x.table.Get(strings.ToLower(string(args[0])))
	if cmd != nil && len(cmd.Sub) > 0 && len(args) > 1 {
		cmd = cmd.SubCommand(args[1])
	}
	if cmd == nil {
		return errERR("Command '" + cString(string(args[0])) + "' not found")
	}
	if cmd.Arity > 0 && len(args) != cmd.Arity || len(args) < -cmd.Arity {
		return engine.ErrArity(cmd.FullName())
	}
	reason, pos := u.perms.Load().check(srv.acl.x, cmd, args)
	switch reason {
	case aclOK:
		engine.OK(c.Out)
	case aclDeniedCmd:
		c.Out.BulkString("This user has no permissions to run the '" + cmd.FullName() + "' command")
	case aclDeniedKey:
		c.Out.BulkString("This user has no permissions to access the '" + string(args[pos]) + "' key")
	default:
		c.Out.BulkString("This user has no permissions to access the '" + string(args[pos]) + "' channel")
	}
	return nil
}

// ACL LOAD
//
// cmdACLLoad replaces every user with those of the aclfile, if the whole
// file is valid. Clients of the replaced users (all but the default user's)
// are disconnected, as in Redis.
func cmdACLLoad(c *engine.Call) error {
	cl := clientOf(c)
	path := cl.srv.cfg.String("aclfile")
	if path == "" {
		return errNoACLFile
	}
	loaded, err := cl.srv.acl.parseACLFile(path)
	if err != nil {
		return errERR(err.Error())
	}
	old := cl.srv.acl.replaceUsers(loaded)
	cl.srv.killClientsOf(old, cl)
	engine.OK(c.Out)
	return nil
}

// ACL SAVE
func cmdACLSave(c *engine.Call) error {
	cl := clientOf(c)
	path := cl.srv.cfg.String("aclfile")
	if path == "" {
		return errNoACLFile
	}
	if err := cl.srv.acl.saveACLFile(path); err != nil {
		log.Printf("ACL SAVE to %s: %v", path, err)
		return errERR("There was an error trying to save the ACLs. Please check the server logs for more information")
	}
	engine.OK(c.Out)
	return nil
}

// ACL HELP
func cmdACLHelp(c *engine.Call) error {
	lines := []string{
		"ACL <subcommand> [<arg> [value] [opt] ...]: users and their permissions. Subcommands:",
		"CAT [<category>]",
		"    The command categories, or the commands and subcommands in <category>.",
		"DELUSER <username> [<username> ...]",
		"    Delete users, and disconnect their clients.",
		"DRYRUN <username> <command> [<arg> ...]",
		"    Whether <username> may run the command, without running it.",
		"GETUSER <username>",
		"    The user's flags, password hashes, commands, keys, channels and selectors.",
		"GENPASS [<bits>]",
		"    A random password of 256 bits, or <bits>, in hex.",
		"LIST",
		"    Every user as rules, as the ACL file holds them.",
		"LOAD",
		"    Replace the users with those of the ACL file.",
		"LOG [<count> | RESET]",
		"    The latest refusals (10 unless <count>), or empty the log.",
		"SAVE",
		"    Write the users to the ACL file.",
		"SETUSER <username> <rule> [<rule> ...]",
		"    Create a user or change its rules.",
		"USERS",
		"    The user names.",
		"WHOAMI",
		"    The user of this connection.",
		"HELP",
		"    This text.",
	}
	c.Out.Array(len(lines))
	for _, l := range lines {
		c.Out.SimpleString(l)
	}
	return nil
}

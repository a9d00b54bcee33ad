package engine

// Connection commands that need the engine (the rest are in package resp).
var connCommands = []*Command{
	{Name: "ping", Tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}, Arity: -1, Flags: Fast, ACL: CatConnection, Group: "connection",
		Summary: "Ping the server", Since: "1.0.0", Complex: "O(1)", Run: cmdPing},
	{Name: "echo", Arity: 2, Flags: Loading | Stale | Fast, ACL: CatConnection, Group: "connection",
		Summary: "Echo the given string", Since: "1.0.0", Complex: "O(1)", Run: cmdEcho},
	{Name: "select", Arity: 2, Flags: Loading | Stale | Fast, ACL: CatConnection, Group: "connection",
		Summary: "Change the selected database for the current connection", Since: "1.0.0", Complex: "O(1)",
		Run: cmdSelect},
}

// PING [message]
func cmdPing(c *Call) error {
	switch len(c.Args) {
	case 1:
		c.Out.SimpleString("PONG")
	case 2:
		c.Out.Bulk(c.Args[1])
	default:
		return ErrArity(c.Cmd.Name)
	}
	return nil
}

// ECHO message
func cmdEcho(c *Call) error {
	c.Out.Bulk(c.Args[1])
	return nil
}

// SELECT index
func cmdSelect(c *Call) error {
	n, err := parseDBArg(c, c.Args[1])
	if err != nil {
		return err
	}
	c.S.DB = n
	OK(c.Out)
	return nil
}

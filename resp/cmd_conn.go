package resp

import (
	"github.com/tierdb/tierdb/engine"
)

var errNoAuth = &engine.Error{Prefix: "NOAUTH", Msg: "Authentication required."}

// connCommands are the commands about the connection itself, added to the
// engine's command table.
var connCommands = []*engine.Command{
	{Name: "quit", Arity: -1, Flags: engine.AllowBusy | engine.NoAuth | engine.Loading | engine.Stale | engine.Fast |
		engine.NoScript, ACL: engine.CatConnection, Group: "connection", Summary: "Close the connection",
		Since: "1.0.0", Complex: "O(1)", Run: cmdQuit},
}

func clientOf(c *engine.Call) *client { return c.S.Owner.(*client) }

// QUIT
func cmdQuit(c *engine.Call) error {
	engine.OK(c.Out)
	clientOf(c).closeAfterReply = true
	return nil
}

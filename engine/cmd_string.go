package engine

import (
	"bytes"

	"github.com/tierdb/tierdb/tier"
)

// String commands.
var stringCommands = []*Command{
	{Name: "get", Arity: 2, Flags: ReadOnly | Fast, ACL: CatString, Keys: oneKey(RO | Access),
		Group: "string", Summary: "Get the value of a key", Since: "1.0.0", Complex: "O(1)", Run: cmdGet},
	{Name: "set", Arity: -3, Flags: Write | DenyOOM, ACL: CatString,
		Keys:  []KeySpec{{Flags: RW | Access | Update | VariableFlags, Index: 1, Step: 1}},
		Group: "string", Summary: "Set the string value of a key", Since: "1.0.0", Complex: "O(1)", Run: cmdSet},
}

// GET key
func cmdGet(c *Call) error {
	o, err := c.lookupRead(c.Args[1])
	if err != nil {
		return err
	}
	if err := checkKind(o, tier.KindString); err != nil {
		return err
	}
	if o == nil {
		c.Out.Null()
		return nil
	}
	c.Out.Bulk(o.Str)
	return nil
}

// SET key value (options are added with the full string family)
func cmdSet(c *Call) error {
	if len(c.Args) != 3 {
		return ErrSyntax
	}
	if err := c.Txn.Put(c.DB(), c.Args[1], tier.NewString(bytes.Clone(c.Args[2]))); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

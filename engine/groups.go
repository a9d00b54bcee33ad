package engine

// commandGroups lists every command group the engine implements; each group
// is declared at the top of its cmd_<group>.go file.
func commandGroups() [][]*Command {
	return [][]*Command{
		connCommands,
		stringCommands,
		hashCommands,
		setCommands,
		listCommands,
		zsetCommands,
		keyCommands,
		expireCommands,
		txnCommands,
		serverCommands,
		bitmapCommands,
		hllCommands,
		sortCommands,
		streamCommands,
		memoryCommands,
	}
}

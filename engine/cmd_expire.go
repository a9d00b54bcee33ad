package engine

// Expiry commands.
var expireCommands = []*Command{}

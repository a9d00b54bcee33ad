package engine

// Server commands.
var serverCommands = []*Command{}

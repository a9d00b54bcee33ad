package engine

// Key space commands.
var keyCommands = []*Command{}

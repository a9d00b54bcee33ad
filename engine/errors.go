package engine

import (
	"errors"
	"log"
	"strings"
)

// Error is a reply error: Redis's prefix (ERR, WRONGTYPE, OOM ...) and text.
// No Msg repeats its prefix; only replyError turns errors into reply text.
type Error struct {
	Prefix string
	Msg    string
}

func (e *Error) Error() string { return e.Prefix + " " + e.Msg }

// errf builds an ERR error.
func errf(msg string) *Error { return &Error{Prefix: "ERR", Msg: msg} }

// Errors whose texts clients match on; all as Redis 7.0 prints them.
var (
	ErrSyntax        = errf("syntax error")
	ErrWrongType     = &Error{"WRONGTYPE", "Operation against a key holding the wrong kind of value"}
	ErrNotInteger    = errf("value is not an integer or out of range")
	ErrNotFloat      = errf("value is not a valid float")
	ErrOverflow      = errf("increment or decrement would overflow")
	ErrNoSuchKey     = errf("no such key")
	ErrDBIndex       = errf("DB index is out of range")
	ErrOOM           = &Error{"OOM", "command not allowed when used memory > 'maxmemory'."}
	ErrExecAbort     = &Error{"EXECABORT", "Transaction discarded because of previous errors."}
	ErrNotInMulti    = errf("EXEC without MULTI")
	ErrNestedMulti   = errf("MULTI calls can not be nested")
	ErrDiscardNoMult = errf("DISCARD without MULTI")
)

// ErrArity is the wrong-number-of-arguments error of command name
// ("config|get" for subcommands).
func ErrArity(name string) *Error {
	return errf("wrong number of arguments for '" + name + "' command")
}

// ErrUnknownCommand is Redis's reply to an unknown command, quoting up to the
// first arguments as Redis does (with the trailing space).
func ErrUnknownCommand(name []byte, args [][]byte) *Error {
	var b strings.Builder
	b.WriteString("unknown command '")
	b.WriteString(sanitize(name, 128))
	b.WriteString("', with args beginning with: ")
	for _, a := range args {
		if b.Len() >= 128 {
			break
		}
		b.WriteString("'")
		b.WriteString(sanitize(a, 128-b.Len()))
		b.WriteString("' ")
	}
	return errf(b.String())
}

// ErrUnknownSubcommand is Redis's reply to an unknown subcommand of container.
func ErrUnknownSubcommand(sub []byte, container string) *Error {
	return errf("unknown subcommand '" + sanitize(sub, 128) + "'. Try " + strings.ToUpper(container) + " HELP.")
}

// sanitize shortens s to n bytes and replaces newlines, which must not occur
// in an error reply.
func sanitize(s []byte, n int) string {
	if n < 0 {
		n = 0
	}
	if len(s) > n {
		s = s[:n]
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(string(s))
}

// replyError writes err as a reply error: *Error as is, anything else (an I/O
// failure below) as ERR with its text, logged once.
func replyError(out Reply, err error) {
	var e *Error
	if errors.As(err, &e) {
		out.Error(e.Prefix + " " + e.Msg)
		return
	}
	log.Printf("internal error: %v", err)
	out.Error("ERR " + sanitize([]byte(err.Error()), 512))
}

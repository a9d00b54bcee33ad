// Package resp is tierdb's network face: it accepts connections, reads
// requests exactly as Redis 7.0 does, keeps each client's state (engine
// session, protocol version, name, authentication, reply mode), enforces the
// connection limits, encodes replies in RESP2 or RESP3, and passes every
// command to the engine.
//
// Each connection has its own goroutine (conn.go). It reads into a small
// buffer; the framer (framer.go) turns the bytes into requests with Redis's
// parsing rules and protocol errors, and each request runs as soon as it is
// complete. Replies are encoded into the client's buffer (writer.go) and
// written once per read, so a pipeline of N commands costs one read and one
// write; the engine may take a reply back (Mark/Rewind) if its write fails
// to commit, so a reply reaches the socket only after its batch committed.
//
// The framer holds what a request needs and no more: memory grows with the
// bytes a client sends, never with the sizes it declares, and
// proto-max-bulk-len and client-query-buffer-limit bound it. On the way
// out, client-output-buffer-limit bounds the replies a client leaves
// unread (outbuf.go).
// redcon's own server and reader are not used: redcon's parser rescans a
// pending request on every read, walking its whole declared argument count
// each time, so one client declaring *2147483647 could take a core; its
// reply encoders are.
//
// The connection commands (AUTH, HELLO, QUIT, RESET, CLIENT, ACL) are
// entries of the engine's one command table, added by Open.
//
// # Users and permissions
//
// Every client runs as an ACL user, "default" until AUTH or HELLO AUTH
// (auth.go). client.authorize is the gate the engine runs before every
// command: NOAUTH until the client authenticates, then the user's rules,
// with Redis 7.0's semantics and texts (acl_*.go):
//
//   - A user has flags, SHA-256 digests of its passwords (never the
//     passwords) and selectors: the root one and those given in
//     parentheses. A command is allowed if one selector allows the command
//     (or subcommand, or first argument) and every key it touches.
//   - Command permissions are a bitset over the engine's table (acl_index.go);
//     categories come from each entry's ACL field. Key patterns are checked
//     with the read and write needs of the table's key specs: ACCESS needs
//     %R, INSERT, DELETE and UPDATE need %W.
//   - A user's permissions are an immutable snapshot that ACL SETUSER
//     replaces whole, so checks take no lock and live clients see a change
//     at once. DELUSER and LOAD disconnect the clients of the users they
//     remove, as Redis does; SETUSER never disconnects.
//   - EXEC re-checks the commands queued in MULTI and answers NOPERM in the
//     place of those no longer allowed.
//   - Refusals go to the ACL log (ACL LOG). Users come from the user
//     parameter or the aclfile at start-up; ACL SAVE and LOAD use the file.
//   - Channel rules are kept and shown; selector.channelAllowed is the
//     check pub/sub is to call.
package resp

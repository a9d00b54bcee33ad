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
// proto-max-bulk-len and client-query-buffer-limit bound it.
// redcon's own server and reader are not used: redcon's parser rescans a
// pending request on every read, walking its whole declared argument count
// each time, so one client declaring *2147483647 could take a core; its
// reply encoders are.
//
// The connection commands (AUTH, HELLO, QUIT, RESET, CLIENT) are entries of
// the engine's one command table, added by Open. client.authorize is the
// gate the engine runs before every command: authentication now, ACL
// permissions later.
package resp

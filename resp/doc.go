// Package resp is tierdb's network face: it accepts connections (on redcon),
// keeps each client's state (engine session, protocol version, name,
// authentication), enforces the connection limits, encodes replies in RESP2
// or RESP3, and passes every command to the engine.
//
// redcon reads commands and flushes replies once per pipeline batch, so a
// pipeline of N commands costs one read and one write. Replies are encoded
// into a per-client buffer first (see writer), so that the engine can take a
// reply back if its write fails to commit; the reply reaches the socket only
// after the command's batch has committed.
package resp

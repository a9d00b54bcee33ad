package resp

import (
	"errors"

	"github.com/tierdb/tierdb/engine"
)

// Protocol limits Redis enforces while it parses a request.
const (
	// maxInlineSize bounds an inline command, or a multibulk or bulk header,
	// that has no terminator yet (Redis's PROTO_INLINE_MAX_SIZE).
	maxInlineSize = 64 * 1024
	// maxMultibulkCount is the largest argument count Redis accepts.
	maxMultibulkCount = 1<<31 - 1
	// Before a client authenticates, Redis refuses bigger requests than these.
	maxUnauthCount = 10
	maxUnauthBulk  = 16384
	// maxHeaderDigits is the longest number string2ll parses: 20 characters.
	maxHeaderDigits = 20
	// smallArg is the size up to which the arguments of a request share one
	// buffer; a bigger one gets its own, grown as its bytes arrive.
	smallArg = 16 * 1024
	// argChunk is the first allocation for a big argument: no client can
	// make the server allocate much more than it has sent.
	argChunk = 64 * 1024
	// Buffers bigger than these are dropped after use rather than kept for
	// the connection's life.
	keepLine  = 4 * 1024
	keepSpans = 1024
)

// framer reads a client's byte stream into requests (argument lists),
// exactly as Redis's query parser does, so that tierdb accepts, rejects and
// answers the same input as Redis 7.0:
//
//   - A request starting with '*' is a multibulk. Its count and each bulk
//     length end at the first '\r', and one more byte (normally '\n', but
//     Redis does not check it) must follow; a bulk's data is followed by two
//     bytes Redis does not check either. Numbers are strict: no sign but a
//     leading '-', no leading zeros, at most 20 characters. A count of zero or
//     less is a request with no command (ignored). Errors: "invalid
//     multibulk length", "invalid bulk length" (negative, or over
//     proto-max-bulk-len), "expected '$', got 'x'", and before the client
//     authenticates "unauthenticated multibulk length" (more than 10
//     arguments) and "unauthenticated bulk length" (over 16 KB).
//   - Anything else is an inline command: a line up to '\n' (one '\r' before
//     it is dropped), split as redis-cli splits arguments (see splitInline).
//     An empty line is no command.
//   - Redis looks for the terminators with strchr, which stops at a NUL
//     byte: after a NUL, a line or header never ends. Any line or header
//     longer than 64 KB without its terminator is an error ("too big inline
//     request", "too big mbulk count string", "too big bulk count string").
//
// Besides, a request bigger than client-query-buffer-limit closes the
// connection without a reply (Redis closes a client whose query buffer
// passes the limit; tierdb counts the whole request, which it holds whole).
//
// Each request runs as soon as its last byte is read, before the next one is
// parsed, so the limits of a request depend on the AUTH before it even in
// the same packet, as in Redis. The framer never sees the whole stream at
// once: feed takes it piece by piece, and the requests and errors do not
// depend on where the pieces are cut. Memory grows with the bytes received,
// never with the sizes declared.
type framer struct {
	lim *limits
	// authRequired tells whether the client must still authenticate; nil
	// means never.
	authRequired func() bool
	// smallArg and argChunk, when not 0, replace the constants (tests).
	smallArg, argChunk int64

	state   framerState
	num     []byte // header bytes after '*' or '$', up to maxHeaderDigits+1
	first   byte   // first byte of a bulk header (must be '$')
	pending int    // bytes of the current line or header, for the 64 KB limit
	nul     bool   // a NUL was seen in the current line or header
	line    []byte // the current inline command
	args    int64  // bulks left in the current multibulk
	body    int64  // data bytes left in the current bulk
	trail   int    // bytes left of the two after the bulk data
	size    int64  // bytes of the current request so far

	req   [][]byte // the current request's arguments so far
	spans []span   // where each small argument lies in raw
	raw   []byte   // the current request's small arguments, back to back
	big   []byte   // the big argument being read
	bigN  int64    // its length
}

// span locates a small argument in framer.raw; start < 0 marks a big one.
type span struct{ start, end int }

type framerState uint8

const (
	fsStart    framerState = iota // before the first byte of a request
	fsInline                      // in an inline command, before '\n'
	fsCount                       // in a multibulk count, before '\r'
	fsCountEnd                    // the byte after the count's '\r'
	fsBulkHead                    // in a bulk header, before '\r'
	fsBulkEnd                     // the byte after the bulk header's '\r'
	fsBody                        // in a bulk's data
	fsTrail                       // in the two bytes after a bulk's data
)

// protocolError is a violation found by the framer: the connection is closed
// after msg (if any) is sent as an error reply.
type protocolError struct{ msg string }

func (e *protocolError) Error() string {
	if e.msg == "" {
		return "query buffer limit exceeded"
	}
	return e.msg
}

func errProto(msg string) *protocolError { return &protocolError{"Protocol error: " + msg} }

// Violations, as Redis 7.0 words them. errQueryLimit closes the connection
// without a reply, as Redis does.
var (
	errQueryLimit       = &protocolError{}
	errBigInline        = errProto("too big inline request")
	errBigCount         = errProto("too big mbulk count string")
	errBigBulkCount     = errProto("too big bulk count string")
	errMultibulkLen     = errProto("invalid multibulk length")
	errBulkLen          = errProto("invalid bulk length")
	errUnauthMultibulk  = errProto("unauthenticated multibulk length")
	errUnauthBulk       = errProto("unauthenticated bulk length")
	errUnbalancedQuotes = errProto("unbalanced quotes in request")
)

// errStopped is feed's error when run asked it to stop.
var errStopped = errors.New("stopped")

// feed parses in, calling run with each complete request in order. run may
// keep the arguments. If run returns false (the connection is closing),
// feed stops and returns errStopped. On a violation feed returns a
// *protocolError; the requests before it have run.
func (f *framer) feed(in []byte, run func(args [][]byte) bool) error {
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch f.state {
		case fsStart:
			f.size, f.pending, f.nul = 0, 0, false
			if c != '*' {
				f.state = fsInline
				f.line = f.line[:0]
				i-- // the byte belongs to the line
				continue
			}
			f.state, f.pending, f.num = fsCount, 1, f.num[:0]
		case fsInline:
			if c == '\n' && !f.nul {
				f.state = fsStart
				line := f.line
				if n := len(line); n > 0 && line[n-1] == '\r' {
					line = line[:n-1]
				}
				args, ok := splitInline(line)
				if !ok {
					return errUnbalancedQuotes
				}
				if cap(f.line) > keepLine {
					f.line = nil // do not keep a big line's buffer for good
				}
				if len(args) > 0 && !run(args) {
					return errStopped
				}
				continue
			}
			if c == 0 {
				f.nul = true
			}
			if f.pending++; f.pending > maxInlineSize {
				return errBigInline
			}
			if !f.nul {
				f.line = append(f.line, c)
			}
		case fsCount, fsBulkHead:
			if f.state == fsBulkHead && f.pending == 0 {
				f.first = c
			}
			if c == '\r' && !f.nul {
				if f.state == fsCount {
					f.state = fsCountEnd
				} else {
					f.state = fsBulkEnd
				}
				break
			}
			if c == 0 {
				f.nul = true
			}
			if (f.state == fsCount || f.pending > 0) && len(f.num) <= maxHeaderDigits {
				f.num = append(f.num, c)
			}
			if f.pending++; f.pending > maxInlineSize {
				if f.state == fsCount {
					return errBigCount
				}
				return errBigBulkCount
			}
		case fsCountEnd:
			n, ok := engine.ParseInteger(f.num)
			switch {
			case !ok || n > maxMultibulkCount:
				return errMultibulkLen
			case n > maxUnauthCount && f.mustAuth():
				return errUnauthMultibulk
			case n <= 0:
				f.state = fsStart // Redis ignores empty and null multibulks
				continue
			}
			f.args = n
			f.req = make([][]byte, 0, min(n, 1024))
			f.startBulk()
		case fsBulkEnd:
			if f.first != '$' {
				ch := f.first
				if ch == '\r' || ch == '\n' {
					ch = ' ' // Redis never puts a newline in an error
				}
				return errProto("expected '$', got '" + string([]byte{ch}) + "'")
			}
			n, ok := engine.ParseInteger(f.num)
			switch {
			case !ok || n < 0 || n > f.lim.maxBulk.Load():
				return errBulkLen
			case n > maxUnauthBulk && f.mustAuth():
				return errUnauthBulk
			}
			f.startArg(n)
			f.body, f.state = n, fsBody
			if n == 0 {
				f.state, f.trail = fsTrail, 2
			}
		case fsBody:
			k := int(min(f.body, int64(len(in)-i)))
			f.appendArg(in[i : i+k])
			f.body -= int64(k)
			f.size += int64(k - 1)
			i += k - 1
			if f.body == 0 {
				f.state, f.trail = fsTrail, 2
			}
		case fsTrail:
			if f.trail--; f.trail > 0 {
				break
			}
			f.endArg()
			if f.args--; f.args > 0 {
				f.startBulk()
				break
			}
			f.state = fsStart
			if !run(f.request()) {
				return errStopped
			}
			continue
		}
		f.size++
		if max := f.lim.maxQuery.Load(); max > 0 && f.size > max {
			return errQueryLimit
		}
	}
	return nil
}

func (f *framer) mustAuth() bool { return f.authRequired != nil && f.authRequired() }

func (f *framer) startBulk() {
	f.state, f.pending, f.nul = fsBulkHead, 0, false
	f.num = f.num[:0]
}

// startArg prepares for an argument of n bytes.
func (f *framer) startArg(n int64) {
	small, chunk := f.smallArg, f.argChunk
	if small == 0 {
		small, chunk = smallArg, argChunk
	}
	if n > small {
		f.big, f.bigN = make([]byte, 0, min(n, chunk)), n
		return
	}
	f.bigN = -1
	if f.raw == nil {
		f.raw = make([]byte, 0, max(64, 4*n))
	}
	f.spans = append(f.spans, span{len(f.raw), len(f.raw)})
}

// appendArg adds data to the argument being read. A big argument grows by
// doubling, never past its length.
func (f *framer) appendArg(data []byte) {
	if f.bigN < 0 {
		f.raw = append(f.raw, data...)
		f.spans[len(f.spans)-1].end = len(f.raw)
		return
	}
	if need := len(f.big) + len(data); need > cap(f.big) {
		grown := make([]byte, len(f.big), min(max(2*cap(f.big), need), int(f.bigN)))
		copy(grown, f.big)
		f.big = grown
	}
	f.big = append(f.big, data...)
}

// endArg files the argument just read.
func (f *framer) endArg() {
	if f.bigN < 0 {
		f.req = append(f.req, nil) // set from its span in request
		return
	}
	f.req = append(f.req, f.big)
	f.spans = append(f.spans, span{-1, -1})
	f.big = nil
}

// request returns the complete request and lets go of it: the caller owns
// the arguments.
func (f *framer) request() [][]byte {
	req := f.req
	for i, s := range f.spans {
		if s.start >= 0 {
			req[i] = f.raw[s.start:s.end:s.end]
		}
	}
	f.req, f.raw, f.spans = nil, nil, f.spans[:0]
	if cap(f.spans) > keepSpans {
		f.spans = nil
	}
	return req
}

package resp

import (
	"net"
	"sync/atomic"
	"time"
)

// Protocol limits Redis enforces before a command is parsed.
const (
	maxInlineSize     = 64 * 1024
	maxMultibulkCount = 1<<31 - 1
)

// limits are the live values of the configured connection limits.
type limits struct {
	maxBulk    atomic.Int64 // proto-max-bulk-len
	maxQuery   atomic.Int64 // client-query-buffer-limit
	idleTimout atomic.Int64 // timeout, nanoseconds; 0 = none
}

// guardConn checks the byte stream of a client against the protocol limits
// as it is read, before redcon buffers it: a declared bulk length over
// proto-max-bulk-len, a multibulk count over Redis's limit or an inline
// command over 64 KB is answered with Redis's protocol error and the
// connection is closed; a command bigger than client-query-buffer-limit
// closes the connection. So no client can make the server allocate more than
// the limits, whatever it declares.
type guardConn struct {
	net.Conn
	lim *limits

	state   guardState
	num     int64
	neg     bool
	args    int64 // bulks left in the current multibulk
	body    int64 // bytes left in the current bulk, CRLF included
	size    int64 // bytes of the current command so far
	pending error // reported by the next Read, after the bytes before it
}

type guardState uint8

const (
	gsStart guardState = iota
	gsInline
	gsMultiHeader
	gsBulkStart
	gsBulkHeader
	gsBulkBody
	gsPassthrough // malformed framing: redcon reports it
)

// protocolError is a violation found by the guard; Msg is the reply text.
type protocolError struct{ msg string }

func (e *protocolError) Error() string { return e.msg }

var errQueryLimit = &protocolError{""} // closes without a reply, as Redis does

func (g *guardConn) Read(p []byte) (int, error) {
	if g.pending != nil {
		err := g.pending
		if pe, ok := err.(*protocolError); ok && pe.msg != "" {
			_, _ = g.Conn.Write([]byte("-ERR " + pe.msg + "\r\n"))
		}
		return 0, err
	}
	if t := g.lim.idleTimout.Load(); t > 0 {
		_ = g.Conn.SetReadDeadline(time.Now().Add(time.Duration(t)))
	}
	n, err := g.Conn.Read(p)
	if ok, at, verr := g.scan(p[:n]); !ok {
		g.pending = verr
		if at == 0 {
			return g.Read(p)
		}
		return at, nil
	}
	return n, err
}

// scan advances the state machine over b; on a violation it returns the
// offset of the command that broke the limit.
func (g *guardConn) scan(b []byte) (ok bool, at int, err error) {
	cmdStart := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch g.state {
		case gsPassthrough:
			return true, 0, nil
		case gsStart:
			cmdStart, g.size = i, 0
			if c == '*' {
				g.state, g.num, g.neg = gsMultiHeader, 0, false
			} else {
				g.state = gsInline
			}
		case gsInline:
			if c == '\n' {
				g.state = gsStart
			} else if g.size > maxInlineSize {
				return false, cmdStart, &protocolError{"Protocol error: too big inline request"}
			}
		case gsMultiHeader, gsBulkHeader:
			switch {
			case c >= '0' && c <= '9':
				if g.num < 1<<40 {
					g.num = g.num*10 + int64(c-'0')
				}
			case c == '-' && g.num == 0:
				g.neg = true
			case c == '\r':
			case c == '\n':
				if verr := g.endHeader(); verr != nil {
					return false, cmdStart, verr
				}
			default:
				g.state = gsPassthrough
			}
		case gsBulkStart:
			if c != '$' {
				g.state = gsPassthrough
				continue
			}
			g.state, g.num, g.neg = gsBulkHeader, 0, false
		case gsBulkBody:
			skip := min(g.body, int64(len(b)-i))
			g.body -= skip
			g.size += skip - 1
			i += int(skip) - 1
			if g.body == 0 {
				g.args--
				g.state = gsBulkStart
				if g.args == 0 {
					g.state = gsStart
				}
			}
		}
		g.size++
		if max := g.lim.maxQuery.Load(); max > 0 && g.size > max {
			return false, cmdStart, errQueryLimit
		}
	}
	return true, 0, nil
}

func (g *guardConn) endHeader() error {
	if g.state == gsMultiHeader {
		switch {
		case g.neg || g.num == 0:
			g.state = gsStart // redcon rejects *0 and *-1 itself
			return nil
		case g.num > maxMultibulkCount:
			return &protocolError{"Protocol error: invalid multibulk length"}
		}
		g.args, g.state = g.num, gsBulkStart
		return nil
	}
	if g.neg || g.num > g.lim.maxBulk.Load() {
		return &protocolError{"Protocol error: invalid bulk length"}
	}
	g.body, g.state = g.num+2, gsBulkBody
	return nil
}

// guardListener wraps every accepted connection in a guardConn.
type guardListener struct {
	net.Listener
	lim *limits
}

func (l guardListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &guardConn{Conn: c, lim: l.lim}, nil
}

package testserver

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"strconv"
	"time"
)

// RawConn sends commands and returns replies as raw RESP text, for
// byte-for-byte comparison with a real Redis.
type RawConn struct {
	c net.Conn
	r *bufio.Reader
}

// DialRaw connects to addr.
func DialRaw(addr string) (*RawConn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	return &RawConn{c: c, r: bufio.NewReader(c)}, nil
}

// Close closes the connection.
func (r *RawConn) Close() error { return r.c.Close() }

// Do sends one command (as a RESP array of bulk strings) and returns its
// whole reply, however nested, as raw RESP text.
func (r *RawConn) Do(args ...string) (string, error) {
	if err := r.Send(args...); err != nil {
		return "", err
	}
	return r.ReadReply()
}

// Send writes one command without reading its reply (for pipelines).
func (r *RawConn) Send(args ...string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return r.WriteRaw(b.Bytes())
}

// WriteRaw writes bytes as they are (inline commands, malformed input).
func (r *RawConn) WriteRaw(p []byte) error {
	_ = r.c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_, err := r.c.Write(p)
	return err
}

// ReadReply reads one complete RESP2 or RESP3 reply.
func (r *RawConn) ReadReply() (string, error) {
	_ = r.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var out bytes.Buffer
	err := r.readValue(&out)
	return out.String(), err
}

func (r *RawConn) readValue(out *bytes.Buffer) error {
	line, err := r.r.ReadString('\n')
	if err != nil {
		return err
	}
	out.WriteString(line)
	if len(line) < 3 {
		return fmt.Errorf("short reply line %q", line)
	}
	body := line[1 : len(line)-2]
	switch line[0] {
	case '+', '-', ':', '_', ',', '#', '(':
		return nil
	case '$', '=', '!':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return err
		}
		buf := make([]byte, n+2)
		if _, err := ioReadFull(r.r, buf); err != nil {
			return err
		}
		out.Write(buf)
		return nil
	case '*', '~', '>', '%', '|':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return err
		}
		if line[0] == '%' || line[0] == '|' {
			n *= 2
		}
		for i := 0; i < n; i++ {
			if err := r.readValue(out); err != nil {
				return err
			}
		}
		if line[0] == '|' { // an attribute precedes the real value
			return r.readValue(out)
		}
		return nil
	}
	return fmt.Errorf("unknown reply type %q", line)
}

func ioReadFull(r *bufio.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

package resp

import (
	"math"
	"strconv"

	"github.com/tidwall/redcon"
)

// writer implements engine.Reply for one client, in RESP2 or RESP3.
type writer struct {
	buf   []byte
	proto int
}

func (w *writer) Proto() int            { return w.proto }
func (w *writer) SimpleString(s string) { w.buf = redcon.AppendString(w.buf, s) }
func (w *writer) Error(msg string)      { w.buf = redcon.AppendError(w.buf, msg) }
func (w *writer) Int(n int64)           { w.buf = redcon.AppendInt(w.buf, n) }
func (w *writer) Bulk(b []byte)         { w.buf = redcon.AppendBulk(w.buf, b) }
func (w *writer) BulkString(s string)   { w.buf = redcon.AppendBulkString(w.buf, s) }
func (w *writer) Array(n int)           { w.buf = redcon.AppendArray(w.buf, n) }
func (w *writer) Mark() int             { return len(w.buf) }
func (w *writer) Rewind(mark int)       { w.buf = w.buf[:mark] }

func (w *writer) header(kind byte, n int) {
	w.buf = append(w.buf, kind)
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
	w.buf = append(w.buf, '\r', '\n')
}

func (w *writer) Null() {
	if w.proto == 3 {
		w.buf = append(w.buf, "_\r\n"...)
		return
	}
	w.buf = append(w.buf, "$-1\r\n"...)
}

func (w *writer) NullArray() {
	if w.proto == 3 {
		w.buf = append(w.buf, "_\r\n"...)
		return
	}
	w.buf = append(w.buf, "*-1\r\n"...)
}

func (w *writer) Map(n int) {
	if w.proto == 3 {
		w.header('%', n)
		return
	}
	w.Array(2 * n)
}

func (w *writer) Set(n int) {
	if w.proto == 3 {
		w.header('~', n)
		return
	}
	w.Array(n)
}

func (w *writer) Double(f float64) {
	s := formatDouble(f)
	if w.proto == 3 {
		w.buf = append(w.buf, ',')
		w.buf = append(w.buf, s...)
		w.buf = append(w.buf, '\r', '\n')
		return
	}
	w.BulkString(s)
}

func (w *writer) Bool(b bool) {
	switch {
	case w.proto == 3 && b:
		w.buf = append(w.buf, "#t\r\n"...)
	case w.proto == 3:
		w.buf = append(w.buf, "#f\r\n"...)
	case b:
		w.Int(1)
	default:
		w.Int(0)
	}
}

func (w *writer) Verbatim(format, s string) {
	if w.proto != 3 {
		w.BulkString(s)
		return
	}
	w.header('=', len(format)+1+len(s))
	w.buf = append(w.buf, format...)
	w.buf = append(w.buf, ':')
	w.buf = append(w.buf, s...)
	w.buf = append(w.buf, '\r', '\n')
}

// formatDouble prints f as Redis 7.0 does (%.17g, inf, -inf, nan).
func formatDouble(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return strconv.FormatFloat(f, 'g', 17, 64)
}

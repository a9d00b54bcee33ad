package resp

import (
	"math"
	"strconv"

	"github.com/tidwall/redcon"
)

// writer implements engine.Reply for one client, in RESP2 or RESP3 (proto).
// It encodes into buf, which the server hands to redcon after the command.
// redcon only knows RESP2, so the RESP3 types are encoded here.
type writer struct {
	buf   []byte
	proto int
}

// Proto is 2 or 3, as chosen by HELLO.
func (w *writer) Proto() int { return w.proto }

// SimpleString writes +s (newlines become spaces).
func (w *writer) SimpleString(s string) { w.buf = redcon.AppendString(w.buf, s) }

// Error writes -msg (newlines become spaces); msg includes its prefix.
func (w *writer) Error(msg string) { w.buf = redcon.AppendError(w.buf, msg) }

// Int writes :n.
func (w *writer) Int(n int64) { w.buf = redcon.AppendInt(w.buf, n) }

// Bulk writes a bulk string.
func (w *writer) Bulk(b []byte) { w.buf = redcon.AppendBulk(w.buf, b) }

// BulkString writes a bulk string.
func (w *writer) BulkString(s string) { w.buf = redcon.AppendBulkString(w.buf, s) }

// Array writes the header of an array of n elements.
func (w *writer) Array(n int) { w.buf = redcon.AppendArray(w.buf, n) }

// Mark is the current end of the reply buffer.
func (w *writer) Mark() int { return len(w.buf) }

// Rewind drops what was written after mark.
func (w *writer) Rewind(mark int) { w.buf = w.buf[:mark] }

func (w *writer) header(kind byte, n int) {
	w.buf = append(w.buf, kind)
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
	w.buf = append(w.buf, '\r', '\n')
}

// Null writes a missing string: $-1 in RESP2, _ in RESP3.
func (w *writer) Null() {
	if w.proto == 3 {
		w.buf = append(w.buf, "_\r\n"...)
		return
	}
	w.buf = append(w.buf, "$-1\r\n"...)
}

// NullArray writes a missing array: *-1 in RESP2, _ in RESP3.
func (w *writer) NullArray() {
	if w.proto == 3 {
		w.buf = append(w.buf, "_\r\n"...)
		return
	}
	w.buf = append(w.buf, "*-1\r\n"...)
}

// Map writes the header of a map of n pairs: %n in RESP3, an array of 2n
// elements in RESP2.
func (w *writer) Map(n int) {
	if w.proto == 3 {
		w.header('%', n)
		return
	}
	w.Array(2 * n)
}

// Set writes the header of a set of n elements: ~n in RESP3, an array in
// RESP2.
func (w *writer) Set(n int) {
	if w.proto == 3 {
		w.header('~', n)
		return
	}
	w.Array(n)
}

// Double writes f as Redis 7.0 does: ,<f> in RESP3, a bulk string in RESP2,
// formatted by appendDouble.
func (w *writer) Double(f float64) {
	if w.proto == 3 {
		w.buf = append(w.buf, ',')
		w.buf = appendDouble(w.buf, f)
		w.buf = append(w.buf, '\r', '\n')
		return
	}
	var tmp [32]byte
	w.Bulk(appendDouble(tmp[:0], f))
}

// Bool writes #t or #f in RESP3, :1 or :0 in RESP2.
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

// Verbatim writes a verbatim string of a three-letter format ("txt") in
// RESP3, a bulk string in RESP2.
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

// appendDouble prints f as Redis 7.0 does: C's %.17g, which also gives
// "inf", "-inf", "nan" and "-nan" (a NaN with its sign bit set, as 0/0
// makes on x86).
func appendDouble(dst []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	case math.IsNaN(f) && math.Signbit(f):
		return append(dst, "-nan"...)
	case math.IsNaN(f):
		return append(dst, "nan"...)
	}
	return strconv.AppendFloat(dst, f, 'g', 17, 64)
}

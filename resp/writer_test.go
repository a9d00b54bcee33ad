package resp

import (
	"math"
	"testing"
)

func TestWriter_BothProtocols(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name       string
		write      func(w *writer)
		resp2, re3 string
	}{
		{"simple string", func(w *writer) { w.SimpleString("OK") }, "+OK\r\n", "+OK\r\n"},
		{"simple string with newlines", func(w *writer) { w.SimpleString("a\r\nb") }, "+a  b\r\n", "+a  b\r\n"},
		{"error", func(w *writer) { w.Error("ERR bad\nthing") }, "-ERR bad thing\r\n", "-ERR bad thing\r\n"},
		{"int", func(w *writer) { w.Int(-42) }, ":-42\r\n", ":-42\r\n"},
		{"bulk", func(w *writer) { w.Bulk([]byte("a\r\nb")) }, "$4\r\na\r\nb\r\n", "$4\r\na\r\nb\r\n"},
		{"empty bulk", func(w *writer) { w.Bulk(nil) }, "$0\r\n\r\n", "$0\r\n\r\n"},
		{"bulk string", func(w *writer) { w.BulkString("hé") }, "$3\r\nhé\r\n", "$3\r\nhé\r\n"},
		{"null", func(w *writer) { w.Null() }, "$-1\r\n", "_\r\n"},
		{"null array", func(w *writer) { w.NullArray() }, "*-1\r\n", "_\r\n"},
		{"array", func(w *writer) { w.Array(2); w.Int(1); w.Null() }, "*2\r\n:1\r\n$-1\r\n", "*2\r\n:1\r\n_\r\n"},
		{"empty array", func(w *writer) { w.Array(0) }, "*0\r\n", "*0\r\n"},
		{"map", func(w *writer) { w.Map(1); w.BulkString("k"); w.Int(1) }, "*2\r\n$1\r\nk\r\n:1\r\n",
			"%1\r\n$1\r\nk\r\n:1\r\n"},
		{"empty map", func(w *writer) { w.Map(0) }, "*0\r\n", "%0\r\n"},
		{"set", func(w *writer) { w.Set(2); w.BulkString("a"); w.BulkString("b") }, "*2\r\n$1\r\na\r\n$1\r\nb\r\n",
			"~2\r\n$1\r\na\r\n$1\r\nb\r\n"},
		{"bool true", func(w *writer) { w.Bool(true) }, ":1\r\n", "#t\r\n"},
		{"bool false", func(w *writer) { w.Bool(false) }, ":0\r\n", "#f\r\n"},
		{"verbatim", func(w *writer) { w.Verbatim("txt", "a\nb") }, "$3\r\na\nb\r\n", "=7\r\ntxt:a\nb\r\n"},
		{"double", func(w *writer) { w.Double(1.5) }, "$3\r\n1.5\r\n", ",1.5\r\n"},
		{"double 0.1", func(w *writer) { w.Double(0.1) }, "$19\r\n0.10000000000000001\r\n", ",0.10000000000000001\r\n"},
		{"double integral", func(w *writer) { w.Double(3) }, "$1\r\n3\r\n", ",3\r\n"},
		{"double 1e16", func(w *writer) { w.Double(1e16) }, "$17\r\n10000000000000000\r\n", ",10000000000000000\r\n"},
		{"double 1e17", func(w *writer) { w.Double(1e17) }, "$5\r\n1e+17\r\n", ",1e+17\r\n"},
		{"double 1e300", func(w *writer) { w.Double(1e300) }, "$23\r\n1.0000000000000001e+300\r\n",
			",1.0000000000000001e+300\r\n"},
		{"double 1e-5", func(w *writer) { w.Double(1e-5) }, "$22\r\n1.0000000000000001e-05\r\n",
			",1.0000000000000001e-05\r\n"},
		{"double -0", func(w *writer) { w.Double(math.Copysign(0, -1)) }, "$2\r\n-0\r\n", ",-0\r\n"},
		{"double inf", func(w *writer) { w.Double(math.Inf(1)) }, "$3\r\ninf\r\n", ",inf\r\n"},
		{"double -inf", func(w *writer) { w.Double(math.Inf(-1)) }, "$4\r\n-inf\r\n", ",-inf\r\n"},
		{"double nan", func(w *writer) { w.Double(math.Abs(nan)) }, "$3\r\nnan\r\n", ",nan\r\n"},
		{"double -nan", func(w *writer) { w.Double(math.Copysign(nan, -1)) }, "$4\r\n-nan\r\n", ",-nan\r\n"},
	} {
		for proto, want := range map[int]string{2: tc.resp2, 3: tc.re3} {
			w := &writer{proto: proto}
			tc.write(w)
			if string(w.buf) != want {
				t.Errorf("%s, RESP%d: got %q, want %q", tc.name, proto, w.buf, want)
			}
			if w.Proto() != proto {
				t.Errorf("Proto() = %d, want %d", w.Proto(), proto)
			}
		}
	}
}

// Ensure that Rewind takes back exactly what was written after Mark.
func TestWriter_MarkRewind(t *testing.T) {
	w := &writer{proto: 2}
	w.Int(1)
	mark := w.Mark()
	w.Array(2)
	w.BulkString("x")
	w.Rewind(mark)
	w.Error("ERR later")
	if got, want := string(w.buf), ":1\r\n-ERR later\r\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

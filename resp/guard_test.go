package resp

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/tidwall/redcon"
	"github.com/tierdb/tierdb/engine"
)

func testLimits(maxBulk, maxQuery int64) *limits {
	var l limits
	l.maxBulk.Store(maxBulk)
	l.maxQuery.Store(maxQuery)
	return &l
}

// frameRun is what a framer made of a stream.
type frameRun struct {
	cmds [][]string
	err  error // nil at the end of the input
}

// runFramer feeds chunks to a framer, one by one, and collects the requests.
// Each chunk is overwritten once fed, as a reused read buffer is, to prove
// that no request points into it. small is the size of a big argument (0 for
// the default).
func runFramer(lim *limits, authRequired func() bool, chunks [][]byte, small int64) frameRun {
	f := framer{lim: lim, authRequired: authRequired, smallArg: small, argChunk: small/2 + 1}
	var got [][][]byte
	var r frameRun
	for _, ch := range chunks {
		buf := bytes.Clone(ch)
		err := f.feed(buf, func(args [][]byte) bool {
			got = append(got, args)
			return true
		})
		for i := range buf {
			buf[i] = '#'
		}
		if err != nil {
			r.err = err
			break
		}
	}
	for _, args := range got {
		r.cmds = append(r.cmds, strs(args))
	}
	return r
}

// redconCommands parses a stream with redcon's reader (a reference for
// well-formed RESP).
func redconCommands(in []byte) ([][]string, error) {
	rd := redcon.NewReader(bytes.NewReader(in))
	var cmds [][]string
	for {
		cmd, err := rd.ReadCommand()
		if errors.Is(err, io.EOF) {
			return cmds, nil
		}
		if err != nil {
			return cmds, err
		}
		cmds = append(cmds, strs(cmd.Args))
	}
}

// split cuts b into pieces of n bytes.
func split(b []byte, n int) [][]byte {
	var out [][]byte
	for len(b) > n {
		out = append(out, b[:n])
		b = b[n:]
	}
	return append(out, b)
}

func TestFramer_Requests(t *testing.T) {
	const mb = 1 << 20
	big := strings.Repeat("x", maxInlineSize+1)
	for _, tc := range []struct {
		name string
		in   string
		auth bool
		want [][]string
		err  string // the protocol error, "" for none
	}{
		{"multibulk", "*2\r\n$4\r\nECHO\r\n$3\r\na b\r\n", false, [][]string{{"ECHO", "a b"}}, ""},
		{"binary and empty args", "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$3\r\n\x00\r\n\r\n", false,
			[][]string{{"SET", "", "\x00\r\n"}}, ""},
		{"big args", "*3\r\n$3\r\nSET\r\n$20000\r\n" + strings.Repeat("k", 20000) + "\r\n$70000\r\n" +
			strings.Repeat("v", 70000) + "\r\n", false,
			[][]string{{"SET", strings.Repeat("k", 20000), strings.Repeat("v", 70000)}}, ""},
		{"pipeline", "*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n", false, [][]string{{"PING"}, {"PING"}}, ""},
		{"terminators are not checked", "*1\rX$4\rYPINGab", false, [][]string{{"PING"}}, ""},
		{"empty and null multibulks are no request", "*0\r\n*-1\r\n*-5\r\n*1\r\n$4\r\nPING\r\n", false,
			[][]string{{"PING"}}, ""},
		{"LF alone does not end a header", "*1\n$4\nPING\n", false, nil, ""},
		{"inline", "SET a b\r\nGET a\n", false, [][]string{{"SET", "a", "b"}, {"GET", "a"}}, ""},
		{"inline quotes", `SET "a b" 'c d'` + "\r\n", false, [][]string{{"SET", "a b", "c d"}}, ""},
		{"blank lines", "\r\n   \r\n\nPING\r\n", false, [][]string{{"PING"}}, ""},
		{"inline after multibulk", "*1\r\n$4\r\nPING\r\nPING\r\n", false, [][]string{{"PING"}, {"PING"}}, ""},
		{"NUL leaves an inline line unfinished", "ECHO a\x00b\r\nPING\r\n", false, nil, ""},
		{"negative bulk length", "*1\r\n$-5\r\n", false, nil, "Protocol error: invalid bulk length"},
		{"bad count", "*abc\r\n", false, nil, "Protocol error: invalid multibulk length"},
		{"count with a plus", "*+1\r\n$4\r\nPING\r\n", false, nil, "Protocol error: invalid multibulk length"},
		{"count with a leading zero", "*01\r\n", false, nil, "Protocol error: invalid multibulk length"},
		{"empty count", "*\r\n", false, nil, "Protocol error: invalid multibulk length"},
		{"count over INT_MAX", "*2147483648\r\n", false, nil, "Protocol error: invalid multibulk length"},
		{"bulk length with a leading zero", "*1\r\n$04\r\nPING\r\n", false, nil,
			"Protocol error: invalid bulk length"},
		{"bulk length -0", "*1\r\n$-0\r\n", false, nil, "Protocol error: invalid bulk length"},
		{"bulk length over the limit", "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1048577\r\n", false,
			[][]string{{"PING"}}, "Protocol error: invalid bulk length"},
		{"bulk length at the limit", "*1\r\n$1048576\r\n", false, nil, ""},
		{"bulk length past int64", "*1\r\n$99999999999999999999\r\n", false, nil,
			"Protocol error: invalid bulk length"},
		{"not a bulk", "*1\r\nPING\r\n", false, nil, "Protocol error: expected '$', got 'P'"},
		{"CR instead of a bulk", "*1\r\n\r\n", false, nil, "Protocol error: expected '$', got ' '"},
		{"unbalanced quotes", "ECHO \"a\r\n", false, nil, "Protocol error: unbalanced quotes in request"},
		{"text after a closing quote", "PING\r\nECHO \"a\"b\r\n", false, [][]string{{"PING"}},
			"Protocol error: unbalanced quotes in request"},
		{"inline too big", big, false, nil, "Protocol error: too big inline request"},
		{"inline at the limit", big[1:] + "\n", false, [][]string{{big[1:]}}, ""},
		{"count string too big", "*" + big, false, nil, "Protocol error: too big mbulk count string"},
		{"bulk count string too big", "*1\r\n$" + big, false, nil, "Protocol error: too big bulk count string"},
		{"unauthenticated count", "*11\r\n", true, nil, "Protocol error: unauthenticated multibulk length"},
		{"unauthenticated count at the limit", "*10\r\n", true, nil, ""},
		{"unauthenticated bulk", "*1\r\n$16385\r\n", true, nil, "Protocol error: unauthenticated bulk length"},
		{"unauthenticated bulk at the limit", "*1\r\n$16384\r\n", true, nil, ""},
		{"query buffer limit", "*2\r\n$3\r\nSET\r\n$1048576\r\n" + strings.Repeat("v", 1<<20), false, nil,
			"query buffer limit exceeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			auth := func() bool { return tc.auth }
			for _, size := range []int{len(tc.in), 1, 7} {
				r := runFramer(testLimits(mb, mb), auth, split([]byte(tc.in), size), 0)
				if !equalCommands(r.cmds, tc.want) {
					t.Errorf("chunks of %d: got requests %q, want %q", size, r.cmds, tc.want)
				}
				gotErr := ""
				if r.err != nil {
					gotErr = r.err.Error()
				}
				if gotErr != tc.err {
					t.Errorf("chunks of %d: error %q, want %q", size, gotErr, tc.err)
				}
			}
		})
	}
}

func equalCommands(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") || len(a[i]) != len(b[i]) {
			return false
		}
	}
	return true
}

// Ensure that a pipelined AUTH counts for the requests after it, as in
// Redis: each request runs before the next one's header is checked.
func TestFramer_AuthInPipelineCountsForTheNextRequest(t *testing.T) {
	authed := false
	f := framer{lim: testLimits(1<<20, 1<<20), authRequired: func() bool { return !authed }}
	var got [][]string
	err := f.feed([]byte("AUTH pw\r\n*11\r\n"), func(args [][]byte) bool {
		got = append(got, strs(args))
		authed = true // the AUTH succeeded
		return true
	})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %q, %v; want the AUTH run and the 11-argument header accepted", got, err)
	}
}

// Ensure that feed stops when a request says the connection is closing
// (QUIT in a pipeline): the requests after it do not run.
func TestFramer_StopsWhenARequestCloses(t *testing.T) {
	f := framer{lim: testLimits(1<<20, 1<<20)}
	var got []string
	err := f.feed([]byte("PING\r\nQUIT\r\nSET a b\r\n"), func(args [][]byte) bool {
		got = append(got, string(args[0]))
		return string(args[0]) != "QUIT"
	})
	if err != errStopped || strings.Join(got, " ") != "PING QUIT" {
		t.Fatalf("ran %q, %v; want PING QUIT and a stop", got, err)
	}
}

// Ensure that a declared bulk far bigger than memory costs nothing until its
// bytes arrive, and that a big argument's buffer grows with what arrived.
func TestFramer_MemoryFollowsBytesReceived(t *testing.T) {
	f := framer{lim: testLimits(1<<40, 1<<41)}
	noRun := func([][]byte) bool { t.Fatal("no request is complete"); return false }
	if err := f.feed([]byte("*2\r\n$3\r\nSET\r\n$1000000000000\r\nxyz"), noRun); err != nil {
		t.Fatal(err)
	}
	if c := cap(f.big); c > argChunk {
		t.Fatalf("a 1 TB argument with 3 bytes received holds %d bytes", c)
	}
	if err := f.feed(bytes.Repeat([]byte("v"), 3*argChunk), noRun); err != nil {
		t.Fatal(err)
	}
	if got, limit := cap(f.big), 2*(3*argChunk+3); got > limit {
		t.Fatalf("%d bytes received, %d allocated", 3*argChunk+3, got)
	}
}

func TestParseStrictInt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"7", 7, true}, {"-7", -7, true}, {"9223372036854775807", 1<<63 - 1, true},
		{"-9223372036854775808", -1 << 63, true}, {"9223372036854775808", 0, false},
		{"", 0, false}, {"-", 0, false}, {"-0", 0, false}, {"00", 0, false}, {"01", 0, false},
		{"+1", 0, false}, {" 1", 0, false}, {"1 ", 0, false}, {"1a", 0, false},
		{"123456789012345678901", 0, false},
	} {
		got, ok := engine.ParseInteger([]byte(tc.in))
		if got != tc.want || ok != tc.ok {
			t.Errorf("engine.ParseInteger(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

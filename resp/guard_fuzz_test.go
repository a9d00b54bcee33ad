package resp

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tierdb/tierdb/engine"
)

// Small limits, so that short fuzz inputs reach them, and a small size for
// big arguments, so that they take the big-argument path too.
const (
	fuzzMaxBulk  = 64
	fuzzMaxQuery = 512
	fuzzSmallArg = 8
)

// randomChunks cuts b at random points chosen by seed.
func randomChunks(b []byte, seed uint64) [][]byte {
	r := rand.New(rand.NewPCG(seed, seed>>32|1))
	var out [][]byte
	for len(b) > 0 {
		n := 1 + r.IntN(min(len(b), 40))
		out = append(out, b[:n])
		b = b[n:]
	}
	return out
}

// refParse is a reference for the framer: Redis's query parsing restated
// directly over a complete buffer, the way processInlineBuffer and
// processMultibulkBuffer read it (terminators found with strchr, which stops
// at a NUL), without the query buffer limit. It returns the complete
// requests and the protocol error that ends the stream, if any.
func refParse(buf []byte, maxBulk int64, auth bool) ([][]string, error) {
	var cmds [][]string
	// find is strchr: the index of c at or after from, or -1 if a NUL or
	// the end comes first.
	find := func(from int, c byte) int {
		for i := from; i < len(buf) && buf[i] != 0; i++ {
			if buf[i] == c {
				return i
			}
		}
		return -1
	}
	// tooBig: the text from pos to its terminator (or to the end, when there
	// is none) is longer than Redis waits for.
	tooBig := func(pos, term int) bool {
		if term < 0 {
			return len(buf)-pos > maxInlineSize
		}
		return term-pos > maxInlineSize
	}
	pos := 0
	for pos < len(buf) {
		if buf[pos] != '*' {
			nl := find(pos, '\n')
			if tooBig(pos, nl) {
				return cmds, errBigInline
			}
			if nl < 0 {
				return cmds, nil
			}
			line := buf[pos:nl]
			if len(line) > 0 && line[len(line)-1] == '\r' {
				line = line[:len(line)-1]
			}
			args, ok := splitInline(line)
			if !ok {
				return cmds, errUnbalancedQuotes
			}
			if len(args) > 0 {
				cmds = append(cmds, strs(args))
			}
			pos = nl + 1
			continue
		}
		cr := find(pos, '\r')
		if tooBig(pos, cr) {
			return cmds, errBigCount
		}
		if cr < 0 || cr+1 >= len(buf) {
			return cmds, nil
		}
		count, ok := engine.ParseInteger(buf[pos+1 : cr])
		switch {
		case !ok || count > maxMultibulkCount:
			return cmds, errMultibulkLen
		case count > maxUnauthCount && auth:
			return cmds, errUnauthMultibulk
		}
		pos = cr + 2
		var args []string
		for ; count > 0; count-- {
			cr := find(pos, '\r')
			if tooBig(pos, cr) {
				return cmds, errBigBulkCount
			}
			if cr < 0 || cr+1 >= len(buf) {
				return cmds, nil
			}
			if buf[pos] != '$' {
				ch := buf[pos]
				if ch == '\r' || ch == '\n' {
					ch = ' '
				}
				return cmds, errProto("expected '$', got '" + string([]byte{ch}) + "'")
			}
			n, ok := engine.ParseInteger(buf[pos+1 : cr])
			switch {
			case !ok || n < 0 || n > maxBulk:
				return cmds, errBulkLen
			case n > maxUnauthBulk && auth:
				return cmds, errUnauthBulk
			}
			pos = cr + 2
			if int64(len(buf)-pos) < n+2 {
				return cmds, nil
			}
			args = append(args, string(buf[pos:pos+int(n)]))
			pos += int(n) + 2
		}
		if args != nil {
			cmds = append(cmds, args)
		}
	}
	return cmds, nil
}

func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

// canonical writes requests as well-formed RESP multibulks.
func canonical(cmds [][]string) []byte {
	var b []byte
	for _, c := range cmds {
		b = fmt.Appendf(b, "*%d\r\n", len(c))
		for _, a := range c {
			b = fmt.Appendf(b, "$%d\r\n%s\r\n", len(a), a)
		}
	}
	return b
}

// FuzzGuard feeds arbitrary bytes to the framer, cut at arbitrary points. The
// framer must not panic and must read exactly what Redis's algorithm
// (refParse) reads, whatever the cuts: the same requests, the same protocol
// error, so never a bulk over the limit. The query buffer limit may stop it
// earlier, after a prefix of those requests. And any stream that redcon's
// parser reads as well-formed RESP must give the same requests as redcon.
func FuzzGuard(f *testing.F) {
	for _, s := range []string{
		"*1\r\n$4\r\nPING\r\n", "PING\r\n", "SET a \"b c\"\r\n", "*0\r\n*-1\r\n", "*1\r\n$-5\r\n",
		"*abc\r\n", "*1\rX$4\rXPINGxx", "*2\r\n$3\r\nGET\r\n$65\r\n", "ECHO 'a\\'b'\n", "*1\r\nPING\r\n",
		"*1\r\n$4\r\nPI", "\x00\r\n", "*11\r\n", "ECHO \"\\x41\"\r\n", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$60\r\n",
		"*1888888881\r\n", "*2\r\n$3\r\nSET\r\n$20\r\n01234567890123456789\r\n",
	} {
		f.Add([]byte(s), uint64(1), false)
		f.Add([]byte(s), uint64(7), true)
	}
	f.Fuzz(func(t *testing.T, in []byte, seed uint64, auth bool) {
		lim := testLimits(fuzzMaxBulk, fuzzMaxQuery)
		mustAuth := func() bool { return auth }
		got := runFramer(lim, mustAuth, randomChunks(in, seed), fuzzSmallArg)
		want, wantErr := refParse(in, fuzzMaxBulk, auth)
		if got.err == errQueryLimit {
			if len(got.cmds) > len(want) || !equalCommands(got.cmds, want[:len(got.cmds)]) {
				t.Fatalf("%q: stopped by the query limit after %q, not a prefix of %q", in, got.cmds, want)
			}
		} else if !equalCommands(got.cmds, want) || !sameError(got.err, wantErr) {
			t.Fatalf("%q:\nframer:    %q, %v\nreference: %q, %v", in, got.cmds, got.err, want, wantErr)
		}
		if hugeCount(in) {
			return // redcon spins through a declared count even without data
		}
		if rc, err := redconCommands(in); err == nil && len(rc) > 0 && bytes.Equal(canonical(rc), in) {
			all := runFramer(testLimits(1<<20, 1<<20), nil, [][]byte{in}, fuzzSmallArg)
			if all.err != nil || !equalCommands(all.cmds, rc) {
				t.Fatalf("%q: redcon reads %q; framer %q, %v", in, rc, all.cmds, all.err)
			}
		}
	})
}

// hugeCount reports a multibulk count in b larger than b itself.
func hugeCount(b []byte) bool {
	for i, c := range b {
		if c != '*' {
			continue
		}
		n := 0
		for j := i + 1; j < len(b) && b[j] >= '0' && b[j] <= '9' && n <= len(b); j++ {
			n = n*10 + int(b[j]-'0')
		}
		if n > len(b) {
			return true
		}
	}
	return false
}

// FuzzGuardValid builds valid requests from fuzzed arguments, written in
// the ways a client may (canonical multibulk, multibulk with other
// terminator bytes, quoted inline), and checks that the framer reads every
// one back unchanged, however the stream is cut.
func FuzzGuardValid(f *testing.F) {
	f.Add([]byte("SET\xffkey\xffvalue"), uint8(0), uint64(1))
	f.Add([]byte("ECHO\xff\x00\r\n\"'\\"), uint8(1), uint64(2))
	f.Add([]byte("PING"), uint8(2), uint64(3))
	f.Add([]byte("GET\xff\xff"), uint8(3), uint64(4))
	f.Fuzz(func(t *testing.T, data []byte, style uint8, seed uint64) {
		args := bytes.Split(data, []byte{0xff})
		if len(args) > maxUnauthCount || len(data) > fuzzMaxBulk {
			return
		}
		var in []byte
		var want [][]string
		for i := range 3 { // three requests, in rotating styles
			in = appendRequest(in, args, (style+uint8(i))%3)
			want = append(want, strs(args))
		}
		auth := func() bool { return seed%2 == 0 }
		r := runFramer(testLimits(fuzzMaxBulk, 4*fuzzMaxQuery), auth, randomChunks(in, seed), fuzzSmallArg)
		if r.err != nil || !equalCommands(r.cmds, want) {
			t.Fatalf("input %q\ngot  %q, %v\nwant %q", in, r.cmds, r.err, want)
		}
	})
}

// appendRequest writes args as one request: 0 canonical multibulk, 1
// multibulk whose terminators are other bytes (Redis does not check them),
// 2 an inline command with every argument double-quoted.
func appendRequest(dst []byte, args [][]byte, style uint8) []byte {
	switch style {
	case 0, 1:
		eol := "\r\n"
		if style == 1 {
			eol = "\r?"
		}
		dst = fmt.Appendf(dst, "*%d%s", len(args), eol)
		for _, a := range args {
			dst = fmt.Appendf(dst, "$%d%s", len(a), eol)
			dst = append(dst, a...)
			dst = append(dst, eol[1], eol[0])
		}
		return dst
	default:
		for i, a := range args {
			if i > 0 {
				dst = append(dst, ' ')
			}
			dst = appendQuoted(dst, a)
		}
		return append(dst, '\r', '\n')
	}
}

// appendQuoted writes a as a double-quoted inline argument.
func appendQuoted(dst, a []byte) []byte {
	dst = append(dst, '"')
	for _, c := range a {
		if c >= ' ' && c <= '~' && c != '"' && c != '\\' {
			dst = append(dst, c)
		} else {
			dst = fmt.Appendf(dst, "\\x%02x", c)
		}
	}
	return append(dst, '"')
}

// FuzzSplitInline checks that inline splitting never panics, and that the
// arguments it finds, quoted again, split back to themselves.
func FuzzSplitInline(f *testing.F) {
	for _, s := range []string{`SET a "b c"`, `ECHO 'a\'b'`, `ECHO a"b c"`, "\v x\ty", `"\x41\xZZ"`, `"a"b`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		args, ok := splitInline(line)
		if !ok {
			return
		}
		var again []byte
		for i, a := range args {
			if i > 0 {
				again = append(again, ' ')
			}
			again = appendQuoted(again, a)
		}
		back, ok := splitInline(again)
		if !ok || !equalCommands([][]string{strs(back)}, [][]string{strs(args)}) {
			t.Fatalf("%q split to %q; quoted as %q it splits to %q, %v", line, strs(args), again, strs(back), ok)
		}
	})
}

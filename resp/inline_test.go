package resp

import (
	"fmt"
	"testing"
)

// The expectations below were checked against redis-server 7.0.15 by sending
// each line as an inline command (ECHO or an unknown command shows the
// arguments it received).
func TestSplitInline(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string // nil with ok false: unbalanced quotes
		ok   bool
	}{
		{"", nil, true},
		{"   ", nil, true},
		{"SET a b", []string{"SET", "a", "b"}, true},
		{"  SET   a  ", []string{"SET", "a"}, true},
		{"ECHO\ta", []string{"ECHO", "a"}, true},
		{"\vECHO\v a", []string{"ECHO\v", "a"}, true},
		{"ECHO a\vb", []string{"ECHO", "a\vb"}, true},
		{`SET a "b c"`, []string{"SET", "a", "b c"}, true},
		{`ECHO a"b c"`, []string{"ECHO", "ab c"}, true},
		{`ECHO ""`, []string{"ECHO", ""}, true},
		{`ECHO "a" b`, []string{"ECHO", "a", "b"}, true},
		{"ECHO \"a\"\tb", []string{"ECHO", "a", "b"}, true},
		{"ECHO \"a\"\v", []string{"ECHO", "a"}, true},
		{`ECHO "a\x41\n"`, []string{"ECHO", "aA\n"}, true},
		{`ECHO "\x4a\x4"`, []string{"ECHO", "Jx4"}, true},
		{`ECHO "\xZZ"`, []string{"ECHO", "xZZ"}, true},
		{`ECHO "\q"`, []string{"ECHO", "q"}, true},
		{`ECHO "a\b\a\r\t"`, []string{"ECHO", "a\b\a\r\t"}, true},
		{`ECHO "a\"b"`, []string{"ECHO", `a"b`}, true},
		{`ECHO 'a\'b'`, []string{"ECHO", "a'b"}, true},
		{`ECHO 'a\nb'`, []string{"ECHO", `a\nb`}, true},
		{`ECHO 'a"b'`, []string{"ECHO", `a"b`}, true},
		{"ECHO a\x00b c", []string{"ECHO", "a"}, true},
		{`ECHO "a"b`, nil, false},
		{`ECHO ''x`, nil, false},
		{`ECHO "ab`, nil, false},
		{`ECHO 'ab`, nil, false},
		{`ECHO "ab\`, nil, false},
		{"ECHO \"a\x00b\"", nil, false},
	} {
		got, ok := splitInline([]byte(tc.line))
		if ok != tc.ok || fmt.Sprintf("%q", strs(got)) != fmt.Sprintf("%q", tc.want) {
			t.Errorf("splitInline(%q) = %q, %v; want %q, %v", tc.line, strs(got), ok, tc.want, tc.ok)
		}
	}
}

func strs(b [][]byte) []string {
	if b == nil {
		return nil
	}
	out := make([]string, len(b))
	for i, x := range b {
		out[i] = string(x)
	}
	return out
}

package engine

import (
	"testing"

	"github.com/tierdb/tierdb/tier"
)

// Ensure that SCAN cursors parse as Redis parses them with strtoul (checked
// on redis-server 7.0.15: "" is 0, "-1" is 2^64-1, " 1" is an error).
func TestParseScanCursor(t *testing.T) {
	for _, test := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0", 0, true},
		{"", 0, true},
		{"123", 123, true},
		{"+5", 5, true},
		{"-0", 0, true},
		{"-1", 1<<64 - 1, true},
		{"007", 7, true},
		{"18446744073709551615", 1<<64 - 1, true},
		{"12\x00junk", 12, true},
		{"18446744073709551616", 0, false},
		{" 1", 0, false},
		{"\t1", 0, false},
		{"1 ", 0, false},
		{"1x", 0, false},
		{"x", 0, false},
		{"+", 0, false},
		{"-", 0, false},
		{"0x10", 0, false},
	} {
		got, err := parseScanCursor([]byte(test.in))
		if (err == nil) != test.ok || got != test.want {
			t.Errorf("%q: got %d, %v; want %d, ok=%v", test.in, got, err, test.want, test.ok)
		}
	}
}

// Ensure that SCAN's MATCH and TYPE filters keep what Redis keeps: no
// pattern or "*" keeps every key, "" only the empty key; no TYPE keeps every
// type, and type names are compared without case.
func TestKeyFilter_Match(t *testing.T) {
	str := tier.ScanEntry{Key: []byte("user:1"), Kind: tier.KindString}
	hash := tier.ScanEntry{Key: []byte("user:2"), Kind: tier.KindHash}
	empty := tier.ScanEntry{Key: []byte{}, Kind: tier.KindString}
	for _, test := range []struct {
		pattern []byte
		typ     string
		e       tier.ScanEntry
		want    bool
	}{
		{nil, "", str, true},
		{[]byte("*"), "", hash, true},
		{[]byte(""), "", str, false},
		{[]byte(""), "", empty, true},
		{[]byte("user:*"), "", hash, true},
		{[]byte("user:?"), "string", str, true},
		{[]byte("user:?"), "STRING", str, true},
		{[]byte("user:?"), "string", hash, false},
		{nil, "hash", hash, true},
		{nil, "nosuchtype", str, false},
		{[]byte("u[a-z]er:[12]"), "", str, true},
		{[]byte("USER:*"), "", str, false},
	} {
		if got := newKeyFilter(test.pattern, test.pattern != nil, test.typ).match(test.e); got != test.want {
			t.Errorf("pattern %q type %q key %q: got %v, want %v", test.pattern, test.typ, test.e.Key, got, test.want)
		}
	}
}

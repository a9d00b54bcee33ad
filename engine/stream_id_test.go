package engine

import (
	"testing"

	"github.com/tierdb/tierdb/tier"
)

// Ensure that stream IDs are read as Redis 7.0 reads them (checked on
// redis-server): strict integers, else what strtoull accepts whole.
func TestParseStreamID(t *testing.T) {
	max := uint64(1<<64 - 1)
	for _, tc := range []struct {
		in     string
		strict bool
		want   tier.StreamID
		ok     bool
	}{
		{"1-2", true, tier.StreamID{Ms: 1, Seq: 2}, true},
		{"7", true, tier.StreamID{Ms: 7}, true},
		{"-", false, tier.StreamID{}, true},
		{"+", false, tier.MaxStreamID, true},
		{"-", true, tier.StreamID{}, false},
		{"+", true, tier.StreamID{}, false},
		{"00010", true, tier.StreamID{Ms: 10}, true},
		{"+11", true, tier.StreamID{Ms: 11}, true},
		{" 12-0", true, tier.StreamID{Ms: 12}, true},
		{"-0", true, tier.StreamID{}, false}, // "" before the dash
		{"18446744073709551615-18446744073709551615", true, tier.StreamID{Ms: max, Seq: max}, true},
		{"18446744073709551616-1", true, tier.StreamID{}, false},
		{"1-", true, tier.StreamID{}, false},
		{"1-2-3", true, tier.StreamID{}, false},
		{"1-x", true, tier.StreamID{}, false},
		{"1 ", true, tier.StreamID{}, false},
		{"", true, tier.StreamID{}, false},
		{"5\x00junk", true, tier.StreamID{Ms: 5}, true},
	} {
		got, err := parseStreamID([]byte(tc.in), 0, tc.strict, nil)
		if (err == nil) != tc.ok || tc.ok && got != tc.want {
			t.Errorf("parseStreamID(%q, strict=%v) = %v, %v; want %v, ok=%v", tc.in, tc.strict, got, err, tc.want, tc.ok)
		}
	}
	var seqGiven bool
	if id, err := parseStreamID([]byte("9-*"), 0, true, &seqGiven); err != nil || seqGiven || id != (tier.StreamID{Ms: 9}) {
		t.Errorf("9-*: %v, %v, seq given %v", id, err, seqGiven)
	}
	if _, err := parseStreamRangeStart([]byte("(18446744073709551615-18446744073709551615")); err != errStartInterval {
		t.Errorf("exclusive start past the last ID: %v", err)
	}
	if id, err := parseStreamRangeEnd([]byte("5")); err != nil || id != (tier.StreamID{Ms: 5, Seq: max}) {
		t.Errorf("end 5: %v, %v", id, err)
	}
}

// FuzzParseStreamID checks that no input panics the ID parsers and that
// an ID read back from its own form is the same ID.
func FuzzParseStreamID(f *testing.F) {
	for _, s := range []string{"1-2", "-", "+", "(5-0", "9-*", " +7", "18446744073709551615-1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var seqGiven bool
		id, err := parseStreamID(b, 0, true, &seqGiven)
		_, _ = parseStreamRangeStart(b)
		_, _ = parseStreamRangeEnd(b)
		if err != nil {
			return
		}
		again, err := parseStrictID(id.Append(nil))
		if err != nil || again != id {
			t.Fatalf("%q read as %v, whose form reads as %v, %v", b, id, again, err)
		}
	})
}

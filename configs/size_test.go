package configs

import (
	"math"
	"strconv"
	"testing"
)

// memoryCases are memory values and what Redis 7.0.15 stores. Each "want"
// was read from a real redis-server with
//
//	redis-cli CONFIG SET maxmemory <in>; redis-cli CONFIG GET maxmemory
//
// and ok=false marks the inputs it refused with "argument must be a memory value".
var memoryCases = []struct {
	in   string
	want uint64
	ok   bool
}{
	{"0", 0, true},
	{"1", 1, true},
	{"1024", 1024, true},
	{"007", 7, true},
	{"1b", 1, true},
	{"1B", 1, true},
	{"1k", 1000, true},
	{"1K", 1000, true},
	{"100k", 100000, true},
	{"1kb", 1024, true},
	{"1KB", 1024, true},
	{"1kB", 1024, true},
	{"1m", 1000000, true},
	{"1M", 1000000, true},
	{"1mb", 1048576, true},
	{"1MB", 1048576, true},
	{"512mb", 536870912, true},
	{"1g", 1000000000, true},
	{"1G", 1000000000, true},
	{"2G", 2000000000, true},
	{"1gb", 1073741824, true},
	{"1GB", 1073741824, true},
	{"", 0, true},   // no digits counts as 0
	{"kb", 0, true}, // likewise
	{"18446744073709551615", 18446744073709551615, true},
	{"18446744073709551616", 18446744073709551615, true},   // saturates
	{"18446744073709551615kb", 18446744073709550592, true}, // then wraps
	{"9999999999999999999gb", 2484298143374508032, true},
	{"1.5mb", 0, false},
	{"-1", 0, false},
	{" 100", 0, false},
	{"100 ", 0, false},
	{"+100", 0, false},
	{"1tb", 0, false},
	{"1t", 0, false},
	{"0x10", 0, false},
	{"1kbb", 0, false},
	{"abc", 0, false},
}

func TestParseMemory_MatchesRedis(t *testing.T) {
	for _, test := range memoryCases {
		got, ok := parseMemory(test.in)
		if got != test.want || ok != test.ok {
			t.Errorf("parseMemory(%q) = %d, %v; want %d, %v", test.in, got, ok, test.want, test.ok)
		}
	}
}

// Ensure, on a live redis-server, that the table above is what it does.
func TestParseMemory_MatchesRedisServer(t *testing.T) {
	r := startRedis(t)
	for _, test := range memoryCases {
		_, e := r.do(t, "CONFIG", "SET", "maxmemory", test.in)
		if (e == "") != test.ok {
			t.Errorf("redis-server CONFIG SET maxmemory %q: error %q, want ok=%v", test.in, e, test.ok)
			continue
		}
		if e == "" {
			reply, _ := r.do(t, "CONFIG", "GET", "maxmemory")
			if len(reply) != 2 || reply[1] != strconv.FormatUint(test.want, 10) {
				t.Errorf("redis-server CONFIG SET maxmemory %q gives %q, want %d", test.in, reply, test.want)
			}
		}
	}
}

// Ensure that formatMemory picks the largest whole unit, as CONFIG REWRITE
// does in Redis, and that its output parses back to the same value.
func TestFormatMemory(t *testing.T) {
	for _, test := range []struct {
		in   uint64
		want string
	}{
		{0, "0"},
		{1, "1"},
		{1000, "1000"},
		{1024, "1kb"},
		{1536, "1536"},
		{3 << 20, "3mb"},
		{1 << 30, "1gb"},
		{5 << 30, "5gb"},
		{(1 << 30) + 1024, "1048577kb"},
	} {
		got := formatMemory(test.in)
		if got != test.want {
			t.Errorf("formatMemory(%d) = %q, want %q", test.in, got, test.want)
		}
		if back, ok := parseMemory(got); !ok || back != test.in {
			t.Errorf("parseMemory(%q) = %d, %v; want %d", got, back, ok, test.in)
		}
	}
}

// Ensure that integers parse as Redis's string2ll does (checked with
// CONFIG SET port <in>: "01", "-0", "+1", "", " 1" are all refused with
// "argument couldn't be parsed into an integer").
func TestParseStrictInt(t *testing.T) {
	for _, test := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"7", 7, true},
		{"-2", -2, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"-9223372036854775808", math.MinInt64, true},
		{"9223372036854775808", 0, false},
		{"99999999999999999999", 0, false},
		{"01", 0, false},
		{"-0", 0, false},
		{"+1", 0, false},
		{"", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"-", 0, false},
		{"1k", 0, false},
	} {
		got, ok := parseStrictInt(test.in)
		if got != test.want || ok != test.ok {
			t.Errorf("parseStrictInt(%q) = %d, %v; want %d, %v", test.in, got, ok, test.want, test.ok)
		}
	}
}

// Ensure that strtoll behaves as C's does where Redis relies on it.
func TestStrtoll(t *testing.T) {
	for _, test := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"", 0, true}, // no digits, but *end == '\0'
		{"5", 5, true},
		{"+5", 5, true},
		{"-5", -5, true},
		{"\t5", 5, true},
		{"5x", 5, false},
		{"x", 0, false},
		{"-", 0, false},
		{"99999999999999999999", math.MaxInt64, true},
		{"-99999999999999999999", math.MinInt64, true},
	} {
		got, ok := strtoll(test.in)
		if got != test.want || ok != test.ok {
			t.Errorf("strtoll(%q) = %d, %v; want %d, %v", test.in, got, ok, test.want, test.ok)
		}
	}
}

func FuzzParseMemory(f *testing.F) {
	for _, s := range []string{"1gb", "100k", "", "18446744073709551616", "-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseMemory(s)
		if !ok {
			return
		}
		if n <= math.MaxInt64 && n%1024 == 0 {
			if back, ok := parseMemory(formatMemory(n)); !ok || back != n {
				t.Fatalf("round trip of %d via %q gave %d", n, formatMemory(n), back)
			}
		}
		_ = strconv.FormatUint(n, 10)
	})
}

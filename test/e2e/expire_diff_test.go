package e2e

import (
	"testing"

	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT reply as Redis 7.0
// does: the NX XX GT LT conditions, their errors, overflow, and times in
// the past (the key is deleted and the reply is 1). Absolute expiry times
// are compared through EXPIRETIME and PEXPIRETIME, which do not move with
// the clock.
func TestExpireDiff_Set(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Script(t, [][]string{
		{"EXPIRE", "nokey", "100"}, {"PEXPIRE", "nokey", "100"}, {"EXPIREAT", "nokey", "4102444800"},
		{"PEXPIREAT", "nokey", "1"}, {"EXPIRE", "nokey", "-1"}, {"EXPIRETIME", "nokey"}, {"TTL", "nokey"},
		{"SET", "k", "v"}, {"TTL", "k"}, {"PTTL", "k"}, {"EXPIRETIME", "k"}, {"PEXPIRETIME", "k"},
		// Conditions against no TTL: GT fails (no TTL is infinite), LT succeeds.
		{"EXPIREAT", "k", "4102444800", "XX"}, {"EXPIREAT", "k", "4102444800", "GT"},
		{"EXPIREAT", "k", "4102444800", "LT"}, {"EXPIRETIME", "k"}, {"PEXPIRETIME", "k"},
		{"PERSIST", "k"}, {"PERSIST", "k"}, {"EXPIRETIME", "k"},
		{"EXPIREAT", "k", "4102444800", "NX"}, {"EXPIREAT", "k", "4102444801", "NX"}, {"EXPIRETIME", "k"},
		{"EXPIREAT", "k", "4102444801", "XX"}, {"EXPIRETIME", "k"},
		{"EXPIREAT", "k", "4102444800", "GT"}, {"EXPIREAT", "k", "4102444801", "GT"},
		{"EXPIREAT", "k", "4102444802", "GT"}, {"EXPIRETIME", "k"},
		{"EXPIREAT", "k", "4102444802", "LT"}, {"EXPIREAT", "k", "4102444803", "LT"},
		{"PEXPIREAT", "k", "4102444801500", "LT"}, {"EXPIRETIME", "k"}, {"PEXPIRETIME", "k"},
		{"PEXPIREAT", "k", "4102444801499", "xx", "lt"}, {"EXPIRETIME", "k"}, {"PEXPIRETIME", "k"},
		{"PEXPIREAT", "k", "4102444801501", "gT", "Xx"}, {"PEXPIRETIME", "k"},
		// Option errors come before the time is parsed.
		{"EXPIRE", "k", "100", "NX", "XX"}, {"EXPIRE", "k", "100", "NX", "GT"}, {"EXPIRE", "k", "100", "LT", "NX"},
		{"EXPIRE", "k", "100", "GT", "LT"}, {"EXPIRE", "k", "100", "XX", "GT", "LT"}, {"EXPIRE", "k", "100", "NX", "NX"},
		{"EXPIRE", "k", "100", "GT", "GT", "XX"},
		{"EXPIRE", "k", "100", "FOO"}, {"EXPIRE", "k", "100", "NX", "FOO", "XX"}, {"EXPIRE", "k", "abc", "FOO"},
		{"EXPIRE", "k", "abc", "NX", "XX"}, {"EXPIRE", "nokey", "100", "BAR"}, {"EXPIRE", "k", "100", ""},
		{"EXPIRE", "k", "100", "a\r\nb"}, {"EXPIRE", "k", "100", "x\x00y"}, {"EXPIRE", "k", "100", "nx\x00y"},
		{"EXPIRE", "k", "100", "\xff\xfe"},
		{"EXPIRE", "k", "abc"}, {"EXPIRE", "k", "1.5"}, {"EXPIRE", "k", ""}, {"EXPIRE", "k", "+1"},
		{"EXPIRE", "k", "9223372036854775808"},
		// Overflow: seconds to milliseconds, then adding the current time.
		{"EXPIRE", "k", "9223372036854775807"}, {"EXPIRE", "k", "9223372036854776"},
		{"EXPIRE", "k", "-9223372036854776"}, {"EXPIRE", "k", "-9223372036854775808"},
		{"EXPIREAT", "k", "9223372036854776"}, {"EXPIREAT", "k", "-9223372036854776"},
		{"PEXPIRE", "k", "9223372036854775807"}, {"PEXPIRE", "k", "9223372036854775000"},
		{"EXPIRE", "nokey", "9223372036854775807"}, {"PEXPIRE", "nokey", "9223372036854775807"},
		{"PEXPIREAT", "k", "9223372036854775807"}, {"PEXPIRETIME", "k"}, {"EXPIRETIME", "k"},
		{"EXPIREAT", "k", "9223372036854775"}, {"PEXPIRETIME", "k"}, {"EXPIRETIME", "k"},
		{"EXPIRETIME", "k"}, {"GET", "k"},
		// A time in the past deletes the key and replies 1; conditions still apply.
		{"SET", "p1", "v"}, {"EXPIRE", "p1", "-1"}, {"GET", "p1"}, {"TTL", "p1"},
		{"SET", "p2", "v"}, {"PEXPIRE", "p2", "0"}, {"GET", "p2"},
		{"SET", "p3", "v"}, {"EXPIREAT", "p3", "0"}, {"GET", "p3"},
		{"SET", "p4", "v"}, {"PEXPIREAT", "p4", "-9223372036854775808"}, {"GET", "p4"},
		{"SET", "p5", "v"}, {"EXPIRE", "p5", "-1", "XX"}, {"EXPIRE", "p5", "-1", "GT"}, {"GET", "p5"},
		{"EXPIRE", "p5", "-1", "NX"}, {"GET", "p5"},
		{"SET", "p6", "v", "EXAT", "4102444800"}, {"EXPIRE", "p6", "-1", "GT"}, {"EXPIRE", "p6", "-1", "LT"},
		{"GET", "p6"},
		// Arity.
		{"EXPIRE", "k"}, {"PEXPIRE"}, {"EXPIREAT", "k"}, {"PEXPIREAT", "k"}, {"TTL"}, {"TTL", "a", "b"},
		{"PTTL"}, {"EXPIRETIME"}, {"PEXPIRETIME", "a", "b"}, {"PERSIST"}, {"PERSIST", "a", "b"},
	})
}

// Ensure that TTL and PTTL agree with Redis within the time the two
// commands take, for relative and absolute expiries set every way.
func TestExpireDiff_TTL(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Script(t, [][]string{
		{"SET", "a", "v", "EX", "100"}, {"SET", "b", "v", "PX", "100500"}, {"SETEX", "c", "3600", "v"},
		{"PSETEX", "d", "1500", "v"}, {"SET", "e", "v"}, {"EXPIRE", "e", "200"}, {"SET", "f", "v"},
		{"PEXPIRE", "f", "2500"}, {"SET", "g", "v"}, {"EXPIREAT", "g", "4102444800"},
		{"SET", "h", "v", "EX", "1000"}, {"GETEX", "h", "PX", "499"}, {"SET", "i", "v"},
	})
	const tol = 50 // milliseconds between the two servers' clocks reading
	for _, key := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "nokey"} {
		compareTTL(t, p, tol, "PTTL", key)
		compareTTL(t, p, 1, "TTL", key)
	}
	p.Script(t, [][]string{{"PERSIST", "h"}, {"TTL", "h"}, {"PERSIST", "a"}, {"PTTL", "a"}, {"PERSIST", "i"}})
}

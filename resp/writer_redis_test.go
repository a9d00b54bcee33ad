package resp_test

import (
	"math"
	"strconv"
	"testing"

	"github.com/tierdb/tierdb/resp"
	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that doubles are sent byte for byte as Redis 7.0 sends them, in
// RESP2 and RESP3: the scores of a sorted set as ZSCORE replies, and NaNs of
// both signs from a script (Lua's 0/0 is a negative NaN on x86).
func TestWriter_DoublesMatchRedis(t *testing.T) {
	r := testserver.StartRedis(t)
	c, err := testserver.DialRaw(r.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	do := func(args ...string) string {
		t.Helper()
		reply, err := c.Do(args...)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		return reply
	}
	scores := []string{"0.1", "1e300", "-1e300", "inf", "-inf", "3", "-3", "1.5", "1e-5", "123456789012345678",
		"0.30000000000000004", "1e17", "1e16", "2.5e-310", "5e-324", "1.7976931348623157e308", "100", "0.0001",
		"1234.5678", "-0.000001", "4503599627370497"}
	for i, s := range scores {
		do("ZADD", "z", s, strconv.Itoa(i))
	}
	for _, proto := range []int{2, 3} {
		do("HELLO", strconv.Itoa(proto))
		for i, s := range scores {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			want := do("ZSCORE", "z", strconv.Itoa(i))
			if got := resp.EncodeDouble(proto, f); got != want {
				t.Errorf("RESP%d %s: tierdb sends %q, Redis %q", proto, s, got, want)
			}
		}
		for script, f := range map[string]float64{
			"return {double=0/0}":    math.Copysign(math.NaN(), -1),
			"return {double=-(0/0)}": math.Abs(math.NaN()),
		} {
			if proto == 2 {
				continue // in RESP2 a script's double becomes a bulk string its own way
			}
			want := do("EVAL", script, "0")
			if got := resp.EncodeDouble(proto, f); got != want {
				t.Errorf("RESP%d %s: tierdb sends %q, Redis %q", proto, script, got, want)
			}
		}
	}
}

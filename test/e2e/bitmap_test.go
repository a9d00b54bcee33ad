package e2e

import (
	"context"
	"errors"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// The bitmap commands through go-redis, each on keys in memory and on keys
// only on disk (after a restart).

const (
	errBitOffset = "ERR bit offset is not an integer or out of range"
	errBitType   = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
)

// Ensure that SETBIT and GETBIT set, clear and read bits, grow the string
// with zero bytes, and refuse bad offsets and bits without changing it.
func TestBitmap_SetbitGetbit(t *testing.T) {
	setup := []strStep{
		{args: strArgs("SETBIT", "b", "7", "1"), want: int64(0)},
		{args: strArgs("SETBIT", "b", "100", "1"), want: int64(0)},
		{args: strArgs("SET", "s", "foo", "EX", "100"), want: "OK"},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("GETBIT", "b", "7"), want: int64(1)},
			{args: strArgs("GETBIT", "b", "100"), want: int64(1)},
			{args: strArgs("GETBIT", "b", "99"), want: int64(0)},
			{args: strArgs("GETBIT", "b", "1000000"), want: int64(0)},
			{args: strArgs("GETBIT", "nokey", "3"), want: int64(0)},
			{args: strArgs("STRLEN", "b"), want: int64(13)},
			{args: strArgs("SETBIT", "b", "7", "0"), want: int64(1)},
			{args: strArgs("SETBIT", "b", "7", "0"), want: int64(0)},
			{args: strArgs("SETBIT", "b", "200", "0"), want: int64(0)},
			{args: strArgs("STRLEN", "b"), want: int64(26)},
			// "foo" is 01100110 ...: bit 1 is set; a set bit keeps the TTL.
			{args: strArgs("GETBIT", "s", "1"), want: int64(1)},
			{args: strArgs("SETBIT", "s", "7", "1"), want: int64(0)},
			{args: strArgs("GET", "s"), want: "goo"},
			{args: strArgs("SETBIT", "b", "4294967296", "1"), err: errBitOffset},
			{args: strArgs("SETBIT", "b", "-1", "1"), err: errBitOffset},
			{args: strArgs("GETBIT", "b", "x"), err: errBitOffset},
			{args: strArgs("SETBIT", "b", "1", "2"), err: "ERR bit is not an integer or out of range"},
			{args: strArgs("SETBIT", "b", "1"), err: "ERR wrong number of arguments for 'setbit' command"},
			{args: strArgs("STRLEN", "b"), want: int64(26)},
			{args: strArgs("HSET", "h", "f", "v"), want: int64(1)},
			{args: strArgs("SETBIT", "h", "1", "1"), err: wrongTypeErr},
			{args: strArgs("GETBIT", "h", "1"), err: wrongTypeErr},
		})
		wantTTLNear(t, c, "s", 100e9)
	})
}

const wrongTypeErr = "WRONGTYPE Operation against a key holding the wrong kind of value"

// Ensure that BITCOUNT and BITPOS count and find bits over whole strings
// and byte and bit ranges.
func TestBitmap_BitcountBitpos(t *testing.T) {
	setup := []strStep{
		{args: strArgs("SET", "s", "foobar"), want: "OK"},
		{args: strArgs("SET", "z", "\xff\xf0\x00"), want: "OK"},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("BITCOUNT", "s"), want: int64(26)},
			{args: strArgs("BITCOUNT", "s", "0", "0"), want: int64(4)},
			{args: strArgs("BITCOUNT", "s", "1", "1"), want: int64(6)},
			{args: strArgs("BITCOUNT", "s", "1", "1", "BYTE"), want: int64(6)},
			{args: strArgs("BITCOUNT", "s", "5", "30", "BIT"), want: int64(17)},
			{args: strArgs("BITCOUNT", "s", "-2", "-1"), want: int64(7)},
			{args: strArgs("BITCOUNT", "nokey"), want: int64(0)},
			{args: strArgs("BITCOUNT", "s", "1"), err: errSyntax},
			{args: strArgs("BITCOUNT", "s", "0", "1", "BITS"), err: errSyntax},
			{args: strArgs("BITPOS", "z", "0"), want: int64(12)},
			{args: strArgs("BITPOS", "z", "1", "2"), want: int64(-1)},
			{args: strArgs("BITPOS", "z", "0", "0", "0"), want: int64(-1)},
			{args: strArgs("BITPOS", "z", "1", "7", "15", "BIT"), want: int64(7)},
			{args: strArgs("BITPOS", "nokey", "0"), want: int64(0)},
			{args: strArgs("BITPOS", "nokey", "1"), want: int64(-1)},
			{args: strArgs("BITPOS", "z", "2"), err: "ERR The bit argument must be 1 or 0."},
			// Without an explicit end, clear bits continue past the string.
			{args: strArgs("SET", "ones", "\xff\xff"), want: "OK"},
			{args: strArgs("BITPOS", "ones", "0"), want: int64(16)},
			{args: strArgs("BITPOS", "ones", "0", "0", "-1"), want: int64(-1)},
		})
	})
}

// Ensure that BITOP combines sources of any length (missing ones are
// empty), replaces the destination without its TTL, and deletes it when
// the result is empty.
func TestBitmap_Bitop(t *testing.T) {
	setup := []strStep{
		{args: strArgs("SET", "a", "foobar"), want: "OK"},
		{args: strArgs("SET", "b", "abc"), want: "OK"},
		{args: strArgs("SET", "d", "old", "EX", "100"), want: "OK"},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("BITOP", "AND", "d", "a", "b"), want: int64(6)},
			{args: strArgs("GET", "d"), want: "`bc\x00\x00\x00"},
			{args: strArgs("TTL", "d"), want: int64(-1)},
			{args: strArgs("BITOP", "OR", "d", "a", "b"), want: int64(6)},
			{args: strArgs("GET", "d"), want: "goobar"},
			{args: strArgs("BITOP", "XOR", "d", "a", "b"), want: int64(6)},
			{args: strArgs("GET", "d"), want: "\x07\x0d\x0cbar"},
			{args: strArgs("BITOP", "NOT", "d", "b"), want: int64(3)},
			{args: strArgs("GET", "d"), want: "\x9e\x9d\x9c"},
			{args: strArgs("BITOP", "OR", "d", "nokey"), want: int64(0)},
			{args: strArgs("EXISTS", "d"), want: int64(0)},
			{args: strArgs("BITOP", "NOT", "d", "a", "b"), err: "ERR BITOP NOT must be called with a single source key."},
			{args: strArgs("BITOP", "NAND", "d", "a"), err: errSyntax},
			{args: strArgs("HSET", "h", "f", "v"), want: int64(1)},
			{args: strArgs("BITOP", "OR", "d", "a", "h"), err: wrongTypeErr},
			{args: strArgs("BITOP", "OR", "h", "a"), want: int64(6)},
			{args: strArgs("GET", "h"), want: "foobar"},
		})
	})
}

// Ensure that BITFIELD reads and writes fields of every kind, that
// overflow policies apply, and that BITFIELD_RO reads but refuses writes.
func TestBitmap_Bitfield(t *testing.T) {
	setup := []strStep{
		{args: strArgs("BITFIELD", "f", "SET", "i8", "0", "100", "SET", "u4", "#3", "15"), want: []any{int64(0), int64(0)}},
	}
	forHotAndCold(t, setup, func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("BITFIELD", "f", "GET", "i8", "0", "GET", "u4", "#3", "GET", "u8", "1000"),
				want: []any{int64(100), int64(15), int64(0)}},
			{args: strArgs("BITFIELD", "f", "INCRBY", "i8", "0", "100", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-1000",
				"OVERFLOW", "FAIL", "INCRBY", "u4", "#3", "1", "INCRBY", "u4", "#3", "-1"),
				want: []any{int64(-56), int64(-128), nil, int64(14)}},
			{args: strArgs("BITFIELD_RO", "f", "GET", "i8", "0", "GET", "u4", "#3"), want: []any{int64(-128), int64(14)}},
			{args: strArgs("BITFIELD", "f", "SET", "i64", "64", "-9223372036854775808", "INCRBY", "i64", "64", "-1"),
				want: []any{int64(0), int64(9223372036854775807)}},
			{args: strArgs("BITFIELD", "f", "SET", "u63", "200", "9223372036854775807", "INCRBY", "u63", "200", "1"),
				want: []any{int64(0), int64(0)}},
			{args: strArgs("BITFIELD", "f"), want: []any{}},
			{args: strArgs("BITFIELD", "nokey", "GET", "u8", "0"), want: []any{int64(0)}},
			{args: strArgs("EXISTS", "nokey"), want: int64(0)},
			{args: strArgs("BITFIELD_RO", "f", "SET", "i8", "0", "1"), err: "ERR BITFIELD_RO only supports the GET subcommand"},
			{args: strArgs("BITFIELD", "f", "GET", "u64", "0"), err: errBitType},
			{args: strArgs("BITFIELD", "f", "GET", "i8", "#x"), err: errBitOffset},
			{args: strArgs("BITFIELD", "f", "OVERFLOW", "BAD"), err: "ERR Invalid OVERFLOW type specified"},
			{args: strArgs("BITFIELD", "f", "SET", "i8"), err: errSyntax},
			// A failing BITFIELD changes nothing, not even its valid first part.
			{args: strArgs("BITFIELD", "f", "SET", "i8", "0", "1", "SET", "i8", "8", "x"), err: errNotInt},
			{args: strArgs("BITFIELD_RO", "f", "GET", "i8", "0"), want: []any{int64(-128)}},
		})
	})
}

// Ensure that a bitmap set at a high offset survives a restart with its
// zero bytes, and that a cold bitmap takes more bits after it.
func TestBitmap_LargeOffsetCold(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	runStrSteps(t, c, []strStep{
		{args: strArgs("SETBIT", "big", "8000000", "1"), want: int64(0)},
		{args: strArgs("SETBIT", "big", "3", "1"), want: int64(0)},
	})
	s.Restart(t)
	c = s.Client(t)
	runStrSteps(t, c, []strStep{
		{args: strArgs("STRLEN", "big"), want: int64(1000001)},
		{args: strArgs("BITCOUNT", "big"), want: int64(2)},
		{args: strArgs("BITPOS", "big", "1", "1"), want: int64(8000000)},
		{args: strArgs("SETBIT", "big", "16000007", "1"), want: int64(0)},
		{args: strArgs("GETBIT", "big", "3"), want: int64(1)},
	})
	s.Restart(t)
	c = s.Client(t)
	runStrSteps(t, c, []strStep{
		{args: strArgs("STRLEN", "big"), want: int64(2000001)},
		{args: strArgs("BITCOUNT", "big"), want: int64(3)},
	})
}

// Ensure that a SETBIT that leaves the bit as it was does not count as a
// change (a WATCHing transaction still runs, as in Redis), while one that
// flips it does.
func TestBitmap_SetbitUnchangedKeepsWatch(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c, other := s.Client(t), s.Client(t)
	if err := c.SetBit(ctx, "w", 5, 1).Err(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		bit     int
		aborted bool
	}{{1, false}, {0, true}} {
		err := c.Watch(ctx, func(tx *redis.Tx) error {
			if err := other.SetBit(ctx, "w", 5, tc.bit).Err(); err != nil {
				return err
			}
			_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Get(ctx, "w")
				return nil
			})
			return err
		}, "w")
		if aborted := errors.Is(err, redis.TxFailedErr); aborted != tc.aborted || (err != nil && !aborted) {
			t.Errorf("SETBIT to %d under WATCH: EXEC error %v, want aborted %v", tc.bit, err, tc.aborted)
		}
	}
}

package engine

import (
	"bytes"
	"math"
	"math/big"
	"testing"
)

func bfArgs(s ...string) [][]byte {
	out := make([][]byte, len(s))
	for i, a := range s {
		out[i] = []byte(a)
	}
	return out
}

// Ensure that BITFIELD's parser returns Redis's error for the first bad
// subcommand, type, offset or value, in argument order (texts checked on
// redis-server 7.0.15).
func TestBitfield_ParseErrors(t *testing.T) {
	const max = 512 << 20
	for _, c := range []struct {
		args []string
		err  error
	}{
		{[]string{"GET", "u64", "0"}, errBitfieldType},
		{[]string{"GET", "I8", "0"}, errBitfieldType},
		{[]string{"GET", "i0", "0"}, errBitfieldType},
		{[]string{"GET", "i65", "0"}, errBitfieldType},
		{[]string{"GET", "", "0"}, errBitfieldType},
		{[]string{"GET", "u08", "0"}, errBitfieldType},
		{[]string{"GET", "i8", "x"}, errBitOffset},
		{[]string{"GET", "i8", "#x"}, errBitOffset},
		{[]string{"GET", "i8", "4294967296"}, errBitOffset},
		{[]string{"SET", "i8", "0", "x"}, ErrNotInteger},
		{[]string{"SET", "x8", "y", "z"}, errBitfieldType},
		{[]string{"SET", "i8", "y", "z"}, errBitOffset},
		{[]string{"GET"}, ErrSyntax},
		{[]string{"GET", "i8"}, ErrSyntax},
		{[]string{"SET", "i8", "0"}, ErrSyntax},
		{[]string{"OVERFLOW"}, ErrSyntax},
		{[]string{"OVERFLOW", "foo", "GET", "x", "0"}, errBitfieldOverflow},
		{[]string{"GET", "i8", "0", "FOO"}, ErrSyntax},
		{[]string{"GET", "x", "0", "FOO"}, errBitfieldType}, // the first error wins
	} {
		if _, err := parseBitfield(bfArgs(c.args...), max); err != c.err {
			t.Errorf("parseBitfield(%q): got %v, want %v", c.args, err, c.err)
		}
	}
	req, err := parseBitfield(bfArgs("get", "i8\x00junk", "#2", "OVERFLOW", "sat\x00", "INCRBY", "u63", "1", "-5"), max)
	if err != nil {
		t.Fatal(err)
	}
	want := []bfOp{{kind: bfGet, signed: true, width: 8, offset: 16},
		{kind: bfIncrby, overflow: bfSat, width: 63, offset: 1, value: -5}}
	if len(req.ops) != 2 || req.ops[0] != want[0] || req.ops[1] != want[1] || !req.writes || req.highest != 63 {
		t.Errorf("parsed %+v, want ops %+v, writes, highest 63", req, want)
	}
}

// Ensure that the overflow rules give Redis's results (each checked on
// redis-server 7.0.15), quirks included.
func TestBitfield_Overflow(t *testing.T) {
	for _, c := range []struct {
		signed   bool
		width    int
		value    int64 // old value (INCRBY) or SET's value
		incr     int64
		policy   bfOverflow
		want     int64
		overflow bool
	}{
		{true, 8, 100, 100, bfWrap, -56, true},
		{true, 8, 100, 100, bfSat, 127, true},
		{true, 8, -100, -100, bfSat, -128, true},
		{true, 8, -100, -100, bfWrap, 56, true},
		{true, 8, 100, 27, bfWrap, 127, false},
		{true, 8, math.MinInt64, 0, bfWrap, 0, true},
		{true, 8, math.MinInt64, 0, bfSat, 127, true}, // Redis saturates this SET to the maximum
		{true, 8, -129, 0, bfSat, -128, true},
		{true, 64, math.MaxInt64, 1, bfWrap, math.MinInt64, true},
		{true, 64, math.MaxInt64, 1, bfSat, math.MaxInt64, true},
		{true, 64, math.MinInt64, -1, bfSat, math.MinInt64, true},
		{true, 64, -1, math.MinInt64, bfWrap, math.MaxInt64, true},
		{true, 64, 5, math.MinInt64, bfWrap, math.MinInt64 + 5, false},
		{true, 1, 0, 1, bfWrap, -1, true},
		{true, 10, -449, -6458206004714044854, bfWrap, 137, true},
		{false, 8, 250, 10, bfWrap, 4, true},
		{false, 8, 250, 10, bfSat, 255, true},
		{false, 8, 5, -10, bfSat, 0, true},
		{false, 8, 5, -10, bfWrap, 251, true},
		{false, 8, -1, 0, bfSat, 255, true}, // SET -1 reads as 2^64-1: above the range
		{false, 8, 256, 0, bfWrap, 0, true},
		{false, 63, math.MaxInt64, 1, bfWrap, 0, true},
		{false, 63, 0, math.MinInt64, bfSat, 0, true},
		{false, 4, 15, 0, bfFail, 15, false},
	} {
		var got int64
		var overflow bool
		if c.signed {
			got, overflow = signedField(c.value, c.incr, c.width, c.policy)
		} else {
			var u uint64
			u, overflow = unsignedField(uint64(c.value), c.incr, c.width, c.policy)
			got = int64(u)
		}
		if overflow != c.overflow || (c.policy != bfFail && got != c.want) {
			t.Errorf("signed %v width %d: %d + %d policy %d = %d (overflow %v), want %d (overflow %v)",
				c.signed, c.width, c.value, c.incr, c.policy, got, overflow, c.want, c.overflow)
		}
	}
}

// Ensure that fields of every width and alignment read back what was
// written, and that a write leaves the bits around the field alone.
func TestBitfield_GetSetRoundTrip(t *testing.T) {
	for width := 1; width <= 64; width++ {
		for offset := uint64(0); offset < 16; offset++ {
			s := bytes.Repeat([]byte{0xa5}, 12)
			before := bytes.Clone(s)
			v := uint64(0x0123456789abcdef) & (^uint64(0) >> (64 - width))
			setBits(s, offset, width, v)
			if got := getBits(s, offset, width); got != v {
				t.Fatalf("width %d offset %d: read %x, wrote %x", width, offset, got, v)
			}
			for i := uint64(0); i < 96; i++ {
				if (i < offset || i >= offset+uint64(width)) && getBit(s, i) != getBit(before, i) {
					t.Fatalf("width %d offset %d: bit %d changed", width, offset, i)
				}
			}
		}
	}
}

// FuzzBitfieldArithmetic checks the overflow rules against exact
// arithmetic: overflow exactly when the exact result leaves the field's
// range; otherwise the exact result; WRAP gives it modulo 2^width and SAT
// one of the bounds (Redis's quirk picks the maximum for some SET values
// far below the range, so the bound is not checked).
func FuzzBitfieldArithmetic(f *testing.F) {
	f.Add(true, uint8(8), int64(100), int64(100), uint8(0))
	f.Add(false, uint8(63), int64(-1), int64(0), uint8(1))
	f.Add(true, uint8(64), int64(math.MinInt64), int64(-1), uint8(2))
	f.Fuzz(func(t *testing.T, signed bool, w uint8, value, incr int64, p uint8) {
		width := 1 + int(w)%64
		if !signed && width == 64 {
			width = 63
		}
		policy := bfOverflow(p % 3)
		lo, hi := new(big.Int), new(big.Int)
		exact := new(big.Int)
		var got *big.Int
		var overflow bool
		if signed {
			lo.Lsh(big.NewInt(-1), uint(width-1))
			hi.Sub(new(big.Int).Lsh(big.NewInt(1), uint(width-1)), big.NewInt(1))
			// INCRBY adds to a value already in range.
			if incr != 0 {
				value = signExtend(uint64(value), width)
			}
			exact.Add(big.NewInt(value), big.NewInt(incr))
			r, o := signedField(value, incr, width, policy)
			got, overflow = big.NewInt(r), o
		} else {
			hi.Sub(new(big.Int).Lsh(big.NewInt(1), uint(width)), big.NewInt(1))
			u := uint64(value)
			if incr != 0 {
				u &= hi.Uint64()
			}
			exact.Add(new(big.Int).SetUint64(u), big.NewInt(incr))
			r, o := unsignedField(u, incr, width, policy)
			got, overflow = new(big.Int).SetUint64(r), o
		}
		out := exact.Cmp(lo) < 0 || exact.Cmp(hi) > 0
		if overflow != out {
			t.Fatalf("overflow %v for %v in [%v, %v]", overflow, exact, lo, hi)
		}
		if policy == bfFail {
			return
		}
		if got.Cmp(lo) < 0 || got.Cmp(hi) > 0 {
			t.Fatalf("result %v outside [%v, %v]", got, lo, hi)
		}
		if !overflow && got.Cmp(exact) != 0 {
			t.Fatalf("result %v, want %v", got, exact)
		}
		if overflow && policy == bfWrap {
			mod := new(big.Int).Lsh(big.NewInt(1), uint(width))
			if new(big.Int).Mod(new(big.Int).Sub(got, exact), mod).Sign() != 0 {
				t.Fatalf("wrapped %v is not %v modulo 2^%d", got, exact, width)
			}
		}
		if overflow && policy == bfSat && got.Cmp(lo) != 0 && got.Cmp(hi) != 0 {
			t.Fatalf("saturated %v is not a bound of [%v, %v]", got, lo, hi)
		}
	})
}

// FuzzParseBitfield feeds arbitrary argument lists (split on spaces) to
// the parser, then runs what it accepts on a string grown as BITFIELD
// grows it: no panic, offsets within the limit, widths within their
// types, and every successful write reads back as its reply says.
func FuzzParseBitfield(f *testing.F) {
	for _, s := range []string{"GET i8 0", "SET u4 #3 15 GET u4 #3", "OVERFLOW SAT INCRBY i64 3 -1",
		"OVERFLOW FAIL INCRBY u2 10 10", "get i8 #4611686018427387905", "SET i8 0", "OVERFLOW foo",
		"INCRBY u63 1 9223372036854775807 GET u63 1"} {
		f.Add([]byte(s))
	}
	const maxBytes = 1 << 20 // the smallest proto-max-bulk-len, to keep strings small
	f.Fuzz(func(t *testing.T, line []byte) {
		req, err := parseBitfield(bytes.Split(line, []byte(" ")), maxBytes)
		if err != nil {
			return
		}
		var s []byte
		if req.writes {
			s = make([]byte, req.highest>>3+1)
		}
		for _, op := range req.ops {
			if op.width < 1 || op.width > 64 || (!op.signed && op.width > 63) {
				t.Fatalf("op %+v: bad width", op)
			}
			if op.offset>>3 >= maxBytes {
				t.Fatalf("op %+v: offset past the limit", op)
			}
			if op.kind != bfGet && op.offset+uint64(op.width)-1 > req.highest {
				t.Fatalf("op %+v writes past highest %d", op, req.highest)
			}
			reply, ok := op.apply(s)
			if !ok || op.kind == bfGet {
				continue
			}
			back, _ := bfOp{kind: bfGet, signed: op.signed, width: op.width, offset: op.offset}.apply(s)
			if op.kind == bfIncrby && back != reply {
				t.Fatalf("op %+v replied %d, field reads %d", op, reply, back)
			}
		}
	})
}

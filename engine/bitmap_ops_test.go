package engine

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/tierdb/tierdb/tier"
)

// naiveCount and naiveFind are the bit-by-bit definitions that countBits
// and findBit must agree with.
func naiveCount(s []byte, lo, hi uint64) int64 {
	var n int64
	for i := lo; i <= hi; i++ {
		n += int64(getBit(s, i))
	}
	return n
}

func naiveFind(s []byte, lo, hi uint64, bit byte) int64 {
	for i := lo; i <= hi; i++ {
		if getBit(s, i) == bit {
			return int64(i)
		}
	}
	return -1
}

// Ensure that countBits and findBit agree with their bit-by-bit
// definitions on every range of random strings, including long runs of
// zeros and ones that take the word-at-a-time paths.
func TestBitmap_CountAndFind_MatchNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		n := 1 + rng.IntN(40)
		s := make([]byte, n)
		for i := range s {
			switch rng.IntN(3) {
			case 0:
				s[i] = 0
			case 1:
				s[i] = 0xff
			default:
				s[i] = byte(rng.IntN(256))
			}
		}
		for range 20 {
			lo := uint64(rng.IntN(8 * n))
			hi := lo + uint64(rng.IntN(8*n-int(lo)))
			if got, want := countBits(s, lo, hi), naiveCount(s, lo, hi); got != want {
				t.Fatalf("countBits(%x, %d, %d) = %d, want %d", s, lo, hi, got, want)
			}
			for _, bit := range []byte{0, 1} {
				if got, want := findBit(s, lo, hi, bit), naiveFind(s, lo, hi, bit); got != want {
					t.Fatalf("findBit(%x, %d, %d, %d) = %d, want %d", s, lo, hi, bit, got, want)
				}
			}
		}
	}
}

// Ensure that bit offsets parse as Redis's do: canonical integers only, the
// proto-max-bulk-len limit, and BITFIELD's #n form multiplied by the width
// with Redis's 64-bit wrap-around.
func TestBitmap_ParseBitOffset(t *testing.T) {
	const max = 512 << 20
	for _, c := range []struct {
		arg   string
		width int
		want  uint64
		ok    bool
	}{
		{"0", 0, 0, true},
		{"4294967295", 0, 4294967295, true},
		{"4294967296", 0, 0, false},
		{"-1", 0, 0, false},
		{"+1", 0, 0, false},
		{"01", 0, 0, false},
		{"", 0, 0, false},
		{"#1", 0, 0, false}, // no # form outside BITFIELD
		{"#3", 8, 24, true},
		{"#", 8, 0, false},
		{"#-1", 8, 0, false},
		{"##1", 8, 0, false},
		{"#536870911", 8, 4294967288, true},
		{"#536870912", 8, 0, false},
		{"#4611686018427387905", 8, 8, true}, // (2^62+1)*8 wraps to 8, as in Redis
		{"#9223372036854775807", 8, 0, false},
		{"1\x00", 0, 0, false},
	} {
		got, err := parseBitOffset([]byte(c.arg), c.width, max)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseBitOffset(%q, %d) = %d, %v; want %d, ok %v", c.arg, c.width, got, err, c.want, c.ok)
		}
		if err != nil && err != errBitOffset {
			t.Errorf("parseBitOffset(%q): error %v, want %v", c.arg, err, errBitOffset)
		}
	}
}

// Ensure that BITOP pads shorter sources with zeros (so AND clears the
// tail) and that NOT inverts its one source.
func TestBitmap_ApplyBitOp(t *testing.T) {
	for _, c := range []struct {
		op   bitOp
		srcs [][]byte
		want []byte
	}{
		{bitAnd, [][]byte{{0xff, 0xff}, {0x0f}}, []byte{0x0f, 0x00}},
		{bitOr, [][]byte{{0xf0}, nil, {0x01, 0x80}}, []byte{0xf1, 0x80}},
		{bitXor, [][]byte{{0xff, 0x01}, {0x0f}}, []byte{0xf0, 0x01}},
		{bitNot, [][]byte{{0x0f, 0x00}}, []byte{0xf0, 0xff}},
		{bitAnd, [][]byte{nil, nil}, nil},
		{bitNot, [][]byte{nil}, nil},
	} {
		if got := applyBitOp(c.op, c.srcs); !bytes.Equal(got, c.want) {
			t.Errorf("applyBitOp(%d, %x) = %x, want %x", c.op, c.srcs, got, c.want)
		}
	}
}

// putHash stores a one-field hash at key, bypassing the commands, so that
// type errors can be tested whichever collection commands exist.
func putHash(k *keysEngine, key string) {
	k.t.Helper()
	var l tier.LockSet
	l.Add([]byte(key))
	k.e.store.Lock(&l)
	defer k.e.store.Unlock(&l)
	txn := k.e.store.Begin(false)
	if err := txn.Put(0, []byte(key), tier.NewHashObject([][]byte{[]byte("f"), []byte("v")})); err != nil {
		k.t.Fatal(err)
	}
	if err := txn.Commit(); err != nil {
		k.t.Fatal(err)
	}
}

const wrongType = "(error) WRONGTYPE Operation against a key holding the wrong kind of value"

// Ensure that the bitmap commands answer WRONGTYPE for a key of another
// type as Redis 7.0 does (replies checked on redis-server 7.0.15 with a
// list), after the argument errors Redis checks first, and change nothing.
func TestBitmap_WrongType(t *testing.T) {
	k := newKeysEngine(t, nil)
	putHash(k, "h")
	k.expect("OK", "SET", "a", "foo")
	for _, c := range []struct {
		want string
		args []string
	}{
		{wrongType, []string{"SETBIT", "h", "1", "1"}},
		{wrongType, []string{"GETBIT", "h", "1"}},
		{"(error) ERR bit offset is not an integer or out of range", []string{"SETBIT", "h", "x", "1"}},
		{"(error) ERR bit is not an integer or out of range", []string{"SETBIT", "h", "1", "2"}},
		{"(error) ERR bit offset is not an integer or out of range", []string{"GETBIT", "h", "-1"}},
		{wrongType, []string{"BITCOUNT", "h"}},
		{wrongType, []string{"BITCOUNT", "h", "x"}},
		{wrongType, []string{"BITPOS", "h", "1"}},
		{"(error) ERR The bit argument must be 1 or 0.", []string{"BITPOS", "h", "2"}},
		{wrongType, []string{"BITPOS", "h", "1", "x"}},
		{wrongType, []string{"BITOP", "OR", "d", "a", "h"}},
		{wrongType, []string{"BITOP", "NOT", "d", "h"}},
		{"(integer) 0", []string{"EXISTS", "d"}},
		{wrongType, []string{"BITFIELD", "h", "GET", "i8", "0"}},
		{wrongType, []string{"BITFIELD", "h", "SET", "i8", "0", "1"}},
		{wrongType, []string{"BITFIELD", "h"}},
		{wrongType, []string{"BITFIELD_RO", "h", "GET", "i8", "0"}},
		{"(error) " + errBitfieldType.Error(), []string{"BITFIELD", "h", "GET", "x8", "0"}},
		{"(error) ERR BITFIELD_RO only supports the GET subcommand", []string{"BITFIELD_RO", "h", "SET", "i8", "0", "1"}},
		{"hash", []string{"TYPE", "h"}},
		// BITOP overwrites a destination of any type.
		{"(integer) 3", []string{"BITOP", "OR", "h", "a"}},
		{"string", []string{"TYPE", "h"}},
		{`"foo"`, []string{"GET", "h"}},
	} {
		k.expect(c.want, c.args...)
	}
}

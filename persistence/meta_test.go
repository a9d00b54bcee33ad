package persistence

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

// Ensure that every kind of Meta decodes to what was encoded, and that
// encodedLen (which Batch.PutMeta sizes its record by) is the encoding's
// length.
func TestMeta_EncodeDecode_RoundTrip(t *testing.T) {
	for _, test := range []struct {
		name string
		m    Meta
	}{
		{"empty string", Meta{Type: TypeString, Value: []byte{}}},
		{"string", Meta{Type: TypeString, Value: []byte("hello")}},
		{"binary string", Meta{Type: TypeString, Value: []byte{0, 0xff, '\r', '\n'}}},
		{"string with ttl and flags", Meta{Type: TypeString, Flags: 6, ExpireAt: 1_700_000_000_123, Value: []byte("v")}},
		{"string with max ttl", Meta{Type: TypeString, ExpireAt: math.MaxInt64, Value: []byte("v")}},
		{"chunked string", Meta{Type: TypeString, Flags: FlagChunked, ExpireAt: 9, Version: 8, Count: 1 << 29, Header: []byte{}}},
		{"hash", Meta{Type: TypeHash, Version: 42, Count: 3, Header: []byte{}}},
		{"list with header", Meta{Type: TypeList, Version: math.MaxUint64, Count: math.MaxInt64, Header: []byte{1, 2, 3, 4}}},
		{"set", Meta{Type: TypeSet, Version: 1, Count: 1, Header: []byte{}}},
		{"zset with ttl", Meta{Type: TypeZSet, ExpireAt: 5, Version: 9, Count: 2, Header: []byte{}}},
		{"stream", Meta{Type: TypeStream, Version: 3, Count: 0, Header: []byte("0-1")}},
	} {
		t.Run(test.name, func(t *testing.T) {
			enc := test.m.AppendEncode([]byte("prefix"))
			if !bytes.HasPrefix(enc, []byte("prefix")) {
				t.Fatalf("AppendEncode dropped dst: %q", enc)
			}
			if n := len(enc) - len("prefix"); n != test.m.encodedLen() {
				t.Fatalf("encoding of %d bytes, encodedLen says %d", n, test.m.encodedLen())
			}
			got, err := DecodeMeta(enc[len("prefix"):])
			if err != nil {
				t.Fatalf("DecodeMeta: %v", err)
			}
			if got.Type != test.m.Type || got.Flags != test.m.Flags || got.ExpireAt != test.m.ExpireAt ||
				got.Version != test.m.Version || got.Count != test.m.Count ||
				!bytes.Equal(got.Value, test.m.Value) || !bytes.Equal(got.Header, test.m.Header) {
				t.Fatalf("got %+v, want %+v", got, test.m)
			}
		})
	}
}

// Ensure that a string's encoding ignores collection fields and a
// collection's ignores Value, so neither can leak into the other.
func TestMeta_AppendEncode_IgnoresFieldsOfOtherKind(t *testing.T) {
	s := Meta{Type: TypeString, Value: []byte("v"), Version: 5, Count: 6, Header: []byte("h")}
	got, err := DecodeMeta(s.AppendEncode(nil))
	if err != nil || got.Version != 0 || got.Count != 0 || len(got.Header) != 0 || string(got.Value) != "v" {
		t.Errorf("string: got %+v, %v", got, err)
	}
	h := Meta{Type: TypeHash, Value: []byte("v"), Version: 5, Count: 6, Header: []byte("h")}
	got, err = DecodeMeta(h.AppendEncode(nil))
	if err != nil || len(got.Value) != 0 || got.Version != 5 || got.Count != 6 || string(got.Header) != "h" {
		t.Errorf("hash: got %+v, %v", got, err)
	}
}

// Ensure that DecodeMeta rejects records it cannot have written.
func TestDecodeMeta_Corrupt(t *testing.T) {
	valid := (&Meta{Type: TypeHash, Version: 1, Count: 1}).AppendEncode(nil)
	for _, test := range []struct {
		name string
		in   []byte
	}{
		{"nil", nil},
		{"empty", []byte{}},
		{"short header", []byte{TypeString, 0, 0, 0}},
		{"one byte short", make([]byte, metaFixed-1)},
		{"type zero", append([]byte{0}, make([]byte, metaFixed-1)...)},
		{"type past stream", append([]byte{TypeStream + 1}, make([]byte, metaFixed-1)...)},
		{"type 255", append([]byte{255}, make([]byte, metaFixed+16)...)},
		{"collection without version", valid[:metaFixed]},
		{"collection with half a count", valid[:metaFixed+12]},
		{"collection one byte short", valid[:len(valid)-1]},
	} {
		m, err := DecodeMeta(test.in)
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: DecodeMeta(%x) = %+v, %v; want ErrCorrupt", test.name, test.in, m, err)
		}
	}
}

// Ensure that peekMeta agrees with DecodeMeta on type and expiry.
func TestPeekMeta(t *testing.T) {
	enc := (&Meta{Type: TypeSet, ExpireAt: 1234, Version: 1}).AppendEncode(nil)
	typ, exp, ok := peekMeta(enc)
	if !ok || typ != TypeSet || exp != 1234 {
		t.Errorf("peekMeta = %d, %d, %v; want %d, 1234, true", typ, exp, ok, TypeSet)
	}
	if _, _, ok := peekMeta(enc[:metaFixed-1]); ok {
		t.Errorf("peekMeta accepted a short record")
	}
}

// FuzzDecodeMeta checks that DecodeMeta never panics, and that whatever it
// accepts re-encodes to exactly the same bytes (the encoding is canonical).
func FuzzDecodeMeta(f *testing.F) {
	f.Add([]byte{})
	f.Add((&Meta{Type: TypeString, Value: []byte("v")}).AppendEncode(nil))
	f.Add((&Meta{Type: TypeString, Flags: 1, ExpireAt: -1}).AppendEncode(nil))
	f.Add((&Meta{Type: TypeList, Version: 7, Count: 3, Header: []byte{1, 2}}).AppendEncode(nil))
	f.Add((&Meta{Type: TypeStream, Version: 1}).AppendEncode(nil)[:metaFixed+3])
	f.Fuzz(func(t *testing.T, b []byte) {
		in := bytes.Clone(b)
		m, err := DecodeMeta(b)
		if !bytes.Equal(in, b) {
			t.Fatalf("DecodeMeta modified its input")
		}
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("DecodeMeta(%x): error %v is not ErrCorrupt", b, err)
			}
			return
		}
		if m.Type == 0 || m.Type > TypeStream {
			t.Fatalf("DecodeMeta(%x) accepted type %d", b, m.Type)
		}
		if re := m.AppendEncode(nil); !bytes.Equal(re, b) {
			t.Fatalf("re-encoding changed the record:\nin:  %x\nout: %x", b, re)
		}
		typ, exp, ok := peekMeta(b)
		if !ok || typ != m.Type || exp != m.ExpireAt {
			t.Fatalf("peekMeta = %d, %d, %v; DecodeMeta = %d, %d", typ, exp, ok, m.Type, m.ExpireAt)
		}
	})
}

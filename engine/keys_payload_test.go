package engine

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc64"
	"slices"
	"strings"
	"testing"

	"github.com/tierdb/tierdb/tier"
)

// resum replaces the checksum of p with the right one for its other bytes, so
// that a test can reach the checks after the checksum.
func resum(p []byte) []byte {
	data := p[:len(p)-dumpTrailer]
	return binary.BigEndian.AppendUint64(bytes.Clone(data), crc64.Checksum(data, dumpCRC))
}

func mustEncode(t testing.TB, v []byte) []byte {
	t.Helper()
	o := tier.NewString(v)
	p, ok, err := encodeDump(o, loadedElements(o))
	if err != nil || !ok {
		t.Fatal("strings have no dump codec")
	}
	return p
}

// Ensure that every string, empty and binary ones included, decodes to
// itself and that the decoded value owns its memory.
func TestDumpPayload_String_RoundTrip(t *testing.T) {
	for _, v := range [][]byte{{}, []byte("x"), []byte("hello world"), {0, 1, 2, '\r', '\n', 0xff},
		bytes.Repeat([]byte("ab"), 70000)} {
		p := mustEncode(t, v)
		o, err := decodeDump(p)
		if err != nil {
			t.Fatalf("%d bytes: %v", len(v), err)
		}
		if o.Kind != tier.KindString || !bytes.Equal(o.Str, v) || o.ExpireAt != 0 {
			t.Fatalf("%d bytes: got kind %d value %q expire %d", len(v), o.Kind, o.Str, o.ExpireAt)
		}
		if len(v) > 0 {
			p[len(p)-dumpTrailer-1] ^= 0xff // the last byte of the value
			if !bytes.Equal(o.Str, v) {
				t.Fatalf("decoded value aliases the payload")
			}
		}
	}
}

// Ensure that corrupt and truncated payloads get Redis's error texts: the
// checksum error when checksum or version is wrong, "Bad data format" when
// the checksum is right but the body is not a value.
func TestDumpPayload_Corrupt(t *testing.T) {
	good := mustEncode(t, []byte("value"))
	withBody := func(kind, version byte, body ...byte) []byte {
		return resum(append(append([]byte{kind, version}, body...), make([]byte, dumpTrailer)...))
	}
	for _, test := range []struct {
		name string
		p    []byte
		want error
	}{
		{"empty", nil, errDumpPayload},
		{"too short", good[:dumpHeader+dumpTrailer-1], errDumpPayload},
		{"truncated", good[:len(good)-1], errDumpPayload},
		{"flipped value byte", flip(good, 4), errDumpPayload},
		{"flipped checksum", flip(good, len(good)-1), errDumpPayload},
		{"extra byte", append(bytes.Clone(good), 0), errDumpPayload},
		{"Redis payload", []byte("\x00\xc0\x01\n\x00&x\xe7\xb6\xd1\x01\x11\xfc"), errDumpPayload},
		{"future version", withBody(tier.KindString, dumpVersion+1, 1, 1, 'x'), errDumpPayload},
		{"unknown kind", withBody(99, dumpVersion, 1, 1, 'x'), errBadDataFormat},
		{"kind without codec", withBody(tier.KindStream, dumpVersion, 0), errBadDataFormat},
		{"hash without fields", withBody(tier.KindHash, dumpVersion, 0), errBadDataFormat},
		{"hash field without value", withBody(tier.KindHash, dumpVersion, 1, 1, 'f'), errBadDataFormat},
		{"hash field twice", withBody(tier.KindHash, dumpVersion, 4, 1, 'f', 1, 'a', 1, 'f', 1, 'b'), errBadDataFormat},
		{"no field count", withBody(tier.KindString, dumpVersion), errBadDataFormat},
		{"two fields", withBody(tier.KindString, dumpVersion, 2, 1, 'x', 1, 'y'), errBadDataFormat},
		{"no fields", withBody(tier.KindString, dumpVersion, 0), errBadDataFormat},
		{"length past end", withBody(tier.KindString, dumpVersion, 1, 5, 'x'), errBadDataFormat},
		{"trailing bytes", withBody(tier.KindString, dumpVersion, 1, 1, 'x', 'y'), errBadDataFormat},
		{"huge count", withBody(tier.KindString, dumpVersion, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 'x'), errBadDataFormat},
		{"huge length", withBody(tier.KindString, dumpVersion, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0xff, 0x01), errBadDataFormat},
		{"bad varint", withBody(tier.KindString, dumpVersion, 0x80), errBadDataFormat},
	} {
		o, err := decodeDump(test.p)
		if !errors.Is(err, test.want) {
			t.Errorf("%s: got %v, %v; want %v", test.name, o, err, test.want)
		}
	}
}

func flip(p []byte, i int) []byte {
	q := bytes.Clone(p)
	q[i] ^= 0x01
	return q
}

// Ensure that a single-byte change anywhere in a payload is caught.
func TestDumpPayload_EveryByteChecked(t *testing.T) {
	good := mustEncode(t, []byte(strings.Repeat("tierdb", 20)))
	for i := range good {
		for _, bit := range []byte{0x01, 0x80} {
			q := bytes.Clone(good)
			q[i] ^= bit
			if _, err := decodeDump(q); err == nil {
				t.Fatalf("byte %d bit %#x flipped: accepted", i, bit)
			}
		}
	}
}

// FuzzDecodeDump checks that no input makes the decoder panic, and that an
// accepted payload encodes back to a payload holding the same value.
func FuzzDecodeDump(f *testing.F) {
	f.Add(mustEncode(f, []byte("")))
	f.Add(mustEncode(f, []byte("hello")))
	f.Add(mustEncode(f, bytes.Repeat([]byte{0xff}, 300)))
	f.Add([]byte("\x00\xc0\x01\n\x00&x\xe7\xb6\xd1\x01\x11\xfc"))
	f.Add(mustEncodeHash(f, "f", "v", "", "\x00"))
	f.Fuzz(func(t *testing.T, p []byte) {
		for _, q := range [][]byte{p, resumIfLong(p)} {
			o, err := decodeDump(q)
			if err != nil {
				if !errors.Is(err, errDumpPayload) && !errors.Is(err, errBadDataFormat) {
					t.Fatalf("unexpected error %v", err)
				}
				continue
			}
			again, ok, err := encodeDump(o, loadedElements(o))
			if err != nil || !ok {
				t.Fatalf("decoded kind %d cannot be dumped", o.Kind)
			}
			o2, err := decodeDump(again)
			if err != nil || o2.Kind != o.Kind || !bytes.Equal(o2.Str, o.Str) || loadedContent(o2) != loadedContent(o) {
				t.Fatalf("re-encoded payload: got %v, %v", o2, err)
			}
		}
	})
}

// resumIfLong gives the fuzzer's input a valid checksum, so that the body
// decoder sees more than checksum failures.
func resumIfLong(p []byte) []byte {
	if len(p) < dumpHeader+dumpTrailer {
		return p
	}
	return resum(p)
}

// mustEncodeHash is the payload of a hash of the given field value pairs.
func mustEncodeHash(t testing.TB, pairs ...string) []byte {
	t.Helper()
	raw := make([][]byte, len(pairs))
	for i, p := range pairs {
		raw[i] = []byte(p)
	}
	o := tier.NewHashObject(raw)
	p, ok, err := encodeDump(o, loadedElements(o))
	if err != nil || !ok {
		t.Fatalf("hash payload: %v, %v", ok, err)
	}
	return p
}

// loadedContent is the fields of a value built in memory, sorted, as text.
func loadedContent(o *tier.Object) string {
	var fields []string
	o.EachLoaded(func(f, v []byte) bool {
		fields = append(fields, fmt.Sprintf("%q=%q", f, v))
		return true
	})
	slices.Sort(fields)
	return strings.Join(fields, ",")
}

// Ensure that hashes, binary and empty fields included, decode to
// themselves, own their memory, and keep their field count.
func TestDumpPayload_Hash_RoundTrip(t *testing.T) {
	for _, pairs := range [][]string{
		{"f", "v"},
		{"", "", "\x00\r\n", "\xff", "long", strings.Repeat("x", 70000)},
	} {
		p := mustEncodeHash(t, pairs...)
		o, err := decodeDump(p)
		if err != nil {
			t.Fatalf("%q: %v", pairs, err)
		}
		want := loadedContent(tier.NewHashObject(toBytes(pairs)))
		if o.Kind != tier.KindHash || o.Count != int64(len(pairs)/2) || loadedContent(o) != want {
			t.Fatalf("%q: got kind %d count %d %s", pairs, o.Kind, o.Count, loadedContent(o))
		}
		clear(p)
		if loadedContent(o) != want {
			t.Fatalf("%q: the decoded hash aliases the payload", pairs)
		}
	}
}

func toBytes(s []string) [][]byte {
	out := make([][]byte, len(s))
	for i, x := range s {
		out[i] = []byte(x)
	}
	return out
}

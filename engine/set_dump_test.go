package engine

import (
	"errors"
	"testing"

	"github.com/tierdb/tierdb/tier"
)

// Ensure that sets, binary and empty members included, decode to
// themselves and own their memory, and that a set payload without
// members, or with a member twice, is refused.
func TestDumpPayload_Set(t *testing.T) {
	for _, members := range [][]string{{"m"}, {"", "\x00\r\n", "\xff", "1", "-5"}} {
		o := tier.NewSetObject(toBytes(members))
		p, ok, err := encodeDump(o, loadedElements(o))
		if err != nil || !ok {
			t.Fatalf("%q: encode: %v, %v", members, ok, err)
		}
		got, err := decodeDump(p)
		want := loadedContent(o)
		if err != nil || got.Kind != tier.KindSet || got.Count != int64(len(members)) || loadedContent(got) != want {
			t.Fatalf("%q: decoded %v, %v", members, got, err)
		}
		clear(p)
		if loadedContent(got) != want {
			t.Fatalf("%q: the decoded set aliases the payload", members)
		}
	}
	for _, test := range []struct {
		name string
		body []byte
	}{
		{"no members", []byte{0}},
		{"member twice", []byte{2, 1, 'a', 1, 'a'}},
		{"count past the members", []byte{3, 1, 'a', 1, 'b'}},
	} {
		p := resum(append(append([]byte{tier.KindSet, dumpVersion}, test.body...), make([]byte, dumpTrailer)...))
		if o, err := decodeDump(p); !errors.Is(err, errBadDataFormat) {
			t.Errorf("%s: got %v, %v; want %v", test.name, o, err, errBadDataFormat)
		}
	}
}

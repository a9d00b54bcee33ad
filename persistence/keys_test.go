package persistence

import (
	"bytes"
	"math"
	"sort"
	"testing"
)

// Ensure that meta keys split back into the hash and key they were built
// from, are metaKeyLen long, and sort by keyspace, then hash.
func TestMetaKey_SplitAndOrder(t *testing.T) {
	keys := [][]byte{[]byte(""), []byte("a"), []byte("b"), []byte("key:1"), {0, 0xff, 0}}
	var encoded [][]byte
	for _, phys := range []uint32{0, 1, math.MaxUint32 - 1} {
		for _, k := range keys {
			mk := metaKey(nil, phys, KeyHash(k), k)
			if len(mk) != metaKeyLen(k) {
				t.Errorf("meta key of %q: %d bytes, metaKeyLen says %d", k, len(mk), metaKeyLen(k))
			}
			h, got := splitMetaKey(mk)
			if h != KeyHash(k) || !bytes.Equal(got, k) {
				t.Errorf("splitMetaKey(metaKey(%d, %q)) = %x, %q", phys, k, h, got)
			}
			lo, hi := keyspaceBounds(tagMeta, phys)
			if bytes.Compare(mk, lo) < 0 || bytes.Compare(mk, hi) >= 0 {
				t.Errorf("meta key of %q in %d is outside its keyspace bounds", k, phys)
			}
			if !bytes.HasPrefix(mk, metaPrefix(phys, KeyHash(k))) {
				t.Errorf("meta key of %q lacks its metaPrefix", k)
			}
			encoded = append(encoded, mk)
		}
	}
	sorted := sort.SliceIsSorted(encoded, func(i, j int) bool {
		pi, pj := encoded[i][1:5], encoded[j][1:5]
		return bytes.Compare(pi, pj) < 0
	})
	if !sorted {
		t.Errorf("meta keys do not sort by keyspace first")
	}
}

// Ensure that expiry keys sort by expiry time first (so ScanExpiry can stop
// at "now") and split back into their parts.
func TestExpiryKey_SplitAndOrder(t *testing.T) {
	times := []int64{1, 255, 256, 1 << 40, math.MaxInt64}
	var prev []byte
	for _, exp := range times {
		for _, phys := range []uint32{3, 0} { // a higher phys first: time still dominates
			k := expiryKey(exp, phys, KeyHash([]byte("k")), []byte("k"))
			gotExp, gotPhys, gotKey := splitExpiryKey(k)
			if gotExp != exp || gotPhys != phys || string(gotKey) != "k" {
				t.Errorf("splitExpiryKey = %d, %d, %q; want %d, %d, %q", gotExp, gotPhys, gotKey, exp, phys, "k")
			}
			if phys == 3 && prev != nil && bytes.Compare(prev, k) >= 0 {
				t.Errorf("expiry key at %d does not sort after the previous time", exp)
			}
			prev = k
		}
	}
}

// Ensure that element keys of one version sort together, between the
// version's prefix and the next version's.
func TestElementKey_WithinVersionBounds(t *testing.T) {
	lo, hi := elementPrefix(2, 10), elementPrefix(2, 11)
	for _, el := range [][]byte{nil, {0}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, []byte("field")} {
		k := elementKey(nil, 2, 10, el)
		if bytes.Compare(k, lo) < 0 || bytes.Compare(k, hi) >= 0 {
			t.Errorf("element %x of version 10 sorts outside [%x, %x)", el, lo, hi)
		}
	}
}

// Ensure that KeyHash is stable: SCAN cursors handed to clients must stay
// valid across restarts and releases.
func TestKeyHash_Stable(t *testing.T) {
	if got, want := KeyHash([]byte("foo")), uint64(0x33bf00a859c4ba3f); got != want {
		t.Errorf("KeyHash(foo) = %#x, want %#x (the on-disk order changed)", got, want)
	}
}

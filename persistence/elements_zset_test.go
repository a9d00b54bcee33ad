package persistence

import (
	"slices"
	"testing"
)

// reverseAll lists "element=value" of one version from r, highest first,
// below a bound.
func reverseAll(t *testing.T, r ReverseElementReader, phys uint32, version uint64, below []byte) []string {
	t.Helper()
	var out []string
	err := r.ScanElementsReverse(phys, version, below, func(e, v []byte) bool {
		out = append(out, string(e)+"="+string(v))
		return true
	})
	if err != nil {
		t.Fatalf("ScanElementsReverse: %v", err)
	}
	return out
}

// Ensure that ScanElementsReverse reads exactly one version of one keyspace,
// highest first, below a bound, and stops when told to.
func TestDB_ScanElementsReverse_OneVersionDescending(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	for _, e := range []string{"b", "a", "c", "ab", ""} {
		b.PutElement(1, 10, []byte(e), []byte("v"+e))
	}
	b.PutElement(1, 9, []byte("z"), []byte("older version"))
	b.PutElement(1, 11, []byte("0"), []byte("newer version"))
	b.PutElement(2, 10, []byte("a"), []byte("other keyspace"))
	commit(t, b)

	if got, want := reverseAll(t, d, 1, 10, nil), []string{"c=vc", "b=vb", "ab=vab", "a=va", "=v"}; !slices.Equal(got, want) {
		t.Errorf("reverse from the end: got %v, want %v", got, want)
	}
	if got, want := reverseAll(t, d, 1, 10, []byte("b")), []string{"ab=vab", "a=va", "=v"}; !slices.Equal(got, want) {
		t.Errorf("reverse below b: got %v, want %v", got, want)
	}
	if got := reverseAll(t, d, 1, 10, []byte("")); len(got) != 0 {
		t.Errorf("reverse below the empty element: got %v, want nothing", got)
	}
	var first []string
	_ = d.ScanElementsReverse(1, 10, nil, func(e, _ []byte) bool {
		first = append(first, string(e))
		return len(first) < 2
	})
	if want := []string{"c", "b"}; !slices.Equal(first, want) {
		t.Errorf("reverse stopped after two: got %v, want %v", first, want)
	}
}

// Ensure that an indexed batch's reverse scan sees its own writes and
// deletions, and a plain batch's sees committed state only.
func TestBatch_ScanElementsReverse_SeesOwnWrites(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	b.PutElement(1, 5, []byte("keep"), []byte("1"))
	b.PutElement(1, 5, []byte("gone"), []byte("2"))
	commit(t, b)

	w := d.NewBatch(false)
	defer w.Close()
	w.PutElement(1, 5, []byte("new"), []byte("n"))
	w.DeleteElement(1, 5, []byte("gone"))
	if got, want := reverseAll(t, w, 1, 5, nil), []string{"keep=1", "gone=2"}; !slices.Equal(got, want) {
		t.Errorf("plain batch: got %v, want %v", got, want)
	}
	if err := w.MakeIndexed(); err != nil {
		t.Fatal(err)
	}
	if got, want := reverseAll(t, w, 1, 5, nil), []string{"new=n", "keep=1"}; !slices.Equal(got, want) {
		t.Errorf("indexed batch: got %v, want %v", got, want)
	}
}

package persistence

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// scanAll lists "element=value" of one version from r, starting at from.
func scanAll(t *testing.T, r ElementReader, phys uint32, version uint64, from string) []string {
	t.Helper()
	var out []string
	err := r.ScanElements(phys, version, []byte(from), func(e, v []byte) bool {
		out = append(out, string(e)+"="+string(v))
		return true
	})
	if err != nil {
		t.Fatalf("ScanElements: %v", err)
	}
	return out
}

// Ensure that GetElement and ScanElements read exactly one version of one
// keyspace, in byte order, from a start point, and stop when told to.
func TestDB_Elements_ReadOneVersion(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	for _, e := range []string{"b", "a", "c", "ab", ""} {
		b.PutElement(1, 10, []byte(e), []byte("v"+e))
	}
	b.PutElement(1, 9, []byte("z"), []byte("older version"))
	b.PutElement(1, 11, []byte("a"), []byte("newer version"))
	b.PutElement(2, 10, []byte("a"), []byte("other keyspace"))
	commit(t, b)

	if v, ok, err := d.GetElement(1, 10, []byte("ab")); err != nil || !ok || string(v) != "vab" {
		t.Errorf("GetElement(ab) = %q, %v, %v; want vab", v, ok, err)
	}
	if v, ok, err := d.GetElement(1, 10, []byte("")); err != nil || !ok || string(v) != "v" {
		t.Errorf("GetElement(empty) = %q, %v, %v; want v", v, ok, err)
	}
	if _, ok, err := d.GetElement(1, 10, []byte("z")); err != nil || ok {
		t.Errorf("GetElement(z) found an element of another version")
	}
	if got, want := scanAll(t, d, 1, 10, ""), []string{"=v", "a=va", "ab=vab", "b=vb", "c=vc"}; !slices.Equal(got, want) {
		t.Errorf("scan from start: got %v, want %v", got, want)
	}
	if got, want := scanAll(t, d, 1, 10, "aa"), []string{"ab=vab", "b=vb", "c=vc"}; !slices.Equal(got, want) {
		t.Errorf("scan from aa: got %v, want %v", got, want)
	}
	var first []string
	_ = d.ScanElements(1, 10, nil, func(e, _ []byte) bool {
		first = append(first, string(e))
		return len(first) < 2
	})
	if want := []string{"", "a"}; !slices.Equal(first, want) {
		t.Errorf("scan stopped after two: got %v, want %v", first, want)
	}
}

// Ensure that an indexed batch reads its own element writes, deletions and
// range deletions over committed state, and a plain batch reads committed
// state only.
func TestBatch_Elements_SeeOwnWrites(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	b.PutElement(1, 5, []byte("keep"), []byte("1"))
	b.PutElement(1, 5, []byte("gone"), []byte("2"))
	b.PutElement(1, 6, []byte("x"), []byte("3"))
	commit(t, b)

	plain := d.NewBatch(false)
	defer plain.Close()
	plain.PutElement(1, 5, []byte("new"), []byte("n"))
	if _, ok, _ := plain.GetElement(1, 5, []byte("new")); ok {
		t.Errorf("a plain batch sees its own element write")
	}
	if err := plain.MakeIndexed(); err != nil {
		t.Fatal(err)
	}
	if !plain.Indexed() {
		t.Fatal("MakeIndexed left the batch plain")
	}
	if v, ok, err := plain.GetElement(1, 5, []byte("new")); err != nil || !ok || string(v) != "n" {
		t.Errorf("after MakeIndexed, the write made before = %q, %v, %v; want n", v, ok, err)
	}
	plain.DeleteElement(1, 5, []byte("gone"))
	if got, want := scanAll(t, plain, 1, 5, ""), []string{"keep=1", "new=n"}; !slices.Equal(got, want) {
		t.Errorf("indexed scan: got %v, want %v", got, want)
	}
	plain.DeleteElements(1, 6)
	plain.PutElement(1, 6, []byte("y"), []byte("after the range deletion"))
	if got, want := scanAll(t, plain, 1, 6, ""), []string{"y=after the range deletion"}; !slices.Equal(got, want) {
		t.Errorf("scan after DeleteElements and a put: got %v, want %v", got, want)
	}
	if got := scanAll(t, d, 1, 5, ""); !slices.Equal(got, []string{"gone=2", "keep=1"}) {
		t.Errorf("the DB sees uncommitted writes: %v", got)
	}
	commit(t, plain)
	if got, want := scanAll(t, d, 1, 5, ""), []string{"keep=1", "new=n"}; !slices.Equal(got, want) {
		t.Errorf("after commit: got %v, want %v", got, want)
	}
	if got, want := scanAll(t, d, 1, 6, ""), []string{"y=after the range deletion"}; !slices.Equal(got, want) {
		t.Errorf("after commit, version 6: got %v, want %v", got, want)
	}
}

// Ensure that ScanKeyspaceElements walks every version of one keyspace and
// no other, and that element reads on a closed store fail cleanly.
func TestDB_ScanKeyspaceElements(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	for v := uint64(1); v <= 3; v++ {
		for i := range 2 {
			b.PutElement(7, v, []byte(fmt.Sprint(i)), nil)
		}
	}
	b.PutElement(8, 1, []byte("other"), nil)
	commit(t, b)
	var got []string
	err := d.ScanKeyspaceElements(7, func(version uint64, e, _ []byte) bool {
		got = append(got, fmt.Sprintf("%d/%s", version, e))
		return true
	})
	if want := []string{"1/0", "1/1", "2/0", "2/1", "3/0", "3/1"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("got %v, %v; want %v", got, err, want)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.GetElement(7, 1, []byte("0")); !errors.Is(err, ErrClosed) {
		t.Errorf("GetElement on a closed store: %v", err)
	}
	if err := d.ScanElements(7, 1, nil, func(_, _ []byte) bool { return true }); !errors.Is(err, ErrClosed) {
		t.Errorf("ScanElements on a closed store: %v", err)
	}
}

// Ensure that CopyElements copies every element of a version, committed or
// written earlier in the same indexed batch, across more than one chunk, to
// another keyspace and version, and nothing else.
func TestBatch_CopyElements(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	n := 2*copyChunk + 7
	for i := range n {
		b.PutElement(1, 5, []byte(fmt.Sprintf("e%04d", i)), []byte(fmt.Sprint(i)))
	}
	b.PutElement(1, 6, []byte("other version"), nil)
	commit(t, b)
	b = d.NewBatch(true)
	b.PutElement(1, 5, []byte("e9999"), []byte("uncommitted"))
	b.DeleteElement(1, 5, []byte("e0000"))
	got, err := b.CopyElements(1, 5, 2, 9)
	if err != nil || got != int64(n) {
		t.Fatalf("CopyElements = %d, %v; want %d", got, err, n)
	}
	commit(t, b)
	src, dst := scanAll(t, d, 1, 5, ""), scanAll(t, d, 2, 9, "")
	if !slices.Equal(src, dst) || len(dst) != n || dst[len(dst)-1] != "e9999=uncommitted" {
		t.Errorf("copy has %d elements (last %q), source %d", len(dst), dst[len(dst)-1], len(src))
	}
}

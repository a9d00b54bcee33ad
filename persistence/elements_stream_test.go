package persistence

import (
	"slices"
	"testing"
)

// rangeAll lists "element=value" of [lo, hi) of one version from r.
func rangeAll(t *testing.T, r ElementRangeReader, lo, hi []byte, reverse bool) []string {
	t.Helper()
	var out []string
	err := r.RangeElements(1, 10, lo, hi, reverse, func(e, v []byte) bool {
		out = append(out, string(e)+"="+string(v))
		return true
	})
	if err != nil {
		t.Fatalf("RangeElements: %v", err)
	}
	return out
}

// Ensure that RangeElements reads exactly [lo, hi) of one version, in both
// directions, committed or through an indexed batch, and that
// DeleteElementRange deletes exactly that range.
func TestDB_RangeElements_BoundsAndDirections(t *testing.T) {
	d := openTestDB(t)
	b := d.NewBatch(false)
	for _, e := range []string{"a", "b", "c", "d"} {
		b.PutElement(1, 10, []byte(e), []byte(e))
	}
	b.PutElement(1, 9, []byte("z"), nil)
	b.PutElement(1, 11, []byte("a"), nil)
	commit(t, b)

	for _, tc := range []struct {
		lo, hi  string
		nilHi   bool
		reverse bool
		want    []string
	}{
		{lo: "", nilHi: true, want: []string{"a=a", "b=b", "c=c", "d=d"}},
		{lo: "", nilHi: true, reverse: true, want: []string{"d=d", "c=c", "b=b", "a=a"}},
		{lo: "b", hi: "d", want: []string{"b=b", "c=c"}},
		{lo: "b", hi: "d", reverse: true, want: []string{"c=c", "b=b"}},
		{lo: "bb", hi: "c", want: nil},
	} {
		var hi []byte
		if !tc.nilHi {
			hi = []byte(tc.hi)
		}
		if got := rangeAll(t, d, []byte(tc.lo), hi, tc.reverse); !slices.Equal(got, tc.want) {
			t.Errorf("[%q,%q) reverse=%v: got %q, want %q", tc.lo, tc.hi, tc.reverse, got, tc.want)
		}
	}

	ib := d.NewBatch(true)
	ib.PutElement(1, 10, []byte("bb"), []byte("new"))
	ib.DeleteElementRange(1, 10, []byte("c"), nil)
	if got, want := rangeAll(t, ib, nil, nil, true), []string{"bb=new", "b=b", "a=a"}; !slices.Equal(got, want) {
		t.Errorf("batch view: got %q, want %q", got, want)
	}
	commit(t, ib)
	if got, want := rangeAll(t, d, nil, nil, false), []string{"a=a", "b=b", "bb=new"}; !slices.Equal(got, want) {
		t.Errorf("after commit: got %q, want %q", got, want)
	}
	if _, ok, _ := d.GetElement(1, 11, []byte("a")); !ok {
		t.Error("a range deletion of version 10 reached version 11")
	}
}

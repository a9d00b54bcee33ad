package engine

import (
	"math/rand/v2"
	"testing"
)

// lcsTable is the textbook full table of LCS lengths, as a reference.
func lcsTable(a, b []byte) [][]int {
	l := make([][]int, len(a)+1)
	for i := range l {
		l[i] = make([]int, len(b)+1)
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				l[i][j] = l[i-1][j-1] + 1
			} else {
				l[i][j] = max(l[i-1][j], l[i][j-1])
			}
		}
	}
	return l
}

// walkBack reads the subsequence off the full table from the end, taking a
// match where there is one and otherwise stepping up only when that keeps
// a strictly longer subsequence (Redis's choice among equal answers).
func walkBack(a, b []byte, l [][]int) []byte {
	out := make([]byte, l[len(a)][len(b)])
	k := len(out)
	for i, j := len(a), len(b); i > 0 && j > 0; {
		switch {
		case a[i-1] == b[j-1]:
			k--
			out[k] = a[i-1]
			i--
			j--
		case l[i-1][j] > l[i][j-1]:
			i--
		default:
			j--
		}
	}
	return out
}

// isSubsequence reports whether s can be had from t by deleting bytes.
func isSubsequence(s, t []byte) bool {
	i := 0
	for _, c := range t {
		if i < len(s) && s[i] == c {
			i++
		}
	}
	return i == len(s)
}

// Ensure that lcs finds a longest common subsequence of random strings,
// that its matches are true runs of it, and that the one-bit table walks
// back the way the full table does.
func TestLcs_AgainstFullTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		a := randBytes(rng, rng.IntN(30), "abc")
		b := randBytes(rng, rng.IntN(30), "abcd")
		table := lcsTable(a, b)
		want := table[len(a)][len(b)]
		total, matches, s := lcs(a, b, lcsOptions{idx: true})
		if total != want || string(s) != string(walkBack(a, b, table)) {
			t.Fatalf("lcs(%q, %q) = %d, %q; want %d, %q", a, b, total, s, want, walkBack(a, b, table))
		}
		if !isSubsequence(s, a) || !isSubsequence(s, b) {
			t.Fatalf("lcs(%q, %q) = %q, not a common subsequence", a, b, s)
		}
		n := 0
		for _, m := range matches {
			if string(a[m.aStart:m.aEnd+1]) != string(b[m.bStart:m.bEnd+1]) {
				t.Fatalf("lcs(%q, %q): match %+v is not common", a, b, m)
			}
			n += m.aEnd - m.aStart + 1
		}
		if n != want {
			t.Fatalf("lcs(%q, %q): matches cover %d bytes, want %d", a, b, n, want)
		}
		if l, _, s := lcs(a, b, lcsOptions{length: true}); l != want || s != nil {
			t.Fatalf("lcs LEN(%q, %q) = %d, %q; want %d and no string", a, b, l, s, want)
		}
	}
}

// Ensure that MINMATCHLEN leaves out the shorter runs only.
func TestLcs_MinMatchLen(t *testing.T) {
	a, b := []byte("ohmytext"), []byte("mynewtext")
	_, all, _ := lcs(a, b, lcsOptions{idx: true})
	_, long, _ := lcs(a, b, lcsOptions{idx: true, minMatchLen: 4})
	if len(all) != 2 || len(long) != 1 || long[0] != (lcsMatch{4, 7, 5, 8}) {
		t.Errorf("got all %v, long %v; want 2 runs, and [{4 7 5 8}] of length ≥ 4", all, long)
	}
}

func randBytes(rng *rand.Rand, n int, alphabet string) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return b
}

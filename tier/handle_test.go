package tier

import (
	"fmt"
	"math"
	"testing"
)

// Ensure that a small collection read cold without promotion (its record
// served for the Txn only) is not loaded into memory, where nothing would
// account for its elements, and is served by point reads instead; once hot
// it is loaded.
func TestHandle_ColdReadDoesNotLoad(t *testing.T) {
	s := openTestStore(t, "", nil)
	run(t, s, []string{"h", "s", "z", "l"}, func(txn *Txn) error {
		if _, err := hashIn(t, txn, 0, "h").Set([]byte("f"), []byte("v")); err != nil {
			return err
		}
		if _, err := setIn(t, txn, 0, "s").Add([]byte("m")); err != nil {
			return err
		}
		if _, err := zsetIn(t, txn, 0, "z").Set([]byte("m"), 1.5); err != nil {
			return err
		}
		return listIn(t, txn, 0, "l").Push(false, []byte("e"))
	})
	setHotLimit(s, 0, AllKeysLRU, 5)
	settle(t, s)
	check := func(txn *Txn, key string, hot bool) error {
		o, err := txn.Get(0, []byte(key))
		if err != nil || o == nil {
			return fmt.Errorf("get %s: %v %v", key, o, err)
		}
		if txn.InMemory(0, []byte(key)) != hot {
			return fmt.Errorf("%s: in memory %v, want %v", key, !hot, hot)
		}
		var got string
		switch key {
		case "h":
			h, err := txn.Hash(0, []byte(key), o)
			if err != nil {
				return err
			}
			v, _, err := h.Get([]byte("f"))
			got = string(v)
			if err != nil {
				return err
			}
		case "s":
			st, err := txn.Set(0, []byte(key), o)
			if err != nil {
				return err
			}
			ok, err := st.Has([]byte("m"))
			got = fmt.Sprint(ok)
			if err != nil {
				return err
			}
		case "z":
			z, err := txn.ZSet(0, []byte(key), o)
			if err != nil {
				return err
			}
			sc, _, err := z.Score([]byte("m"))
			got = fmt.Sprint(sc)
			if err != nil {
				return err
			}
		case "l":
			l, err := txn.List(0, []byte(key), o)
			if err != nil {
				return err
			}
			v, err := l.Index(0)
			got = string(v)
			if err != nil {
				return err
			}
		}
		if want := map[string]string{"h": "v", "s": "true", "z": "1.5", "l": "e"}[key]; got != want {
			return fmt.Errorf("%s: read %q, want %q", key, got, want)
		}
		if o.loaded() != hot {
			return fmt.Errorf("%s: loaded %v with the key hot %v", key, o.loaded(), hot)
		}
		return nil
	}
	for _, key := range []string{"h", "s", "z", "l"} {
		locked(t, s, key, func(txn *Txn) error { return check(txn, key, false) })
	}
	setHotLimit(s, 1<<40, AllKeysLRU, 5)
	for _, key := range []string{"h", "s", "z", "l"} {
		locked(t, s, key, func(txn *Txn) error { return check(txn, key, true) })
	}
}

// Ensure that random picks of a sorted set come with their scores and are
// distinct when asked, loaded and element-cold (one seek into the member
// family per pick), without loading the big set.
func TestZSet_Random_Cold(t *testing.T) {
	fill := func(s *Store, key string, n int) { fillZSet(t, s, key, n) }
	checkRandomPicks(t, fill, func(txn *Txn, key string, n int, distinct bool, got func(string)) error {
		z := zsetIn(t, txn, 0, key)
		return z.Random(n, distinct, func(m []byte, sc float64) {
			if real, ok, _ := z.Score(m); !ok || math.Float64bits(real) != math.Float64bits(sc) {
				t.Errorf("%s: random %q with score %v is not an entry", key, m, sc)
			}
			got(string(m))
		})
	})
}

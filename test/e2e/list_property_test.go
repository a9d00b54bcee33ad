package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// The list property test: random list commands against tierdb and a model
// (a slice per key). While the server is up, every key must read back as
// the model says; after a restart (only the disk has the lists) every key
// must read back identical, and DUMP, OBJECT ENCODING, TYPE and the expiry
// time must not have changed. "big" starts with more elements than tierdb
// keeps in memory, and "grow" grows past that while the server runs, so
// the element-cold path serves commands before any restart.

// listModel is what the lists should hold: key → elements, head first.
type listModel map[string][]string

// listPropKeys are the keys the property test writes.
var listPropKeys = []string{"p0", "p1", "p2", "p3", "big", "grow"}

func TestListProperty_RandomThenRestart(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("list property seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 11))
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	model := listModel{}
	big := make([]any, 4500)
	for i := range big {
		big[i] = fmt.Sprint("b", i)
		model["big"] = append(model["big"], big[i].(string))
	}
	makeBig(t, c, "big", c.RPush(ctx, "big", big...))
	runPropertyRounds(t, seed, s, c, 700,
		func(c *redis.Client) { listPropStep(t, r, c, model) },
		func(c *redis.Client, when string) { checkListModel(t, c, model, when) },
		func(c *redis.Client) map[string]string { return snapshotKeys(t, c, listPropKeys) })
	if n := len(model["grow"]); n <= 4096 {
		t.Errorf("grow has %d elements: the test never made a list bigger than tierdb loads", n)
	}
}

// listPropStep applies one random command to the server and to the model,
// and checks its reply against the model.
func listPropStep(t *testing.T, r *rand.Rand, c *redis.Client, m listModel) {
	t.Helper()
	ctx := context.Background()
	key := listPropKeys[r.IntN(len(listPropKeys))]
	l := m[key]
	val := func() string { return fmt.Sprint("v", r.IntN(8)) }
	idx := func() int64 { return int64(r.IntN(2*len(l)+4) - len(l) - 2) }
	at := func(i int64) (int, bool) { // Redis's index into l
		if i < 0 {
			i += int64(len(l))
		}
		return int(i), i >= 0 && i < int64(len(l))
	}
	set := func(v []string) {
		if len(v) == 0 {
			delete(m, key)
		} else {
			m[key] = v
		}
	}
	fail := func(cmd string, got any, err error, want any) {
		t.Helper()
		t.Fatalf("%s %s: %v, %v; model %v", cmd, key, got, err, want)
	}
	switch op := r.IntN(12); op {
	case 0, 1:
		vals := []string{val(), val()}
		if key == "grow" {
			for range 200 {
				vals = append(vals, val())
			}
		}
		left := r.IntN(2) == 0
		var n int64
		var err error
		if left {
			n, err = c.LPush(ctx, key, anyStrings(vals...)...).Result()
			slices.Reverse(vals)
			l = append(vals, l...)
		} else {
			n, err = c.RPush(ctx, key, anyStrings(vals...)...).Result()
			l = append(l, vals...)
		}
		if err != nil || n != int64(len(l)) {
			fail("PUSH", n, err, len(l))
		}
		set(l)
	case 2:
		k := r.IntN(4)
		got, err := c.LPopCount(ctx, key, k).Result()
		want := l[:min(k, len(l))]
		if len(l) == 0 {
			if err != redis.Nil {
				fail("LPOP", got, err, nil)
			}
			return
		}
		if err != nil || !slices.Equal(got, want) {
			fail("LPOP", got, err, want)
		}
		set(l[len(want):])
	case 3:
		got, err := c.RPop(ctx, key).Result()
		if len(l) == 0 {
			if err != redis.Nil {
				fail("RPOP", got, err, nil)
			}
			return
		}
		if err != nil || got != l[len(l)-1] {
			fail("RPOP", got, err, l[len(l)-1])
		}
		set(l[:len(l)-1])
	case 4:
		i, v := idx(), val()
		err := c.LSet(ctx, key, i, v).Err()
		j, ok := at(i)
		if ok != (err == nil) {
			fail("LSET", i, err, ok)
		}
		if ok {
			l[j] = v
		}
	case 5:
		pivot, v, before := val(), val(), r.IntN(2) == 0
		where := "AFTER"
		if before {
			where = "BEFORE"
		}
		n, err := c.LInsert(ctx, key, where, pivot, v).Result()
		p := slices.Index(l, pivot)
		switch {
		case len(l) == 0:
			if err != nil || n != 0 {
				fail("LINSERT", n, err, 0)
			}
		case p < 0:
			if err != nil || n != -1 {
				fail("LINSERT", n, err, -1)
			}
		default:
			if !before {
				p++
			}
			l = slices.Insert(l, p, v)
			if err != nil || n != int64(len(l)) {
				fail("LINSERT", n, err, len(l))
			}
			set(l)
		}
	case 6:
		count, v := int64(r.IntN(5)-2), val()
		n, err := c.LRem(ctx, key, count, v).Result()
		want, kept := lremModel(l, count, v)
		if err != nil || n != want {
			fail("LREM", n, err, want)
		}
		set(kept)
	case 7:
		start, stop := idx(), idx()
		if key == "big" || key == "grow" {
			start, stop = int64(r.IntN(3)), int64(-1-r.IntN(3))
		}
		if err := c.LTrim(ctx, key, start, stop).Err(); err != nil {
			fail("LTRIM", start, err, stop)
		}
		from, to := lrangeModel(start, stop, len(l))
		set(slices.Clone(l[from:to]))
	case 8:
		dst := listPropKeys[r.IntN(len(listPropKeys))]
		fromLeft, toLeft := r.IntN(2) == 0, r.IntN(2) == 0
		got, err := c.LMove(ctx, key, dst, sideName(fromLeft), sideName(toLeft)).Result()
		if len(l) == 0 {
			if err != redis.Nil {
				fail("LMOVE", got, err, nil)
			}
			return
		}
		v := l[len(l)-1]
		if fromLeft {
			v, l = l[0], l[1:]
		} else {
			l = l[:len(l)-1]
		}
		set(l)
		d := m[dst]
		if toLeft {
			d = append([]string{v}, d...)
		} else {
			d = append(slices.Clone(d), v)
		}
		m[dst] = d
		if err != nil || got != v {
			fail("LMOVE", got, err, v)
		}
	case 9:
		if key == "big" || key == "grow" {
			return
		}
		dst := listPropKeys[r.IntN(4)]
		if dst == key {
			return
		}
		if r.IntN(2) == 0 {
			if err := c.Copy(ctx, key, dst, 0, true).Err(); err != nil {
				fail("COPY", dst, err, nil)
			}
			if l != nil {
				m[dst] = slices.Clone(l)
			}
			return
		}
		err := c.Rename(ctx, key, dst).Err()
		if (err == nil) != (l != nil) {
			fail("RENAME", dst, err, l != nil)
		}
		if l != nil {
			delete(m, key)
			m[dst] = l
		}
	case 10:
		i := idx()
		got, err := c.LIndex(ctx, key, i).Result()
		if j, ok := at(i); ok != (err == nil) || (ok && got != l[j]) {
			fail("LINDEX", got, err, i)
		}
	case 11:
		start, stop := idx(), idx()
		got, err := c.LRange(ctx, key, start, stop).Result()
		from, to := lrangeModel(start, stop, len(l))
		if err != nil || !slices.Equal(got, l[from:to]) && to > from {
			fail("LRANGE", got, err, l[from:to])
		}
	}
}

// sideName is LEFT or RIGHT.
func sideName(left bool) string {
	if left {
		return "LEFT"
	}
	return "RIGHT"
}

// lrangeModel is Redis's clamping of start and stop for a list of n.
func lrangeModel(start, stop int64, n int) (from, to int) {
	if start < 0 {
		start += int64(n)
	}
	if stop < 0 {
		stop += int64(n)
	}
	start = max(start, 0)
	if start > stop || start >= int64(n) {
		return 0, 0
	}
	return int(start), int(min(stop, int64(n)-1)) + 1
}

// lremModel is LREM count v on l: how many go, and what is kept.
func lremModel(l []string, count int64, v string) (int64, []string) {
	drop := make([]bool, len(l))
	var n int64
	for k := range l {
		i := k
		if count < 0 {
			i = len(l) - 1 - k
		}
		if l[i] == v && (count == 0 || n < max(count, -count)) {
			drop[i] = true
			n++
		}
	}
	var kept []string
	for i, x := range l {
		if !drop[i] {
			kept = append(kept, x)
		}
	}
	return n, kept
}

// checkListModel fails unless every key holds what the model says.
func checkListModel(t *testing.T, c *redis.Client, m listModel, when string) {
	t.Helper()
	ctx := context.Background()
	for _, key := range listPropKeys {
		got, err := c.LRange(ctx, key, 0, -1).Result()
		if err != nil {
			t.Fatalf("%s: LRANGE %s: %v", when, key, err)
		}
		if want := m[key]; !slices.Equal(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Errorf("%s: %s has %d elements, the model %d", when, key, len(got), len(want))
		}
		if n, err := c.LLen(ctx, key).Result(); err != nil || n != int64(len(m[key])) {
			t.Errorf("%s: LLEN %s = %d, %v; want %d", when, key, n, err, len(m[key]))
		}
	}
}

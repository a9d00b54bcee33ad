package e2e

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that SORT's BY and GET patterns are refused, with Redis's texts,
// to a user who may not read every key, and allowed to one who may.
func TestSortDiff_ACLPatterns(t *testing.T) {
	p := startHashPair(t, 2, nil)
	for _, cmd := range [][]string{
		{"RPUSH", "k:list", "2", "1"}, {"SET", "w_1", "5"},
		{"ACL", "SETUSER", "limited", "on", "nopass", "~k:*", "+@all"},
		{"ACL", "SETUSER", "reader", "on", "nopass", "%R~*", "~k:*", "+@all"},
		{"AUTH", "limited", "x"},
		{"SORT", "k:list"}, {"SORT", "k:list", "BY", "w_*"}, {"SORT", "k:list", "GET", "w_*"},
		{"SORT", "k:list", "BY", "nosort"}, {"SORT", "k:list", "GET", "#"}, {"SORT_RO", "k:list", "GET", "w_*"},
		{"SORT", "k:list", "STORE", "other"}, {"SORT", "k:list", "STORE", "k:out"},
		{"AUTH", "reader", "x"},
		{"SORT", "k:list", "BY", "w_*", "GET", "w_*"}, {"SORT", "k:list", "BY", "w_*", "STORE", "k:out2"},
	} {
		p.same(t, cmd...)
	}
}

// Ensure that a SORT reading BY and GET keys runs safely next to writers of
// those keys (it locks every shard while it reads them) and always sees
// each key whole.
func TestSort_PatternsWhileKeysChange(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	for i := range 50 {
		c.RPush(ctx, "ids", i)
		c.HSet(ctx, fmt.Sprintf("obj:%d", i), "weight", i, "name", fmt.Sprintf("n%d", i))
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		w := s.Client(t)
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			i := n % 50
			w.HSet(ctx, fmt.Sprintf("obj:%d", i), "weight", 50-i, "name", fmt.Sprintf("n%d", i))
		}
	}()
	for range 200 {
		got, err := c.Sort(ctx, "ids", &redis.Sort{By: "obj:*->weight", Get: []string{"#", "obj:*->name"}}).Result()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 100 {
			t.Fatalf("SORT returned %d values, want 100", len(got))
		}
		for j := 0; j < len(got); j += 2 {
			if got[j+1] != "n"+got[j] {
				t.Fatalf("GET obj:%s->name = %q", got[j], got[j+1])
			}
		}
	}
	close(stop)
	wg.Wait()
}

package e2e

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that MULTI/EXEC replies, queueing errors and runtime errors match
// Redis byte for byte.
func TestTxn_Differential(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Script(t, [][]string{
		{"EXEC"},
		{"DISCARD"},
		{"MULTI"},
		{"MULTI"}, // nested: an error that does not abort the transaction
		{"SET", "a", "1"},
		{"GET", "a"},
		{"EXEC"},
		// A queueing error (arity, unknown command) aborts EXEC.
		{"MULTI"},
		{"SET", "a", "2"},
		{"GET"},
		{"NOSUCH", "x"},
		{"EXEC"},
		{"GET", "a"},
		// A runtime error does not abort: the other commands run.
		{"MULTI"},
		{"SET", "s", "notanumber"},
		{"INCR", "s"},
		{"SET", "t", "ok"},
		{"EXEC"},
		{"GET", "t"},
		// WATCH inside MULTI is refused but does not abort.
		{"MULTI"},
		{"WATCH", "a"},
		{"EXEC"},
		{"WATCH", "a"},
		{"UNWATCH"},
		{"MULTI"},
		{"DISCARD"},
		{"EXEC"},
		{"MULTI"},
		{"EXEC"},
		// EXEC refused for its arity discards the transaction.
		{"MULTI"},
		{"SET", "never", "1"},
		{"EXEC", "x"},
		{"EXEC"},
		{"GET", "never"},
		// SELECT inside a transaction applies to the commands after it.
		{"MULTI"},
		{"SELECT", "3"},
		{"SET", "indb3", "x"},
		{"EXEC"},
		{"GET", "indb3"},
		{"SELECT", "0"},
		{"GET", "indb3"},
	})
}

func mustExecNil(t *testing.T, c *redis.Client, ctx context.Context, key string, between func()) {
	t.Helper()
	err := c.Watch(ctx, func(tx *redis.Tx) error {
		between()
		_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, key, "from-tx", 0)
			return nil
		})
		return err
	}, key)
	if !errors.Is(err, redis.TxFailedErr) {
		t.Fatalf("EXEC after the watched key changed: got %v, want %v", err, redis.TxFailedErr)
	}
}

// Ensure that WATCH fails EXEC on every kind of touch, and only then.
func TestTxn_Watch(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	other := s.Client(t)

	t.Run("write by another client", func(t *testing.T) {
		c.Set(ctx, "w1", "v", 0)
		mustExecNil(t, c, ctx, "w1", func() { other.Set(ctx, "w1", "v", 0) })
		if got := c.Get(ctx, "w1").Val(); got != "v" {
			t.Fatalf("aborted transaction wrote: got %q", got)
		}
	})
	t.Run("creation of a missing key", func(t *testing.T) {
		mustExecNil(t, c, ctx, "w2", func() { other.Set(ctx, "w2", "new", 0) })
	})
	t.Run("deletion", func(t *testing.T) {
		c.Set(ctx, "w3", "v", 0)
		mustExecNil(t, c, ctx, "w3", func() { other.Del(ctx, "w3") })
	})
	t.Run("expiry while watched", func(t *testing.T) {
		c.Set(ctx, "w4", "v", 50*time.Millisecond)
		mustExecNil(t, c, ctx, "w4", func() { time.Sleep(120 * time.Millisecond) })
	})
	t.Run("untouched key succeeds", func(t *testing.T) {
		c.Set(ctx, "w5", "v", 0)
		err := c.Watch(ctx, func(tx *redis.Tx) error {
			other.Set(ctx, "unrelated", "x", 0)
			other.Do(ctx, "SELECT", "1")
			_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, "w5", "from-tx", 0)
				return nil
			})
			return err
		}, "w5")
		if err != nil {
			t.Fatalf("EXEC with untouched watched key: %v", err)
		}
		if got := c.Get(ctx, "w5").Val(); got != "from-tx" {
			t.Fatalf("got %q, want from-tx", got)
		}
	})
	t.Run("same key name in another db does not count", func(t *testing.T) {
		c.Set(ctx, "w6", "v", 0)
		db1 := s.Client(t, func(o *redis.Options) { o.DB = 1 })
		err := c.Watch(ctx, func(tx *redis.Tx) error {
			db1.Set(ctx, "w6", "other-db", 0)
			_, err := tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, "w6", "from-tx", 0)
				return nil
			})
			return err
		}, "w6")
		if err != nil {
			t.Fatalf("EXEC: %v", err)
		}
	})
}

// Ensure that optimistic WATCH/MULTI/EXEC increments from many clients lose
// no update: EXEC runs as if alone.
func TestTxn_WatchCounterUnderContention(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	const clients, perClient = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := s.Client(t)
			for n := 0; n < perClient; {
				err := c.Watch(ctx, func(tx *redis.Tx) error {
					v, err := tx.Get(ctx, "counter").Int()
					if err != nil && err != redis.Nil {
						return err
					}
					_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
						p.Set(ctx, "counter", v+1, 0)
						return nil
					})
					return err
				}, "counter")
				if errors.Is(err, redis.TxFailedErr) {
					continue
				}
				if err != nil {
					errs <- err
					return
				}
				n++
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := s.Client(t).Get(ctx, "counter").Int()
	if err != nil || got != clients*perClient {
		t.Fatalf("counter = %d, %v; want %d", got, err, clients*perClient)
	}
}

// Ensure that another client never sees half of a transaction.
func TestTxn_Isolation(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	writer := s.Client(t)
	reader := s.Client(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 300; i++ {
			v := fmt.Sprint(i)
			_, err := writer.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, "x{iso}", v, 0)
				p.Set(ctx, "y{iso}", v, 0)
				p.Set(ctx, "z-other-shard", v, 0)
				return nil
			})
			if err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for {
		select {
		case <-done:
			return
		default:
		}
		vals, err := reader.MGet(ctx, "x{iso}", "y{iso}", "z-other-shard").Result()
		if err != nil {
			t.Fatal(err)
		}
		if vals[0] != vals[1] || vals[1] != vals[2] {
			t.Fatalf("saw a partial transaction: %v", vals)
		}
	}
}

// Ensure that a transaction survives a restart as a whole.
func TestTxn_DurableAsOneBatch(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, "t1", "a", 0)
		p.Set(ctx, "t2", "b", 0)
		p.Del(ctx, "t1")
		p.Set(ctx, "t3", "c", 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Restart(t)
	c = s.Client(t)
	got, _ := c.MGet(ctx, "t1", "t2", "t3").Result()
	if got[0] != nil || got[1] != "b" || got[2] != "c" {
		t.Fatalf("after restart: %v, want [nil b c]", got)
	}
	if n := c.DBSize(ctx).Val(); n != 2 {
		t.Fatalf("DBSIZE = %d, want 2", n)
	}
}

// Ensure that SELECT validates its index as Redis does.
func TestSelect_Differential(t *testing.T) {
	p := testserver.StartPair(t, nil)
	for _, arg := range []string{"4294967296", "-1", "abc", "2147483648", "16", " 1", "01", "15", "0"} {
		p.Compare(t, "SELECT", arg)
	}
}

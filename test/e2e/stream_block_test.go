package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Blocking stream reads: XREAD BLOCK and XREADGROUP BLOCK wait for an XADD
// from another client (or a transaction), time out, and fail when their
// stream or group goes away, as in Redis.

// xblockResult is what a blocked XREAD or XREADGROUP got.
type xblockResult struct {
	streams []redis.XStream
	err     error
	took    time.Duration
}

// goXread runs read in a goroutine and returns where its result arrives.
func goXread(read func() ([]redis.XStream, error)) <-chan xblockResult {
	ch := make(chan xblockResult, 1)
	go func() {
		start := time.Now()
		s, err := read()
		ch <- xblockResult{s, err, time.Since(start)}
	}()
	return ch
}

// Ensure the order-processing flow works end to end: a worker blocked on
// its group is woken by another client's XADD, acknowledges, and the
// pending entries of a worker that died are claimed by another with
// XAUTOCLAIM.
func TestStreamBlock_OrderProcessing(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	producer, worker1, worker2 := s.Client(t), s.Client(t), s.Client(t)
	if err := producer.XAdd(ctx, &redis.XAddArgs{Stream: "orders",
		Values: []any{"order_id", "1234", "amount", "49.99"}}).Err(); err != nil {
		t.Fatal(err)
	}
	if err := producer.XGroupCreateMkStream(ctx, "orders", "order_processors", "$").Err(); err != nil {
		t.Fatal(err)
	}
	read := func(c *redis.Client, consumer string) <-chan xblockResult {
		return goXread(func() ([]redis.XStream, error) {
			return c.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "order_processors", Consumer: consumer,
				Streams: []string{"orders", ">"}, Count: 5, Block: 2000 * time.Millisecond}).Result()
		})
	}
	ch := read(worker1, "worker-1")
	waitBlockedClients(t, producer, 1)
	id, err := producer.XAdd(ctx, &redis.XAddArgs{Stream: "orders",
		Values: []any{"order_id", "1235", "amount", "10.00"}}).Result()
	if err != nil {
		t.Fatal(err)
	}
	r := waitFor(t, ch)
	if r.err != nil || len(r.streams) != 1 || r.streams[0].Stream != "orders" || len(r.streams[0].Messages) != 1 ||
		r.streams[0].Messages[0].ID != id || r.streams[0].Messages[0].Values["order_id"] != "1235" {
		t.Fatalf("worker-1 got %+v, %v; want the entry %s", r.streams, r.err, id)
	}
	if n, err := worker1.XAck(ctx, "orders", "order_processors", id).Result(); err != nil || n != 1 {
		t.Errorf("XACK: %d, %v", n, err)
	}

	// worker-1 reads another order and dies before acknowledging it.
	ch = read(worker1, "worker-1")
	waitBlockedClients(t, producer, 1)
	lost, err := producer.XAdd(ctx, &redis.XAddArgs{Stream: "orders", Values: []any{"order_id", "1236"}}).Result()
	if err != nil {
		t.Fatal(err)
	}
	if r := waitFor(t, ch); r.err != nil || len(r.streams) != 1 || r.streams[0].Messages[0].ID != lost {
		t.Fatalf("worker-1 got %+v, %v", r.streams, r.err)
	}
	worker1.Close()
	msgs, next, err := worker2.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: "orders", Group: "order_processors",
		Consumer: "worker-2", MinIdle: 0, Start: "0", Count: 10}).Result()
	if err != nil || len(msgs) != 1 || msgs[0].ID != lost || next != "0-0" {
		t.Fatalf("XAUTOCLAIM: %+v %q, %v", msgs, next, err)
	}
	pending, err := worker2.XPending(ctx, "orders", "order_processors").Result()
	if err != nil || pending.Count != 1 || pending.Consumers["worker-2"] != 1 || pending.Consumers["worker-1"] != 0 {
		t.Errorf("XPENDING after the claim: %+v, %v", pending, err)
	}
}

// Ensure that XREAD BLOCK on two streams wakes with the one that got an
// entry, that "$" means the last ID at the time of the call, and that a
// timeout answers nil.
func TestStreamBlock_XreadTwoStreams(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c, reader := s.Client(t), s.Client(t)
	c.XAdd(ctx, &redis.XAddArgs{Stream: "a", ID: "1-1", Values: []any{"old", "1"}})
	ch := goXread(func() ([]redis.XStream, error) {
		return reader.XRead(ctx, &redis.XReadArgs{Streams: []string{"a", "b", "$", "$"}, Block: 5 * time.Second}).Result()
	})
	waitBlockedClients(t, c, 1)
	c.XAdd(ctx, &redis.XAddArgs{Stream: "b", ID: "5-1", Values: []any{"new", "2"}})
	r := waitFor(t, ch)
	if r.err != nil || len(r.streams) != 1 || r.streams[0].Stream != "b" || r.streams[0].Messages[0].ID != "5-1" {
		t.Fatalf("XREAD got %+v, %v; want b's 5-1", r.streams, r.err)
	}

	start := time.Now()
	res, err := reader.XRead(ctx, &redis.XReadArgs{Streams: []string{"a", "$"}, Block: 100 * time.Millisecond}).Result()
	if !errors.Is(err, redis.Nil) || time.Since(start) < 90*time.Millisecond {
		t.Errorf("XREAD BLOCK 100: %v, %v after %v; want nil after the timeout", res, err, time.Since(start))
	}
}

// Ensure that an XADD inside MULTI/EXEC wakes a blocked reader once the
// transaction is done.
func TestStreamBlock_WokenByExec(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c, reader := s.Client(t), s.Client(t)
	ch := goXread(func() ([]redis.XStream, error) {
		return reader.XRead(ctx, &redis.XReadArgs{Streams: []string{"tx", "0"}, Block: 0}).Result()
	})
	waitBlockedClients(t, c, 1)
	_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.XAdd(ctx, &redis.XAddArgs{Stream: "tx", ID: "1-1", Values: []any{"f", "1"}})
		p.XAdd(ctx, &redis.XAddArgs{Stream: "tx", ID: "1-2", Values: []any{"f", "2"}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := waitFor(t, ch)
	if r.err != nil || len(r.streams) != 1 || len(r.streams[0].Messages) != 2 {
		t.Fatalf("XREAD got %+v, %v; want both entries of the transaction", r.streams, r.err)
	}
}

// Ensure that blocked group consumers are served first come, first served
// (an entry goes to one of them), and that a blocked XREADGROUP fails when
// its group is destroyed.
func TestStreamBlock_GroupConsumers(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c, r1, r2 := s.Client(t), s.Client(t), s.Client(t)
	if err := c.XGroupCreateMkStream(ctx, "q", "g", "$").Err(); err != nil {
		t.Fatal(err)
	}
	read := func(rc *redis.Client, consumer string) <-chan xblockResult {
		return goXread(func() ([]redis.XStream, error) {
			return rc.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: consumer,
				Streams: []string{"q", ">"}, Block: 5 * time.Second}).Result()
		})
	}
	ch1 := read(r1, "first")
	waitBlockedClients(t, c, 1)
	ch2 := read(r2, "second")
	waitBlockedClients(t, c, 2)
	c.XAdd(ctx, &redis.XAddArgs{Stream: "q", ID: "1-1", Values: []any{"job", "1"}})
	if r := waitFor(t, ch1); r.err != nil || len(r.streams) != 1 || r.streams[0].Messages[0].ID != "1-1" {
		t.Fatalf("first consumer got %+v, %v", r.streams, r.err)
	}
	waitBlockedClients(t, c, 1)
	if err := c.XGroupDestroy(ctx, "q", "g").Err(); err != nil {
		t.Fatal(err)
	}
	if r := waitFor(t, ch2); r.err == nil || r.err.Error() != "NOGROUP the consumer group this client was blocked on no longer exists" {
		t.Errorf("second consumer after XGROUP DESTROY: %+v, %v", r.streams, r.err)
	}
}

// Ensure that a blocked XREADGROUP fails when its stream is deleted, as in
// Redis 7.0 (the engine must offer deleted keys to their waiters).
func TestStreamBlock_StreamDeleted(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c, reader := s.Client(t), s.Client(t)
	if err := c.XGroupCreateMkStream(ctx, "q", "g", "$").Err(); err != nil {
		t.Fatal(err)
	}
	ch := goXread(func() ([]redis.XStream, error) {
		return reader.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c",
			Streams: []string{"q", ">"}, Block: 5 * time.Second}).Result()
	})
	waitBlockedClients(t, c, 1)
	c.Del(ctx, "q")
	if r := waitFor(t, ch); r.err == nil || r.err.Error() != "UNBLOCKED the stream key no longer exists" {
		t.Errorf("consumer after DEL: %+v, %v", r.streams, r.err)
	}
}

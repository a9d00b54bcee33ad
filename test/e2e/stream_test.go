package e2e

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// End-to-end tests of the stream commands through go-redis, each run with
// the streams just written (hot) and again after a restart, when only the
// disk has them: a small stream with a consumer group, a big one of
// bigStream entries, and a string.

// bigStream is the number of entries of the big test stream.
const bigStream = 5000

// streamSetup writes s (entries 1-1, 1-2, 2-0 and a group g at 0 with
// consumer c1 holding 1-1 and 1-2 pending), big (bigStream entries i-1)
// and the string str.
func streamSetup() []strStep {
	steps := []strStep{
		{args: strArgs("XADD", "s", "1-1", "a", "1"), want: "1-1"},
		{args: strArgs("XADD", "s", "1-2", "b", "2"), want: "1-2"},
		{args: strArgs("XADD", "s", "2-0", "a", "3", "b", "4"), want: "2-0"},
		{args: strArgs("XGROUP", "CREATE", "s", "g", "0"), want: "OK"},
		{args: strArgs("XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "s", ">"),
			want: []any{[]any{"s", []any{xentry("1-1", "a", "1"), xentry("1-2", "b", "2")}}}},
		{args: strArgs("SET", "str", "x"), want: "OK"},
	}
	for i := 1; i <= bigStream; i++ {
		id := fmt.Sprintf("%d-1", i)
		steps = append(steps, strStep{args: strArgs("XADD", "big", id, "n", i), want: id})
	}
	return steps
}

// xentry is an entry as go-redis's Do returns it.
func xentry(id string, pairs ...any) []any { return []any{id, pairs} }

// Ensure that XADD, XLEN, XRANGE, XREVRANGE, XDEL and XTRIM work on small
// and big streams, hot and cold, with Redis's errors.
func TestStream_Entries(t *testing.T) {
	forHotAndCold(t, streamSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("XLEN", "s"), want: int64(3)},
			{args: strArgs("XLEN", "big"), want: int64(bigStream)},
			{args: strArgs("XLEN", "nokey"), want: int64(0)},
			{args: strArgs("XRANGE", "s", "-", "+", "COUNT", "2"), want: []any{xentry("1-1", "a", "1"), xentry("1-2", "b", "2")}},
			{args: strArgs("XRANGE", "s", "(1-1", "1"), want: []any{xentry("1-2", "b", "2")}},
			{args: strArgs("XRANGE", "big", "4321", "4322"), want: []any{xentry("4321-1", "n", "4321"), xentry("4322-1", "n", "4322")}},
			{args: strArgs("XREVRANGE", "big", "+", "-", "COUNT", "1"), want: []any{xentry("5000-1", "n", "5000")}},
			{args: strArgs("XREVRANGE", "s", "(2-0", "-"), want: []any{xentry("1-2", "b", "2"), xentry("1-1", "a", "1")}},
			{args: strArgs("XRANGE", "s", "-", "+", "COUNT", "0"), want: nil},
			{args: strArgs("XRANGE", "nokey", "-", "+"), want: []any{}},
			{args: strArgs("XADD", "s", "2-0", "x", "y"), err: "ERR The ID specified in XADD is equal or smaller than the target stream top item"},
			{args: strArgs("XADD", "s", "0-0", "x", "y"), err: "ERR The ID specified in XADD must be greater than 0-0"},
			{args: strArgs("XADD", "s", "2-*", "x", "y"), want: "2-1"},
			{args: strArgs("XADD", "s", "3-x", "x", "y"), err: "ERR Invalid stream ID specified as stream command argument"},
			{args: strArgs("XADD", "s", "3-0", "x"), err: "ERR wrong number of arguments for 'xadd' command"},
			{args: strArgs("XADD", "nokey", "NOMKSTREAM", "*", "x", "y"), want: nil},
			{args: strArgs("XADD", "s", "MAXLEN", "-1", "*", "x", "y"), err: "ERR The MAXLEN argument must be >= 0."},
			{args: strArgs("XADD", "s", "MAXLEN", "1", "LIMIT", "1", "*", "x", "y"), err: "ERR syntax error, LIMIT cannot be used without the special ~ option"},
			{args: strArgs("XADD", "s", "MAXLEN", "1", "MINID", "1", "*", "x", "y"), err: "ERR syntax error, MAXLEN and MINID options at the same time are not compatible"},
			{args: strArgs("XADD", "str", "*", "x", "y"), err: errWrongType},
			{args: strArgs("XLEN", "str"), err: errWrongType},
			{args: strArgs("XRANGE", "str", "-", "+"), err: errWrongType},
			{args: strArgs("XRANGE", "s", "(-", "+"), err: "ERR Invalid stream ID specified as stream command argument"},
			{args: strArgs("XRANGE", "s", "-", "(0-0"), err: "ERR invalid end ID for the interval"},
			{args: strArgs("XRANGE", "s", "-", "+", "FOO"), err: "ERR syntax error"},
			{args: strArgs("XDEL", "s", "1-2", "9-9"), want: int64(1)},
			{args: strArgs("XDEL", "s", "bad"), err: "ERR Invalid stream ID specified as stream command argument"},
			{args: strArgs("XDEL", "nokey", "bad"), want: int64(0)},
			{args: strArgs("XDEL", "big", "1-1", "2-1", "5000-1"), want: int64(3)},
			{args: strArgs("XTRIM", "big", "MAXLEN", "100"), want: int64(bigStream - 3 - 100)},
			{args: strArgs("XTRIM", "big", "MINID", "4990"), want: int64(90)},
			{args: strArgs("XTRIM", "big", "MAXLEN", "~", "1"), want: int64(0)},
			{args: strArgs("XTRIM", "s"), err: "ERR wrong number of arguments for 'xtrim' command"},
			{args: strArgs("XTRIM", "s", "FOO", "1"), err: "ERR syntax error"},
			{args: strArgs("XTRIM", "s", "LIMIT", "1"), err: "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"},
			{args: strArgs("XTRIM", "nokey", "MAXLEN", "0"), want: int64(0)},
			{args: strArgs("XLEN", "big"), want: int64(10)},
			{args: strArgs("XRANGE", "big", "-", "+", "COUNT", "1"), want: []any{xentry("4990-1", "n", "4990")}},
			{args: strArgs("TYPE", "s"), want: "stream"},
			{args: strArgs("OBJECT", "ENCODING", "big"), want: "stream"},
		})
		ctx := context.Background()
		msgs, err := c.XRange(ctx, "s", "-", "+").Result()
		want := []redis.XMessage{{ID: "1-1", Values: map[string]any{"a": "1"}},
			{ID: "2-0", Values: map[string]any{"a": "3", "b": "4"}}, {ID: "2-1", Values: map[string]any{"x": "y"}}}
		if err != nil || !reflect.DeepEqual(msgs, want) {
			t.Errorf("XRange: %v, %v; want %v", msgs, err, want)
		}
		id, err := c.XAdd(ctx, &redis.XAddArgs{Stream: "s", MaxLen: 2, Values: []any{"k", "v"}}).Result()
		if err != nil || id == "" {
			t.Errorf("XAdd with MAXLEN: %q, %v", id, err)
		}
		if n, err := c.XLen(ctx, "s").Result(); err != nil || n != 2 {
			t.Errorf("XLEN after XADD MAXLEN 2: %d, %v", n, err)
		}
	})
}

// Ensure that XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM and XAUTOCLAIM
// keep a group's state, hot and cold, with Redis's errors.
func TestStream_Groups(t *testing.T) {
	forHotAndCold(t, streamSetup(), func(t *testing.T, c *redis.Client) {
		runStrSteps(t, c, []strStep{
			{args: strArgs("XGROUP", "CREATE", "s", "g", "$"), err: "BUSYGROUP Consumer Group name already exists"},
			{args: strArgs("XGROUP", "CREATE", "nokey", "g", "$"), err: "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."},
			{args: strArgs("XGROUP", "CREATE", "s", "h", "$", "ENTRIESREAD", "-3"), err: "ERR value for ENTRIESREAD must be positive or -1"},
			{args: strArgs("XGROUP", "CREATE", "s", "h", "$", "FOO"), err: "ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP."},
			{args: strArgs("XGROUP", "CREATE", "str", "g", "$"), err: errWrongType},
			{args: strArgs("XGROUP", "SETID", "s", "nog", "0"), err: "NOGROUP No such consumer group 'nog' for key name 's'"},
			{args: strArgs("XGROUP", "FOO"), err: "ERR unknown subcommand 'FOO'. Try XGROUP HELP."},
			{args: strArgs("XPENDING", "s", "g"), want: []any{int64(2), "1-1", "1-2", []any{[]any{"c1", "2"}}}},
			{args: strArgs("XPENDING", "s", "nog"), err: "NOGROUP No such key 's' or consumer group 'nog'"},
			{args: strArgs("XPENDING", "s", "g", "-", "+"), err: "ERR syntax error"},
			{args: strArgs("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"),
				want: []any{[]any{"s", []any{xentry("2-0", "a", "3", "b", "4")}}}},
			{args: strArgs("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0"),
				want: []any{[]any{"s", []any{xentry("1-1", "a", "1"), xentry("1-2", "b", "2")}}}},
			{args: strArgs("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">"), want: nil},
			{args: strArgs("XREADGROUP", "GROUP", "nog", "c1", "STREAMS", "s", ">"), err: "NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option"},
			{args: strArgs("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "$"), err: "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set."},
			{args: strArgs("XREAD", "STREAMS", "s", ">"), err: "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."},
			{args: strArgs("XREAD", "BLOCK", "-5", "STREAMS", "s", "0"), err: "ERR timeout is negative"},
			{args: strArgs("XREAD", "BLOCK", "1.5", "STREAMS", "s", "0"), err: "ERR timeout is not an integer or out of range"},
			{args: strArgs("XREAD", "STREAMS", "s", "big", "1-1"), err: "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."},
			{args: strArgs("XACK", "s", "g", "1-2", "1-2", "9-9"), want: int64(1)},
			{args: strArgs("XACK", "s", "g", "bad"), err: "ERR Invalid stream ID specified as stream command argument"},
			{args: strArgs("XACK", "s", "nog", "bad"), want: int64(0)},
			{args: strArgs("XCLAIM", "s", "g", "c3", "0", "1-1", "JUSTID"), want: []any{"1-1"}},
			{args: strArgs("XCLAIM", "s", "g", "c3", "x", "1-1"), err: "ERR Invalid min-idle-time argument for XCLAIM"},
			{args: strArgs("XCLAIM", "s", "g", "c3", "0", "1-1", "FOO"), err: "ERR Unrecognized XCLAIM option 'FOO'"},
			{args: strArgs("XCLAIM", "s", "nog", "c3", "0", "1-1"), err: "NOGROUP No such key 's' or consumer group 'nog'"},
			{args: strArgs("XDEL", "s", "2-0"), want: int64(1)},
			{args: strArgs("XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "10"),
				want: []any{"0-0", []any{xentry("1-1", "a", "1")}, []any{"2-0"}}},
			{args: strArgs("XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "0"), err: "ERR COUNT must be > 0"},
			{args: strArgs("XPENDING", "s", "g"), want: []any{int64(1), "1-1", "1-1", []any{[]any{"c4", "1"}}}},
			{args: strArgs("XGROUP", "CREATECONSUMER", "s", "g", "c9"), want: int64(1)},
			{args: strArgs("XGROUP", "CREATECONSUMER", "s", "g", "c9"), want: int64(0)},
			{args: strArgs("XGROUP", "DELCONSUMER", "s", "g", "c4"), want: int64(1)},
			{args: strArgs("XPENDING", "s", "g"), want: []any{int64(0), nil, nil, nil}},
			{args: strArgs("XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "0"), want: "OK"},
			{args: strArgs("XGROUP", "DESTROY", "s", "g"), want: int64(1)},
			{args: strArgs("XGROUP", "DESTROY", "s", "g"), want: int64(0)},
			{args: strArgs("XGROUP", "CREATE", "fresh", "g", "$", "MKSTREAM"), want: "OK"},
			{args: strArgs("XLEN", "fresh"), want: int64(0)},
		})
		ctx := context.Background()
		if err := c.XGroupCreate(ctx, "big", "workers", "0").Err(); err != nil {
			t.Fatal(err)
		}
		res, err := c.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "workers", Consumer: "w1",
			Streams: []string{"big", ">"}, Count: 3}).Result()
		if err != nil || len(res) != 1 || len(res[0].Messages) != 3 || res[0].Messages[2].ID != "3-1" {
			t.Fatalf("XReadGroup: %v, %v", res, err)
		}
		ext, err := c.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: "big", Group: "workers", Start: "-",
			End: "+", Count: 10, Consumer: "w1"}).Result()
		if err != nil || len(ext) != 3 || ext[0].ID != "1-1" || ext[0].RetryCount != 1 {
			t.Errorf("XPendingExt: %v, %v", ext, err)
		}
		claimed, err := c.XClaim(ctx, &redis.XClaimArgs{Stream: "big", Group: "workers", Consumer: "w2",
			Messages: []string{"2-1"}}).Result()
		if err != nil || len(claimed) != 1 || claimed[0].Values["n"] != "2" {
			t.Errorf("XClaim: %v, %v", claimed, err)
		}
		ids, next, err := c.XAutoClaimJustID(ctx, &redis.XAutoClaimArgs{Stream: "big", Group: "workers",
			Consumer: "w3", Start: "0", Count: 2}).Result()
		if err != nil || !reflect.DeepEqual(ids, []string{"1-1", "2-1"}) || next != "3-1" {
			t.Errorf("XAutoClaimJustID: %v %q, %v", ids, next, err)
		}
		groups, err := c.XInfoGroups(ctx, "big").Result()
		if err != nil || len(groups) != 1 || groups[0].Pending != 3 || groups[0].Consumers != 3 ||
			groups[0].EntriesRead != 3 || groups[0].Lag != bigStream-3 {
			t.Errorf("XInfoGroups: %+v, %v", groups, err)
		}
		consumers, err := c.XInfoConsumers(ctx, "big", "workers").Result()
		if err != nil || len(consumers) != 3 || consumers[2].Name != "w3" || consumers[2].Pending != 2 {
			t.Errorf("XInfoConsumers: %+v, %v", consumers, err)
		}
	})
}

// Ensure that XINFO STREAM (plain and FULL) and XSETID report the
// stream's metadata, hot and cold.
func TestStream_Info(t *testing.T) {
	forHotAndCold(t, streamSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		info, err := c.XInfoStream(ctx, "s").Result()
		if err != nil || info.Length != 3 || info.LastGeneratedID != "2-0" || info.EntriesAdded != 3 ||
			info.Groups != 1 || info.FirstEntry.ID != "1-1" || info.LastEntry.ID != "2-0" || info.RadixTreeKeys != 1 {
			t.Errorf("XInfoStream: %+v, %v", info, err)
		}
		full, err := c.XInfoStreamFull(ctx, "s", 0).Result()
		if err != nil || len(full.Entries) != 3 || len(full.Groups) != 1 || full.Groups[0].PelCount != 2 ||
			len(full.Groups[0].Consumers) != 1 || len(full.Groups[0].Consumers[0].Pending) != 2 {
			t.Errorf("XInfoStreamFull: %+v, %v", full, err)
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("XINFO", "STREAM", "nokey"), err: "ERR no such key"},
			{args: strArgs("XINFO", "STREAM", "str"), err: errWrongType},
			{args: strArgs("XINFO", "STREAM", "s", "FULL", "COUNT"), err: "ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP."},
			{args: strArgs("XINFO", "CONSUMERS", "s", "nog"), err: "NOGROUP No such consumer group 'nog' for key name 's'"},
			{args: strArgs("XSETID", "s", "1-0"), err: "ERR The ID specified in XSETID is smaller than the target stream top item"},
			{args: strArgs("XSETID", "s", "5-0", "ENTRIESADDED", "1"), err: "ERR The entries_added specified in XSETID is smaller than the target stream length"},
			{args: strArgs("XSETID", "s", "5-0", "MAXDELETEDID", "6-0"), err: "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id"},
			{args: strArgs("XSETID", "nokey", "5-0"), err: "ERR no such key"},
			{args: strArgs("XSETID", "s", "5-0", "ENTRIESADDED", "9", "MAXDELETEDID", "1-5"), want: "OK"},
			{args: strArgs("XADD", "s", "5-0", "a", "b"), err: "ERR The ID specified in XADD is equal or smaller than the target stream top item"},
		})
		info, err = c.XInfoStream(ctx, "s").Result()
		if err != nil || info.LastGeneratedID != "5-0" || info.EntriesAdded != 9 || info.MaxDeletedEntryID != "1-5" {
			t.Errorf("XInfoStream after XSETID: %+v, %v", info, err)
		}
	})
}

// Ensure that DUMP and RESTORE give back the same stream, groups and
// pending entries included, and that RENAME, COPY, DEL and EXPIRE work on
// streams, hot and cold.
func TestStream_KeyCommands(t *testing.T) {
	forHotAndCold(t, streamSetup(), func(t *testing.T, c *redis.Client) {
		ctx := context.Background()
		for _, key := range []string{"s", "big"} {
			dump, err := c.Dump(ctx, key).Result()
			if err != nil {
				t.Fatalf("DUMP %s: %v", key, err)
			}
			if err := c.Restore(ctx, key+"-copy", 0, dump).Err(); err != nil {
				t.Fatalf("RESTORE %s: %v", key, err)
			}
			again, err := c.Dump(ctx, key+"-copy").Result()
			if err != nil || again != dump {
				t.Errorf("DUMP of the restored %s differs: %v", key, err)
			}
			want, _ := c.XInfoStreamFull(ctx, key, 1<<30).Result()
			got, err := c.XInfoStreamFull(ctx, key+"-copy", 1<<30).Result()
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("XINFO STREAM FULL of the restored %s: %+v, %v", key, got, err)
			}
		}
		runStrSteps(t, c, []strStep{
			{args: strArgs("RESTORE", "bad", "0", "junk"), err: "ERR DUMP payload version or checksum are wrong"},
			{args: strArgs("RENAME", "s", "t"), want: "OK"},
			{args: strArgs("XPENDING", "t", "g"), want: []any{int64(2), "1-1", "1-2", []any{[]any{"c1", "2"}}}},
			{args: strArgs("COPY", "t", "u"), want: int64(1)},
			{args: strArgs("XACK", "u", "g", "1-1"), want: int64(1)},
			{args: strArgs("XPENDING", "t", "g"), want: []any{int64(2), "1-1", "1-2", []any{[]any{"c1", "2"}}}},
			{args: strArgs("EXPIRE", "t", "100"), want: int64(1)},
			{args: strArgs("DEL", "t", "big"), want: int64(2)},
			{args: strArgs("XLEN", "big"), want: int64(0)},
			{args: strArgs("EXISTS", "big-copy", "u"), want: int64(2)},
		})
	})
}

// Ensure that XADD inside MULTI/EXEC is seen by the commands after it and
// that a blocking read inside a transaction answers at once.
func TestStream_MultiExec(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	cmds, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.XAdd(ctx, &redis.XAddArgs{Stream: "m", ID: "1-1", Values: []any{"a", "1"}})
		p.XGroupCreate(ctx, "m", "g", "0")
		p.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c", Streams: []string{"m", ">"}, Block: time.Second})
		p.XRead(ctx, &redis.XReadArgs{Streams: []string{"m", "$"}, Block: time.Second})
		return nil
	})
	if len(cmds) != 4 {
		t.Fatalf("EXEC: %d replies, %v", len(cmds), err)
	}
	if r, err := cmds[2].(*redis.XStreamSliceCmd).Result(); err != nil || len(r) != 1 || r[0].Messages[0].ID != "1-1" {
		t.Errorf("XREADGROUP in MULTI: %v, %v", r, err)
	}
	if r, err := cmds[3].(*redis.XStreamSliceCmd).Result(); err != redis.Nil {
		t.Errorf("XREAD BLOCK $ in MULTI: %v, %v; want nil at once", r, err)
	}
}

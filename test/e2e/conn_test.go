package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that a go-redis client speaking RESP3 gets HELLO's map and RESP3
// replies.
func TestConn_Hello3WithGoRedis(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t, func(o *redis.Options) { o.Protocol = 3 })
	hello, err := c.Do(ctx, "HELLO", "3").Result()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := hello.(map[any]any)
	if !ok {
		t.Fatalf("HELLO 3 replied %T %v, want a map", hello, hello)
	}
	id, err := c.ClientID(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{"server": "redis", "version": "7.0.15", "proto": int64(3), "id": id,
		"mode": "standalone", "role": "master", "modules": []any{}} {
		if got := m[k]; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("HELLO %s = %v, want %v", k, got, want)
		}
	}
	info, err := c.ClientInfo(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	if info.Resp != 3 {
		t.Errorf("CLIENT INFO resp = %d, want 3", info.Resp)
	}
	if err := c.Get(ctx, "missing").Err(); err != redis.Nil {
		t.Errorf("GET missing over RESP3: %v, want redis.Nil", err)
	}
}

// Ensure that requirepass is enforced and that go-redis authenticates with
// it, over RESP2 (AUTH) and RESP3 (HELLO 3 AUTH).
func TestConn_AuthWithPassword(t *testing.T) {
	s := testserver.Start(t, map[string]string{"requirepass": "s3cret"})
	ctx := context.Background()
	for _, proto := range []int{2, 3} {
		c := s.Client(t, func(o *redis.Options) { o.Protocol = proto; o.Password = "s3cret" })
		if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
			t.Errorf("RESP%d with the password: %v", proto, err)
		}
		wrong := s.Client(t, func(o *redis.Options) { o.Protocol = proto; o.Password = "nope" })
		if err := wrong.Ping(ctx).Err(); err == nil ||
			err.Error() != "WRONGPASS invalid username-password pair or user is disabled." {
			t.Errorf("RESP%d with a wrong password: %v", proto, err)
		}
		named := s.Client(t, func(o *redis.Options) {
			o.Protocol = proto
			o.Username, o.Password = "default", "s3cret"
		})
		if err := named.Ping(ctx).Err(); err != nil {
			t.Errorf("RESP%d as user default: %v", proto, err)
		}
	}
	got, _ := connExchange(t, s.Addr, []byte("GET k\r\nAUTH s3cret\r\nGET k\r\n"), 300*time.Millisecond)
	if want := "-NOAUTH Authentication required.\r\n+OK\r\n$1\r\nv\r\n"; got != want {
		t.Errorf("GET without, then with a password: %q, want %q", got, want)
	}
}

// Ensure that a client connected while there was no password stays
// authenticated after CONFIG SET requirepass, and that new clients must
// authenticate (as in Redis).
func TestConn_RequirepassSetAtRunTime(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	old := s.Client(t, func(o *redis.Options) { o.PoolSize = 1 })
	if err := old.ConfigSet(ctx, "requirepass", "later").Err(); err != nil {
		t.Fatal(err)
	}
	if err := old.Ping(ctx).Err(); err != nil {
		t.Errorf("the client connected before: %v", err)
	}
	if got, _ := connExchange(t, s.Addr, []byte("PING\r\n"), 300*time.Millisecond); got != "-NOAUTH Authentication required.\r\n" {
		t.Errorf("a new client without a password: %q", got)
	}
}

// Ensure that a client with replies off is still closed by QUIT (Redis 7.0
// leaves it open, waiting for a reply it will never send).
func TestConn_ReplyOffThenQuitCloses(t *testing.T) {
	s := testserver.Start(t, nil)
	got, closed := connExchange(t, s.Addr, []byte("CLIENT REPLY OFF\r\nQUIT\r\nPING\r\n"), 2*time.Second)
	if got != "" || !closed {
		t.Fatalf("got %q closed=%v; want no reply and closed", got, closed)
	}
}

// Ensure that CLIENT SETNAME, GETNAME, ID, LIST, INFO and KILL work from
// go-redis, and CLIENT LIST has Redis 7.0's fields in Redis's order.
func TestConn_ClientCommands(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	a := s.Client(t, func(o *redis.Options) { o.PoolSize = 1 })
	b := s.Client(t, func(o *redis.Options) { o.PoolSize = 1; o.ClientName = "bee" })
	if err := a.Do(ctx, "CLIENT", "SETNAME", "ant").Err(); err != nil {
		t.Fatal(err)
	}
	if got := a.ClientGetName(ctx).Val(); got != "ant" {
		t.Errorf("CLIENT GETNAME = %q, want ant", got)
	}
	if err := a.Do(ctx, "CLIENT", "SETNAME", "two words").Err(); err == nil ||
		err.Error() != "ERR Client names cannot contain spaces, newlines or special characters." {
		t.Errorf("CLIENT SETNAME with a space: %v", err)
	}
	bID := b.ClientID(ctx).Val()
	list, err := a.ClientList(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	fields := []string{"id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub",
		"multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem",
		"events", "cmd", "user", "redir", "resp"}
	lines := strings.Split(strings.TrimSuffix(list, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("CLIENT LIST has %d lines, want 2:\n%s", len(lines), list)
	}
	for _, line := range lines {
		var names []string
		for _, kv := range strings.Split(line, " ") {
			names = append(names, strings.SplitN(kv, "=", 2)[0])
		}
		if strings.Join(names, " ") != strings.Join(fields, " ") {
			t.Errorf("CLIENT LIST line %q\nhas fields %v\nwant        %v", line, names, fields)
		}
	}
	if !strings.Contains(list, fmt.Sprintf("id=%d ", bID)) || !strings.Contains(list, " name=bee ") {
		t.Errorf("CLIENT LIST does not show the other client (id %d, name bee):\n%s", bID, list)
	}
	only, err := a.Do(ctx, "CLIENT", "LIST", "ID", fmt.Sprint(bID)).Text()
	if err != nil || !strings.HasPrefix(only, fmt.Sprintf("id=%d ", bID)) || strings.Count(only, "\n") != 1 {
		t.Errorf("CLIENT LIST ID %d = %q, %v", bID, only, err)
	}
	killed, err := a.ClientKillByFilter(ctx, "ID", fmt.Sprint(bID)).Result()
	if err != nil || killed != 1 {
		t.Fatalf("CLIENT KILL ID %d = %d, %v; want 1", bID, killed, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for strings.Contains(a.ClientList(ctx).Val(), " name=bee ") {
		if time.Now().After(deadline) {
			t.Fatal("the killed client is still listed")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Ensure that CLIENT NO-EVICT shows in the flags, and RESET leaves MULTI,
// forgets WATCHes, selects db 0, drops the name and goes back to RESP2.
func TestConn_NoEvictAndReset(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t, func(o *redis.Options) { o.PoolSize = 1; o.Protocol = 3 })
	if err := c.Do(ctx, "CLIENT", "NO-EVICT", "on").Err(); err != nil {
		t.Fatal(err)
	}
	if info := c.ClientInfo(ctx).Val(); info == nil || info.Flags&redis.ClientNoEvict == 0 {
		t.Errorf("CLIENT INFO flags after NO-EVICT on: %+v", info)
	}
	for _, cmd := range [][]any{{"SELECT", "4"}, {"CLIENT", "SETNAME", "n"}, {"WATCH", "w"}, {"MULTI"}} {
		if err := c.Do(ctx, cmd...).Err(); err != nil {
			t.Fatalf("%v: %v", cmd, err)
		}
	}
	if got, err := c.Do(ctx, "RESET").Text(); err != nil || got != "RESET" {
		t.Fatalf("RESET = %q, %v", got, err)
	}
	info, err := c.Do(ctx, "CLIENT", "INFO").Text()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{" name= ", " db=0 ", " multi=-1 ", " resp=2", " flags=e "} {
		if !strings.Contains(info, want) {
			t.Errorf("CLIENT INFO after RESET lacks %q: %s", want, info)
		}
	}
	if err := c.Do(ctx, "EXEC").Err(); err == nil || err.Error() != "ERR EXEC without MULTI" {
		t.Errorf("EXEC after RESET: %v", err)
	}
}

// Ensure that QUIT answers OK and closes the connection.
func TestConn_Quit(t *testing.T) {
	s := testserver.Start(t, nil)
	got, closed := connExchange(t, s.Addr, []byte("QUIT\r\n"), 2*time.Second)
	if got != "+OK\r\n" || !closed {
		t.Fatalf("QUIT: %q closed=%v", got, closed)
	}
}

// Ensure that redis-cli style inline commands work, quotes included.
func TestConn_InlineCommands(t *testing.T) {
	s := testserver.Start(t, nil)
	got, closed := connExchange(t, s.Addr, []byte("SET greeting \"hello world\"\r\nGET greeting\nECHO 'it''s'\r\n"),
		300*time.Millisecond)
	want := "+OK\r\n$11\r\nhello world\r\n-ERR Protocol error: unbalanced quotes in request\r\n"
	if got != want || !closed {
		t.Fatalf("got %q closed=%v\nwant %q closed", got, closed, want)
	}
}

// Ensure that CLIENT REPLY OFF and SKIP suppress replies, as go-redis sees
// it through a raw pipeline of its own.
func TestConn_ClientReply(t *testing.T) {
	s := testserver.Start(t, nil)
	raw, err := testserver.DialRaw(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, cmd := range [][]string{{"CLIENT", "REPLY", "OFF"}, {"SET", "a", "1"}, {"CLIENT", "REPLY", "SKIP"},
		{"CLIENT", "REPLY", "ON"}, {"GET", "a"}, {"CLIENT", "REPLY", "SKIP"}, {"GET", "a"}, {"ECHO", "last"}} {
		if err := raw.Send(cmd...); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for range 3 {
		r, err := raw.ReadReply()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if want := []string{"+OK\r\n", "$1\r\n1\r\n", "$4\r\nlast\r\n"}; strings.Join(got, "") != strings.Join(want, "") {
		t.Fatalf("replies %q, want %q", got, want)
	}
}

// Ensure that CLIENT HELP describes every CLIENT subcommand tierdb has.
func TestConn_ClientHelpCoversSubcommands(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	help, err := c.Do(ctx, "CLIENT", "HELP").StringSlice()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(help, "\n")
	for _, sub := range s.Resp().Engine().Table().Get("client").Sub {
		name := strings.ToUpper(sub.SubName())
		if !strings.Contains("\n"+text, "\n"+name) {
			t.Errorf("CLIENT HELP does not describe %s:\n%s", name, text)
		}
	}
}

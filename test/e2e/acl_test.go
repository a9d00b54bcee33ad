package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/resp"
	"github.com/tierdb/tierdb/test/testserver"
)

// The sequence: a user restricted to GET, MGET and ZRANGE on
// analytics:* keys, logging in with a redis:// URL.
const (
	analyticsUser  = "analytics_user"
	analyticsPass  = "analytics_pass"
	analyticsRules = "on >analytics_pass ~analytics:* +get +mget +zrange"
)

// analyticsSetup creates the analytics user on the server at addr, and
// its data: a string and a sorted set under analytics:*, and a key outside.
func analyticsSetup(t *testing.T, addr string) {
	t.Helper()
	c, err := testserver.DialRaw(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, cmd := range [][]string{
		append([]string{"ACL", "SETUSER", analyticsUser}, strings.Fields(analyticsRules)...),
		{"SET", "analytics:visits", "42"}, {"SET", "other:secret", "s"},
		{"ZADD", "analytics:board", "3", "carol", "1", "alice", "2", "bob"}, {"ZADD", "other:board", "1", "x"},
	} {
		if reply, err := c.Do(cmd...); err != nil || reply != "+OK\r\n" && reply != ":3\r\n" && reply != ":1\r\n" {
			t.Fatalf("%s %q: %q, %v", addr, cmd, reply, err)
		}
	}
}

// redisCLI runs redis-cli with args and returns its standard output; with
// no redis-cli the test fails if CI=true and is skipped otherwise.
func redisCLI(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("redis-cli")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-cli not installed (apt-get install redis-tools)")
		}
		t.Skip("SKIPPED: redis-cli not installed (apt-get install redis-tools)")
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout = &out
	cmd.Stderr = io.Discard // redis-cli warns about passwords on the command line
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("redis-cli %q: %v", args, err)
		}
	}
	return out.String()
}

// Ensure that the sequence works with redis-cli exactly as with a
// real Redis: the user logs in with a redis:// URL; GET, MGET and ZRANGE on
// its keys work; SET, keys outside its pattern, and PING (which its rules do not
// grant) are refused with Redis's NOPERM texts; a wrong password leaves
// redis-cli logged in as the default user, as with Redis.
func TestACL_AnalyticsUser_RedisCLI(t *testing.T) {
	s := testserver.Start(t, nil)
	r := testserver.StartRedis(t)
	analyticsSetup(t, s.Addr)
	analyticsSetup(t, r.Addr)
	url := func(addr, pass string) string { return "redis://" + analyticsUser + ":" + pass + "@" + addr }
	for _, cmd := range [][]string{
		{"ping"}, {"get", "analytics:visits"}, {"mget", "analytics:visits", "analytics:none"},
		{"set", "analytics:visits", "0"}, {"get", "other:secret"}, {"mget", "analytics:visits", "other:secret"},
		{"del", "analytics:visits"}, {"acl", "whoami"},
		{"zrange", "analytics:board", "0", "-1", "withscores"}, {"zrange", "other:board", "0", "-1"},
		{"zadd", "analytics:board", "4", "dave"}, {"zrangebyscore", "analytics:board", "0", "10"},
	} {
		got := redisCLI(t, append([]string{"-u", url(s.Addr, analyticsPass)}, cmd...)...)
		want := redisCLI(t, append([]string{"-u", url(r.Addr, analyticsPass)}, cmd...)...)
		if got != want {
			t.Errorf("redis-cli %v:\ntierdb: %q\nredis:  %q", cmd, got, want)
		}
	}
	// A wrong password: redis-cli goes on as the default user.
	for _, cmd := range [][]string{{"ping"}, {"acl", "whoami"}} {
		got := redisCLI(t, append([]string{"-u", url(s.Addr, "wrong")}, cmd...)...)
		want := redisCLI(t, append([]string{"-u", url(r.Addr, "wrong")}, cmd...)...)
		if got != want {
			t.Errorf("redis-cli with a wrong password %v:\ntierdb: %q\nredis:  %q", cmd, got, want)
		}
	}
	for cmd, want := range map[string]string{
		"get analytics:visits":        "42\n",
		"zrange analytics:board 0 -1": "alice\nbob\ncarol\n",
		"zrange other:board 0 -1":     "NOPERM this user has no permissions to access one of the keys used as arguments\n\n",
		"set analytics:visits 0":      "NOPERM this user has no permissions to run the 'set' command\n\n",
		"get other:secret":            "NOPERM this user has no permissions to access one of the keys used as arguments\n\n",
		"ping":                        "NOPERM this user has no permissions to run the 'ping' command\n\n",
	} {
		if got := redisCLI(t, append([]string{"-u", url(s.Addr, analyticsPass)}, strings.Fields(cmd)...)...); got != want {
			t.Errorf("redis-cli %s: %q, want %q", cmd, got, want)
		}
	}
	if got := redisCLI(t, "-u", "redis://"+s.Addr, "get", "analytics:visits"); got != "42\n" {
		t.Errorf("analytics:visits = %q, want 42 (unchanged)", got)
	}
}

// Ensure that go-redis, configured from a redis:// URL with the user and
// password, gets the same answers from tierdb as from Redis, in RESP2 and
// RESP3.
func TestACL_AnalyticsUser_GoRedis(t *testing.T) {
	s := testserver.Start(t, nil)
	r := testserver.StartRedis(t)
	analyticsSetup(t, s.Addr)
	analyticsSetup(t, r.Addr)
	ctx := context.Background()
	// results runs the sequence through go-redis against addr.
	results := func(addr, pass string, proto int) []string {
		opt, err := redis.ParseURL("redis://" + analyticsUser + ":" + pass + "@" + addr + "/0")
		if err != nil {
			t.Fatal(err)
		}
		if opt.Username != analyticsUser || opt.Password != pass {
			t.Fatalf("ParseURL: user %q password %q", opt.Username, opt.Password)
		}
		opt.Protocol, opt.MaxRetries = proto, -1
		c := redis.NewClient(opt)
		defer c.Close()
		var out []string
		for _, cmd := range []string{"GET analytics:visits", "MGET analytics:visits analytics:none",
			"SET analytics:visits 0", "GET other:secret", "MGET analytics:visits other:secret", "PING",
			"ACL WHOAMI", "ZRANGE analytics:board 0 -1 WITHSCORES", "ZRANGE other:board 0 -1",
			"ZADD analytics:board 4 dave"} {
			var args []any
			for _, a := range strings.Fields(cmd) {
				args = append(args, a)
			}
			v, err := c.Do(ctx, args...).Result()
			out = append(out, fmt.Sprintf("%s -> %v, %v", cmd, v, err))
		}
		return out
	}
	for _, proto := range []int{2, 3} {
		got := results(s.Addr, analyticsPass, proto)
		want := results(r.Addr, analyticsPass, proto)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("resp%d:\ntierdb:\n%s\nredis:\n%s", proto, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if got[0] != "GET analytics:visits -> 42, <nil>" ||
			got[2] != "SET analytics:visits 0 -> <nil>, NOPERM this user has no permissions to run the 'set' command" {
			t.Errorf("resp%d: %q", proto, got)
		}
		bad := results(s.Addr, "nope", proto)
		if !strings.HasSuffix(bad[0], "WRONGPASS invalid username-password pair or user is disabled.") {
			t.Errorf("resp%d: wrong password: %q", proto, bad[0])
		}
	}
}

// Ensure that passwords are kept only as SHA-256 digests: ACL GETUSER and
// ACL LIST show digests, and the file ACL SAVE writes holds no password.
func TestACL_PasswordsStoredHashed(t *testing.T) {
	aclfile := filepath.Join(t.TempDir(), "users.acl")
	if err := os.WriteFile(aclfile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := testserver.Start(t, map[string]string{"aclfile": aclfile})
	c := s.Client(t)
	ctx := context.Background()
	const secret = "correct-horse-battery-staple"
	if err := c.Do(ctx, "ACL", "SETUSER", "alice", "on", ">"+secret, "+@all", "~*").Err(); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(secret))
	digest := hex.EncodeToString(sum[:])
	user, err := c.Do(ctx, "ACL", "GETUSER", "alice").Slice()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(user[3]) != "["+digest+"]" {
		t.Errorf("GETUSER passwords = %v, want [%s]", user[3], digest)
	}
	if err := c.Do(ctx, "ACL", "SAVE").Err(); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(aclfile)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(saved), secret) || !strings.Contains(string(saved), "#"+digest) {
		t.Errorf("ACL SAVE wrote %q", saved)
	}
	list, err := c.Do(ctx, "ACL", "LIST").StringSlice()
	if err != nil || strings.Contains(strings.Join(list, "\n"), secret) {
		t.Errorf("ACL LIST: %q, %v", list, err)
	}
	alice := s.Client(t, func(o *redis.Options) { o.Username, o.Password = "alice", secret })
	if err := alice.Ping(ctx).Err(); err != nil {
		t.Errorf("alice logs in with her password: %v", err)
	}
}

// Ensure that an aclfile is loaded at start-up, and that a bad one stops
// the server from opening, with Redis's description of the problem.
func TestACL_ACLFileAtStartup(t *testing.T) {
	aclfile := filepath.Join(t.TempDir(), "users.acl")
	content := "user default on >adminpw ~* &* +@all\nuser reader on >r %R~* +@read\n"
	if err := os.WriteFile(aclfile, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	s := testserver.Start(t, map[string]string{"aclfile": aclfile})
	ctx := context.Background()
	reader := s.Client(t, func(o *redis.Options) { o.Username, o.Password = "reader", "r" })
	if err := reader.Get(ctx, "k").Err(); err != redis.Nil {
		t.Errorf("reader GET: %v, want nil", err)
	}
	if err := reader.Set(ctx, "k", "v", 0).Err(); err == nil || !strings.HasPrefix(err.Error(), "NOPERM") {
		t.Errorf("reader SET: %v, want NOPERM", err)
	}
	anon := s.Client(t, func(o *redis.Options) { o.Password = "x" })
	if err := anon.Ping(ctx).Err(); err == nil || !strings.HasPrefix(err.Error(), "WRONGPASS") {
		t.Errorf("default user with a wrong password: %v", err)
	}

	if err := os.WriteFile(aclfile, []byte("user bad on +nosuch\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := startError(t, map[string]string{"aclfile": aclfile}); err == nil ||
		!strings.Contains(err.Error(), "Error in applying operation '+nosuch': Unknown command or category name in ACL") {
		t.Errorf("start with a bad aclfile: %v", err)
	}
}

// Ensure that CLIENT KILL USER closes exactly the connections of that user.
func TestACL_ClientKillUser(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	admin := s.Client(t)
	if err := admin.Do(ctx, "ACL", "SETUSER", "bob", "on", ">b", "+@all", "~*").Err(); err != nil {
		t.Fatal(err)
	}
	var bobs []*testserver.RawConn
	for range 3 {
		c, err := testserver.DialRaw(s.Addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if reply, err := c.Do("AUTH", "bob", "b"); err != nil || reply != "+OK\r\n" {
			t.Fatalf("AUTH: %q, %v", reply, err)
		}
		bobs = append(bobs, c)
	}
	n, err := admin.Do(ctx, "CLIENT", "KILL", "USER", "bob").Int()
	if err != nil || n != 3 {
		t.Fatalf("CLIENT KILL USER bob: %d, %v; want 3", n, err)
	}
	for i, c := range bobs {
		if reply, err := c.Do("PING"); err == nil {
			t.Errorf("bob's connection %d still answers %q", i, reply)
		}
	}
	if err := admin.Ping(ctx).Err(); err != nil {
		t.Errorf("the default user's client was killed too: %v", err)
	}
}

// Ensure that rules changing while many clients run commands under them
// is safe (the race detector watches) and that every reply is either the
// command's or a NOPERM refusal.
func TestACL_ConcurrentChanges(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	admin := s.Client(t)
	if err := admin.Do(ctx, "ACL", "SETUSER", "w", "on", "nopass", "+@all", "~*").Err(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 4 {
		c := s.Client(t, func(o *redis.Options) { o.Username, o.Password = "w", "x" })
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; ; j++ {
				select {
				case <-stop:
					return
				default:
				}
				err := c.Set(ctx, fmt.Sprintf("k%d", i), j, 0).Err()
				if err != nil && !strings.HasPrefix(err.Error(), "NOPERM") {
					t.Errorf("SET: %v", err)
					return
				}
			}
		}()
	}
	for i := range 200 {
		rule := "-set"
		if i%2 == 1 {
			rule = "+set"
		}
		if err := admin.Do(ctx, "ACL", "SETUSER", "w", rule, "resetkeys", "~*").Err(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}

// startError opens a server with overrides and returns the error it fails
// with (nil if it opened; it is then closed).
func startError(t *testing.T, overrides map[string]string) error {
	t.Helper()
	o := map[string]string{"port": "0", "bind": "127.0.0.1", "dir": t.TempDir(), "save": ""}
	for k, v := range overrides {
		o[k] = v
	}
	cfg, err := configs.New(o)
	if err != nil {
		return err
	}
	srv, err := resp.Open(cfg)
	if err == nil {
		_ = srv.Close()
	}
	return err
}

// waitClosed waits until the server closes c (reading and dropping what it
// sends), and returns the number of bytes received.
func waitClosed(t *testing.T, c net.Conn, within time.Duration) (int64, bool) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(within))
	n, err := io.Copy(io.Discard, c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return n, false
	}
	return n, true
}

// Ensure that users declared in the YAML config file exist at start-up with
// their rules, the default user included, and that a bad declaration, or
// users declared along with an aclfile, stop the server from opening.
func TestACL_UsersFromYAMLConfig(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tierdb.yaml")
	yaml := "user:\n" +
		"  - \"default on >adminpw ~* &* +@all\"\n" +
		"  - \"alice on >alicepw ~app:* +@read (~audit:* +set)\"\n"
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := configs.Load([]string{file, "--port", "0", "--bind", "127.0.0.1", "--dir", dir, "--save", ""}, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := resp.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	t.Cleanup(func() { _ = srv.Close() })
	addr := srv.Addr().String()
	ctx := context.Background()

	anon := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer anon.Close()
	if err := anon.Ping(ctx).Err(); err == nil || err.Error() != "NOAUTH Authentication required." {
		t.Errorf("PING without AUTH: %v, want NOAUTH", err)
	}
	alice := testserver.NewClient(t, addr, func(o *redis.Options) { o.Username, o.Password = "alice", "alicepw" })
	if err := alice.Get(ctx, "app:x").Err(); err != redis.Nil {
		t.Errorf("alice GET app:x: %v", err)
	}
	if err := alice.Set(ctx, "audit:1", "v", 0).Err(); err != nil {
		t.Errorf("alice SET audit:1 (her selector): %v", err)
	}
	if err := alice.Set(ctx, "app:x", "v", 0).Err(); err == nil || !strings.HasPrefix(err.Error(), "NOPERM") {
		t.Errorf("alice SET app:x: %v, want NOPERM", err)
	}
	admin := testserver.NewClient(t, addr, func(o *redis.Options) { o.Password = "adminpw" })
	list, err := admin.Do(ctx, "ACL", "LIST").StringSlice()
	if err != nil || len(list) != 2 || !strings.HasPrefix(list[0], "user alice on #") ||
		!strings.HasSuffix(list[0], " (~audit:* resetchannels -@all +set)") {
		t.Errorf("ACL LIST: %q, %v", list, err)
	}

	for _, test := range []struct {
		overrides map[string]string
		want      string
	}{
		{map[string]string{"user": "bob on +nosuch"},
			`user "bob": Error loading ACL rule '+nosuch': Unknown command or category name in ACL`},
		{map[string]string{"user": "bob on\nbob off"}, `user "bob": Duplicate user found`},
		{map[string]string{"user": "bob on", "aclfile": filepath.Join(dir, "users.acl")},
			"declare users in one place only"},
	} {
		if err := startError(t, test.overrides); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%v: %v, want an error containing %q", test.overrides, err, test.want)
		}
	}
}

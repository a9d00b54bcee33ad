package configs

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// setErrorCases are CONFIG SET calls that fail, with Redis 7.0.15's error
// text (without "ERR "). Each was run on redis-server 7.0.15 as the
// redis-cli command in its comment. Cases marked ours are deliberate
// differences from Redis and are not compared with a live server.
var setErrorCases = []struct {
	args []string
	want string
	ours bool
}{
	// redis-cli CONFIG SET
	{nil, "wrong number of arguments for 'config|set' command", false},
	// redis-cli CONFIG SET maxmemory
	{[]string{"maxmemory"}, "wrong number of arguments for 'config|set' command", false},
	// redis-cli CONFIG SET maxmemory 1 foo
	{[]string{"maxmemory", "1", "foo"}, "syntax error", false},
	// redis-cli CONFIG SET foo bar
	{[]string{"foo", "bar"}, "Unknown option or number of arguments for CONFIG SET - 'foo'", false},
	// redis-cli CONFIG SET foo 1 databases 4
	{[]string{"foo", "1", "databases", "4"}, "Unknown option or number of arguments for CONFIG SET - 'foo'", false},
	// redis-cli CONFIG SET databases 4
	{[]string{"databases", "4"}, "CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config", false},
	// redis-cli CONFIG SET DATABASES 4
	{[]string{"DATABASES", "4"}, "CONFIG SET failed (possibly related to argument 'DATABASES') - can't set immutable config", false},
	// redis-cli CONFIG SET maxmemory 1 databases 4
	{[]string{"maxmemory", "1", "databases", "4"}, "CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config", false},
	// redis-cli CONFIG SET databases 4 foo 1
	{[]string{"databases", "4", "foo", "1"}, "CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config", false},
	// redis-cli CONFIG SET maxmemory abc databases 4
	{[]string{"maxmemory", "abc", "databases", "4"}, "CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config", false},
	// redis-cli CONFIG SET logfile x
	{[]string{"logfile", "x"}, "CONFIG SET failed (possibly related to argument 'logfile') - can't set immutable config", false},
	// redis-cli CONFIG SET aclfile x
	{[]string{"aclfile", "x"}, "CONFIG SET failed (possibly related to argument 'aclfile') - can't set immutable config", false},
	// redis-cli CONFIG SET appendfilename x
	{[]string{"appendfilename", "x"}, "CONFIG SET failed (possibly related to argument 'appendfilename') - can't set immutable config", false},
	// redis-cli CONFIG SET io-threads 2
	{[]string{"io-threads", "2"}, "CONFIG SET failed (possibly related to argument 'io-threads') - can't set immutable config", false},
	// redis-cli CONFIG SET tcp-backlog 5
	{[]string{"tcp-backlog", "5"}, "CONFIG SET failed (possibly related to argument 'tcp-backlog') - can't set immutable config", false},
	// redis-cli CONFIG SET daemonize yes
	{[]string{"daemonize", "yes"}, "CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config", false},
	// redis-cli CONFIG SET cluster-enabled yes
	{[]string{"cluster-enabled", "yes"}, "CONFIG SET failed (possibly related to argument 'cluster-enabled') - can't set immutable config", false},
	// redis-cli CONFIG SET dir /tmp
	{[]string{"dir", "/tmp"}, "CONFIG SET failed (possibly related to argument 'dir') - can't set protected config", false},
	// redis-cli CONFIG SET dbfilename x.rdb
	{[]string{"dbfilename", "x.rdb"}, "CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config", false},
	// redis-cli CONFIG SET maxmemory 100 maxmemory 200
	{[]string{"maxmemory", "100", "maxmemory", "200"}, "CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter", false},
	// redis-cli CONFIG SET maxmemory 100 MAXMEMORY 200
	{[]string{"maxmemory", "100", "MAXMEMORY", "200"}, "CONFIG SET failed (possibly related to argument 'MAXMEMORY') - duplicate parameter", false},
	// redis-cli CONFIG SET save "3600 1" save "1 1"
	{[]string{"save", "3600 1", "save", "1 1"}, "CONFIG SET failed (possibly related to argument 'save') - duplicate parameter", false},
	// redis-cli CONFIG SET maxmemory abc
	{[]string{"maxmemory", "abc"}, "CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value", false},
	// redis-cli CONFIG SET Maxmemory abc
	{[]string{"Maxmemory", "abc"}, "CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value", false},
	// redis-cli CONFIG SET maxmemory 1.5mb
	{[]string{"maxmemory", "1.5mb"}, "CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value", false},
	// redis-cli CONFIG SET maxmemory -1
	{[]string{"maxmemory", "-1"}, "CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value", false},
	// redis-cli CONFIG SET maxmemory 1 maxmemory-policy foo
	{[]string{"maxmemory", "1", "maxmemory-policy", "foo"}, "CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction", false},
	// redis-cli CONFIG SET appendfsync foo
	{[]string{"appendfsync", "foo"}, "CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no", false},
	// redis-cli CONFIG SET protected-mode maybe
	{[]string{"protected-mode", "maybe"}, "CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'", false},
	// redis-cli CONFIG SET slave-read-only x
	{[]string{"slave-read-only", "x"}, "CONFIG SET failed (possibly related to argument 'slave-read-only') - argument must be 'yes' or 'no'", false},
	// redis-cli CONFIG SET maxmemory-eviction-tenacity 101
	{[]string{"maxmemory-eviction-tenacity", "101"}, "CONFIG SET failed (possibly related to argument 'maxmemory-eviction-tenacity') - argument must be between 0 and 100 inclusive", false},
	// redis-cli CONFIG SET timeout abc
	{[]string{"timeout", "abc"}, "CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer", false},
	// redis-cli CONFIG SET timeout 1k
	{[]string{"timeout", "1k"}, "CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer", false},
	// redis-cli CONFIG SET timeout 9223372036854775808
	{[]string{"timeout", "9223372036854775808"}, "CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer", false},
	// redis-cli CONFIG SET timeout -1
	{[]string{"timeout", "-1"}, "CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive", false},
	// redis-cli CONFIG SET maxmemory-samples 0
	{[]string{"maxmemory-samples", "0"}, "CONFIG SET failed (possibly related to argument 'maxmemory-samples') - argument must be between 1 and 2147483647 inclusive", false},
	// redis-cli CONFIG SET maxclients 0
	{[]string{"maxclients", "0"}, "CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive", false},
	// redis-cli CONFIG SET maxclients -1
	{[]string{"maxclients", "-1"}, "CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive", false},
	// redis-cli CONFIG SET proto-max-bulk-len 1000
	{[]string{"proto-max-bulk-len", "1000"}, "CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive", false},
	// redis-cli CONFIG SET proto-max-bulk-len 18446744073709551615
	{[]string{"proto-max-bulk-len", "18446744073709551615"}, "CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive", false},
	// redis-cli CONFIG SET client-query-buffer-limit 18446744073709551615
	{[]string{"client-query-buffer-limit", "18446744073709551615"}, "CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - argument must be between 1048576 and 9223372036854775807 inclusive", false},
	// redis-cli CONFIG SET hash-max-listpack-value 9223372036854775808
	{[]string{"hash-max-listpack-value", "9223372036854775808"}, "CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument must be between 0 and 9223372036854775807 inclusive", false},
	// redis-cli CONFIG SET slowlog-max-len -1
	{[]string{"slowlog-max-len", "-1"}, "CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument must be between 0 and 9223372036854775807 inclusive", false},
	// redis-cli CONFIG SET slowlog-log-slower-than -2
	{[]string{"slowlog-log-slower-than", "-2"}, "CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument must be between -1 and 9223372036854775807 inclusive", false},
	// redis-cli CONFIG SET list-max-listpack-size 99999999999
	{[]string{"list-max-listpack-size", "99999999999"}, "CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - argument must be between -2147483648 and 2147483647 inclusive", false},
	// redis-cli CONFIG SET active-expire-effort 11
	{[]string{"active-expire-effort", "11"}, "CONFIG SET failed (possibly related to argument 'active-expire-effort') - argument must be between 1 and 10 inclusive", false},
	// redis-cli CONFIG SET HASH-MAX-ZIPLIST-ENTRIES abc
	{[]string{"HASH-MAX-ZIPLIST-ENTRIES", "abc"}, "CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument couldn't be parsed into an integer", false},
	// redis-cli CONFIG SET lua-time-limit abc
	{[]string{"lua-time-limit", "abc"}, "CONFIG SET failed (possibly related to argument 'lua-time-limit') - argument couldn't be parsed into an integer", false},
	// redis-cli CONFIG SET save 3600
	{[]string{"save", "3600"}, "CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", false},
	// redis-cli CONFIG SET save "0 1"
	{[]string{"save", "0 1"}, "CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", false},
	// redis-cli CONFIG SET save "1 -1"
	{[]string{"save", "1 -1"}, "CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", false},
	// redis-cli CONFIG SET save "abc 1"
	{[]string{"save", "abc 1"}, "CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", false},
	// redis-cli CONFIG SET save "3600  1" (two spaces)
	{[]string{"save", "3600  1"}, "CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", false},
	// redis-cli CONFIG SET save " 5 0"
	{[]string{"save", " 5 0"}, "CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", false},
	// redis-cli CONFIG SET save "5 1x"
	{[]string{"save", "5 1x"}, "CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters", false},
	// redis-cli CONFIG SET client-output-buffer-limit "master 1 1 1"
	{[]string{"client-output-buffer-limit", "master 1 1 1"}, "CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.", false},
	// redis-cli CONFIG SET client-output-buffer-limit "foo 1 1 1"
	{[]string{"client-output-buffer-limit", "foo 1 1 1"}, "CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.", false},
	// redis-cli CONFIG SET client-output-buffer-limit "normal 1 1"
	{[]string{"client-output-buffer-limit", "normal 1 1"}, "CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.", false},
	// redis-cli CONFIG SET client-output-buffer-limit "normal 1 1  1" (two spaces)
	{[]string{"client-output-buffer-limit", "normal 1 1  1"}, "CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.", false},
	// redis-cli CONFIG SET client-output-buffer-limit "normal -1 1 1"
	{[]string{"client-output-buffer-limit", "normal -1 1 1"}, "CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.", false},
	// redis-cli CONFIG SET client-output-buffer-limit "normal 1 1 -1"
	{[]string{"client-output-buffer-limit", "normal 1 1 -1"}, "CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.", false},
	// redis-cli CONFIG SET client-output-buffer-limit "normal 1 1 1x"
	{[]string{"client-output-buffer-limit", "normal 1 1 1x"}, "CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.", false},
	// redis-cli CONFIG SET client-output-buffer-limit "normal 1 1 3000000000"
	{[]string{"client-output-buffer-limit", "normal 1 1 3000000000"}, "CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.", false},
	// redis-cli CONFIG SET notify-keyspace-events q
	{[]string{"notify-keyspace-events", "q"}, "CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.", false},
	// redis-cli CONFIG SET notify-keyspace-events ke
	{[]string{"notify-keyspace-events", "ke"}, "CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.", false},

	// Deliberate differences. Redis 7.0.15 accepts CONFIG SET port and bind.
	{[]string{"port", "7000"}, "CONFIG SET failed (possibly related to argument 'port') - can't set immutable config", true},
	{[]string{"bind", "127.0.0.1 ::1"}, "CONFIG SET failed (possibly related to argument 'bind') - can't set immutable config", true},
	// Redis 7.0.15 lists "debug, verbose, notice, warning"; 7.2 added "nothing", as we do.
	{[]string{"loglevel", "foo"}, "CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning, nothing", true},
	// Our own parameters, in Redis's style.
	{[]string{"snapshot-dir", "x"}, "CONFIG SET failed (possibly related to argument 'snapshot-dir') - can't set protected config", true},
	{[]string{"eviction-mode", "keep"}, "CONFIG SET failed (possibly related to argument 'eviction-mode') - argument(s) must be one of the following: spill, drop", true},
	{[]string{"cold-cache-size", "lots"}, "CONFIG SET failed (possibly related to argument 'cold-cache-size') - argument must be a memory value", true},
	{[]string{"snapshot-keep", "-1"}, "CONFIG SET failed (possibly related to argument 'snapshot-keep') - argument must be between 0 and 2147483647 inclusive", true},
}

// Ensure that every failing CONFIG SET returns Redis's text as *Error and
// changes nothing.
func TestSet_Errors(t *testing.T) {
	for _, test := range setErrorCases {
		c := Default()
		before := c.Match("*")
		err := c.Set(test.args...)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Set(%q) = %v, want *Error", test.args, err)
			continue
		}
		if e.Msg != test.want {
			t.Errorf("Set(%q):\ngot  %q\nwant %q", test.args, e.Msg, test.want)
		}
		if after := c.Match("*"); !reflect.DeepEqual(before, after) {
			t.Errorf("Set(%q) failed but changed values", test.args)
		}
	}
}

// setOKCases are CONFIG SET calls that succeed, with what CONFIG GET
// returns afterwards on redis-server 7.0.15, run in order on one server as
// in the comment.
var setOKCases = []struct {
	args []string
	want map[string]string // CONFIG GET name -> value
}{
	// redis-cli CONFIG SET maxmemory 1k; redis-cli CONFIG GET maxmemory
	{[]string{"maxmemory", "1k"}, map[string]string{"maxmemory": "1000"}},
	// redis-cli CONFIG SET maxmemory 1kb
	{[]string{"maxmemory", "1kb"}, map[string]string{"maxmemory": "1024"}},
	// redis-cli CONFIG SET maxmemory 2G
	{[]string{"maxmemory", "2G"}, map[string]string{"maxmemory": "2000000000"}},
	// redis-cli CONFIG SET maxmemory 18446744073709551616
	{[]string{"maxmemory", "18446744073709551616"}, map[string]string{"maxmemory": "18446744073709551615"}},
	// redis-cli CONFIG SET maxmemory ""
	{[]string{"maxmemory", ""}, map[string]string{"maxmemory": "0"}},
	// redis-cli CONFIG SET maxmemory-policy ALLKEYS-LRU
	{[]string{"maxmemory-policy", "ALLKEYS-LRU"}, map[string]string{"maxmemory-policy": "allkeys-lru"}},
	// redis-cli CONFIG SET activerehashing NO
	{[]string{"activerehashing", "NO"}, map[string]string{"activerehashing": "no"}},
	// redis-cli CONFIG SET hash-max-ziplist-entries 100 hash-max-listpack-entries 5
	{[]string{"hash-max-ziplist-entries", "100", "hash-max-listpack-entries", "5"},
		map[string]string{"hash-max-listpack-entries": "5", "hash-max-ziplist-entries": "5"}},
	// redis-cli CONFIG SET save "+5 0"
	{[]string{"save", "+5 0"}, map[string]string{"save": "5 0"}},
	// redis-cli CONFIG SET save "5 " (a trailing space is an empty, zero, change count)
	{[]string{"save", "5 "}, map[string]string{"save": "5 0"}},
	// redis-cli CONFIG SET save "5 99999999999"
	{[]string{"save", "5 99999999999"}, map[string]string{"save": "5 1215752191"}},
	// redis-cli CONFIG SET save "5 4294967295"
	{[]string{"save", "5 4294967295"}, map[string]string{"save": "5 -1"}},
	// redis-cli CONFIG SET save "1 0 2 0 3 0"
	{[]string{"save", "1 0 2 0 3 0"}, map[string]string{"save": "1 0 2 0 3 0"}},
	// redis-cli CONFIG SET save ""
	{[]string{"save", ""}, map[string]string{"save": ""}},
	// redis-cli CONFIG SET client-output-buffer-limit "normal 1mb 2mb 10"
	{[]string{"client-output-buffer-limit", "normal 1mb 2mb 10"},
		map[string]string{"client-output-buffer-limit": "normal 1048576 2097152 10 slave 268435456 67108864 60 pubsub 33554432 8388608 60"}},
	// redis-cli CONFIG SET client-output-buffer-limit "replica 4 5 6"
	{[]string{"client-output-buffer-limit", "replica 4 5 6"},
		map[string]string{"client-output-buffer-limit": "normal 1048576 2097152 10 slave 4 5 6 pubsub 33554432 8388608 60"}},
	// redis-cli CONFIG SET client-output-buffer-limit "NORMAL 1 1 1 pubsub 1k 2kb 4294967297"
	{[]string{"client-output-buffer-limit", "NORMAL 1 1 1 pubsub 1k 2kb 4294967297"},
		map[string]string{"client-output-buffer-limit": "normal 1 1 1 slave 4 5 6 pubsub 1000 2048 1"}},
	// redis-cli CONFIG SET client-output-buffer-limit ""
	{[]string{"client-output-buffer-limit", ""},
		map[string]string{"client-output-buffer-limit": "normal 1 1 1 slave 4 5 6 pubsub 1000 2048 1"}},
	// redis-cli CONFIG SET notify-keyspace-events KEA
	{[]string{"notify-keyspace-events", "KEA"}, map[string]string{"notify-keyspace-events": "AKE"}},
	// redis-cli CONFIG SET notify-keyspace-events KEg$lshzxetmdn
	{[]string{"notify-keyspace-events", "KEg$lshzxetmdn"}, map[string]string{"notify-keyspace-events": "AKEm"}},
	// redis-cli CONFIG SET notify-keyspace-events Kg
	{[]string{"notify-keyspace-events", "Kg"}, map[string]string{"notify-keyspace-events": "gK"}},
	// redis-cli CONFIG SET notify-keyspace-events KEd
	{[]string{"notify-keyspace-events", "KEd"}, map[string]string{"notify-keyspace-events": "dKE"}},
	// redis-cli CONFIG SET notify-keyspace-events Kn
	{[]string{"notify-keyspace-events", "Kn"}, map[string]string{"notify-keyspace-events": "nK"}},
	// redis-cli CONFIG SET notify-keyspace-events Agg
	{[]string{"notify-keyspace-events", "Agg"}, map[string]string{"notify-keyspace-events": "A"}},
	// redis-cli CONFIG SET notify-keyspace-events ""
	{[]string{"notify-keyspace-events", ""}, map[string]string{"notify-keyspace-events": ""}},
	// redis-cli CONFIG SET hz 0 (clamped)
	{[]string{"hz", "0"}, map[string]string{"hz": "1"}},
	// redis-cli CONFIG SET hz 1000 (clamped)
	{[]string{"hz", "1000"}, map[string]string{"hz": "500"}},
	// redis-cli CONFIG SET lua-time-limit 100
	{[]string{"lua-time-limit", "100"}, map[string]string{"busy-reply-threshold": "100", "lua-time-limit": "100"}},
	// redis-cli CONFIG SET requirepass ""
	{[]string{"requirepass", ""}, map[string]string{"requirepass": ""}},
	// redis-cli CONFIG SET list-max-listpack-size -5 hash-max-listpack-value 1kb
	{[]string{"list-max-listpack-size", "-5", "hash-max-listpack-value", "1kb"},
		map[string]string{"list-max-listpack-size": "-5", "hash-max-listpack-value": "1024"}},
}

// Ensure that accepted values read back as Redis prints them.
func TestSet_Values(t *testing.T) {
	c := Default()
	for _, test := range setOKCases {
		if err := c.Set(test.args...); err != nil {
			t.Fatalf("Set(%q) = %v", test.args, err)
		}
		for name, want := range test.want {
			if got, _ := c.Get(name); got != want {
				t.Errorf("after Set(%q): Get(%q) = %q, want %q", test.args, name, got, want)
			}
		}
	}
}

// Ensure, on a live redis-server, that it gives the same errors and values
// as we do (the hard-coded texts above were taken from it).
func TestSet_MatchesRedisServer(t *testing.T) {
	r := startRedis(t)
	for _, test := range setErrorCases {
		if test.ours {
			continue
		}
		_, got := r.do(t, append([]string{"CONFIG", "SET"}, test.args...)...)
		if got != "ERR "+test.want {
			t.Errorf("redis-server CONFIG SET %q:\ngot  %q\nwant %q", test.args, got, "ERR "+test.want)
		}
	}
	c := Default()
	for _, test := range setOKCases {
		if _, e := r.do(t, append([]string{"CONFIG", "SET"}, test.args...)...); e != "" {
			t.Fatalf("redis-server CONFIG SET %q: %s", test.args, e)
		}
		if err := c.Set(test.args...); err != nil {
			t.Fatalf("Set(%q) = %v", test.args, err)
		}
		for name := range test.want {
			reply, _ := r.do(t, "CONFIG", "GET", name)
			got, _ := c.Get(name)
			if len(reply) != 2 || reply[1] != got {
				t.Errorf("after CONFIG SET %q: redis-server has %s = %q, we have %q", test.args, name, reply, got)
			}
		}
	}
}

// Ensure that a failing CONFIG SET leaves every value as it was, even when
// earlier pairs were valid.
func TestSet_Atomic(t *testing.T) {
	c := Default()
	err := c.Set("maxmemory", "1mb", "maxmemory-policy", "allkeys-lru", "timeout", "x")
	if err == nil {
		t.Fatal("Set succeeded, want an error")
	}
	if got := c.Int("maxmemory"); got != 0 {
		t.Errorf("maxmemory = %d after a failed Set, want 0", got)
	}
	if got := c.String("maxmemory-policy"); got != "noeviction" {
		t.Errorf("maxmemory-policy = %q after a failed Set, want noeviction", got)
	}
	if err := c.Set("maxmemory", "1mb", "maxmemory-policy", "allkeys-lru"); err != nil {
		t.Fatal(err)
	}
	if c.Int("maxmemory") != 1<<20 || c.String("maxmemory-policy") != "allkeys-lru" || c.String("maxmemory") != "1mb" {
		t.Errorf("got maxmemory %d (%q), policy %q", c.Int("maxmemory"), c.String("maxmemory"), c.String("maxmemory-policy"))
	}
}

// Ensure that hooks run after all values are stored, once per changed
// parameter, and not for a value set to what it was.
func TestSet_Hooks(t *testing.T) {
	c := Default()
	var calls []string
	c.OnChange("maxmemory", func() error {
		calls = append(calls, fmt.Sprintf("maxmemory=%d policy=%s", c.Int("maxmemory"), c.String("maxmemory-policy")))
		return nil
	})
	c.OnChange("hash-max-ziplist-entries", func() error { // an alias: same parameter
		calls = append(calls, "hash="+c.String("hash-max-listpack-entries"))
		return nil
	})
	if err := c.Set("maxmemory", "1mb", "maxmemory-policy", "allkeys-lru"); err != nil {
		t.Fatal(err)
	}
	if err := c.Set("maxmemory", "1048576"); err != nil { // same bytes: no change
		t.Fatal(err)
	}
	if err := c.Set("hash-max-listpack-entries", "7", "hash-max-ziplist-entries", "8"); err != nil {
		t.Fatal(err)
	}
	want := []string{"maxmemory=1048576 policy=allkeys-lru", "hash=8"}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("hooks ran as %q, want %q", calls, want)
	}
}

// Ensure that a failing hook restores every value of the call, runs the
// hooks that already ran again on the old values, and that its error is
// reported as Redis reports a failed apply.
func TestSet_HookRollback(t *testing.T) {
	for _, test := range []struct {
		hookErr error
		want    string
	}{
		{errors.New("boom"), "CONFIG SET failed (possibly related to argument 'maxmemory-policy') - boom"},
		{&Error{Msg: "Unable to do it"}, "CONFIG SET failed (possibly related to argument 'maxmemory-policy') - Unable to do it"},
		{errors.New(""), "CONFIG SET failed (possibly related to argument 'maxmemory-policy')"},
	} {
		c := Default()
		var seen []int64
		c.OnChange("maxmemory", func() error {
			seen = append(seen, c.Int("maxmemory"))
			return nil
		})
		c.OnChange("maxmemory-policy", func() error { return test.hookErr })
		err := c.Set("maxmemory", "1mb", "maxmemory-policy", "allkeys-lru", "timeout", "5")
		var e *Error
		if !errors.As(err, &e) || e.Msg != test.want {
			t.Errorf("Set error = %v, want %q", err, test.want)
		}
		if c.Int("maxmemory") != 0 || c.String("maxmemory-policy") != "noeviction" || c.Int("timeout") != 0 {
			t.Errorf("values not restored: maxmemory %d, policy %s, timeout %d",
				c.Int("maxmemory"), c.String("maxmemory-policy"), c.Int("timeout"))
		}
		if want := []int64{1 << 20, 0}; !reflect.DeepEqual(seen, want) {
			t.Errorf("maxmemory hook saw %v, want %v", seen, want)
		}
	}
}

// Ensure that readers are safe while CONFIG SET runs (go test -race) and
// always see a whole value.
func TestSet_ConcurrentReaders(t *testing.T) {
	c := Default()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if n := c.Int("maxmemory"); n != 0 && n != 1<<20 && n != 2<<20 {
					t.Errorf("maxmemory = %d", n)
					return
				}
				if p := c.String("maxmemory-policy"); !strings.HasPrefix(p, "allkeys-") && p != "noeviction" {
					t.Errorf("policy = %q", p)
					return
				}
				c.Bool("appendonly")
				c.Get("save")
				c.Match("maxmemory*")
			}
		}()
	}
	for i := 0; i < 1000; i++ {
		mem, policy := "1mb", "allkeys-lru"
		if i%2 == 1 {
			mem, policy = "2mb", "allkeys-lfu"
		}
		if err := c.Set("maxmemory", mem, "maxmemory-policy", policy); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}

// Ensure that readers panic on unknown names and kinds they can't read,
// since those are programming errors.
func TestReaders_Panic(t *testing.T) {
	c := Default()
	for _, f := range []func(){
		func() { c.String("no-such-param") },
		func() { c.Int("maxmemory-policy") },
		func() { c.Bool("maxmemory") },
		func() { c.OnChange("no-such-param", func() error { return nil }) },
		func() { c.OutputBufferLimit("master") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		}()
	}
}

// Ensure that the typed readers return the parsed values.
func TestReaders_Typed(t *testing.T) {
	c, err := New(map[string]string{
		"maxmemory":                  "1gb",
		"appendonly":                 "no",
		"save":                       "900 1 300 10",
		"bind":                       "127.0.0.1 ::1",
		"client-output-buffer-limit": "pubsub 1mb 512kb 30",
		"notify-keyspace-events":     "Ex",
		"dir":                        "/var/lib/tierdb",
		"hash-max-ziplist-entries":   "64",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Int("maxmemory"); got != 1<<30 {
		t.Errorf("Int(maxmemory) = %d", got)
	}
	if got := c.String("maxmemory"); got != "1gb" {
		t.Errorf("String(maxmemory) = %q", got)
	}
	if got, _ := c.Get("maxmemory"); got != "1073741824" {
		t.Errorf("Get(maxmemory) = %q", got)
	}
	if c.Bool("appendonly") || !c.Bool("protected-mode") {
		t.Error("Bool")
	}
	if got := c.Int("hash-max-listpack-entries"); got != 64 {
		t.Errorf("Int(hash-max-listpack-entries) = %d", got)
	}
	if got, want := c.SavePoints(), []SavePoint{{900, 1}, {300, 10}}; !reflect.DeepEqual(got, want) {
		t.Errorf("SavePoints() = %v, want %v", got, want)
	}
	if got, want := c.BindAddrs(), []string{"127.0.0.1", "::1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("BindAddrs() = %q, want %q", got, want)
	}
	if got, want := c.OutputBufferLimit("pubsub"), (BufferLimit{1 << 20, 512 << 10, 30}); got != want {
		t.Errorf("OutputBufferLimit(pubsub) = %v, want %v", got, want)
	}
	if got, want := c.OutputBufferLimit("slave"), (BufferLimit{256 << 20, 64 << 20, 60}); got != want {
		t.Errorf("OutputBufferLimit(slave) = %v, want %v", got, want)
	}
	if got := c.Int("notify-keyspace-events"); got != NotifyKeyevent|NotifyExpired {
		t.Errorf("Int(notify-keyspace-events) = %b", got)
	}
	if got := c.SnapshotDir(); got != "/var/lib/tierdb/snapshots" {
		t.Errorf("SnapshotDir() = %q", got)
	}
	if !IsSensitive("requirepass") || IsSensitive("port") {
		t.Error("IsSensitive")
	}
	if c.Int("maxmemory") != 1<<30 {
		t.Error("maxmemory")
	}
	if err := c.Set("maxmemory", "18446744073709551615"); err != nil {
		t.Fatal(err)
	}
	if got := c.Int("maxmemory"); got != 1<<63-1 {
		t.Errorf("Int(maxmemory) = %d, want MaxInt64", got)
	}
}

func BenchmarkConfig_Int(b *testing.B) {
	c := Default()
	b.ReportAllocs()
	for b.Loop() {
		c.Int("maxmemory")
	}
}

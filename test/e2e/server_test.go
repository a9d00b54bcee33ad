package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Server and introspection commands: COMMAND, CONFIG, INFO, TIME, SHUTDOWN.

// infoFields runs INFO with the given sections and parses the reply into
// key → value, failing on any line that is not a "# Title" header, blank, or
// key:value.
func infoFields(t *testing.T, c *redis.Client, sections ...string) map[string]string {
	t.Helper()
	text, err := c.Info(context.Background(), sections...).Result()
	if err != nil {
		t.Fatalf("INFO %v: %v", sections, err)
	}
	return parseInfo(t, text)
}

func parseInfo(t *testing.T, text string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, line := range strings.Split(text, "\r\n") {
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || k == "" {
			t.Fatalf("INFO line %q is not key:value", line)
		}
		if _, dup := out[k]; dup {
			t.Fatalf("INFO field %q appears twice", k)
		}
		out[k] = v
	}
	return out
}

// infoTitles returns the section titles of an INFO reply, in order.
func infoTitles(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\r\n") {
		if title, ok := strings.CutPrefix(line, "# "); ok {
			out = append(out, title)
		}
	}
	return out
}

// infoInt parses field k of fields as an integer.
func infoInt(t *testing.T, fields map[string]string, k string) int64 {
	t.Helper()
	v, ok := fields[k]
	if !ok {
		t.Fatalf("INFO has no %s", k)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		t.Fatalf("INFO %s:%s is not an integer", k, v)
	}
	return n
}

// Ensure that COMMAND COUNT, COMMAND and COMMAND LIST describe exactly the
// command table, and that LIST's filters select from it.
func TestServer_CommandCountAndList(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	table := s.Resp().Engine().Table()
	var top, all []string
	for _, cmd := range table.Commands() {
		top = append(top, cmd.Name)
		all = append(all, cmd.Name)
		for _, sub := range cmd.Sub {
			all = append(all, sub.Name)
		}
	}

	n, err := c.Do(ctx, "COMMAND", "COUNT").Int64()
	if err != nil || n != int64(len(top)) {
		t.Errorf("COMMAND COUNT: got %d, %v; want %d", n, err, len(top))
	}
	infos, err := c.Do(ctx, "COMMAND").Slice()
	if err != nil || len(infos) != len(top) {
		t.Errorf("COMMAND: got %d entries, %v; want %d", len(infos), err, len(top))
	}
	list, err := c.Do(ctx, "COMMAND", "LIST").StringSlice()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(list)
	slices.Sort(all)
	if !slices.Equal(list, all) {
		t.Errorf("COMMAND LIST:\n got  %v\n want %v", list, all)
	}

	for _, test := range []struct {
		filter  []string
		has     []string
		hasNot  []string
		matches func(string) bool
	}{
		{[]string{"PATTERN", "CONFIG*"}, []string{"config", "config|get", "config|set"}, []string{"command"},
			func(n string) bool { return strings.HasPrefix(n, "config") }},
		{[]string{"pattern", "c?mmand|co*"}, []string{"command|count"}, []string{"command"}, nil},
		{[]string{"ACLCAT", "ADMIN"}, []string{"save", "shutdown", "config|get", "lastsave"}, []string{"get", "config|help"}, nil},
		{[]string{"aclcat", "nosuchcategory"}, nil, []string{"get"}, nil},
		{[]string{"MODULE", "anything"}, nil, []string{"get"}, nil},
	} {
		args := append([]any{"COMMAND", "LIST", "FILTERBY"}, toAny(test.filter)...)
		got, err := c.Do(ctx, args...).StringSlice()
		if err != nil {
			t.Errorf("%v: %v", test.filter, err)
			continue
		}
		for _, h := range test.has {
			if !slices.Contains(got, h) {
				t.Errorf("LIST FILTERBY %v: %s missing from %v", test.filter, h, got)
			}
		}
		for _, h := range test.hasNot {
			if slices.Contains(got, h) {
				t.Errorf("LIST FILTERBY %v: %s should not be listed", test.filter, h)
			}
		}
		for _, g := range got {
			if test.matches != nil && !test.matches(g) {
				t.Errorf("LIST FILTERBY %v: %s does not match", test.filter, g)
			}
		}
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Ensure that COMMAND's errors, GETKEYS and GETKEYSANDFLAGS reply as Redis
// 7.0 does.
func TestServer_CommandDiff(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Script(t, [][]string{
		{"COMMAND", "FOO"}, {"COMMAND", "COUNT", "x"}, {"COMMAND", "HELP", "x"},
		{"COMMAND", "LIST", "x"}, {"COMMAND", "LIST", "FILTERBY"}, {"COMMAND", "LIST", "FILTERBY", "pattern"},
		{"COMMAND", "LIST", "FILTERBY", "foo", "x"}, {"COMMAND", "LIST", "FILTERBY", "aclcat", "admin", "x"},
		{"COMMAND", "LIST", "FILTERBY", "aclcat", "nosuch"}, {"COMMAND", "LIST", "FILTERBY", "module", "x"},
		{"COMMAND", "LIST", "FILTERBY", "pattern", "nomatch*"},
		{"COMMAND", "LIST", "FILTERBY", "pattern", "config|g*"},
		{"COMMAND", "DOCS", "nosuch"},
		{"COMMAND", "GETKEYS"}, {"COMMAND", "GETKEYS", "get"}, {"COMMAND", "GETKEYS", "ping"},
		{"COMMAND", "GETKEYS", "nosuch", "a"}, {"COMMAND", "GETKEYS", "get", "a", "b"},
		{"COMMAND", "GETKEYS", "get", "a"}, {"COMMAND", "GETKEYS", "GET", "a"},
		{"COMMAND", "GETKEYS", "config", "get", "x"}, {"COMMAND", "GETKEYS", "config", "nosuch"},
		{"COMMAND", "GETKEYS", "config", "get"}, {"COMMAND", "GETKEYS", "CONFIG"},
		{"COMMAND", "GETKEYS", "watch", "a", "b", "c"},
		{"COMMAND", "GETKEYSANDFLAGS", "get", "a"}, {"COMMAND", "GETKEYSANDFLAGS", "watch", "a", "b"},
		{"COMMAND", "GETKEYSANDFLAGS", "nosuch"},
	})
}

// Ensure that COMMAND DOCS gives each command's summary, group and
// subcommands, as a map in RESP3.
func TestServer_CommandDocs(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	for _, proto := range []int{2, 3} {
		c := s.Client(t, func(o *redis.Options) { o.Protocol = proto })
		docs, err := c.Do(ctx, "COMMAND", "DOCS", "get", "nosuch", "config").Result()
		if err != nil {
			t.Fatal(err)
		}
		m := docMap(t, docs)
		if len(m) != 2 {
			t.Fatalf("resp%d: want docs of get and config, got %v", proto, docs)
		}
		get := docMap(t, m["get"])
		if get["summary"] != "Get the value of a key" || get["group"] != "string" || get["since"] != "1.0.0" {
			t.Errorf("resp%d: docs of get: %v", proto, get)
		}
		subs := docMap(t, docMap(t, m["config"])["subcommands"])
		if _, ok := subs["config|get"]; !ok {
			t.Errorf("resp%d: docs of config lack config|get: %v", proto, subs)
		}
	}
}

// docMap reads a map reply, which go-redis gives as a map (RESP3) or a flat
// array (RESP2).
func docMap(t *testing.T, v any) map[string]any {
	t.Helper()
	out := map[string]any{}
	switch m := v.(type) {
	case map[any]any:
		for k, v := range m {
			out[k.(string)] = v
		}
	case []any:
		for i := 0; i+1 < len(m); i += 2 {
			out[m[i].(string)] = m[i+1]
		}
	default:
		t.Fatalf("not a map: %T %v", v, v)
	}
	return out
}

// Ensure that COMMAND HELP and CONFIG HELP list their subcommands.
func TestServer_Help(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	for cmd, subs := range map[string][]string{
		"COMMAND": {"COUNT", "LIST", "INFO", "DOCS", "GETKEYS", "GETKEYSANDFLAGS", "HELP"},
		"CONFIG":  {"GET", "SET", "RESETSTAT", "REWRITE", "HELP"},
	} {
		lines, err := c.Do(ctx, cmd, "HELP").StringSlice()
		if err != nil {
			t.Fatalf("%s HELP: %v", cmd, err)
		}
		if !strings.HasPrefix(lines[0], cmd+" <subcommand>") {
			t.Errorf("%s HELP starts with %q", cmd, lines[0])
		}
		for _, sub := range subs {
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, sub) }) {
				t.Errorf("%s HELP does not describe %s: %q", cmd, sub, lines)
			}
		}
	}
}

// Ensure that CONFIG GET answers as Redis 7.0 for parameters whose defaults
// are the same, in RESP2 and RESP3, and that CONFIG's errors are Redis's.
// Pairs are compared in any order: Redis's follows its hash table.
func TestServer_ConfigDiff(t *testing.T) {
	p := testserver.StartPair(t, nil)
	gets := [][]string{
		{"CONFIG", "GET", "maxmemory"}, {"CONFIG", "GET", "maxmemory-policy"}, {"CONFIG", "GET", "hz"},
		{"CONFIG", "GET", "timeout"}, {"CONFIG", "GET", "databases"}, {"CONFIG", "GET", "maxclients"},
		{"CONFIG", "GET", "maxmemory-samples"}, {"CONFIG", "GET", "slowlog-max-len"},
		{"CONFIG", "GET", "save"}, {"CONFIG", "GET", "hash-max-listpack-*"},
		{"CONFIG", "GET", "MAXMEMORY", "hz", "nosuch"}, {"CONFIG", "GET", "nosuch*"},
	}
	for _, g := range gets {
		compareConfigGet(t, p, g...)
	}
	p.Script(t, [][]string{
		{"CONFIG"}, {"CONFIG", "FOO"}, {"CONFIG", "GET"}, {"CONFIG", "SET"}, {"CONFIG", "SET", "maxmemory"},
		{"CONFIG", "SET", "maxmemory", "abc"}, {"CONFIG", "GET", "maxmemory"},
		{"CONFIG", "SET", "nosuch", "1"}, {"CONFIG", "SET", "databases", "4"},
		{"CONFIG", "SET", "maxmemory", "1", "maxmemory", "2"}, {"CONFIG", "SET", "maxmemory", "1mb", "hz"},
		{"CONFIG", "SET", "maxmemory", "10mb", "hz", "abc"}, {"CONFIG", "GET", "maxmemory"},
		{"CONFIG", "SET", "maxmemory", "1gb"}, {"CONFIG", "GET", "maxmemory"},
		{"CONFIG", "SET", "maxmemory", "0"},
		{"CONFIG", "RESETSTAT", "x"}, {"CONFIG", "REWRITE", "x"}, {"CONFIG", "REWRITE"},
		{"CONFIG", "HELP", "x"},
	})
	for _, c := range []*testserver.RawConn{p.Tier, p.Redis} {
		if _, err := c.Do("HELLO", "3"); err != nil {
			t.Fatal(err)
		}
	}
	for _, g := range gets {
		compareConfigGet(t, p, g...)
	}
}

// compareConfigGet sends a CONFIG GET to both servers and compares the
// replies' types and name-value pairs, in any order.
func compareConfigGet(t *testing.T, p *testserver.Pair, args ...string) {
	t.Helper()
	pairs := func(c *testserver.RawConn) string {
		raw, err := c.Do(args...)
		if err != nil {
			t.Fatal(err)
		}
		n, err := parseReplyTree(raw)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		var kv []string
		for i := 0; i+1 < len(n.items); i += 2 {
			kv = append(kv, n.items[i].String()+"="+n.items[i+1].String())
		}
		slices.Sort(kv)
		return fmt.Sprintf("%c%d %v", n.kind, len(n.items), kv)
	}
	if got, want := pairs(p.Tier), pairs(p.Redis); got != want {
		t.Errorf("%v:\n tierdb %s\n redis  %s", args, got, want)
	}
}

// Ensure that CONFIG SET changes what CONFIG GET and INFO report, and that a
// refused value leaves the old one.
func TestServer_ConfigSet(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	if err := c.ConfigSet(ctx, "maxmemory", "1gb").Err(); err != nil {
		t.Fatal(err)
	}
	if got := c.ConfigGet(ctx, "maxmemory").Val()["maxmemory"]; got != "1073741824" {
		t.Errorf("maxmemory after SET 1gb: got %q, want 1073741824", got)
	}
	if f := infoFields(t, c, "memory"); f["maxmemory"] != "1073741824" || f["maxmemory_human"] != "1.00G" {
		t.Errorf("INFO memory after SET 1gb: maxmemory %q, maxmemory_human %q", f["maxmemory"], f["maxmemory_human"])
	}
	err := c.ConfigSet(ctx, "maxmemory", "lots").Err()
	want := "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"
	if err == nil || err.Error() != want {
		t.Errorf("SET maxmemory lots: got %v, want %q", err, want)
	}
	if got := c.ConfigGet(ctx, "maxmemory").Val()["maxmemory"]; got != "1073741824" {
		t.Errorf("maxmemory after a refused SET: got %q, want 1073741824", got)
	}
	// Several parameters change together or not at all.
	if err := c.Do(ctx, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "hz", "nope").Err(); err == nil {
		t.Error("CONFIG SET with one bad value succeeded")
	}
	if got := c.ConfigGet(ctx, "maxmemory-policy").Val()["maxmemory-policy"]; got != "noeviction" {
		t.Errorf("maxmemory-policy after a refused multi SET: got %q", got)
	}
	if err := c.Do(ctx, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "hz", "20").Err(); err != nil {
		t.Fatal(err)
	}
	if f := infoFields(t, c, "server", "memory"); f["hz"] != "20" || f["maxmemory_policy"] != "allkeys-lru" {
		t.Errorf("INFO after CONFIG SET: hz %q, maxmemory_policy %q", f["hz"], f["maxmemory_policy"])
	}
}

// Ensure that CONFIG REWRITE writes the running values to the config file,
// keeping what was in it, and that a restart reads them back.
func TestServer_ConfigRewrite_RestartReadsIt(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "tierdb.yaml")
	if err := os.WriteFile(file, []byte("# my settings\nmaxmemory-policy: noeviction\nhz: 10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := testserver.StartProcess(t, dir, "--config", file, "--save", "")
	c := testserver.NewClient(t, p.Addr)
	ctx := context.Background()
	if f := infoFields(t, c, "server"); f["config_file"] != file {
		t.Errorf("INFO config_file: got %q, want %q", f["config_file"], file)
	}
	if err := c.ConfigSet(ctx, "maxmemory-policy", "allkeys-lru").Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.ConfigSet(ctx, "maxmemory", "64mb").Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.ConfigRewrite(ctx).Err(); err != nil {
		t.Fatalf("CONFIG REWRITE: %v", err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# my settings", "maxmemory-policy: allkeys-lru", "maxmemory: 64mb"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("rewritten file lacks %q:\n%s", want, data)
		}
	}
	p.Restart()
	c = testserver.NewClient(t, p.Addr)
	got := c.ConfigGet(ctx, "maxmemory*").Val()
	if got["maxmemory-policy"] != "allkeys-lru" || got["maxmemory"] != "67108864" {
		t.Errorf("after restart: %v", got)
	}
}

// Ensure that CONFIG RESETSTAT zeroes the counters INFO reports.
func TestServer_ConfigResetstat(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	ctx := context.Background()
	c.Set(ctx, "k", "v", 0)
	c.Get(ctx, "k")
	c.Get(ctx, "missing")
	_ = c.Do(ctx, "GET").Err() // an error reply
	before := infoFields(t, c, "stats", "commandstats")
	if infoInt(t, before, "total_commands_processed") < 3 || infoInt(t, before, "keyspace_hits") < 1 ||
		infoInt(t, before, "total_error_replies") < 1 || before["cmdstat_get"] == "" {
		t.Fatalf("counters before RESETSTAT: %v", before)
	}
	if err := c.Do(ctx, "CONFIG", "RESETSTAT").Err(); err != nil {
		t.Fatal(err)
	}
	after := infoFields(t, c, "stats", "commandstats", "errorstats")
	for _, k := range []string{"keyspace_hits", "keyspace_misses", "total_error_replies", "total_connections_received",
		"rejected_connections", "expired_keys"} {
		if after[k] != "0" {
			t.Errorf("%s after RESETSTAT: got %q, want 0", k, after[k])
		}
	}
	if n := infoInt(t, after, "total_commands_processed"); n > 1 {
		t.Errorf("total_commands_processed after RESETSTAT: %d", n)
	}
	for k := range after {
		if strings.HasPrefix(k, "errorstat_") || k == "cmdstat_get" || k == "cmdstat_set" {
			t.Errorf("%s survived RESETSTAT", k)
		}
	}
}

// The fields INFO must have, by section, so that redis_exporter and
// RedisInsight find them.
var infoRequired = map[string][]string{
	"server": {"redis_version", "tierdb_version", "redis_mode", "os", "arch_bits", "process_id", "run_id",
		"tcp_port", "uptime_in_seconds", "uptime_in_days", "hz", "configured_hz", "executable", "config_file"},
	"clients": {"connected_clients", "blocked_clients", "maxclients"},
	"memory": {"used_memory", "used_memory_human", "used_memory_rss", "used_memory_rss_human",
		"used_memory_peak", "used_memory_peak_human", "maxmemory", "maxmemory_human", "maxmemory_policy",
		"mem_fragmentation_ratio", "total_system_memory", "tier_hot_bytes"},
	"persistence": {"loading", "rdb_changes_since_last_save", "rdb_bgsave_in_progress", "rdb_last_save_time",
		"rdb_last_bgsave_status", "rdb_last_bgsave_time_sec", "aof_enabled", "aof_rewrite_in_progress",
		"aof_last_bgrewrite_status"},
	"stats": {"total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec",
		"rejected_connections", "expired_keys", "evicted_keys", "keyspace_hits", "keyspace_misses",
		"total_error_replies", "pubsub_channels"},
	"replication": {"role", "connected_slaves", "master_replid", "master_repl_offset"},
	"cpu":         {"used_cpu_sys", "used_cpu_user", "used_cpu_sys_children", "used_cpu_user_children"},
	"cluster":     {"cluster_enabled"},
}

// Ensure that INFO has every field clients read, with values that make
// sense for this server.
func TestServer_Info_Fields(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	f := infoFields(t, c)
	for section, keys := range infoRequired {
		for _, k := range keys {
			if _, ok := f[k]; !ok {
				t.Errorf("INFO (default) lacks %s field %s", section, k)
			}
		}
	}
	port := s.Addr[strings.LastIndexByte(s.Addr, ':')+1:]
	hex40 := regexp.MustCompile(`^[0-9a-f]{40}$`)
	for k, ok := range map[string]bool{
		"redis_version:7.0.15":  f["redis_version"] == "7.0.15",
		"redis_mode:standalone": f["redis_mode"] == "standalone",
		"process_id":            f["process_id"] == strconv.Itoa(os.Getpid()),
		"tcp_port":              f["tcp_port"] == port,
		"connected_clients":     infoInt(t, f, "connected_clients") >= 1,
		"maxclients":            f["maxclients"] == "10000",
		"used_memory":           infoInt(t, f, "used_memory") > 0,
		"used_memory_rss":       infoInt(t, f, "used_memory_rss") > 0,
		"used_memory_peak":      infoInt(t, f, "used_memory_peak") >= infoInt(t, f, "used_memory"),
		"maxmemory_human:0B":    f["maxmemory_human"] == "0B",
		"loading:0":             f["loading"] == "0",
		"role:master":           f["role"] == "master",
		"connected_slaves:0":    f["connected_slaves"] == "0",
		"master_replid":         hex40.MatchString(f["master_replid"]),
		"run_id":                hex40.MatchString(f["run_id"]),
		"aof_enabled:1":         f["aof_enabled"] == "1",
		"uptime_in_days:0":      f["uptime_in_days"] == "0",
		"arch_bits":             f["arch_bits"] == "64" || f["arch_bits"] == "32",
	} {
		if !ok {
			t.Errorf("INFO %s: unexpected value in %v", k, f)
		}
	}
	if _, err := strconv.ParseFloat(f["mem_fragmentation_ratio"], 64); err != nil {
		t.Errorf("mem_fragmentation_ratio %q: %v", f["mem_fragmentation_ratio"], err)
	}
}

// Ensure that INFO picks sections as Redis 7.0 does (default, all,
// everything, named ones in any case, unknown ones ignored) and prints them
// in Redis's order.
func TestServer_Info_SectionsMatchRedis(t *testing.T) {
	s := testserver.Start(t, nil)
	r := testserver.StartRedis(t)
	ours := s.Client(t)
	theirs := testserver.NewClient(t, r.Addr)
	ctx := context.Background()
	// Latency histograms are not kept: no Latencystats section.
	notKept := []string{"Latencystats"}
	for _, args := range [][]string{nil, {"default"}, {"all"}, {"everything"}, {"SERVER", "clients"},
		{"keyspace", "server"}, {"commandstats"}, {"errorstats", "nosuch"}, {"default", "commandstats"}} {
		got := infoTitles(ours.Info(ctx, args...).Val())
		want := slices.DeleteFunc(infoTitles(theirs.Info(ctx, args...).Val()),
			func(s string) bool { return slices.Contains(notKept, s) })
		if !slices.Equal(got, want) {
			t.Errorf("INFO %v sections:\n got  %v\n want %v", args, got, want)
		}
	}
	p := &testserver.Pair{Tier: dialRawProto(t, s.Addr, 2), Redis: dialRawProto(t, r.Addr, 2)}
	p.Compare(t, "INFO", "nosuchsection")
}

// Ensure that INFO is a verbatim string of format txt in RESP3.
func TestServer_Info_RESP3Verbatim(t *testing.T) {
	s := testserver.Start(t, nil)
	raw := dialRawProto(t, s.Addr, 3)
	reply, err := raw.Do("INFO", "server")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(reply, "=") || !strings.Contains(reply, "\r\ntxt:# Server\r\nredis_version:7.0.15\r\n") {
		t.Errorf("INFO in RESP3: %q", reply)
	}
}

// Ensure that INFO keyspace counts keys and keys with a TTL per database,
// and that stats count hits and misses.
func TestServer_Info_KeyspaceAndStats(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	if f := infoFields(t, c, "keyspace"); len(f) != 0 {
		t.Errorf("INFO keyspace of an empty server: %v", f)
	}
	c.Set(ctx, "a", "1", 0)
	c.Set(ctx, "b", "2", 100*time.Second)
	c3 := s.Client(t, func(o *redis.Options) { o.DB = 3 })
	c3.Set(ctx, "x", "1", 0)
	f := infoFields(t, c, "keyspace")
	if f["db3"] != "keys=1,expires=0,avg_ttl=0" {
		t.Errorf("db3: %q", f["db3"])
	}
	m := regexp.MustCompile(`^keys=2,expires=1,avg_ttl=(\d+)$`).FindStringSubmatch(f["db0"])
	if m == nil {
		t.Fatalf("db0: %q", f["db0"])
	}
	if ttl, _ := strconv.Atoi(m[1]); ttl <= 90000 || ttl > 100000 {
		t.Errorf("db0 avg_ttl %d, want about 100000", ttl)
	}
	if len(f) != 2 {
		t.Errorf("INFO keyspace lists empty databases: %v", f)
	}

	before := infoFields(t, c, "stats")
	c.Get(ctx, "a")
	c.Get(ctx, "a")
	c.Get(ctx, "nope")
	after := infoFields(t, c, "stats", "commandstats")
	if d := infoInt(t, after, "keyspace_hits") - infoInt(t, before, "keyspace_hits"); d != 2 {
		t.Errorf("keyspace_hits grew by %d, want 2", d)
	}
	if d := infoInt(t, after, "keyspace_misses") - infoInt(t, before, "keyspace_misses"); d != 1 {
		t.Errorf("keyspace_misses grew by %d, want 1", d)
	}
	if d := infoInt(t, after, "total_commands_processed") - infoInt(t, before, "total_commands_processed"); d != 4 {
		t.Errorf("total_commands_processed grew by %d, want 4 (3 GET, 1 INFO)", d)
	}
	stat := regexp.MustCompile(`^calls=(\d+),usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$`)
	if m := stat.FindStringSubmatch(after["cmdstat_get"]); m == nil || m[1] != "3" {
		t.Errorf("cmdstat_get: %q", after["cmdstat_get"])
	}
}

// Ensure that error replies are counted by prefix in INFO errorstats, and
// rejected and failed calls in commandstats.
func TestServer_Info_Errorstats(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	c.Set(ctx, "k", "v", 0)
	_ = c.Do(ctx, "GET").Err()                      // arity: ERR, rejected
	_ = c.Do(ctx, "NOSUCHCOMMAND").Err()            // unknown: ERR
	_ = c.Do(ctx, "CONFIG", "SET", "hz", "x").Err() // failed: ERR
	_ = c.Do(ctx, "SET", "k", "v", "EX", "0").Err() // failed: ERR
	f := infoFields(t, c, "errorstats", "commandstats", "stats")
	if f["errorstat_ERR"] != "count=4" {
		t.Errorf("errorstat_ERR: %q (all: %v)", f["errorstat_ERR"], f)
	}
	if f["total_error_replies"] != "4" {
		t.Errorf("total_error_replies: %q", f["total_error_replies"])
	}
	if !strings.HasSuffix(f["cmdstat_get"], ",rejected_calls=1,failed_calls=0") {
		t.Errorf("cmdstat_get: %q", f["cmdstat_get"])
	}
	if !strings.HasSuffix(f["cmdstat_config|set"], ",rejected_calls=0,failed_calls=1") {
		t.Errorf("cmdstat_config|set: %q", f["cmdstat_config|set"])
	}
}

// Ensure that instantaneous_ops_per_sec follows the command rate.
func TestServer_Info_OpsPerSec(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	deadline := time.Now().Add(700 * time.Millisecond)
	for time.Now().Before(deadline) {
		c.Ping(ctx)
	}
	if n := infoInt(t, infoFields(t, c, "stats"), "instantaneous_ops_per_sec"); n <= 0 {
		t.Errorf("instantaneous_ops_per_sec after 0.7 s of PINGs: %d", n)
	}
}

// Ensure that TIME replies with the current unix time in seconds and
// microseconds.
func TestServer_Time(t *testing.T) {
	s := testserver.Start(t, nil)
	c := s.Client(t)
	parts, err := c.Do(context.Background(), "TIME").StringSlice()
	if err != nil || len(parts) != 2 {
		t.Fatalf("TIME: %v, %v", parts, err)
	}
	sec, err1 := strconv.ParseInt(parts[0], 10, 64)
	usec, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || usec < 0 || usec >= 1e6 {
		t.Fatalf("TIME: %v", parts)
	}
	if d := time.Since(time.Unix(sec, usec*1000)); d < -time.Second || d > 5*time.Second {
		t.Errorf("TIME is %v away from the clock", d)
	}
	p := testserver.StartPair(t, nil)
	p.Compare(t, "TIME", "x")
}

// Ensure that SHUTDOWN's argument errors, and SHUTDOWN inside MULTI, reply as
// Redis 7.0's do (and stop nothing).
func TestServer_ShutdownErrorsDiff(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Script(t, [][]string{
		{"SHUTDOWN", "ABORT"}, {"SHUTDOWN", "abort", "abort"}, {"SHUTDOWN", "foo"}, {"SHUTDOWN", "NOSAVE", "SAVE"},
		{"SHUTDOWN", "ABORT", "NOW"}, {"SHUTDOWN", "FORCE", "ABORT"},
		{"MULTI"}, {"SHUTDOWN", "NOSAVE"}, {"EXEC"},
		{"PING"},
	})
}

// Ensure that SHUTDOWN NOSAVE closes the connection without a reply, asks the
// server to stop, and takes no snapshot.
func TestServer_Shutdown_InProcess(t *testing.T) {
	s := testserver.Start(t, map[string]string{"save": "3600 1"})
	raw := dialRawProto(t, s.Addr, 2)
	if reply, err := raw.Do("SHUTDOWN", "NOSAVE"); err == nil {
		t.Fatalf("SHUTDOWN replied %q; want the connection closed", reply)
	}
	select {
	case <-s.Resp().ShutdownRequested():
	case <-time.After(5 * time.Second):
		t.Fatal("SHUTDOWN did not signal ShutdownRequested")
	}
	if names := snapshotNames(t, s.Dir); len(names) != 0 {
		t.Errorf("SHUTDOWN NOSAVE took snapshots %v", names)
	}
}

// Ensure that SHUTDOWN with save rules configured takes a snapshot first, and
// that the tierdb binary exits.
func TestServer_Shutdown_SavesAndExits(t *testing.T) {
	dir := t.TempDir()
	p := testserver.StartProcess(t, dir, "--save", "3600 1")
	c := testserver.NewClient(t, p.Addr)
	ctx := context.Background()
	if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(ctx).Err(); err != nil {
		t.Fatalf("SHUTDOWN: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := testserver.DialRaw(p.Addr)
		if err != nil {
			break
		}
		conn.Close()
		if time.Now().After(deadline) {
			t.Fatal("tierdb still accepts connections 10 s after SHUTDOWN")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if names := snapshotNames(t, dir); len(names) != 1 {
		t.Errorf("snapshots after SHUTDOWN with save rules: %v, want one", names)
	}
}

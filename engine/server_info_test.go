package engine

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Ensure that byte counts print as Redis's bytesToHuman does.
func TestHumanBytes(t *testing.T) {
	for _, test := range []struct {
		n    int64
		want string
	}{
		{0, "0B"}, {1023, "1023B"}, {1024, "1.00K"}, {916472, "894.99K"}, {1 << 20, "1.00M"},
		{6598656, "6.29M"}, {1 << 30, "1.00G"}, {25276502016, "23.54G"}, {3 << 40, "3.00T"}, {5 << 50, "5.00P"},
	} {
		if got := humanBytes(test.n); got != test.want {
			t.Errorf("humanBytes(%d) = %q, want %q", test.n, got, test.want)
		}
	}
}

// Ensure that INFO's arguments choose sections as Redis 7.0's do.
func TestChooseInfoSections(t *testing.T) {
	defaults := []string{"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules",
		"errorstats", "cluster", "keyspace"}
	var all []string
	for _, s := range infoSections {
		if !s.onlyNamed {
			all = append(all, s.name)
		}
	}
	for _, test := range []struct {
		args []string
		want []string
	}{
		{nil, defaults},
		{[]string{"default"}, defaults},
		{[]string{"DEFAULT", "commandstats"}, all},
		{[]string{"all"}, all},
		{[]string{"Everything"}, all},
		{[]string{"keyspace", "SERVER", "server"}, []string{"server", "keyspace"}},
		{[]string{"nosuch"}, nil},
		{[]string{"commandstats"}, []string{"commandstats"}},
		{[]string{"all", "Tiering"}, append(slices.Clone(all), "tiering")},
	} {
		raw := make([][]byte, len(test.args))
		for i, a := range test.args {
			raw[i] = []byte(a)
		}
		var got []string
		for i, on := range chooseInfoSections(raw) {
			if on {
				got = append(got, infoSections[i].name)
			}
		}
		if !slices.Equal(got, test.want) {
			t.Errorf("INFO %v: got %v, want %v", test.args, got, test.want)
		}
	}
}

// Ensure that INFO's text is "# Title" then key:value lines, sections
// separated by one blank line and no blank line at the end, as Redis.
func TestInfoText_Layout(t *testing.T) {
	se := newServerEngine(t, nil)
	chosen := chooseInfoSections([][]byte{[]byte("server"), []byte("cluster")})
	text := se.e.infoText(chosen, &ConnStats{TCPPort: 1234})
	if !strings.HasPrefix(text, "# Server\r\nredis_version:"+RedisVersion+"\r\n") {
		t.Errorf("INFO starts with %q", text[:min(40, len(text))])
	}
	if !strings.HasSuffix(text, "\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n") {
		t.Errorf("INFO ends with %q", text[max(0, len(text)-60):])
	}
	if !strings.Contains(text, "\r\ntcp_port:1234\r\n") {
		t.Error("INFO tcp_port is not the listener's port")
	}
}

// Ensure that the command rate is the mean over the last samples.
func TestOpsSampler(t *testing.T) {
	var o opsSampler
	if o.rate() != 0 {
		t.Errorf("rate before samples: %d", o.rate())
	}
	t0 := time.Unix(1000, 0)
	o.sample(t0, 0)
	o.sample(t0.Add(100*time.Millisecond), 100) // 1000/s
	o.sample(t0.Add(200*time.Millisecond), 300) // 2000/s
	if got := o.rate(); got != 1500 {
		t.Errorf("rate: got %d, want 1500", got)
	}
	for i := 3; i < 40; i++ { // a reset counter must not go negative
		o.sample(t0.Add(time.Duration(i)*100*time.Millisecond), 0)
	}
	if got := o.rate(); got != 0 {
		t.Errorf("rate after the counter was reset and stayed: got %d, want 0", got)
	}
}

// Ensure that errors are counted by prefix and CONFIG RESETSTAT clears them.
func TestErrorCounts(t *testing.T) {
	se := newServerEngine(t, nil)
	se.e.countErrorReply(ErrWrongType)
	se.e.countErrorReply(ErrSyntax)
	se.e.countErrorReply(ErrSyntax)
	se.e.countErrorReply(errUnknownForTest{})
	prefixes, counts := se.e.server().errs.sorted()
	if !slices.Equal(prefixes, []string{"ERR", "WRONGTYPE"}) || !slices.Equal(counts, []int64{3, 1}) {
		t.Errorf("error counts: %v %v", prefixes, counts)
	}
	if got := se.e.stats.ErrorReplies.Load(); got != 4 {
		t.Errorf("ErrorReplies: %d", got)
	}
	se.e.resetServerStats()
	if prefixes, _ := se.e.server().errs.sorted(); len(prefixes) != 0 {
		t.Errorf("error counts after reset: %v", prefixes)
	}
}

type errUnknownForTest struct{}

func (errUnknownForTest) Error() string { return "disk on fire" }

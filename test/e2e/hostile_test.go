package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/tierdb/tierdb/test/testserver"
)

// Hostile clients: while one client writes and verifies known data, others
// send random bytes, truncated frames, giant declared lengths, 1 MB inline
// lines, deep nesting, and disconnect mid-command. The server must stay
// up, its memory bounded, and the data intact. The server runs in this
// process, so the process's RSS is the server's (plus the test's own small
// buffers).

// attack is one kind of bad input: make returns the bytes to send on a new
// connection (the connection is then read for an answer and closed).
type attack struct {
	name string
	make func(r *rand.Rand) []byte
}

var attacks = []attack{
	{"random bytes", func(r *rand.Rand) []byte {
		b := make([]byte, 1+r.IntN(64*1024))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}},
	{"random bytes after '*'", func(r *rand.Rand) []byte {
		b := make([]byte, 1+r.IntN(256))
		for i := range b {
			b[i] = "*$\r\n0123456789-"[r.IntN(15)]
		}
		return append([]byte("*"), b...)
	}},
	{"truncated frame", func(r *rand.Rand) []byte {
		full := []byte("*3\r\n$3\r\nSET\r\n$9\r\nhostile:k\r\n$20\r\n01234567890123456789\r\n")
		return full[:r.IntN(len(full))]
	}},
	{"giant multibulk count", func(*rand.Rand) []byte { return []byte("*2147483647\r\n$3\r\nGET\r\n") }},
	{"multibulk count too big", func(*rand.Rand) []byte { return []byte("*2147483648\r\n") }},
	{"giant bulk length (valid, never sent)", func(*rand.Rand) []byte {
		return []byte("*2\r\n$3\r\nGET\r\n$536870912\r\nonly a few bytes")
	}},
	{"bulk length over proto-max-bulk-len", func(*rand.Rand) []byte {
		return []byte("*2\r\n$3\r\nGET\r\n$99999999999\r\n")
	}},
	{"negative lengths", func(r *rand.Rand) []byte {
		return []byte([]string{"*-1\r\nPING\r\n", "*1\r\n$-5\r\n", "*1\r\n$-1\r\n"}[r.IntN(3)])
	}},
	{"1 MB inline line", func(*rand.Rand) []byte { return bytes.Repeat([]byte("A"), 1<<20) }},
	{"1 MB inline line with newline", func(*rand.Rand) []byte {
		return append(bytes.Repeat([]byte("GET "), 1<<18), '\n')
	}},
	{"1 MB header without CR", func(*rand.Rand) []byte {
		return append([]byte("*1\r\n$"), bytes.Repeat([]byte("9"), 1<<20)...)
	}},
	{"deep nesting", func(r *rand.Rand) []byte {
		return bytes.Repeat([]byte("*1\r\n"), 1+r.IntN(100000))
	}},
	{"unbalanced quotes inline", func(*rand.Rand) []byte { return []byte("SET \"abc x\r\n") }},
	{"disconnect mid-command", func(r *rand.Rand) []byte {
		return []byte([]string{"*3\r\n$3\r\nSET\r\n$9\r\nhostile:k\r\n$1000\r\npartial",
			"MULTI\r\nSET hostile:m 1\r\n", "*2\r\n$3\r\nGET\r\n$9\r\nhost"}[r.IntN(3)])
	}},
	{"valid commands then garbage", func(r *rand.Rand) []byte {
		return []byte("PING\r\nSET hostile:g 1\r\n*1\r\n$4\r\nPING\r\n\x00\xff*x\r\n")
	}},
	{"pipelined big replies, never read", func(r *rand.Rand) []byte {
		return bytes.Repeat([]byte("*2\r\n$3\r\nGET\r\n$11\r\nhostile:big\r\n"), 50+r.IntN(200))
	}},
}

// attackResult tallies what the server answered to one kind of attack.
type attackResult struct {
	mu      sync.Mutex
	count   int
	answers map[string]int
}

func (a *attackResult) add(answer string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.count++
	if a.answers == nil {
		a.answers = map[string]int{}
	}
	a.answers[answer]++
}

// Ensure that hostile clients cannot crash the server, grow its memory
// without bound, or touch the data another client writes meanwhile.
func TestHostile_ClientsDoNotHurtTheServer(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	admin := s.Client(t)
	big := strings.Repeat("b", 256<<10)
	if err := admin.Set(ctx, "hostile:big", big, 0).Err(); err != nil {
		t.Fatal(err)
	}
	rssBefore := ownRSS(t)
	duration := 8 * time.Second
	if testing.Short() {
		duration = 2 * time.Second
	}
	deadline := time.Now().Add(duration)

	// The honest client: writes known values and reads them back.
	var wg sync.WaitGroup
	written := map[string]string{}
	var honestErr atomic.Value
	wg.Add(1)
	go func() {
		defer wg.Done()
		c := redis.NewClient(&redis.Options{Addr: s.Addr, Protocol: 2, MaxRetries: -1})
		defer c.Close()
		for i := 0; time.Now().Before(deadline); i++ {
			k, v := fmt.Sprintf("known:%d", i%500), fmt.Sprintf("value-%d", i)
			if err := c.Set(ctx, k, v, 0).Err(); err != nil {
				honestErr.Store(fmt.Errorf("SET %s: %w", k, err))
				return
			}
			written[k] = v
			if got, err := c.Get(ctx, k).Result(); err != nil || got != v {
				honestErr.Store(fmt.Errorf("GET %s = %q, %v; want %q", k, got, err, v))
				return
			}
		}
	}()

	// The attackers, and a watcher of the process's memory.
	results := make([]attackResult, len(attacks))
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 42))
			// Until the deadline, and at least until every attack ran
			// once (worker w takes attacks w, w+8, w+16 ...), however
			// slow the machine.
			for i := 0; time.Now().Before(deadline) || 8*i < len(attacks); i++ {
				k := (w + 8*i) % len(attacks)
				results[k].add(sendHostile(s.Addr, attacks[k].make(r), k == len(attacks)-1))
			}
		}()
	}
	var peak atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for time.Now().Before(deadline) {
			if rss := ownRSS(t); rss > peak.Load() {
				peak.Store(rss)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	wg.Wait()

	if err, _ := honestErr.Load().(error); err != nil {
		t.Fatalf("the honest client failed: %v", err)
	}
	if err := admin.Ping(ctx).Err(); err != nil {
		t.Fatalf("the server does not answer PING after the attacks: %v", err)
	}
	check := s.Client(t)
	for k, v := range written {
		if got, err := check.Get(ctx, k).Result(); err != nil || got != v {
			t.Errorf("%s = %q, %v; want %q", k, got, err, v)
		}
	}
	if got, err := check.Get(ctx, "hostile:big").Result(); err != nil || got != big {
		t.Errorf("hostile:big changed: %d bytes, %v", len(got), err)
	}
	growth := peak.Load() - rssBefore
	t.Logf("RSS before %d MB, peak %d MB (growth %d MB); %d known keys verified",
		rssBefore>>20, peak.Load()>>20, growth>>20, len(written))
	if growth > 200<<20 {
		t.Errorf("RSS grew by %d MB under hostile clients, want < 200 MB", growth>>20)
	}
	for i, a := range attacks {
		res := &results[i]
		var answers []string
		for ans, n := range res.answers {
			answers = append(answers, fmt.Sprintf("%dx %s", n, ans))
		}
		slices.Sort(answers)
		t.Logf("%-38s %5d connections: %s", a.name, res.count, strings.Join(answers, "; "))
		if res.count == 0 {
			t.Errorf("attack %q never ran", a.name)
		}
	}
}

// sendHostile sends input on a new connection and describes the server's
// answer: its first reply line (unknown-command errors shortened), and
// whether it closed the connection. If hangUp, the client closes at once
// without reading anything.
func sendHostile(addr string, input []byte, hangUp bool) string {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return "dial error: " + err.Error()
	}
	defer c.Close()
	_ = c.SetWriteDeadline(time.Now().Add(2 * time.Second))
	_, werr := c.Write(input)
	if hangUp {
		return "client hung up without reading"
	}
	_ = c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	r := bufio.NewReader(c)
	line, rerr := r.ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if strings.HasPrefix(line, "-ERR unknown command") {
		line = "-ERR unknown command '...'"
	}
	if len(line) > 70 {
		line = line[:70] + "..."
	}
	_, _ = io.Copy(io.Discard, r)
	closed := "left open"
	if _, err := c.Read(make([]byte, 1)); err != nil && !isTimeoutErr(err) {
		closed = "closed"
	}
	switch {
	case line == "" && werr != nil:
		return "closed while the client wrote"
	case line == "" && rerr != nil && !isTimeoutErr(rerr):
		return "closed without a reply"
	case line == "":
		return "no reply (waiting for the rest), " + closed
	}
	return strconv.Quote(line) + ", " + closed
}

func isTimeoutErr(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// ownRSS is this process's resident set size in bytes (VmRSS).
func ownRSS(t *testing.T) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("SKIPPED: no /proc/self/status to measure memory")
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Skip("SKIPPED: no VmRSS in /proc/self/status")
	return 0
}

// pipelineGets writes n pipelined GETs of key on a new connection without
// reading any reply, and returns the connection.
func pipelineGets(t *testing.T, addr, key string, n int) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	req := fmt.Sprintf("*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n", len(key), key)
	go func() { _, _ = c.Write(bytes.Repeat([]byte(req), n)) }()
	return c
}

// Ensure that a client that pipelines big replies without reading them is
// disconnected once its pending output reaches the hard limit, or stays
// above the soft limit for the soft seconds, instead of growing the
// server's memory; and that with no limit (the default for normal clients)
// it is simply not read from until it reads, and gets every reply.
func TestHostile_OutputBufferLimit(t *testing.T) {
	const valueSize, gets = 256 << 10, 800
	value := strings.Repeat("v", valueSize)
	for _, test := range []struct {
		name, limit string
		closed      bool
	}{
		{"hard", "normal 8mb 0 0", true},
		{"soft", "normal 0 2mb 1", true},
		{"none", "normal 0 0 0", false},
	} {
		t.Run(test.name, func(t *testing.T) {
			s := testserver.Start(t, map[string]string{"client-output-buffer-limit": test.limit})
			ctx := context.Background()
			admin := s.Client(t)
			if err := admin.Set(ctx, "bigkey", value, 0).Err(); err != nil {
				t.Fatal(err)
			}
			before := ownRSS(t)
			c := pipelineGets(t, s.Addr, "bigkey", gets)
			time.Sleep(2 * time.Second) // past the soft seconds
			grown := ownRSS(t) - before
			if grown > 100<<20 {
				t.Errorf("RSS grew by %d MB while the client did not read %d MB of replies", grown>>20,
					gets*valueSize>>20)
			}
			reply := fmt.Sprintf("$%d\r\n%s\r\n", valueSize, value)
			if !test.closed {
				// Nothing lost: every reply arrives once the client reads.
				_ = c.SetReadDeadline(time.Now().Add(20 * time.Second))
				buf := make([]byte, len(reply))
				for i := range gets {
					if _, err := io.ReadFull(c, buf); err != nil || string(buf) != reply {
						t.Fatalf("reply %d: %v", i, err)
					}
				}
				return
			}
			n, closed := waitClosed(t, c, 10*time.Second)
			if !closed || n >= int64(gets*len(reply)) {
				t.Fatalf("closed = %v after receiving %d of %d bytes; want closed early", closed, n, gets*len(reply))
			}
			if err := admin.Ping(ctx).Err(); err != nil {
				t.Errorf("other clients: %v", err)
			}
		})
	}
}

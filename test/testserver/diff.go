package testserver

import (
	"strings"
	"testing"
)

// Pair is one tierdb and one real Redis, each with a raw connection, for
// differential tests.
type Pair struct {
	Tier  *RawConn
	Redis *RawConn
}

// StartPair starts an in-process tierdb (with overrides) and a real
// redis-server, and connects to both.
func StartPair(t testing.TB, overrides map[string]string) *Pair {
	t.Helper()
	r := StartRedis(t)
	s := Start(t, overrides)
	p := &Pair{}
	var err error
	if p.Tier, err = DialRaw(s.Addr); err != nil {
		t.Fatal(err)
	}
	if p.Redis, err = DialRaw(r.Addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Tier.Close(); p.Redis.Close() })
	return p
}

// Compare sends the same command to both and fails the test unless the raw
// replies are identical. It returns tierdb's reply.
func (p *Pair) Compare(t testing.TB, args ...string) string {
	t.Helper()
	got, err := p.Tier.Do(args...)
	if err != nil {
		t.Fatalf("tierdb %q: %v", args, err)
	}
	want, err := p.Redis.Do(args...)
	if err != nil {
		t.Fatalf("redis %q: %v", args, err)
	}
	if got != want {
		t.Errorf("%s:\ntierdb: %q\nredis:  %q", strings.Join(args, " "), got, want)
	}
	return got
}

// Script runs Compare for each command of a script.
func (p *Pair) Script(t testing.TB, script [][]string) {
	t.Helper()
	for _, cmd := range script {
		p.Compare(t, cmd...)
	}
}

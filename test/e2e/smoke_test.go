package e2e

import (
	"context"
	"testing"

	"github.com/tierdb/tierdb/test/testserver"
)

// Ensure that a value written before a clean restart is served after it.
func TestSmoke_SetGet_SurvivesRestart(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	if err := c.Set(ctx, "greeting", "hello", 0).Err(); err != nil {
		t.Fatal(err)
	}
	s.Restart(t)
	c = s.Client(t)
	got, err := c.Get(ctx, "greeting").Result()
	if err != nil || got != "hello" {
		t.Fatalf("got %q, %v; want %q", got, err, "hello")
	}
}

// Ensure that the real-Redis harness compares replies byte for byte.
func TestSmoke_Differential(t *testing.T) {
	p := testserver.StartPair(t, nil)
	p.Script(t, [][]string{
		{"SET", "k", "v"},
		{"GET", "k"},
		{"GET", "missing"},
		{"NOSUCHCOMMAND", "a", "b"},
		{"GET"},
		{"SELECT", "99"},
	})
}

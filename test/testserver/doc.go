// Package testserver starts the servers that tierdb's end-to-end tests talk
// to: tierdb in-process (resp.Open on a free port in a temporary directory),
// the real tierdb binary (for crash tests), and a real redis-server (for
// differential tests). Everything a test starts is stopped and removed by
// t.Cleanup.
package testserver

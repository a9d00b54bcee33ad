package bench

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// newClient returns a client with one connection: each benchmark client is
// one connection, as with redis-benchmark. Timeouts are generous so that a
// slow server is measured, not dropped.
func newClient(addr string, protocol int) *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:            addr,
		Protocol:        protocol,
		DisableIdentity: true, // no CLIENT SETINFO: it is not part of the load
		PoolSize:        1,
		MaxRetries:      -1, // a retry would hide a failure and skew latency
		DialTimeout:     5 * time.Second,
		ReadTimeout:     time.Minute,
		WriteTimeout:    time.Minute,
	})
}

// errUnsupported says the target does not know a command the workload needs.
type errUnsupported struct{ msg string }

func (e errUnsupported) Error() string { return e.msg }

// replyError classifies a command's error: nil for success or a nil reply,
// errUnsupported for an unknown command, the error itself for any other
// error reply (counted, the run goes on) and a *fatalError for everything
// else (a broken connection ends the run).
func replyError(err error) error {
	if err == nil || errors.Is(err, redis.Nil) {
		return nil
	}
	var re redis.Error
	if !errors.As(err, &re) {
		return &fatalError{err}
	}
	if msg := err.Error(); strings.HasPrefix(msg, "ERR unknown command") {
		msg, _, _ = strings.Cut(msg, ", with args")
		return errUnsupported{strings.TrimSpace(msg)}
	}
	return err
}

// fatalError is a failure that is not an error reply: the connection broke
// or timed out.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }
func (e *fatalError) Unwrap() error { return e.err }

// countReplies applies replyError to each command, counting error replies in
// c. It returns the first unsupported or fatal error.
func countReplies(cmds []redis.Cmder, c *Counters) error {
	for _, cmd := range cmds {
		switch err := replyError(cmd.Err()); err.(type) {
		case nil:
		case errUnsupported, *fatalError:
			return err
		default:
			c.Errors++
			if c.FirstError == "" {
				c.FirstError = err.Error()
			}
		}
	}
	return nil
}

// serverVersion returns "redis 7.0.15" or "tierdb 0.1.0 (redis 7.0.15)".
func serverVersion(ctx context.Context, c *redis.Client) string {
	info, err := c.Info(ctx, "server").Result()
	if err != nil {
		return ""
	}
	fields := map[string]string{}
	for _, line := range strings.Split(info, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
			fields[k] = v
		}
	}
	if v := fields["tierdb_version"]; v != "" {
		return fmt.Sprintf("tierdb %s (redis %s)", v, fields["redis_version"])
	}
	if v := fields["redis_version"]; v != "" {
		return "redis " + v
	}
	return ""
}

// configMaxMemory asks the target its maxmemory in bytes.
func configMaxMemory(ctx context.Context, c *redis.Client) (int64, error) {
	m, err := c.ConfigGet(ctx, "maxmemory").Result()
	if err := replyError(err); err != nil {
		return 0, err
	}
	v, ok := m["maxmemory"]
	if !ok {
		return 0, fmt.Errorf("CONFIG GET maxmemory: no value")
	}
	return ParseBytes(v)
}

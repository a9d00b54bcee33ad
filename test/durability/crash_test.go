// Package durability kills the real tierdb binary with SIGKILL under load
// and checks DESIGN.md invariant 5 on restart: what appendfsync promises
// survives, the state is a prefix of the writes, and no MULTI/EXEC is ever
// half-applied.
package durability

import (
	"testing"
	"time"

	"github.com/tierdb/tierdb/test/testserver"
)

const (
	writers  = 8
	loadTime = 2 * time.Second
)

// Ensure that under appendfsync always a SIGKILL loses no acknowledged
// write: every SET that replied OK, every INCR value returned and every EXEC
// that replied is there after a restart.
func TestCrash_AppendfsyncAlways_LosesNothingAcknowledged(t *testing.T) {
	t.Parallel()
	p := testserver.StartProcess(t, "", "--appendonly", "yes", "--appendfsync", "always")
	logs, killAt := runLoad(t, p.Addr, writers, loadTime, p.Kill)
	p.Restart()
	verify(t, testserver.NewClient(t, p.Addr), logs, killAt)
}

// Ensure that under appendfsync everysec a SIGKILL loses at most about one
// second: every write acknowledged more than 1.5 s before the kill is there.
func TestCrash_AppendfsyncEverysec_LosesAtMostOneSecond(t *testing.T) {
	t.Parallel()
	p := testserver.StartProcess(t, "", "--appendonly", "yes", "--appendfsync", "everysec")
	logs, killAt := runLoad(t, p.Addr, writers, loadTime, p.Kill)
	p.Restart()
	verify(t, testserver.NewClient(t, p.Addr), logs, killAt.Add(-1500*time.Millisecond))
}

// Ensure that with appendonly no a SIGKILL leaves a consistent prefix of the
// writes: each client's surviving SETs have no holes, no MULTI/EXEC is
// half-applied, and DBSIZE counts exactly what survived. Nothing has to
// survive, so no deadline is checked.
func TestCrash_AppendonlyNo_LeavesConsistentPrefix(t *testing.T) {
	t.Parallel()
	p := testserver.StartProcess(t, "", "--appendonly", "no")
	logs, _ := runLoad(t, p.Addr, writers, time.Second, p.Kill)
	p.Restart()
	verify(t, testserver.NewClient(t, p.Addr), logs, time.Time{})
}

// Ensure that a server killed again right after it recovered from a kill
// (before any new write) still has every write acknowledged under
// appendfsync always: recovery leaves a state that itself survives a crash.
func TestCrash_KilledAgainAfterRecovery(t *testing.T) {
	t.Parallel()
	p := testserver.StartProcess(t, "", "--appendonly", "yes", "--appendfsync", "always")
	logs, killAt := runLoad(t, p.Addr, writers, time.Second, p.Kill)
	p.Restart()
	p.Kill()
	p.Restart()
	verify(t, testserver.NewClient(t, p.Addr), logs, killAt)
}

package persistence

import (
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// compactionGate is the store's Pebble compaction scheduler. It grants
// compactions as Pebble's default scheduler does (as many at once as
// Pebble allows without asking), except that none starts before Open
// opens the gate.
//
// That keeps start-up time independent of the data set's size. pebble.Open
// flushes the memtable it replays from the WAL (always, even an empty
// one), the flush schedules the L0 compaction that a write-heavy run left
// due, and Open then waits for every running compaction before it scans for
// obsolete files. An L0 compaction rewrites the overlapping part of the
// base level, which grows with the data, so a restart after loading 160k
// keys took 250 ms where one after 40k took 130 ms and an idle one 25 ms.
// With the gate, the compaction runs in the background after Open, or,
// with Options.DeferCompactions, once the caller has done its own start-up
// reads (DB.StartCompactions), which a running compaction slows down.
type compactionGate struct {
	mu      sync.Mutex
	db      pebble.DBForCompaction // nil until Register and after Unregister
	started bool                   // Register started the granter
	open    bool
	running int

	poke     chan struct{} // wakes the granter: capacity 1, sends never block
	stop     chan struct{}
	stopOnce sync.Once
	exited   chan struct{}
}

var (
	_ pebble.CompactionScheduler   = (*compactionGate)(nil)
	_ pebble.CompactionGrantHandle = (*compactionGate)(nil)
)

// grantPeriod is how often the granter looks for a waiting compaction
// without being poked, as Pebble's default scheduler does.
const grantPeriod = 100 * time.Millisecond

func newCompactionGate() *compactionGate {
	return &compactionGate{poke: make(chan struct{}, 1), stop: make(chan struct{}), exited: make(chan struct{})}
}

// openGate lets compactions start.
func (g *compactionGate) openGate() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.wake()
}

// Register implements pebble.CompactionScheduler; Pebble calls it once,
// from Open.
func (g *compactionGate) Register(_ int, db pebble.DBForCompaction) {
	g.mu.Lock()
	g.db, g.started = db, true
	g.mu.Unlock()
	go g.granter()
}

// Unregister implements pebble.CompactionScheduler; Pebble calls it from
// Close, and Open calls it when pebble.Open fails. No call reaches the DB
// after it returns. It may be called more than once, or before Register.
func (g *compactionGate) Unregister() {
	g.stopOnce.Do(func() { close(g.stop) })
	g.mu.Lock()
	started := g.started
	g.mu.Unlock()
	if started {
		<-g.exited
	}
	g.mu.Lock()
	g.db = nil
	g.mu.Unlock()
}

// TrySchedule implements pebble.CompactionScheduler: Pebble asks whether
// it may start a compaction now. A refused one waits for the granter.
func (g *compactionGate) TrySchedule() (bool, pebble.CompactionGrantHandle) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.open || g.db == nil || g.running >= g.db.GetAllowedWithoutPermission() {
		return false, nil
	}
	g.running++
	return true, g
}

// UpdateGetAllowedWithoutPermission implements pebble.CompactionScheduler:
// more compactions may be allowed now.
func (g *compactionGate) UpdateGetAllowedWithoutPermission() { g.wake() }

// Started implements pebble.CompactionGrantHandle.
func (g *compactionGate) Started() {}

// MeasureCPU implements pebble.CompactionGrantHandle.
func (g *compactionGate) MeasureCPU(pebble.CompactionGoroutineKind) {}

// CumulativeStats implements pebble.CompactionGrantHandle.
func (g *compactionGate) CumulativeStats(pebble.CompactionGrantHandleStats) {}

// Done implements pebble.CompactionGrantHandle: a granted compaction ended.
func (g *compactionGate) Done() {
	g.mu.Lock()
	g.running--
	g.mu.Unlock()
	g.wake()
}

func (g *compactionGate) wake() {
	select {
	case g.poke <- struct{}{}:
	default:
	}
}

// granter starts waiting compactions when poked and every grantPeriod. It
// is the only caller of the DB's scheduling methods, which take Pebble's
// locks, so none is called under g.mu or from a Pebble callback.
func (g *compactionGate) granter() {
	defer close(g.exited)
	tick := time.NewTicker(grantPeriod)
	defer tick.Stop()
	for {
		select {
		case <-g.stop:
			return
		case <-g.poke:
		case <-tick.C:
		}
		g.grant()
	}
}

// grant starts waiting compactions while more are allowed.
func (g *compactionGate) grant() {
	for {
		g.mu.Lock()
		db := g.db
		ok := g.open && db != nil && g.running < db.GetAllowedWithoutPermission()
		if ok {
			g.running++
		}
		g.mu.Unlock()
		if !ok {
			return
		}
		if waiting, _ := db.GetWaitingCompaction(); !waiting || !db.Schedule(g) {
			g.mu.Lock()
			g.running--
			g.mu.Unlock()
			return
		}
	}
}

package tier

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// The hot set's budget (MemorySplit.Hot) is in accounted bytes: an
// estimate, object by object, of what a key and its value hold on the Go
// heap. The heap holds more than the objects (the runtime, client buffers,
// Pebble's Go-side state, the spill filters, the admission sketch), and
// the estimate is not exact for every shape of value. The heap governor
// closes the loop on the real number: after each garbage collection it
// compares what the collection left (the live heap, and the runtime's own
// memory that the Go limit counts too) with its target, liveTargetNum /
// liveTargetDen of the Go memory limit (the rest is room for the garbage
// made between collections), takes any excess off the hot set's budget,
// which the evictor then frees, and gives back part of what it took once
// the heap is below target. So the process stays near maxmemory when the
// estimate is off or the heap holds more than objects, and the collector
// is not left running back to back against the limit.

const (
	liveTargetNum, liveTargetDen = 7, 8
	// giveBackDiv: below target, 1/giveBackDiv of the gap is given back to
	// the budget per collection, so that the budget creeps back up.
	giveBackDiv = 4
	// minCutShare: the governor leaves the hot set at least 1/minCutShare
	// of its budget.
	minCutShare = 4
	// minGovernedLimit: under a Go memory limit this small, the runtime's
	// own baseline is most of the heap, and the governor would only empty
	// the hot set; it stays off.
	minGovernedLimit = 16 << 20
)

// heapGovernor is the store's live-heap feedback on the hot set's budget.
type heapGovernor struct {
	cut atomic.Int64 // bytes taken off the hot set's budget

	mu      sync.Mutex // guards samples and cycles
	samples []metrics.Sample
	cycles  uint64 // the garbage collection last looked at
}

// governorSamples are the runtime metrics the governor reads: the
// collection count, the live heap, and the parts of the Go memory limit's
// total that are not heap objects and that a collection does not free.
var governorSamples = []string{
	"/gc/cycles/total:gc-cycles",
	"/gc/heap/live:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/objects:bytes",
}

// liveHeap returns what the newest garbage collection left: the live heap
// plus the Go memory that is not heap objects and stays (partly used spans,
// stacks, the runtime's metadata), which the Go limit counts too. It
// returns false if there was no collection since the last call.
func (g *heapGovernor) liveHeap() (int64, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.samples == nil {
		g.samples = make([]metrics.Sample, len(governorSamples))
		for i, name := range governorSamples {
			g.samples[i].Name = name
		}
	}
	metrics.Read(g.samples)
	v := make([]int64, len(g.samples))
	for i, s := range g.samples {
		if s.Value.Kind() != metrics.KindUint64 {
			return 0, false
		}
		v[i] = int64(s.Value.Uint64())
	}
	if uint64(v[0]) == g.cycles {
		return 0, false
	}
	g.cycles = uint64(v[0])
	live, total, released, free, objects := v[1], v[2], v[3], v[4], v[5]
	return live + max(total-released-free-objects, 0), true
}

// nextCut is one step of the control: the cut after a collection found
// live bytes live, against target, on a budget of base.
func nextCut(cut, live, target, base int64) int64 {
	if excess := live - target; excess > 0 {
		cut += excess
	} else {
		cut -= min(cut, -excess/giveBackDiv)
	}
	return max(min(cut, base-base/minCutShare), 0)
}

// governHeap runs one step of the heap governor if a garbage collection
// ended since the last: it moves the hot set's budget and wakes the
// evictor when the budget shrank. The evictor calls it every evictTick. It
// governs against the Go memory limit in force (set from maxmemory, or
// GOMEMLIMIT), and not at all without maxmemory, under minGovernedLimit,
// or under noeviction, where a cut could not free anything and would
// only refuse writes that maxmemory allows.
func (s *Store) governHeap() {
	g := &s.governor
	limit := debug.SetMemoryLimit(-1)
	base := s.base.Load()
	if base == math.MaxInt64 || limit == math.MaxInt64 || limit < minGovernedLimit ||
		s.evcfg.Load().Policy == NoEviction {
		if g.cut.Swap(0) != 0 {
			s.retarget()
		}
		return
	}
	live, fresh := g.liveHeap()
	if !fresh {
		return
	}
	g.cut.Store(nextCut(g.cut.Load(), live, limit/liveTargetDen*liveTargetNum, base))
	s.retarget()
}

// retarget sets the hot set's budget from the split's and the governor's
// cut, and wakes the evictor if the hot set is now over it.
func (s *Store) retarget() {
	limit := s.base.Load()
	if limit != math.MaxInt64 {
		limit -= s.governor.cut.Load()
	}
	s.limit.Store(limit)
	if s.used.Load() > limit {
		s.kickEvictor()
	}
}

//go:build linux && cgo

package main

/*
#include <malloc.h>

static void tierdb_tune_malloc(int arenas, int mmap_threshold) {
#ifdef M_ARENA_MAX
	mallopt(M_ARENA_MAX, arenas);
#endif
#ifdef M_MMAP_THRESHOLD
	mallopt(M_MMAP_THRESHOLD, mmap_threshold);
#endif
}

static void tierdb_trim_malloc(void) { malloc_trim(0); }
*/
import "C"

import "time"

// How glibc's malloc is tuned in cgo builds, where Pebble's block cache
// and memtables are C allocations, made and freed by whichever threads
// run their goroutines.
const (
	// mallocArenas caps the arenas: with glibc's default of eight per core
	// the freed blocks stay spread over many of them.
	mallocArenas = 2
	// mallocMmapThreshold: larger allocations (memtables) are mapped and
	// unmapped on their own instead of leaving holes in an arena. Setting
	// it also stops glibc from raising it as it sees large frees.
	mallocMmapThreshold = 256 << 10
	// mallocTrimEvery is how often free memory inside the arenas is given
	// back to the system (malloc_trim), which glibc does only at the top
	// of the main arena by itself.
	mallocTrimEvery = 2 * time.Second
)

// tuneMalloc tunes glibc's malloc for Pebble's churn of C blocks and starts
// the trimmer. A 1 GB load at maxmemory 64mb, read back, peaked at 118 MB
// of RSS with glibc's defaults, 113 MB with two arenas, and 105 to 110 MB
// with the threshold and the trimmer too; pure Go builds (make build),
// where the caches are on the Go heap, peak lower still (configs.SplitMemory).
// C libraries other than glibc have none of these settings, and nothing
// changes there.
func tuneMalloc() {
	C.tierdb_tune_malloc(mallocArenas, mallocMmapThreshold)
	go func() {
		for range time.Tick(mallocTrimEvery) {
			C.tierdb_trim_malloc()
		}
	}()
}

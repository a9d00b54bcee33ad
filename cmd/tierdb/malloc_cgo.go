//go:build linux && cgo

package main

/*
#include <malloc.h>

static void tierdb_limit_malloc_arenas(int n) {
#ifdef M_ARENA_MAX
	mallopt(M_ARENA_MAX, n);
#endif
}
*/
import "C"

// mallocArenas is how many glibc malloc arenas the process may use.
const mallocArenas = 2

// limitMallocArenas caps glibc's malloc arenas. Pebble's block cache and
// memtables are C allocations, made and freed by whichever threads run
// their goroutines; with glibc's default of eight arenas per core the
// freed blocks stay spread over many arenas, and over a 1 GB load at
// maxmemory 64mb RSS crept to 118 MB, past the 102 MB bound (400 MB
// load: 102.5 MB with the default, 92.0 MB with two arenas). C libraries
// other than glibc have no M_ARENA_MAX, and nothing changes there.
func limitMallocArenas() { C.tierdb_limit_malloc_arenas(mallocArenas) }

//go:build !linux || !cgo

package main

// limitMallocArenas does nothing: without cgo Pebble allocates its caches
// on the Go heap, and other systems' allocators have no arenas to cap.
func limitMallocArenas() {}

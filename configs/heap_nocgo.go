//go:build !cgo

package configs

// PebbleCachesOnGoHeap tells where this build's Pebble allocates its block
// cache and memtables: without cgo, on the Go heap, inside the Go memory
// limit (see SplitMemory).
const PebbleCachesOnGoHeap = true

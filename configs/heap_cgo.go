//go:build cgo

package configs

// PebbleCachesOnGoHeap tells where this build's Pebble allocates its block
// cache and memtables: with cgo, in C memory, outside the Go heap and its
// memory limit (see SplitMemory). `make build` and the tests build without
// cgo, where they live on the Go heap.
const PebbleCachesOnGoHeap = false

//go:build !linux || !cgo

package main

// tuneMalloc does nothing: without cgo Pebble allocates its caches on the
// Go heap, and other systems' allocators are not glibc's.
func tuneMalloc() {}

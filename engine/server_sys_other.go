//go:build !linux

package engine

import "runtime"

// osName is the operating system and architecture (INFO os).
func osName() string { return runtime.GOOS + " " + runtime.GOARCH }

// totalSystemMemory is unknown off Linux.
func totalSystemMemory() uint64 { return 0 }

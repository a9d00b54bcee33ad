package persistence

import (
	"context"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// Checkpoint writes a consistent copy of the store to dir, which must not
// exist yet (its parent must). The copy holds every batch committed before
// the call and, like a crash, a prefix of those committed during it; it is a
// complete Pebble store that Open can open in place (copy it to
// <dir>/pebble of a new data directory to restore it). Sstables are
// hard-linked where the file system allows, so a checkpoint costs little
// space until compactions rewrite the files it shares.
//
// Memtables are flushed first, so the copy does not depend on the WAL (which
// may be disabled).
func (d *DB) Checkpoint(dir string) (err error) {
	if d.closed.Load() {
		return ErrClosed
	}
	// Pebble panics when the store is closed under it; Close may race with a
	// background save, so that panic becomes an error.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("persistence: checkpoint interrupted: %v", r)
		}
	}()
	if err := d.pdb.Flush(); err != nil {
		return fmt.Errorf("persistence: flush before checkpoint: %w", err)
	}
	if err := d.pdb.Checkpoint(dir, pebble.WithFlushedWAL()); err != nil {
		return fmt.Errorf("persistence: checkpoint %s: %w", dir, err)
	}
	return nil
}

// Compact flushes the memtables and compacts the whole key space, dropping
// deleted and overwritten data from disk (BGREWRITEAOF). It can take long on a
// big store; ctx cancels it.
func (d *DB) Compact(ctx context.Context) (err error) {
	if d.closed.Load() {
		return ErrClosed
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("persistence: compaction interrupted: %v", r)
		}
	}()
	if err := d.pdb.Flush(); err != nil {
		return fmt.Errorf("persistence: flush before compaction: %w", err)
	}
	// Every key starts with a tag byte below 0xff.
	if err := d.pdb.Compact(ctx, []byte{0}, []byte{0xff}, true); err != nil {
		return fmt.Errorf("persistence: compact: %w", err)
	}
	return nil
}

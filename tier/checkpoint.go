package tier

import "context"

// Checkpoint writes a consistent copy of the store's data to dir, which must
// not exist yet: every command committed before the call, none half-applied.
// It takes no lock; writers go on while it runs. The copy is a Pebble store:
// to restore it, place it as <data dir>/pebble and start on that data dir.
func (s *Store) Checkpoint(dir string) error { return s.db.Checkpoint(dir) }

// Compact rewrites the on-disk data, dropping what deletions and overwrites
// left behind (BGREWRITEAOF). It takes no lock and may take long; ctx
// cancels it.
func (s *Store) Compact(ctx context.Context) error { return s.db.Compact(ctx) }

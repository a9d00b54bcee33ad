package tier

import "github.com/tierdb/tierdb/persistence"

// SyncPolicy says when a commit reaches stable storage (Redis's appendfsync).
type SyncPolicy = persistence.SyncPolicy

// ParseSyncPolicy maps an appendfsync value (always, everysec, no) to a
// SyncPolicy.
func ParseSyncPolicy(s string) (SyncPolicy, error) { return persistence.ParseSyncPolicy(s) }

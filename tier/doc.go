// Package tier decides where each key lives: decoded in memory (the hot set)
// or only in Pebble (cold). Pebble is the durable truth and is written
// through on every commit, so the hot set is a cache of decoded objects:
// dropping a key from memory never loses it.
//
// # Locking
//
// The key space is split into NumShards shards by the key's hash, the same
// shard index in every database (so MOVE and COPY between databases lock one
// shard). A caller locks the shards of every key it will touch, in ascending
// order (LockSet does this), before it begins a Txn, and unlocks them after
// Commit returns. Whole-keyspace operations (FLUSHDB, SWAPDB, EXEC of a
// global command) lock every shard. Scans of Pebble take no lock: they see
// committed state only.
//
// # Invariants
//
//   - An object is in the hot set only if Pebble holds the same value (after
//     the Txn that wrote it commits); a failed commit drops the touched keys
//     from memory so that the next read reloads the truth.
//   - Per-database key counts equal the number of keys stored in Pebble.
//   - A Txn never returns an expired object; it deletes it instead.
package tier

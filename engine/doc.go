// Package engine holds the command table and the semantics of every command:
// the key space of each logical database, the data types, expiry,
// transactions. It works against package tier's transactions and never
// touches Pebble or sockets.
//
// # Running a command
//
// Do looks the command up in the table (unknown command and arity errors),
// calls the session's Authorize gate (resp's NOAUTH and ACL checks), refuses
// it if it may not run now (OOM, no_multi), queues it if the session is in
// MULTI, and otherwise runs it: the shards of its keys (from the table's key
// specs) are locked in ascending order, a tier.Txn is begun, the handler
// writes its reply, the Txn commits, WATCHers of touched keys are signalled,
// and only then are the locks released and the reply handed back. A handler
// that returns an error has changed nothing: its Txn is discarded.
//
// # Locking model
//
//   - Keys map to one of tier.NumShards shards by hash, the same shard in
//     every database. A command locks the shards of all its keys up front,
//     so it runs as if alone with respect to those keys.
//   - Whole-database commands (FLUSHDB, FLUSHALL, SWAPDB) carry LockAll.
//   - EXEC locks the union of its queued commands' shards and its WATCHed
//     keys' shards, checks the WATCHes, then runs the queue in one Txn,
//     committed as one batch: atomic for other clients and across a crash.
//   - Reads that span the key space (SCAN, KEYS, DBSIZE, RANDOMKEY) take no
//     lock; they read Pebble's committed state.
//   - Background work (active expiry) locks one key's shard at a time.
//   - Blocking commands must wait without holding any lock.
package engine

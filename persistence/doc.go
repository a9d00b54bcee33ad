// Package persistence is tierdb's durable truth: a Pebble database holding every
// key of every logical Redis database, written through by the layers above.
//
// # Encoding
//
// All keys start with a one-byte tag. Integers are big-endian so that byte order
// is numeric order.
//
//	'm' phys(4) hash(8) key           → Meta (type, flags, expire-at, inline value or collection header)
//	'e' phys(4) version(8) element    → element value; for a hash, element = xxhash64(field)(8) field
//	'x' expire-at(8) phys(4) hash(8) key → empty: the expiry index, in expiry order
//	'c' phys(4)                       → int64 key count, maintained with a merge operator
//	'd' logical(4)                    → phys(4): which physical keyspace a logical db (SELECT n) uses
//	'v'                               → uint64 high-water mark of collection versions
//
// phys is a physical keyspace id, so SWAPDB only swaps two 'd' entries. hash is
// a stable 64-bit hash of the key (xxhash): metadata keys are kept in hash order,
// which makes a SCAN cursor a plain number (the hash to resume from), gives
// Redis's SCAN guarantee for free (a key present for the whole scan is returned
// exactly once, in hash order), and lets RANDOMKEY seek to a random point.
// Element keys are addressed by the collection's version, which is unique per
// key instance: deleting a collection deletes its meta key and range-deletes
// its elements in the same batch, and a re-created key gets a fresh version, so
// a read of a new key never wades through the tombstones of an old one.
//
// # Invariants
//
//   - A key's Meta, its expiry index entry and its db's count change in one batch.
//   - The count stored under 'c' equals the number of 'm' keys of that keyspace.
//   - Each Batch is applied atomically; a crash exposes a prefix of committed batches.
//   - With SyncAlways, Commit returns only after the WAL is fsynced.
package persistence

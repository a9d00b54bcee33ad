package engine

import "github.com/tierdb/tierdb/tier"

// OBJECT ENCODING of hashes. Redis keeps a small hash as a listpack and
// converts it, for good, to a hash table when a write gives it more fields
// than hash-max-listpack-entries or a field or value longer than
// hash-max-listpack-value bytes. We keep no listpacks, but we apply the
// same rules at the same moments and record the outcome in the hash (it
// survives restarts), so OBJECT ENCODING answers what Redis would, and
// HSCAN returns a "listpack" hash whole in one call, as Redis does.
//
// Two cases differ: Redis also converts a listpack that would pass 1 GB,
// which the value limit makes unreachable in practice; and RESTORE (and
// Redis's RDB loading) decides afresh from the content, which we do too,
// but a server restart keeps the recorded encoding where Redis reloading
// an RDB may go back to a listpack.

// hashLimits are the listpack limits of hashes at the time of a command.
type hashLimits struct{ entries, value int64 }

func (c *Call) hashLimits() hashLimits {
	return hashLimits{entries: c.e.cfg.Int("hash-max-listpack-entries"), value: c.e.cfg.Int("hash-max-listpack-value")}
}

// set stores value at field through h and records the hashtable encoding
// when Redis would convert the hash: before the write for a field or value
// over the length limit, after it for a count over the entries limit.
func (l hashLimits) set(h *tier.Hash, field, value []byte) (bool, error) {
	if l.tooLong(field) || l.tooLong(value) {
		if err := h.MarkHashtable(); err != nil {
			return false, err
		}
	}
	created, err := h.Set(field, value)
	if err == nil && h.Len() > l.entries {
		err = h.MarkHashtable()
	}
	return created, err
}

func (l hashLimits) tooLong(b []byte) bool { return int64(len(b)) > l.value }

// restoredEncoding marks a hash built by RESTORE (its fields in memory) as
// Redis's loading would encode it: a hash table beyond either limit.
func (l hashLimits) restoredEncoding(o *tier.Object) {
	long := o.Count > l.entries
	o.EachLoaded(func(f, v []byte) bool {
		long = long || l.tooLong(f) || l.tooLong(v)
		return !long
	})
	if long {
		o.MarkHashtable()
	}
}

// hashEncoding is the OBJECT ENCODING name of a hash.
func hashEncoding(o *tier.Object) string {
	if o.Hashtable() {
		return "hashtable"
	}
	return "listpack"
}

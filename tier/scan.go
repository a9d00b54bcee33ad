package tier

import (
	"bytes"
	"math/rand/v2"

	"github.com/tierdb/tierdb/persistence"
)

// ScanEntry is one key returned by Scan; Key is valid only during the callback.
type ScanEntry struct {
	Key  []byte
	Kind uint8
}

// Scan visits up to about count live keys of database db starting at cursor
// and returns the cursor to continue from (0 when done). Keys sharing a hash
// are never split across calls, so a key present for the whole iteration is
// returned exactly once. Scan takes no lock: it sees committed state.
func (s *Store) Scan(db int, cursor uint64, count int, fn func(ScanEntry)) (uint64, error) {
	ks := s.keyspace(db)
	now := s.now()
	var (
		next    uint64
		seen    int
		lastSet bool
		last    uint64
	)
	err := s.db.ScanMeta(ks.phys, cursor, func(e persistence.MetaEntry) bool {
		if seen >= count && (!lastSet || e.Hash != last) {
			next = e.Hash
			return false
		}
		seen++
		last, lastSet = e.Hash, true
		if e.ExpireAt == 0 || e.ExpireAt > now {
			fn(ScanEntry{Key: e.Key, Kind: e.Type})
		}
		return true
	})
	return next, err
}

// RandomKey returns a random live key of database db, or nil if it has none.
func (s *Store) RandomKey(db int) ([]byte, error) {
	ks := s.keyspace(db)
	if ks.count.Load() == 0 {
		return nil, nil
	}
	now := s.now()
	var found []byte
	pick := func(e persistence.MetaEntry) bool {
		if e.ExpireAt != 0 && e.ExpireAt <= now {
			return true
		}
		found = bytes.Clone(e.Key)
		return false
	}
	if err := s.db.ScanMeta(ks.phys, rand.Uint64(), pick); err != nil || found != nil {
		return found, err
	}
	return found, s.db.ScanMeta(ks.phys, 0, pick)
}

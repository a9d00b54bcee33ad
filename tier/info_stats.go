package tier

import "github.com/tierdb/tierdb/persistence"

// StorageStats are the cold tier's numbers for INFO.
type StorageStats = persistence.StorageStats

// StorageStats returns the cold tier's current numbers.
func (s *Store) StorageStats() StorageStats { return s.db.StorageStats() }

// ExpiryStat counts the keys of one database that have a TTL, with the sum of
// their remaining TTLs in milliseconds.
type ExpiryStat = persistence.ExpiryStat

// ExpiryStats returns, for each logical database, its keys with a TTL (from
// the expiry index: no data is read, but its cost grows with the number of
// such keys). Keys of a database emptied by FLUSHDB may be counted until
// active expiry removes their index entries, so a count is capped at the
// database's key count.
func (s *Store) ExpiryStats() ([]ExpiryStat, error) {
	byPhys, err := s.db.ExpiryStats(s.now())
	if err != nil {
		return nil, err
	}
	dbs := *s.dbs.Load()
	out := make([]ExpiryStat, len(dbs))
	for i, ks := range dbs {
		st := byPhys[ks.phys]
		if n := ks.count.Load(); st.Keys > n && st.Keys > 0 {
			st.TTLMillis = st.TTLMillis / st.Keys * n
			st.Keys = n
		}
		out[i] = st
	}
	return out, nil
}

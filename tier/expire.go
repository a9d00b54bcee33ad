package tier

import (
	"bytes"
)

// dueEntry is an expiry index entry read by ExpireDue.
type dueEntry struct {
	expireAt int64
	phys     uint32
	key      []byte
}

// ExpireDue deletes up to max keys whose TTL is due, hot or cold, found
// through Pebble's expiry index (it never scans the data set). It takes each
// key's shard lock itself, so the caller must hold none. It returns the keys
// it deleted and whether more may be due.
func (s *Store) ExpireDue(max int) ([]Touched, bool, error) {
	now := s.now()
	var due []dueEntry
	err := s.db.ScanExpiry(now, func(exp int64, phys uint32, key []byte) bool {
		due = append(due, dueEntry{exp, phys, bytes.Clone(key)})
		return len(due) < max
	})
	if err != nil {
		return nil, false, err
	}
	var deleted []Touched
	for _, e := range due {
		t, err := s.expireOne(e)
		if err != nil {
			return deleted, false, err
		}
		deleted = append(deleted, t...)
	}
	return deleted, len(due) == max, nil
}

func (s *Store) expireOne(e dueEntry) ([]Touched, error) {
	var locks LockSet
	locks.Add(e.key)
	s.Lock(&locks)
	defer s.Unlock(&locks)
	db := s.logicalOf(e.phys)
	if db < 0 {
		return nil, s.db.DeleteExpiry(e.expireAt, e.phys, e.key)
	}
	t := s.Begin(false)
	o, err := t.lookup(db, e.key, false) // a cold key's record is read, never promoted
	if err != nil {
		return nil, err
	}
	cold := o != nil && !t.isHot(t.s.keyspace(db), e.key, o)
	if o == nil || o.diskExpire != e.expireAt {
		// A stale entry: the key is gone or its TTL moved.
		return nil, s.db.DeleteExpiry(e.expireAt, e.phys, e.key)
	}
	if !o.Expired(t.now) {
		return nil, nil
	}
	if err := t.remove(db, e.key, o); err != nil {
		return nil, err
	}
	if err := t.Commit(); err != nil {
		return nil, err
	}
	if cold {
		t.s.stats.expiredCold.Add(1)
	}
	return t.Touched(), nil
}

// logicalOf returns the logical database using keyspace phys, or -1.
func (s *Store) logicalOf(phys uint32) int {
	for i, ks := range *s.dbs.Load() {
		if ks.phys == phys {
			return i
		}
	}
	return -1
}

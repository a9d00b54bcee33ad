package engine

import (
	"sync"
	"sync/atomic"

	"github.com/tierdb/tierdb/tier"
)

// watchRegistry maps WATCHed keys to the sessions watching them. Writers
// signal it after their commit while still holding the key's shard lock, and
// EXEC checks its session's dirty flag under the same locks, so no write can
// slip between the check and the transaction.
type watchRegistry struct {
	mu    sync.Mutex
	keys  map[watchKey]map[*Session]struct{}
	count atomic.Int64 // len(keys): lets writers skip the registry when nobody watches
}

type watchKey struct {
	db  int
	key string
}

func (w *watchRegistry) init() { w.keys = make(map[watchKey]map[*Session]struct{}) }

func (w *watchRegistry) watch(s *Session, db int, key string, existed bool) {
	for _, k := range s.watch {
		if k.db == db && k.key == key {
			return
		}
	}
	s.watch = append(s.watch, watchedKey{db: db, key: key, existed: existed})
	w.mu.Lock()
	defer w.mu.Unlock()
	wk := watchKey{db, key}
	m := w.keys[wk]
	if m == nil {
		m = make(map[*Session]struct{})
		w.keys[wk] = m
		w.count.Add(1)
	}
	m[s] = struct{}{}
}

func (w *watchRegistry) unwatchAll(s *Session) {
	if len(s.watch) == 0 {
		s.dirty.Store(false)
		return
	}
	w.mu.Lock()
	for _, k := range s.watch {
		wk := watchKey{k.db, k.key}
		if m := w.keys[wk]; m != nil {
			delete(m, s)
			if len(m) == 0 {
				delete(w.keys, wk)
				w.count.Add(-1)
			}
		}
	}
	w.mu.Unlock()
	s.watch = nil
	s.dirty.Store(false)
}

// touch marks the watchers of the given keys dirty.
func (w *watchRegistry) touch(keys []tier.Touched) {
	if w.count.Load() == 0 || len(keys) == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, k := range keys {
		for s := range w.keys[watchKey{k.DB, k.Key}] {
			s.dirty.Store(true)
		}
	}
}

// touchWhere marks dirty the watchers of every watched key for which pred
// holds (FLUSHDB, SWAPDB: keys that exist in an affected database).
func (w *watchRegistry) touchWhere(pred func(db int, key string) bool) {
	if w.count.Load() == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, sessions := range w.keys {
		if pred(k.db, k.key) {
			for s := range sessions {
				s.dirty.Store(true)
			}
		}
	}
}

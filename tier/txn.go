package tier

import (
	"github.com/tierdb/tierdb/persistence"
)

// Txn is the unit of atomicity: every change a command (or a whole
// MULTI/EXEC) makes goes into one Pebble batch, committed before the reply.
// The caller holds the shard locks of every key it passes to the Txn from
// Begin until Commit or Discard returns.
//
// The hot set is updated as the Txn goes, so reads inside the Txn see its own
// writes; deleted keys are remembered so that a later read does not fall
// through to the stale copy in Pebble.
type Txn struct {
	s       *Store
	batch   *persistence.Batch
	multi   bool
	touched []Touched
	changes []change          // what touched names, by keyspace: SWAPDB may remap a db mid-Txn
	index   map[changeKey]int // changes by key, once there are many
	counts  []countDelta
	flushed []*keyspace           // emptied by this Txn: keys not in memory are gone
	cold    map[changeKey]*Object // cold keys read and not promoted: one object per key for the Txn
	missKS  *keyspace             // with missKey: the last key found absent on disk, so that
	missKey string                // a write after a failed read (SET) reads the disk once
	undo    []func()              // reverts in-memory changes if the commit fails
	now     int64
}

// Touched names a key changed by a Txn, for WATCH and keyspace events.
type Touched struct {
	DB      int
	Key     string
	Deleted bool
}

// change is one key the Txn wrote or deleted, in the keyspace its database
// used at that moment. Rollback and deletedHere go by keyspace, not by
// logical database, so that a SWAPDB earlier in the Txn cannot make them
// look in the wrong place.
type change struct {
	ks      *keyspace
	key     string
	deleted bool
	touched int // index of the key's entry in Txn.touched
}

type changeKey struct {
	ks  *keyspace
	key string
}

type countDelta struct {
	ks    *keyspace
	delta int64
}

// Begin starts a Txn. multi makes the batch readable (for MULTI/EXEC, where a
// later command may read what an earlier one wrote to disk only).
func (s *Store) Begin(multi bool) *Txn {
	return &Txn{s: s, multi: multi, now: s.now()}
}

// Now is the Txn's clock: fixed at Begin, so one command sees one instant.
func (t *Txn) Now() int64 { return t.now }

func (t *Txn) b() *persistence.Batch {
	if t.batch == nil {
		t.batch = t.s.db.NewBatch(t.multi)
	}
	return t.batch
}

// touch records that key changed, for WATCH (by database) and for rollback
// (by keyspace). Each key is listed once.
func (t *Txn) touch(db int, key string, deleted bool) {
	ks := t.s.keyspace(db)
	if i, ok := t.findChange(ks, key); ok {
		t.changes[i].deleted = deleted
		t.touched[t.changes[i].touched].Deleted = deleted
		return
	}
	t.touched = append(t.touched, Touched{DB: db, Key: key, Deleted: deleted})
	t.changes = append(t.changes, change{ks: ks, key: key, deleted: deleted, touched: len(t.touched) - 1})
	if t.index != nil {
		t.index[changeKey{ks, key}] = len(t.changes) - 1
	}
}

// changeIndexAt is the number of changed keys from which lookups go through
// a map instead of a scan (MSET or EXEC of many keys stays linear).
const changeIndexAt = 16

// findChange returns the index in t.changes of key in keyspace ks.
func (t *Txn) findChange(ks *keyspace, key string) (int, bool) {
	if t.index == nil && len(t.changes) >= changeIndexAt {
		t.index = make(map[changeKey]int, 2*len(t.changes))
		for i, c := range t.changes {
			t.index[changeKey{c.ks, c.key}] = i
		}
	}
	if t.index != nil {
		i, ok := t.index[changeKey{ks, key}]
		return i, ok
	}
	for i := range t.changes {
		if t.changes[i].ks == ks && t.changes[i].key == key {
			return i, true
		}
	}
	return 0, false
}

func (t *Txn) deletedHere(db int, key []byte) bool {
	i, ok := t.findChange(t.s.keyspace(db), string(key))
	return ok && t.changes[i].deleted
}

func (t *Txn) addCount(ks *keyspace, delta int64) {
	t.b().AddCount(ks.phys, delta)
	t.addMemCount(ks, delta)
}

// addMemCount records a change of the in-memory count, applied on commit.
func (t *Txn) addMemCount(ks *keyspace, delta int64) {
	for i := range t.counts {
		if t.counts[i].ks == ks {
			t.counts[i].delta += delta
			return
		}
	}
	t.counts = append(t.counts, countDelta{ks, delta})
}

// Touched lists the keys this Txn changed.
func (t *Txn) Touched() []Touched { return t.touched }

// lookup finds key in database db, hot or cold, without the expiry check.
// access says the lookup is an access of the key (Get): it is counted for
// admission, and a cold key read from disk is promoted into the hot set if
// admitCold says so. A cold key that is not promoted is served from its
// record (read from the cold-read cache or Pebble) and kept for the rest
// of the Txn, so that every lookup of the key in the Txn returns the same
// object; a write of it (Put, or a deletion) promotes it.
func (t *Txn) lookup(db int, key []byte, access bool) (*Object, error) {
	ks := t.s.keyspace(db)
	shard := ShardOf(key)
	if o, ok := ks.hot[shard][string(key)]; ok {
		if access {
			t.s.countAccess(ks, shard, key)
		}
		return o, nil
	}
	if t.cold != nil {
		if o, ok := t.cold[changeKey{ks, string(key)}]; ok {
			return o, nil
		}
	}
	if ks.surelyAbsent(shard, key) || t.deletedHere(db, key) || t.flushedHere(ks) ||
		(t.missKS == ks && t.missKey == string(key)) {
		return nil, nil
	}
	o := t.s.cold.get(ks, key)
	cached := o != nil
	if o == nil {
		var (
			m   persistence.Meta
			ok  bool
			err error
		)
		if t.batch != nil {
			m, ok, err = t.batch.GetMeta(ks.phys, key)
		} else {
			m, ok, err = t.s.db.GetMeta(ks.phys, key)
		}
		if err != nil || !ok {
			if err == nil {
				t.missKS, t.missKey = ks, string(key)
			}
			return nil, err
		}
		o = objectFromMeta(m)
	}
	t.s.stats.coldReads.Add(1)
	if t.s.admitCold(ks, shard, key, o, access) {
		t.s.promote(ks, shard, key, o)
		t.s.stats.promotions.Add(1)
		return o, nil
	}
	if !cached && access {
		t.s.cold.set(ks, key, o)
	}
	if t.cold == nil {
		t.cold = make(map[changeKey]*Object)
	}
	t.cold[changeKey{ks, string(key)}] = o
	return o, nil
}

// promote moves the cold record o of key into the hot set. The caller holds
// the shard lock.
func (s *Store) promote(ks *keyspace, shard int, key []byte, o *Object) {
	s.cold.del(ks, key)
	s.insertHot(ks, shard, string(key), o)
	if ks.cold[shard] > 0 {
		ks.cold[shard]--
	}
}

// adopt promotes o if it is the cold object this Txn read for key: it is
// about to be written or deleted, which needs it in the hot set. It
// reports whether o was cold.
func (t *Txn) adopt(ks *keyspace, key []byte, o *Object) bool {
	if t.cold == nil {
		return false
	}
	ck := changeKey{ks, string(key)}
	if t.cold[ck] != o {
		return false
	}
	delete(t.cold, ck)
	t.s.promote(ks, ShardOf(key), key, o)
	return true
}

// Get returns the live object at key, or nil. A key whose TTL is due is
// deleted by this Txn and reported as absent.
func (t *Txn) Get(db int, key []byte) (*Object, error) {
	o, err := t.lookup(db, key, true)
	if o == nil || err != nil {
		return nil, err
	}
	if o.Expired(t.now) {
		return nil, t.remove(db, key, o)
	}
	t.s.access(o, t.now)
	return o, nil
}

// Peek returns the object at key like Get but without touching its access
// time (for OBJECT IDLETIME); it never promotes a cold key.
func (t *Txn) Peek(db int, key []byte) (*Object, error) {
	o, err := t.lookup(db, key, false)
	if o == nil || err != nil {
		return nil, err
	}
	if o.Expired(t.now) {
		return nil, t.remove(db, key, o)
	}
	return o, nil
}

// InMemory reports whether key is in the hot set of database db (OBJECT
// TIER); it reads nothing and changes nothing.
func (t *Txn) InMemory(db int, key []byte) bool {
	_, ok := t.s.keyspace(db).hot[ShardOf(key)][string(key)]
	return ok
}

// Put stores o at key, replacing any previous value (o may be the object a Get
// returned, changed in place). The Txn owns o afterwards.
func (t *Txn) Put(db int, key []byte, o *Object) error {
	ks := t.s.keyspace(db)
	old, err := t.lookup(db, key, false)
	if err != nil {
		return err
	}
	oldExpire := int64(0)
	if old != nil {
		oldExpire = old.diskExpire
		if t.adopt(ks, key, old) {
			t.s.stats.promotions.Add(1)
		}
		if old != o && o.freq == 0 {
			o.freq = old.freq // Redis keeps the LFU counter of an overwritten key
		}
	} else {
		t.addCount(ks, 1)
	}
	if o.freq == 0 {
		o.freq = lfuInit
	}
	if o.IsCollection() && o.Version == 0 {
		if err := t.materialize(ks, o); err != nil {
			return err
		}
	} else if o.Kind == KindString && len(o.Str) > chunkAbove {
		if err := t.chunkString(ks, o); err != nil {
			return err
		}
	}
	b := t.b()
	if old != nil && old != o && old.Version != 0 && old.Version != o.Version {
		b.DeleteElements(ks.phys, old.Version)
	}
	m := o.meta()
	b.PutMeta(ks.phys, key, &m)
	b.SetExpiry(ks.phys, key, oldExpire, o.ExpireAt)
	o.diskExpire = o.ExpireAt
	o.lastAccess = t.now
	skey := string(key)
	if old != o {
		if old != nil {
			t.s.removeHot(ks, ShardOf(key), skey, old)
		}
		t.s.insertHot(ks, ShardOf(key), skey, o)
	} else {
		t.s.resize(ks, o, skey)
	}
	t.touch(db, skey, false)
	return nil
}

// Delete removes key; it reports whether a live key was there.
func (t *Txn) Delete(db int, key []byte) (bool, error) {
	o, err := t.lookup(db, key, false)
	if o == nil || err != nil {
		return false, err
	}
	return !o.Expired(t.now), t.remove(db, key, o)
}

func (t *Txn) remove(db int, key []byte, o *Object) error { return t.drop(db, key, o, true) }

// drop removes the record of key, whose object is o; with elements, a
// collection's elements go too (one range deletion), else they stay for the
// key o moves to (Rename).
func (t *Txn) drop(db int, key []byte, o *Object, elements bool) error {
	ks := t.s.keyspace(db)
	t.adopt(ks, key, o)
	b := t.b()
	b.DeleteMeta(ks.phys, key)
	if elements && o.Version != 0 {
		b.DeleteElements(ks.phys, o.Version)
	}
	b.SetExpiry(ks.phys, key, o.diskExpire, 0)
	t.addCount(ks, -1)
	skey := string(key)
	t.s.removeHot(ks, ShardOf(key), skey, o)
	t.touch(db, skey, true)
	return nil
}

// Commit applies every change atomically and durably as the sync policy says.
// On failure the touched keys are dropped from memory, so that memory never
// holds a value Pebble does not.
func (t *Txn) Commit() error {
	if t.batch == nil {
		return nil
	}
	err := t.batch.Commit()
	t.batch = nil
	if err != nil {
		t.rollback()
		return err
	}
	for _, c := range t.counts {
		c.ks.count.Add(c.delta)
	}
	return nil
}

// Discard abandons the Txn: nothing reaches Pebble, and the keys it touched
// are dropped from memory so that their next read reloads the truth.
func (t *Txn) Discard() {
	if t.batch != nil {
		t.batch.Close()
		t.batch = nil
	}
	t.rollback()
}

func (t *Txn) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	for _, c := range t.changes {
		shard := ShardOf([]byte(c.key))
		if o, ok := c.ks.hot[shard][c.key]; ok {
			t.s.removeHot(c.ks, shard, c.key, o)
		}
		// Pebble may still hold the key: the shard's cold keys are no
		// longer counted.
		c.ks.cold[shard] = coldUnknown
	}
	t.touched, t.changes, t.index, t.counts, t.undo, t.cold = nil, nil, nil, nil, nil, nil
}

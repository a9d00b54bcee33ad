package tier

import (
	"encoding/binary"
	"math"

	"github.com/tierdb/tierdb/persistence"
)

// Sorted sets. Each entry is stored twice under the key's version, as two
// element families:
//
//	'm' hash(member) member    → score (8 bytes: the IEEE 754 bits, big-endian)
//	's' order(score) member    → empty, or 0x01 when the score is -0
//
// The member family makes ZSCORE one Pebble get and gives ZSCAN the same
// number cursor as HSCAN (the 64-bit hash of the next member, see hash.go).
// The score family is the sorted order itself: order(score) is an 8-byte
// encoding whose byte order is the float order (the sign bit flipped for
// positive scores, every bit for negative ones), -0 written as +0 so that
// the two zeros tie on the member as Redis's skiplist has them (the value
// keeps the sign). So a range by score, a range by lex within one score, a
// range by rank from either end and a pop are bounded iterations of the
// score family (persistence's forward scan, or its reverse scan from
// elements_zset.go), reading only the entries they return or skip.
//
// A loaded sorted set (Count ≤ loadMax) keeps a map member → score and an
// order-statistic skiplist (zset_skiplist.go), so that rank reads are
// O(log n). An element-cold one answers rank questions (ZRANK, ZRANGE by
// rank, ZCOUNT) by counting entries of the score family from the nearer
// end: O(rank), never a load of the whole set.

// Element family tags of sorted sets.
const (
	zsetMemberTag = 'm'
	zsetScoreTag  = 's'
)

// zsetHeaderSkiplist is the bit of a sorted set's Header recording that
// Redis would have converted it to its skiplist encoding (OBJECT ENCODING).
const zsetHeaderSkiplist = 1

// zsetEntryOverhead approximates what a loaded entry costs beyond its
// member: map entry, skiplist node and links.
const zsetEntryOverhead = elementOverhead + 72

// negZeroMark is the score family value of an entry whose score is -0.
var negZeroMark = []byte{1}

// zsetElems is a sorted set's entries loaded in memory.
type zsetElems struct {
	m     map[string]float64
	sl    *zskiplist
	order []hashEntry // members sorted in member-family order (ZSCAN); nil when stale
}

func newZSetElems() *zsetElems {
	return &zsetElems{m: map[string]float64{}, sl: newSkiplist()}
}

func (e *zsetElems) len() int { return len(e.m) }

func (e *zsetElems) clone() loadedElems {
	c := &zsetElems{m: make(map[string]float64, len(e.m)), sl: newSkiplist()}
	for n := e.sl.first(); n != nil; n = n.next() {
		c.m[n.member] = n.score
		c.sl.insert(n.member, n.score)
	}
	return c
}

func (e *zsetElems) store(b *persistence.Batch, phys uint32, version uint64) {
	var buf []byte
	for n := e.sl.first(); n != nil; n = n.next() {
		buf = putZSetEntry(b, phys, version, buf, []byte(n.member), n.score)
	}
}

func (e *zsetElems) each(fn func(member, score []byte) bool) {
	for n := e.sl.first(); n != nil; n = n.next() {
		if !fn([]byte(n.member), scoreBytes(n.score)) {
			return
		}
	}
}

// add inserts or moves an entry; old is its previous score if it had one.
func (e *zsetElems) add(member string, score, old float64, existed bool) {
	if existed {
		e.sl.remove(member, old)
	} else {
		e.order = nil
	}
	e.m[member] = score
	e.sl.insert(member, score)
}

// del removes an entry that is there.
func (e *zsetElems) del(member string, score float64) {
	delete(e.m, member)
	e.sl.remove(member, score)
	e.order = nil
}

// zsetElems returns o's loaded entries, nil when o is element-cold.
func (o *Object) zsetElems() *zsetElems {
	e, _ := o.elems.(*zsetElems)
	return e
}

// scoreBytes is the member family value of score: its IEEE 754 bits,
// big-endian (also the DUMP payload's score field).
func scoreBytes(score float64) []byte {
	return binary.BigEndian.AppendUint64(nil, math.Float64bits(score))
}

// ScoreFromBytes decodes an 8-byte big-endian IEEE 754 score (scoreBytes,
// the DUMP payload's score field); ok is false for a wrong length or NaN.
func ScoreFromBytes(b []byte) (float64, bool) {
	if len(b) != 8 {
		return 0, false
	}
	f := math.Float64frombits(binary.BigEndian.Uint64(b))
	return f, !math.IsNaN(f)
}

// scoreOrder is the order-preserving encoding of a score; -0 is +0.
func scoreOrder(score float64) uint64 {
	if score == 0 {
		score = 0
	}
	b := math.Float64bits(score)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// scoreFromOrder inverts scoreOrder (giving +0 for zero).
func scoreFromOrder(u uint64) float64 {
	if u>>63 == 1 {
		return math.Float64frombits(u &^ (1 << 63))
	}
	return math.Float64frombits(^u)
}

// zsetMemberElement appends the member family element of member to dst.
func zsetMemberElement(dst, member []byte) []byte {
	dst = append(dst, zsetMemberTag)
	dst = binary.BigEndian.AppendUint64(dst, persistence.KeyHash(member))
	return append(dst, member...)
}

// zsetScoreElement appends the score family element of (score, member).
func zsetScoreElement(dst []byte, score float64, member []byte) []byte {
	dst = append(dst, zsetScoreTag)
	dst = binary.BigEndian.AppendUint64(dst, scoreOrder(score))
	return append(dst, member...)
}

// splitZSetScoreElement decodes a score family element and its value; ok
// is false when e is not one.
func splitZSetScoreElement(e, v []byte) (member []byte, score float64, ok bool) {
	if len(e) < 9 || e[0] != zsetScoreTag {
		return nil, 0, false
	}
	score = scoreFromOrder(binary.BigEndian.Uint64(e[1:9]))
	if len(v) == 1 && v[0] == negZeroMark[0] {
		score = math.Copysign(0, -1)
	}
	return e[9:], score, true
}

// putZSetEntry writes both elements of an entry; buf is scratch space,
// returned for reuse.
func putZSetEntry(b *persistence.Batch, phys uint32, version uint64, buf, member []byte, score float64) []byte {
	buf = zsetMemberElement(buf[:0], member)
	b.PutElement(phys, version, buf, scoreBytes(score))
	buf = zsetScoreElement(buf[:0], score, member)
	var mark []byte
	if score == 0 && math.Signbit(score) {
		mark = negZeroMark
	}
	b.PutElement(phys, version, buf, mark)
	return buf
}

// NewZSetObject returns a sorted set holding members with their scores
// (copied; a later member wins over an earlier one with the same bytes),
// not yet stored: its first Put gives it a version and writes every entry.
// RESTORE builds sorted sets this way. members must not be empty, scores
// must be as many and not NaN.
func NewZSetObject(members [][]byte, scores []float64) *Object {
	e := newZSetElems()
	o := &Object{Kind: KindZSet, elems: e}
	for i, m := range members {
		old, existed := e.m[string(m)]
		if !existed {
			o.elemBytes += int64(len(m)) + zsetEntryOverhead
		}
		e.add(string(m), scores[i], old, existed)
	}
	o.Count = int64(len(e.m))
	return o
}

// ZSkiplist reports whether the sorted set is in Redis's skiplist encoding
// by the rules the engine applies (MarkZSkiplist); once it is, it stays.
func (o *Object) ZSkiplist() bool {
	return len(o.Header) > 0 && o.Header[0]&zsetHeaderSkiplist != 0
}

// MarkZSkiplist records that the sorted set is in Redis's skiplist
// encoding. The change is stored by the next Put of o; use
// ZSet.MarkSkiplist on a stored sorted set.
func (o *Object) MarkZSkiplist() {
	if !o.ZSkiplist() {
		o.Header = []byte{zsetHeaderSkiplist}
	}
}

// ZSet is the typed handle of one sorted set key within a Txn: every read
// and change of a sorted set goes through it, whichever tier its entries
// are in. The caller holds the key's shard lock. Members passed to
// callbacks are valid only during the call.
type ZSet struct {
	handle
}

// ZSet returns the handle of the sorted set o that Get or Peek found at
// key in database db. One of at most loadMax entries whose key is in the
// hot set is loaded now.
func (t *Txn) ZSet(db int, key []byte, o *Object) (*ZSet, error) {
	if err := checkKind(key, o, KindZSet, "a sorted set"); err != nil {
		return nil, err
	}
	z := &ZSet{t.handle(db, key, o)}
	if z.loadable() {
		if err := z.load(); err != nil {
			return nil, err
		}
	}
	return z, nil
}

// NewZSet returns the handle of a new, empty sorted set for key in
// database db, where no live key is. Nothing is stored until the first Set.
func (t *Txn) NewZSet(db int, key []byte) *ZSet {
	return &ZSet{t.handle(db, key, &Object{Kind: KindZSet, elems: newZSetElems()})}
}

// memberTag is the tag of the member family, before each hashElement.
var memberTag = []byte{zsetMemberTag}

// load reads every entry into memory (from the member family).
func (z *ZSet) load() error {
	r, err := z.t.elemReader()
	if err != nil {
		return err
	}
	e := newZSetElems()
	var size int64
	_, err = z.scanMembers(r, 0, -1, func(m []byte, score float64) bool {
		member := string(m) // one copy, shared by the map and the skiplist
		e.m[member] = score
		e.sl.insert(member, score)
		size += int64(len(m)) + zsetEntryOverhead
		return true
	})
	if err != nil {
		return err
	}
	return z.install(e, size, "sorted set", "entries")
}

// Score returns the score of member and whether it is in the set.
func (z *ZSet) Score(member []byte) (float64, bool, error) {
	if e := z.o.zsetElems(); e != nil {
		s, ok := e.m[string(member)]
		return s, ok, nil
	}
	if z.o.Version == 0 {
		return 0, false, nil
	}
	r, err := z.t.elemReader()
	if err != nil {
		return 0, false, err
	}
	z.buf = zsetMemberElement(z.buf[:0], member)
	v, ok, err := r.GetElement(z.ks.phys, z.o.Version, z.buf)
	if err != nil || !ok {
		return 0, false, err
	}
	s, valid := ScoreFromBytes(v)
	if !valid {
		return 0, false, persistence.ErrCorrupt
	}
	return s, true, nil
}

// Set stores member with score (not NaN), creating the key if this is its
// first entry, and reports whether the member is new. A member whose score
// is the same bits already is left alone.
func (z *ZSet) Set(member []byte, score float64) (bool, error) {
	old, exists, err := z.Score(member)
	if err != nil {
		return false, err
	}
	if exists && math.Float64bits(old) == math.Float64bits(score) {
		return false, nil
	}
	if err := z.ensureVersion(); err != nil {
		return false, err
	}
	b := z.t.b()
	if exists {
		z.buf = zsetScoreElement(z.buf[:0], old, member)
		b.DeleteElement(z.ks.phys, z.o.Version, z.buf)
	}
	z.buf = putZSetEntry(b, z.ks.phys, z.o.Version, z.buf, member, score)
	if e := z.o.zsetElems(); e != nil {
		if !exists {
			z.o.elemBytes += int64(len(member)) + zsetEntryOverhead
		}
		e.add(string(member), score, old, exists)
	}
	if !exists {
		z.grew()
	}
	return !exists, z.t.Put(z.db, z.key, z.o)
}

// Remove deletes member and reports whether it was there. Removing the
// last entry deletes the key, as Redis does.
func (z *ZSet) Remove(member []byte) (bool, error) {
	score, exists, err := z.Score(member)
	if err != nil || !exists {
		return false, err
	}
	z.drop(member, score)
	return true, z.settle()
}

// drop deletes the entry (member, score), which is there, without storing
// the meta record (settle does).
func (z *ZSet) drop(member []byte, score float64) {
	b := z.t.b()
	z.buf = zsetMemberElement(z.buf[:0], member)
	b.DeleteElement(z.ks.phys, z.o.Version, z.buf)
	z.buf = zsetScoreElement(z.buf[:0], score, member)
	b.DeleteElement(z.ks.phys, z.o.Version, z.buf)
	if e := z.o.zsetElems(); e != nil {
		e.del(string(member), score)
		z.o.elemBytes -= int64(len(member)) + zsetEntryOverhead
	}
	z.o.Count--
}

// MarkSkiplist records that the sorted set is in Redis's skiplist encoding
// and stores that if the set is stored already.
func (z *ZSet) MarkSkiplist() error {
	if z.o.ZSkiplist() {
		return nil
	}
	z.o.MarkZSkiplist()
	return z.storeHeader()
}

// sorted returns the loaded members in member-family order (by hash, then
// bytes), cached until the next member is added or deleted.
func (e *zsetElems) sorted() []hashEntry {
	if e.order == nil && len(e.m) > 0 {
		e.order = entriesByHash(e.m)
	}
	return e.order
}

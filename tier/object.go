package tier

import "github.com/tierdb/tierdb/persistence"

// Value kinds, as stored on disk.
const (
	KindString = persistence.TypeString
	KindHash   = persistence.TypeHash
	KindList   = persistence.TypeList
	KindSet    = persistence.TypeSet
	KindZSet   = persistence.TypeZSet
	KindStream = persistence.TypeStream
)

// objectOverhead approximates the bytes a hot entry costs beyond its key and
// value: the Object itself (about 150 bytes in its allocation size class),
// its map slot and the key's string header.
const objectOverhead = 192

// Object is the decoded value of one key. Callers may change an Object they
// got from a Txn only while holding its shard lock, and must Put it back in
// the same Txn.
//
// A collection (every kind but strings) keeps its metadata here and its
// elements under element keys addressed by Version (see collection.go). Its
// elements may also be loaded in memory, in a holder of its kind
// (loadedElems: hashElems for hashes); an object whose elements are not loaded is element-cold, and its
// typed handle (Txn.Hash ...) reads them from Pebble on demand. Version,
// Count and Header are changed only by the typed handles and the Txn.
type Object struct {
	Kind     uint8
	ExpireAt int64  // unix milliseconds; 0 means none
	Str      []byte // the value of a string, unless it is chunked (string.go)

	Version uint64 // a collection's (or chunked string's) element version, unique per key instance; 0 until first stored
	Count   int64  // a collection's element count; a chunked string's length
	Header  []byte // a collection's type-specific state

	elems     loadedElems // a collection's elements, when loaded (nil when element-cold)
	elemBytes int64       // bytes accounted to the loaded elements

	diskExpire int64 // ExpireAt as recorded in Pebble's expiry index
	lastAccess int64 // unix milliseconds, for LRU and OBJECT IDLETIME
	size       int64 // bytes accounted to this entry
	freq       uint8 // Redis's logarithmic LFU counter (evict_lfu.go); 0 until first stored or read
}

// NewString returns a string object holding v (not copied).
func NewString(v []byte) *Object { return &Object{Kind: KindString, Str: v} }

// Expired reports whether o has a TTL that is due at now (unix ms).
func (o *Object) Expired(now int64) bool { return o.ExpireAt != 0 && o.ExpireAt <= now }

// LastAccess is the unix-millisecond time the key was last read or written
// while hot.
func (o *Object) LastAccess() int64 { return o.lastAccess }

// IsCollection reports whether o keeps its value under element keys.
func (o *Object) IsCollection() bool { return o.Kind != KindString }

func (o *Object) meta() persistence.Meta {
	m := persistence.Meta{Type: o.Kind, ExpireAt: o.ExpireAt, Value: o.Str,
		Version: o.Version, Count: o.Count, Header: o.Header}
	if o.Chunked() {
		m.Flags = persistence.FlagChunked
	}
	return m
}

func objectFromMeta(m persistence.Meta) *Object {
	return &Object{Kind: m.Type, ExpireAt: m.ExpireAt, Str: m.Value, diskExpire: m.ExpireAt,
		Version: m.Version, Count: m.Count, Header: m.Header}
}

func (o *Object) footprint(key string) int64 {
	return int64(len(key)+len(o.Str)+len(o.Header)) + o.elemBytes + objectOverhead
}

// elementEstimate is the bytes an element of an element-cold collection is
// assumed to cost in MEMORY USAGE (its elements are not read to size it).
const elementEstimate = elementOverhead + 32

// MemoryUsage estimates the bytes key and its value cost in memory when hot
// (MEMORY USAGE): what the hot set accounts for it, the elements of an
// element-cold collection estimated from its count.
func (o *Object) MemoryUsage(key []byte) int64 {
	n := o.footprint(string(key))
	switch {
	case o.Chunked():
		n += o.Count
	case o.IsCollection() && !o.loaded():
		n += o.Count * elementEstimate
	}
	return n
}

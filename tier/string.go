package tier

import (
	"encoding/binary"
	"fmt"
)

// Big strings are stored in chunks.
//
// A string up to chunkAbove bytes is inline: its value is in its meta
// record and in Object.Str, and every write of it rewrites it, as cheap as
// the record is small. A longer one is chunked: like a collection it gets a
// Version, its length is its Count, and its bytes are elements of
// chunkSize bytes addressed by chunk number (persistence.FlagChunked on
// disk). Its bytes are never held in memory by the hot set (Str is nil):
// reads go to Pebble's memtables and block cache for the range they need,
// and a write (SETRANGE, SETBIT, BITFIELD, APPEND) reads and rewrites only
// the chunks it covers, so a SETBIT at a high offset of a 512 MB cold
// bitmap writes one chunk, not the bitmap.
//
// Chunks are sparse: a chunk that was never written, or the part of a chunk
// past its stored bytes, reads as zeros. That is what a string grown by
// SETRANGE or SETBIT holds there, so a bitmap set at offset 2^32-1 stores
// one chunk where Redis allocates 512 MB.
//
// A chunked string stays chunked until it is replaced (SET, a counter, a
// RESTORE ...): the commands that change a string in place only grow it.

const (
	// chunkSize is the bytes of one chunk of a chunked string.
	chunkSize = 8 << 10
	// chunkAbove is the length past which a string is stored in chunks.
	chunkAbove = 64 << 10
)

// Chunked reports whether o is a string stored in chunks: its Str is nil
// and its bytes are read with Txn.StringRange.
func (o *Object) Chunked() bool { return o.Kind == KindString && o.Version != 0 }

// StrLen is the length of string o in bytes.
func (o *Object) StrLen() int64 {
	if o.Chunked() {
		return o.Count
	}
	return int64(len(o.Str))
}

// chunkElement is the element bytes of chunk i.
func chunkElement(i int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(i)) }

// chunkString stores the inline value of string o in chunks under a fresh
// version: o becomes chunked. All-zero chunks are not written.
func (t *Txn) chunkString(ks *keyspace, o *Object) error {
	v, err := t.s.db.NewVersion()
	if err != nil {
		return err
	}
	b := t.b()
	for base := 0; base < len(o.Str); base += chunkSize {
		c := o.Str[base:min(base+chunkSize, len(o.Str))]
		if !allZero(c) {
			b.PutElement(ks.phys, v, chunkElement(int64(base/chunkSize)), c)
		}
	}
	o.Version, o.Count, o.Str = v, int64(len(o.Str)), nil
	return nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// StringRange returns bytes [off, off+n) of string o, found in database
// db, clipped to its length (off and n are ≥ 0). For an inline string the
// result aliases Str and is valid until o changes; for a chunked one it is
// a fresh copy read from the Txn's view of its chunks.
func (t *Txn) StringRange(db int, o *Object, off, n int64) ([]byte, error) {
	end := min(off+n, o.StrLen())
	if off >= end {
		return []byte{}, nil
	}
	if !o.Chunked() {
		return o.Str[off:end], nil
	}
	out := make([]byte, end-off)
	r, err := t.rangeReader()
	if err != nil {
		return nil, err
	}
	first, last := off/chunkSize, (end-1)/chunkSize
	err = r.RangeElements(t.s.keyspace(db).phys, o.Version, chunkElement(first), chunkElement(last+1), false,
		func(e, v []byte) bool {
			base := int64(binary.BigEndian.Uint64(e)) * chunkSize
			if lo, hi := max(base, off), min(base+int64(len(v)), end); lo < hi {
				copy(out[lo-off:], v[lo-base:hi-base])
			}
			return true
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// StringValue returns the whole value of string o, found in database db
// (see StringRange for its lifetime).
func (t *Txn) StringValue(db int, o *Object) ([]byte, error) {
	return t.StringRange(db, o, 0, o.StrLen())
}

// StringWrite writes data at off into string o, found in database db,
// zero-filling from its end to off as SETRANGE does; the caller Puts o
// afterwards. The caller has checked that off+len(data) is a length it
// allows. An inline string that would grow past chunkAbove becomes chunked
// first, and a chunked one reads and rewrites only the chunks data covers.
func (t *Txn) StringWrite(db int, o *Object, off int64, data []byte) error {
	if o.Kind != KindString {
		return fmt.Errorf("tier: StringWrite on a value of kind %d", o.Kind)
	}
	end := off + int64(len(data))
	ks := t.s.keyspace(db)
	if !o.Chunked() {
		if end <= chunkAbove {
			if end > int64(len(o.Str)) {
				o.Str = append(o.Str, make([]byte, end-int64(len(o.Str)))...)
			}
			copy(o.Str[off:], data)
			return nil
		}
		if err := t.chunkString(ks, o); err != nil {
			return err
		}
	}
	if len(data) == 0 {
		o.Count = max(o.Count, end)
		return nil
	}
	r, err := t.rangeReader()
	if err != nil {
		return err
	}
	size := max(o.Count, end)
	for i := off / chunkSize; i*chunkSize < end; i++ {
		base := i * chunkSize
		chunk := make([]byte, min(chunkSize, size-base))
		lo, hi := max(base, off), min(base+chunkSize, end)
		if lo > base || hi < base+int64(len(chunk)) { // partly overwritten: keep the rest
			old, _, err := r.GetElement(ks.phys, o.Version, chunkElement(i))
			if err != nil {
				return err
			}
			copy(chunk, old)
		}
		copy(chunk[lo-base:], data[lo-off:hi-off])
		t.b().PutElement(ks.phys, o.Version, chunkElement(i), chunk)
	}
	o.Count = size
	return nil
}

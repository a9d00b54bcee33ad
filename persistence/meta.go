package persistence

import (
	"encoding/binary"
	"errors"
)

// Value types stored in Meta.Type. The numbers are part of the on-disk format.
const (
	TypeString uint8 = 1
	TypeHash   uint8 = 2
	TypeList   uint8 = 3
	TypeSet    uint8 = 4
	TypeZSet   uint8 = 5
	TypeStream uint8 = 6
)

// FlagChunked marks, in Meta.Flags, a string stored in chunks: like a
// collection it has a Version and its chunks are elements (tier/string.go);
// Count is its length in bytes and Value is empty. The bit is part of the
// on-disk format.
const FlagChunked uint8 = 1

// ErrCorrupt reports a stored record that cannot be decoded.
var ErrCorrupt = errors.New("persistence: corrupt record")

// Meta is the decoded metadata record of one key.
//
// Strings keep their value inline in Value, except big ones (FlagChunked).
// Collections keep their elements
// under element keys addressed by Version; Count is their element count and
// Header holds type-specific state (list head and tail, stream last id ...).
type Meta struct {
	Type     uint8
	Flags    uint8
	ExpireAt int64 // unix milliseconds; 0 means no expiry
	Version  uint64
	Count    int64
	Header   []byte
	Value    []byte
}

const metaFixed = 10 // type, flags, expire-at

// HasElements reports whether m keeps its data under element keys: a
// collection or a chunked string.
func (m *Meta) HasElements() bool { return m.Type != TypeString || m.Flags&FlagChunked != 0 }

// AppendEncode appends the encoded form of m to dst.
func (m *Meta) AppendEncode(dst []byte) []byte {
	dst = append(dst, m.Type, m.Flags)
	dst = appendU64(dst, uint64(m.ExpireAt))
	if !m.HasElements() {
		return append(dst, m.Value...)
	}
	dst = appendU64(dst, m.Version)
	dst = appendU64(dst, uint64(m.Count))
	return append(dst, m.Header...)
}

// encodedLen is the length of AppendEncode's encoding of m.
func (m *Meta) encodedLen() int {
	if !m.HasElements() {
		return metaFixed + len(m.Value)
	}
	return metaFixed + 16 + len(m.Header)
}

// DecodeMeta decodes b. Value and Header alias b.
func DecodeMeta(b []byte) (Meta, error) {
	if len(b) < metaFixed || b[0] == 0 || b[0] > TypeStream {
		return Meta{}, ErrCorrupt
	}
	m := Meta{Type: b[0], Flags: b[1], ExpireAt: int64(binary.BigEndian.Uint64(b[2:10]))}
	rest := b[metaFixed:]
	if !m.HasElements() {
		m.Value = rest
		return m, nil
	}
	if len(rest) < 16 {
		return Meta{}, ErrCorrupt
	}
	m.Version = binary.BigEndian.Uint64(rest[:8])
	m.Count = int64(binary.BigEndian.Uint64(rest[8:16]))
	m.Header = rest[16:]
	return m, nil
}

// peekMeta reads the type and expiry of an encoded Meta without decoding the rest.
func peekMeta(b []byte) (typ uint8, expireAt int64, ok bool) {
	if len(b) < metaFixed {
		return 0, 0, false
	}
	return b[0], int64(binary.BigEndian.Uint64(b[2:10])), true
}

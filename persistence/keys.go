package persistence

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
)

// Key tags: the first byte of every Pebble key.
const (
	tagMeta    = 'm'
	tagElement = 'e'
	tagExpiry  = 'x'
	tagCount   = 'c'
	tagDBMap   = 'd'
	tagVersion = 'v'
)

// KeyHash is the stable hash that orders metadata keys; SCAN cursors are
// values of it.
func KeyHash(key []byte) uint64 { return xxhash.Sum64(key) }

func appendU32(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(b, v) }
func appendU64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

// metaKey encodes 'm' phys hash key into dst.
func metaKey(dst []byte, phys uint32, hash uint64, key []byte) []byte {
	dst = append(dst, tagMeta)
	dst = appendU32(dst, phys)
	dst = appendU64(dst, hash)
	return append(dst, key...)
}

// metaKeyLen is the length of metaKey's encoding of key.
func metaKeyLen(key []byte) int { return 1 + 4 + 8 + len(key) }

// metaPrefix is the first meta key of a keyspace at or after hash.
func metaPrefix(phys uint32, hash uint64) []byte {
	return appendU64(appendU32([]byte{tagMeta}, phys), hash)
}

// keyspaceBounds returns [lower, upper) covering every key with tag in phys.
func keyspaceBounds(tag byte, phys uint32) (lower, upper []byte) {
	return appendU32([]byte{tag}, phys), appendU32([]byte{tag}, phys+1)
}

// splitMetaKey returns the hash and user key of an encoded meta key.
func splitMetaKey(k []byte) (hash uint64, key []byte) {
	return binary.BigEndian.Uint64(k[5:13]), k[13:]
}

// ElementPrefix is the prefix of every element key of one collection version.
func elementPrefix(phys uint32, version uint64) []byte {
	return appendU64(appendU32([]byte{tagElement}, phys), version)
}

// elementKey encodes 'e' phys version element into dst.
func elementKey(dst []byte, phys uint32, version uint64, element []byte) []byte {
	dst = append(dst, tagElement)
	dst = appendU32(dst, phys)
	dst = appendU64(dst, version)
	return append(dst, element...)
}

// expiryKey encodes 'x' expireAt phys hash key.
func expiryKey(expireAt int64, phys uint32, hash uint64, key []byte) []byte {
	dst := make([]byte, 0, 21+len(key))
	dst = append(dst, tagExpiry)
	dst = appendU64(dst, uint64(expireAt))
	dst = appendU32(dst, phys)
	dst = appendU64(dst, hash)
	return append(dst, key...)
}

// splitExpiryKey decodes an expiry index key.
func splitExpiryKey(k []byte) (expireAt int64, phys uint32, key []byte) {
	return int64(binary.BigEndian.Uint64(k[1:9])), binary.BigEndian.Uint32(k[9:13]), k[21:]
}

func countKey(phys uint32) []byte    { return appendU32([]byte{tagCount}, phys) }
func dbMapKey(logical uint32) []byte { return appendU32([]byte{tagDBMap}, logical) }
func versionKey() []byte             { return []byte{tagVersion} }

package engine

import (
	"encoding/binary"
	"math/bits"
)

// hllSeed is the seed Redis gives MurmurHash64A for HyperLogLog elements;
// the same seed and hash give the same registers as Redis.
const hllSeed = 0xadc83b19

// murmurHash64A is Austin Appleby's MurmurHash64A (public domain), reading
// 8-byte blocks little-endian as Redis does on every platform.
func murmurHash64A(data []byte, seed uint64) uint64 {
	const m = 0xc6a4a7935bd1e995
	const r = 47
	h := seed ^ uint64(len(data))*m
	for len(data) >= 8 {
		k := binary.LittleEndian.Uint64(data)
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
		data = data[8:]
	}
	if len(data) > 0 {
		for i := len(data) - 1; i >= 0; i-- {
			h ^= uint64(data[i]) << (8 * i)
		}
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}

// hllPosition hashes an element to its register and the value it proposes
// for it: one more than the number of trailing zero bits of the rest of
// the hash (at most hllQ+1).
func hllPosition(elem []byte) (index, count int) {
	h := murmurHash64A(elem, hllSeed)
	index = int(h & (hllRegisters - 1))
	rest := h>>hllP | 1<<hllQ // bounds the count
	return index, bits.TrailingZeros64(rest) + 1
}

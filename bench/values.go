package bench

import (
	"context"
	"math/rand/v2"
	"strconv"
)

// values hands out values of one size, cut at varying offsets from a pool
// of random bytes: incompressible, so that a server that compresses gains
// nothing a real payload would not give it, and cheap to produce.
type values struct {
	pool []byte
	size int
}

func newValues(size int, seed uint64) values {
	n := max(1<<20, 4*size)
	pool := make([]byte, n)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	for i := range pool {
		pool[i] = byte(rng.Uint32())
	}
	return values{pool: pool, size: size}
}

// at returns the value for index i (not a copy: never modify it).
func (v values) at(i uint64) []byte {
	off := (i * 2654435761) % uint64(len(v.pool)-v.size+1)
	return v.pool[off : off+uint64(v.size)]
}

// keyName is prefix followed by i in decimal: "key:42".
func keyName(prefix string, i uint64) string {
	return prefix + strconv.FormatUint(i, 10)
}

// bg is the context of queued commands: a pipeline's Exec gets the real one.
var bg = context.Background()

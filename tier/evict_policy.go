package tier

import (
	"math"
	"strings"
)

// Policy is a maxmemory-policy: which keys leave memory first when the hot
// set is over its budget.
type Policy uint8

// The policies, as Redis names them.
const (
	NoEviction     Policy = iota // nothing leaves memory; writes are refused (ErrNoMemory)
	AllKeysLRU                   // least recently used of all keys
	AllKeysLFU                   // least frequently used of all keys
	AllKeysRandom                // any key
	VolatileLRU                  // least recently used of the keys with a TTL
	VolatileLFU                  // least frequently used of the keys with a TTL
	VolatileRandom               // any key with a TTL
	VolatileTTL                  // the key with a TTL nearest to expiry
)

var policyNames = [...]string{"noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random",
	"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"}

// ParsePolicy maps a maxmemory-policy value to a Policy.
func ParsePolicy(name string) (Policy, bool) {
	for i, n := range policyNames {
		if strings.EqualFold(n, name) {
			return Policy(i), true
		}
	}
	return NoEviction, false
}

// String is the policy's maxmemory-policy name.
func (p Policy) String() string {
	if int(p) < len(policyNames) {
		return policyNames[p]
	}
	return "unknown"
}

// volatile reports whether only keys with a TTL may be evicted.
func (p Policy) volatile() bool { return p >= VolatileLRU }

// LFU reports whether p ranks keys by access frequency (OBJECT FREQ is
// tracked only then, as in Redis).
func (p Policy) LFU() bool { return p == AllKeysLFU || p == VolatileLFU }

// pooled reports whether p ranks sampled keys through the eviction pool
// (the random policies pick any sampled key).
func (p Policy) pooled() bool { return p != AllKeysRandom && p != VolatileRandom && p != NoEviction }

// EvictionConfig is the eviction part of the configuration (Redis's
// parameters of the same names, plus eviction-mode).
type EvictionConfig struct {
	Policy   Policy
	Samples  int  // maxmemory-samples: keys sampled per database per step
	Tenacity int  // maxmemory-eviction-tenacity, 0 to 100
	LogFac   int  // lfu-log-factor
	Decay    int  // lfu-decay-time, minutes per decrement of the LFU counter
	Drop     bool // eviction-mode drop: evicted keys are deleted (as in Redis), else spilled
}

// defaultEviction is Redis's default configuration.
var defaultEviction = EvictionConfig{Policy: NoEviction, Samples: 5, Tenacity: 10, LogFac: 10, Decay: 1}

// SetEviction changes the eviction configuration; it applies from the next
// eviction step.
func (s *Store) SetEviction(c EvictionConfig) {
	c.Samples = max(c.Samples, 1)
	c.Tenacity = min(max(c.Tenacity, 0), 100)
	s.evcfg.Store(&c)
	s.kickEvictor()
}

// Eviction returns the eviction configuration in force.
func (s *Store) Eviction() EvictionConfig { return *s.evcfg.Load() }

// evictTimeLimit is how long one eviction step on a command's path may run,
// as Redis derives it from maxmemory-eviction-tenacity: 50µs per unit up to
// 10, then growing by 15% per unit, unlimited at 100.
func evictTimeLimit(tenacity int) (micros int64, unlimited bool) {
	switch {
	case tenacity >= 100:
		return 0, true
	case tenacity <= 10:
		return int64(50 * tenacity), false
	}
	return int64(500 * math.Pow(1.15, float64(tenacity-10))), false
}

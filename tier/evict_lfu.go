package tier

import "math/rand/v2"

// Redis's LFU counter: 8 bits, logarithmic (the more often a key was used,
// the less likely the next access increments it, scaled by
// lfu-log-factor), decremented by one for every lfu-decay-time minutes the
// key was not accessed. A key starts at lfuInit so that a new key is not
// evicted before it had a chance to be used.

// lfuInit is the counter of a new key (Redis's LFU_INIT_VAL).
const lfuInit = 5

// lfuIncr returns counter after one access.
func lfuIncr(counter uint8, logFactor int) uint8 {
	if counter == 255 {
		return 255
	}
	base := float64(int(counter) - lfuInit)
	if base < 0 {
		base = 0
	}
	if rand.Float64() < 1/(base*float64(logFactor)+1) {
		counter++
	}
	return counter
}

// lfuDecayed returns counter decremented for the time since lastAccess
// (unix ms; 0 means never accessed, no decay) at now, one per decay minutes.
func lfuDecayed(counter uint8, lastAccess, now int64, decay int) uint8 {
	if decay <= 0 || lastAccess <= 0 || now <= lastAccess {
		return counter
	}
	periods := (now - lastAccess) / 60000 / int64(decay)
	if periods >= int64(counter) {
		return 0
	}
	return counter - uint8(periods)
}

// Freq is o's LFU counter at now under the store's lfu-decay-time, as
// OBJECT FREQ reports it (it does not count as an access).
func (s *Store) Freq(o *Object, now int64) int {
	f := o.freq
	if f == 0 && o.lastAccess == 0 {
		f = lfuInit // read from disk, no history: as a new key
	}
	return int(lfuDecayed(f, o.lastAccess, now, s.evcfg.Load().Decay))
}

// SetFreq sets o's LFU counter (RESTORE ... FREQ). Call it after the Put that
// stored o; the caller holds the key's shard lock.
func (o *Object) SetFreq(f uint8) { o.freq = f }

// access records a read or write of o at now: its access time (LRU, OBJECT
// IDLETIME) and, under an LFU policy, its counter, decayed then incremented
// as Redis's updateLFU does.
func (s *Store) access(o *Object, now int64) {
	if c := s.evcfg.Load(); c.Policy.LFU() {
		f := o.freq
		if f == 0 {
			f = lfuInit
		}
		o.freq = lfuIncr(lfuDecayed(f, o.lastAccess, now, c.Decay), c.LogFac)
	}
	o.lastAccess = now
}

package engine

import "time"

// expireCycleKeys is how many due keys one expiry step deletes before it
// lets writers take the locks again.
const expireCycleKeys = 200

// expireLoop is the active expiry: hz times a second it deletes keys whose
// TTL is due, hot or cold, found through the store's expiry index, for at
// most a quarter of the period.
func (e *Engine) expireLoop() {
	defer e.wg.Done()
	for {
		hz := max(e.cfg.Int("hz"), 1)
		period := time.Second / time.Duration(hz)
		select {
		case <-e.stop:
			return
		case <-time.After(period):
		}
		deadline := time.Now().Add(period / 4)
		for {
			touched, more, err := e.store.ExpireDue(expireCycleKeys)
			e.stats.ExpiredKeys.Add(int64(len(touched)))
			e.watches.touch(touched)
			if err != nil || !more || time.Now().After(deadline) {
				break
			}
		}
	}
}

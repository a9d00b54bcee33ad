package engine

import "time"

// cronPeriod is how often the server cron samples the command rate; the save
// rules are checked every cronSaveEvery periods (once a second).
const (
	cronPeriod    = 100 * time.Millisecond
	cronSaveEvery = 10
)

// startServerCron starts the server commands' background loop: it samples
// the command rate (INFO instantaneous_ops_per_sec), tracks peak memory and
// runs the save rules (cfg.SavePoints). It first gives the store its
// eviction configuration (initTiering). Open calls it once; Close stops it.
func (e *Engine) startServerCron() {
	e.initTiering()
	e.wg.Add(1)
	go e.serverCron()
}

func (e *Engine) serverCron() {
	defer e.wg.Done()
	srv := e.server()
	t := time.NewTicker(cronPeriod)
	defer t.Stop()
	for tick := 1; ; tick++ {
		select {
		case <-e.stop:
			return
		case now := <-t.C:
			srv.ops.sample(now, e.stats.Commands.Load())
			if tick%cronSaveEvery == 0 {
				e.checkSavePoints(now)
				e.memoryStats() // updates the peak
			}
		}
	}
}

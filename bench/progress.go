package bench

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress draws progress bars on w, or nothing when w is nil (stdout is
// not a terminal: logs and CI output stay clean).
type progress struct {
	w io.Writer
}

// track shows a bar for a phase whose size is total and whose current
// position current() returns; the returned function ends it and clears it.
// current is polled, so the measured code pays nothing for the bar.
func (p progress) track(desc string, total int64, current func() int64) (stop func()) {
	if p.w == nil || total <= 0 {
		return func() {}
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = bar.Set64(min(current(), total))
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		_ = bar.Finish()
		_ = bar.Clear()
	}
}

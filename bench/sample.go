package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Sample is one reading of a started server's resources.
type Sample struct {
	// T is the time since the server started, in seconds.
	T float64 `json:"t"`
	// RSS is the resident set size (VmRSS) in bytes.
	RSS int64 `json:"rss"`
	// Disk is the space its data directory takes, in bytes.
	Disk int64 `json:"disk"`
}

// sampler reads a process's RSS and its directory's disk use periodically.
type sampler struct {
	mu   sync.Mutex
	list []Sample
	done chan struct{}
	wg   sync.WaitGroup
}

// startSampler samples pid and dir at once, every period, and once more at
// stop; sample times are seconds since start.
func startSampler(pid int, dir string, every time.Duration, start time.Time) *sampler {
	s := &sampler{done: make(chan struct{})}
	take := func() {
		rss, err := readRSS(pid)
		if err != nil {
			return // the process is gone: Stop reports it
		}
		disk, _ := diskUsage(dir)
		s.mu.Lock()
		s.list = append(s.list, Sample{T: time.Since(start).Seconds(), RSS: rss, Disk: disk})
		s.mu.Unlock()
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		take()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				take() // the last reading, however short the run
				return
			case <-t.C:
				take()
			}
		}
	}()
	return s
}

func (s *sampler) stop() {
	close(s.done)
	s.wg.Wait()
}

func (s *sampler) samples() []Sample {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sample(nil), s.list...)
}

// readRSS returns VmRSS from /proc/<pid>/status, in bytes.
func readRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	return parseVmRSS(b)
}

// parseVmRSS finds the "VmRSS:  1234 kB" line of a /proc status file.
func parseVmRSS(status []byte) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmRSS:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 2 || string(f[1]) != "kB" {
			break
		}
		kb, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			break
		}
		return kb << 10, nil
	}
	return 0, fmt.Errorf("no VmRSS line (a zombie or a kernel thread)")
}

// diskUsage is the space the files under dir take on disk (allocated
// blocks, so sparse and preallocated files count as the disk sees them).
func diskUsage(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // files come and go while the server runs
		}
		info, err := d.Info()
		if err != nil || info.IsDir() {
			return nil
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			total += st.Blocks * 512
		} else {
			total += info.Size()
		}
		return nil
	})
	return total, err
}

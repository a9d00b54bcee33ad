package bench

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseVmRSS(t *testing.T) {
	status := "Name:\tredis-server\nVmPeak:\t  99999 kB\nVmRSS:\t   12345 kB\nThreads:\t5\n"
	got, err := parseVmRSS([]byte(status))
	if err != nil || got != 12345*1024 {
		t.Errorf("got %d, %v; want %d", got, err, 12345*1024)
	}
	if _, err := parseVmRSS([]byte("Name:\tkthreadd\nState:\tS\n")); err == nil {
		t.Error("a status without VmRSS: got no error")
	}
}

// Ensure that the samplers read this very process and a directory's size.
func TestReadRSSAndDiskUsage(t *testing.T) {
	rss, err := readRSS(os.Getpid())
	if err != nil || rss < 1<<20 {
		t.Errorf("readRSS(self): got %d, %v; want at least 1 MiB", rss, err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 3<<20)
	for i := range data {
		data[i] = byte(i)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "f"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := diskUsage(dir)
	if err != nil || got < 3<<20 || got > 4<<20 {
		t.Errorf("diskUsage: got %d, %v; want about 3 MiB", got, err)
	}
}

// Command tierdb is a Redis-compatible server for data sets larger than
// memory. `tierdb` alone serves 127.0.0.1:6379 with its data in ./data;
// flags use redis-server's names (tierdb --port 7000 --maxmemory 1gb ...).
package main

import (
	"errors"
	"fmt"
	"log"
	"math"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/resp"
)

func main() {
	cfg, err := configs.Load(os.Args[1:], os.Environ())
	switch {
	case errors.Is(err, configs.ErrHelp):
		fmt.Print(configs.Usage())
		return
	case errors.Is(err, configs.ErrVersion):
		fmt.Println(resp.VersionLine())
		return
	case err != nil:
		fmt.Fprintln(os.Stderr, "tierdb:", err)
		os.Exit(1)
	}
	setMemoryLimit(cfg)
	tuneMalloc()
	began := time.Now()
	srv, err := resp.Open(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tierdb:", err)
		os.Exit(1)
	}
	log.Printf("tierdb ready to accept connections on %s (data in %s, opened in %v)",
		srv.Addr(), cfg.String("dir"), time.Since(began).Round(time.Millisecond))
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	select {
	case sig := <-signals:
		log.Printf("received %s, shutting down", sig)
	case <-srv.ShutdownRequested():
		log.Printf("SHUTDOWN requested")
	case err := <-served:
		if err != nil {
			log.Printf("server stopped: %v", err)
		}
	}
	if err := srv.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "tierdb: close:", err)
		os.Exit(1)
	}
	log.Printf("tierdb is now ready to exit, bye bye")
}

// setMemoryLimit sets the Go runtime's memory limit from maxmemory (the
// process's whole budget, see configs.SplitMemory) and keeps it in step with
// CONFIG SET. A GOMEMLIMIT in the environment wins.
func setMemoryLimit(cfg *configs.Config) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	apply := func() error {
		split := configs.SplitMemory(cfg.Int("maxmemory"), cfg.Int("cold-cache-size"))
		if split.GoLimit > 0 {
			debug.SetMemoryLimit(split.GoLimit)
		} else {
			debug.SetMemoryLimit(math.MaxInt64)
		}
		return nil
	}
	_ = apply()
	cfg.OnChange("maxmemory", apply)
	cfg.OnChange("cold-cache-size", apply)
}

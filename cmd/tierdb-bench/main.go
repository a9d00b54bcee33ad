// Command tierdb-bench measures RESP servers side by side: tierdb, Redis or
// any other, with the same workloads in the same run. See package bench.
//
//	tierdb-bench run --start tierdb --start redis --workload cache --duration 10s --out results/
//	tierdb-bench run --target tierdb=127.0.0.1:6379 --target redis=127.0.0.1:6380 --workload strings
//	tierdb-bench workloads
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"golang.org/x/term"

	"github.com/tierdb/tierdb/bench"
)

const usage = `usage: tierdb-bench run [flags]     run workloads (tierdb-bench run -h for flags)
       tierdb-bench workloads         list the workloads
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "run":
		os.Exit(run(os.Args[2:]))
	case "workloads":
		for _, name := range bench.WorkloadNames() {
			fmt.Printf("%-16s %s\n", name, bench.WorkloadSummary(name))
		}
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "tierdb-bench: unknown command %q\n%s", os.Args[1], usage)
		os.Exit(2)
	}
}

// run is `tierdb-bench run`; it returns the exit code: 1 if a target failed.
func run(args []string) int {
	cfg, err := bench.ParseRunArgs(args, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tierdb-bench:", err)
		return 2
	}
	cfg.Progress = term.IsTerminal(int(os.Stdout.Fd()))
	cfg.Command = append([]string{filepath.Base(os.Args[0])}, os.Args[1:]...)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := bench.Run(ctx, cfg, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tierdb-bench:", err)
		return 1
	}
	if failed := rep.Failed(); len(failed) > 0 {
		fmt.Fprintf(os.Stderr, "tierdb-bench: failed: %v\n", failed)
		return 1
	}
	return 0
}

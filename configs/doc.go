// Package configs is tierdb's configuration: the parameters, their
// defaults, loading them at start-up, and changing them at run time.
//
// It is a leaf package (it imports no other tierdb package) and the only
// one that imports viper.
//
// # Parameters
//
// Parameters have Redis 7.0's names, forms, bounds and error texts (port,
// bind, maxmemory, maxmemory-policy, save, appendonly, appendfsync ...),
// plus a few of our own for the cold tier (eviction-mode, cold-cache-size,
// snapshot-keep, snapshot-dir). Names lists them. Their defaults live in one
// place, the embedded file tierdb.yaml (see DefaultsYAML), one commented
// entry per parameter; Usage prints those comments.
//
// # Loading
//
// Load reads, lowest precedence first: the embedded defaults, the YAML file
// given with --config FILE or as the first argument, TIERDB_<NAME>
// environment variables, and redis-server style flags (--port 7000 --save "").
// Errors are one line naming the parameter and what it accepts. Default and
// New build a Config without a command line, for tests.
//
// # Reading
//
// String, Int, Bool and Get read the current value of one parameter. They
// are cheap (an atomic load and a map lookup, no allocation) and safe to call
// from any goroutine while CONFIG SET runs; an unknown name panics, since it
// is a programming error. Typed readers cover the structured parameters:
// SavePoints, BindAddrs, OutputBufferLimit, SnapshotDir.
//
// # CONFIG GET, SET and REWRITE
//
// Match answers CONFIG GET (Redis's glob rules and alias handling). Set
// answers CONFIG SET: all pairs are validated before any is stored, then
// the OnChange hooks of the changed parameters run, and a failing hook rolls
// every value back. Rewrite answers CONFIG REWRITE by updating the YAML
// config file. Their errors are *Error, whose Msg is Redis's text without
// the "ERR " prefix.
//
// # Differences from Redis
//
//   - bind, port, databases, daemonize and cluster-enabled are fixed at
//     start-up (Redis can change bind and port at run time);
//   - dir, dbfilename and snapshot-dir are refused by CONFIG SET as
//     protected, as Redis 7 does by default; CONFIG GET dir returns dir as
//     configured, not the absolute working directory;
//   - appendonly defaults to yes, bind to 127.0.0.1 and dir to ./data;
//   - loglevel also accepts "nothing" (from Redis 7.2), so its error lists it;
//   - CONFIG GET returns matches in a stable order (Redis's is a hash order).
package configs

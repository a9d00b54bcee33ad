package bench

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Params shape one workload's load. Every field has a flag of the same name
// (--clients, --pipeline ...) and can be overridden per workload:
// --workload cache:keys=1000,dist=zipfian.
type Params struct {
	// Clients is the number of connections, each with its own goroutine.
	Clients int `json:"clients"`
	// Pipeline is how many operations a client sends before reading replies.
	Pipeline int `json:"pipeline"`
	// Keys is the size of the key space (players, sessions, cache entries).
	Keys int `json:"keys"`
	// ValueSize is the size of every value written, in bytes.
	ValueSize int `json:"value_size"`
	// Dist picks the key of each operation; empty leaves it to the workload
	// (zipfian for larger-than-ram, uniform for the others). A parsed or
	// run WorkloadSpec always has it set.
	Dist Dist `json:"dist"`
	// ZipfS is the zipfian skew (> 1; larger is more skewed).
	ZipfS float64 `json:"zipf_s"`
	// ReadRatio is the share of reads in workloads that mix reads and writes.
	ReadRatio float64 `json:"read_ratio"`
	// Duration is how long each timed run lasts, unless Ops is set.
	Duration time.Duration `json:"duration_ns"`
	// Ops, when positive, ends each timed run after this many operations
	// over all clients instead of after Duration.
	Ops int64 `json:"ops"`
	// TTL is the expiry of cache entries and sessions.
	TTL time.Duration `json:"ttl_ns"`
	// Factor is, for larger-than-ram, the data set loaded as a multiple of
	// the target's maxmemory.
	Factor float64 `json:"factor"`
	// MaxMemory (bytes) is given to the servers the harness starts; 0 gives
	// none, except to larger-than-ram, whose servers then get 32 MB.
	MaxMemory int64 `json:"maxmemory"`
}

// DefaultParams are the values used when no flag is given.
func DefaultParams() Params {
	return Params{
		Clients:   50,
		Pipeline:  1,
		Keys:      100000,
		ValueSize: 100,
		ZipfS:     1.1,
		ReadRatio: 0.9,
		Duration:  10 * time.Second,
		TTL:       time.Minute,
		Factor:    3,
	}
}

// ltrDefaultMaxMemory is the maxmemory of servers started for
// larger-than-ram when none is given.
const ltrDefaultMaxMemory = 32 << 20

// Set changes the parameter named name (a flag name without dashes).
func (p *Params) Set(name, value string) error {
	var err error
	switch name {
	case "clients":
		p.Clients, err = positiveInt(value)
	case "pipeline":
		p.Pipeline, err = positiveInt(value)
	case "keys":
		p.Keys, err = positiveInt(value)
	case "value-size":
		p.ValueSize, err = positiveInt(value)
	case "dist":
		p.Dist, err = ParseDist(value)
	case "zipf-s":
		p.ZipfS, err = strconv.ParseFloat(value, 64)
		if err == nil && !(p.ZipfS > 1) {
			err = fmt.Errorf("must be greater than 1")
		}
	case "read-ratio":
		p.ReadRatio, err = strconv.ParseFloat(value, 64)
		if err == nil && !(p.ReadRatio >= 0 && p.ReadRatio <= 1) {
			err = fmt.Errorf("must be between 0 and 1")
		}
	case "duration":
		p.Duration, err = time.ParseDuration(value)
		if err == nil && p.Duration <= 0 {
			err = fmt.Errorf("must be positive")
		}
	case "ops":
		p.Ops, err = strconv.ParseInt(value, 10, 64)
		if err == nil && p.Ops < 0 {
			err = fmt.Errorf("must not be negative")
		}
	case "ttl":
		p.TTL, err = time.ParseDuration(value)
		if err == nil && p.TTL < time.Second {
			err = fmt.Errorf("must be at least 1s")
		}
	case "factor":
		p.Factor, err = strconv.ParseFloat(value, 64)
		if err == nil && !(p.Factor > 0) {
			err = fmt.Errorf("must be positive")
		}
	case "maxmemory":
		p.MaxMemory, err = ParseBytes(value)
	default:
		return fmt.Errorf("unknown parameter %q", name)
	}
	if err != nil {
		return fmt.Errorf("%s %q: %w", name, value, unwrapNum(err))
	}
	return nil
}

// paramNames lists the names Set accepts, for help texts.
var paramNames = []string{"clients", "pipeline", "keys", "value-size", "dist", "zipf-s",
	"read-ratio", "duration", "ops", "ttl", "factor", "maxmemory"}

func positiveInt(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err == nil && n <= 0 {
		err = fmt.Errorf("must be positive")
	}
	return n, err
}

// unwrapNum drops strconv's repetition of the input from its errors.
func unwrapNum(err error) error {
	if ne, ok := err.(*strconv.NumError); ok {
		return ne.Err
	}
	return err
}

// ParseBytes reads a memory size with Redis's units: a plain number of
// bytes, or k/m/g (powers of 1000) or kb/mb/gb (powers of 1024), any case.
func ParseBytes(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"k", 1e3}, {"m", 1e6}, {"g", 1e9}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSuffix(t, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid memory size %q", s)
	}
	return n * mult, nil
}

// WorkloadSpec is one --workload: a workload name and its parameters.
type WorkloadSpec struct {
	Name   string `json:"name"`
	Params Params `json:"params"`
}

// parseWorkloadSpec reads "name" or "name:param=value,param=value", the
// parameters applied over base.
func parseWorkloadSpec(s string, base Params) (WorkloadSpec, error) {
	name, opts, _ := strings.Cut(s, ":")
	if _, ok := workloads[name]; !ok {
		return WorkloadSpec{}, fmt.Errorf("unknown workload %q (one of %s)", name, strings.Join(WorkloadNames(), ", "))
	}
	spec := WorkloadSpec{Name: name, Params: base}
	if opts != "" {
		for _, kv := range strings.Split(opts, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return WorkloadSpec{}, fmt.Errorf("workload %s: %q is not param=value", name, kv)
			}
			if err := spec.Params.Set(k, v); err != nil {
				return WorkloadSpec{}, fmt.Errorf("workload %s: %w", name, err)
			}
		}
	}
	spec = spec.withDefaults()
	return spec, spec.validate()
}

// withDefaults returns s with what its parameters leave to the workload
// filled in: an empty Dist becomes the workload's own distribution.
func (s WorkloadSpec) withDefaults() WorkloadSpec {
	if s.Params.Dist == "" {
		s.Params.Dist = cmp.Or(workloads[s.Name].dist, Uniform)
	}
	return s
}

// validate checks what Set checks one value at a time, for specs built in
// code, and the workload's own needs.
func (s WorkloadSpec) validate() error {
	p := s.Params
	if _, ok := workloads[s.Name]; !ok {
		return fmt.Errorf("unknown workload %q", s.Name)
	}
	if _, err := ParseDist(string(p.Dist)); err != nil {
		return fmt.Errorf("workload %s: %w", s.Name, err)
	}
	switch {
	case p.Clients <= 0 || p.Pipeline <= 0 || p.Keys <= 0 || p.ValueSize <= 0:
		return fmt.Errorf("workload %s: clients, pipeline, keys and value-size must be positive", s.Name)
	case !(p.ZipfS > 1):
		return fmt.Errorf("workload %s: zipf-s must be greater than 1", s.Name)
	case p.Duration <= 0 && p.Ops <= 0:
		return fmt.Errorf("workload %s: needs a duration or an operation count", s.Name)
	case p.TTL < time.Second || !(p.Factor > 0) || p.ReadRatio < 0 || p.ReadRatio > 1:
		return fmt.Errorf("workload %s: ttl, factor or read-ratio out of range", s.Name)
	case (s.Name == "queue" || s.Name == "stream") && p.Clients < 2:
		return fmt.Errorf("workload %s: needs at least 2 clients (producers and consumers)", s.Name)
	}
	return nil
}

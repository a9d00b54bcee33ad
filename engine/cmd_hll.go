package engine

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/tierdb/tierdb/tier"
)

// HyperLogLog commands: the table (COMMAND INFO and DOCS of Redis 7.0),
// then the handlers in table order. An HLL is a string holding Redis's own
// representation (hll_repr.go), so its bytes move to and from Redis with
// GET and SET. PFSELFTEST is not implemented.
var hllCommands = []*Command{
	{Name: "pfadd", Arity: -2, Flags: Write | DenyOOM | Fast, ACL: CatHyperLogLog, Keys: oneKey(RW | Insert),
		Group: "hyperloglog", Summary: "Adds the specified elements to the specified HyperLogLog.",
		Since: "2.8.9", Complex: "O(1) to add every element.", Run: cmdPfadd},
	{Name: "pfcount", Arity: -2, Flags: ReadOnly, ACL: CatHyperLogLog,
		Keys: []KeySpec{{Notes: "RW because it may change the internal representation of the key, " +
			"and propagate to replicas", Flags: RW | Access, Index: 1, LastKey: -1, Step: 1}},
		Group:   "hyperloglog",
		Summary: "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
		Since:   "2.8.9",
		Complex: "O(1) with a very small average constant time when called with a single key. O(N) with N " +
			"being the number of keys, and much bigger constant times, when called with multiple keys.",
		Run: cmdPfcount},
	{Name: "pfmerge", Arity: -2, Flags: Write | DenyOOM, ACL: CatHyperLogLog,
		Keys: []KeySpec{{Flags: RW | Access | Insert, Index: 1, Step: 1},
			{Flags: RO | Access, Index: 2, LastKey: -1, Step: 1}},
		Group: "hyperloglog", Summary: "Merge N different HyperLogLogs into a single one.", Since: "2.8.9",
		Complex: "O(N) to merge N HyperLogLogs, but with high constant times.", Run: cmdPfmerge},
	{Name: "pfdebug", Arity: 3, Flags: Write | DenyOOM | Admin, ACL: CatHyperLogLog,
		Keys:  []KeySpec{{Flags: RW | Access, Index: 2, Step: 1}},
		Group: "hyperloglog", Summary: "Internal commands for debugging HyperLogLog values", Since: "2.8.9",
		Complex: "N/A", Run: cmdPfdebug},
}

// hllSparseMax is hll-sparse-max-bytes.
func (c *Call) hllSparseMax() int { return int(c.e.cfg.Int("hll-sparse-max-bytes")) }

// lookupHLL looks key up (for a read, counting hits, or for a write) and
// returns its object, nil if there is none, WRONGTYPE for another type, or
// Redis's WRONGTYPE for a string that is not an HLL.
func (c *Call) lookupHLL(key []byte, write bool) (*tier.Object, error) {
	var o *tier.Object
	var err error
	if write {
		o, err = c.writeString(key)
	} else {
		o, err = c.readString(key)
	}
	if err != nil || o == nil {
		return nil, err
	}
	// A chunked string, longer than any HLL, has no Str and fails here.
	if err := checkHLL(o.Str); err != nil {
		return nil, err
	}
	return o, nil
}

// PFADD key [element [element ...]]
//
// It replies 1 if the key was created or a register changed. A sparse HLL
// is updated on a copy, so that a corrupt one is left as it was.
func cmdPfadd(c *Call) error {
	key := c.Args[1]
	o, err := c.lookupHLL(key, true)
	if err != nil {
		return err
	}
	changed := o == nil
	s := hllWorkingCopy(o)
	sparseMax := c.hllSparseMax()
	for _, elem := range c.Args[2:] {
		var r int
		if s, r = hllAdd(s, elem, sparseMax); r < 0 {
			return errCorruptHLL
		}
		changed = changed || r == 1
	}
	if changed {
		hllInvalidate(s)
		if o == nil {
			o = tier.NewString(s)
		}
		o.Str = s
		if err := c.Txn.Put(c.DB(), key, o); err != nil {
			return err
		}
	}
	c.Out.Int(boolInt(changed))
	return nil
}

// PFCOUNT key [key ...]
//
// With one key it replies with the cached cardinality, recomputing and
// storing it when stale (so the value changes, as in Redis). With several
// it estimates their union without changing any.
func cmdPfcount(c *Call) error {
	if len(c.Args) > 2 {
		regs := make([]uint8, hllRegisters)
		for _, key := range c.Args[1:] {
			o, err := c.lookupHLL(key, false)
			if err != nil {
				return err
			}
			if o != nil && !hllMergeInto(regs, o.Str) {
				return errCorruptHLL
			}
		}
		c.Out.Int(int64(histoOf(regs).estimate()))
		return nil
	}
	key := c.Args[1]
	o, err := c.lookupHLL(key, false)
	if err != nil {
		return err
	}
	if o == nil {
		c.Out.Int(0)
		return nil
	}
	n, ok := hllCached(o.Str)
	if !ok {
		h, valid := hllHistogram(o.Str)
		if !valid {
			return errCorruptHLL
		}
		n = h.estimate()
		hllSetCached(o.Str, n)
		if err := c.Txn.Put(c.DB(), key, o); err != nil {
			return err
		}
	}
	c.Out.Int(int64(n))
	return nil
}

// PFMERGE destkey [sourcekey [sourcekey ...]]
//
// destkey is a source too. It becomes dense if any source is.
func cmdPfmerge(c *Call) error {
	regs := make([]uint8, hllRegisters)
	dense := false
	for _, key := range c.Args[1:] {
		o, err := c.lookupHLL(key, false)
		if err != nil {
			return err
		}
		if o == nil {
			continue
		}
		dense = dense || o.Str[4] == hllEncDense
		if !hllMergeInto(regs, o.Str) {
			return errCorruptHLL
		}
	}
	dest := c.Args[1]
	o, err := c.lookupHLL(dest, true)
	if err != nil {
		return err
	}
	s := hllWorkingCopy(o)
	s, ok := hllRaiseAll(s, regs, dense, c.hllSparseMax())
	if !ok {
		return errCorruptHLL
	}
	hllInvalidate(s)
	if o == nil {
		o = tier.NewString(s)
	}
	o.Str = s
	if err := c.Txn.Put(c.DB(), dest, o); err != nil {
		return err
	}
	OK(c.Out)
	return nil
}

// PFDEBUG GETREG | DECODE | ENCODING | TODENSE key
//
// GETREG and TODENSE convert a sparse HLL to dense, as in Redis.
func cmdPfdebug(c *Call) error {
	sub, key := c.Args[1], c.Args[2]
	o, err := c.lookupWrite(key)
	if err != nil {
		return err
	}
	if o == nil {
		return errf("The specified key does not exist")
	}
	if err := checkKind(o, tier.KindString); err != nil {
		return err
	}
	if err := checkHLL(o.Str); err != nil {
		return err
	}
	switch {
	case optEq(sub, "getreg"), optEq(sub, "todense"):
		converted := o.Str[4] == hllEncSparse
		if converted {
			d, ok := sparseToDense(o.Str)
			if !ok {
				return errCorruptHLL
			}
			o.Str = d
			if err := c.Txn.Put(c.DB(), key, o); err != nil {
				return err
			}
		}
		if optEq(sub, "todense") {
			c.Out.Int(boolInt(converted))
			return nil
		}
		c.Out.Array(hllRegisters)
		for i := range hllRegisters {
			c.Out.Int(int64(denseGet(o.Str[hllHeaderLen:], i)))
		}
	case optEq(sub, "decode"):
		if o.Str[4] != hllEncSparse {
			return errf("HLL encoding is not sparse")
		}
		c.Out.BulkString(decodeSparse(o.Str[hllHeaderLen:]))
	case optEq(sub, "encoding"):
		if o.Str[4] == hllEncDense {
			c.Out.SimpleString("dense")
		} else {
			c.Out.SimpleString("sparse")
		}
	default:
		return errf("Unknown PFDEBUG subcommand '" + sanitize(cstr(sub), len(sub)) + "'")
	}
	return nil
}

// decodeSparse describes a sparse body opcode by opcode, as PFDEBUG DECODE
// does: "z:run" for ZERO, "Z:run" for XZERO, "v:value,run" for VAL.
func decodeSparse(body []byte) string {
	var b strings.Builder
	for p := 0; p < len(body); {
		run, val, size := sparseOp(body, p)
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		switch {
		case val != 0:
			b.WriteString("v:" + strconv.Itoa(val) + "," + strconv.Itoa(run))
		case size == 2:
			b.WriteString("Z:" + strconv.Itoa(run))
		default:
			b.WriteString("z:" + strconv.Itoa(run))
		}
		p += size
	}
	return b.String()
}

// hllWorkingCopy is the HLL bytes a write works on: a new HLL for a missing
// key, a copy of a sparse one (its rewrite can fail half-way, and a failed
// command must change nothing), the dense one itself (updated in place,
// which cannot fail).
func hllWorkingCopy(o *tier.Object) []byte {
	switch {
	case o == nil:
		return newHLL()
	case o.Str[4] == hllEncSparse:
		return bytes.Clone(o.Str)
	default:
		return o.Str
	}
}

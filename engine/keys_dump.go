package engine

import (
	"bytes"
	"math"

	"github.com/tierdb/tierdb/tier"
)

// DUMP and RESTORE; the payload format is in keys_payload.go.

// Errors of RESTORE's arguments, as Redis 7.0 prints them.
var (
	errBusyKey      = &Error{Prefix: "BUSYKEY", Msg: "Target key name already exists."}
	errRestoreTTL   = errf("Invalid TTL value, must be >= 0")
	errRestoreIdle  = errf("Invalid IDLETIME value, must be >= 0")
	errRestoreFreq  = errf("Invalid FREQ value, must be >= 0 and <= 255")
	errRestoreRange = errf("invalid expire time in 'restore' command")
)

// DUMP key
func cmdDump(c *Call) error {
	o, err := c.lookupRead(c.Args[1])
	if err != nil {
		return err
	}
	if o == nil {
		c.Out.Null()
		return nil
	}
	each, err := c.elementsOf(c.Args[1], o)
	if err != nil {
		return err
	}
	p, ok, err := encodeDump(o, each)
	if err != nil {
		return err
	}
	if !ok {
		return errf("DUMP is not supported for values of type " + kindTypeName(o.Kind))
	}
	c.Out.Bulk(p)
	return nil
}

// elementsOf walks the elements of o at key for DUMP, as the pairs its
// kind's payload lists (a string: its value).
func (c *Call) elementsOf(key []byte, o *tier.Object) (elementsFunc, error) {
	switch o.Kind {
	case tier.KindString:
		v, err := c.stringValue(o)
		if err != nil {
			return nil, err
		}
		return valueElement(v), nil
	case tier.KindHash:
		h, err := c.Txn.Hash(c.DB(), key, o)
		if err != nil {
			return nil, err
		}
		return h.Each, nil
	case tier.KindSet:
		return c.setMembers(key, o)
	case tier.KindList:
		return c.listElements(key, o)
	case tier.KindZSet:
		return c.zsetEntries(key, o)
	case tier.KindStream:
		return c.streamRecords(key, o)
	}
	return nil, nil
}

// restoredEncoding gives a value RESTORE built the OBJECT ENCODING Redis's
// loading would give it.
func (c *Call) restoredEncoding(o *tier.Object) {
	switch o.Kind {
	case tier.KindHash:
		c.hashLimits().restoredEncoding(o)
	case tier.KindSet:
		c.setLimits().restoredEncoding(o)
	case tier.KindZSet:
		c.zsetLimits().restoredEncoding(o)
	}
}

// restoreArgs are RESTORE's options.
type restoreArgs struct {
	replace, absTTL bool
	idle            int64 // seconds; -1 if not given
	freq            int64 // -1 if not given
}

// parseRestoreOptions reads [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ
// frequency]. IDLETIME and FREQ exclude each other: the second is a syntax
// error, as in Redis.
func parseRestoreOptions(args [][]byte) (restoreArgs, error) {
	a := restoreArgs{idle: -1, freq: -1}
	for i := 0; i < len(args); i++ {
		more := i+1 < len(args)
		switch {
		case bytes.EqualFold(args[i], []byte("replace")):
			a.replace = true
		case bytes.EqualFold(args[i], []byte("absttl")):
			a.absTTL = true
		case bytes.EqualFold(args[i], []byte("idletime")) && more && a.freq == -1:
			n, err := parseInt(args[i+1])
			if err != nil {
				return a, ErrNotInteger
			}
			if n < 0 {
				return a, errRestoreIdle
			}
			a.idle = n
			i++
		case bytes.EqualFold(args[i], []byte("freq")) && more && a.idle == -1:
			n, err := parseInt(args[i+1])
			if err != nil {
				return a, ErrNotInteger
			}
			if n < 0 || n > 255 {
				return a, errRestoreFreq
			}
			a.freq = n
			i++
		default:
			return a, ErrSyntax
		}
	}
	return a, nil
}

// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds]
// [FREQ frequency]
//
// Checks run in Redis's order (options, an existing key, the TTL, the
// payload), and all of them before the first change. A TTL already in the
// past stores nothing (and REPLACE still deletes the old value). IDLETIME
// sets the key's access time, FREQ its LFU counter (OBJECT FREQ).
func cmdRestore(c *Call) error {
	opts, err := parseRestoreOptions(c.Args[4:])
	if err != nil {
		return err
	}
	key := c.Args[1]
	old, err := c.lookupWrite(key)
	if err != nil {
		return err
	}
	if old != nil && !opts.replace {
		return errBusyKey
	}
	ttl, err := parseInt(c.Args[2])
	if err != nil {
		return ErrNotInteger
	}
	if ttl < 0 {
		return errRestoreTTL
	}
	o, err := decodeDump(c.Args[3])
	if err != nil {
		return err
	}
	c.restoredEncoding(o)
	now := c.Txn.Now()
	if ttl > 0 {
		if !opts.absTTL {
			if ttl > math.MaxInt64-now {
				return errRestoreRange
			}
			ttl += now
		}
		o.ExpireAt = ttl
	}
	if old != nil {
		if _, err := c.Txn.Delete(c.DB(), key); err != nil {
			return err
		}
	}
	if o.Expired(now) {
		OK(c.Out)
		return nil
	}
	if err := c.Txn.Put(c.DB(), key, o); err != nil {
		return err
	}
	if opts.idle >= 0 {
		o.SetLastAccess(max(now-min(opts.idle, now/1000)*1000, 1))
	}
	if opts.freq >= 0 {
		o.SetFreq(uint8(opts.freq))
	}
	OK(c.Out)
	return nil
}

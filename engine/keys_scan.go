package engine

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/tierdb/tierdb/configs"
	"github.com/tierdb/tierdb/tier"
)

// Commands that read the whole key space of a database: KEYS, SCAN,
// RANDOMKEY, DBSIZE. KEYS, SCAN and RANDOMKEY take no lock and read Pebble's
// committed state (see doc.go): inside MULTI/EXEC they do not see the
// transaction's own uncommitted writes, where Redis would.

// errInvalidCursor is SCAN's reply to a cursor that is not a number.
var errInvalidCursor = errf("invalid cursor")

// keysBatch is how many keys KEYS reads per step of its walk.
const keysBatch = 1024

// KEYS pattern
//
// The keys come in hash order, not in Redis's order.
func cmdKeys(c *Call) error {
	m := newKeyFilter(c.Args[1], true, "")
	var keys [][]byte
	cursor := uint64(0)
	for {
		next, err := c.e.store.Scan(c.DB(), cursor, keysBatch, func(e tier.ScanEntry) {
			if m.match(e) {
				keys = append(keys, bytes.Clone(e.Key))
			}
		})
		if err != nil {
			return err
		}
		if next == 0 {
			break
		}
		cursor = next
	}
	writeKeys(c.Out, keys)
	return nil
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
//
// The cursor is a key hash (see package persistence), so a key present for
// the whole iteration is returned exactly once. COUNT is the amount of work,
// as in Redis: keys examined, whether or not MATCH and TYPE keep them.
func cmdScan(c *Call) error {
	cursor, err := parseScanCursor(c.Args[1])
	if err != nil {
		return err
	}
	count, pattern, typ := int64(10), []byte(nil), ""
	hasMatch := false
	for i := 2; i < len(c.Args); i += 2 {
		if i+1 >= len(c.Args) {
			return ErrSyntax
		}
		opt, val := c.Args[i], c.Args[i+1]
		switch {
		case bytes.EqualFold(opt, []byte("count")):
			if count, err = parseInt(val); err != nil {
				return ErrNotInteger
			}
			if count < 1 {
				return ErrSyntax
			}
		case bytes.EqualFold(opt, []byte("match")):
			pattern, hasMatch = val, true
		case bytes.EqualFold(opt, []byte("type")):
			typ = string(val)
		default:
			return ErrSyntax
		}
	}
	m := newKeyFilter(pattern, hasMatch, typ)
	var keys [][]byte
	next, err := c.e.store.Scan(c.DB(), cursor, int(min(count, 1<<31)), func(e tier.ScanEntry) {
		if m.match(e) {
			keys = append(keys, bytes.Clone(e.Key))
		}
	})
	if err != nil {
		return err
	}
	c.Out.Array(2)
	c.Out.BulkString(strconv.FormatUint(next, 10))
	writeKeys(c.Out, keys)
	return nil
}

// RANDOMKEY
func cmdRandomKey(c *Call) error {
	key, err := c.e.store.RandomKey(c.DB())
	if err != nil {
		return err
	}
	if key == nil {
		c.Out.Null()
		return nil
	}
	c.Out.Bulk(key)
	return nil
}

// DBSIZE
//
// The count is exact and kept by the store, so it is right at once after a
// restart; like Redis it includes keys whose TTL is due but which expiry has
// not removed yet.
func cmdDBSize(c *Call) error {
	c.Out.Int(c.Txn.DBSize(c.DB()))
	return nil
}

// keyFilter is SCAN's MATCH and TYPE (KEYS uses MATCH only).
type keyFilter struct {
	all     bool   // no pattern, or "*": every key matches
	pattern string // otherwise a glob; "" matches only the empty key
	typ     string // "" matches every type
}

// newKeyFilter returns the filter of a MATCH pattern (if hasPattern) and a
// TYPE name ("" when there is none).
func newKeyFilter(pattern []byte, hasPattern bool, typ string) keyFilter {
	return keyFilter{all: !hasPattern || string(pattern) == "*", pattern: string(pattern), typ: typ}
}

// match reports whether the scanned key passes the filter.
func (f keyFilter) match(e tier.ScanEntry) bool {
	if f.typ != "" && !strings.EqualFold(f.typ, kindTypeName(e.Kind)) {
		return false
	}
	return f.all || configs.GlobMatch(f.pattern, string(e.Key), false)
}

// writeKeys replies with an array of keys.
func writeKeys(out Reply, keys [][]byte) {
	out.Array(len(keys))
	for _, k := range keys {
		out.Bulk(k)
	}
}

// parseScanCursor parses a SCAN cursor as Redis does with C's strtoul: an
// unsigned 64-bit decimal with an optional sign ("-1" is 2^64-1), read up to
// the first NUL byte; the empty string is 0; leading spaces, trailing bytes
// and overflow are errors.
func parseScanCursor(b []byte) (uint64, error) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	if len(b) == 0 {
		return 0, nil
	}
	neg := false
	switch b[0] {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return 0, errInvalidCursor
	case '+', '-':
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, errInvalidCursor
	}
	var v uint64
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			return 0, errInvalidCursor
		}
		d := uint64(ch - '0')
		if v > (1<<64-1-d)/10 {
			return 0, errInvalidCursor
		}
		v = v*10 + d
	}
	if neg {
		v = -v
	}
	return v, nil
}

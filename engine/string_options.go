package engine

import (
	"math"

	"github.com/tierdb/tierdb/tier"
)

// expireKind says how an expiry argument is given.
type expireKind uint8

const (
	expNone expireKind = iota
	expEX              // seconds from now
	expPX              // milliseconds from now
	expEXAT            // unix time in seconds
	expPXAT            // unix time in milliseconds
)

// expireKindOf names the expiry option arg is, or expNone.
func expireKindOf(arg []byte) expireKind {
	switch {
	case optEq(arg, "ex"):
		return expEX
	case optEq(arg, "px"):
		return expPX
	case optEq(arg, "exat"):
		return expEXAT
	case optEq(arg, "pxat"):
		return expPXAT
	}
	return expNone
}

// setOptions are the options of SET (and, with persist, of GETEX).
type setOptions struct {
	nx, xx, get, keepTTL, persist bool
	expire                        expireKind
	expireArg                     []byte
}

// parseSetOptions reads SET's options (getex false) or GETEX's (getex
// true) as Redis does: NX and XX exclude each other; KEEPTTL (SET only),
// PERSIST (GETEX only) and the expiry options exclude each other, except
// that one expiry option may be repeated (the last one counts). Anything
// else, or an expiry option without its value, is a syntax error.
func parseSetOptions(args [][]byte, getex bool) (setOptions, error) {
	var o setOptions
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case !getex && optEq(a, "nx") && !o.xx:
			o.nx = true
		case !getex && optEq(a, "xx") && !o.nx:
			o.xx = true
		case !getex && optEq(a, "get"):
			o.get = true
		case !getex && optEq(a, "keepttl") && o.expire == expNone:
			o.keepTTL = true
		case getex && optEq(a, "persist") && o.expire == expNone:
			o.persist = true
		default:
			k := expireKindOf(a)
			if k == expNone || o.keepTTL || o.persist || (o.expire != expNone && o.expire != k) ||
				i+1 == len(args) {
				return o, ErrSyntax
			}
			o.expire, o.expireArg = k, args[i+1]
			i++
		}
	}
	return o, nil
}

// errInvalidExpire is Redis's error for an expiry out of range in command
// name ("set", "setex", "getex", "expire" ...).
func errInvalidExpire(name string) *Error {
	return errf("invalid expire time in '" + name + "' command")
}

// expireAtOf converts the expiry argument arg of kind k to unix
// milliseconds, as SET, SETEX, PSETEX and GETEX do: the number must be
// positive, and the result must not overflow.
func expireAtOf(k expireKind, arg []byte, now int64, name string) (int64, error) {
	v, err := parseInt(arg)
	if err != nil {
		return 0, ErrNotInteger
	}
	seconds := k == expEX || k == expEXAT
	if v <= 0 || (seconds && v > math.MaxInt64/1000) {
		return 0, errInvalidExpire(name)
	}
	if seconds {
		v *= 1000
	}
	if k == expEX || k == expPX {
		var ok bool
		if v, ok = addInt64(v, now); !ok {
			return 0, errInvalidExpire(name)
		}
	}
	return v, nil
}

// storeObject puts o at key, or deletes key when o's expiry is already due
// (a TTL in the past removes the key at once, as Redis does).
func storeObject(c *Call, key []byte, o *tier.Object) error {
	if o.ExpireAt != 0 && o.ExpireAt <= c.Txn.Now() {
		_, err := c.Txn.Delete(c.DB(), key)
		return err
	}
	return c.Txn.Put(c.DB(), key, o)
}

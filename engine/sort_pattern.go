package engine

import (
	"bytes"

	"github.com/tierdb/tierdb/tier"
)

// lookupPattern resolves a BY or GET pattern for element elem as Redis
// does: "#" is the element itself; otherwise the first '*' is replaced by
// the element, and a "->field" after it (with a non-empty field) reads that
// field of a hash, else the key must hold a string. A pattern without '*',
// a missing key, a key of another type or a missing field give nil.
func (c *Call) lookupPattern(pattern, elem []byte) ([]byte, bool, error) {
	if isHashSign(pattern) {
		return elem, true, nil
	}
	star := bytes.IndexByte(pattern, '*')
	if star < 0 {
		return nil, false, nil
	}
	keyPart, field := pattern, []byte(nil)
	if f := bytes.Index(pattern[star+1:], []byte("->")); f >= 0 && star+1+f+2 < len(pattern) {
		keyPart, field = pattern[:star+1+f], pattern[star+1+f+2:]
	}
	key := make([]byte, 0, len(keyPart)-1+len(elem))
	key = append(append(append(key, keyPart[:star]...), elem...), keyPart[star+1:]...)
	o, err := c.lookupRead(key)
	if err != nil || o == nil {
		return nil, false, err
	}
	if field == nil {
		if o.Kind != tier.KindString {
			return nil, false, nil
		}
		v, err := c.stringValue(o)
		return v, err == nil, err
	}
	if o.Kind != tier.KindHash {
		return nil, false, nil
	}
	h, err := c.Txn.Hash(c.DB(), key, o)
	if err != nil {
		return nil, false, err
	}
	return h.Get(field)
}

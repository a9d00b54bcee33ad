package engine

// Commands on parts of a string: APPEND, STRLEN, GETRANGE (and SUBSTR),
// SETRANGE.

// errStringTooLong is Redis's refusal to grow a string past
// proto-max-bulk-len.
var errStringTooLong = errf("string exceeds maximum allowed size (proto-max-bulk-len)")

// checkStringLength refuses a string of size+grow bytes when it would
// exceed proto-max-bulk-len (or overflow), as APPEND and SETRANGE do.
func (c *Call) checkStringLength(size, grow int64) error {
	total, ok := addInt64(size, grow)
	if !ok || total > c.e.cfg.Int("proto-max-bulk-len") {
		return errStringTooLong
	}
	return nil
}

// APPEND key value
func cmdAppend(c *Call) error {
	key, v := c.Args[1], c.Args[2]
	o, err := c.writeString(key)
	if err != nil {
		return err
	}
	if o == nil {
		o = newString(v)
	} else {
		if err := c.checkStringLength(int64(len(o.Str)), int64(len(v))); err != nil {
			return err
		}
		// The object owns its value, so it may grow in place.
		o.Str = append(o.Str, v...)
	}
	if err := c.Txn.Put(c.DB(), key, o); err != nil {
		return err
	}
	c.Out.Int(int64(len(o.Str)))
	return nil
}

// STRLEN key
func cmdStrlen(c *Call) error {
	o, err := c.readString(c.Args[1])
	if err != nil {
		return err
	}
	if o == nil {
		c.Out.Int(0)
		return nil
	}
	c.Out.Int(int64(len(o.Str)))
	return nil
}

// GETRANGE key start end (and SUBSTR key start end)
//
// Negative positions count from the end; the range is clamped to the
// string, and an empty range (or a missing key) is an empty string.
func cmdGetrange(c *Call) error {
	start, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	end, err := parseInt(c.Args[3])
	if err != nil {
		return err
	}
	o, err := c.readString(c.Args[1])
	if err != nil {
		return err
	}
	if o == nil {
		c.Out.Bulk(nil)
		return nil
	}
	c.Out.Bulk(substring(o.Str, start, end))
	return nil
}

// substring is s[start..end] (inclusive, negative from the end) with
// GETRANGE's clamping rules.
func substring(s []byte, start, end int64) []byte {
	n := int64(len(s))
	if start < 0 && end < 0 && start > end {
		return nil
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start, end = max(start, 0), max(end, 0)
	if end >= n {
		end = n - 1
	}
	if n == 0 || start > end {
		return nil
	}
	return s[start : end+1]
}

// SETRANGE key offset value
//
// It replies with the new length. An empty value changes nothing (and does
// not create the key).
func cmdSetrange(c *Call) error {
	key, v := c.Args[1], c.Args[3]
	offset, err := parseInt(c.Args[2])
	if err != nil {
		return err
	}
	if offset < 0 {
		return errf("offset is out of range")
	}
	o, err := c.writeString(key)
	if err != nil {
		return err
	}
	if len(v) == 0 {
		if o == nil {
			c.Out.Int(0)
		} else {
			c.Out.Int(int64(len(o.Str)))
		}
		return nil
	}
	if err := c.checkStringLength(offset, int64(len(v))); err != nil {
		return err
	}
	if o == nil {
		o = newString(nil)
	}
	if need := int(offset) + len(v); need > len(o.Str) {
		// Grow with zero bytes; the object owns its value.
		o.Str = append(o.Str, make([]byte, need-len(o.Str))...)
	}
	copy(o.Str[offset:], v)
	if err := c.Txn.Put(c.DB(), key, o); err != nil {
		return err
	}
	c.Out.Int(int64(len(o.Str)))
	return nil
}

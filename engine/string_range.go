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
		if err := c.checkStringLength(o.StrLen(), int64(len(v))); err != nil {
			return err
		}
		if err := c.Txn.StringWrite(c.DB(), o, o.StrLen(), v); err != nil {
			return err
		}
	}
	if err := c.Txn.Put(c.DB(), key, o); err != nil {
		return err
	}
	c.Out.Int(o.StrLen())
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
	c.Out.Int(o.StrLen())
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
	lo, hi := substringBounds(o.StrLen(), start, end)
	v, err := c.Txn.StringRange(c.DB(), o, lo, hi-lo)
	if err != nil {
		return err
	}
	c.Out.Bulk(v)
	return nil
}

// substringBounds is the byte range [lo, hi) that positions start..end
// (inclusive, negative from the end) select in a string of n bytes, with
// GETRANGE's clamping rules; lo == hi when it is empty.
func substringBounds(n, start, end int64) (lo, hi int64) {
	if start < 0 && end < 0 && start > end {
		return 0, 0
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
		return 0, 0
	}
	return start, end + 1
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
			c.Out.Int(o.StrLen())
		}
		return nil
	}
	if err := c.checkStringLength(offset, int64(len(v))); err != nil {
		return err
	}
	if o == nil {
		o = newString(nil)
	}
	if err := c.Txn.StringWrite(c.DB(), o, offset, v); err != nil {
		return err
	}
	if err := c.Txn.Put(c.DB(), key, o); err != nil {
		return err
	}
	c.Out.Int(o.StrLen())
	return nil
}

package engine

import (
	"math"
	"strconv"
	"time"

	"github.com/tierdb/tierdb/tier"
)

// Stream IDs as stream commands read them, and the replies that carry IDs
// and entries.

// Errors of stream IDs and options, as Redis 7.0 prints them.
var (
	errStreamID       = errf("Invalid stream ID specified as stream command argument")
	errStartInterval  = errf("invalid start ID for the interval")
	errEndInterval    = errf("invalid end ID for the interval")
	errTimeoutInteger = errf("timeout is not an integer or out of range")
)

// maxStreamIDArg is the longest ID argument Redis reads (its buffer is 128
// bytes with the NUL).
const maxStreamIDArg = 127

// parseStreamID reads an ID as Redis's streamGenericParseIDOrReply: "-" and
// "+" (unless strict), "ms" (seq is missingSeq) or "ms-seq"; with seqGiven
// not nil, also "ms-*", reported through it. Numbers are read as
// string2ull does (strictly, else as strtoull would).
func parseStreamID(arg []byte, missingSeq uint64, strict bool, seqGiven *bool) (tier.StreamID, error) {
	if len(arg) > maxStreamIDArg {
		return tier.StreamID{}, errStreamID
	}
	s := cstr(arg)
	if strict && len(s) == 1 && (s[0] == '-' || s[0] == '+') {
		return tier.StreamID{}, errStreamID
	}
	if seqGiven != nil {
		*seqGiven = true
	}
	switch string(s) {
	case "-":
		return tier.StreamID{}, nil
	case "+":
		return tier.MaxStreamID, nil
	}
	msPart, seqPart, dash := s, []byte(nil), false
	for i, ch := range s {
		if ch == '-' {
			msPart, seqPart, dash = s[:i], s[i+1:], true
			break
		}
	}
	ms, ok := string2ull(msPart)
	if !ok {
		return tier.StreamID{}, errStreamID
	}
	seq := missingSeq
	if dash {
		if seqGiven != nil && len(seqPart) == 1 && seqPart[0] == '*' {
			seq, *seqGiven = 0, false
		} else if seq, ok = string2ull(seqPart); !ok {
			return tier.StreamID{}, errStreamID
		}
	}
	return tier.StreamID{Ms: ms, Seq: seq}, nil
}

// parseStrictID reads an ID where "-" and "+" are not allowed.
func parseStrictID(arg []byte) (tier.StreamID, error) { return parseStreamID(arg, 0, true, nil) }

// parseStreamRangeStart and parseStreamRangeEnd read the bounds of XRANGE,
// XPENDING and XAUTOCLAIM: "-", "+", an ID (a missing seq is 0 at the
// start, the largest at the end), or "(ID", exclusive.
func parseStreamRangeStart(arg []byte) (tier.StreamID, error) {
	id, ex, err := parseIntervalID(arg, 0)
	if err == nil && ex {
		var ok bool
		if id, ok = id.Next(); !ok {
			return id, errStartInterval
		}
	}
	return id, err
}

func parseStreamRangeEnd(arg []byte) (tier.StreamID, error) {
	id, ex, err := parseIntervalID(arg, math.MaxUint64)
	if err == nil && ex {
		var ok bool
		if id, ok = id.Prev(); !ok {
			return id, errEndInterval
		}
	}
	return id, err
}

func parseIntervalID(arg []byte, missingSeq uint64) (tier.StreamID, bool, error) {
	if len(arg) > 1 && arg[0] == '(' {
		id, err := parseStreamID(arg[1:], missingSeq, true, nil)
		return id, true, err
	}
	id, err := parseStreamID(arg, missingSeq, false, nil)
	return id, false, err
}

// string2ull reads an unsigned 64-bit decimal as Redis's string2ull: a
// strict signed integer if it is one (negative ones refused), else what C's
// strtoull accepts whole: leading spaces, a sign ('-' negates modulo 2^64),
// digits, no overflow.
func string2ull(s []byte) (uint64, bool) {
	if n, ok := ParseInteger(s); ok {
		return uint64(n), n >= 0
	}
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i == len(s) {
		return 0, false
	}
	var v uint64
	for ; i < len(s); i++ {
		ch := s[i]
		if ch < '0' || ch > '9' {
			return 0, false
		}
		d := uint64(ch - '0')
		if v > (math.MaxUint64-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	if neg {
		v = -v
	}
	return v, true
}

// parseBlockMillis reads the BLOCK argument of XREAD and XREADGROUP:
// milliseconds, 0 meaning forever.
func parseBlockMillis(arg []byte) (time.Duration, error) {
	n, ok := ParseInteger(arg)
	if !ok {
		return 0, errTimeoutInteger
	}
	if n < 0 {
		return 0, errTimeoutNegative
	}
	if n > int64(math.MaxInt64/time.Millisecond) {
		return 0, nil // as good as forever
	}
	return time.Duration(n) * time.Millisecond, nil
}

// writeStreamID writes id as a bulk string.
func writeStreamID(out Reply, id tier.StreamID) {
	var buf [48]byte
	out.Bulk(id.Append(buf[:0]))
}

// writeEntry writes an entry as [id, [field, value ...]].
func writeEntry(out Reply, id tier.StreamID, pairs [][]byte) {
	out.Array(2)
	writeStreamID(out, id)
	out.Array(len(pairs))
	for _, p := range pairs {
		out.Bulk(p)
	}
}

// formatStreamID is id's "ms-seq" form.
func formatStreamID(id tier.StreamID) string {
	return strconv.FormatUint(id.Ms, 10) + "-" + strconv.FormatUint(id.Seq, 10)
}

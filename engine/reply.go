package engine

// Reply receives exactly one reply per command. The resp package implements
// it for RESP2 and RESP3 (Proto tells which); the engine never writes bytes
// itself, it says what the reply is.
type Reply interface {
	Proto() int
	SimpleString(s string)
	Error(msg string) // the full text, prefix included
	Int(n int64)
	Bulk(b []byte)
	BulkString(s string)
	Null()      // a missing string: $-1 in RESP2, _ in RESP3
	NullArray() // a missing array: *-1 in RESP2, _ in RESP3
	Array(n int)
	Map(n int) // n pairs follow; a flat array of 2n in RESP2
	Set(n int) // an array in RESP2
	Double(f float64)
	Bool(b bool)               // :1/:0 in RESP2
	Verbatim(format, s string) // a bulk string in RESP2
	// Mark and Rewind let the engine take back a reply it wrote before its
	// write failed to commit.
	Mark() int
	Rewind(mark int)
}

// boolInt is the integer reply of a yes/no answer: 1 or 0.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// OK writes +OK.
func OK(out Reply) { out.SimpleString("OK") }

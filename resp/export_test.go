package resp

// EncodeDouble is what writer.Double sends in protocol proto, for the
// external tests that compare it with a real Redis.
func EncodeDouble(proto int, f float64) string {
	w := &writer{proto: proto}
	w.Double(f)
	return string(w.buf)
}

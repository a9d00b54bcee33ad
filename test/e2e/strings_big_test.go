package e2e

import (
	"bytes"
	"context"
	"testing"

	"github.com/tierdb/tierdb/test/testserver"
)

// Big strings (stored in chunks) through go-redis: what writes cost, and
// that they survive DUMP/RESTORE and restarts.

// walBytes is what tierdb has written to its WAL since it started (INFO
// tiering pebble_wal_bytes_written).
func walBytes(t *testing.T, s *testserver.Server) int64 {
	t.Helper()
	return tierInfo(t, s.Client(t), "tiering", "pebble_wal_bytes_written")
}

// Ensure that a SETBIT into a cold 8 MB string, and a SETBIT at the last
// offset of a new key, each write about one chunk to disk, not the string:
// a bitmap costs what changes, and an offset of 2^32-1 does not allocate
// or write 512 MB. The values read back as in Redis.
func TestStringsBig_SetbitCostsAChunk(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	big := bytes.Repeat([]byte("tierdb!\x01"), 1<<20) // 8 MB
	if err := s.Client(t).Set(ctx, "big", big, 0).Err(); err != nil {
		t.Fatal(err)
	}
	s.Restart(t) // big is now only on disk
	c := s.Client(t)
	before := walBytes(t, s)
	if old := c.SetBit(ctx, "big", 8*5_000_000+6, 1).Val(); old != 0 {
		t.Errorf("SETBIT replied %d, the old bit was 0", old)
	}
	if grew := walBytes(t, s) - before; grew > 64<<10 {
		t.Errorf("SETBIT into a cold 8 MB string wrote %d bytes to the WAL", grew)
	}
	big[5_000_000] |= 0x02
	if got, _ := c.Get(ctx, "big").Bytes(); !bytes.Equal(got, big) {
		t.Errorf("GET after SETBIT: %d bytes, not the %d expected", len(got), len(big))
	}

	before = walBytes(t, s)
	c.SetBit(ctx, "far", 1<<32-1, 1)
	if grew := walBytes(t, s) - before; grew > 64<<10 {
		t.Errorf("SETBIT at offset 2^32-1 of a new key wrote %d bytes to the WAL", grew)
	}
	s.Restart(t)
	c = s.Client(t)
	if n := c.StrLen(ctx, "far").Val(); n != 1<<29 {
		t.Errorf("STRLEN far = %d, want %d", n, 1<<29)
	}
	if n := c.BitCount(ctx, "far", nil).Val(); n != 1 {
		t.Errorf("BITCOUNT far = %d, want 1", n)
	}
	if pos := c.BitPos(ctx, "far", 1).Val(); pos != 1<<32-1 {
		t.Errorf("BITPOS far 1 = %d, want %d", pos, int64(1<<32-1))
	}
	if got := c.GetRange(ctx, "far", 1<<29-2, -1).Val(); got != "\x00\x01" {
		t.Errorf("GETRANGE of far's end: %q", got)
	}
}

// Ensure that a big string DUMPed and RESTOREd (under another key, and
// over itself after a restart) keeps every byte, and that OBJECT ENCODING
// calls it raw as Redis does.
func TestStringsBig_DumpRestore(t *testing.T) {
	s := testserver.Start(t, nil)
	ctx := context.Background()
	c := s.Client(t)
	big := bytes.Repeat([]byte("0123456789"), 50_000) // 500 KB
	big[123_456] = 0
	c.Set(ctx, "big", big, 0)
	for round := range 2 {
		payload, err := c.Dump(ctx, "big").Result()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.RestoreReplace(ctx, "copy", 0, payload).Err(); err != nil {
			t.Fatal(err)
		}
		if got, _ := c.Get(ctx, "copy").Bytes(); !bytes.Equal(got, big) {
			t.Errorf("round %d: restored copy has %d bytes, not the %d dumped", round, len(got), len(big))
		}
		if enc := c.ObjectEncoding(ctx, "big").Val(); enc != "raw" {
			t.Errorf("round %d: OBJECT ENCODING big = %q, want raw", round, enc)
		}
		s.Restart(t)
		c = s.Client(t)
	}
}

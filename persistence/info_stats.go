package persistence

import (
	"encoding/binary"

	"github.com/cockroachdb/pebble/v2"
)

// StorageStats are the numbers about Pebble that INFO reports.
type StorageStats struct {
	BlockCacheBytes       int64  // block cache in use
	MemTableBytes         uint64 // memtables, including those being flushed
	DiskBytes             uint64 // every file of the store: WAL, sstables, manifest
	LiveDataBytes         uint64 // live sstables
	CompactionDebtBytes   uint64 // bytes compactions must rewrite to settle the LSM
	CompactionsInProgress int64
	Compactions           int64 // completed since open
	Flushes               int64 // completed since open
	L0Files               int64 // many L0 files slow reads, then writes
	L0Sublevels           int32
	WALBytes              uint64 // logical bytes written to the WAL since open: what writes cost
}

// StorageStats returns the store's current numbers, or zeros once closed.
func (d *DB) StorageStats() StorageStats {
	if d.closed.Load() {
		return StorageStats{}
	}
	m := d.pdb.Metrics()
	return StorageStats{
		BlockCacheBytes:       m.BlockCache.Size,
		MemTableBytes:         m.MemTable.Size,
		DiskBytes:             m.DiskSpaceUsage(),
		LiveDataBytes:         m.Table.Local.LiveSize,
		CompactionDebtBytes:   m.Compact.EstimatedDebt,
		CompactionsInProgress: m.Compact.NumInProgress,
		Compactions:           m.Compact.Count,
		Flushes:               m.Flush.Count,
		L0Files:               m.Levels[0].TablesCount,
		L0Sublevels:           m.Levels[0].Sublevels,
		WALBytes:              m.WAL.BytesIn,
	}
}

// ExpiryStat summarises the expiry index entries of one keyspace.
type ExpiryStat struct {
	Keys      int64 // entries: keys with a TTL
	TTLMillis int64 // sum of their remaining TTLs at the time of the count
}

// ExpiryStats counts the expiry index entries of every keyspace, with the
// sum of their remaining TTLs from now (unix ms; TTLs already due count as
// 0). It reads the expiry index only, never the data, but all of it: its cost
// grows with the number of keys that have a TTL. Entries that a FLUSHDB left
// behind are counted until active expiry removes them.
func (d *DB) ExpiryStats(now int64) (map[uint32]ExpiryStat, error) {
	if d.closed.Load() {
		return nil, ErrClosed
	}
	it, err := d.pdb.NewIter(&pebble.IterOptions{LowerBound: []byte{tagExpiry}, UpperBound: []byte{tagExpiry + 1}})
	if err != nil {
		return nil, err
	}
	out := make(map[uint32]ExpiryStat)
	for valid := it.First(); valid; valid = it.Next() {
		k := it.Key()
		if len(k) < 21 {
			_ = it.Close()
			return nil, ErrCorrupt
		}
		exp := int64(binary.BigEndian.Uint64(k[1:9]))
		phys := binary.BigEndian.Uint32(k[9:13])
		s := out[phys]
		s.Keys++
		if exp > now {
			s.TTLMillis += exp - now
		}
		out[phys] = s
	}
	return out, it.Close()
}

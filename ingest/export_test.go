package ingest

import (
	"crypto/sha256"
	"encoding/hex"
)

// NewItem makes the item of content already in memory (unpacked), for the
// package's tests that have bytes rather than a file.
func NewItem(path string, data []byte) Item {
	sum := sha256.Sum256(data)
	if data == nil {
		data = []byte{}
	}
	return Item{Path: path, Kind: Sniff(data), Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), head: data[:min(len(data), sniffLen)], data: data}
}

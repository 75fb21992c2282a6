//go:build !amd64

package fit

// foldAvailable: crcFold is written for amd64 alone; elsewhere the tables
// serve every write.
const foldAvailable = false

// crcFold is crcBytes where there is no carry-less multiplication.
func crcFold(crc uint32, p []byte, _ *foldKeys) uint32 { return uint32(crcBytes(uint16(crc), p)) }

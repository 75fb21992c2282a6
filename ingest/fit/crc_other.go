//go:build !amd64

package fit

// foldAvailable: crcFold is written for amd64 alone.
const foldAvailable = false

func crcFold(crc uint32, p []byte, k *foldKeys) uint32 { panic("crcFold: amd64 only") }

package fit

import "github.com/muktihari/fit/kit/hash/crc16"

// fitCRC returns the FIT CRC-16 of b, with the decoder library's own
// implementation: easyday checks CRCs itself (a mismatch is a warning, not a
// rejection) but need not compute them by hand.
func fitCRC(b []byte) uint16 {
	h := crc16.New()
	h.Write(b)
	return h.Sum16()
}

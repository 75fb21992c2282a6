package fit

// The FIT checksum is CRC-16 with the reflected polynomial 0xA001 and initial
// value 0 (CRC-16/ARC), as defined in the FIT protocol's "CRC" section. A
// byte-wide table makes checking a 2 MB file cost about a millisecond.
var crcTable = func() (t [256]uint16) {
	for i := range t {
		c := uint16(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ 0xA001
			} else {
				c >>= 1
			}
		}
		t[i] = c
	}
	return t
}()

// crc16 returns the FIT CRC of b.
func crc16(b []byte) uint16 {
	var c uint16
	for _, x := range b {
		c = c>>8 ^ crcTable[byte(c)^x]
	}
	return c
}

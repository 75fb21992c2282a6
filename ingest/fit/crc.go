package fit

import (
	"github.com/muktihari/fit/kit/hash"
	"github.com/muktihari/fit/kit/hash/crc16"
)

// crcTables hold the FIT CRC-16 for slicing by 16: crcTables[0][b] is the
// CRC of byte b from a zero state, made at start-up from the decoder
// library's own implementation, so the polynomial is never written by hand;
// crcTables[k][b] is that CRC carried through k more zero bytes. The library
// works a nibble at a time; sixteen bytes a step check a file several times
// faster (the CRC of every byte read was a tenth of ingest's CPU time, and
// sixteen bytes a step are about 1.3× eight: docs/benchmarks.md).
var crcTables = func() (t [16][256]uint16) {
	for i := range t[0] {
		h := crc16.New()
		h.Write([]byte{byte(i)})
		t[0][i] = h.Sum16()
	}
	for k := 1; k < len(t); k++ {
		for i := range t[k] {
			v := t[k-1][i]
			t[k][i] = v>>8 ^ t[0][byte(v)]
		}
	}
	return t
}()

// crc is the FIT CRC-16 a byte at a time (a reflected CRC: the low byte of
// the state meets the next input byte).
type crc uint16

// newCRC returns a FIT CRC-16 hash.
func newCRC() hash.Hash16 { return new(crc) }

func (c *crc) Write(p []byte) (int, error) {
	n := len(p)
	v := uint16(*c)
	t := &crcTables
	for ; len(p) >= 16; p = p[16:] {
		q := (*[16]byte)(p)
		// The 16-bit state meets the first two bytes of the sixteen.
		v ^= uint16(q[0]) | uint16(q[1])<<8
		v = t[15][byte(v)] ^ t[14][byte(v>>8)] ^ t[13][q[2]] ^ t[12][q[3]] ^
			t[11][q[4]] ^ t[10][q[5]] ^ t[9][q[6]] ^ t[8][q[7]] ^
			t[7][q[8]] ^ t[6][q[9]] ^ t[5][q[10]] ^ t[4][q[11]] ^
			t[3][q[12]] ^ t[2][q[13]] ^ t[1][q[14]] ^ t[0][q[15]]
	}
	for _, b := range p {
		v = v>>8 ^ t[0][byte(v)^b]
	}
	*c = crc(v)
	return n, nil
}

func (c *crc) Sum16() uint16       { return uint16(*c) }
func (c *crc) Sum(b []byte) []byte { return append(b, byte(*c>>8), byte(*c)) }
func (c *crc) Reset()              { *c = 0 }
func (c *crc) Size() int           { return 2 }
func (c *crc) BlockSize() int      { return 1 }

// fitCRC returns the FIT CRC-16 of b.
func fitCRC(b []byte) uint16 {
	h := newCRC()
	h.Write(b)
	return h.Sum16()
}

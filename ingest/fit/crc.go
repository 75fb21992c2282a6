package fit

import (
	"encoding/binary"

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
		// The sixteen bytes as two words, each byte shifted out of them:
		// two loads instead of sixteen.
		lo, hi := binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[8:])
		// The fourteen bytes the state does not meet, XORed as a tree that
		// does not wait for the state: XORed one after the other, in one
		// chain with the state's two, they made each step wait sixteen
		// XORs for the last.
		x := ((t[13][byte(lo>>16)] ^ t[12][byte(lo>>24)]) ^ (t[11][byte(lo>>32)] ^ t[10][byte(lo>>40)])) ^
			((t[9][byte(lo>>48)] ^ t[8][byte(lo>>56)]) ^ (t[7][byte(hi)] ^ t[6][byte(hi>>8)])) ^
			(((t[5][byte(hi>>16)] ^ t[4][byte(hi>>24)]) ^ (t[3][byte(hi>>32)] ^ t[2][byte(hi>>40)])) ^
				(t[1][byte(hi>>48)] ^ t[0][byte(hi>>56)]))
		// The 16-bit state meets the first two bytes of the sixteen.
		v ^= uint16(lo)
		v = x ^ (t[15][byte(v)] ^ t[14][byte(v>>8)])
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

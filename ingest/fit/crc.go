package fit

import (
	"encoding/binary"
	"math/bits"

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

// crc is the FIT CRC-16 (a reflected CRC: the low byte of the state meets
// the next input byte). Where the CPU multiplies without carries (amd64
// with PCLMULQDQ) the bulk of a long write is folded 64 bytes at a time
// (crcFold, about 12 GB/s against the tables' 2.5–3.6: docs/benchmarks.md),
// and the tables take the rest.
type crc uint16

// newCRC returns a FIT CRC-16 hash.
func newCRC() hash.Hash16 { return new(crc) }

func (c *crc) Write(p []byte) (int, error) {
	n := len(p)
	v := uint16(*c)
	if foldAvailable && len(p) >= foldMin {
		m := len(p) &^ 15
		v = uint16(crcFold(uint32(v), p[:m], &keys))
		p = p[m:]
	}
	*c = crc(crcBytes(v, p))
	return n, nil
}

// foldMin is the shortest input crcFold takes: it folds four lanes of 16
// bytes.
const foldMin = 64

// crcBytes is the FIT CRC-16 of p from state v by the tables.
func crcBytes(v uint16, p []byte) uint16 {
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
	return v
}

// foldKeys are crcFold's constants. A CRC-16 of polynomial P is the low
// 16 bits of the reflected CRC-32 of polynomial Q = P·x^16 (every
// remainder mod Q is a multiple of x^16, the CRC-16 times x^16), so the
// 32-bit method applies as it is: kN are x^e mod Q for the distances
// folded (e = 4·128±32: 64 bytes ahead; 128±32: 16 bytes; 64: 8), in the
// method's reflected, shifted form; px and mu are Q and ⌊x^64/Q⌋ for
// Barrett's reduction. The layout is what crc_amd64.s loads.
type foldKeys struct {
	k1, k2 uint64
	k3, k4 uint64
	k5, _  uint64
	px, mu uint64
}

// keys are made from the tables, so from the library's CRC: the table's
// entry for 0x80 is the reflected polynomial.
var keys = func() foldKeys {
	p := uint64(1)<<16 | uint64(reflectBits(uint64(crcTables[0][0x80]), 16))
	q := p << 16                 // degree 32
	xmod := func(e int) uint64 { // x^e mod Q, in the method's form
		r := uint64(1)
		for range e {
			if r <<= 1; r>>32&1 == 1 {
				r ^= q
			}
		}
		return reflectBits(r<<32, 64) << 1
	}
	var quo, rem uint64 // ⌊x^64/Q⌋ by long division
	for i := 64; i >= 0; i-- {
		rem, quo = rem<<1, quo<<1
		if i == 64 {
			rem |= 1
		}
		if rem>>32&1 == 1 {
			rem ^= q
			quo |= 1
		}
	}
	return foldKeys{
		k1: xmod(4*128 + 32), k2: xmod(4*128 - 32),
		k3: xmod(128 + 32), k4: xmod(128 - 32),
		k5: xmod(64),
		px: reflectBits(q, 33), mu: reflectBits(quo, 33),
	}
}()

// reflectBits returns the low n bits of v in reverse order.
func reflectBits(v uint64, n int) uint64 {
	return bits.Reverse64(v) >> (64 - n)
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

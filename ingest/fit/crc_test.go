package fit

import (
	"math/rand/v2"
	"testing"

	"github.com/muktihari/fit/kit/hash/crc16"
)

// The byte table gives the library's CRC for every length and content, also
// when the data arrives in pieces.
func TestCRCMatchesLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 600 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		lib := crc16.New()
		lib.Write(b)
		if got, want := fitCRC(b), lib.Sum16(); got != want {
			t.Fatalf("fitCRC(%d random bytes) = %#04x, want %#04x (the library's)", n, got, want)
		}
		h := newCRC()
		cut := n / 3
		h.Write(b[:cut])
		h.Write(b[cut:])
		if got, want := h.Sum16(), lib.Sum16(); got != want {
			t.Fatalf("CRC of %d bytes written in two pieces = %#04x, want %#04x", n, got, want)
		}
		if got, want := string(h.Sum(nil)), string(lib.Sum(nil)); got != want {
			t.Fatalf("Sum of %d bytes = %x, want %x", n, got, want)
		}
	}
}

// Carry-less folding (crcFold, where the CPU has it) gives what the tables
// give, from any state, for every length it takes.
func TestCRCFoldMatchesTables(t *testing.T) {
	if !foldAvailable {
		t.Skip("this CPU has no carry-less multiplication (or this is not amd64): the tables serve alone")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	b := make([]byte, 70_000)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	for range 3000 {
		n := foldMin + 16*rng.IntN((len(b)-foldMin)/16)
		if rng.IntN(4) == 0 {
			n = foldMin + 16*rng.IntN(8) // the shortest, and the folds of four lanes alone
		}
		at := rng.IntN(len(b) - n + 1)
		v := uint16(rng.UintN(1 << 16))
		if got, want := uint16(crcFold(uint32(v), b[at:at+n], &keys)), crcBytes(v, b[at:at+n]); got != want {
			t.Fatalf("crcFold(%#04x, %d bytes at %d) = %#04x, want %#04x (the tables')", v, n, at, got, want)
		}
	}
}

func BenchmarkCRC(b *testing.B) {
	data := make([]byte, 1<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	b.Run("table", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			crcBytes(0, data)
		}
	})
	b.Run("fold", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			fitCRC(data)
		}
	})
	b.Run("fold-50KB", func(b *testing.B) {
		b.SetBytes(50_000)
		for b.Loop() {
			fitCRC(data[:50_000])
		}
	})
	b.Run("library", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			h := crc16.New()
			h.Write(data)
		}
	})
}

package fit

import (
	"errors"
	"io"
	"testing"
	"time"

	"easyday/internal/fitgen"
)

// memFile is an in-memory io.WriteSeeker for the streaming encoder.
type memFile struct {
	b   []byte
	pos int
}

func (m *memFile) Write(p []byte) (int, error) {
	if end := m.pos + len(p); end > len(m.b) {
		m.b = append(m.b, make([]byte, end-len(m.b))...)
	}
	m.pos += copy(m.b[m.pos:], p)
	return len(p), nil
}

func (m *memFile) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		m.pos = int(off)
	case io.SeekCurrent:
		m.pos += int(off)
	case io.SeekEnd:
		m.pos = len(m.b) + int(off)
	}
	if m.pos < 0 {
		return 0, errors.New("negative position")
	}
	return int64(m.pos), nil
}

// BenchmarkDecodeLarge decodes a generated 40 MB single-session ride (about
// 1.4 million records of what a head unit writes each second). Run with
// -benchmem: B/op is what one Decode allocates, the file itself excluded.
func BenchmarkDecodeLarge(b *testing.B) {
	var f memFile
	if err := fitgen.WriteLarge(&f, time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC), 40<<20); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(f.b)))
	b.ReportAllocs()
	for b.Loop() {
		recs, err := Decode(f.b)
		if err != nil || len(recs) != 1 {
			b.Fatalf("Decode(large) = %d recordings, %v", len(recs), err)
		}
		b.ReportMetric(float64(len(recs[0].Samples)), "samples")
	}
}

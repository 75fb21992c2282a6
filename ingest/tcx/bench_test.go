package tcx

import (
	"os"
	"path/filepath"
	"testing"

	"easyday/internal/corpus"
)

// BenchmarkDecode decodes the largest corpus file (3.3 MB, 5,166
// trackpoints: a Forerunner 935 ride exported by Garmin Connect).
func BenchmarkDecode(b *testing.B) {
	data := corpus.ReadFile(b, "tcx/sweatpy__activity_4801048867.tcx")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeFixture decodes a small fixture of the project's own, so
// there is a number to compare even without the corpus.
func BenchmarkDecodeFixture(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(fixtures, "ns-watts.tcx"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

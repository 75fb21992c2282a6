package gpx

import (
	"bytes"
	"testing"
	"time"

	"easyday/internal/fitgen"
)

// BenchmarkDecodeReader decodes a generated 10-hour ride at 1 s (36,000
// points with elevation, heart rate, cadence and power: about 9 MB, the
// size of a long Strava export) from a stream. B/op is what the decoder
// allocates per document; the samples it keeps are 48 bytes each.
func BenchmarkDecodeReader(b *testing.B) {
	pts := fitgen.North(45.8, 6.9, 0, 36_000, time.Second, 8)
	for i := range pts {
		pts[i].Ele, pts[i].HasEle = 1000+float64(i%500), true
		pts[i].HR, pts[i].Cad, pts[i].Power = 120+i%50, 85, 180+i%90
	}
	data := fitgen.BuildGPX(fitgen.GPX{Creator: "StravaGPX", Start: time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC),
		TPX: 1, TPXPrefix: "gpxtpx", Tracks: []fitgen.GPXTrack{{Type: "cycling", Segments: [][]fitgen.GPXPoint{pts}}}})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		recs, err := DecodeReader(bytes.NewReader(data))
		if err != nil || len(recs) != 1 || len(recs[0].Samples) != len(pts) {
			b.Fatalf("DecodeReader = %d recordings, %v; want 1 of %d samples", len(recs), err, len(pts))
		}
	}
}

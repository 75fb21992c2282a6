package gpx

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// A track of more track points than easyday reads keeps the first
// maxRecords, says how many the file held, and keeps the timer the whole
// file gives: exactly what reading every trackpoint and then cutting the
// samples gives, without holding the rest.
func TestSampleCap(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtures, "*.gpx"))
	if err != nil {
		t.Fatal(err)
	}
	capped := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := Decode(data)
		if err != nil {
			continue // rejected and skipped files have no samples to cap
		}
		for _, limit := range []int{1, 2, 3, 7} {
			want := make([]easyday.Recording, len(whole))
			for i, r := range whole {
				if n := len(r.Samples); n > limit {
					r.Samples = r.Samples[:limit:limit]
					r.Warnings = append(append([]easyday.Warning(nil), r.Warnings...), easyday.TooManyRecords(n, limit))
					capped++
				}
				want[i] = r
			}
			maxRecords = limit
			got, err := Decode(data)
			maxRecords = easyday.MaxRecords
			if err != nil {
				t.Fatalf("%s, at most %d: %v", filepath.Base(f), limit, err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%s, at most %d samples (-cut after reading, +capped while reading):\n%s", filepath.Base(f), limit, d)
			}
		}
	}
	if capped < 10 {
		t.Fatalf("only %d recordings were capped: the fixtures no longer try the cap", capped)
	}
}

// Package trackxmltest holds the checks the TCX and GPX decoders' tests
// share: both cap their samples through trackxml.SampleCap, and one check
// says for both that the cap changes nothing but what it must.
package trackxmltest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// CheckSampleCap decodes every file matching pattern with the records cap
// lowered (setMax) to a few small limits, and checks that each recording
// equals the uncapped one cut after reading: the first limit samples, the
// same timer and summary, and the cap's warning last. Files the decoder
// rejects or skips are passed over; the check fails when the fixtures no
// longer reach the cap.
func CheckSampleCap(t *testing.T, pattern string, decode func([]byte) ([]easyday.Recording, error), setMax func(int)) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	capped := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := decode(data)
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
			setMax(limit)
			got, err := decode(data)
			setMax(easyday.MaxRecords)
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

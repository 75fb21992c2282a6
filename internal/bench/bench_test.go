package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/ingest/fit"
)

// TestGenerateDeterministic: the same size gives the same bytes, and every
// file decodes to the activity it was meant to be.
func TestGenerateDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	ga, err := Generate(a, 8)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(b, 8); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(a, "*"))
	if len(names) != 8 || ga.Files != 8 {
		t.Fatalf("Generate(8) wrote %d files (reported %d), want 8", len(names), ga.Files)
	}
	gz := 0
	for i, n := range names {
		x, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, filepath.Base(n)))
		if err != nil || !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two runs (%v)", filepath.Base(n), err)
		}
		if strings.HasSuffix(n, ".gz") {
			gz++
			continue
		}
		recs, err := fit.Decode(x)
		if err != nil || len(recs) != 1 {
			t.Fatalf("fit.Decode(%s) = %d recordings, %v; want 1", filepath.Base(n), len(recs), err)
		}
		wantSport := easyday.Running
		if i%4 == int(ridePower) {
			wantSport = easyday.Cycling
		}
		if recs[0].Sport != wantSport || len(recs[0].Samples) < 45*60/5 {
			t.Errorf("%s: sport %s with %d samples, want %s with a sample at least every 5 s", filepath.Base(n), recs[0].Sport, len(recs[0].Samples), wantSport)
		}
	}
	if gz != 1 {
		t.Errorf("%d of 8 files gzipped, want 1 (every fifth)", gz)
	}
}

// TestMeasureSmoke runs the whole benchmark at a tiny size, as `make bench`
// does at full size, and checks that every row of the table is there.
func TestMeasureSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two binaries; skipped with -short")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Files: 6, ShortFiles: 4, Runs: 1, Settle: 200 * time.Millisecond, Work: t.TempDir(), Repo: repo, Log: &bytes.Buffer{}}
	r, err := Measure(o)
	if err != nil {
		t.Fatalf("Measure: %v\n%s", err, o.Log)
	}
	r.SDKNote = "left out"
	var b strings.Builder
	r.Markdown(&b, o)
	for _, row := range []string{"one core", "checksums verified", "`easyday ingest` into an empty history", "against the fastest floor", "per record",
		"6 files, no .fit.gz", "4 files, one-minute files", "Garmin", "files/s", "peak RSS", "nothing new", "`easyday report`", "settle +", "bytes per activity"} {
		if !strings.Contains(b.String(), row) {
			t.Errorf("table has no %q row:\n%s", row, b.String())
		}
	}
	if len(r.Sets) != 3 {
		t.Fatalf("Measure measured %d archives, want 3 (gzip, plain, short)", len(r.Sets))
	}
	for _, s := range r.Sets {
		if s.Ingest.Median <= 0 || s.Raw.Median <= 0 || s.RawCRC.Median <= 0 || s.IngestRSS.Median <= 0 || s.Archive.Records <= 0 {
			t.Errorf("Measure gave empty figures for %s: %+v", s.Name, s)
		}
	}
	if r.DBBytes <= 0 {
		t.Errorf("Measure gave no history size: %+v", r)
	}
}

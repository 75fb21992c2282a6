package bench

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
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
	// -pgo=off: a profile-guided build would compile every dependency
	// of easyday (SQLite's C included) apart from the ones vet and the
	// other tests build, as make test builds them.
	o := Options{Files: 6, TenYears: 8, ShortFiles: 4, Runs: 1, Settle: 200 * time.Millisecond, Work: t.TempDir(), Bin: binDir(t, repo),
		BuildFlags: []string{"-pgo=off"}, Repo: repo, Log: &bytes.Buffer{}}
	r, err := Measure(o)
	if err != nil {
		t.Fatalf("Measure: %v\n%s", err, o.Log)
	}
	r.SDKNote = "left out"
	var b strings.Builder
	r.Markdown(&b, o)
	for _, row := range []string{"one core", "checksums verified", "`easyday ingest` into an empty history", "against the fastest floor", "per record",
		"6 files, no .fit.gz", "8 files, ten years of daily training", "4 files, one-minute files", "Garmin", "files/s", "peak RSS", "nothing new", "`easyday report`", "settle +", "bytes per activity"} {
		if !strings.Contains(b.String(), row) {
			t.Errorf("table has no %q row:\n%s", row, b.String())
		}
	}
	if len(r.Sets) != 4 {
		t.Fatalf("Measure measured %d archives, want 4 (gzip, plain, ten years, short)", len(r.Sets))
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

// binDir is where the smoke test builds its binaries: a folder of the
// user's cache kept between runs, one per checkout, so that go build finds
// them up to date and links only what changed (a fresh folder costs a full
// link of both, most of the smoke test's time). Without a cache folder, a
// temporary one.
func binDir(t *testing.T, repo string) string {
	cache, err := os.UserCacheDir()
	if err != nil {
		return t.TempDir()
	}
	sum := sha256.Sum256([]byte(repo))
	dir := filepath.Join(cache, "easyday-test", fmt.Sprintf("bench-%x", sum[:6]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return t.TempDir()
	}
	return dir
}

// TestGenerateShapes: the plain archive holds the main archive's files
// uncompressed, byte for byte, and a one-minute file holds a minute of
// records.
func TestGenerateShapes(t *testing.T) {
	gzDir, plainDir, shortDir := t.TempDir(), t.TempDir(), t.TempDir()
	ga, err := GenerateShape(gzDir, Shape{Files: 5, Gzip: true})
	if err != nil {
		t.Fatal(err)
	}
	pa, err := GenerateShape(plainDir, Shape{Files: 5})
	if err != nil {
		t.Fatal(err)
	}
	if ga.Records != pa.Records || ga.Hours != pa.Hours || pa.Bytes <= ga.Bytes {
		t.Errorf("plain archive %+v against the gzipped %+v: want the same records and hours in more bytes", pa, ga)
	}
	names, _ := filepath.Glob(filepath.Join(gzDir, "*"))
	for _, n := range names {
		x, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(n, ".gz") {
			z, err := gzip.NewReader(bytes.NewReader(x))
			if err != nil {
				t.Fatal(err)
			}
			if x, err = io.ReadAll(z); err != nil {
				t.Fatal(err)
			}
		}
		y, err := os.ReadFile(filepath.Join(plainDir, strings.TrimSuffix(filepath.Base(n), ".gz")))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s: the plain archive's copy differs (%v)", filepath.Base(n), err)
		}
	}
	sa, err := GenerateShape(shortDir, Shape{Files: 2, Seconds: ShortSeconds})
	if err != nil {
		t.Fatal(err)
	}
	names, _ = filepath.Glob(filepath.Join(shortDir, "*.fit"))
	if len(names) != 2 {
		t.Fatalf("short archive has %d .fit files, want 2", len(names))
	}
	x, err := os.ReadFile(names[0])
	if err != nil {
		t.Fatal(err)
	}
	recs, err := fit.Decode(x)
	if err != nil || len(recs) != 1 || len(recs[0].Samples) != ShortSeconds {
		t.Fatalf("fit.Decode(%s) = %d recordings, %v; want one of %d samples", filepath.Base(names[0]), len(recs), err, ShortSeconds)
	}
	if sa.Records != 2*ShortSeconds {
		t.Errorf("short archive counts %d records, want %d", sa.Records, 2*ShortSeconds)
	}
}

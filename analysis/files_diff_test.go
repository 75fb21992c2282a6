package analysis_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"easyday"
	"easyday/analysis"
	"easyday/ingest"
	"easyday/internal/bench"
	"easyday/internal/corpus"
)

// profiles are the athletes real files are analysed with: thresholds with
// and without FTP and threshold pace, one set dated after most files, and
// none at all.
func profiles() []easyday.Profile {
	athlete := easyday.Athlete{Sex: "male", RestingHR: 50, MaxHR: 190, DistanceUnit: "km"}
	full := easyday.Thresholds{From: easyday.MakeDate(2000, 1, 1), RunLTHR: 170, BikeLTHR: 165, FTP: 250, RunThresholdPace: 270}
	hrOnly := easyday.Thresholds{From: easyday.MakeDate(2000, 1, 1), RunLTHR: 160, BikeLTHR: 155}
	late := easyday.Thresholds{From: easyday.MakeDate(2025, 1, 1), RunLTHR: 175, BikeLTHR: 170, FTP: 300, RunThresholdPace: 240}
	return []easyday.Profile{
		{Athlete: athlete, Thresholds: []easyday.Thresholds{full}, Location: time.UTC},
		{Athlete: easyday.Athlete{Sex: easyday.Female, RestingHR: 55, MaxHR: 185}, Thresholds: []easyday.Thresholds{hrOnly, late}, Location: time.FixedZone("W", -7*3600)},
		{Athlete: athlete},
	}
}

// recordings decodes every activity file under path (folders, archives and
// compressed files as ingest reads them); files that are not activities or
// that are rejected are left out: they have nothing to analyse.
func recordings(t testing.TB, path string) map[string][]easyday.Recording {
	t.Helper()
	out := map[string][]easyday.Recording{}
	err := filepath.WalkDir(path, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return ingest.Open(context.Background(), file, func(it ingest.Item) error {
			recs, err := ingest.Decode(it)
			if err != nil {
				return nil // not an activity, or rejected: nothing to analyse
			}
			out[it.Path] = recs
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// compareFiles checks Analyze and Recompute against the reference on every
// recording of files, with every profile.
func compareFiles(t *testing.T, files map[string][]easyday.Recording) {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("no activity files decoded")
	}
	n := 0
	for path, recs := range files {
		for i, rec := range recs {
			for j, p := range profiles() {
				a, want := analysis.Analyze(rec, p), analysis.RefAnalyze(rec, p)
				if ok, why := analysis.SameActivity(a, want); !ok {
					t.Errorf("%s session %d, profile %d: Analyze differs from the reference: %s", path, i, j, why)
					continue
				}
				q := profiles()[(j+1)%3]
				if ok, why := analysis.SameActivity(analysis.Recompute(a, q), analysis.RefRecompute(a, q)); !ok {
					t.Errorf("%s session %d, profile %d: Recompute differs from the reference: %s", path, i, j, why)
				}
				n++
			}
			segs, dropped := analysis.Timeline(rec)
			rsegs, rdropped := analysis.RefTimeline(rec)
			if ok, why := analysis.BitEqual(segs, rsegs); !ok || dropped != rdropped {
				t.Errorf("%s session %d: Timeline differs from the reference: %s", path, i, why)
			}
		}
	}
	t.Logf("%d files, %d analyses compared", len(files), n)
}

// TestFixturesMatchReference compares the project's fixture files.
func TestFixturesMatchReference(t *testing.T) {
	compareFiles(t, recordings(t, filepath.Join("..", "testdata")))
}

// TestCorpusMatchesReference compares the real device files of the shared
// corpus; it skips when the corpus is absent and fails then under CI.
func TestCorpusMatchesReference(t *testing.T) {
	files := map[string][]easyday.Recording{}
	for _, dir := range []string{"fit", "tcx"} {
		for k, v := range recordings(t, corpus.Path(t, dir)) {
			files[k] = v
		}
	}
	compareFiles(t, files)
}

// TestBenchArchiveMatchesReference compares files of the benchmark archive:
// each of its workout shapes, several times.
func TestBenchArchiveMatchesReference(t *testing.T) {
	dir := t.TempDir()
	if _, err := bench.Generate(dir, 12); err != nil {
		t.Fatal(err)
	}
	compareFiles(t, recordings(t, dir))
}

// archiveRecordings generates n files of the benchmark archive and decodes
// them.
func archiveRecordings(b *testing.B, n int) []easyday.Recording {
	dir, err := os.MkdirTemp("", "analysis-bench")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if _, err := bench.Generate(dir, n); err != nil {
		b.Fatal(err)
	}
	var recs []easyday.Recording
	for _, r := range recordings(b, dir) {
		recs = append(recs, r...)
	}
	return recs
}

// BenchmarkAnalyzeArchive analyses 40 files of the benchmark archive (runs
// at 1 s with heart rate, rides with power, smart-recording runs, paused
// runs) with thresholds that give every load: the mix ingest meets.
func BenchmarkAnalyzeArchive(b *testing.B) {
	recs := archiveRecordings(b, 40)
	p := profiles()[0]
	samples := 0
	for _, r := range recs {
		samples += len(r.Samples)
	}
	cpu := analysis.ProcessCPU()
	for b.Loop() {
		for _, r := range recs {
			analysis.Analyze(r, p)
		}
	}
	analysis.ReportCPU(b, cpu)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(samples), "ns/sample")
}

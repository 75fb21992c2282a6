package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
	"easyday/analysis"
	"easyday/history/historytest"
	"easyday/ingest"
	"easyday/internal/fitgen"
)

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// A run stored before streams kept distance is analysed again from its
// original file; when the file is gone or changed, recompute says so and
// keeps the numbers it has. (Moved from cmd/easyday/pace_test.go with the
// re-read itself.)
func TestRereadOriginalFile(t *testing.T) {
	src := fixture(t, "metrics/pace-hilly-1hz.fit")
	p, rec := decodeFile(t, "run.fit", src)
	prof := profile()
	prof.Thresholds[0].RunThresholdPace = 240 // 4:00/km
	pl, _, _ := newTest(t, t.TempDir())
	pl.profile = prof
	sum := sha256.Sum256(src)
	// As a version 1 history holds it: heart rate and power only.
	old := analysis.Analyze(rec, prof)
	want := old
	old.ID, old.SHA256, old.Source, old.MetricsVersion = 7, hex.EncodeToString(sum[:]), p, 1
	old.NGPSPerKm, old.PaceLoad, old.Load, old.LoadSource = nil, nil, 0, easyday.LoadNone
	v1 := make([]easyday.Segment, 0, len(old.Segments))
	for _, s := range old.Segments {
		if s.Dur > 0 {
			v1 = append(v1, easyday.Segment{Dur: s.Dur, HR: s.HR, Power: s.Power, Distance: easyday.Missing, Altitude: easyday.Missing, Step: s.Dur})
		}
	}
	old.Segments = v1
	if !needsFile(old) {
		t.Fatal("needsFile(run with a version 1 stream) = false")
	}
	if b := analysis.Recompute(old, prof); b.PaceLoad != nil || b.LoadSource != easyday.LoadNone {
		t.Fatalf("Recompute(v1 stream) = %v (%s), want no pace load", val(b.PaceLoad), b.LoadSource)
	}

	got, err := pl.reread(t.Context(), old)
	if err != nil {
		t.Fatalf("reread = %v", err)
	}
	if got.ID != 7 || got.LoadSource != easyday.LoadPace || got.Load != want.Load || val(got.NGPSPerKm) != val(want.NGPSPerKm) {
		t.Errorf("reread = #%d load %v (%s) NGP %v, want #7 %v (pace) %v", got.ID, got.Load, got.LoadSource, val(got.NGPSPerKm), want.Load, val(want.NGPSPerKm))
	}
	if needsFile(easyday.Activity{Sport: easyday.Cycling, DistanceM: 1000, MetricsVersion: 1}) {
		t.Error("needsFile(ride) = true, want false: pace load is for runs")
	}

	if err := os.WriteFile(p, append(src, 0), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := pl.reread(t.Context(), old); !errors.Is(err, errFileChanged) {
		t.Errorf("reread(changed file) = %v, want errFileChanged", err)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if _, err := pl.reread(t.Context(), old); !errors.Is(err, errFileGone) {
		t.Errorf("reread(removed file) = %v, want errFileGone", err)
	}
}

// Recompute reads an activity without a stream again through the same
// guard as ingest: a decoder's panic names the activity and its file
// instead of stopping the command, a result the history refuses names it
// too, both keep their numbers, and the others are recomputed and stored.
func TestRecomputeOneActivityNeverStopsIt(t *testing.T) {
	dir := t.TempDir()
	inboxDir := filepath.Join(dir, "inbox")
	files := map[string][]byte{}
	for name, demo := range map[string]string{"a.fit": "2026-10-01-run", "b.fit": "2026-10-03-ride", "c.fit": "2026-10-04-run"} {
		files[name] = fixture(t, "demo/"+demo+".fit")
	}
	put(t, inboxDir, files)
	p, st, db := newTest(t, dir)
	if _, err := p.Paths(context.Background(), []string{inboxDir}, nil); err != nil {
		t.Fatal(err)
	}
	stored, err := st.Activities(context.Background(), time.Time{}, time.Time{}, false)
	if err != nil || len(stored) != 3 {
		t.Fatalf("Activities = %d, %v; want 3", len(stored), err)
	}
	bySource := map[string]easyday.Activity{}
	for _, a := range stored {
		bySource[filepath.Base(a.Source)] = a
		if err := historytest.DropStream(context.Background(), db, a.ID); err != nil {
			t.Fatal(err)
		}
	}

	p = New(st, Config{Profile: profile()})
	p.readItem = panicsOn("a.fit")
	p.analyze = func(r easyday.Recording, prof easyday.Profile) easyday.Activity {
		a := analysis.Analyze(r, prof)
		if r.Start.Format("2006-01-02") == "2026-10-03" {
			a.Segments[len(a.Segments)/2].Step = 80 * 365.25 * 86400 // the stream encoder refuses it
		}
		return a
	}
	res, err := p.Recompute(context.Background(), easyday.Date(0))
	if err != nil {
		t.Fatalf("Recompute = %v, want nil: no activity stops it", err)
	}
	if res.Activities != 3 || res.Kept != 1 || res.Refused != 1 || res.Restreamed != 1 || res.Rejected() != 2 {
		t.Errorf("Recompute = %d activities, %d kept, %d refused, %d read again, %d rejected; want 3, 1, 1, 1, 2",
			res.Activities, res.Kept, res.Refused, res.Restreamed, res.Rejected())
	}
	notes := map[string]RecomputeNote{}
	for _, n := range res.Notes {
		notes[filepath.Base(n.Old.Source)] = n
	}
	if n := notes["a.fit"]; n.Kind != NoStream || !n.Streamless || !n.Rejected() || n.Err == nil ||
		!strings.Contains(n.Err.Error(), "decoder failed on this file") || !strings.Contains(n.Err.Error(), "a.fit") {
		t.Errorf("a.fit: %+v, want not recomputed, the decoder's failure named with the file", n)
	}
	if n := notes["b.fit"]; n.Kind != NotStored || !n.Rejected() || n.Err == nil || !strings.Contains(n.Err.Error(), "timestamps 80 years apart") {
		t.Errorf("b.fit: %+v, want not stored, saying why", n)
	}
	if n, ok := notes["c.fit"]; ok {
		t.Errorf("c.fit: %+v, want nothing to say: read again, unchanged", n)
	}
	streamless, err := st.Streamless(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	after, err := st.Activities(context.Background(), time.Time{}, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range after {
		name := filepath.Base(a.Source)
		if before := bySource[name]; !a.SameMetrics(before) {
			t.Errorf("%s: load %v (%s) after, %v (%s) before; want the numbers kept", name, a.Load, a.LoadSource, before.Load, before.LoadSource)
		}
		if got, want := streamless[a.ID], name != "c.fit"; got != want {
			t.Errorf("%s: streamless %v after recompute, want %v", name, got, want)
		}
	}
}

// panicsOn is ingest.Read, but for a file named name, on which it panics
// as a decoder's bug would.
func panicsOn(name string) func(ingest.Item) (ingest.Result, error) {
	return func(it ingest.Item) (ingest.Result, error) {
		if filepath.Base(it.Path) == name {
			var m map[string]int
			//lint:ignore SA5000 a nil map write is the real runtime panic this test needs
			m["boom"]++
		}
		return ingest.Read(it)
	}
}

// A GPX stored before its distance left out position faults (metrics
// version 6, docs/metrics.md §1.1) holds in its stream the distance one
// wild fix gave it: recompute reads it again from its file, whose distance
// is now plausible. A GPX computed by version 6 and a FIT are recomputed
// from their streams.
func TestRereadOldGPXDistance(t *testing.T) {
	pts := fitgen.North(51.5, -0.1, 0, 1801, time.Second, 3)
	pts[900].Lat, pts[900].Lon = 0, 0 // one fix at (0,0)
	src := fitgen.BuildGPX(fitgen.GPX{Creator: "easyday test", Start: time.Date(2026, 6, 1, 7, 0, 0, 0, time.UTC),
		Tracks: []fitgen.GPXTrack{{Type: "running", Segments: [][]fitgen.GPXPoint{pts}}}})
	p, rec := decodeFile(t, "run.gpx", src)
	prof := profile()
	prof.Thresholds[0].RunThresholdPace = 240
	pl, _, _ := newTest(t, t.TempDir())
	pl.profile = prof
	want := analysis.Analyze(rec, prof)
	if want.DistanceM < 5390 || want.DistanceM > 5400 || want.PaceLoad == nil || *want.PaceLoad > 100 {
		t.Fatalf("Analyze = %.1f m, pace load %v; want about 5,394 m and a plausible load", want.DistanceM, val(want.PaceLoad))
	}
	// As version 5 stored it: the two steps to and from the fix in its
	// stream's distance.
	sum := sha256.Sum256(src)
	old := want
	old.ID, old.SHA256, old.Source, old.MetricsVersion = 9, hex.EncodeToString(sum[:]), p, 5
	old.Segments = append([]easyday.Segment(nil), want.Segments...)
	for i := range old.Segments {
		if i >= len(old.Segments)/2 && old.Segments[i].Distance != easyday.Missing {
			old.Segments[i].Distance += 11_456_000
		}
	}
	old.DistanceM += 11_456_000
	if !needsFile(old) {
		t.Fatal("needsFile(GPX of version 5) = false")
	}
	got, err := pl.reread(t.Context(), old)
	if err != nil {
		t.Fatalf("reread = %v", err)
	}
	if got.ID != 9 || got.DistanceM != want.DistanceM || val(got.PaceLoad) != val(want.PaceLoad) {
		t.Errorf("reread = #%d %.1f m pace load %v, want #9 %.1f m %v", got.ID, got.DistanceM, val(got.PaceLoad), want.DistanceM, val(want.PaceLoad))
	}
	old.MetricsVersion = easyday.MetricsVersion
	if needsFile(old) {
		t.Error("needsFile(GPX of this version) = true, want false")
	}
	if needsFile(easyday.Activity{Format: easyday.FormatFIT, Sport: easyday.Cycling, DistanceM: 1000, MetricsVersion: 5}) {
		t.Error("needsFile(FIT ride of version 5) = true, want false")
	}
}

// decodeFile writes src to a file named name and decodes it as ingest
// reads it from disk: the path and its one recording.
func decodeFile(t *testing.T, name string, src []byte) (string, easyday.Recording) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	var recs []easyday.Recording
	err := ingest.Open(context.Background(), path, func(it ingest.Item) error {
		var err error
		recs, err = ingest.Decode(it)
		return err
	})
	if err != nil || len(recs) != 1 {
		t.Fatalf("Decode(%s) = %d recordings, %v; want 1", name, len(recs), err)
	}
	return path, recs[0]
}

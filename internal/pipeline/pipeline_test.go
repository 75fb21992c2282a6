package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
	"easyday/history"
	"easyday/ingest"
	"easyday/internal/inbox"
)

// testdata is the project's generated fixtures (see internal/fitgen).
const testdata = "../../testdata"

func profile() easyday.Profile {
	return easyday.Profile{
		Athlete:    easyday.Athlete{Sex: "male", RestingHR: 50, MaxHR: 190, DistanceUnit: "km"},
		Thresholds: []easyday.Thresholds{{From: easyday.MakeDate(2020, time.January, 1), RunLTHR: 170, BikeLTHR: 165, FTP: 250}},
		Location:   time.UTC,
	}
}

// fixture reads a file of the project's testdata.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// put writes files (name → content) into dir.
func put(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// newTest opens a fresh history in dir and a pipeline on it.
func newTest(t *testing.T, dir string) (*Pipeline, *history.Store, string) {
	t.Helper()
	db := filepath.Join(dir, "history.db")
	st, err := history.Open(context.Background(), db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st, Config{Profile: profile(), Database: db, Reports: filepath.Join(dir, "reports")}), st, db
}

// counts is what a run did, as the commands report it.
type counts struct {
	ingested, duplicate, skipped, rejected, known int
}

func countsOf(p *Pipeline) counts {
	return counts{
		ingested:  p.Count(easyday.StatusIngested),
		duplicate: p.Count(easyday.StatusDuplicate),
		skipped:   p.Count(easyday.StatusSkipped),
		rejected:  p.Count(easyday.StatusRejected),
		known:     p.Known(),
	}
}

func TestPaths(t *testing.T) {
	run := fixture(t, "demo/2026-10-01-run.fit")
	ride := fixture(t, "demo/2026-10-03-ride.fit")
	for _, tc := range []struct {
		name     string
		files    map[string][]byte // in the inbox
		want     counts
		rejected []string // reasons, in path order; each must contain its text
	}{
		{"one activity", map[string][]byte{"a.fit": run}, counts{ingested: 1}, nil},
		{"two activities", map[string][]byte{"a.fit": run, "sub/b.fit": ride}, counts{ingested: 2}, nil},
		{"same content twice", map[string][]byte{"a.fit": run, "copy.fit": run}, counts{ingested: 1, duplicate: 1}, nil},
		{"settings file", map[string][]byte{"s.fit": fixture(t, "quirks/settings.fit")}, counts{skipped: 1}, nil},
		{"course TCX", map[string][]byte{"c.tcx": fixture(t, "tcx/course-only.tcx")}, counts{skipped: 1}, nil},
		{"empty file", map[string][]byte{"e.fit": {}}, counts{rejected: 1}, []string{"empty file"}},
		{"not an activity file", map[string][]byte{"g.fit": fixture(t, "quirks/garbage.fit")}, counts{rejected: 1}, []string{"g.fit: "}},
		{"truncated FIT", map[string][]byte{"t.fit": fixture(t, "quirks/truncated.fit")}, counts{rejected: 1}, []string{"truncated"}},
		{"chained FIT cut short in its last sequence", map[string][]byte{"t.fit": fixture(t, "quirks/chained-cut-short.fit")}, counts{rejected: 1}, []string{"truncated"}},
		{"in-flight names ignored", map[string][]byte{"a.fit.part": run, ".b.fit": run, "~c.fit": run}, counts{}, nil},
		{"mixed", map[string][]byte{"a.fit": run, "e.fit": {}, "s.fit": fixture(t, "quirks/settings.fit")}, counts{ingested: 1, skipped: 1, rejected: 1}, []string{"empty file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dir = filepath.Join(dir, "inbox")
			put(t, dir, tc.files)
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			p, _, _ := newTest(t, t.TempDir())
			if err := p.Paths(context.Background(), []string{dir}, nil); err != nil {
				t.Fatalf("Paths(%v) = %v, want nil", tc.files, err)
			}
			if got := countsOf(p); got != tc.want {
				t.Errorf("Paths counts = %+v, want %+v", got, tc.want)
			}
			if got := p.Total(); got != tc.want.ingested+tc.want.duplicate+tc.want.skipped+tc.want.rejected {
				t.Errorf("Total() = %d, want the sum of %+v", got, tc.want)
			}
			got := p.Rejected()
			if len(got) != len(tc.rejected) {
				t.Fatalf("Rejected() = %q, want %d reasons like %q", got, len(tc.rejected), tc.rejected)
			}
			for i, want := range tc.rejected {
				if !strings.Contains(got[i], want) {
					t.Errorf("Rejected()[%d] = %q, want it to contain %q", i, got[i], want)
				}
			}

			// A second run reads nothing again.
			again := New(p.store, Config{Profile: profile()})
			if err := again.Paths(context.Background(), []string{dir}, nil); err != nil {
				t.Fatal(err)
			}
			listed, problems := inbox.Files([]string{dir})
			if problems != nil {
				t.Fatal(problems)
			}
			if got := countsOf(again); got != (counts{known: len(listed)}) {
				t.Errorf("second Paths counts = %+v, want %d files seen before and nothing else", got, len(listed))
			}
		})
	}
}

func TestSummary(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	run := fixture(t, "demo/2026-10-01-run.fit")
	put(t, inbox, map[string][]byte{"a.fit": run, "b.fit": run, "e.fit": {}})
	p, st, _ := newTest(t, dir)
	if err := p.Paths(context.Background(), []string{inbox}, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := p.Summary(), "1 ingested, 1 duplicate, 1 rejected"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	again := New(st, Config{Profile: profile()})
	if err := again.Paths(context.Background(), []string{inbox}, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := again.Summary(), "0 ingested, 3 seen before"; got != want {
		t.Errorf("second Summary() = %q, want %q", got, want)
	}
}

// The watcher holds a truncated file back to retry it; the ledger stays
// untouched until the file is complete or handed over for the last time.
func TestHoldTruncated(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.fit")
	put(t, dir, map[string][]byte{"t.fit": fixture(t, "quirks/truncated.fit")})
	p, st, _ := newTest(t, dir)
	p.HoldTruncated = true
	if err := p.File(context.Background(), path); !errors.Is(err, ErrTruncated) {
		t.Fatalf("File(truncated) with HoldTruncated = %v, want ErrTruncated", err)
	}
	files, err := st.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 0 || p.Total() != 0 {
		t.Errorf("after a held file: ledger %v, total %d; want nothing stored", files, p.Total())
	}
	final := New(st, Config{Profile: profile()})
	if err := final.File(context.Background(), path); err != nil {
		t.Fatalf("File(truncated) = %v, want a rejection", err)
	}
	if got := final.Count(easyday.StatusRejected); got != 1 {
		t.Errorf("File(truncated) rejected %d files, want 1", got)
	}
}

// easyday never reads its own history or reports, even inside the inbox.
func TestOwnFilesNotRead(t *testing.T) {
	dir := t.TempDir()
	run := fixture(t, "demo/2026-10-01-run.fit")
	put(t, dir, map[string][]byte{"a.fit": run, "reports/old.fit": run})
	p, _, db := newTest(t, dir)
	if err := p.Paths(context.Background(), []string{dir}, nil); err != nil {
		t.Fatal(err)
	}
	if got := countsOf(p); got != (counts{ingested: 1}) {
		t.Errorf("Paths(%s) counts = %+v, want only a.fit ingested (not %s or the reports)", dir, got, filepath.Base(db))
	}
}

func TestProgress(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	run := fixture(t, "demo/2026-10-01-run.fit")
	put(t, inbox, map[string][]byte{"a.fit": run, "b.fit": run, "c.tcx": fixture(t, "tcx/two-laps-pause.tcx")})
	p, _, _ := newTest(t, dir)
	var calls [][2]int
	err := p.Paths(context.Background(), []string{inbox}, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	if want := [][2]int{{0, 3}, {1, 3}, {2, 3}, {3, 3}}; !slices.Equal(calls, want) {
		t.Errorf("progress calls = %v, want %v", calls, want)
	}
}

func TestPathsCancelled(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, map[string][]byte{"a.fit": fixture(t, "demo/2026-10-01-run.fit")})
	p, _, _ := newTest(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.Paths(ctx, []string{dir}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Paths(cancelled) = %v, want context.Canceled", err)
	}
	if p.Total() != 0 {
		t.Errorf("Paths(cancelled) processed %d files, want 0", p.Total())
	}
}

// A file deleted between the listing and its read is counted, not an error,
// and the files after it are read.
func TestFileGoneBetweenListingAndRead(t *testing.T) {
	dir := t.TempDir()
	p, st, _ := newTest(t, dir)
	inboxDir := filepath.Join(dir, "inbox")
	put(t, inboxDir, map[string][]byte{
		"a.fit": fixture(t, "demo/2026-10-01-run.fit"),
		"b.fit": fixture(t, "demo/2026-10-03-ride.fit"),
		"c.fit": fixture(t, "demo/2026-10-04-run.fit"),
	})
	// Listed, then gone before a worker reads it: workers read ahead of
	// the commits, so the listing is taken first and the file removed after.
	listed, problems := inbox.Files([]string{inboxDir})
	if len(problems) > 0 || len(listed) != 3 {
		t.Fatalf("inbox.Files = %v, %v; want 3 files", listed, problems)
	}
	if err := os.Remove(filepath.Join(inboxDir, "b.fit")); err != nil {
		t.Fatal(err)
	}
	if err := p.parallel(context.Background(), listed, 2, func(int) {}); err != nil {
		t.Fatalf("ingest with a file gone = %v, want nil", err)
	}
	if got := p.Count(easyday.StatusIngested); got != 2 {
		t.Errorf("ingested = %d, want 2 (a.fit and c.fit)", got)
	}
	if s := p.Summary(); !strings.Contains(s, "1 gone before it was read") {
		t.Errorf("Summary() = %q, want it to count the file gone", s)
	}
	if len(p.Rejected()) != 0 {
		t.Errorf("Rejected() = %v, want none", p.Rejected())
	}
	files, err := st.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Errorf("ledger has %d rows, want 2 (nothing for the file gone)", len(files))
	}
}

// The same inbox gives the same ids and the same ledger whatever the number
// of workers: the writer commits in file order.
func TestParallelDeterministic(t *testing.T) {
	dir := t.TempDir()
	inboxDir := filepath.Join(dir, "inbox")
	files := map[string][]byte{
		"e.fit":          {},
		"s.fit":          fixture(t, "quirks/settings.fit"),
		"multi.fit":      fixture(t, "quirks/multisport.fit"),
		"tcx/two.tcx":    fixture(t, "tcx/two-laps-pause.tcx"),
		"copy/first.fit": fixture(t, "demo/2026-10-01-run.fit"),
	}
	demo, err := filepath.Glob(filepath.Join(testdata, "demo", "*.fit"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range demo {
		b, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		files["demo/"+filepath.Base(d)] = b
	}
	put(t, inboxDir, files)
	listed, problems := inbox.Files([]string{inboxDir})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	type outcome struct {
		ledger []history.FileRecord
		acts   []easyday.Activity
	}
	run := func(workers int) outcome {
		p, st, _ := newTest(t, t.TempDir())
		if err := p.parallel(context.Background(), listed, workers, func(int) {}); err != nil {
			t.Fatalf("parallel(%d workers) = %v", workers, err)
		}
		ledger, err := st.Files(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for i := range ledger {
			ledger[i].SeenUTC = time.Time{}
		}
		acts, err := st.Activities(context.Background(), time.Time{}, time.Now().AddDate(10, 0, 0), true)
		if err != nil {
			t.Fatal(err)
		}
		return outcome{ledger, acts}
	}
	want := run(1)
	if len(want.acts) < len(demo) {
		t.Fatalf("one worker stored %d activities, want at least %d", len(want.acts), len(demo))
	}
	for _, workers := range []int{2, 4, 8} {
		got := run(workers)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(outcome{})); diff != "" {
			t.Errorf("parallel(%d workers) differs from one worker (-1 +%d):\n%s", workers, workers, diff)
		}
	}
}

// A decoder that panics rejects its file with a reason; the run goes on.
func TestDecoderPanicRejects(t *testing.T) {
	dir := t.TempDir()
	run := fixture(t, "demo/2026-10-01-run.fit")
	put(t, dir, map[string][]byte{"a.fit": run, "b.fit": fixture(t, "demo/2026-10-03-ride.fit")})
	p, st, _ := newTest(t, t.TempDir())
	p.decode = func(it ingest.Item) ([]easyday.Recording, error) {
		if filepath.Base(it.Path) == "a.fit" {
			var m map[string]int
			//lint:ignore SA5000 a nil map write is the real runtime panic this test needs
			m["boom"]++
		}
		return ingest.Decode(it)
	}
	if err := p.Paths(context.Background(), []string{dir}, nil); err != nil {
		t.Fatalf("Paths with a panicking decoder = %v, want nil", err)
	}
	if got := countsOf(p); got != (counts{ingested: 1, rejected: 1}) {
		t.Errorf("Paths counts = %+v, want b.fit ingested and a.fit rejected", got)
	}
	files, err := st.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var reason string
	for _, f := range files {
		if filepath.Base(f.Path) == "a.fit" && f.Status == easyday.StatusRejected {
			reason = f.Reason
		}
	}
	if !strings.Contains(reason, "decoder failed on this file") || !strings.Contains(reason, "nil map") {
		t.Errorf("a.fit rejected with reason %q, want one saying the decoder failed and why", reason)
	}
}

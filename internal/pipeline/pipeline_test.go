package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
	"easyday/analysis"
	"easyday/history"
	"easyday/history/historytest"
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
	return newTestWith(t, dir, history.Options{})
}

// newTestWith is newTest with the history opened with o: with o.Import,
// a first import's, in its private file until a run publishes it.
func newTestWith(t *testing.T, dir string, o history.Options) (*Pipeline, *history.Store, string) {
	t.Helper()
	db := filepath.Join(dir, "history.db")
	st, err := history.Open(context.Background(), db, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st, Config{Profile: profile(), Database: db, Reports: filepath.Join(dir, "reports")}), st, db
}

// demoFiles reads the FIT files of testdata/demo (name → content).
func demoFiles(t *testing.T) map[string][]byte {
	t.Helper()
	demo, err := filepath.Glob(filepath.Join(testdata, "demo", "*.fit"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, d := range demo {
		files[filepath.Base(d)] = fixture(t, "demo/"+filepath.Base(d))
	}
	return files
}

// demoInbox puts the demo files into an inbox in a fresh folder and opens
// a history there with o, and a pipeline on it that commits three files a
// batch, so that a run has several batches.
func demoInbox(t *testing.T, o history.Options) (p *Pipeline, st *history.Store, db, inboxDir string, files map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	inboxDir = filepath.Join(dir, "inbox")
	files = demoFiles(t)
	put(t, inboxDir, files)
	p, st, db = newTestWith(t, dir, o)
	p.batchSteps, p.batchWall = 6, time.Hour
	return p, st, db, inboxDir, files
}

// counts is what a run did, as the commands report it.
type counts struct {
	ingested, duplicate, skipped, rejected, known int
}

func countsOf(r Result) counts {
	return counts{
		ingested:  r.Files[easyday.StatusIngested],
		duplicate: r.Files[easyday.StatusDuplicate],
		skipped:   r.Files[easyday.StatusSkipped],
		rejected:  r.Files[easyday.StatusRejected],
		known:     r.Known,
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
			res, err := p.Paths(context.Background(), []string{dir}, nil)
			if err != nil {
				t.Fatalf("Paths(%v) = %v, want nil", tc.files, err)
			}
			if got := countsOf(res); got != tc.want {
				t.Errorf("Paths counts = %+v, want %+v", got, tc.want)
			}
			if got := res.Total(); got != tc.want.ingested+tc.want.duplicate+tc.want.skipped+tc.want.rejected {
				t.Errorf("Total() = %d, want the sum of %+v", got, tc.want)
			}
			got := res.Rejected
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
			resAgain, err := again.Paths(context.Background(), []string{dir}, nil)
			if err != nil {
				t.Fatal(err)
			}
			listed, problems := inbox.Files([]string{dir})
			if problems != nil {
				t.Fatal(problems)
			}
			if got := countsOf(resAgain); got != (counts{known: len(listed)}) {
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
	res, err := p.Paths(context.Background(), []string{inbox}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Summary(), "1 ingested, 1 duplicate, 1 rejected"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	again := New(st, Config{Profile: profile()})
	resAgain, err := again.Paths(context.Background(), []string{inbox}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := resAgain.Summary(), "0 ingested, 3 seen before"; got != want {
		t.Errorf("second Summary() = %q, want %q", got, want)
	}
}

// The watcher holds a truncated file back to retry it; the ledger stays
// untouched until the file is complete or handed over for the last time.
func TestHoldTruncated(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.fit")
	put(t, dir, map[string][]byte{"t.fit": fixture(t, "quirks/truncated.fit")})
	_, st, _ := newTest(t, dir)
	p := New(st, Config{Profile: profile(), HoldTruncated: true})
	res, err := p.File(context.Background(), path)
	if !errors.Is(err, ErrHeld) {
		t.Fatalf("File(truncated) with HoldTruncated = %v, want ErrHeld", err)
	}
	files, err := st.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 0 || res.Total() != 0 {
		t.Errorf("after a held file: ledger %v, total %d; want nothing stored", files, res.Total())
	}
	final := New(st, Config{Profile: profile()})
	resFinal, err := final.File(context.Background(), path)
	if err != nil {
		t.Fatalf("File(truncated) = %v, want a rejection", err)
	}
	if got := resFinal.Files[easyday.StatusRejected]; got != 1 {
		t.Errorf("File(truncated) rejected %d files, want 1", got)
	}
}

// easyday never reads its own history or reports, even inside the inbox.
func TestOwnFilesNotRead(t *testing.T) {
	dir := t.TempDir()
	run := fixture(t, "demo/2026-10-01-run.fit")
	put(t, dir, map[string][]byte{"a.fit": run, "reports/old.fit": run})
	p, _, db := newTest(t, dir)
	res, err := p.Paths(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := countsOf(res); got != (counts{ingested: 1}) {
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
	_, err := p.Paths(context.Background(), []string{inbox}, func(done, total int) { calls = append(calls, [2]int{done, total}) })
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
	res, err := p.Paths(ctx, []string{dir}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Paths(cancelled) = %v, want context.Canceled", err)
	}
	if res.Total() != 0 {
		t.Errorf("Paths(cancelled) processed %d files, want 0", res.Total())
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
	res := p.result()
	if got := res.Files[easyday.StatusIngested]; got != 2 {
		t.Errorf("ingested = %d, want 2 (a.fit and c.fit)", got)
	}
	if s := res.Summary(); !strings.Contains(s, "1 gone before it was read") {
		t.Errorf("Summary() = %q, want it to count the file gone", s)
	}
	if len(res.Rejected) != 0 {
		t.Errorf("Rejected() = %v, want none", res.Rejected)
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
	run := func(workers int, bounds ...int) outcome {
		p, st, _ := newTest(t, t.TempDir())
		if len(bounds) == 1 {
			p.batchSteps, p.batchWall = bounds[0], time.Hour
		}
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
	// Several files per transaction, whatever the bound, give the same.
	for _, steps := range []int{1, 2, 5, 1 << 20} {
		got := run(2, steps)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(outcome{})); diff != "" {
			t.Errorf("parallel(2 workers, batches of %d steps) differs from one worker:\n%s", steps, diff)
		}
	}
}

// A decoder that panics rejects its file with a reason; the run goes on.
func TestDecoderPanicRejects(t *testing.T) {
	dir := t.TempDir()
	run := fixture(t, "demo/2026-10-01-run.fit")
	put(t, dir, map[string][]byte{"a.fit": run, "b.fit": fixture(t, "demo/2026-10-03-ride.fit")})
	p, st, _ := newTest(t, t.TempDir())
	p.readItem = panicsOn("a.fit")
	res, err := p.Paths(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatalf("Paths with a panicking decoder = %v, want nil", err)
	}
	if got := countsOf(res); got != (counts{ingested: 1, rejected: 1}) {
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

// firstSequence is the first FIT sequence of b (header, data and CRC): a
// whole FIT file of its own, which b grows from.
func firstSequence(t *testing.T, b []byte) []byte {
	t.Helper()
	if len(b) < 12 {
		t.Fatal("not a FIT file")
	}
	n := int(b[0]) + int(b[4]) | int(b[5])<<8 | int(b[6])<<16 | int(b[7])<<24
	return b[:n+2]
}

// clock is a fake now: each call is one second after the one before.
func clock() func() time.Time {
	t := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

// What a batch of several files commits is what committing each file on
// its own does, over two runs of the inbox: the same ledger (seen times
// included), ids, streams, counts and reasons, and the scan cache's marks.
// Within a batch the duplicate rules see the files before: two copies of
// one content, the same activity in another file (the poorer copy first,
// which the richer replaces keeping its id, and the other way round), and
// a file that grew since the first run.
func TestBatchesCommitAsFilesAlone(t *testing.T) {
	whole := fixture(t, "quirks/hr-messages.fit") // a run, then its heart rate in a second sequence
	part := firstSequence(t, whole)               // the run without its heart rate
	chained := fixture(t, "quirks/chained.fit")   // two activities, one a sequence
	first := map[string][]byte{
		"chain.fit":  firstSequence(t, chained),
		"e.fit":      {},
		"multi.fit":  fixture(t, "quirks/multisport.fit"),
		"a-run.fit":  fixture(t, "demo/2026-10-01-run.fit"),
		"b-copy.fit": fixture(t, "demo/2026-10-01-run.fit"),
	}
	second := map[string][]byte{
		"chain.fit":       chained, // grew
		"c-poorer.fit":    part,
		"d-richer.fit":    whole,
		"f-1hz.fit":       fixture(t, "metrics/stream-1hz.fit"),
		"g-smart.fit":     fixture(t, "metrics/stream-smart.fit"),
		"h-ride.fit":      fixture(t, "demo/2026-10-10-ride.fit"),
		"sub/s.fit":       fixture(t, "quirks/settings.fit"),
		"sub/two.tcx":     fixture(t, "tcx/two-laps-pause.tcx"),
		"sub/again.fit":   fixture(t, "demo/2026-10-10-ride.fit"),
		"sub/trunc.fit":   fixture(t, "quirks/truncated.fit"),
		"sub/chained.fit": fixture(t, "quirks/chained.fit"),
	}
	type outcome struct {
		ledger  []history.FileRecord
		acts    []easyday.Activity
		counts  [2]counts
		summary [2]string
		rejects [2][]string
		known   int // files the scan cache knows on a third run
	}
	run := func(workers, steps int, wall time.Duration, snapshot bool) outcome {
		dir := t.TempDir()
		inboxDir := filepath.Join(dir, "inbox")
		put(t, inboxDir, first)
		old := time.Now().Add(-time.Hour)
		for name := range first {
			if err := os.Chtimes(filepath.Join(inboxDir, name), old, old); err != nil {
				t.Fatal(err)
			}
		}
		_, st, db := newTest(t, dir)
		now := clock()
		var o outcome
		for i, files := range []map[string][]byte{first, second} {
			put(t, inboxDir, files)
			p := New(st, Config{Profile: profile(), Database: db, Now: now})
			p.batchSteps, p.batchWall = steps, wall
			if snapshot {
				// As Paths does for a run over many files.
				if err := p.snapshot(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			listed, problems := inbox.Files([]string{inboxDir})
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if err := p.parallel(context.Background(), listed, workers, func(int) {}); err != nil {
				t.Fatalf("run %d with %d workers, batches of %d steps or %v = %v", i+1, workers, steps, wall, err)
			}
			res := p.result()
			o.counts[i], o.summary[i] = countsOf(res), res.Summary()
			for _, r := range res.Rejected {
				o.rejects[i] = append(o.rejects[i], strings.TrimPrefix(r, dir))
			}
		}
		var err error
		if o.ledger, err = st.Files(context.Background()); err != nil {
			t.Fatal(err)
		}
		if o.acts, err = st.Activities(context.Background(), time.Time{}, time.Time{}, true); err != nil {
			t.Fatal(err)
		}
		again := New(st, Config{Profile: profile(), Database: db, Now: now})
		resAgain, err := again.Paths(context.Background(), []string{inboxDir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		o.known = resAgain.Known
		for i := range o.ledger {
			o.ledger[i].Path = strings.TrimPrefix(o.ledger[i].Path, dir)
			o.ledger[i].Reason = strings.ReplaceAll(o.ledger[i].Reason, dir, "")
			o.ledger[i].SupersededBy = strings.TrimPrefix(o.ledger[i].SupersededBy, dir)
		}
		for i := range o.acts {
			o.acts[i].Source = strings.TrimPrefix(o.acts[i].Source, dir)
		}
		return o
	}
	// One step per transaction: each file's commit and its scan-cache mark
	// apart, as before batching.
	want := run(1, 1, time.Hour, false)
	var grew, superseded, sameActivity, sameContent bool
	for _, f := range want.ledger {
		grew = grew || strings.Contains(f.Reason, "the file grew")
		superseded = superseded || strings.HasPrefix(f.Reason, "superseded by") && strings.HasSuffix(f.Path, "c-poorer.fit")
		sameActivity = sameActivity || strings.HasPrefix(f.Reason, "same activity as") && strings.HasSuffix(f.Path, "g-smart.fit")
		sameContent = sameContent || strings.HasPrefix(f.Reason, "same content as") && strings.HasSuffix(f.Path, "b-copy.fit")
	}
	if !grew || !superseded || !sameActivity || !sameContent {
		t.Fatalf("ledger lacks a case (grew %v, richer copy superseding %v, same activity %v, same content %v):\n%+v", grew, superseded, sameActivity, sameContent, want.ledger)
	}
	if want.known == 0 {
		t.Fatal("a third run found nothing in the scan cache")
	}
	for _, b := range []struct {
		workers, steps int
		wall           time.Duration
		snapshot       bool // the scan cache and ledger read once, as for many files
	}{
		{1, 2, time.Hour, false},
		{2, 3, time.Hour, false},
		{4, 1 << 20, time.Hour, false}, // each run one transaction
		{2, 1 << 20, 0, false},         // due at once: one step each, like batches of 1
		{8, batchSteps, batchWall, false},
		{1, 1, time.Hour, true},
		{2, batchSteps, batchWall, true},
	} {
		got := run(b.workers, b.steps, b.wall, b.snapshot)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(outcome{}, counts{})); diff != "" {
			t.Errorf("%d workers, batches of %d steps or %v, snapshot %v differ from a step per transaction (-want +got):\n%s", b.workers, b.steps, b.wall, b.snapshot, diff)
		}
	}
}

// An interrupted run keeps the batches committed before and counts the rest
// as left for the next run: the ledger and the scan cache hold exactly the
// files the progress said were done.
func TestInterruptedMidBatch(t *testing.T) {
	t.Run("history in place", func(t *testing.T) { testInterruptedMidBatch(t, history.Options{}) })
	t.Run("first import", func(t *testing.T) { testInterruptedMidBatch(t, history.Options{Import: true}) })
}

// testInterruptedMidBatch is TestInterruptedMidBatch into a history
// opened with o.
func testInterruptedMidBatch(t *testing.T, o history.Options) {
	p, st, db, inboxDir, files := demoInbox(t, o)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	finished := 0
	res, err := p.Paths(ctx, []string{inboxDir}, func(done, total int) {
		finished = done
		if done >= 3 {
			cancel()
		}
	})
	var in *Interrupted
	if !errors.As(err, &in) {
		t.Fatalf("Paths cancelled after a batch = %v, want *Interrupted", err)
	}
	if finished == 0 || finished == len(files) || in.Left != len(files)-finished {
		t.Fatalf("interrupted with %d of %d files done and %d left, want some done and the rest left", finished, len(files), in.Left)
	}
	ledger, err := st.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ledger) != finished || res.Total() != finished {
		t.Errorf("ledger has %d rows and the run counted %d, want the %d files done", len(ledger), res.Total(), finished)
	}
	again := New(st, Config{Profile: profile(), Database: db})
	resAgain, err := again.Paths(context.Background(), []string{inboxDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resAgain.Known != finished || resAgain.Total() != len(files)-finished {
		t.Errorf("next run: %d seen before and %d new, want %d and %d", resAgain.Known, resAgain.Total(), finished, len(files)-finished)
	}
}

// A history error on one file stops the run with an error naming it; the
// files before it in its batch stay stored, and what the run counted and
// reported done is exactly what the ledger holds.
func TestHistoryErrorMidBatch(t *testing.T) {
	dir := t.TempDir()
	inboxDir := filepath.Join(dir, "inbox")
	put(t, inboxDir, map[string][]byte{
		"a.fit": fixture(t, "demo/2026-10-01-run.fit"),
		"b.fit": fixture(t, "demo/2026-10-03-ride.fit"),
		"c.fit": fixture(t, "demo/2026-10-04-run.fit"),
		"d.fit": fixture(t, "demo/2026-10-06-run.fit"),
	})
	p, st, db := newTest(t, dir)
	p.batchSteps, p.batchWall = 1<<20, time.Hour // one transaction for the run
	bad := filepath.Join(inboxDir, "c.fit")
	if err := historytest.RefuseFile(context.Background(), db, bad); err != nil {
		t.Fatal(err)
	}
	finished := 0
	res, err := p.Paths(context.Background(), []string{inboxDir}, func(done, total int) { finished = done })
	if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "refused for the test") {
		t.Fatalf("Paths with c.fit refused = %v, want an error naming %s", err, bad)
	}
	ledger, lerr := st.Files(context.Background())
	if lerr != nil {
		t.Fatal(lerr)
	}
	var paths []string
	for _, f := range ledger {
		paths = append(paths, filepath.Base(f.Path))
	}
	if want := []string{"a.fit", "b.fit"}; !slices.Equal(paths, want) {
		t.Errorf("ledger after the error = %v, want %v", paths, want)
	}
	if finished != 2 || res.Files[easyday.StatusIngested] != 2 {
		t.Errorf("progress said %d done and %d ingested, want 2 and 2", finished, res.Files[easyday.StatusIngested])
	}
	again := New(st, Config{Profile: profile()})
	resAgain, err := again.Paths(context.Background(), []string{inboxDir}, nil)
	if err == nil {
		t.Fatal("second run with c.fit still refused = nil, want its error")
	}
	if resAgain.Known != 2 {
		t.Errorf("second run: %d seen before, want a.fit and b.fit", resAgain.Known)
	}
}

// A file whose analysed values the history cannot store (a time step of
// 80 years, which the stream cannot hold; a load source outside its set,
// which the schema refuses) is rejected with a reason a runner
// understands, in its own savepoint of the batch: the files before and
// after it are stored, and the run goes on without an error.
func TestUnstorableValuesReject(t *testing.T) {
	dir := t.TempDir()
	inboxDir := filepath.Join(dir, "inbox")
	put(t, inboxDir, map[string][]byte{
		"a.fit": fixture(t, "demo/2026-10-01-run.fit"),
		"b.fit": fixture(t, "demo/2026-10-03-ride.fit"),
		"c.fit": fixture(t, "demo/2026-10-04-run.fit"),
		"d.fit": fixture(t, "demo/2026-10-06-run.fit"),
		"e.fit": fixture(t, "demo/2026-10-07-run.fit"),
	})
	p, st, _ := newTest(t, dir)
	p.batchSteps, p.batchWall = 1<<20, time.Hour // one transaction for the run
	p.analyze = func(r easyday.Recording, prof easyday.Profile) easyday.Activity {
		a := analysis.Analyze(r, prof)
		switch r.Start.Format("2006-01-02") {
		case "2026-10-03":
			a.Segments[len(a.Segments)/2].Step = 80 * 365.25 * 86400
		case "2026-10-06":
			a.LoadSource = "bogus"
		case "2026-10-07":
			var m map[string]int
			//lint:ignore SA5000 a nil map write is the real runtime panic this test needs
			m["boom"]++
		}
		return a
	}
	res, err := p.Paths(context.Background(), []string{inboxDir}, nil)
	if err != nil {
		t.Fatalf("Paths = %v, want nil: no file's values stop a run", err)
	}
	if got := countsOf(res); got != (counts{ingested: 2, rejected: 3}) {
		t.Errorf("Paths counts = %+v, want a.fit and c.fit ingested, the rest rejected", got)
	}
	ledger, err := st.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]history.FileRecord{}
	for _, f := range ledger {
		got[filepath.Base(f.Path)] = f
	}
	for name, want := range map[string]string{
		"a.fit": "", "c.fit": "",
		"b.fit": "timestamps 80 years apart",
		"d.fit": "a value the history cannot store",
		"e.fit": "analysis failed on this file",
	} {
		f, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: no ledger row", name)
		case want == "" && (f.Status != easyday.StatusIngested || len(f.Activities) != 1):
			t.Errorf("%s: %s with %d activities, want ingested with 1", name, f.Status, len(f.Activities))
		case want != "" && (f.Status != easyday.StatusRejected || !strings.Contains(f.Reason, want) || len(f.Activities) != 0):
			t.Errorf("%s: %s %q with %d activities, want rejected saying %q", name, f.Status, f.Reason, len(f.Activities), want)
		}
	}
	acts, err := st.Activities(context.Background(), time.Time{}, time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 2 {
		t.Errorf("%d activities stored, want 2 (a.fit's and c.fit's): a rejected file leaves none", len(acts))
	}
	// The rejection is remembered: the next run reads nothing again.
	again := New(st, Config{Profile: profile()})
	resAgain, err := again.Paths(context.Background(), []string{inboxDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resAgain.Known != 5 || resAgain.Total() != 0 {
		t.Errorf("second run: %d seen before and %d processed, want 5 and 0", resAgain.Known, resAgain.Total())
	}
}

// TestScanCacheSnapshot runs the same files three times: named one by one,
// fewer than snapshotFrom (each file asked of the history), more than that
// (the scan cache read once, as the run began), and as a folder (the cache
// read while the folder is listed, whatever it holds): the second run
// reads nothing again, and the third reads again exactly the file whose
// size and time changed and the one whose time alone changed.
func TestScanCacheSnapshot(t *testing.T) {
	run := fixture(t, "demo/2026-10-06-run.fit")
	for _, tc := range []struct {
		n      int
		folder bool
	}{{4, false}, {snapshotFrom + 4, false}, {4, true}, {snapshotFrom + 4, true}} {
		n := tc.n
		t.Run(fmt.Sprintf("%d files, folder %v", n, tc.folder), func(t *testing.T) {
			dir := t.TempDir()
			inboxDir := filepath.Join(dir, "inbox")
			files := map[string][]byte{}
			for i := range n {
				files[fmt.Sprintf("f%03d.fit", i)] = run
			}
			put(t, inboxDir, files)
			args := []string{inboxDir}
			if !tc.folder {
				args = nil
				for name := range files {
					args = append(args, filepath.Join(inboxDir, name))
				}
			}
			p, _, _ := newTest(t, dir)
			first, err := p.Paths(context.Background(), args, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := countsOf(first); got.ingested != 1 || got.duplicate != n-1 {
				t.Fatalf("first run: %+v, want 1 ingested and %d duplicates", got, n-1)
			}
			// The progress goes up to every file, whether a worker read it
			// or the run passed over it.
			var dones []int
			progress := func(done, total int) {
				if total != n || (len(dones) > 0 && done < dones[len(dones)-1]) {
					t.Errorf("progress(%d, %d) after %v", done, total, dones)
				}
				dones = append(dones, done)
			}
			second, err := p.Paths(context.Background(), args, progress)
			if err != nil {
				t.Fatal(err)
			}
			if second.Known != n || second.Total() != 0 {
				t.Fatalf("second run: %d seen before and %d read, want %d and 0", second.Known, second.Total(), n)
			}
			if len(dones) == 0 || dones[len(dones)-1] != n {
				t.Errorf("second run: progress %v, want it to end at %d", dones, n)
			}
			// f001 grows (new content), f002 is touched (same content,
			// another time): both are read again; f002's content is then
			// known at its path, so it counts as seen before.
			grown := filepath.Join(inboxDir, "f001.fit")
			if err := os.WriteFile(grown, append(slices.Clone(run), 0, 1, 2), 0o600); err != nil {
				t.Fatal(err)
			}
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(filepath.Join(inboxDir, "f002.fit"), later, later); err != nil {
				t.Fatal(err)
			}
			read := 0
			p.readItem = func(it ingest.Item) (ingest.Result, error) {
				read++
				return ingest.Read(it)
			}
			dones = nil
			third, err := p.Paths(context.Background(), args, progress)
			if err != nil {
				t.Fatal(err)
			}
			if len(dones) == 0 || dones[len(dones)-1] != n {
				t.Errorf("third run: progress %v, want it to end at %d", dones, n)
			}
			if third.Known != n-1 || third.Total() != 1 || read != 1 {
				t.Errorf("third run: %d seen before, %d committed, %d decoded; want %d, 1 (the grown file) and 1", third.Known, third.Total(), read, n-1)
			}
		})
	}
}

// knownOnArrival, with the snapshot arriving while its goroutines stat the
// files, tells what knownAsIs tells once the snapshot is in: a file as it
// was is known, a touched one and a new one are not; and the snapshot's
// error is its error.
func TestKnownOnArrival(t *testing.T) {
	ctx := context.Background()
	run := fixture(t, "demo/2026-10-06-run.fit")
	dir := t.TempDir()
	inboxDir := filepath.Join(dir, "inbox")
	files := map[string][]byte{}
	for i := range 40 {
		files[fmt.Sprintf("f%03d.fit", i)] = run
	}
	put(t, inboxDir, files)
	p, _, _ := newTest(t, dir)
	if _, err := p.Paths(ctx, []string{inboxDir}, nil); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(inboxDir, "f002.fit"), later, later); err != nil {
		t.Fatal(err)
	}
	put(t, inboxDir, map[string][]byte{"new.fit": run})
	listed, problems := inbox.Files([]string{inboxDir})
	if len(problems) > 0 || len(listed) != 41 {
		t.Fatalf("inbox.Files = %d files, %v; want 41", len(listed), problems)
	}

	p.begin()
	snap := make(chan error)
	var got []bool
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		got, err = p.knownOnArrival(ctx, listed, 3, snap)
	}()
	snap <- p.snapshot(ctx) // taken while knownOnArrival waits for it
	<-done
	if err != nil {
		t.Fatalf("knownOnArrival = %v", err)
	}
	if want := p.knownAsIs(ctx, listed, 3); !slices.Equal(got, want) {
		t.Errorf("knownOnArrival = %v, knownAsIs = %v", got, want)
	}
	for i, f := range listed {
		base := filepath.Base(f)
		if want := base != "f002.fit" && base != "new.fit"; got[i] != want {
			t.Errorf("%s known = %v, want %v", base, got[i], want)
		}
	}

	p.begin()
	boom := errors.New("the scan cache could not be read")
	go func() { snap <- boom }()
	if _, err := p.knownOnArrival(ctx, listed, 3, snap); !errors.Is(err, boom) {
		t.Errorf("knownOnArrival with the snapshot failing = %v, want %v", err, boom)
	}
}

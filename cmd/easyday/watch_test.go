package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"easyday"
	"easyday/history"
	"easyday/internal/clock/clocktest"
	"easyday/internal/config"
	"easyday/internal/inbox"
)

// watchEnv is a watcher on a fresh env, its clock and timers fake, its log
// kept.
type watchEnv struct {
	*env
	w     *watcher
	store *history.Store  // the history opened at start
	clock *clocktest.Fake // the watcher's clock and the app's now
	log   *syncBuffer
}

func newWatchEnv(t *testing.T, body string, at time.Time) *watchEnv {
	e := newEnv(t, body)
	c, err := config.Load(e.config, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	st, err := openHistory(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	clk := clocktest.NewFake(at)
	e.now = clk.Now
	log := &syncBuffer{}
	a := &app{stdout: io.Discard, stderr: io.Discard, getenv: noEnv, configFlag: e.config, now: clk.Now,
		log: slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	w := newWatcher(a, st, c)
	w.clock = clk
	return &watchEnv{env: e, w: w, store: st, clock: clk, log: log}
}

// nextMidnight waits for the next midnight timer the watcher sets and
// returns how far ahead of the clock it is due.
func (we *watchEnv) nextMidnight(t *testing.T) time.Duration {
	t.Helper()
	return we.clock.NextArmed(t).Sub(we.clock.Now())
}

// ring moves the clock on by d, to the midnight timer's time, and waits
// until the watcher has taken its tick.
func (we *watchEnv) ring(t *testing.T, d time.Duration) {
	t.Helper()
	we.clock.Advance(d)
	we.clock.WaitTaken(t)
}

// serve runs the watcher until the returned stop is called; stop returns
// what serve returned.
func (we *watchEnv) serve(t *testing.T, hup <-chan os.Signal) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- we.w.serve(ctx, inbox.WatchOptions{Settle: 100 * time.Millisecond}, hup) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestWatchWritesReportAtMidnight sets the watcher's clock a second before
// local midnight and fires its timer: the new day's report appears with no
// file arriving, and nothing sleeps.
func TestWatchWritesReportAtMidnight(t *testing.T) {
	london := mustLoc(t, "Europe/London")
	// 23:59:59 local on the day British Summer Time begins: the next day
	// has 23 hours, and its midnight is still found.
	we := newWatchEnv(t, testConfig, time.Date(2026, 3, 28, 23, 59, 59, 0, london))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { we.w.midnights(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	first := we.nextMidnight(t)
	if first != 2*time.Second {
		t.Errorf("at 23:59:59 the midnight timer is set for %v, want 2s (a second past midnight)", first)
	}
	we.ring(t, first)
	second := we.nextMidnight(t) // set once the report is written
	reports := filepath.Join(we.dir, "reports")
	if !exists(filepath.Join(reports, "2026-03-29.md")) {
		t.Errorf("no report for the new day 2026-03-29 after midnight\n%s", we.log)
	}
	if exists(filepath.Join(reports, "2026-03-28.md")) {
		t.Errorf("a report for the old day was written at midnight")
	}
	if want := 23 * time.Hour; second != want {
		t.Errorf("after the spring-forward midnight the next timer is %v, want %v", second, want)
	}
}

// TestWatchJoinsMidnightReport: a midnight report being written when the
// watcher is stopped is finished before the history closes.
func TestWatchJoinsMidnightReport(t *testing.T) {
	we := newWatchEnv(t, testConfig, time.Date(2026, 10, 28, 23, 59, 59, 0, mustLoc(t, "Europe/London")))
	stop := we.serve(t, nil)
	d := we.nextMidnight(t)
	we.w.mu.Lock() // hold the report back while the watcher is stopped
	we.ring(t, d)
	// The midnight goroutine has taken its tick and waits for mu when
	// stop cancels serve. What is asserted is what happened, not how long
	// anything took: the report written and the history closed after it.
	// (Whether serve could return before the report is not observable
	// without a wait: it would block on mu as the report does.)
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	we.w.mu.Unlock()
	if err := <-stopped; err != nil {
		t.Errorf("serve = %v, want nil after a cancel", err)
	}
	if !exists(filepath.Join(we.dir, "reports", "2026-10-29.md")) || strings.Contains(we.log.String(), "write report") {
		t.Errorf("the midnight report was not written before the history closed\n%s", we.log)
	}
	if _, err := we.store.Files(context.Background()); err == nil {
		t.Errorf("the history is still open after serve returned")
	}
}

// ingestedIn reports whether the history at db has path ingested.
func ingestedIn(t *testing.T, db, path string) bool {
	t.Helper()
	st, err := history.Open(context.Background(), db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, err := st.Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == path && f.Status == easyday.StatusIngested {
			return true
		}
	}
	return false
}

// TestWatchReloadReopensHistory: SIGHUP with a new database path puts the
// new history in use and closes the old one; a database that cannot be
// opened keeps the old configuration and says which key needs a fix.
func TestWatchReloadReopensHistory(t *testing.T) {
	we := newWatchEnv(t, testConfig, time.Now())
	hup := make(chan os.Signal, 1)
	stop := we.serve(t, hup)
	oldDB, newDB := filepath.Join(we.dir, "history.db"), filepath.Join(we.dir, "second.db")

	one := filepath.Join(we.inbox(), "one.fit")
	if err := os.WriteFile(one, smallRun(t, 1), 0o600); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 15*time.Second, "one.fit ingested", func() bool { return ingestedIn(t, oldDB, one) })

	writeConfig := func(database string) {
		t.Helper()
		c := strings.Replace(testConfig, `database = "history.db"`, `database = "`+database+`"`, 1)
		if err := os.WriteFile(we.config, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig("second.db")
	hup <- os.Interrupt // any value: serve only listens
	waitFor(t, 10*time.Second, "the new history opened", func() bool { return strings.Contains(we.log.String(), "history reopened") })
	if _, err := we.store.Files(context.Background()); err == nil {
		t.Errorf("the old history is still open after the reload")
	}
	two := filepath.Join(we.inbox(), "two.fit")
	if err := os.WriteFile(two, smallRun(t, 2), 0o600); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 15*time.Second, "two.fit ingested into second.db", func() bool { return ingestedIn(t, newDB, two) })
	if ingestedIn(t, oldDB, two) {
		t.Errorf("two.fit went into the old history after the reload")
	}

	// A history that cannot open (not a SQLite file): refused, old kept.
	if err := os.WriteFile(filepath.Join(we.dir, "notes.txt"), []byte(strings.Repeat("not a database\n", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	writeConfig("notes.txt")
	hup <- os.Interrupt
	waitFor(t, 10*time.Second, "the reload refused", func() bool {
		return strings.Contains(we.log.String(), "keeping the old configuration") && strings.Contains(we.log.String(), "key=database")
	})
	if got := we.w.config().Database; got != newDB {
		t.Errorf("after a refused reload the database is %s, want %s", got, newDB)
	}
	three := filepath.Join(we.inbox(), "three.fit")
	if err := os.WriteFile(three, smallRun(t, 3), 0o600); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 15*time.Second, "three.fit ingested into second.db", func() bool { return ingestedIn(t, newDB, three) })
	if err := stop(); err != nil {
		t.Errorf("serve = %v, want nil", err)
	}
}

// TestWatchReloadMovesMidnight: SIGHUP with a new time zone sets the
// midnight timer for the new zone's midnight.
func TestWatchReloadMovesMidnight(t *testing.T) {
	london := mustLoc(t, "Europe/London")
	// 23:59:59 in London is 19:59:59 in New York (both on summer time).
	we := newWatchEnv(t, testConfig, time.Date(2026, 3, 28, 23, 59, 59, 0, london))
	hup := make(chan os.Signal, 1)
	stop := we.serve(t, hup)
	if d := we.nextMidnight(t); d != 2*time.Second {
		t.Fatalf("London midnight timer = %v, want 2s", d)
	}
	c := strings.Replace(testConfig, `timezone = "Europe/London"`, `timezone = "America/New_York"`, 1)
	if err := os.WriteFile(we.config, []byte(c), 0o600); err != nil {
		t.Fatal(err)
	}
	hup <- os.Interrupt
	d := we.nextMidnight(t)
	if want := 4*time.Hour + 2*time.Second; d != want {
		t.Errorf("after the reload the midnight timer = %v, want %v (New York's midnight)", d, want)
	}
	we.ring(t, d)
	we.nextMidnight(t)
	if !exists(filepath.Join(we.dir, "reports", "2026-03-29.md")) {
		t.Errorf("no report for New York's new day\n%s", we.log)
	}
	if err := stop(); err != nil {
		t.Errorf("serve = %v, want nil", err)
	}
}

// A file the watcher rejects is recorded once, with its reason, and the
// periodic rescan, which hands every file over again, does not read it
// again while its content is unchanged: no error at every rescan, no report
// rewritten for nothing. New content is read.
func TestWatchRecordsARejectedFileOnce(t *testing.T) {
	we := newWatchEnv(t, testConfig, time.Date(2026, 10, 5, 12, 0, 0, 0, time.UTC))
	ctx := context.Background()
	p := filepath.Join(we.inbox(), "clock-not-set.gpx")
	writeFile(t, p, gpxRun(time.Date(1995, time.March, 1, 7, 0, 0, 0, time.UTC), nil))
	report := filepath.Join(we.dir, "reports", "2026-10-05.md")

	rows := func() []history.FileRecord {
		t.Helper()
		files, err := we.store.Files(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	if retry := we.w.handle(ctx, []inbox.Ready{{Path: p}}); len(retry) != 0 {
		t.Fatalf("handle = retry %v, want none", retry)
	}
	first := rows()
	if len(first) != 1 || first[0].Status != easyday.StatusRejected || !strings.Contains(first[0].Reason, "clock not set") {
		t.Fatalf("ledger after the first look = %+v, want the file rejected: clock not set", first)
	}
	if !exists(report) {
		t.Fatalf("no report after a file was recorded\n%s", we.log)
	}
	check(t, os.Remove(report))

	for range 3 { // three rescans
		we.clock.Advance(10 * time.Minute)
		we.w.handle(ctx, []inbox.Ready{{Path: p}})
	}
	if again := rows(); !reflect.DeepEqual(again, first) {
		t.Errorf("ledger after three rescans = %+v, want the one row as it was: %+v", again, first)
	}
	if exists(report) {
		t.Error("the report was rewritten although nothing new arrived")
	}
	if log := we.log.String(); strings.Contains(log, "level=ERROR") {
		t.Errorf("the rescans logged an error:\n%s", log)
	}

	// The same name with new content is a new file.
	writeFile(t, p, gpxRun(time.Date(2026, time.October, 4, 7, 0, 0, 0, time.UTC), nil))
	we.w.handle(ctx, []inbox.Ready{{Path: p}})
	if got := rows(); len(got) != 2 || got[1].Status != easyday.StatusIngested {
		t.Errorf("ledger after new content = %+v, want the new content ingested", got)
	}
}

package inbox

import (
	"context"
	"easyday/internal/clock/clocktest"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// startFake runs the watcher on a fake clock, polling every opts.Poll of
// the fake clock (by default every 24 hours: only when the test advances
// that far), so that only the clock, not file events, makes it look, until
// the test ends.
func startFake(t *testing.T, root string, opts WatchOptions, s *collector, clk *clocktest.Fake) (stop func()) {
	t.Helper()
	if opts.Poll == 0 {
		opts.Poll = 24 * time.Hour
	}
	return runFake(t, root, opts, s, clk)
}

// startFakeEvents runs the watcher on a fake clock with file events: the
// events say when a file changed, the clock when it has settled.
func startFakeEvents(t *testing.T, root string, opts WatchOptions, s *collector, clk *clocktest.Fake) (stop func()) {
	t.Helper()
	opts.Poll = 0
	return runFake(t, root, opts, s, clk)
}

// runFake runs the watcher until stop is called or the test ends; stop
// cancels it and fails the test unless it returns nil. Only a guard of
// waitLimit stands against a watcher that never returns. The periodic
// rescan is a year unless opts says: a test that moves the clock on until
// something happens can pass ten minutes on a busy machine, and a rescan
// the clock passes by the way would hand every file over again.
func runFake(t *testing.T, root string, opts WatchOptions, s *collector, clk *clocktest.Fake) (stop func()) {
	t.Helper()
	if opts.Rescan == 0 {
		opts.Rescan = 365 * 24 * time.Hour
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- watch(ctx, root, opts, s.handle, clk) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("watch(%s) = %v, want nil after cancel", root, err)
				}
			case <-time.After(waitLimit):
				t.Errorf("watch(%s) still running %v after cancel", root, waitLimit)
			}
			s.check(t)
		})
	}
	t.Cleanup(stop)
	return stop
}

// advanceUntil moves the fake clock on by step until path has been handed
// over n times, giving the watcher's goroutine a moment of real time after
// each step; it fails the test at waitLimit of real time.
func advanceUntil(t *testing.T, clk *clocktest.Fake, step time.Duration, s *collector, path string, n int) []arrival {
	t.Helper()
	return s.waitWith(t, path, n, func() {
		clk.Advance(step)
		time.Sleep(time.Millisecond)
	})
}

// fakeMarker writes a fresh file and advances the clock until it is handed
// over: anything due before it has been, so counts taken afterwards are
// final.
func fakeMarker(t *testing.T, clk *clocktest.Fake, step time.Duration, s *collector, root string) {
	t.Helper()
	p := filepath.Join(root, fmt.Sprintf("marker-%d.fit", time.Now().UnixNano()))
	writeFile(t, p, 1)
	advanceUntil(t, clk, step, s, p, 1)
}

// slowCopy writes path in chunks, as over a slow USB link, moving the fake
// clock on by pause after each chunk but the last: pauses shorter than the
// settle time must not get the file handed over before it is whole.
func slowCopy(t *testing.T, clk *clocktest.Fake, path string, chunk, chunks int, pause time.Duration) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := range chunks {
		if _, err := f.Write(make([]byte, chunk)); err != nil {
			t.Fatal(err)
		}
		if i < chunks-1 {
			clk.Advance(pause)
			// What came due is taken, and (most likely) looked at before
			// the next chunk: a watcher running late sees more change,
			// never less, so it can pass but not fail a sound watcher.
			clk.WaitTaken(t)
			time.Sleep(2 * time.Millisecond)
		}
	}
}

// A settle time of an hour passes in no time on the test's clock: the file
// is handed over once the clock reaches it, not a moment before.
func TestWatchSettleOnDrivenClock(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	p := filepath.Join(root, "a.fit")
	writeFile(t, p, 1000)
	clk := newFakeClock()
	start := clk.Now()
	s := &collector{}
	startFake(t, root, WatchOptions{Settle: time.Hour}, s, clk)

	due := clk.WaitArmed(t, start.Add(time.Hour)) // the first scan found the file
	if want := start.Add(time.Hour + coalesce); !due.Equal(want) {
		t.Errorf("settle check set for %v, want %v (settle time plus coalescing)", due.Sub(start), want.Sub(start))
	}
	clk.Advance(time.Hour - time.Millisecond)
	if got := s.all(p); len(got) != 0 {
		t.Fatalf("handed over %d times before the settle time, want 0", len(got))
	}
	clk.Advance(time.Millisecond + coalesce)
	if g := s.waitFor(t, p, 1); g[0].Final {
		t.Errorf("first hand-over is Final, want not")
	}
}

// A file handed back as incomplete, and unchanged for GiveUp on the test's
// clock, is handed over once more as Final; nothing sleeps through GiveUp.
func TestWatchGiveUpOnDrivenClock(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	p := filepath.Join(root, "truncated.fit")
	writeFile(t, p, 1000)
	clk := newFakeClock()
	start := clk.Now()
	s := &collector{retry: func(r Ready) bool { return r.Path == p && !r.Final }}
	startFake(t, root, WatchOptions{Settle: time.Minute, GiveUp: 6 * time.Hour}, s, clk)

	clk.WaitArmed(t, start.Add(time.Minute))
	clk.Advance(time.Minute + coalesce)
	s.waitFor(t, p, 1)
	retried := clk.Now()
	clk.WaitArmed(t, retried.Add(6*time.Hour)) // handle's retry was taken
	clk.Advance(6*time.Hour - time.Second)
	if got := s.all(p); len(got) != 1 {
		t.Fatalf("handed over %d times before GiveUp, want 1", len(got))
	}
	clk.Advance(time.Second + coalesce)
	g := s.waitFor(t, p, 2)
	if g[0].Final || !g[1].Final {
		t.Errorf("hand-overs Final = %v, %v; want false, true", g[0].Final, g[1].Final)
	}
}

// newFakeClock is a fake clock for the watcher's tests.
func newFakeClock() *clocktest.Fake {
	return clocktest.NewFake(time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC))
}

// eventWatch is a watcher on a fake clock with real file events, and the
// names of the events it has taken. A test writes files, waits until the
// watcher has taken their events (sync), and only then moves the clock:
// no event of the test's own writes can arrive after the settle time has
// passed and hand a file over a second time.
type eventWatch struct {
	clk    *clocktest.Fake
	s      *collector
	root   string
	settle time.Duration
	stop   func() // cancels the watcher and waits for it

	mu    sync.Mutex
	taken map[string]bool
	syncs int
}

// startEventWatch runs the watcher on root with file events and a fake
// clock until the test ends, and returns once its first scan is done (the
// folder is watched). The settle time is a minute unless opts says.
func startEventWatch(t *testing.T, root string, opts WatchOptions, s *collector) *eventWatch {
	t.Helper()
	if opts.Settle == 0 {
		opts.Settle = time.Minute
	}
	e := &eventWatch{clk: newFakeClock(), s: s, root: root, settle: opts.Settle, taken: make(map[string]bool)}
	s.now = e.clk.Now
	start := e.clk.Now()
	writeFile(t, filepath.Join(root, "zz-started.fit"), 10)
	opts.taken = e.take
	e.stop = startFakeEvents(t, root, opts, s, e.clk)
	e.clk.WaitArmed(t, start.Add(e.settle)) // the first scan found zz-started.fit
	return e
}

func (e *eventWatch) take(name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.taken[filepath.Clean(name)] = true
}

// sync writes a file the watcher ignores into dir and waits (in real time,
// up to waitLimit) until the watcher has taken its event: the events of
// everything written before have been taken too.
func (e *eventWatch) sync(t *testing.T, dir string) {
	t.Helper()
	e.mu.Lock()
	e.syncs++
	p := filepath.Join(dir, fmt.Sprintf("sync-%d.tmp", e.syncs))
	e.mu.Unlock()
	writeFile(t, p, 0)
	end := time.Now().Add(waitLimit)
	for {
		e.mu.Lock()
		done := e.taken[p]
		e.mu.Unlock()
		if done {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("watcher never took the event of %s", p)
		}
		time.Sleep(time.Millisecond)
	}
}

// settleAll takes every event written so far and moves the clock past the
// settle time: every file written so far is due to be handed over.
func (e *eventWatch) settleAll(t *testing.T) {
	t.Helper()
	e.sync(t, e.root)
	e.clk.Advance(e.settle + coalesce)
}

// marker writes a fresh file and waits until it is handed over, the clock
// moved past the settle time: everything written before it has been handed
// over in the same batch or an earlier one, so counts taken afterwards are
// final.
func (e *eventWatch) marker(t *testing.T) {
	t.Helper()
	p := filepath.Join(e.root, fmt.Sprintf("marker-%d.fit", time.Now().UnixNano()))
	writeFile(t, p, 1)
	e.settleAll(t)
	e.s.waitFor(t, p, 1)
}

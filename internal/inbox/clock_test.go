package inbox

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock the test moves: its timers and tickers fire when
// Advance passes their time, never by themselves.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC)}
}

// fakeTimer is a timer (every 0) or a ticker of a fakeClock.
type fakeTimer struct {
	c      *fakeClock
	ch     chan time.Time
	at     time.Time
	every  time.Duration
	active bool
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) add(every, d time.Duration) *fakeTimer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, ch: make(chan time.Time, 1), at: c.now.Add(d), every: every, active: true}
	c.timers = append(c.timers, t)
	return t
}

func (c *fakeClock) NewTimer(d time.Duration) timer   { return c.add(0, d) }
func (c *fakeClock) NewTicker(d time.Duration) ticker { return c.add(d, d) }

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Reset(d time.Duration) {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.at, t.active = t.c.now.Add(d), true
}

func (t *fakeTimer) Stop() {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.active = false
}

// Advance moves the clock by d and fires what came due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for _, t := range c.timers {
		if !t.active || t.at.After(c.now) {
			continue
		}
		select {
		case t.ch <- c.now:
		default: // not taken yet: like time.Ticker, drop the tick
		}
		if t.every > 0 {
			for !t.at.After(c.now) {
				t.at = t.at.Add(t.every)
			}
		} else {
			t.active = false
		}
	}
}

// waitArmed waits (in real time, for the watcher's goroutine) until a timer
// is set to fire at or after at, and returns when it fires.
func (c *fakeClock) waitArmed(t *testing.T, at time.Time) time.Time {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		for _, tm := range c.timers {
			if tm.active && tm.every == 0 && !tm.at.Before(at) {
				due := tm.at
				c.mu.Unlock()
				return due
			}
		}
		c.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("the watcher set no timer for %v or later", at)
	return time.Time{}
}

// startFake runs the watcher on a fake clock, polling (so that only the
// clock, not file events, makes it look), until the test ends.
func startFake(t *testing.T, root string, opts WatchOptions, s *collector, clk *fakeClock) {
	t.Helper()
	opts.Poll = 24 * time.Hour // fires only when the test advances that far
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- watch(ctx, root, opts, s.handle, clk) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watch(%s) = %v, want nil after cancel", root, err)
		}
		s.check(t)
	})
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

	due := clk.waitArmed(t, start.Add(time.Hour)) // the first scan found the file
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

	clk.waitArmed(t, start.Add(time.Minute))
	clk.Advance(time.Minute + coalesce)
	s.waitFor(t, p, 1)
	retried := clk.Now()
	clk.waitArmed(t, retried.Add(6*time.Hour)) // handle's retry was taken
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

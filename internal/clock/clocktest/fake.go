// Package clocktest holds the fake clock tests drive: its timers and
// tickers fire when the test advances it past their time, never by
// themselves, so that settle times, give-up times and midnights pass in no
// real time.
package clocktest

import (
	"sync"
	"testing"
	"time"

	"easyday/internal/clock"
)

// waitLimit bounds, in real time, how long a test waits for the code under
// test to set a timer or take a tick: a guard against hanging, far above
// what a loaded machine needs.
const waitLimit = 10 * time.Second

// Fake is a clock.Clock the test moves with Advance.
type Fake struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
	armed  []time.Time // when each one-shot timer set (made or reset) is due, in order
	taken  int         // how many of armed NextArmed has returned
}

// NewFake returns a fake clock reading at.
func NewFake(at time.Time) *Fake { return &Fake{now: at} }

// fakeTimer is a timer (every 0) or a ticker of a Fake.
type fakeTimer struct {
	c      *Fake
	ch     chan time.Time
	at     time.Time
	every  time.Duration
	active bool
}

// Now returns the fake time.
func (c *Fake) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *Fake) add(every, d time.Duration) *fakeTimer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, ch: make(chan time.Time, 1), at: c.now.Add(d), every: every, active: true}
	c.timers = append(c.timers, t)
	if every == 0 {
		c.armed = append(c.armed, t.at)
	}
	return t
}

// NewTimer makes a timer that fires once Advance passes d from now.
func (c *Fake) NewTimer(d time.Duration) clock.Timer { return c.add(0, d) }

// NewTicker makes a ticker that fires each time Advance passes another d.
func (c *Fake) NewTicker(d time.Duration) clock.Ticker { return c.add(d, d) }

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Reset(d time.Duration) {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.at, t.active = t.c.now.Add(d), true
	drain(t.ch) // as time.Timer's Reset: no tick of the old time is left
	if t.every == 0 {
		t.c.armed = append(t.c.armed, t.at)
	}
}

func (t *fakeTimer) Stop() {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.active = false
	drain(t.ch) // as time.Timer's Stop: no tick is left to take
}

func drain(ch chan time.Time) {
	select {
	case <-ch:
	default:
	}
}

// Advance moves the clock by d and fires what came due.
func (c *Fake) Advance(d time.Duration) {
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

// AdvanceTo moves the clock to at (never back) and fires what came due.
func (c *Fake) AdvanceTo(at time.Time) {
	if d := at.Sub(c.Now()); d > 0 {
		c.Advance(d)
	}
}

// WaitArmed waits (in real time, for the goroutine under test) until a
// one-shot timer is set to fire at or after at, and returns when it fires.
func (c *Fake) WaitArmed(t testing.TB, at time.Time) time.Time {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
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
	t.Fatalf("no timer was set for %v or later", at)
	return time.Time{}
}

// NextArmed waits (in real time) for the next one-shot timer the code
// under test sets, made or reset, after those NextArmed returned before,
// and returns when it is due.
func (c *Fake) NextArmed(t testing.TB) time.Time {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		if c.taken < len(c.armed) {
			due := c.armed[c.taken]
			c.taken++
			c.mu.Unlock()
			return due
		}
		c.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("no timer was set")
	return time.Time{}
}

// WaitTaken waits (in real time) until every tick fired so far has been
// taken from its channel by the code under test.
func (c *Fake) WaitTaken(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		pending := false
		for _, tm := range c.timers {
			pending = pending || len(tm.ch) > 0
		}
		c.mu.Unlock()
		if !pending {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("a tick fired was not taken")
}

package inbox

import "time"

// clock is the watcher's time: the real one, or a test's, so that tests
// can drive settle and give-up times instead of sleeping through them.
type clock interface {
	Now() time.Time
	NewTimer(d time.Duration) timer
	NewTicker(d time.Duration) ticker
}

// timer is the part of *time.Timer the watcher uses.
type timer interface {
	C() <-chan time.Time
	Reset(d time.Duration)
	Stop()
}

// ticker is the part of *time.Ticker the watcher uses.
type ticker interface {
	C() <-chan time.Time
	Stop()
}

// realClock is the time package's clock.
type realClock struct{}

func (realClock) Now() time.Time                   { return time.Now() }
func (realClock) NewTimer(d time.Duration) timer   { return realTimer{time.NewTimer(d)} }
func (realClock) NewTicker(d time.Duration) ticker { return realTicker{time.NewTicker(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time   { return r.t.C }
func (r realTimer) Reset(d time.Duration) { r.t.Reset(d) }
func (r realTimer) Stop()                 { r.t.Stop() }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

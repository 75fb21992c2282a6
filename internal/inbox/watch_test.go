package inbox

import (
	"context"
	"easyday/internal/clock"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// The tests move a fake clock; waitLimit only guards, in real time, against
// a watcher that never does what a test waits for, far above what a loaded
// machine needs. testSettle is the real settle time of the benchmarks,
// which measure real time.
const (
	testSettle = 200 * time.Millisecond
	waitLimit  = 10 * time.Second
)

// arrival is a hand-over as a test sees it: one Ready and when it arrived.
type arrival struct {
	Ready
	at   time.Time
	size int64 // the file's size when handle ran
}

// collector collects what Watch hands over. retry decides which paths to hand
// back as not complete yet.
type collector struct {
	mu      sync.Mutex
	handed  []arrival
	retry   func(Ready) bool
	running atomic.Int32
	overlap atomic.Bool      // handle ran twice at once
	unsort  atomic.Bool      // a batch was not sorted by path
	gate    chan struct{}    // non-nil: handle waits until it is closed
	now     func() time.Time // the clock arrivals are timed by; nil: time.Now
}

func (s *collector) handle(ctx context.Context, batch []Ready) []string {
	if s.running.Add(1) > 1 {
		s.overlap.Store(true)
	}
	defer s.running.Add(-1)
	if !slices.IsSortedFunc(batch, func(a, b Ready) int { return strings.Compare(a.Path, b.Path) }) {
		s.unsort.Store(true)
	}
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
		}
	}
	var retry []string
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.now != nil {
		now = s.now()
	}
	for _, r := range batch {
		g := arrival{Ready: r, at: now, size: -1}
		if info, err := os.Stat(r.Path); err == nil {
			g.size = info.Size()
		}
		s.handed = append(s.handed, g)
		if s.retry != nil && s.retry(r) {
			retry = append(retry, r.Path)
		}
	}
	return retry
}

// all returns every handoff of path so far.
func (s *collector) all(path string) []arrival {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []arrival
	for _, g := range s.handed {
		if g.Path == path {
			out = append(out, g)
		}
	}
	return out
}

// waitFor polls until path has been handed over n times, or fails the test
// at the waitLimit.
func (s *collector) waitFor(t *testing.T, path string, n int) []arrival {
	t.Helper()
	return s.waitWith(t, path, n, func() { time.Sleep(10 * time.Millisecond) })
}

// waitWith calls between until path has been handed over n times, or fails
// the test at the waitLimit of real time.
func (s *collector) waitWith(t *testing.T, path string, n int, between func()) []arrival {
	t.Helper()
	end := time.Now().Add(waitLimit)
	for {
		if g := s.all(path); len(g) >= n {
			return g
		}
		if time.Now().After(end) {
			t.Fatalf("Watch: %s handed over %d times, want %d", filepath.Base(path), len(s.all(path)), n)
		}
		between()
	}
}

// waitRunning waits (in real time, up to waitLimit) until handle is
// running, with what in hand.
func (s *collector) waitRunning(t *testing.T, what string) {
	t.Helper()
	end := time.Now().Add(waitLimit)
	for s.running.Load() == 0 {
		if time.Now().After(end) {
			t.Fatalf("Watch never called handle for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// check fails the test if handle ever ran concurrently or handed an unsorted
// batch.
func (s *collector) check(t *testing.T) {
	t.Helper()
	if s.overlap.Load() {
		t.Error("Watch called handle concurrently")
	}
	if s.unsort.Load() {
		t.Error("Watch handed over a batch not sorted by path")
	}
}

func writeFile(t *testing.T, path string, size int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A copy in chunks with pauses shorter than Settle, as over a slow USB
// link, is handed over once, whole. The pauses pass on the fake clock; the
// file events are real, and all of them are taken before the clock moves
// past the copy's end, so that no late event hands the file over again.
func TestWatchSlowCopy(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	const settle = time.Minute
	s := &collector{}
	e := startEventWatch(t, root, WatchOptions{Settle: settle}, s)
	clk := e.clk

	p := filepath.Join(root, "slow.fit")
	const chunk, chunks = 4096, 8
	slowCopy(t, clk, p, chunk, chunks, settle/2)
	e.sync(t, root)
	copied := clk.Now()
	g := advanceUntil(t, clk, settle/2, s, p, 1)
	if g[0].size != chunk*chunks || g[0].at.Before(copied.Add(settle)) {
		t.Errorf("Watch(slow copy) handed over at size %d, %v after the copy ended; want %d, at least %v after",
			g[0].size, g[0].at.Sub(copied), chunk*chunks, settle)
	}
	e.marker(t)
	if n := len(s.all(p)); n != 1 {
		t.Errorf("Watch(slow copy) handed over %d times, want 1", n)
	}
}

func TestWatchRenameIntoPlace(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	s := &collector{}
	e := startEventWatch(t, root, WatchOptions{}, s)

	part := filepath.Join(root, "x.fit.part")
	final := filepath.Join(root, "x.fit")
	writeFile(t, part, 2048)
	e.marker(t) // the .part has had time to settle: it must not be handed over
	if err := os.Rename(part, final); err != nil {
		t.Fatal(err)
	}
	e.settleAll(t)
	s.waitFor(t, final, 1)
	e.marker(t)
	if n := len(s.all(final)); n != 1 {
		t.Errorf("Watch(rename into place) handed x.fit over %d times, want 1", n)
	}
	if n := len(s.all(part)); n != 0 {
		t.Errorf("Watch(rename into place) handed x.fit.part over %d times, want 0", n)
	}
}

func TestWatchIgnoresInFlightNames(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	s := &collector{}
	e := startEventWatch(t, root, WatchOptions{}, s)

	names := []string{
		"ride.fit.crdownload", ".hidden.fit", "~lock.fit", "run.tmp", "run.fit.part",
		".syncthing.run.fit.tmp", "run.fit.download", ".stfolder/inside.fit",
	}
	for _, n := range names {
		writeFile(t, filepath.Join(root, n), 100)
	}
	e.marker(t)
	for _, n := range names {
		if g := s.all(filepath.Join(root, n)); len(g) != 0 {
			t.Errorf("Watch(%s) handed over %d times, want 0", n, len(g))
		}
	}
}

func TestWatchBurst(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	// handle holds its first batch until the second half of the burst has
	// settled, so files settle while a batch is in hand.
	s := &collector{gate: make(chan struct{})}
	e := startEventWatch(t, root, WatchOptions{}, s)

	const n = 500
	paths := make([]string, n)
	write := func(from, to int) {
		for i := from; i < to; i++ {
			paths[i] = filepath.Join(root, fmt.Sprintf("a%03d.fit", i))
			writeFile(t, paths[i], 512)
		}
	}
	write(0, n/2)
	e.settleAll(t)
	s.waitRunning(t, "the first half of the burst")
	write(n/2, n)
	e.settleAll(t)
	close(s.gate)
	for _, p := range paths {
		s.waitFor(t, p, 1)
	}
	e.marker(t)
	for _, p := range paths {
		if g := s.all(p); len(g) != 1 {
			t.Errorf("Watch(burst) handed %s over %d times, want 1", filepath.Base(p), len(g))
		}
	}
}

func TestWatchNewFolders(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	s := &collector{}
	e := startEventWatch(t, root, WatchOptions{}, s)

	// A folder tree made at once, files written straight into it: the files
	// land before any watch on the new folders can exist.
	paths := []string{
		filepath.Join(root, "2025", "a.fit"),
		filepath.Join(root, "2025", "06", "b.fit"),
		filepath.Join(root, "2025", "06", "deep", "c.fit"),
		filepath.Join(root, "other", "d.tcx"),
	}
	if err := os.MkdirAll(filepath.Join(root, "2025", "06", "deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		writeFile(t, p, 300)
	}
	e.settleAll(t)
	for _, p := range paths {
		s.waitFor(t, p, 1)
	}
	// A file written later into the nested folder comes by its event.
	deep := filepath.Join(root, "2025", "06", "deep")
	late := filepath.Join(deep, "late.fit")
	writeFile(t, late, 300)
	e.sync(t, deep)
	e.settleAll(t)
	s.waitFor(t, late, 1)
	e.marker(t)
	for _, p := range append(paths, late) {
		if g := s.all(p); len(g) != 1 {
			t.Errorf("Watch(new folder) handed %s over %d times, want 1", p, len(g))
		}
	}
}

func TestWatchDeleteAndReAdd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		remove string // relative to root; "" removes root itself
		file   string // relative to root
	}{
		{"file", "a.fit", "a.fit"},
		{"folder", "sub", "sub/b.fit"},
		{"inbox", "", "c.fit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := filepath.Join(t.TempDir(), "inbox")
			if err := os.Mkdir(root, 0o755); err != nil {
				t.Fatal(err)
			}
			s := &collector{}
			e := startEventWatch(t, root, WatchOptions{}, s)
			p := filepath.Join(root, filepath.FromSlash(tt.file))
			writeFile(t, p, 500)
			e.settleAll(t)
			s.waitFor(t, p, 1)
			// A marker handed over in a later batch: the batch that held
			// the file is finished, so the file comes back as new even
			// where its size and time read the same.
			e.marker(t)
			if err := os.RemoveAll(filepath.Join(root, tt.remove)); err != nil {
				t.Fatal(err)
			}
			if tt.remove == "" {
				// The watcher looks for a lost inbox every second of its
				// clock (the settle time's quarter, at most a second): once
				// it has set that timer, the folder comes back with the file
				// in it, and the clock moves until the look finds it.
				e.clk.WaitArmed(t, e.clk.Now().Add(time.Second))
				if err := os.Mkdir(root, 0o755); err != nil {
					t.Fatal(err)
				}
				writeFile(t, p, 500)
				e.clk.Advance(time.Second)
				e.clk.WaitArmed(t, e.clk.Now().Add(e.settle)) // the look's scan found the file
				e.clk.Advance(e.settle + coalesce)
			} else {
				writeFile(t, p, 500)
				e.settleAll(t)
			}
			s.waitFor(t, p, 2)
			// Still watching afterwards: a new file in the same folder.
			again := filepath.Join(filepath.Dir(p), "again.fit")
			writeFile(t, again, 10)
			e.sync(t, filepath.Dir(p))
			e.settleAll(t)
			s.waitFor(t, again, 1)
		})
	}
}

func TestWatchRetry(t *testing.T) {
	t.Parallel()
	const giveUp = time.Hour
	t.Run("unchanged becomes final", func(t *testing.T) {
		t.Parallel()
		root := t.TempDir()
		p := filepath.Join(root, "truncated.fit")
		s := &collector{retry: func(r Ready) bool { return r.Path == p && !r.Final }}
		e := startEventWatch(t, root, WatchOptions{GiveUp: giveUp}, s)
		writeFile(t, p, 1000)
		e.settleAll(t)
		s.waitFor(t, p, 1)
		retried := e.clk.Now()
		e.clk.WaitArmed(t, retried.Add(giveUp)) // handle's retry was taken
		e.clk.Advance(giveUp + coalesce)
		g := s.waitFor(t, p, 2)
		if g[0].Final || !g[1].Final {
			t.Errorf("Watch(retry) Final = %v, %v, want false, true", g[0].Final, g[1].Final)
		}
		if wait := g[1].at.Sub(retried); wait < giveUp {
			t.Errorf("Watch(retry) handed over Final %v after the retry, want at least GiveUp %v", wait, giveUp)
		}
		e.marker(t)
		if n := len(s.all(p)); n != 2 {
			t.Errorf("Watch(retry) handed over %d times, want 2 (no more after Final)", n)
		}
	})
	t.Run("grows after retry", func(t *testing.T) {
		t.Parallel()
		root := t.TempDir()
		p := filepath.Join(root, "growing.fit")
		var once sync.Once
		s := &collector{retry: func(r Ready) bool {
			hand := false
			if r.Path == p {
				once.Do(func() { hand = true })
			}
			return hand
		}}
		e := startEventWatch(t, root, WatchOptions{GiveUp: giveUp}, s)
		writeFile(t, p, 1000)
		e.settleAll(t)
		s.waitFor(t, p, 1)
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(make([]byte, 1000)); err != nil {
			t.Fatal(err)
		}
		f.Close()
		e.settleAll(t)
		g := s.waitFor(t, p, 2)
		if g[1].Final || g[1].size != 2000 {
			t.Errorf("Watch(grown after retry) = Final %v size %d, want Final false size 2000", g[1].Final, g[1].size)
		}
		if wait := g[1].at.Sub(g[0].at); wait >= giveUp {
			t.Errorf("Watch(grown after retry) took %v, want it well before GiveUp", wait)
		}
	})
}

// Polling finds files in folders old and new, a slow copy whole, and a
// file deleted and added again anew; polls and settle times pass on the
// fake clock.
func TestWatchPoll(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	before := filepath.Join(root, "old", "before.fit")
	writeFile(t, before, 100)
	clk := newFakeClock()
	const settle, poll = time.Minute, 20 * time.Second
	s := &collector{now: clk.Now}
	startFake(t, root, WatchOptions{Settle: settle, Poll: poll}, s, clk)
	advanceUntil(t, clk, poll, s, before, 1)

	// A slow copy must still be handed over whole: the poll sees it grow.
	p := filepath.Join(root, "new", "slow.fit")
	slowCopy(t, clk, p, 1000, 5, settle/2)
	copied := clk.Now()
	g := advanceUntil(t, clk, poll, s, p, 1)
	if g[0].size != 5000 || g[0].at.Before(copied.Add(settle)) {
		t.Errorf("Watch(poll, slow copy) handed over at size %d, %v after the copy ended; want 5000, at least %v after",
			g[0].size, g[0].at.Sub(copied), settle)
	}
	// Deleted and re-added: new again.
	if err := os.Remove(before); err != nil {
		t.Fatal(err)
	}
	fakeMarker(t, clk, poll, s, root)
	writeFile(t, before, 100)
	advanceUntil(t, clk, poll, s, before, 2)
	fakeMarker(t, clk, poll, s, root)
	if n := len(s.all(p)); n != 1 {
		t.Errorf("Watch(poll) handed slow.fit over %d times, want 1", n)
	}
}

// TestWatchPollSlowerThanSettle covers a poll that misses most of a copy:
// the settle check itself must see the file still growing.
func TestWatchPollSlowerThanSettle(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "before.fit"), 10)
	clk := newFakeClock()
	start := clk.Now()
	const settle, poll = time.Minute, 150 * time.Second
	s := &collector{now: clk.Now}
	startFake(t, root, WatchOptions{Settle: settle, Poll: poll}, s, clk)
	clk.WaitArmed(t, start.Add(settle)) // the first scan is done
	p := filepath.Join(root, "slow.fit")
	slowCopy(t, clk, p, 1000, 10, settle/2)
	copied := clk.Now()
	g := advanceUntil(t, clk, settle/2, s, p, 1)
	if g[0].size != 10000 || g[0].at.Before(copied.Add(settle)) {
		t.Errorf("Watch(poll %v, slow copy) handed over at size %d, %v after the copy ended; want 10000, at least %v after",
			poll, g[0].size, g[0].at.Sub(copied), settle)
	}
}

func TestWatchRescan(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	present := []string{filepath.Join(root, "a.fit"), filepath.Join(root, "sub", "b.tcx")}
	for _, p := range present {
		writeFile(t, p, 100)
	}
	const rescan = time.Hour
	s := &collector{}
	e := startEventWatch(t, root, WatchOptions{Rescan: rescan}, s)
	e.settleAll(t) // after the first scan, whole
	for _, p := range present {
		s.waitFor(t, p, 1)
	}
	e.marker(t) // the batch that held them is finished
	// The periodic rescan hands every file over again: the consumer's
	// ledger makes that cheap, and it heals anything an event missed.
	e.clk.Advance(rescan)
	e.clk.WaitTaken(t) // the rescan is under way: events wait until it is done
	e.settleAll(t)
	for _, p := range present {
		s.waitFor(t, p, 2)
	}
}

func TestWatchOverflowRescans(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer fw.Close()
	w := newWatcher(root, WatchOptions{Settle: testSettle}, func(context.Context, []Ready) []string { return nil }, clock.Real)
	w.fs = fw
	ctx := context.Background()
	w.scan(ctx, true)
	// A file whose events are never read stands for events the kernel dropped.
	p := filepath.Join(root, "lost.fit")
	writeFile(t, p, 10)
	w.lastFull = time.Time{}
	w.fsError(ctx, fmt.Errorf("read: %w", fsnotify.ErrEventOverflow))
	if _, ok := w.files[p]; !ok {
		t.Errorf("fsError(overflow) left %s out of the candidates, want it in", p)
	}
	// A second overflow at once is put off, not scanned on the spot.
	q := filepath.Join(root, "later.fit")
	writeFile(t, q, 10)
	w.fsError(ctx, fsnotify.ErrEventOverflow)
	if _, ok := w.files[q]; ok || !w.soonSet {
		t.Errorf("fsError(overflow again) = scanned %v, deferred %v, want false, true", ok, w.soonSet)
	}
	w.soon.Stop()
}

func TestWatchFolderRenamed(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	s := &collector{}
	e := startEventWatch(t, root, WatchOptions{}, s)
	old := filepath.Join(root, "a", "c", "x.fit")
	writeFile(t, old, 100)
	e.settleAll(t)
	s.waitFor(t, old, 1)
	if err := os.Rename(filepath.Join(root, "a"), filepath.Join(root, "b")); err != nil {
		t.Fatal(err)
	}
	// The moved file is a candidate under its new name, and the folder below
	// the moved one is watched under its new name too.
	e.settleAll(t)
	s.waitFor(t, filepath.Join(root, "b", "c", "x.fit"), 1)
	c := filepath.Join(root, "b", "c")
	late := filepath.Join(c, "y.fit")
	writeFile(t, late, 100)
	e.sync(t, c)
	e.settleAll(t)
	s.waitFor(t, late, 1)
}

// A cancelled watcher returns, idle, in the middle of handle, or with
// many files in hand; the clock is fake, and only a guard stands against
// a watcher that never returns.
func TestWatchCancel(t *testing.T) {
	t.Parallel()
	t.Run("idle", func(t *testing.T) {
		t.Parallel()
		e := startEventWatch(t, t.TempDir(), WatchOptions{}, &collector{})
		e.stop()
	})
	t.Run("during handle", func(t *testing.T) {
		t.Parallel()
		root := t.TempDir()
		s := &collector{gate: make(chan struct{})} // handle waits for ctx
		e := startEventWatch(t, root, WatchOptions{}, s)
		writeFile(t, filepath.Join(root, "b.fit"), 10)
		e.settleAll(t)
		s.waitRunning(t, "b.fit")
		e.stop()
	})
	t.Run("many files", func(t *testing.T) {
		t.Parallel()
		root := t.TempDir()
		for i := range 1000 {
			writeFile(t, filepath.Join(root, fmt.Sprintf("d%d", i%20), fmt.Sprintf("f%04d.fit", i)), 1)
		}
		clk := newFakeClock()
		stop := startFake(t, root, WatchOptions{Settle: time.Minute, Poll: time.Second}, &collector{now: clk.Now}, clk)
		clk.WaitArmed(t, clk.Now().Add(time.Minute)) // the first scan is under way
		clk.Advance(time.Second)                     // a poll due
		stop()
	})
}

func TestWatchErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file.fit")
	writeFile(t, file, 1)
	nop := func(context.Context, []Ready) []string { return nil }
	tests := []struct {
		name   string
		root   string
		handle func(context.Context, []Ready) []string
		want   error
	}{
		{"missing", filepath.Join(dir, "nope"), nop, os.ErrNotExist},
		{"file", file, nop, nil},
		{"no handler", dir, nil, nil},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		err := Watch(ctx, tt.root, WatchOptions{}, tt.handle)
		cancel()
		if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("Watch(%s) = %v, want an error (%v)", tt.name, err, tt.want)
		}
	}
}

// BenchmarkWatchLatency measures how long after its last write a small
// file is handed over, beyond Settle (the promise is about 100 ms).
func BenchmarkWatchLatency(b *testing.B) {
	for _, mode := range []struct {
		name string
		poll time.Duration
	}{{"events", 0}, {"poll", 100 * time.Millisecond}} {
		b.Run(mode.name, func(b *testing.B) {
			root := b.TempDir()
			arrived := make(chan time.Time, 16)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				done <- Watch(ctx, root, WatchOptions{Settle: testSettle, Poll: mode.poll}, func(_ context.Context, batch []Ready) []string {
					for range batch {
						arrived <- time.Now()
					}
					return nil
				})
			}()
			time.Sleep(100 * time.Millisecond) // let the first scan finish
			var over time.Duration
			for i := 0; b.Loop(); i++ {
				p := filepath.Join(root, fmt.Sprintf("f%d.fit", i))
				if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
					b.Fatal(err)
				}
				wrote := time.Now()
				select {
				case at := <-arrived:
					over += at.Sub(wrote) - testSettle
				case <-time.After(waitLimit):
					b.Fatal("file never handed over")
				}
			}
			b.ReportMetric(float64(over.Milliseconds())/float64(b.N), "ms-over-settle/op")
			cancel()
			<-done
		})
	}
}

// BenchmarkWatchInbox measures a start on an inbox of 10,000 files in 100
// folders: the first scan, the settle and the hand-over of every file.
func BenchmarkWatchInbox(b *testing.B) {
	root := b.TempDir()
	const files = 10000
	for i := range files {
		p := filepath.Join(root, fmt.Sprintf("d%02d", i%100), fmt.Sprintf("f%05d.fit", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var peak uint64
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		var n atomic.Int64
		done := make(chan error, 1)
		go func() {
			done <- Watch(ctx, root, WatchOptions{Settle: testSettle}, func(_ context.Context, batch []Ready) []string {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
				if n.Add(int64(len(batch))) >= files {
					cancel()
				}
				return nil
			})
		}()
		select {
		case err := <-done:
			if err != nil {
				b.Fatal(err)
			}
		case <-time.After(time.Minute):
			b.Fatal("files never all handed over")
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

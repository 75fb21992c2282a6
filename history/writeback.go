package history

import (
	"os"
	"time"
)

// startWriteback asks the system, on another goroutine, to begin writing
// the write-ahead log's new pages to disk without waiting for them. A
// commit in WAL mode with synchronous=NORMAL leaves its pages in the page
// cache, and the checkpoint that copies the log into the database (at
// Close, or when the log is long) must first sync the log: begun after
// each commit, that sync finds most of the log on disk already instead of
// waiting for all of it at the end of an import (docs/benchmarks.md,
// "Settings measured"). It changes no data and no guarantee, only when
// the pages reach the disk. At most one runs at a time; Close waits for
// it.
func (s *Store) startWriteback() {
	if !writebackSupported || !s.writeback.TryLock() {
		return
	}
	path := s.abs + "-wal"
	if s.final != "" {
		path = s.abs // a first import's private file has no log
	}
	go func() {
		defer s.writeback.Unlock()
		writeback(path)
	}()
}

// writeback is writebackFile; tests replace it to see when it runs.
var writeback = writebackFile

// checkpointWriteback is how long a write-ahead log must be for Close to
// start the database's writeback while its checkpoint copies the log in:
// a bulk import's, not a command that wrote a row or two.
const checkpointWriteback = 1 << 20

// writebackDuringCheckpoint begins, when the write-ahead log is long, asking
// the system every few milliseconds to write the database's new pages to
// disk while Close's checkpoint is still copying them in, so that the
// checkpoint's closing sync finds most of them written (docs/benchmarks.md,
// "Settings measured"). The function it returns stops it. It changes no
// data and no guarantee, only when the pages reach the disk.
func (s *Store) writebackDuringCheckpoint() (stop func()) {
	if !writebackSupported {
		return func() {}
	}
	if fi, err := os.Stat(s.abs + "-wal"); err != nil || fi.Size() < checkpointWriteback {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				writeback(s.abs)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

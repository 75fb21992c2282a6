package history

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
	go func() {
		defer s.writeback.Unlock()
		writeback(s.abs + "-wal")
	}()
}

// writeback is writebackFile; tests replace it to see when it runs.
var writeback = writebackFile

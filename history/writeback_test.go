package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"time"
)

// Ending a batch starts a writeback of the write-ahead log, and Close
// waits for one in flight before it closes the database.
func TestEndStartsWriteback(t *testing.T) {
	if !writebackSupported {
		t.Skip("no writeback on this system")
	}
	s, path := openTemp(t)
	started := make(chan string, 1)
	release := make(chan struct{})
	writeback = func(p string) {
		if p != path+"-wal" {
			writebackFile(p) // another store's: not this test's to hold
			return
		}
		started <- p
		<-release
	}
	t.Cleanup(func() { writeback = writebackFile })
	b, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.MarkSeen("/inbox/a.fit", 10, time.Unix(1, 0)); err != nil {
		t.Fatal(err)
	}
	if err := b.End(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatalf("End started no writeback of %s-wal", path)
	}
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a writeback was in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-closed; err != nil {
		t.Fatalf("Close error %v", err)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after Close the write-ahead log is still there (%v): it was not checkpointed", err)
	}
	s2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if seen, err := s2.Seen(ctx, "/inbox/a.fit", 10, time.Unix(1, 0)); err != nil || !seen {
		t.Errorf("after Close: Seen = %v, %v; want true", seen, err)
	}
}

// Close begins the database's writeback while its checkpoint copies in a
// long write-ahead log, and not for a short one.
func TestCheckpointWriteback(t *testing.T) {
	if !writebackSupported {
		t.Skip("no writeback on this system")
	}
	s, path := openTemp(t)
	calls := make(chan string, 100) // of this database, not its log (End's)
	writeback = func(p string) {
		if p != path {
			writebackFile(p) // its log, or another store's: not this test's
			return
		}
		select {
		case calls <- p:
		default:
		}
	}
	t.Cleanup(func() { writeback = writebackFile })
	stop := s.writebackDuringCheckpoint()
	time.Sleep(20 * time.Millisecond)
	stop()
	if len(calls) != 0 {
		t.Fatalf("a short log (%d calls): want no writeback", len(calls))
	}

	// A log of more than checkpointWriteback: a scan-cache row per
	// path, each path a few hundred bytes long.
	b, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	long := string(make([]byte, 400))
	for i := range 4000 {
		if err := b.MarkSeen(fmt.Sprintf("/inbox/%s/%d.fit", long, i), 10, time.Unix(1, 0)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.End(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() < checkpointWriteback {
		t.Fatalf("the log: %v, %v; want more than %d bytes", fi, err, checkpointWriteback)
	}
	stop = s.writebackDuringCheckpoint()
	select {
	case <-calls:
	case <-time.After(10 * time.Second):
		t.Error("a long log: no writeback of the database")
	}
	stop()
	n := len(calls)
	time.Sleep(20 * time.Millisecond)
	if len(calls) != n {
		t.Error("writeback went on after stop")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

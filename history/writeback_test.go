package history

import (
	"errors"
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

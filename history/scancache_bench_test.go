package history

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkScanCache reads the scan cache of 1,000 files, as a run over
// an inbox of that size does as it begins.
func BenchmarkScanCache(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "history.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	mtime := time.Date(2026, 3, 1, 6, 0, 0, 123456789, time.UTC)
	for i := range 1000 {
		if err := s.MarkSeen(ctx, fmt.Sprintf("/home/athlete/inbox/2026-%04d-activity.fit", i), int64(40000+i), mtime.Add(time.Duration(i)*time.Minute)); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := s.ScanCache(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"easyday/history"
)

// TestWatchWritesReportAtMidnight runs the watcher's midnight timer on a
// clock set a second before local midnight: the new day's report appears
// with no file arriving.
func TestWatchWritesReportAtMidnight(t *testing.T) {
	e := newEnv(t, testConfig)
	c, err := loadConfig(e.config, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	st, err := history.Open(context.Background(), c.Database, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// 23:59:59 local on the day British Summer Time begins: the next day
	// has 23 hours, and its midnight is still found.
	target := time.Date(2026, 3, 28, 23, 59, 59, 0, c.Profile.Location)
	offset := time.Until(target)
	a := &app{stdout: io.Discard, stderr: io.Discard, getenv: noEnv,
		now: func() time.Time { return time.Now().Add(offset) },
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	w := &watcher{app: a, store: st, cfg: c}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.midnights(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	want := filepath.Join(c.Reports, "2026-03-29.md")
	waitFor(t, 10*time.Second, "the report of the new day", func() bool {
		_, err := os.Stat(want)
		return err == nil
	})
	if _, err := os.Stat(filepath.Join(c.Reports, "2026-03-28.md")); err == nil {
		t.Errorf("a report for the old day was written at midnight")
	}
}

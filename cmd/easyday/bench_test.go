package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"easyday"
	"easyday/analysis"
	"easyday/history"
	"easyday/history/historytest"
	"easyday/internal/bench"
	"easyday/internal/config"
)

// tenYears fills a history with one hour-long run a day for ten years, as
// an athlete's first bulk import would.
func tenYears(b *testing.B, dbPath string, p easyday.Profile) {
	b.Helper()
	st, err := history.Open(context.Background(), dbPath, history.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	first := time.Date(2016, 1, 1, 6, 0, 0, 0, time.UTC)
	for d := 0; d < 3650; d++ {
		start := first.AddDate(0, 0, d)
		rec := easyday.Recording{Format: "fit", Sport: easyday.Running, Start: start}
		for s := 0; s < 3600; s += 2 {
			rec.Samples = append(rec.Samples, easyday.Sample{Time: easyday.InstantOf(start.Add(time.Duration(s) * time.Second)),
				HR: 120 + (s/60+d)%50, Power: easyday.Missing, Distance: float64(s) * 3, Speed: 3})
		}
		a := analysis.Analyze(rec, p)
		a.SHA256 = fmt.Sprintf("%064x", d)
		a.Source = fmt.Sprintf("/old/%d.fit", d)
		f := history.FileRecord{Path: a.Source, SHA256: a.SHA256, Size: 1, Status: easyday.StatusIngested}
		if _, err := historytest.Commit(context.Background(), st, f, []easyday.Activity{a}); err != nil {
			b.Fatal(err)
		}
	}
}

var (
	tenYearsPath string
	tenYearsMu   sync.Mutex
)

// tenYearsOnce builds the ten-year history once per test binary: the
// benchmark function runs several times as b.N grows.
func tenYearsOnce(b *testing.B, p easyday.Profile) string {
	tenYearsMu.Lock()
	defer tenYearsMu.Unlock()
	if tenYearsPath == "" {
		dir, err := os.MkdirTemp("", "easyday-bench")
		if err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(dir, "history.db")
		tenYears(b, path, p)
		tenYearsPath = path
	}
	return tenYearsPath
}

func copyHistory(b *testing.B, src, dst string) {
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkWatchDropToReport measures what 'easyday watch' promises: a
// complete file dropped into the inbox is in the history and today's
// report is rewritten within the settle time plus one second, with ten years
// of history in the database. It reports the time beyond the settle time
// (overhead-ms) as well as the whole latency per file.
func BenchmarkWatchDropToReport(b *testing.B) {
	dir := b.TempDir()
	cfgPath := filepath.Join(dir, "config.toml")
	check(b, os.WriteFile(cfgPath, []byte(testConfig), 0o600))
	check(b, os.MkdirAll(filepath.Join(dir, "inbox"), 0o700))
	c, err := config.Load(cfgPath, os.Getenv)
	if err != nil {
		b.Fatal(err)
	}
	copyHistory(b, tenYearsOnce(b, c.Profile), c.Database)
	st, err := history.Open(context.Background(), c.Database, history.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()

	const settle = 500 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--config", cfgPath, "watch", "--settle", settle.String()}, discard{}, discard{}, time.Now)
	}()
	latest := filepath.Join(c.Reports, "latest.md")
	files := func() int {
		fs, err := st.Files(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		return len(fs)
	}
	base := files()
	if base < 3650 {
		b.Fatalf("history holds %d files, want ten years (3650)", base)
	}
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		data := smallRunData(b, 10000+i)
		p := filepath.Join(c.Inbox, fmt.Sprintf("drop-%d.fit", i))
		tmp := p + ".part"
		check(b, os.WriteFile(tmp, data, 0o600))
		begin := time.Now()
		check(b, os.Rename(tmp, p)) // a complete file appears at once, as a sync tool delivers it
		deadline := begin.Add(30 * time.Second)
		for {
			info, err := os.Stat(latest)
			if files() == base+i+1 && err == nil && info.ModTime().After(begin) {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("file %d not ingested and reported within 30 s", i)
			}
			time.Sleep(5 * time.Millisecond)
		}
		total += time.Since(begin)
	}
	b.StopTimer()
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "latency-ms/file")
	b.ReportMetric(float64((total-time.Duration(b.N)*settle).Milliseconds())/float64(b.N), "overhead-ms/file")
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkIngestArchive is a bulk import, in process: the benchmark
// archive of internal/bench (EASYDAY_BENCH_FILES files, default 200, every
// fifth as .fit.gz) ingested into a new history each time. `make pgo` takes
// the profile the build optimises for from it (docs/benchmarks.md,
// "Settings measured").
func BenchmarkIngestArchive(b *testing.B) {
	n := 200
	if s := os.Getenv("EASYDAY_BENCH_FILES"); s != "" {
		if _, err := fmt.Sscan(s, &n); err != nil {
			b.Fatalf("EASYDAY_BENCH_FILES=%q: %v", s, err)
		}
	}
	dir := b.TempDir()
	a, err := bench.Generate(filepath.Join(dir, "archive"), n)
	if err != nil {
		b.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "config.toml")
	check(b, os.WriteFile(cfgPath, []byte(testConfig), 0o600))
	c, err := config.Load(cfgPath, os.Getenv)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(c.Database + suffix)
		}
		b.StartTimer()
		if err := run(context.Background(), []string{"--config", cfgPath, "ingest", a.Dir}, discard{}, discard{}, time.Now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(a.Records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

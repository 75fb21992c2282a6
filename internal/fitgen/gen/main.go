// Command gen writes the project's generated fixtures into testdata/:
// demo/, metrics/ and quirks/ (FIT) and gpx/. `go generate ./internal/fitgen`
// runs it (so does `make fixtures`); from the module root it is also
//
//	go run ./internal/fitgen/gen
//
// Files in those folders that the generator no longer makes are removed, so
// the folders hold exactly what fitgen.Fixtures returns.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"easyday/internal/fitgen"
)

func main() {
	dir := flag.String("dir", "testdata", "testdata folder to write into")
	large := flag.String("large", "", "instead, write one large FIT ride (see -mb) to this file, for memory measurements")
	mb := flag.Int64("mb", 40, "size of the -large file in MB")
	flag.Parse()
	if *large != "" {
		if err := writeLarge(*large, *mb<<20); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// writeLarge writes fitgen.WriteLarge's ride of size bytes to path.
func writeLarge(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	start := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)
	if err := fitgen.WriteLarge(&seekWriter{f: f, w: w}, start, size); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// seekWriter buffers writes to a file; a Seek (the encoder's, to go back
// and fix the header) flushes first.
type seekWriter struct {
	f *os.File
	w *bufio.Writer
	n int64 // bytes written through w since the last Seek
	p int64 // file position at the last Seek
}

func (s *seekWriter) Write(b []byte) (int, error) {
	n, err := s.w.Write(b)
	s.n += int64(n)
	return n, err
}

// Flush is called by the encoder when a sequence is complete.
func (s *seekWriter) Flush() error { return s.w.Flush() }

func (s *seekWriter) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekCurrent && off == 0 {
		return s.p + s.n, nil
	}
	if err := s.w.Flush(); err != nil {
		return 0, err
	}
	p, err := s.f.Seek(off, whence)
	s.p, s.n = p, 0
	return p, err
}

func run(dir string) error {
	files, err := fitgen.Fixtures()
	if err != nil {
		return err
	}
	for sub, ext := range map[string]string{"demo": "fit", "metrics": "fit", "quirks": "fit", "gpx": "gpx"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
		old, err := filepath.Glob(filepath.Join(dir, sub, "*."+ext))
		if err != nil {
			return err
		}
		for _, path := range old {
			rel, _ := filepath.Rel(dir, path)
			if _, ok := files[filepath.ToSlash(rel)]; !ok {
				if err := os.Remove(path); err != nil {
					return err
				}
			}
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	total := 0
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), files[name], 0o644); err != nil {
			return err
		}
		total += len(files[name])
	}
	fmt.Printf("wrote %d files, %d bytes, into %s\n", len(names), total, dir)
	return nil
}

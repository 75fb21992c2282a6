package main

// Peak memory of one hostile or huge input, measured on the real binary:
// BenchmarkPeakRSS reports the ingest process's peak resident set
// (peak-MB, from the kernel's rusage) for each input. The inputs are made
// in a temporary folder at run time; none is committed. The same numbers
// from a shell (the benchmark resets its own peak before each input, which
// a child started by os/exec would otherwise share):
//
//	/usr/bin/time -v bin/easyday --config C ingest FILE   # "Maximum resident set size"

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"easyday"
	"easyday/internal/fitgen"
)

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// The inputs, each written to path.
var rssInputs = []struct {
	name string
	make func(b *testing.B, path string)
}{
	{"zip-1GiB-member-of-zeros.zip", func(b *testing.B, path string) {
		writeZip(b, path, "zeros.fit", io.LimitReader(zeroReader{}, 1<<30))
	}},
	{"gzip-bomb-2GiB.fit.gz", func(b *testing.B, path string) {
		f := create(b, path)
		w, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
		mustCopy(b, w, io.LimitReader(zeroReader{}, 2<<30))
		mustClose(b, w, f)
	}},
	{"zips-nested-5-deep.zip", func(b *testing.B, path string) {
		content := smallRunData(b, 0)
		name := "run.fit"
		for range 5 {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create(name)
			w.Write(content)
			zw.Close()
			content, name = buf.Bytes(), "inner.zip"
		}
		writeFile(b, path, content)
	}},
	{"tcx-150MB.tcx", func(b *testing.B, path string) { writeTCX(b, path, 150<<20) }},
	{"tcx-250MB.tcx", func(b *testing.B, path string) { writeTCX(b, path, 250<<20) }},
	{"gpx-150MB.gpx", func(b *testing.B, path string) { writeGPX(b, path, 150<<20) }},
	{"fit-40MB.fit", func(b *testing.B, path string) { writeBigFIT(b, path, 40<<20) }},
}

func BenchmarkPeakRSS(b *testing.B) {
	bin := binary(b)
	dir := b.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	writeFile(b, cfg, []byte(testConfig))
	for _, in := range rssInputs {
		path := filepath.Join(dir, in.name)
		in.make(b, path)
		forgetPeak(b)
		b.Run(in.name, func(b *testing.B) {
			var peak int64
			for range b.N {
				os.Remove(filepath.Join(dir, "history.db"))
				os.Remove(filepath.Join(dir, "history.db-wal"))
				os.Remove(filepath.Join(dir, "history.db-shm"))
				cmd := exec.Command(bin, "--config", cfg, "ingest", path)
				out, err := cmd.CombinedOutput()
				if cmd.ProcessState == nil {
					b.Fatalf("ingest %s: %v\n%s", in.name, err, out)
				}
				if code := cmd.ProcessState.ExitCode(); code != exitOK && code != exitRejected {
					b.Fatalf("ingest %s: exit %d\n%s", in.name, code, out)
				}
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				peak = max(peak, ru.Maxrss) // KiB on Linux
			}
			b.ReportMetric(float64(peak)/1024, "peak-MB")
		})
		os.Remove(path)
	}
}

// forgetPeak returns this process's free memory to the system and resets
// its peak resident set to what it holds now. A child started by os/exec
// shares this process's memory until it runs the binary (vfork), and Linux
// counts the peak of that shared memory as the child's own: without this,
// the peak of making a large input (the 40 MB FIT's points take several
// hundred MB) would be reported as the ingest's.
func forgetPeak(b *testing.B) {
	b.Helper()
	debug.FreeOSMemory()
	// "5" resets the peak resident set (Linux 4.0 and later; proc(5)).
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("could not reset this process's peak memory (%v): a peak-MB below may be the benchmark's own", err)
	}
}

func create(b *testing.B, path string) *os.File {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

func mustCopy(b *testing.B, w io.Writer, r io.Reader) {
	b.Helper()
	if _, err := io.Copy(w, r); err != nil {
		b.Fatal(err)
	}
}

func mustClose(b *testing.B, cs ...io.Closer) {
	b.Helper()
	for _, c := range cs {
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func writeZip(b *testing.B, path, member string, r io.Reader) {
	b.Helper()
	f := create(b, path)
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, err := zw.Create(member)
	if err != nil {
		b.Fatal(err)
	}
	mustCopy(b, w, r)
	mustClose(b, zw, f)
}

// writeTCX writes a TCX run of about size bytes at 1 s with heart rate,
// distance and altitude.
func writeTCX(b *testing.B, path string, size int64) {
	b.Helper()
	f := create(b, path)
	w := bufio.NewWriterSize(f, 1<<20)
	start := time.Date(2026, 5, 1, 6, 0, 0, 0, time.UTC)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>%s</Id><Lap StartTime="%s"><TotalTimeSeconds>0</TotalTimeSeconds><Track>
`, start.Format(time.RFC3339), start.Format(time.RFC3339))
	var written int64
	for s := 0; written < size; s++ {
		n, _ := fmt.Fprintf(w, "<Trackpoint><Time>%s</Time><AltitudeMeters>%.1f</AltitudeMeters><DistanceMeters>%.1f</DistanceMeters><HeartRateBpm><Value>%d</Value></HeartRateBpm></Trackpoint>\n",
			start.Add(time.Duration(s)*time.Second).Format(time.RFC3339), 100+float64(s%200)/10, float64(s)*3, 130+s%30)
		written += int64(n)
	}
	fmt.Fprint(w, "</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n")
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	mustClose(b, f)
}

// writeGPX writes a GPX track of about size bytes at 1 s with elevation and
// heart rate.
func writeGPX(b *testing.B, path string, size int64) {
	b.Helper()
	f := create(b, path)
	w := bufio.NewWriterSize(f, 1<<20)
	start := time.Date(2026, 5, 1, 6, 0, 0, 0, time.UTC)
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="easyday" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<trk><type>running</type><trkseg>
`)
	var written int64
	for s := 0; written < size; s++ {
		n, _ := fmt.Fprintf(w, "<trkpt lat=\"%.7f\" lon=\"-0.1000000\"><ele>%.1f</ele><time>%s</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n",
			51.5+float64(s%100000)*0.000027, 100+float64(s%200)/10, start.Add(time.Duration(s)*time.Second).Format(time.RFC3339), 130+s%30)
		written += int64(n)
	}
	fmt.Fprint(w, "</trkseg></trk></gpx>\n")
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	mustClose(b, f)
}

// writeBigFIT writes a FIT run of about size bytes: records at 1 s with
// heart rate, power, distance and speed.
func writeBigFIT(b *testing.B, path string, size int) {
	b.Helper()
	const perRecord = 21 // bytes per record message as fitgen writes it, about
	n := size / perRecord
	pts := make([]fitgen.Point, n)
	for i := range pts {
		pts[i] = fitgen.Point{Offset: time.Duration(i) * time.Second, HR: 130 + i%30, Power: easyday.Missing, Distance: float64(i) * 3, Speed: 3}
	}
	data, err := fitgen.Build(fitgen.Spec{Start: time.Date(2026, 5, 1, 6, 0, 0, 0, time.UTC), Sessions: []fitgen.Session{{Sport: "running", Points: pts}}})
	if err != nil {
		b.Fatal(err)
	}
	writeFile(b, path, data)
}

package bench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Options say what to measure.
type Options struct {
	Files   int           // archive size
	Runs    int           // counted runs of each command
	SDKRuns int           // runs of Garmin's SDK (slow); 0 leaves it out
	Settle  time.Duration // the watcher's settle time
	Work    string        // a scratch folder the benchmark owns
	Repo    string        // the project's root
	NodeDir string        // where @garmin/fitsdk is installed; "" leaves it out
	Log     io.Writer     // progress lines
}

// SDKVersion is the @garmin/fitsdk release the benchmark installs.
const SDKVersion = "21.217.0"

// Result is what one benchmark run measured.
type Result struct {
	Archive      Archive
	Raw, Ingest  Stat // seconds
	SDK          *Stat
	IngestRSS    Stat // bytes
	Ratio        Stat // raw decode time / ingest time, pair by pair
	SDKRatio     *Stat
	NoOp         Stat // seconds
	Report       Stat // seconds
	Watch        Stat // milliseconds beyond the settle time
	DBBytes      int64
	SDKNote      string
	CPUs         int
	GoVersion    string
	WatchSamples int
}

// Measure builds easyday and the raw decoder, generates the archive and
// measures every row of the table.
func Measure(o Options) (*Result, error) {
	r := &Result{CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	bin := filepath.Join(o.Work, "easyday")
	raw := filepath.Join(o.Work, "rawdecode")
	for _, b := range [][2]string{{bin, "./cmd/easyday"}, {raw, "./ingest/fit/internal/rawdecode"}} {
		cmd := exec.Command("go", "build", "-o", b[0], b[1])
		cmd.Dir, cmd.Stdout, cmd.Stderr = o.Repo, o.Log, o.Log
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("build %s: %w", b[1], err)
		}
	}
	archive := filepath.Join(o.Work, fmt.Sprintf("archive-%d", o.Files))
	os.RemoveAll(archive)
	fmt.Fprintf(o.Log, "generating %d files in %s\n", o.Files, archive)
	a, err := Generate(archive, o.Files)
	if err != nil {
		return nil, err
	}
	r.Archive = a

	var raws, ingests, sdks, rss, ratios, sdkRatios, noops, reports []float64
	var cfg string
	for i := range o.Runs {
		fmt.Fprintf(o.Log, "run %d of %d\n", i+1, o.Runs)
		rr, err := measure([]string{"GOMAXPROCS=1"}, raw, archive)
		if err != nil {
			return nil, err
		}
		raws = append(raws, rr.Wall.Seconds())

		dir := filepath.Join(o.Work, fmt.Sprintf("history-%d", i))
		os.RemoveAll(dir)
		if cfg, err = writeConfig(dir); err != nil {
			return nil, err
		}
		ir, err := measure(nil, bin, "--config", cfg, "ingest", archive)
		if err != nil {
			return nil, err
		}
		ingests = append(ingests, ir.Wall.Seconds())
		rss = append(rss, float64(ir.PeakRSS))
		ratios = append(ratios, rr.Wall.Seconds()/ir.Wall.Seconds())

		nr, err := measure(nil, bin, "--config", cfg, "ingest", archive)
		if err != nil {
			return nil, err
		}
		noops = append(noops, nr.Wall.Seconds())
		day := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, o.Files).Format("2006-01-02")
		rp, err := measure(nil, bin, "--config", cfg, "report", "--date", day)
		if err != nil {
			return nil, err
		}
		reports = append(reports, rp.Wall.Seconds())
		if i < o.SDKRuns && o.NodeDir != "" {
			sr, err := measure(nil, "node", filepath.Join(o.NodeDir, "decode.mjs"), archive)
			if err != nil {
				return nil, err
			}
			sdks = append(sdks, sr.Wall.Seconds())
			sdkRatios = append(sdkRatios, sr.Wall.Seconds()/ir.Wall.Seconds())
		}
		if i == 0 {
			r.DBBytes = dbSize(filepath.Join(dir, "history.db"))
		}
	}
	r.Raw, r.Ingest, r.IngestRSS, r.Ratio = stat(raws), stat(ingests), stat(rss), stat(ratios)
	r.NoOp, r.Report = stat(noops), stat(reports)
	if len(sdks) > 0 {
		s, q := stat(sdks), stat(sdkRatios)
		r.SDK, r.SDKRatio = &s, &q
	}

	fmt.Fprintf(o.Log, "watch: dropping %d files\n", o.Runs)
	inbox := filepath.Join(filepath.Dir(cfg), "inbox")
	if err := os.MkdirAll(inbox, 0o700); err != nil {
		return nil, err
	}
	w, err := watchLatency(bin, cfg, inbox, o.Settle, o.Runs, time.Now())
	if err != nil {
		return nil, err
	}
	r.Watch, r.WatchSamples = stat(w), len(w)
	return r, nil
}

// writeConfig writes a configuration whose history, reports and inbox live
// in dir, and returns its path.
func writeConfig(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "config.toml")
	const cfg = `timezone = "Europe/London"
inbox = "inbox"
database = "history.db"
reports = "reports"

[athlete]
sex = "male"
resting_hr = 50
max_hr = 190
distance_unit = "km"

[[thresholds]]
from = 2016-01-01
run_lthr = 170
bike_lthr = 160
ftp = 250
`
	return path, os.WriteFile(path, []byte(cfg), 0o600)
}

// dbSize is the history's size on disk, its write-ahead log included.
func dbSize(path string) int64 {
	var n int64
	for _, s := range []string{"", "-wal"} {
		if fi, err := os.Stat(path + s); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// Markdown writes the result as the table `make bench` prints.
func (r *Result) Markdown(w io.Writer, o Options) {
	a := r.Archive
	mb := float64(a.Bytes) / 1e6
	fmt.Fprintf(w, "%d files, %.1f MB, %.0f hours of activity; %d CPUs, %s; median of %d runs (min–max)\n\n",
		a.Files, mb, a.Hours, r.CPUs, r.GoVersion, o.Runs)
	fmt.Fprintln(w, "| | time | ratio |")
	fmt.Fprintln(w, "|---|---|---|")
	fmt.Fprintf(w, "| muktihari/fit decoding every file, records only, one core | %s | the floor for our own work |\n", secs(r.Raw))
	fmt.Fprintf(w, "| `easyday ingest` into an empty history | %s | %.2f× the raw decode (%.2f–%.2f) |\n",
		secs(r.Ingest), r.Ratio.Median, r.Ratio.Min, r.Ratio.Max)
	if r.SDK != nil {
		fmt.Fprintf(w, "| Garmin's JavaScript FIT SDK (@garmin/fitsdk %s) decoding the same files | %s | easyday is %.1f× faster |\n",
			SDKVersion, secs(*r.SDK), r.SDKRatio.Median)
	} else {
		fmt.Fprintf(w, "| Garmin's JavaScript FIT SDK | skipped | %s |\n", r.SDKNote)
	}
	fmt.Fprintf(w, "| ingest throughput | %.0f files/s, %.1f MB/s | |\n", float64(a.Files)/r.Ingest.Median, mb/r.Ingest.Median)
	fmt.Fprintf(w, "| peak RSS during the ingest | %.0f MB (%.0f–%.0f) | |\n", r.IngestRSS.Median/1e6, r.IngestRSS.Min/1e6, r.IngestRSS.Max/1e6)
	fmt.Fprintf(w, "| `easyday ingest` again, nothing new | %s | %.1f%% of a full ingest |\n", secs(r.NoOp), 100*r.NoOp.Median/r.Ingest.Median)
	fmt.Fprintf(w, "| `easyday report` | %s | |\n", secs(r.Report))
	fmt.Fprintf(w, "| `easyday watch`: a dropped file in the history and the report rewritten | settle + %.0f ms (%.0f–%.0f) | settle %s, %d drops |\n",
		r.Watch.Median, r.Watch.Min, r.Watch.Max, o.Settle, r.WatchSamples)
	fmt.Fprintf(w, "| history size | %.0f bytes per activity, %.1f KB per hour | %.1f MB in all |\n",
		float64(r.DBBytes)/float64(a.Files), float64(r.DBBytes)/1e3/a.Hours, float64(r.DBBytes)/1e6)
}

func secs(s Stat) string {
	f := func(v float64) string {
		if v < 1 {
			return fmt.Sprintf("%.0f ms", v*1000)
		}
		return fmt.Sprintf("%.2f s", v)
	}
	return fmt.Sprintf("%s (%s–%s)", f(s.Median), strings.TrimSuffix(f(s.Min), ""), f(s.Max))
}

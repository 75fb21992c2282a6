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
	Files      int           // archive size
	TenYears   int           // files of the ten-year archive (every fifth file .fit.gz, as the main one); 0 leaves it out
	ShortFiles int           // files of the one-minute archive; 0 leaves it out
	Runs       int           // counted runs of each command
	SDKRuns    int           // runs of Garmin's SDK (slow); 0 leaves it out
	Settle     time.Duration // the watcher's settle time
	Work       string        // a scratch folder the benchmark owns
	Bin        string        // where easyday and rawdecode are built; "": Work. A folder kept between runs lets go build skip an unchanged link
	BuildFlags []string      // more flags for go build (the smoke test's -pgo=off); none builds easyday as `make build` does, profile-guided
	Repo       string        // the project's root
	NodeDir    string        // where @garmin/fitsdk is installed; "" leaves it out
	Log        io.Writer     // progress lines
}

// ShortSeconds is the moving time of each file of the short-file archive.
const ShortSeconds = 60

// SDKVersion is the @garmin/fitsdk release the benchmark installs.
const SDKVersion = "21.217.0"

// Set is what was measured on one archive: the two floors and the ingest.
type Set struct {
	Name      string
	Archive   Archive
	Raw       Stat // the fastest floor, seconds
	RawCRC    Stat // the floor with checksums, seconds
	Ingest    Stat // seconds
	IngestRSS Stat // bytes
	Ratio     Stat // fastest floor time / ingest time, pair by pair
	RatioCRC  Stat // floor with checksums / ingest, pair by pair
}

// Result is what one benchmark run measured. Sets[0] is the main archive
// (every fifth file .fit.gz), on which the other rows are measured.
type Result struct {
	Sets         []Set
	SDK          *Stat
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

// Measure builds easyday and the raw decoder, generates the archives and
// measures every row of the table.
func Measure(o Options) (*Result, error) {
	r := &Result{CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	binDir := o.Bin
	if binDir == "" {
		binDir = o.Work
	}
	bin := filepath.Join(binDir, "easyday")
	raw := filepath.Join(binDir, "rawdecode")
	// One go command builds both (into binDir, named after their
	// folders), linking them side by side.
	args := append(append([]string{"build"}, o.BuildFlags...), "-o", binDir+string(filepath.Separator), "./cmd/easyday", "./ingest/fit/internal/rawdecode")
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = o.Repo, o.Log, o.Log
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("build easyday and rawdecode: %w", err)
	}
	shapes := []struct {
		name, dir string
		shape     Shape
	}{
		{"every fifth file .fit.gz", fmt.Sprintf("archive-%d", o.Files), Shape{Files: o.Files, Gzip: true}},
		{"no .fit.gz", fmt.Sprintf("archive-%d-plain", o.Files), Shape{Files: o.Files}},
	}
	if o.TenYears > 0 && o.TenYears != o.Files {
		shapes = append(shapes, struct {
			name, dir string
			shape     Shape
		}{"ten years of daily training, every fifth file .fit.gz", fmt.Sprintf("archive-%d", o.TenYears), Shape{Files: o.TenYears, Gzip: true}})
	}
	if o.ShortFiles > 0 {
		shapes = append(shapes, struct {
			name, dir string
			shape     Shape
		}{"one-minute files", fmt.Sprintf("archive-%d-short", o.ShortFiles), Shape{Files: o.ShortFiles, Seconds: ShortSeconds}})
	}
	for _, sh := range shapes {
		dir := filepath.Join(o.Work, sh.dir)
		os.RemoveAll(dir)
		fmt.Fprintf(o.Log, "generating %d files (%s) in %s\n", sh.shape.Files, sh.name, dir)
		a, err := GenerateShape(dir, sh.shape)
		if err != nil {
			return nil, err
		}
		r.Sets = append(r.Sets, Set{Name: sh.name, Archive: a})
	}
	archive := r.Sets[0].Archive.Dir

	type series struct{ raws, crcs, ingests, rss, ratios, crcRatios []float64 }
	ss := make([]series, len(r.Sets))
	var sdks, sdkRatios, noops, reports []float64
	var cfg string
	for i := range o.Runs {
		fmt.Fprintf(o.Log, "run %d of %d\n", i+1, o.Runs)
		for k := range r.Sets {
			set, s := &r.Sets[k], &ss[k]
			rr, err := measure([]string{"GOMAXPROCS=1"}, raw, set.Archive.Dir)
			if err != nil {
				return nil, err
			}
			rc, err := measure([]string{"GOMAXPROCS=1"}, raw, "-checksum", set.Archive.Dir)
			if err != nil {
				return nil, err
			}
			dir := filepath.Join(o.Work, fmt.Sprintf("history-%d", i))
			if k > 0 {
				dir = filepath.Join(o.Work, fmt.Sprintf("history-%d-%d", i, k))
			}
			os.RemoveAll(dir)
			c, err := writeConfig(dir)
			if err != nil {
				return nil, err
			}
			ir, err := measure(nil, bin, "--config", c, "ingest", set.Archive.Dir)
			if err != nil {
				return nil, err
			}
			s.raws = append(s.raws, rr.Wall.Seconds())
			s.crcs = append(s.crcs, rc.Wall.Seconds())
			s.ingests = append(s.ingests, ir.Wall.Seconds())
			s.rss = append(s.rss, float64(ir.PeakRSS))
			s.ratios = append(s.ratios, rr.Wall.Seconds()/ir.Wall.Seconds())
			s.crcRatios = append(s.crcRatios, rc.Wall.Seconds()/ir.Wall.Seconds())
			if k == 0 {
				cfg = c
				if i == 0 {
					r.DBBytes = dbSize(filepath.Join(dir, "history.db"))
				}
			} else {
				os.RemoveAll(dir)
			}
		}
		ingest := ss[0].ingests[i]

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
			sdkRatios = append(sdkRatios, sr.Wall.Seconds()/ingest)
		}
	}
	for k := range r.Sets {
		set, s := &r.Sets[k], &ss[k]
		set.Raw, set.RawCRC, set.Ingest, set.IngestRSS = stat(s.raws), stat(s.crcs), stat(s.ingests), stat(s.rss)
		set.Ratio, set.RatioCRC = stat(s.ratios), stat(s.crcRatios)
	}
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

// Markdown writes the result as the tables `make bench` prints: the
// floors and the ingest on each archive, then the rest on the main one.
func (r *Result) Markdown(w io.Writer, o Options) {
	main := r.Sets[0]
	a := main.Archive
	mb := func(a Archive) float64 { return float64(a.Bytes) / 1e6 }
	fmt.Fprintf(w, "%d CPUs, %s; median of %d runs (min–max); the floors run on one goroutine (GOMAXPROCS=1), the ingest on every core\n\n",
		r.CPUs, r.GoVersion, o.Runs)
	fmt.Fprint(w, "| |")
	for _, s := range r.Sets {
		fmt.Fprintf(w, " %d files, %s: %.1f MB, %.0f hours, %.2f M records |", s.Archive.Files, s.Name, mb(s.Archive), s.Archive.Hours, float64(s.Archive.Records)/1e6)
	}
	fmt.Fprint(w, "\n|---|")
	for range r.Sets {
		fmt.Fprint(w, "---|")
	}
	fmt.Fprintln(w)
	row := func(name string, cell func(s Set) string) {
		fmt.Fprintf(w, "| %s |", name)
		for _, s := range r.Sets {
			fmt.Fprintf(w, " %s |", cell(s))
		}
		fmt.Fprintln(w)
	}
	row("the fastest floor: muktihari/fit, records only, broadcast only, checksums ignored, from each file's bytes, one core", func(s Set) string { return secs(s.Raw) })
	row("the floor with checksums verified, one core", func(s Set) string { return secs(s.RawCRC) })
	row("`easyday ingest` into an empty history", func(s Set) string { return secs(s.Ingest) })
	row("ingest against the fastest floor", func(s Set) string {
		return fmt.Sprintf("**%.2f×** (%.2f–%.2f)", s.Ratio.Median, s.Ratio.Min, s.Ratio.Max)
	})
	row("ingest against the floor with checksums", func(s Set) string {
		return fmt.Sprintf("%.2f× (%.2f–%.2f)", s.RatioCRC.Median, s.RatioCRC.Min, s.RatioCRC.Max)
	})
	row("ingest throughput", func(s Set) string {
		return fmt.Sprintf("%.0f files/s, %.1f MB/s", float64(s.Archive.Files)/s.Ingest.Median, mb(s.Archive)/s.Ingest.Median)
	})
	row("ingest per record (the fastest floor's)", func(s Set) string {
		n := float64(max(s.Archive.Records, 1))
		return fmt.Sprintf("%.0f ns (%.0f ns)", s.Ingest.Median*1e9/n, s.Raw.Median*1e9/n)
	})
	row("peak RSS during the ingest", func(s Set) string {
		return fmt.Sprintf("%.0f MB (%.0f–%.0f)", s.IngestRSS.Median/1e6, s.IngestRSS.Min/1e6, s.IngestRSS.Max/1e6)
	})
	fmt.Fprintf(w, "\nOn the %d files, %s:\n\n", a.Files, main.Name)
	fmt.Fprintln(w, "| | time | ratio |")
	fmt.Fprintln(w, "|---|---|---|")
	if r.SDK != nil {
		fmt.Fprintf(w, "| Garmin's JavaScript FIT SDK (@garmin/fitsdk %s) decoding the same files | %s | easyday is %.1f× faster |\n",
			SDKVersion, secs(*r.SDK), r.SDKRatio.Median)
	} else {
		fmt.Fprintf(w, "| Garmin's JavaScript FIT SDK | skipped | %s |\n", r.SDKNote)
	}
	fmt.Fprintf(w, "| `easyday ingest` again, nothing new | %s | %.1f%% of a full ingest |\n", secs(r.NoOp), 100*r.NoOp.Median/main.Ingest.Median)
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

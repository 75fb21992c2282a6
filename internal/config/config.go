// Package config reads easyday's configuration file: where it is, what
// its keys mean, and the checks that make a bad key an error naming the
// file and the key before anything is opened. The template 'easyday init'
// writes lives here too, beside the keys it explains.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"

	"easyday"
)

// Config is the parsed configuration file.
type Config struct {
	Path     string // the file it was read from
	Inbox    string
	Database string
	Reports  string
	Profile  easyday.Profile
}

// Error is a problem with the configuration: exit code 2.
type Error struct {
	Path string
	Key  string // "" when the file as a whole is at fault
	Msg  string
}

func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("config %s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("config %s: %s: %s", e.Path, e.Key, e.Msg)
}

// ErrMissing says there is no configuration file yet.
var ErrMissing = errors.New("no configuration")

type rawConfig struct {
	Timezone string `toml:"timezone"`
	Inbox    string `toml:"inbox"`
	Database string `toml:"database"`
	Reports  string `toml:"reports"`
	Athlete  struct {
		Sex             string   `toml:"sex"`
		RestingHR       *int     `toml:"resting_hr"`
		MaxHR           *int     `toml:"max_hr"`
		DistanceUnit    string   `toml:"distance_unit"`
		InjuryProne     bool     `toml:"injury_prone"`
		FitnessSeed     *float64 `toml:"fitness_seed"`
		FatigueSeed     *float64 `toml:"fatigue_seed"`
		CycleStart      any      `toml:"cycle_start"`
		CycleLengthDays *int     `toml:"cycle_length_days"`
	} `toml:"athlete"`
	Thresholds []struct {
		From     any  `toml:"from"`
		RunLTHR  *int `toml:"run_lthr"`
		BikeLTHR *int `toml:"bike_lthr"`
		FTP      *int `toml:"ftp"`
		RunPace  any  `toml:"run_threshold_pace"`
	} `toml:"thresholds"`
}

// Path resolves where the configuration lives: --config, then
// EASYDAY_CONFIG, then $XDG_CONFIG_HOME/easyday/config.toml.
func Path(flagValue string, getenv func(string) string) string {
	if flagValue != "" {
		return flagValue
	}
	if p := getenv("EASYDAY_CONFIG"); p != "" {
		return p
	}
	return filepath.Join(xdgDir(getenv, "XDG_CONFIG_HOME", ".config"), "easyday", "config.toml")
}

// xdgDir returns an XDG base directory, falling back to ~/fallback.
func xdgDir(getenv func(string) string, key, fallback string) string {
	if d := getenv(key); d != "" && filepath.IsAbs(d) {
		return d
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, fallback)
}

// Load reads and checks the configuration at path.
func Load(path string, getenv func(string) string) (*Config, error) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs // paths inside resolve against its folder wherever we run
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s: run 'easyday init' to write a template there, then fill in your heart-rate numbers", ErrMissing, path)
	}
	if err != nil {
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	return Parse(path, data, getenv)
}

// Parse reads and checks the configuration's text; path is the
// absolute path of the file it comes from, for messages and the paths
// inside.
func Parse(path string, data []byte, getenv func(string) string) (*Config, error) {
	raw, err := decodeConfig(path, data)
	if err != nil {
		return nil, err
	}
	bad := func(key, format string, args ...any) error {
		return &Error{Path: path, Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	c := &Config{Path: path}
	if c.Profile.Location, err = parseZone(raw.Timezone, bad); err != nil {
		return nil, err
	}
	if err := c.setPaths(raw, getenv, bad); err != nil {
		return nil, err
	}
	if c.Profile.Athlete, err = parseAthlete(raw, bad); err != nil {
		return nil, err
	}
	if c.Profile.Thresholds, err = parseThresholds(raw, c.Profile.Athlete, bad); err != nil {
		return nil, err
	}
	return c, nil
}

// badKey makes the error of one configuration key.
type badKey func(key, format string, args ...any) error

// decodeConfig decodes the TOML of the configuration file at path; an
// unknown key is an error, as it is most often a typo.
func decodeConfig(path string, data []byte) (*rawConfig, error) {
	var raw rawConfig
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, &Error{Path: path, Msg: fmt.Sprintf("line %d: %s", perr.Position.Line, perr.Message)}
		}
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		sort.Strings(keys)
		return nil, &Error{Path: path, Key: keys[0], Msg: "unknown key (a typo?)"}
	}
	return &raw, nil
}

// parseZone reads the timezone key: an IANA name, never "Local".
func parseZone(name string, bad badKey) (*time.Location, error) {
	if name == "" {
		return nil, bad("timezone", "missing: set your IANA time zone, e.g. \"Europe/London\"")
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, bad("timezone", "%q is not an IANA time zone name such as \"Europe/London\"", name)
	}
	return loc, nil
}

// setPaths resolves the inbox, database and reports keys against the
// configuration file's folder (defaults in the XDG data folder) and checks
// each is, or can become, what it should be.
func (c *Config) setPaths(raw *rawConfig, getenv func(string) string, bad badKey) error {
	dir := filepath.Dir(c.Path)
	own := DataDir(getenv)
	c.Inbox = resolvePath(raw.Inbox, dir, filepath.Join(own, "inbox"), getenv)
	c.Database = resolvePath(raw.Database, dir, filepath.Join(own, "history.db"), getenv)
	c.Reports = resolvePath(raw.Reports, dir, filepath.Join(own, "reports"), getenv)
	for _, k := range []struct {
		key, path string
		folder    bool
	}{{"inbox", c.Inbox, true}, {"database", c.Database, false}, {"reports", c.Reports, true}} {
		if err := pathKind(k.path, k.folder); err != nil {
			return bad(k.key, "%v", err)
		}
	}
	return nil
}

// parseAthlete reads the [athlete] table.
func parseAthlete(raw *rawConfig, bad badKey) (easyday.Athlete, error) {
	var a easyday.Athlete
	var err error
	if a.Sex, err = easyday.ParseSex(raw.Athlete.Sex); err != nil {
		return a, bad("athlete.sex", "%v (it selects the TRIMP weighting)", err)
	}
	if raw.Athlete.RestingHR == nil {
		return a, bad("athlete.resting_hr", "missing: your resting heart rate in bpm")
	}
	if raw.Athlete.MaxHR == nil {
		return a, bad("athlete.max_hr", "missing: your maximum heart rate in bpm")
	}
	a.RestingHR, a.MaxHR = *raw.Athlete.RestingHR, *raw.Athlete.MaxHR
	if a.RestingHR < 20 || a.RestingHR > 120 {
		return a, bad("athlete.resting_hr", "%d bpm is not a plausible resting heart rate (20–120)", a.RestingHR)
	}
	if a.MaxHR <= a.RestingHR || a.MaxHR > 250 {
		return a, bad("athlete.max_hr", "%d bpm must be above resting_hr (%d) and at most 250", a.MaxHR, a.RestingHR)
	}
	if a.DistanceUnit, err = easyday.ParseDistanceUnit(raw.Athlete.DistanceUnit); err != nil {
		return a, bad("athlete.distance_unit", "%v", err)
	}
	a.InjuryProne = raw.Athlete.InjuryProne
	for _, seed := range []struct {
		key string
		v   *float64
		dst *float64
	}{{"athlete.fitness_seed", raw.Athlete.FitnessSeed, &a.FitnessSeed}, {"athlete.fatigue_seed", raw.Athlete.FatigueSeed, &a.FatigueSeed}} {
		if seed.v != nil {
			if err := saneFloat(*seed.v, 0, maxSeed); err != nil {
				return a, bad(seed.key, "%v", err)
			}
			*seed.dst = *seed.v
		}
	}
	if raw.Athlete.CycleStart != nil {
		d, err := tomlDate(raw.Athlete.CycleStart)
		if err != nil {
			return a, bad("athlete.cycle_start", "%v", err)
		}
		a.CycleStart = &d
		a.CycleLengthDays = 28 // the usual length, when not given
	}
	if n := raw.Athlete.CycleLengthDays; n != nil {
		if raw.Athlete.CycleStart == nil {
			return a, bad("athlete.cycle_length_days", "set cycle_start too (the first day of a period)")
		}
		if *n < 15 || *n > 60 {
			return a, bad("athlete.cycle_length_days", "%d is not a plausible cycle length (15–60 days)", *n)
		}
		a.CycleLengthDays = *n
	}
	return a, nil
}

// parseThresholds reads the [[thresholds]] tables, sorted by their first day.
func parseThresholds(raw *rawConfig, a easyday.Athlete, bad badKey) ([]easyday.Thresholds, error) {
	if len(raw.Thresholds) == 0 {
		return nil, bad("thresholds", "missing: add at least one [[thresholds]] table with from, run_lthr and bike_lthr")
	}
	var sets []easyday.Thresholds
	seen := map[easyday.Date]bool{}
	for i, t := range raw.Thresholds {
		key := func(k string) string { return fmt.Sprintf("thresholds[%d].%s", i+1, k) }
		var th easyday.Thresholds
		if t.From == nil {
			return nil, bad(key("from"), "missing: the first day these thresholds apply, YYYY-MM-DD")
		}
		d, err := tomlDate(t.From)
		if err != nil {
			return nil, bad(key("from"), "%v", err)
		}
		th.From = d
		if seen[th.From] {
			return nil, bad(key("from"), "two threshold sets start on %s", th.From)
		}
		seen[th.From] = true
		for _, f := range []struct {
			name string
			v    *int
			dst  *int
		}{{"run_lthr", t.RunLTHR, &th.RunLTHR}, {"bike_lthr", t.BikeLTHR, &th.BikeLTHR}} {
			if f.v == nil {
				return nil, bad(key(f.name), "missing: lactate-threshold heart rate in bpm")
			}
			if *f.v <= a.RestingHR || *f.v > a.MaxHR {
				return nil, bad(key(f.name), "%d bpm must lie between resting_hr (%d) and max_hr (%d)", *f.v, a.RestingHR, a.MaxHR)
			}
			*f.dst = *f.v
		}
		if t.FTP != nil {
			if *t.FTP < 30 || *t.FTP > 700 {
				return nil, bad(key("ftp"), "%d W is not a plausible FTP (30–700)", *t.FTP)
			}
			th.FTP = *t.FTP
		}
		if t.RunPace != nil {
			pace, ok := t.RunPace.(string)
			if !ok {
				return nil, bad(key("run_threshold_pace"), "%v: %v", t.RunPace, easyday.ErrPace)
			}
			if th.RunThresholdPace, err = easyday.ParsePace(pace); err != nil {
				return nil, bad(key("run_threshold_pace"), "%v", err)
			}
		}
		sets = append(sets, th)
	}
	sort.Slice(sets, func(i, j int) bool { return sets[i].From < sets[j].From })
	return sets, nil
}

// maxSeed bounds the fitness and fatigue seeds: a professional's fitness
// (CTL) stays under about 200; a larger number is a typo.
const maxSeed = 300

// saneFloat checks a number of the configuration: finite (TOML allows nan
// and inf) and within [lo, hi].
func saneFloat(v, lo, hi float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%v is not a number easyday can use", v)
	}
	if v < lo || v > hi {
		return fmt.Errorf("%g is out of range (%g–%g)", v, lo, hi)
	}
	return nil
}

// pathKind checks that a configured path is, where something already exists
// there, the kind of thing easyday needs (a folder, or the history file),
// and that the nearest folder above one still to be made is a folder.
// Anything else (no permission to look) is left to the command that uses it.
func pathKind(p string, folder bool) error {
	info, err := os.Stat(p)
	switch {
	case err == nil && folder && !info.IsDir():
		return fmt.Errorf("%s is a file, not a folder", p)
	case err == nil && !folder && info.IsDir():
		return fmt.Errorf("%s is a folder, not the history file", p)
	case err == nil && !folder && !info.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", p)
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
		return nil
	}
	for d := filepath.Dir(p); d != filepath.Dir(d); d = filepath.Dir(d) {
		info, err := os.Stat(d)
		if err == nil {
			if !info.IsDir() {
				return fmt.Errorf("%s is a file, so %s cannot be made", d, p)
			}
			return nil
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return nil
		}
	}
	return nil
}

// DataDir is where easyday keeps its files by default:
// $XDG_DATA_HOME/easyday, else ~/.local/share/easyday.
func DataDir(getenv func(string) string) string {
	return filepath.Join(xdgDir(getenv, "XDG_DATA_HOME", filepath.Join(".local", "share")), "easyday")
}

// tomlDate accepts a bare TOML date (from = 2026-01-01) or a string.
func tomlDate(v any) (easyday.Date, error) {
	switch v := v.(type) {
	case string:
		return easyday.ParseDate(v)
	case time.Time:
		return easyday.MakeDate(v.Year(), v.Month(), v.Day()), nil
	}
	return 0, errors.New("want a date, YYYY-MM-DD")
}

// resolvePath expands ~ and makes a relative path relative to the
// configuration file's folder; empty gives the default.
func resolvePath(p, dir, def string, getenv func(string) string) string {
	if p == "" {
		return def
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		p = filepath.Join(home, p[1:])
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	return filepath.Clean(p)
}

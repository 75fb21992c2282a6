// Package easyday holds the domain types that every other package shares:
// what a decoder produces (Recording, Sample, TimerEvent), what analysis
// computes and history stores (Activity, Segment, ZoneSeconds, Day), and the
// athlete's settings (Athlete, Thresholds, Profile). It also holds the
// vocabulary every package shares, each closed set a named type parsed once
// at the edge (vocab.go), and the tables of the science that more than one
// package reads (science.go). It imports nothing but the standard library,
// so every package can depend on it without cycles.
package easyday

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Missing marks an absent power, distance or speed value in a Sample.
// Heart rate uses 0 for missing (docs/metrics.md §1.2: 0 and 255 are never readings).
const Missing = -1

// ErrNotActivity marks a well-formed file that holds no activity (settings,
// monitoring, workout, course, weight): such a file is skipped, not rejected.
// Decoders wrap it with the kind, e.g. "not an activity: settings file".
var ErrNotActivity = errors.New("not an activity")

// Sport is the lower-case FIT sport name ("running", "cycling", "training", ...).
type Sport string

// Sports the analysis treats specially.
const (
	Running  Sport = "running"
	Cycling  Sport = "cycling"
	Generic  Sport = "generic"
	EBiking  Sport = "e_biking"
	Walking  Sport = "walking"
	Swimming Sport = "swimming"
)

// IsCycling reports whether the sport uses the bike LTHR, the bike zone table
// and power TSS (docs/metrics.md §2, §5).
func (s Sport) IsCycling() bool { return s == Cycling || s == EBiking }

// IsRunning reports whether the sport counts toward weekly running distance
// (docs/metrics.md §8: running, trail, treadmill are all sport "running").
func (s Sport) IsRunning() bool { return s == Running }

// fitnessEquipment is the FIT sport older devices give indoor sessions; the
// sub-sport says what the machine was.
const fitnessEquipment Sport = "fitness_equipment"

// IsCycling reports whether the activity is a ride: a cycling sport, or an
// indoor bike or spin class recorded as fitness equipment.
func (a Activity) IsCycling() bool {
	return a.Sport.IsCycling() || (a.Sport == fitnessEquipment && (a.SubSport == "indoor_cycling" || a.SubSport == "spin"))
}

// IsRunning reports whether the activity is a run: sport running (trail,
// track, treadmill…), or a treadmill recorded as fitness equipment.
func (a Activity) IsRunning() bool {
	return a.Sport.IsRunning() || (a.Sport == fitnessEquipment && (a.SubSport == "treadmill" || a.SubSport == "indoor_running"))
}

// IsTreadmill reports whether the activity is a run on a treadmill, where
// the altitude a watch records says nothing of the belt's grade: pace load
// takes grade 0 there (docs/metrics.md §10).
func (a Activity) IsTreadmill() bool {
	return a.IsRunning() && (a.SubSport == "treadmill" || a.SubSport == "indoor_running")
}

// Sample is one point of a recording.
type Sample struct {
	Time     Instant // UTC
	HR       int     // bpm; 0 when missing
	Power    int     // watts; Missing when absent (0 is a reading: coasting)
	Distance float64 // cumulative metres; Missing when absent
	Speed    float64 // metres per second; Missing when absent
	Altitude float64 // metres above sea level; Missing when absent
}

// TimerEvent switches the activity timer on (Running) or off at Time.
type TimerEvent struct {
	Time    time.Time
	Running bool
}

// Recording is one activity as a decoder read it from a file: one FIT session
// or one TCX Activity. Summary values the file did not carry are nil.
type Recording struct {
	Format     Format
	Sport      Sport
	SubSport   string    // lower-case FIT sub-sport name, "" when none/generic
	Start      time.Time // session start (FIT session.start_time, TCX first lap StartTime); zero when absent
	ElapsedS   *float64  // FIT session.total_elapsed_time
	TimerS     *float64  // FIT session.total_timer_time, TCX sum of laps' TotalTimeSeconds
	DistanceM  *float64  // FIT session.total_distance, TCX sum of laps' DistanceMeters
	UTCOffsetS *int      // from the file (FIT activity.local_timestamp − timestamp), nil when unknown
	Samples    []Sample  // in file order; analysis sorts and merges
	Events     []TimerEvent
	HasEvents  bool      // the file carries timer events (FIT) or lap bounds (TCX); false: timer runs first→last sample
	Warnings   []Warning // data-quality notes from decoding (CRC mismatch, error part-way)
}

// Segment is a stretch of timer-running time owned by one sample (docs/metrics.md
// §1.5), after gap time and paused time are cut out. An activity's segments,
// in order, are its stored stream: every metric can be recomputed from them
// without the original file.
//
// Pace load (docs/metrics.md §10) needs more than the owned time: the sample's
// distance and altitude, and the time to the next sample of the same
// timer-running interval (Step), since speed is distance over the sample's
// own time step, not over the owned time that the 30 s cap may cut. The
// last sample of an interval has Step 0; when it owns no time (it sits at a
// timer stop, or ends the file) it is kept as a segment of Dur 0 so that
// the speed and grade of the samples before it can be computed.
type Segment struct {
	Dur      float64 // seconds owned
	HR       int     // bpm; 0 when missing
	Power    int     // watts; Missing when absent
	Distance float64 // cumulative metres at the sample; Missing when absent
	Altitude float64 // metres; Missing when absent (or when Distance is)
	Step     float64 // seconds to the next sample of the same timer-running interval; 0 for its last sample
}

// ZoneSeconds is the time in each Friel heart-rate zone (docs/metrics.md §2).
type ZoneSeconds struct {
	Z1  float64 `json:"z1"`
	Z2  float64 `json:"z2"`
	Z3  float64 `json:"z3"`
	Z4  float64 `json:"z4"`
	Z5a float64 `json:"z5a"`
	Z5b float64 `json:"z5b"`
	Z5c float64 `json:"z5c"`
}

// Total is the heart-rate time spent in any zone.
func (z ZoneSeconds) Total() float64 { return z.Z1 + z.Z2 + z.Z3 + z.Z4 + z.Z5a + z.Z5b + z.Z5c }

// MetricsVersion is the version of the docs/metrics.md rules that this easyday
// computes activity metrics by. Every stored activity records the version
// that computed it, so that recompute can say which were computed by older
// rules. Bump it whenever a rule changes a stored metric.
//
//	1  heart rate, zones, TRIMP/HRSS, power TSS
//	2  pace load for runs and the load priority of docs/metrics.md §5 (HRSS
//	   first only when heart rate covers 80% of the owned time)
//	3  heart rate above 225 bpm is a sensor fault, read as missing (§1.2)
//	4  a distance above 10,000 km and an altitude outside −500…9,000 m are
//	   missing (§1.2); a running speed above 12.5 m/s is a GPS fault (§10.1)
//	5  best efforts and threshold estimates of each activity (docs/metrics.md §12);
//	   clock faults dropped (§1.3) and FIT timer events leaving no running
//	   time read as none (§1.4); a file's absurd totals ignored (§1.6)
//	6  a GPX's distance over the kept samples, a step with no time or
//	   faster than the sport allows adding nothing (§1.1); a TCX lap's and
//	   a GPX trkseg's timer over its kept points (§1.3, §1.4)
const MetricsVersion = 6

// Activity is one analysed activity: identity, summary, metrics and stream.
type Activity struct {
	ID         int64       `json:"id"`
	SHA256     string      `json:"sha256"`
	Source     string      `json:"source"`
	Format     Format      `json:"format"`
	Sport      Sport       `json:"sport"`
	SubSport   string      `json:"sub_sport"`
	StartUTC   time.Time   `json:"start_utc"`
	UTCOffsetS int         `json:"utc_offset_s"`
	LocalDate  Date        `json:"local_date"`
	ElapsedS   float64     `json:"elapsed_s"`
	TimerS     float64     `json:"timer_s"`
	DistanceM  float64     `json:"distance_m"`
	HRS        float64     `json:"hr_s"`
	AvgHR      *float64    `json:"avg_hr"`
	MaxHR      *float64    `json:"max_hr"`
	Zones      ZoneSeconds `json:"zones_s"`
	TRIMP      *float64    `json:"trimp"`
	HRSS       *float64    `json:"hrss"`
	NPW        *float64    `json:"np_w"`
	PowerTSS   *float64    `json:"power_tss"`
	NGPSPerKm  *float64    `json:"ngp_s_per_km"` // normalized graded pace, seconds per km (docs/metrics.md §10)
	PaceLoad   *float64    `json:"pace_load"`
	Load       float64     `json:"load"`
	LoadSource LoadSource  `json:"load_source"`
	Warnings   []Warning   `json:"warnings"`
	// Estimates are the threshold estimates of the activity's best efforts
	// (docs/metrics.md §12.3).
	Estimates Estimates `json:"estimates"`
	Dropped   int       `json:"-"` // samples dropped because time went backwards
	// MetricsVersion is the MetricsVersion that computed the metrics, as
	// stored; the history sets it when it stores metrics.
	MetricsVersion int `json:"metrics_version"`
	// Excluded marks an activity taken out by 'easyday exclude': stored and
	// listed, it counts for nothing (daily load, fitness and fatigue, weekly
	// distance, monotony, best efforts). ExcludeReason is what was given.
	Excluded      bool   `json:"excluded"`
	ExcludeReason string `json:"exclude_reason"`
	// ScoredWith is the Key of the thresholds set that scored the metrics
	// ("" when none was in force, or not recorded): when the set in force
	// for the activity's day has another key, its loads are stale.
	ScoredWith string    `json:"-"`
	Segments   []Segment `json:"-"`
}

// SameMetrics reports whether b's metrics read as a's do, to the 4
// decimals `activities --json` prints: what recompute calls unchanged.
// Every number computed from the segments and the thresholds is compared;
// identity, what the file said (times, distance) and the notes are not.
// A field added to Activity must be compared here or named as not a
// metric in the test that holds every field to this.
func (a Activity) SameMetrics(b Activity) bool {
	eq := func(x, y float64) bool { return Round(x, 4) == Round(y, 4) }
	eqp := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || eq(*x, *y)) }
	za, zb := a.Zones, b.Zones
	return eq(a.Load, b.Load) && a.LoadSource == b.LoadSource && eq(a.HRS, b.HRS) &&
		eq(za.Z1, zb.Z1) && eq(za.Z2, zb.Z2) && eq(za.Z3, zb.Z3) && eq(za.Z4, zb.Z4) &&
		eq(za.Z5a, zb.Z5a) && eq(za.Z5b, zb.Z5b) && eq(za.Z5c, zb.Z5c) &&
		eqp(a.TRIMP, b.TRIMP) && eqp(a.HRSS, b.HRSS) && eqp(a.NPW, b.NPW) && eqp(a.PowerTSS, b.PowerTSS) &&
		eqp(a.AvgHR, b.AvgHR) && eqp(a.MaxHR, b.MaxHR) && eqp(a.NGPSPerKm, b.NGPSPerKm) && eqp(a.PaceLoad, b.PaceLoad) &&
		eqp(a.Estimates.LTHR, b.Estimates.LTHR) && eqp(a.Estimates.FTP, b.Estimates.FTP) &&
		eqp(a.Estimates.ThresholdPace, b.Estimates.ThresholdPace) && eqp(a.Estimates.MaxHR, b.Estimates.MaxHR)
}

// Athlete holds the [athlete] settings of the configuration.
type Athlete struct {
	Sex             Sex
	RestingHR       int // bpm
	MaxHR           int // bpm
	DistanceUnit    DistanceUnit
	InjuryProne     bool    //
	FitnessSeed     float64 // CTL on the day before the first activity
	FatigueSeed     float64 // ATL on the day before the first activity
	CycleStart      *Date   // first day of a menstrual cycle, for notes only
	CycleLengthDays int     // 0 when unset
}

// Thresholds is one dated [[thresholds]] set: in force from From until the
// next set's From.
type Thresholds struct {
	From     Date
	RunLTHR  int
	BikeLTHR int
	FTP      int // watts; 0 when not set
	// RunThresholdPace is the pace the athlete could race for about an
	// hour, in seconds per km; 0 when not set (docs/metrics.md §10).
	RunThresholdPace float64
}

// Key identifies the set by its day and every value: an activity scored
// with a set whose key is no longer the one in force for its day (a set
// added or edited since) has stale metrics until recompute.
//
// It is "<from> run_lthr=%d bike_lthr=%d ftp=%d run_threshold_pace=%g",
// appended piece by piece: every activity an import scores makes one.
func (t Thresholds) Key() string {
	b := make([]byte, 0, 96)
	b = append(b, t.From.String()...)
	b = append(b, " run_lthr="...)
	b = strconv.AppendInt(b, int64(t.RunLTHR), 10)
	b = append(b, " bike_lthr="...)
	b = strconv.AppendInt(b, int64(t.BikeLTHR), 10)
	b = append(b, " ftp="...)
	b = strconv.AppendInt(b, int64(t.FTP), 10)
	b = append(b, " run_threshold_pace="...)
	b = strconv.AppendFloat(b, t.RunThresholdPace, 'g', -1, 64)
	return string(b)
}

// Profile is everything analysis needs to know about the athlete.
type Profile struct {
	Athlete    Athlete
	Thresholds []Thresholds   // sorted by From
	Location   *time.Location // the athlete's time zone
}

// ThresholdsOn returns the set in force on day d: the latest set starting on
// or before d. Before the first set's day, the first set applies: it is the
// best estimate there is, and an import of older files should not score them
// all zero. It reports false only when there are no sets at all.
func (p Profile) ThresholdsOn(d Date) (Thresholds, bool) {
	if len(p.Thresholds) == 0 {
		return Thresholds{}, false
	}
	best := p.Thresholds[0]
	for _, t := range p.Thresholds {
		if t.From < best.From {
			best = t
		}
	}
	for _, t := range p.Thresholds {
		if t.From <= d && t.From >= best.From {
			best = t
		}
	}
	return best, true
}

// Day is one local day of the performance-management model (docs/metrics.md §7).
type Day struct {
	Date Date    `json:"date"`
	Load float64 `json:"load"`
	CTL  float64 `json:"ctl"`
	ATL  float64 `json:"atl"`
	TSB  float64 `json:"tsb"`
	Ramp float64 `json:"ramp"`
}

// Date is a calendar day, counted in days since 1970-01-01.
type Date int32

// DateOf returns the calendar day of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return MakeDate(y, m, d)
}

// MakeDate returns the Date of year y, month m, day d.
func MakeDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	y, m, d, ok := dateFields(s)
	if !ok {
		return 0, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		// time.Date normalises 30 February to 2 March: a date that
		// does not exist is a mistake to name, not a day to guess.
		return 0, fmt.Errorf("date %s does not exist", s)
	}
	return Date(t.Unix() / 86400), nil
}

// dateFields splits YYYY-MM-DD into its numbers, whatever their range.
func dateFields(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	num := func(part string) (int, bool) {
		n := 0
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	var oky, okm, okd bool
	y, oky = num(s[:4])
	m, okm = num(s[5:7])
	d, okd = num(s[8:])
	return y, m, d, oky && okm && okd
}

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the day as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format("2006-01-02") }

// AddDays returns the day n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// MarshalText formats the day as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Round returns v rounded to n decimals; NaN and infinities become 0 so that
// nothing unprintable reaches JSON or the report.
func Round(v float64, n int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	p := math.Pow(10, float64(n))
	return math.Round(v*p) / p
}

// Advice is a coded piece of advice or warning in the daily report.
type Advice struct {
	Code AdviceCode `json:"code"`
	Text string     `json:"text"`
	// MovedBy names the readiness signals that are off when readiness made
	// the day's advice more cautious (docs/metrics.md §11.5); nil otherwise.
	MovedBy []SignalName `json:"moved_by"`
	// FormCode is the advice form and yesterday's load gave before
	// readiness moved it (equal to Code when readiness did not), so the
	// report can say which of the two decided the day.
	FormCode AdviceCode `json:"-"`
}

// AdviceWarning is a coded warning of the daily report about yesterday's
// session (recovery_too_long, recovery_too_hard).
type AdviceWarning struct {
	Code AdviceCode `json:"code"`
	Text string     `json:"text"`
}

// Facts are the numbers and advice of one day's report (`report --json`).
type Facts struct {
	Date            Date            `json:"date"`
	Fitness         float64         `json:"fitness"`        // CTL of Date−1
	Fatigue         float64         `json:"fatigue"`        // ATL of Date−1
	Form            float64         `json:"form"`           // TSB of Date (going into the day)
	Ramp            float64         `json:"ramp"`           // CTL(Date−1) − CTL(Date−8)
	YesterdayLoad   float64         `json:"yesterday_load"` // sum of loads on Date−1
	HardYesterday   bool            `json:"hard_yesterday"`
	WeekDistance    float64         `json:"week_distance"` // running distance, Date−7 … Date−1, in DistanceUnit
	DistanceUnit    DistanceUnit    `json:"distance_unit"`
	Advice          Advice          `json:"advice"`
	Warnings        []AdviceWarning `json:"warnings"`
	RestDaysToFresh int             `json:"rest_days_to_fresh"`
	Readiness       Readiness       `json:"readiness"`  // from the wellness files (docs/metrics.md §11)
	Thresholds      ThresholdFacts  `json:"thresholds"` // suggestions from the best efforts (docs/metrics.md §12.5)
	// LastActivityDate is the latest local day before Date with an activity
	// that counts; nil when there is none.
	LastActivityDate *Date `json:"last_activity_date"`
	// QuietDays are the days strictly between LastActivityDate and Date (0
	// when yesterday had an activity); nil when there is no activity.
	QuietDays *int       `json:"quiet_days"`
	DataNotes []DataNote `json:"data_notes"` // every data note the report shows

	// Not part of the JSON contract; used by the Markdown report.
	HistoryDays     int      `json:"-"` // days of history before Date (from the day before the first activity)
	Seeded          bool     `json:"-"` // fitness_seed or fatigue_seed is set
	RecoveryCeilBPM int      `json:"-"` // top of run z2 in bpm for the run LTHR in force (0 when unknown)
	Notes           []string `json:"-"` // optional athlete notes (cycle phase)
}

package easyday

import (
	"fmt"
	"math"
	"strings"
)

// Estimates are the threshold estimates one activity's best efforts give
// (docs/metrics.md §12.3), kept unrounded; nil where the activity gives
// none. They are stored with the activity so that the report and
// `easyday thresholds` never rescan streams.
type Estimates struct {
	// LTHR is the lactate-threshold heart rate in bpm: the run LTHR for a
	// running sport, the bike LTHR for a cycling sport.
	LTHR *float64 `json:"lthr"`
	// FTP is the functional threshold power in watts (cycling with power).
	FTP *float64 `json:"ftp"`
	// ThresholdPace is the threshold pace in seconds per km (outdoor runs).
	ThresholdPace *float64 `json:"threshold_pace_s_per_km"`
	// MaxHR is the highest sustained heart rate in bpm (running and cycling).
	MaxHR *float64 `json:"max_hr"`
}

// ThresholdKey names one threshold an athlete sets: a key of a dated
// [[thresholds]] set (run_lthr, bike_lthr, ftp, run_threshold_pace) or of
// [athlete] (max_hr, resting_hr) (docs/metrics.md §12.4).
type ThresholdKey string

// The threshold keys, in the order they are shown.
const (
	KeyRunLTHR          ThresholdKey = "run_lthr"
	KeyBikeLTHR         ThresholdKey = "bike_lthr"
	KeyFTP              ThresholdKey = "ftp"
	KeyRunThresholdPace ThresholdKey = "run_threshold_pace"
	KeyMaxHR            ThresholdKey = "max_hr"
	KeyRestingHR        ThresholdKey = "resting_hr"
)

// ThresholdKeys lists every threshold key in the order they are shown.
var ThresholdKeys = []ThresholdKey{KeyRunLTHR, KeyBikeLTHR, KeyFTP, KeyRunThresholdPace, KeyMaxHR, KeyRestingHR}

// ParseThresholdKey reads a threshold key.
func ParseThresholdKey(s string) (ThresholdKey, error) { return parseWord(s, ThresholdKeys) }

// Dated reports whether the key belongs to the dated [[thresholds]] sets;
// max_hr and resting_hr are [athlete] keys, in force on every day.
func (k ThresholdKey) Dated() bool { return k != KeyMaxHR && k != KeyRestingHR }

// ThresholdSuggestion is one key's suggestion in the report for a day
// (docs/metrics.md §12.5), as `report --json` shows it: the estimate and the
// value in force, unrounded (a pace in seconds per km), and the activity it
// comes from. InForce is null for a starting value (a key with no value);
// ActivityID and Date are null for resting HR, which comes from the
// wellness files.
type ThresholdSuggestion struct {
	Key        ThresholdKey `json:"key"`
	Value      float64      `json:"value"`
	InForce    *float64     `json:"in_force"`
	ActivityID *int64       `json:"activity_id"`
	Date       *Date        `json:"date"`
}

// ThresholdFacts are the report's thresholds for a day (docs/metrics.md
// §12.5): the suggestions, and the keys in force that no activity of the
// last 56 days demonstrated.
type ThresholdFacts struct {
	Suggestions     []ThresholdSuggestion `json:"suggestions"`
	NotDemonstrated []ThresholdKey        `json:"not_demonstrated"`
}

// ThresholdBest is the best estimate of a key over the last 42 days and
// the activity it comes from, as `easyday thresholds --json` shows it.
type ThresholdBest struct {
	Value      float64 `json:"value"` // unrounded; a pace in seconds per km
	ActivityID int64   `json:"activity_id"`
	Date       Date    `json:"date"`
}

// ThresholdStatus is one key as of a day, as `easyday thresholds --json`
// shows it (docs/metrics.md §12.4, §12.5): the value in force (null when
// none) and the first day of its set (null for the [athlete] keys, which
// are not dated), the best estimate of the 42 days before, the suggested
// value (null when none) and whether the value in force was demonstrated
// in the 56 days before (null where that is not defined).
type ThresholdStatus struct {
	Key          ThresholdKey   `json:"key"`
	InForce      *float64       `json:"in_force"`
	Since        *Date          `json:"since"`
	Best42d      *ThresholdBest `json:"best_42d"`
	Suggested    *float64       `json:"suggested"`
	Demonstrated *bool          `json:"demonstrated"`
}

// ThresholdsAsOf is what `easyday thresholds --json` prints: every key, in
// the order of ThresholdKeys, as of Date.
type ThresholdsAsOf struct {
	Date Date              `json:"date"`
	Keys []ThresholdStatus `json:"keys"`
}

// TOML writes the set as the configuration's [[thresholds]] table, a pace
// in unit ("4:34/km") unless it is a whole number of seconds only in the
// other unit (a pace the athlete wrote per km, carried into a new set of
// an athlete who counts in miles, stays exact); a key with no value is
// left out.
func (t Thresholds) TOML(unit DistanceUnit) string {
	s := fmt.Sprintf("[[thresholds]]\nfrom = %s\nrun_lthr = %d\nbike_lthr = %d\n", t.From, t.RunLTHR, t.BikeLTHR)
	if t.FTP > 0 {
		s += fmt.Sprintf("ftp = %d\n", t.FTP)
	}
	if t.RunThresholdPace > 0 {
		u := unit.Or(Kilometres)
		if other := map[DistanceUnit]DistanceUnit{Kilometres: Miles, Miles: Kilometres}[u]; !wholePace(t.RunThresholdPace, u) && wholePace(t.RunThresholdPace, other) {
			u = other
		}
		s += fmt.Sprintf("run_threshold_pace = %q\n", strings.ReplaceAll(FormatPace(t.RunThresholdPace, u), " ", ""))
	}
	return s
}

// Name is how people call the key: "run LTHR", "threshold pace".
func (k ThresholdKey) Name() string {
	switch k {
	case KeyRunLTHR:
		return "run LTHR"
	case KeyBikeLTHR:
		return "bike LTHR"
	case KeyFTP:
		return "FTP"
	case KeyRunThresholdPace:
		return "threshold pace"
	case KeyMaxHR:
		return "max HR"
	case KeyRestingHR:
		return "resting HR"
	}
	return string(k)
}

// FormatThreshold shows a value of key k as people read it (docs/metrics.md
// §12.3): whole bpm and W, halves up, a pace (seconds per km) to the
// second in unit.
func FormatThreshold(k ThresholdKey, v float64, unit DistanceUnit) string {
	switch k {
	case KeyRunThresholdPace:
		return FormatPace(v, unit)
	case KeyFTP:
		return fmt.Sprintf("%d W", WholeUp(v))
	}
	return fmt.Sprintf("%d bpm", WholeUp(v))
}

// WholeUp rounds a threshold to a whole number, halves up, as thresholds
// are shown and written (docs/metrics.md §12.3). A half a unit conversion
// left a hair under (440.5 s/mi through s/km) still rounds up.
func WholeUp(v float64) int { return int(math.Floor(v + 0.5 + 1e-9)) }

// wholePace reports whether a pace in seconds per km is a whole number of
// seconds per unit.
func wholePace(sPerKm float64, unit DistanceUnit) bool {
	per := sPerKm * unit.Metres() / 1000
	return math.Abs(per-math.Round(per)) < 1e-6
}

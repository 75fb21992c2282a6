package easyday

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

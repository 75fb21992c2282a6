package easyday

import "time"

// WellnessKind is the kind of a wellness FIT file, from its file_id.type
// (docs/metrics.md §11; corpus/wellness/SOURCES.md).
type WellnessKind string

// The wellness file kinds easyday reads.
const (
	WellnessMonitoring WellnessKind = "monitoring" // file type 32, monitoring_b: resting HR, stress
	WellnessSleep      WellnessKind = "sleep"      // file type 49: sleep levels and scores
	WellnessHRVStatus  WellnessKind = "hrv_status" // file type 68: overnight HRV
)

var wellnessKinds = []WellnessKind{WellnessMonitoring, WellnessSleep, WellnessHRVStatus}

// ParseWellnessKind reads a stored wellness file kind.
func ParseWellnessKind(s string) (WellnessKind, error) { return parseWord(s, wellnessKinds) }

// Label names the kind in a sentence ("ingested: sleep file").
func (k WellnessKind) Label() string {
	switch k {
	case WellnessMonitoring:
		return "daily monitoring"
	case WellnessHRVStatus:
		return "HRV status"
	}
	return string(k)
}

// Metric names one kind of stored wellness value. Values are in the units
// the names give (bpm, ms of rMSSD, scores 0–100); enumerations keep the FIT
// profile's numbers (HRVStatus*, SleepLevel*).
type Metric string

// The wellness metrics kept per local day.
const (
	MetricHeartRate        Metric = "heart_rate"         // monitoring heart rate sample, bpm
	MetricRestingHR        Metric = "resting_hr"         // monitoring_hr_data.current_day_resting_heart_rate, bpm
	MetricRestingHR7d      Metric = "resting_hr_7d"      // monitoring_hr_data.resting_heart_rate (Garmin's 7-day value), bpm
	MetricStress           Metric = "stress"             // stress_level value 0–100 (negative values are no reading and never stored)
	MetricHRV              Metric = "hrv"                // hrv_value: 5-minute rMSSD, ms
	MetricHRVWeekly        Metric = "hrv_weekly"         // hrv_status_summary.weekly_average, ms
	MetricHRVLastNight     Metric = "hrv_last_night"     // hrv_status_summary.last_night_average, ms
	MetricHRV5MinHigh      Metric = "hrv_5min_high"      // hrv_status_summary.last_night_5_min_high, ms
	MetricHRVLowUpper      Metric = "hrv_low_upper"      // hrv_status_summary.baseline_low_upper, ms
	MetricHRVBalancedLow   Metric = "hrv_balanced_low"   // hrv_status_summary.baseline_balanced_lower, ms
	MetricHRVBalancedHigh  Metric = "hrv_balanced_high"  // hrv_status_summary.baseline_balanced_upper, ms
	MetricHRVStatus        Metric = "hrv_status"         // hrv_status_summary.status, FIT hrv_status number
	MetricSleepLevel       Metric = "sleep_level"        // sleep_level.sleep_level, FIT sleep_level number
	MetricSleepEnd         Metric = "sleep_end"          // the sleep window's end (event 74 stop); value 0
	MetricSleepScore       Metric = "sleep_score"        // sleep_assessment.overall_sleep_score
	MetricSleepQuality     Metric = "sleep_quality"      // sleep_assessment.sleep_quality_score
	MetricSleepDuration    Metric = "sleep_duration"     // sleep_assessment.sleep_duration_score
	MetricSleepRecovery    Metric = "sleep_recovery"     // sleep_assessment.sleep_recovery_score
	MetricSleepDeep        Metric = "sleep_deep"         // sleep_assessment.deep_sleep_score
	MetricSleepLight       Metric = "sleep_light"        // sleep_assessment.light_sleep_score
	MetricSleepREM         Metric = "sleep_rem"          // sleep_assessment.rem_sleep_score
	MetricSleepRestless    Metric = "sleep_restlessness" // sleep_assessment.sleep_restlessness_score
	MetricSleepAwakenings  Metric = "sleep_awakenings"   // sleep_assessment.awakenings_count
	MetricSleepInterrupted Metric = "sleep_interruptions"
	MetricSleepStress      Metric = "sleep_stress" // sleep_assessment.average_stress_during_sleep
)

var metrics = []Metric{
	MetricHeartRate,
	MetricRestingHR,
	MetricRestingHR7d,
	MetricStress,
	MetricHRV,
	MetricHRVWeekly,
	MetricHRVLastNight,
	MetricHRV5MinHigh,
	MetricHRVLowUpper,
	MetricHRVBalancedLow,
	MetricHRVBalancedHigh,
	MetricHRVStatus,
	MetricSleepLevel,
	MetricSleepEnd,
	MetricSleepScore,
	MetricSleepQuality,
	MetricSleepDuration,
	MetricSleepRecovery,
	MetricSleepDeep,
	MetricSleepLight,
	MetricSleepREM,
	MetricSleepRestless,
	MetricSleepAwakenings,
	MetricSleepInterrupted,
	MetricSleepStress,
}

// ParseMetric reads a stored wellness metric.
func ParseMetric(s string) (Metric, error) { return parseWord(s, metrics) }

// Night reports whether the metric describes a night, which belongs to the
// day on which the night ends (docs/metrics.md §11.0), rather than the instant's day.
func (m Metric) Night() bool {
	switch m {
	case MetricHeartRate, MetricRestingHR, MetricRestingHR7d, MetricStress:
		return false
	}
	return true
}

// FIT hrv_status values (hrv_status_summary.status).
const (
	HRVStatusNone       = 0
	HRVStatusPoor       = 1
	HRVStatusLow        = 2
	HRVStatusUnbalanced = 3
	HRVStatusBalanced   = 4
)

// HRVStatusName is Garmin's word for an hrv_status value, "" when unknown.
func HRVStatusName(v int) string {
	switch v {
	case HRVStatusNone:
		return "none"
	case HRVStatusPoor:
		return "poor"
	case HRVStatusLow:
		return "low"
	case HRVStatusUnbalanced:
		return "unbalanced"
	case HRVStatusBalanced:
		return "balanced"
	}
	return ""
}

// FIT sleep_level values.
const (
	SleepUnmeasurable = 0
	SleepAwake        = 1
	SleepLight        = 2
	SleepDeep         = 3
	SleepREM          = 4
)

// WellnessValue is one reading of a wellness file: when, what and how much.
type WellnessValue struct {
	Time   time.Time // UTC
	Metric Metric
	Value  float64
}

// WellnessFile is what a decoder read from one wellness file: its values in
// file order, sentinels already dropped.
type WellnessFile struct {
	Kind     WellnessKind
	Values   []WellnessValue
	Warnings []Warning
}

// WellnessRow is a wellness value placed on its local day: the unit the
// history stores, keyed by (Day, Metric, Time) so that a re-import or an
// overlap of files changes nothing.
type WellnessRow struct {
	Day Date
	WellnessValue
}

// HRVBand is Garmin's balanced HRV baseline band, ms.
type HRVBand struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// WellnessDay is one local day's wellness values (`easyday wellness`); nil
// where the device wrote nothing.
type WellnessDay struct {
	Date           Date     `json:"date"`
	RHR            *int     `json:"rhr"`
	RHR7d          *int     `json:"rhr_7d"`
	HRVLastNightMS *float64 `json:"hrv_last_night_ms"`
	HRVWeeklyMS    *float64 `json:"hrv_weekly_ms"`
	HRVStatus      *string  `json:"hrv_status"`
	HRVBaseline    *HRVBand `json:"hrv_baseline"`
	SleepS         *float64 `json:"sleep_s"`
	SleepScore     *int     `json:"sleep_score"`
	StressAvg      *float64 `json:"stress_avg"`

	// HRVSummary is true when the night has Garmin's hrv_status_summary
	// (HRVLastNightMS is then Garmin's last_night_average, else the mean of
	// the 5-minute values).
	HRVSummary bool `json:"-"`
}

// ReadinessCode is the day's readiness (docs/metrics.md §11.4), as `report
// --json` gives it.
type ReadinessCode string

// Readiness codes (docs/metrics.md §11.4).
const (
	ReadinessRecover ReadinessCode = "recover"
	ReadinessEasy    ReadinessCode = "easy"
	ReadinessNormal  ReadinessCode = "normal"
	ReadinessUnknown ReadinessCode = "unknown"
)

// SignalName names a readiness signal (docs/metrics.md §11.6).
type SignalName string

// Signal names (docs/metrics.md §11.6), in the order the report gives them.
const (
	SignalHRV       SignalName = "hrv"
	SignalRestingHR SignalName = "resting_hr"
	SignalSleep     SignalName = "sleep"
)

// SignalState is what a readiness signal says (docs/metrics.md §11.6).
type SignalState string

// Signal states (docs/metrics.md §11.6).
const (
	StateBelowNormal SignalState = "below_normal"
	StateAboveNormal SignalState = "above_normal"
	StateElevated    SignalState = "elevated"
	StatePoor        SignalState = "poor"
	StateNormal      SignalState = "normal"
	StateUnknown     SignalState = "unknown"
)

// Signal is one readiness signal: today's value against the usual.
type Signal struct {
	Name     SignalName  `json:"name"`
	Value    *float64    `json:"value"`    // resting HR bpm, HRV ms, sleep score
	Baseline *float64    `json:"baseline"` // the usual value in the same unit, nil when there is none
	State    SignalState `json:"state"`
	Date     *Date       `json:"date"` // the day (or the morning of the night) the value is from

	// For the report line; not part of the JSON contract.
	Band    *HRVBand `json:"-"` // HRV: Garmin's balanced band, or ours (baseline ± half an SD)
	Status  string   `json:"-"` // HRV: Garmin's status word when it decided the state
	Seconds *float64 `json:"-"` // sleep: time asleep
	// HRV: the 7-night average the state was decided on (Garmin's weekly
	// average, or the mean of our 7 nights) and last night's own value,
	// which Garmin's status and band do not describe.
	Week      *float64 `json:"-"`
	LastNight *float64 `json:"-"`
}

// Off reports whether the signal counts against readiness.
func (s Signal) Off() bool {
	return s.State == StateBelowNormal || s.State == StateElevated || s.State == StatePoor
}

// Readiness is the day's readiness from the wellness files (docs/metrics.md §11).
type Readiness struct {
	Code    ReadinessCode `json:"code"`
	Signals []Signal      `json:"signals"` // hrv, resting_hr, sleep, always in that order

	// HasData is false when the history holds no wellness values at all.
	HasData bool `json:"-"`
}

// WellnessTrendDay is one day of the report's 30-day wellness chart:
// resting HR and overnight HRV against their usual bands; nil where unknown.
type WellnessTrendDay struct {
	Date            Date
	RHR             *float64 // bpm, the day's own value
	RHRLow, RHRHigh *float64 // baseline mean ∓ max(3 bpm, SD): above the top is elevated
	HRV             *float64 // ms, the night's rMSSD
	HRVLow, HRVHigh *float64 // Garmin's balanced band, else ours (baseline ∓ half an SD)
	HRVWeek         *float64 // ms, the 7-night average the HRV state is decided on (Garmin's, else ours)
}

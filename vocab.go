package easyday

import (
	"fmt"
	"strings"
)

// The closed sets of easyday's vocabulary. Each is a named string type with
// its constants and one Parse function, called once where the value enters
// the program (the configuration, a database row); past that edge the type
// says the value is one of the set. They marshal to JSON as the plain
// strings they hold.
//
// To add a value, add its constant and list it in the set's slice below;
// TestClosedSetsParseEveryConstant fails when a constant is not listed.

// Sex selects the TRIMP weighting (docs/metrics.md §3).
type Sex string

// The values of [athlete] sex.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

var sexes = []Sex{Male, Female}

// ParseSex reads a configured sex.
func ParseSex(s string) (Sex, error) { return parseWord(s, sexes) }

// DistanceUnit is the unit an athlete counts distance in.
type DistanceUnit string

// The values of [athlete] distance_unit.
const (
	Miles      DistanceUnit = "mi"
	Kilometres DistanceUnit = "km"
)

var distanceUnits = []DistanceUnit{Miles, Kilometres}

// ParseDistanceUnit reads a configured distance unit.
func ParseDistanceUnit(s string) (DistanceUnit, error) { return parseWord(s, distanceUnits) }

// MetresPerMile is the international mile (docs/metrics.md §8).
const MetresPerMile = 1609.344

// Or returns u, or def when u is unset.
func (u DistanceUnit) Or(def DistanceUnit) DistanceUnit {
	if u == "" {
		return def
	}
	return u
}

// Metres is the length of one u in metres. Kilometres is what an unset
// unit counts in.
func (u DistanceUnit) Metres() float64 {
	if u == Miles {
		return MetresPerMile
	}
	return 1000
}

// FromMetres converts m metres to u.
func (u DistanceUnit) FromMetres(m float64) float64 { return m / u.Metres() }

// LoadSource says which metric an activity's load is (docs/metrics.md §5).
type LoadSource string

// The load sources.
const (
	LoadPower LoadSource = "power" // power TSS
	LoadHR    LoadSource = "hr"    // HRSS
	LoadPace  LoadSource = "pace"  // pace load of a run (docs/metrics.md §10)
	LoadNone  LoadSource = "none"  // no heart rate, power or pace: load 0
)

var loadSources = []LoadSource{LoadPower, LoadHR, LoadPace, LoadNone}

// ParseLoadSource reads a stored load source.
func ParseLoadSource(s string) (LoadSource, error) { return parseWord(s, loadSources) }

// FileStatus is what became of a file the ledger has seen.
type FileStatus string

// The statuses of the ledger (README, "What happens to each file").
const (
	StatusIngested  FileStatus = "ingested"  // its activities are in the history
	StatusDuplicate FileStatus = "duplicate" // its content or its activities were there already
	StatusSkipped   FileStatus = "skipped"   // well-formed but not an activity
	StatusRejected  FileStatus = "rejected"  // broken
)

var fileStatuses = []FileStatus{StatusIngested, StatusDuplicate, StatusSkipped, StatusRejected}

// ParseFileStatus reads a stored file status.
func ParseFileStatus(s string) (FileStatus, error) { return parseWord(s, fileStatuses) }

// Format is the file format an activity was decoded from.
type Format string

// The formats the decoders read.
const (
	FormatFIT Format = "fit"
	FormatTCX Format = "tcx"
	FormatGPX Format = "gpx"
)

var formats = []Format{FormatFIT, FormatTCX, FormatGPX}

// ParseFormat reads a stored format.
func ParseFormat(s string) (Format, error) { return parseWord(s, formats) }

// AdviceCode names a piece of advice or a warning of the daily report
// (`report --json`). Scripts match on it; its text may be reworded.
type AdviceCode string

// The advice of the day (one of these, first rule that applies wins) and the
// report's warnings.
const (
	AdviceRest        AdviceCode = "rest"
	AdviceEasyDays    AdviceCode = "easy_days"
	AdviceCrossTrain  AdviceCode = "cross_train"
	AdviceRecoveryRun AdviceCode = "recovery_run"
	AdviceTrain       AdviceCode = "train"
	AdviceReady       AdviceCode = "ready"
	AdviceFresh       AdviceCode = "fresh"
	// AdviceNoData: no activity before the report's day, so no training
	// advice at all, only where to put the watch's files.
	AdviceNoData AdviceCode = "no_data"

	WarnRecoveryTooLong AdviceCode = "recovery_too_long"
	WarnRecoveryTooHard AdviceCode = "recovery_too_hard"
)

var adviceCodes = []AdviceCode{AdviceRest, AdviceEasyDays, AdviceCrossTrain, AdviceRecoveryRun,
	AdviceTrain, AdviceReady, AdviceFresh, AdviceNoData, WarnRecoveryTooLong, WarnRecoveryTooHard}

// ParseAdviceCode reads an advice or warning code.
func ParseAdviceCode(s string) (AdviceCode, error) { return parseWord(s, adviceCodes) }

// WordError is a value outside its closed set. It reads as the configuration
// reports it: `missing: "mi" or "km"`, `"yd": want "mi" or "km"`.
type WordError struct {
	Word string   // the value given, "" when missing
	Want []string // the set, in order
}

func (e *WordError) Error() string {
	want := `"` + strings.Join(e.Want, `" or "`) + `"`
	if e.Word == "" {
		return "missing: " + want
	}
	return fmt.Sprintf("%q: want %s", e.Word, want)
}

// parseWord returns the value of set spelled exactly s.
func parseWord[T ~string](s string, set []T) (T, error) {
	for _, v := range set {
		if string(v) == s {
			return v, nil
		}
	}
	want := make([]string, len(set))
	for i, v := range set {
		want[i] = string(v)
	}
	return "", &WordError{Word: s, Want: want}
}

// WarningCode names a kind of data-quality warning on a recording or an
// activity. Behaviour (what the report's data notes show, what Recompute
// replaces) is decided on the code, never on a warning's text, so a text
// may be reworded freely.
type WarningCode string

// The warnings the decoders and the analysis emit.
const (
	WarningHeaderCRC      WarningCode = "header_crc"       // a FIT header's CRC does not match
	WarningFileCRC        WarningCode = "file_crc"         // a FIT sequence's CRC does not match
	WarningDecodeStopped  WarningCode = "decode_stopped"   // decoding failed part-way; what came before is kept
	WarningCutShort       WarningCode = "cut_short"        // damaged and shorter than its header says; what decoded is kept
	WarningTrailingBytes  WarningCode = "trailing_bytes"   // bytes after the last FIT sequence that are no FIT header
	WarningEmptySequence  WarningCode = "empty_sequence"   // a chained FIT sequence whose header declares no data
	WarningUntimedRecords WarningCode = "untimed_records"  // FIT records without a timestamp, ignored
	WarningTooManyRecords WarningCode = "too_many_records" // more records than easyday reads; the rest left out
	WarningUntimedPoints  WarningCode = "untimed_points"   // TCX trackpoints or GPX track points without a usable time, dropped
	WarningNoUTCOffset    WarningCode = "no_utc_offset"    // TCX or GPX times without a zone, read as UTC
	WarningNoTrackpoints  WarningCode = "no_trackpoints"   // a TCX activity with no trackpoints
	WarningBackwards      WarningCode = "time_backwards"   // samples dropped because time went backwards
	WarningNoThresholds   WarningCode = "no_thresholds"    // no thresholds in force on the activity's day; Recompute replaces it
	WarningZeroPower      WarningCode = "zero_power"       // a ride's power is 0 throughout; Recompute replaces it
	WarningHRSensorFault  WarningCode = "hr_sensor_fault"  // heart rate above 225 bpm (a strap losing contact), read as missing; Recompute replaces it
	WarningGPSFault       WarningCode = "gps_fault"        // a run's speed above 12.5 m/s (a GPS fault), read as 0; Recompute replaces it
	WarningClockFault     WarningCode = "clock_fault"      // samples more than 24 h from the rest, or with a device's relative time, dropped
	WarningTimerIgnored   WarningCode = "timer_ignored"    // FIT timer events that leave no running time: the timer runs from the first sample to the last
	// WarningUnknown is a warning stored before warnings had codes whose text
	// is not recognised, or one with a code this easyday does not know.
	WarningUnknown WarningCode = "unknown"
)

var warningCodes = []WarningCode{WarningHeaderCRC, WarningFileCRC, WarningDecodeStopped, WarningCutShort,
	WarningTrailingBytes, WarningEmptySequence, WarningUntimedRecords, WarningTooManyRecords,
	WarningUntimedPoints, WarningNoUTCOffset, WarningNoTrackpoints, WarningBackwards,
	WarningNoThresholds, WarningZeroPower, WarningHRSensorFault, WarningGPSFault, WarningClockFault, WarningTimerIgnored, WarningUnknown}

// ParseWarningCode reads a stored warning code.
func ParseWarningCode(s string) (WarningCode, error) { return parseWord(s, warningCodes) }

// Warning is a data-quality note: a code that behaviour depends on, and a
// sentence for people. In JSON it is {"code": …, "text": …}.
type Warning struct {
	Code WarningCode `json:"code"`
	Text string      `json:"text"`
}

// MaxRecords bounds the samples of one activity: about eight days at 1 s,
// more than a week-long race recorded every second. Decoders keep the first
// MaxRecords in file order and count the rest, so that a huge file never
// holds more than that in memory; what a sample costs while it is analysed,
// and the peak at this cap, are in docs/benchmarks.md, "Settings measured".
const MaxRecords = 700_000

// TooManyRecords is the warning on an activity whose file holds n records,
// of which easyday read the first max.
func TooManyRecords(n, max int) Warning {
	return Warnf(WarningTooManyRecords, "%d records, more than the %d easyday reads: the rest were left out", n, max)
}

// Warnf returns a warning with code and the formatted text.
func Warnf(code WarningCode, format string, args ...any) Warning {
	return Warning{Code: code, Text: fmt.Sprintf(format, args...)}
}

// DataNoteCode names a kind of data note of the daily report (`report
// --json` data_notes). Scripts match on it; its text may be reworded.
type DataNoteCode string

// The data notes: files of the last day that were not read, copies that
// replaced stored activities, and activities of the week whose numbers
// deserve a second look or were taken out.
const (
	NoteRejected        DataNoteCode = "rejected"         // a file that could not be read
	NoteSkipped         DataNoteCode = "skipped"          // a well-formed file holding no activity
	NoteSuperseded      DataNoteCode = "superseded"       // a richer (or grown) copy replaced a stored activity
	NoteDamaged         DataNoteCode = "damaged"          // a checksum that does not match, or decoding stopped part-way
	NotePatchyHR        DataNoteCode = "patchy_hr"        // heart rate on under 80% of the timer time
	NoteNoLoad          DataNoteCode = "no_load"          // activities without heart rate, power or pace
	NoteImplausible     DataNoteCode = "implausible"      // a timer over 16 hours or a load over 500
	NoteExcluded        DataNoteCode = "excluded"         // activities taken out by 'easyday exclude'
	NoteStaleThresholds DataNoteCode = "stale_thresholds" // loads scored with thresholds no longer in force
)

var dataNoteCodes = []DataNoteCode{NoteRejected, NoteSkipped, NoteSuperseded, NoteDamaged, NotePatchyHR,
	NoteNoLoad, NoteImplausible, NoteExcluded, NoteStaleThresholds}

// ParseDataNoteCode reads a data note code.
func ParseDataNoteCode(s string) (DataNoteCode, error) { return parseWord(s, dataNoteCodes) }

// DataNote is one data note of the daily report as `report --json` gives
// it: a code, a sentence, and the activities it is about (none: a file or
// the week).
type DataNote struct {
	Code        DataNoteCode `json:"code"`
	Text        string       `json:"text"`
	ActivityIDs []int64      `json:"activity_ids"`
}

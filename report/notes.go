package report

import (
	"fmt"
	"time"

	"easyday"
)

// LedgerEntry is one line of the file ledger, as the data notes need it.
type LedgerEntry struct {
	Path   string
	Status easyday.FileStatus
	Reason string
	Seen   time.Time // when the file was first seen
	// SupersededBy is the file whose richer (or grown) content replaced
	// this one's activities; "" when none.
	SupersededBy string
}

// lowHRCoverage is the share of timer time below which an activity's heart
// rate is called patchy in the data notes (a loose strap, a dropped sensor).
const lowHRCoverage = 0.8

// noted are the warnings that make a data note: the numbers of the activity
// may be wrong (a checksum that does not match) or cut off (decoding stopped
// part-way). Chosen by code, so rewording a warning changes nothing here.
var noted = map[easyday.WarningCode]bool{
	easyday.WarningHeaderCRC:     true,
	easyday.WarningFileCRC:       true,
	easyday.WarningDecodeStopped: true,
}

// DataNotes picks what the report for day points out: files rejected or
// skipped since the previous day's report (first seen, in loc, on the day
// before or on the day itself) unless a later read of the same path
// succeeded, and activities of week whose numbers deserve a second look (a
// checksum or part-way decoding warning, heart rate on under 80% of the
// timer time). ledger is in the order files were first seen.
func DataNotes(day easyday.Date, loc *time.Location, ledger []LedgerEntry, week []easyday.Activity) []DataNote {
	var notes []DataNote
	// A rejection is old news once a later version of the same file was
	// read (a copy that was still in progress when first seen).
	readLater := map[string]int{} // path → index of its last good read
	for i, f := range ledger {
		if f.Status == easyday.StatusIngested || f.Status == easyday.StatusDuplicate {
			readLater[f.Path] = i
		}
	}
	for i, f := range ledger {
		if j, ok := readLater[f.Path]; ok && j > i {
			continue
		}
		seen := easyday.DateOf(f.Seen, loc)
		if (f.Status == easyday.StatusRejected || f.Status == easyday.StatusSkipped) && seen >= day.AddDays(-1) && seen <= day {
			code := easyday.NoteRejected
			if f.Status == easyday.StatusSkipped {
				code = easyday.NoteSkipped
			}
			notes = append(notes, DataNote{Code: code, Path: f.Path, Status: string(f.Status), Reason: f.Reason})
		}
	}
	// A richer copy that replaced a stored one in the same window says so.
	lastSeen := map[string]time.Time{}
	for _, f := range ledger {
		if f.Status == easyday.StatusIngested {
			lastSeen[f.Path] = f.Seen
		}
	}
	for _, f := range ledger {
		if f.SupersededBy == "" {
			continue
		}
		if seen := easyday.DateOf(lastSeen[f.SupersededBy], loc); seen >= day.AddDays(-1) && seen <= day {
			notes = append(notes, DataNote{Code: easyday.NoteSuperseded, Path: f.SupersededBy, Status: "replaced", Reason: "a richer copy of " + f.Path + " (or its grown content): its numbers replace that file's"})
		}
	}
	for _, x := range week {
		for _, w := range x.Warnings {
			if noted[w.Code] {
				notes = append(notes, DataNote{Code: easyday.NoteDamaged, Path: x.Source, Status: "warning", Reason: w.Text, ActivityIDs: []int64{x.ID}})
			}
		}
		if x.HRS > 0 && x.TimerS > 0 && x.HRS < lowHRCoverage*x.TimerS {
			notes = append(notes, DataNote{Code: easyday.NotePatchyHR, Path: x.Source, Status: "warning",
				Reason:      fmt.Sprintf("heart rate on only %.0f%% of the activity: its load may read low", 100*x.HRS/x.TimerS),
				ActivityIDs: []int64{x.ID}})
		}
	}
	if n := noLoadNote(week); n != nil {
		notes = append(notes, *n)
	}
	return notes
}

// noLoadNote counts the week's activities that carry no load (docs/metrics.md §5
// rule 5: no heart rate, no power, no pace) and says what would give them
// one: a threshold pace for runs with distance, else a strap or a meter.
func noLoadNote(week []easyday.Activity) *DataNote {
	n, pace := 0, false
	var ids []int64
	for _, x := range week {
		if x.LoadSource != easyday.LoadNone {
			continue
		}
		n++
		ids = append(ids, x.ID)
		if x.IsRunning() && x.NGPSPerKm != nil && x.PaceLoad == nil {
			pace = true // a run with distance, but no threshold pace in force
		}
	}
	if n == 0 {
		return nil
	}
	what := fmt.Sprintf("%d activities this week have no heart rate, power or pace: fitness and fatigue undercount them", n)
	if n == 1 {
		what = "1 activity this week has no heart rate, power or pace: fitness and fatigue undercount it"
	}
	todo := "pair a heart-rate strap (or a power meter on the bike) before the next one"
	if pace {
		todo = "set run_threshold_pace in [[thresholds]] so runs get a pace load, then run 'easyday recompute'; or pair a heart-rate strap"
	}
	return &DataNote{Code: easyday.NoteNoLoad, Status: "no load", Reason: what + ". To fix: " + todo + ".", ActivityIDs: ids}
}

// Past these an activity is not what a person did but a recording left
// running (a watch forgotten for a day and a night) or a sensor gone wrong:
// its load would steer fitness and fatigue for weeks.
const (
	implausibleTimerS = 16 * 3600.0
	implausibleLoad   = 500.0
)

// implausibleNotes point out the week's activities (those that count) with
// a timer over 16 hours or a load over 500, and the command that takes one
// out.
func implausibleNotes(week []easyday.Activity) []DataNote {
	var notes []DataNote
	for _, x := range sortedActivities(week) {
		if !(x.TimerS > implausibleTimerS) && !(x.Load > implausibleLoad) {
			continue
		}
		notes = append(notes, DataNote{Code: easyday.NoteImplausible, Path: x.Source, Status: "implausible",
			Reason: fmt.Sprintf("%s: %s %s, %s, load %.0f: more than a day's training, as a watch left recording would be. "+
				"If it is not what you did, take it out: 'easyday exclude %d --reason \"left recording\"'",
				shortDate(x.LocalDate), x.LocalClock(), sportName(x), hmm(x.TimerS), x.Load, x.ID),
			ActivityIDs: []int64{x.ID}})
	}
	return notes
}

// excludedNotes list the week's excluded activities: they count for
// nothing, and include counts one again.
func excludedNotes(excluded []easyday.Activity) []DataNote {
	var notes []DataNote
	for _, x := range sortedActivities(excluded) {
		why := ""
		if x.ExcludeReason != "" {
			why = " (" + x.ExcludeReason + ")"
		}
		notes = append(notes, DataNote{Code: easyday.NoteExcluded, Path: x.Source, Status: "excluded",
			Reason: fmt.Sprintf("%s: %s %s, %s, load %.0f, excluded%s: it counts for nothing. 'easyday include %d' counts it again",
				shortDate(x.LocalDate), x.LocalClock(), sportName(x), hmm(x.TimerS), x.Load, why, x.ID),
			ActivityIDs: []int64{x.ID}})
	}
	return notes
}

// staleNote says that n activities since first were scored with
// thresholds no longer in force for their day, and how to score them again.
func staleNote(n int, first easyday.Date) *DataNote {
	if n == 0 {
		return nil
	}
	what := fmt.Sprintf("%d activities since %s were scored with thresholds that are no longer the ones in force for their day", n, longDate(first))
	if n == 1 {
		what = fmt.Sprintf("1 activity on %s was scored with thresholds that are no longer the ones in force for its day", longDate(first))
	}
	return &DataNote{Code: easyday.NoteStaleThresholds, Status: "stale thresholds",
		Reason: what + " (a [[thresholds]] set was added or changed): their loads, and fitness and fatigue, still read the old ones. " +
			"To fix: run 'easyday recompute --since " + first.String() + "'."}
}

// JSON is the note as `report --json` gives it: the file, when it is about
// one, leads its text.
func (n DataNote) JSON() easyday.DataNote {
	text := n.Reason
	if n.Path != "" {
		text = n.Path + ": " + text
	}
	ids := n.ActivityIDs
	if ids == nil {
		ids = []int64{}
	}
	return easyday.DataNote{Code: n.Code, Text: text, ActivityIDs: ids}
}

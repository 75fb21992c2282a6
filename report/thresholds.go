package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"easyday"
	"easyday/analysis"
)

// thresholds shows the set in force on the report's date and since when,
// the zone bpm ranges it gives, what the history suggests (docs/metrics.md
// §12.5) and how to adopt it, the keys not demonstrated lately, and the
// earlier sets.
func (r *renderer) thresholds() {
	f := r.in.Facts
	r.line()
	r.line("## Thresholds")
	r.line()
	t, ok := r.in.Profile.ThresholdsOn(f.Date)
	if !ok {
		r.line("No thresholds are in force on ", f.Date.String(),
			": add a `[[thresholds]]` set to the configuration so zones and load can be computed.")
		return
	}
	r.line("In force since ", longDate(t.From), sinceDays(t.From, f.Date), ": ", r.setValues(t), ".")
	if f.RecoveryCeilBPM > 0 {
		r.line("A recovery run stays at or below ", strconv.Itoa(f.RecoveryCeilBPM), " bpm (top of run Z2).")
	}
	if t.RunLTHR > 0 || t.BikeLTHR > 0 {
		run, bike := easyday.RunZones.BPM(t.RunLTHR), easyday.BikeZones.BPM(t.BikeLTHR)
		r.line()
		r.line("| Zone | Run (bpm) | Bike (bpm) |")
		r.line("|---|---:|---:|")
		for i := range zoneNames {
			rc, bc := "–", "–"
			if t.RunLTHR > 0 {
				rc = bpm(run[i])
			}
			if t.BikeLTHR > 0 {
				bc = bpm(bike[i])
			}
			r.line("| ", zoneNames[i], " | ", rc, " | ", bc, " |")
		}
	}
	r.suggestions()
	r.notDemonstrated()
	r.earlierSets(t)
}

// sinceDays is " (338 days)": how long the set has been in force on day;
// nothing for a set that starts after it (the first set applies before
// its day too).
func sinceDays(from, day easyday.Date) string {
	n := int(day - from)
	if n < 0 {
		return ""
	}
	return " (" + strconv.Itoa(n) + " " + plural(n, "day", "days") + ")"
}

// suggestions says, for each key the history suggests, which activity
// shows it, what it showed, by which rule, and what to do; then the sets
// to add for the dated keys.
func (r *renderer) suggestions() {
	if len(r.in.Suggestions) == 0 {
		return
	}
	for _, s := range r.in.Suggestions {
		r.line()
		r.line(r.suggestion(s))
	}
	var adds, blocked []analysis.Adoption
	for _, a := range r.in.Adopt {
		if a.Blocked != 0 {
			blocked = append(blocked, a)
		} else {
			adds = append(adds, a)
		}
	}
	for _, a := range blocked {
		var names []string
		for _, s := range a.Suggestions {
			names = append(names, s.Key.Name())
		}
		r.line()
		r.line("The set from ", a.Blocked.String(), " is in force on ", r.in.Facts.Date.String(), ": to adopt the ",
			strings.Join(names, " and "), " of ", a.Set.From.String(), ", change that set by hand.")
	}
	if len(adds) == 0 {
		return
	}
	r.line()
	r.line("To adopt ", plural(len(adds), "it", "them"), ", add to the configuration, then run `easyday recompute --since ", adds[0].Set.From.String(),
		"` (or run `easyday thresholds --add`, which adds the best of the last 42 days and recomputes):")
	r.line()
	r.line("```toml")
	for i, a := range adds {
		if i > 0 {
			r.line()
		}
		r.b.WriteString(a.Set.TOML(r.unit))
	}
	r.line("```")
}

// suggestion is the paragraph of one suggested value.
func (r *renderer) suggestion(s ThresholdNote) string {
	v := easyday.FormatThreshold(s.Key, s.Value, r.unit)
	var b strings.Builder
	name := s.Key.Name()
	if s.Key != easyday.KeyFTP {
		name = strings.ToUpper(name[:1]) + name[1:]
	}
	if s.Starting {
		b.WriteString("**" + name + ": none set.** Starting value: ")
	} else {
		b.WriteString("**" + name + " " + v + "** (" + easyday.FormatThreshold(s.Key, s.InForce, r.unit) + " in force): ")
	}
	if s.Key == easyday.KeyRestingHR {
		b.WriteString("the median of your wellness files' resting heart rate over the last 30 days. ")
		b.WriteString("A watch's resting HR is often the day's lowest 30-minute mean, a few bpm under a morning spot check. ")
		b.WriteString(athleteChange(s.Key, s.Value))
		return b.String()
	}
	a := s.Activity
	b.WriteString("the " + sportName(*a) + " activity of " + longDate(a.LocalDate) + ", started " + a.LocalStart().Format("15:04") + ", ")
	if s.Effort != nil {
		what, rule := effortWords(*s.Effort, r.unit)
		b.WriteString(what + " (" + rule + ")")
	} else {
		b.WriteString("gave " + v)
	}
	if s.Starting {
		b.WriteString(", which gives " + v + ".")
	} else {
		b.WriteString(".")
	}
	b.WriteString(" A race reads higher than a solo effort; an estimate is only as good as the effort behind it.")
	if !s.Key.Dated() {
		b.WriteString(" " + athleteChange(s.Key, s.Value))
	}
	return b.String()
}

// athleteChange says how to adopt an [athlete] key: it is not dated.
func athleteChange(k easyday.ThresholdKey, v float64) string {
	return "It is not dated: change `" + string(k) + " = " + strconv.Itoa(easyday.WholeUp(v)) +
		"` in `[athlete]`, then run `easyday recompute`: every load is recomputed with it."
}

// effortWords says what a window held and the rule that reads it
// (docs/metrics.md §12.3).
func effortWords(e analysis.Effort, unit easyday.DistanceUnit) (what, rule string) {
	from := " from minute " + strconv.Itoa(e.StartS/60)
	bpmOf := func(v float64) string { return easyday.FormatThreshold(easyday.KeyMaxHR, v, unit) }
	wattsOf := func(v float64) string { return easyday.FormatThreshold(easyday.KeyFTP, v, unit) }
	paceOf := func(v float64) string { return easyday.FormatPace(1000/v, unit) }
	switch e.Rule {
	case analysis.RuleFriel30:
		return "held " + bpmOf(e.Mean) + " for the 20 minutes" + from + ", after 10 hard minutes",
			"Friel's 30-minute test: the LTHR is the mean of its last 20 minutes"
	case analysis.RuleCoggan20:
		return "held " + wattsOf(e.Mean) + " for the 20 minutes" + from, "Coggan's 95% of 20 minutes"
	case analysis.RuleHourPower:
		return "held " + wattsOf(e.Mean) + " for the hour" + from, "an hour's best power is the FTP itself"
	case analysis.RuleRiegel30:
		return "ran " + paceOf(e.Mean) + " on the flat's terms for the 30 minutes" + from,
			"Riegel: a 30-minute best is about 4% faster than an hour's"
	case analysis.RuleHourPace:
		return "ran " + paceOf(e.Mean) + " on the flat's terms for the hour" + from, "an hour's best pace is the threshold pace itself"
	case analysis.RulePeak30s:
		return "held " + bpmOf(e.Mean) + " for 30 seconds" + from + ", at the end of a hard effort", "30-second peak"
	}
	return "", string(e.Rule)
}

// notDemonstrated names the keys in force that no activity of the last 56
// days came near: information, never a change to any number or advice.
func (r *renderer) notDemonstrated() {
	keys := r.in.Facts.Thresholds.NotDemonstrated
	if len(keys) == 0 {
		return
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Name()
	}
	r.line()
	r.line("*Not demonstrated in the last 56 days:* ", strings.Join(names, ", "),
		" (no activity came within 97% of an LTHR, 95% of an FTP or a threshold speed). ",
		"This is information only: no number or advice changes.")
}

// earlierSets lists the sets before the one in force, newest first.
func (r *renderer) earlierSets(t easyday.Thresholds) {
	var earlier []easyday.Thresholds
	for _, e := range r.in.Profile.Thresholds {
		if e.From < t.From {
			earlier = append(earlier, e)
		}
	}
	if len(earlier) == 0 {
		return
	}
	slices.SortStableFunc(earlier, func(a, b easyday.Thresholds) int { return cmp.Compare(b.From, a.From) })
	r.line()
	r.line("Earlier sets:")
	r.line()
	for _, e := range earlier {
		r.line("- from ", e.From.String(), ": ", r.setValues(e))
	}
}

// setValues is a thresholds set's values, as the section shows the set in
// force and each earlier one.
func (r *renderer) setValues(t easyday.Thresholds) string {
	ftp := "FTP not set"
	if t.FTP > 0 {
		ftp = "FTP " + strconv.Itoa(t.FTP) + " W"
	}
	pace := ""
	if t.RunThresholdPace > 0 {
		pace = ", threshold pace " + easyday.FormatPace(t.RunThresholdPace, r.unit)
	}
	return "run LTHR " + lthr(t.RunLTHR) + ", bike LTHR " + lthr(t.BikeLTHR) + ", " + ftp + pace
}

func lthr(v int) string {
	if v <= 0 {
		return "not set"
	}
	return strconv.Itoa(v) + " bpm"
}

// Package report renders the daily recovery report: one Markdown file per
// local day whose first three lines say how recovered the athlete is and what
// to do today, the numbers behind it, and an SVG chart of fitness, fatigue,
// form and load beside it. It computes no science: Build reads the history
// and has the analysis package compute the facts, the model days and the
// notes' inputs; Render only arranges, rounds and draws them. The same Input
// always gives the same bytes.
package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"easyday"
	"easyday/analysis"
)

// Input is everything one day's report shows; the caller computes it.
type Input struct {
	Facts     easyday.Facts      // the day's numbers and advice; Facts.Date names the report
	Days      []easyday.Day      // model days up to and including Facts.Date−1, any order; the chart shows the last 90, the tables the last 14 and 7
	Yesterday []easyday.Activity // activities on Facts.Date−1
	AvgPowerW map[int64]float64  // average power of yesterday's activities with power, by ID (analysis.AveragePower)
	Week      []easyday.Activity // activities on Facts.Date−7 … Facts.Date−1, placed by LocalDate
	Monotony  float64            // training monotony over Facts.Date−7 … Facts.Date−1 (docs/metrics.md §9), from the analysis package
	Strain    float64            // training strain over the same days (docs/metrics.md §9)
	Profile   easyday.Profile    // distance unit and every thresholds set; the set in force on Facts.Date is shown
	DataNotes []DataNote         // files rejected or skipped since the previous report, and activities with data-quality warnings
	// LatestWellness is the latest day on or before Facts.Date with a
	// wellness value; nil when there is none.
	LatestWellness *easyday.Date
	Wellness       []easyday.WellnessTrendDay // the WellnessDays days ending with Facts.Date, from the analysis package; none: no wellness section
	// Suggestions are the thresholds the history suggests (analysis.Suggestions),
	// with the windows they come from; Facts.Thresholds holds the same in JSON.
	Suggestions []ThresholdNote
	// Adopt are the [[thresholds]] sets that adopt the dated suggestions
	// (analysis.Adopt), one per day of their activities.
	Adopt []analysis.Adoption
}

// ThresholdNote is one suggestion of the report's Thresholds section.
type ThresholdNote struct {
	analysis.Suggestion
	// Effort is the window of the activity the estimate comes from; nil
	// for resting HR, and when the activity's stream no longer gives the
	// stored estimate.
	Effort *analysis.Effort
}

// DataNote is one line of the report's data notes.
type DataNote struct {
	Code                 easyday.DataNoteCode
	Path, Status, Reason string  // Path "" for a note about the whole week
	ActivityIDs          []int64 // the activities it is about; none for a file or the week
}

// What each part of the report covers, and where its wording changes.
const (
	chartDays = 90 // days in the chart
	tableDays = 14 // days in the fitness table
	weekDays  = 7  // days in the week table (docs/metrics.md §8, §9)
	// historyNeeded is the fitness time constant in days (docs/metrics.md §7):
	// with less history and no seed, fitness is still being learned.
	historyNeeded = easyday.FitnessDays
	// steady is the change over 7 days, in load points, below which a number
	// counts as unchanged and gets a flat arrow.
	steady = 1.0
)

// Render returns the Markdown and the SVG chart; chartName is the file name
// the Markdown links to (relative, beside it), e.g. "2026-10-29-pmc.svg".
func Render(in Input) (markdown, chart []byte, chartName string, err error) {
	unit, err := distanceUnit(in)
	if err != nil {
		return nil, nil, "", err
	}
	chartName = in.Facts.Date.String() + "-pmc.svg"
	days := byDate(in.Days)
	r := renderer{in: in, unit: unit, days: days}
	return r.markdown(chartName), renderChart(in.Facts.Date, days, in.Facts.Form, learnedFrom(in.Facts)), chartName, nil
}

// learnedFrom is the first day whose fitness rests on the model's full 42
// days of history: HistoryDays counts from the day before the first
// activity. Seeds stand for the history before it.
func learnedFrom(f easyday.Facts) easyday.Date {
	if f.Seeded || f.HistoryDays <= 0 {
		return f.Date.AddDays(-chartDays - 1)
	}
	return f.Date.AddDays(-f.HistoryDays + historyNeeded)
}

// distanceUnit picks the athlete's unit, falling back to the one in Facts,
// then to kilometres.
func distanceUnit(in Input) (easyday.DistanceUnit, error) {
	unit := in.Profile.Athlete.DistanceUnit.Or(in.Facts.DistanceUnit).Or(easyday.Kilometres)
	if _, err := easyday.ParseDistanceUnit(string(unit)); err != nil {
		return "", fmt.Errorf("distance unit %q is neither mi nor km", unit)
	}
	return unit, nil
}

// byDate indexes the days by date (the last one given for a date wins), so
// that the report walks dates in order whatever order the caller used.
func byDate(days []easyday.Day) map[easyday.Date]easyday.Day {
	m := make(map[easyday.Date]easyday.Day, len(days))
	for _, d := range days {
		m[d.Date] = d
	}
	return m
}

type renderer struct {
	in   Input
	unit easyday.DistanceUnit
	days map[easyday.Date]easyday.Day
	b    strings.Builder
}

func (r *renderer) line(parts ...string) {
	for _, p := range parts {
		r.b.WriteString(p)
	}
	r.b.WriteByte('\n')
}

func (r *renderer) markdown(chartName string) []byte {
	f := r.in.Facts
	r.line("# Recovery report, ", longDate(f.Date))
	r.line("- ", r.verdict())
	r.line("- ", r.readiness())
	r.line("- ", r.advice())
	if q := r.quiet(); q != "" {
		r.line("- ", q)
	}
	for _, w := range f.Warnings {
		r.line("- **Warning:** ", inline(w.Text))
	}
	for _, n := range f.Notes {
		r.line("- *Note:* ", inline(n))
	}
	r.fitnessTable()
	r.line()
	r.line("## Last ", strconv.Itoa(chartDays), " days")
	r.line()
	r.line("![Fitness, fatigue and form, last ", strconv.Itoa(chartDays), " days](", chartName, ")")
	r.wellnessSection()
	r.yesterday()
	r.week()
	r.rest()
	r.thresholds()
	r.dataNotes()
	return []byte(r.b.String())
}

// formBands name the form bands (TrainingPeaks' reading of the performance
// management chart); the bands are the ones the advice rules read, so the
// verdict and the advice never disagree.
var formBands = map[easyday.FormBand]string{
	easyday.FormFading:      "fresh, fitness fading",
	easyday.FormFresh:       "fresh",
	easyday.FormRecovered:   "recovered",
	easyday.FormProductive:  "productive training",
	easyday.FormFatigued:    "fatigued: take a few easy days",
	easyday.FormOverreached: "overreached",
}

// arrow shows the direction of a change over 7 days.
func arrow(now, then float64) string {
	switch d := clean(now - then); {
	case d >= steady:
		return "↑"
	case d <= -steady:
		return "↓"
	}
	return "→"
}

// verdict is the report's second line: form and its band, fitness, fatigue
// and ramp, with arrows against the model 7 days earlier.
func (r *renderer) verdict() string {
	f := r.in.Facts
	// Fitness and fatigue are those of Date−1, form goes into Date: 7 days
	// earlier they are Date−8's fitness and fatigue and their difference.
	then, ok := r.days[f.Date.AddDays(-8)]
	arrowFor := func(now, old float64) string {
		if !ok {
			return ""
		}
		return " " + arrow(now, old)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**Form %s%s: %s.** Fitness %s%s and fatigue %s%s at the end of yesterday, ramp %s in 7 days",
		form(f.Form), arrowFor(f.Form, then.CTL-then.ATL), formBands[easyday.FormBandOf(clean(f.Form))],
		fixed(f.Fitness, 1), arrowFor(f.Fitness, then.CTL),
		fixed(f.Fatigue, 1), arrowFor(f.Fatigue, then.ATL),
		signed(f.Ramp, 1))
	if ok {
		b.WriteString(" (arrows: change over the last 7 days)")
	}
	b.WriteString(".")
	if f.HistoryDays <= 0 && len(r.in.Days) == 0 && !f.Seeded {
		b.WriteString(" There are no activities before this day yet: drop your watch files into the inbox and run `easyday ingest`.")
	} else if f.HistoryDays < historyNeeded && !f.Seeded {
		fmt.Fprintf(&b, " Fitness is still being learned from %d %s of history (%d needed), so form reads low:"+
			" import older files, or set `[athlete] fitness_seed` and `fatigue_seed` in the configuration.",
			max(f.HistoryDays, 0), plural(f.HistoryDays, "day", "days"), historyNeeded)
	}
	return b.String()
}

// AdviceHeadlines name each advice code as the bold start of the advice
// line: one headline per code, the words the README's advice table uses.
var AdviceHeadlines = map[easyday.AdviceCode]string{
	easyday.AdviceRest:        "rest",
	easyday.AdviceEasyDays:    "easy day",
	easyday.AdviceCrossTrain:  "cross-train instead of running",
	easyday.AdviceRecoveryRun: "recovery run",
	easyday.AdviceTrain:       "train as planned",
	easyday.AdviceReady:       "quality session",
	easyday.AdviceFresh:       "hard session or race",
	easyday.AdviceNoData:      "add your watch's files",
}

// advice is the report's third line: today's session in bold, then the text.
func (r *renderer) advice() string {
	a := r.in.Facts.Advice
	label, ok := AdviceHeadlines[a.Code]
	if !ok {
		label = strings.ReplaceAll(strings.TrimSpace(string(a.Code)), "_", " ")
	}
	head := "**Today:**"
	if label != "" {
		head = "**Today: " + inline(label) + ".**"
	}
	text := inline(a.Text)
	if text == "" {
		text = "no advice for today."
	}
	return head + " " + text + r.decidedBy()
}

// decidedBy says which of form and readiness decided the day's advice, so
// that a form band and a readiness state that point different ways never
// read as a contradiction.
func (r *renderer) decidedBy() string {
	f := r.in.Facts
	a := f.Advice
	if a.Code == "" || a.Code == easyday.AdviceNoData {
		return ""
	}
	if len(a.MovedBy) > 0 && a.FormCode != "" && a.FormCode != a.Code {
		was, ok := AdviceHeadlines[a.FormCode]
		if !ok {
			was = string(a.FormCode)
		}
		return " *Readiness decided today: form " + form(f.Form) + " alone would mean " + inline(was) + ".*"
	}
	if f.HardYesterday && (a.Code == easyday.AdviceRecoveryRun || a.Code == easyday.AdviceCrossTrain) {
		return " *Yesterday's hard day decided today.*"
	}
	return " *Form " + form(f.Form) + " decided today.*"
}

// quietFrom is the number of days without an activity from which the
// report says the advice assumes rest: a day or two off is training as
// usual, three is a gap the files may not have filled yet.
const quietFrom = 3

// quiet is the line that says nothing has arrived for quietFrom days or
// more before the report's day; "" otherwise.
func (r *renderer) quiet() string {
	f := r.in.Facts
	if f.LastActivityDate == nil || f.QuietDays == nil || *f.QuietDays < quietFrom {
		return ""
	}
	return fmt.Sprintf("**No activity since %s, %d days:** if you trained since, add those files; this advice assumes you rested.",
		f.LastActivityDate.Time().Format("Monday 2 January"), *f.QuietDays)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// fitnessTable shows the last 14 model days and today's form.
func (r *renderer) fitnessTable() {
	f := r.in.Facts
	r.line()
	r.line("## Last ", strconv.Itoa(tableDays), " days")
	r.line()
	r.line("| Day | Load | Fitness | Fatigue | Form |")
	r.line("|---|---:|---:|---:|---:|")
	for d := f.Date.AddDays(-tableDays); d < f.Date; d++ {
		day, ok := r.days[d]
		if !ok {
			r.line("| ", shortDate(d), " | – | – | – | – |")
			continue
		}
		r.line("| ", shortDate(d), " | ", integer(day.Load), " | ", fixed(day.CTL, 1), " | ",
			fixed(day.ATL, 1), " | ", form(day.TSB), " |")
	}
	r.line("| **", shortDate(f.Date), " (today)** | | | | **", form(f.Form), "** |")
	r.line()
	r.line("Load is the sum of a day's activity loads: power TSS for a ride with a power meter, else HRSS from heart rate,",
		" else pace load for a run (100 is an hour at threshold). Fitness and fatigue are its averages over about 42 and 7 days,",
		" recent days weighing more, at the end of each day. Form going into a day is the previous day's fitness minus its fatigue.")
}

// sortedActivities returns the activities in start order, so a caller's query
// order never shows.
func sortedActivities(as []easyday.Activity) []easyday.Activity {
	s := slices.Clone(as)
	slices.SortStableFunc(s, func(a, b easyday.Activity) int {
		return cmp.Or(a.StartUTC.Compare(b.StartUTC), cmp.Compare(a.ID, b.ID),
			cmp.Compare(a.Source, b.Source))
	})
	return s
}

func optHR(v *float64) string {
	if v == nil {
		return "–"
	}
	return integer(*v)
}

// yesterday lists yesterday's activities, then one table of the minutes each
// spent in each heart-rate zone.
func (r *renderer) yesterday() {
	d := r.in.Facts.Date.AddDays(-1)
	r.line()
	r.line("## Yesterday, ", d.Time().Format("Monday 2 January"))
	r.line()
	acts := sortedActivities(r.in.Yesterday)
	if len(acts) == 0 {
		r.line("No activities.")
		return
	}
	r.line("| Start | Sport | Time | Distance | Pace | Avg / max HR | Power | Load |")
	r.line("|---|---|---:|---:|---:|---:|---:|---:|")
	for _, a := range acts {
		dist := "–"
		if a.DistanceM > 0 {
			dist = distance(a.DistanceM, r.unit)
		}
		hr := "–"
		if a.AvgHR != nil || a.MaxHR != nil {
			hr = optHR(a.AvgHR) + " / " + optHR(a.MaxHR) + " bpm"
		}
		r.line("| ", a.LocalClock(), " | ", inline(sportName(a)), " | ", hmm(a.TimerS), " | ", dist,
			" | ", r.pace(a), " | ", hr, " | ", r.power(a), " | ", integer(a.Load), " ", loadSource(a.LoadSource), " |")
	}
	r.zoneTable(acts)
}

// pace is how an activity's speed reads in its sport: a run's normalized
// graded pace, a swim's pace per 100 m; other sports show none.
func (r *renderer) pace(a easyday.Activity) string {
	switch {
	case a.NGPSPerKm != nil:
		return easyday.FormatPace(*a.NGPSPerKm, r.unit) + " NGP"
	case a.Sport == easyday.Swimming && a.DistanceM > 0 && a.TimerS > 0:
		return minSec(a.TimerS/a.DistanceM*100) + " /100 m"
	}
	return "–"
}

// power is a ride's average and normalized power and its intensity factor
// (docs/metrics.md §4), against the FTP in force on its day.
func (r *renderer) power(a easyday.Activity) string {
	if a.NPW == nil {
		return "–"
	}
	s := "NP " + integer(*a.NPW) + " W"
	if avg, ok := r.in.AvgPowerW[a.ID]; ok {
		s = "avg " + integer(avg) + " W, " + s
	}
	if t, ok := r.in.Profile.ThresholdsOn(a.LocalDate); ok && t.FTP > 0 {
		s += ", IF " + fixed(*a.NPW/float64(t.FTP), 2)
	}
	return s
}

// zoneTable shows the minutes each activity spent in each heart-rate zone:
// a row per activity with heart rate, a column per zone that holds a minute
// in any of them, so a day of five activities stays one short table.
func (r *renderer) zoneTable(acts []easyday.Activity) {
	var rows []easyday.Activity
	var used [7]bool
	for _, a := range acts {
		times := zoneTimes(a.Zones)
		any := false
		for i, t := range times {
			if math.Round(clean(t)/60) >= 1 {
				used[i], any = true, true
			}
		}
		if any {
			rows = append(rows, a)
		}
	}
	if len(rows) == 0 {
		return
	}
	r.line()
	r.line("Minutes in heart-rate zones:")
	r.line()
	head, rule := "| Start | Sport |", "|---|---|"
	for i, name := range zoneNames {
		if used[i] {
			head += " " + name + " |"
			rule += "---:|"
		}
	}
	r.line(head)
	r.line(rule)
	for _, a := range rows {
		row := "| " + a.LocalClock() + " | " + inline(sportName(a)) + " |"
		for i, t := range zoneTimes(a.Zones) {
			if !used[i] {
				continue
			}
			cell := "–"
			if m := math.Round(clean(t) / 60); m >= 1 {
				cell = integer(m)
			}
			row += " " + cell + " |"
		}
		r.line(row)
	}
}

// sportGroups are the sports the week table totals separately.
var sportGroups = []struct {
	name string
	of   func(easyday.Activity) bool
}{
	{"Run", easyday.Activity.IsRunning},
	{"Ride", easyday.Activity.IsCycling},
	{"Swim", func(a easyday.Activity) bool { return a.Sport == easyday.Swimming }},
}

// sportGroup is the index in sportGroups of a's group, len(sportGroups) for
// every other sport.
func sportGroup(a easyday.Activity) int {
	for i, g := range sportGroups {
		if g.of(a) {
			return i
		}
	}
	return len(sportGroups)
}

// week shows the last 7 days: activities and load per day, then time,
// distance and load per sport, then monotony and strain.
func (r *renderer) week() {
	f := r.in.Facts
	first := f.Date.AddDays(-weekDays)
	perDay := map[easyday.Date][]easyday.Activity{}
	for _, a := range sortedActivities(r.in.Week) {
		if a.LocalDate >= first && a.LocalDate < f.Date {
			perDay[a.LocalDate] = append(perDay[a.LocalDate], a)
		}
	}
	r.line()
	r.line("## Last ", strconv.Itoa(weekDays), " days")
	r.line()
	r.line("| Day | Activities | Load |")
	r.line("|---|---|---:|")
	var load float64
	type total struct {
		n                int
		time, dist, load float64
	}
	var sports [4]total // sportGroups, then every other sport
	for d := first; d < f.Date; d++ {
		var names []string
		for _, a := range perDay[d] {
			what := inline(sportName(a)) + " " + hmm(a.TimerS)
			if a.DistanceM > 0 {
				what += " (" + distance(a.DistanceM, r.unit) + ")"
			}
			names = append(names, what)
			g := &sports[sportGroup(a)]
			g.n++
			g.time += clean(a.TimerS)
			g.dist += clean(a.DistanceM)
			g.load += clean(a.Load)
		}
		what, dayLoad := "rest", "–"
		if len(names) > 0 {
			what = strings.Join(names, ", ")
		}
		if day, ok := r.days[d]; ok {
			dayLoad = integer(day.Load)
			load += clean(day.Load)
		}
		r.line("| ", shortDate(d), " | ", what, " | ", dayLoad, " |")
	}
	r.line("| **Total** | | **", integer(load), "** |")
	if load > 0 || sports != [4]total{} {
		r.line()
		r.line("| Sport | Activities | Time | Distance | Load |")
		r.line("|---|---:|---:|---:|---:|")
		for i, g := range sports {
			if g.n == 0 {
				continue
			}
			name := "Other"
			if i < len(sportGroups) {
				name = sportGroups[i].name
			}
			dist := "–"
			if g.dist > 0 {
				dist = distance(g.dist, r.unit)
			}
			r.line("| ", name, " | ", strconv.Itoa(g.n), " | ", hmm(g.time), " | ", dist, " | ", integer(g.load), " |")
		}
	}
	r.line()
	note := "."
	if load == 0 {
		r.line("No training load this week, so monotony and strain say nothing.")
		return
	}
	if clean(r.in.Monotony) > easyday.HighMonotony {
		note = ": monotony is high, make the easy days easier and vary the hard ones."
	}
	r.line("Monotony ", fixed(r.in.Monotony, 2), ", strain ", integer(r.in.Strain),
		" (monotony above ", fixed(easyday.HighMonotony, 1), " means the days are too alike)", note)
}

// rest says how many days of rest bring form back to 0.
func (r *renderer) rest() {
	n := r.in.Facts.RestDaysToFresh
	r.line()
	r.line("## Rest")
	r.line()
	if n <= 0 {
		r.line("Form is 0 or above: training load alone needs no rest days to be fresh.")
		return
	}
	r.line("With no training, form is back to 0 after **", strconv.Itoa(n), " ", plural(n, "rest day", "rest days"), "**.")
}

// sortedNotes returns the notes in the order the report shows them: by
// path, then status, then reason.
func sortedNotes(ns []DataNote) []DataNote {
	notes := slices.Clone(ns)
	slices.SortFunc(notes, func(a, b DataNote) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Status, b.Status), cmp.Compare(a.Reason, b.Reason))
	})
	return notes
}

// dataNotes lists files the import rejected or skipped and activities whose
// data is doubtful, sorted by path.
func (r *renderer) dataNotes() {
	r.line()
	r.line("## Data notes")
	r.line()
	notes := sortedNotes(r.in.DataNotes)
	if len(notes) == 0 {
		r.line("None.")
		return
	}
	r.line("| File | Status | Reason |")
	r.line("|---|---|---|")
	for _, n := range notes {
		path := "this week" // a note about the week, not one file
		if n.Path != "" {
			path = code(n.Path)
		}
		r.line("| ", path, " | ", inline(n.Status), " | ", inline(n.Reason), " |")
	}
}

package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"easyday"
)

// wellnessDays is how many days the wellness section and its chart cover.
const wellnessDays = 30

// WellnessDays is how many days of Input.Wellness the report shows.
const WellnessDays = wellnessDays

// noWellness is the readiness line of a history without wellness files.
const noWellness = "no wellness files yet: drop the watch's sleep and HRV files into the inbox to use them"

// readinessLabels name each readiness code for the bold start of its line.
// They are worded apart from the form bands (fresh, recovered, …) and the
// advice headlines, so "Form +2: recovered" above a low readiness never
// reads as two answers to one question.
var readinessLabels = map[easyday.ReadinessCode]string{
	easyday.ReadinessRecover: "low, two or more signals off",
	easyday.ReadinessEasy:    "reduced, one signal off",
	easyday.ReadinessNormal:  "good",
	easyday.ReadinessUnknown: "unknown",
}

// readiness is the line under the form line: each signal's value against
// the usual, then what is missing or old ("no HRV last night; resting HR
// from yesterday").
func (r *renderer) readiness() string {
	rd := r.in.Facts.Readiness
	d := r.in.Facts.Date
	stale := ""
	if l := r.in.LatestWellness; l != nil && *l < d-1 {
		// Unknown because nothing recent arrived, not because nothing did.
		stale = fmt.Sprintf("latest wellness files are from %s, %d %s ago", l.Time().Format("2 January"), int(d-*l), plural(int(d-*l), "day", "days"))
		if !rd.HasData {
			return "**Readiness: unknown.** " + stale + ": drop newer sleep and HRV files into the inbox."
		}
	}
	if !rd.HasData {
		return "**Readiness:** " + noWellness + "."
	}
	label, ok := readinessLabels[rd.Code]
	if !ok {
		label = strings.ReplaceAll(string(rd.Code), "_", " ")
	}
	var parts, notes []string
	for _, s := range rd.Signals {
		part, ns := readinessSignal(s, d)
		if part != "" {
			parts = append(parts, part)
		}
		notes = append(notes, ns...)
	}
	if stale != "" {
		notes = append(notes, stale)
	}
	line := "**Readiness: " + inline(label) + ".**"
	if len(parts) > 0 {
		line += " " + strings.Join(parts, " · ")
	}
	if len(notes) > 0 {
		sep := "; "
		if len(parts) == 0 {
			sep = " "
		}
		line += sep + strings.Join(notes, "; ")
	}
	return line + "."
}

// readinessSignal is one signal of the readiness line on day d: its value
// against the usual ("" when it has none), and the notes on what is missing
// or old.
func readinessSignal(s easyday.Signal, d easyday.Date) (part string, notes []string) {
	switch s.Name {
	case easyday.SignalHRV:
		return hrvSignal(s, d)
	case easyday.SignalRestingHR:
		return restingHRSignal(s, d)
	case easyday.SignalSleep:
		return sleepSignal(s)
	}
	return "", nil
}

// offNote is " (state)" for a signal that is off its usual, else "".
func offNote(s easyday.Signal) string {
	if !s.Off() {
		return ""
	}
	return " (" + strings.ReplaceAll(string(s.State), "_", " ") + ")"
}

// hrvSignal is the HRV part of the readiness line (hrvPart).
func hrvSignal(s easyday.Signal, d easyday.Date) (string, []string) {
	if s.Value == nil && s.Week == nil {
		return "", []string{"no HRV last night"}
	}
	var notes []string
	if s.Date != nil && *s.Date != d {
		notes = append(notes, "no HRV last night")
	}
	return hrvPart(s), notes
}

// restingHRSignal is the resting heart rate against its usual level.
func restingHRSignal(s easyday.Signal, d easyday.Date) (string, []string) {
	if s.Value == nil {
		return "", []string{"no resting HR today or yesterday"}
	}
	p := "resting HR " + integer(*s.Value)
	if s.Baseline != nil {
		p += ", usual " + integer(*s.Baseline)
	} else {
		p += ", no usual yet (14 days needed)"
	}
	var notes []string
	if s.Date != nil && *s.Date == d-1 {
		notes = append(notes, "resting HR from yesterday")
	}
	return p + offNote(s), notes
}

// sleepSignal is last night's sleep: its length, its score, or both.
func sleepSignal(s easyday.Signal) (string, []string) {
	if s.Value == nil && s.Seconds == nil {
		return "", []string{"no sleep last night"}
	}
	var p []string
	if s.Seconds != nil {
		p = append(p, "sleep "+hmm(*s.Seconds))
	}
	if s.Value != nil {
		if len(p) == 0 {
			p = append(p, "sleep score "+integer(*s.Value))
		} else {
			p = append(p, "score "+integer(*s.Value))
		}
	}
	return strings.Join(p, ", ") + offNote(s), nil
}

// hrvPart shows HRV as its state was decided: the 7-night average against
// the usual band (Garmin's status and band describe that average, not last
// night), then last night's value on its own: "7-night HRV 49 ms, under your
// usual 62–76 (low: below normal); last night 71 ms".
func hrvPart(s easyday.Signal) string {
	var why []string // Garmin's status word, then the state when it is off
	if s.Status != "" {
		why = append(why, s.Status)
	}
	if s.Off() {
		why = append(why, strings.ReplaceAll(string(s.State), "_", " "))
	}
	state := ""
	if len(why) > 0 {
		state = " (" + strings.Join(why, ": ") + ")"
	}
	if s.Week == nil {
		// A status without its weekly average: the night's value is all
		// there is to show beside it.
		return "HRV " + integer(*s.Value) + " ms last night" + state
	}
	p := "7-night HRV " + integer(*s.Week) + " ms"
	if b := s.Band; b != nil {
		band := integer(b.Low) + "–" + integer(b.High)
		switch w := easyday.Round(*s.Week, 0); {
		case w < easyday.Round(b.Low, 0):
			p += ", under your usual " + band
		case w > easyday.Round(b.High, 0):
			p += ", over your usual " + band
		default:
			p += ", within your usual " + band
		}
	} else if s.Status == "" {
		p += ", no usual yet (14 nights needed)"
	}
	p += state
	if s.LastNight != nil {
		p += "; last night " + integer(*s.LastNight) + " ms"
	}
	return p
}

// hasWellness reports whether the 30-day wellness section has anything to show.
func hasWellness(in Input) bool {
	for _, t := range in.Wellness {
		if t.RHR != nil || t.HRV != nil {
			return true
		}
	}
	return false
}

// wellnessChartName is the file name of the wellness chart beside the report.
func wellnessChartName(d easyday.Date) string { return d.String() + "-wellness.svg" }

// wellnessSection is the 30-day section: a chart, and how to read it.
func (r *renderer) wellnessSection() {
	if !hasWellness(r.in) {
		return
	}
	r.line()
	r.line("## Resting HR and HRV, last ", strconv.Itoa(wellnessDays), " days")
	r.line()
	r.line("![Resting heart rate and overnight HRV against their usual bands, last ", strconv.Itoa(wellnessDays),
		" days](", wellnessChartName(r.in.Facts.Date), ")")
	r.line()
	r.line("The bands are your usual range: resting HR above its band (3 bpm or one standard deviation over",
		" your 60-day mean) is elevated; HRV below its band (Garmin's balanced range, or half a standard deviation",
		" under your usual) is below normal.")
}

// Wellness chart layout: two panels on one date axis.
const (
	wChartH    = 340
	rhrTop     = 74.0
	rhrBottom  = 170.0
	hrvTop     = 208.0
	hrvBottom  = 302.0
	wDateY     = 322.0
	colRHR     = "#d55e00" // vermilion
	colHRV     = "#009e73" // bluish green
	colHRVWeek = "#00654a" // darker green: the 7-night average
	bandOpaque = "0.15"
)

// wellnessSeries is one line of a wellness panel.
type wellnessSeries struct {
	name, colour, label string
	dash                bool // drawn dashed, without dots
	v                   func(easyday.WellnessTrendDay) *float64
}

// renderWellnessChart draws the 30 days ending with date: resting HR over
// its band in the upper panel, overnight HRV and its 7-night average over
// their band in the lower, each panel with its own labelled axis. A band is
// drawn only under days that have a value, a day without one is a gap, the
// last values are labelled at the right, and where the files stopped before
// date the chart says so.
func renderWellnessChart(date easyday.Date, trend []easyday.WellnessTrendDay) []byte {
	first := date.AddDays(-wellnessDays + 1)
	by := map[easyday.Date]easyday.WellnessTrendDay{}
	for _, t := range trend {
		by[t.Date] = t
	}
	slotW := (plotRight - plotLeft) / wellnessDays
	xOf := func(d easyday.Date) float64 { return plotLeft + float64((float64(d-first)+0.5)*slotW) }

	period := first.Time().Format("2 Jan") + " – " + date.Time().Format("2 Jan 2006")
	var s svg
	s.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="` + strconv.Itoa(chartW) + `" height="` + strconv.Itoa(wChartH) +
		`" viewBox="0 0 ` + strconv.Itoa(chartW) + " " + strconv.Itoa(wChartH) + `" font-family="` + fontFamily +
		`" font-size="12" fill="` + colText + `" role="img">` + "\n")
	s.WriteString("<title>")
	_ = xml.EscapeText(&s.Builder, []byte("Resting heart rate and overnight HRV, "+period))
	s.WriteString("</title>\n")
	s.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>` + "\n")
	s.text(plotLeft, 26, "", `font-size="16" font-weight="bold"`, "Resting heart rate and overnight HRV")
	s.text(plotRight, 26, "end", `fill="`+colMuted+`"`, period)
	lx := plotLeft
	for _, l := range []struct {
		label, colour string
		dash          bool
	}{{"Resting HR", colRHR, false}, {"HRV last night", colHRV, false}, {"HRV 7-night average", colHRVWeek, true}, {"usual band", colAxis, false}} {
		switch {
		case l.label == "usual band":
			s.WriteString(`<rect x="` + num(lx) + `" y="37" width="18" height="12" fill="` + l.colour + `" fill-opacity="0.3"/>` + "\n")
		case l.dash:
			s.line(lx, 43, lx+18, 43, `stroke="`+l.colour+`" stroke-width="2.5" stroke-dasharray="4 3"`)
		default:
			s.line(lx, 43, lx+18, 43, `stroke="`+l.colour+`" stroke-width="3"`)
		}
		s.text(lx+24, 47, "", "", l.label)
		lx += 24 + 6.8*float64(len([]rune(l.label))) + 20
	}

	// Date axis: a faint line every Monday, labelled.
	s.WriteString(`<g class="grid" font-size="11" fill="` + colMuted + `">` + "\n")
	for d := first; d <= date; d++ {
		if d.Time().Weekday() != 1 {
			continue
		}
		x := xOf(d)
		s.line(x, rhrTop, x, hrvBottom, `stroke="`+colGrid+`" stroke-dasharray="2 3"`)
		s.text(x, wDateY, "middle", "", d.Time().Format("2 Jan"))
	}
	s.WriteString("</g>\n")

	// runs returns the paths of v through consecutive days that have it.
	runs := func(v func(easyday.WellnessTrendDay) *float64, y func(float64) float64) string {
		var path strings.Builder
		prev := false
		for d := first; d <= date; d++ {
			p := v(by[d])
			if p == nil {
				prev = false
				continue
			}
			switch {
			case prev:
				path.WriteString(" L")
			case path.Len() > 0:
				path.WriteString(" M")
			default:
				path.WriteString("M")
			}
			path.WriteString(num(xOf(d)) + " " + num(y(*p)))
			prev = true
		}
		return path.String()
	}

	panel := func(class, caption, unit, colour string, top, bottom float64, series []wellnessSeries, lo, hi func(easyday.WellnessTrendDay) *float64) {
		min, max := math.Inf(1), math.Inf(-1)
		lastDay := easyday.Date(math.MinInt32)
		for d := first; d <= date; d++ {
			t := by[d]
			for _, sr := range series {
				if p := sr.v(t); p != nil {
					min, max = math.Min(min, clean(*p)), math.Max(max, clean(*p))
					lastDay = d
				}
			}
			if series[0].v(t) != nil {
				for _, p := range []*float64{lo(t), hi(t)} {
					if p != nil {
						min, max = math.Min(min, clean(*p)), math.Max(max, clean(*p))
					}
				}
			}
		}
		s.WriteString(`<g class="` + class + `">` + "\n")
		s.text(plotLeft, top-8, "", `font-size="11" font-weight="bold" fill="`+colour+`"`, caption+", "+unit)
		if math.IsInf(min, 0) {
			s.text((plotLeft+plotRight)/2, (top+bottom)/2, "middle", `fill="`+colMuted+`"`, "No values in these 30 days")
			s.WriteString("</g>\n")
			return
		}
		step := niceStep(math.Max(max-min, 4), 3)
		lo0, hi0 := math.Floor(min/step)*step, math.Ceil(max/step)*step
		if hi0 == lo0 {
			hi0 = lo0 + step
		}
		sc := scale{lo: lo0, hi: hi0, top: top, bottom: bottom}
		for g := lo0; g <= hi0+step/2; g += step {
			s.line(plotLeft, sc.y(g), plotRight, sc.y(g), `stroke="`+colGrid+`"`)
			s.text(plotLeft-6, sc.y(g)+4, "end", `font-size="11" fill="`+colMuted+`"`, fixed(g, 0))
		}
		// The band: under each day that has a value and a band, no stubs
		// over days without data.
		for d := first; d <= date; d++ {
			t := by[d]
			if l, h := lo(t), hi(t); l != nil && h != nil && series[0].v(t) != nil {
				s.WriteString(`<rect x="` + num(xOf(d)-slotW/2) + `" y="` + num(sc.y(*h)) + `" width="` + num(slotW) +
					`" height="` + num(math.Max(sc.y(*l)-sc.y(*h), 0)) + `" fill="` + colour + `" fill-opacity="` + bandOpaque + `"/>` + "\n")
			}
		}
		var labels []endLabel
		for _, sr := range series {
			if p := runs(sr.v, sc.y); p != "" {
				attrs := `fill="none" stroke="` + sr.colour + `" stroke-width="2"`
				if sr.dash {
					attrs = `fill="none" stroke="` + sr.colour + `" stroke-width="2" stroke-dasharray="4 3"`
				}
				s.WriteString(`<path class="` + sr.name + `" d="` + p + `" ` + attrs + `/>` + "\n")
			}
			if !sr.dash {
				for d := first; d <= date; d++ {
					if p := sr.v(by[d]); p != nil {
						s.WriteString(`<circle cx="` + num(xOf(d)) + `" cy="` + num(sc.y(*p)) + `" r="2.5" fill="` + sr.colour + `"/>` + "\n")
					}
				}
			}
			if p := sr.v(by[date]); p != nil {
				labels = append(labels, endLabel{sc.y(*p), integer(*p), sr.colour})
			}
		}
		// Today's values at the right end, pushed apart so they never overlap.
		slices.SortStableFunc(labels, func(a, b endLabel) int { return cmp.Compare(a.y, b.y) })
		for i := 1; i < len(labels); i++ {
			labels[i].y = math.Max(labels[i].y, labels[i-1].y+13)
		}
		for _, l := range labels {
			s.text(plotRight+8, l.y+4, "", `font-weight="bold" fill="`+l.colour+`"`, l.text)
		}
		// A day's resting HR is written at its end, so yesterday's is the
		// newest a morning has: only a longer silence means files stopped.
		if lastDay < date-1 {
			x := xOf(lastDay) + slotW/2
			s.WriteString(`<rect x="` + num(x) + `" y="` + num(top) + `" width="` + num(plotRight-x) + `" height="` + num(bottom-top) +
				`" fill="#f2f2f2" fill-opacity="0.85"/>` + "\n")
			s.text((x+plotRight)/2, (top+bottom)/2+4, "middle", `font-size="11" fill="`+colMuted+`"`,
				"no files since "+lastDay.Time().Format("2 Jan"))
		}
		s.WriteString("</g>\n")
	}
	panel("resting_hr", "Resting heart rate", "bpm", colRHR, rhrTop, rhrBottom,
		[]wellnessSeries{{name: "rhr", colour: colRHR, v: func(t easyday.WellnessTrendDay) *float64 { return t.RHR }}},
		func(t easyday.WellnessTrendDay) *float64 { return t.RHRLow },
		func(t easyday.WellnessTrendDay) *float64 { return t.RHRHigh })
	panel("hrv", "Overnight HRV (rMSSD)", "ms", colHRV, hrvTop, hrvBottom,
		[]wellnessSeries{
			{name: "hrv_night", colour: colHRV, v: func(t easyday.WellnessTrendDay) *float64 { return t.HRV }},
			{name: "hrv_week", colour: colHRVWeek, dash: true, v: func(t easyday.WellnessTrendDay) *float64 { return t.HRVWeek }},
		},
		func(t easyday.WellnessTrendDay) *float64 { return t.HRVLow },
		func(t easyday.WellnessTrendDay) *float64 { return t.HRVHigh })
	s.WriteString("</svg>\n")
	return []byte(s.String())
}

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
	name, colour string
	dash         bool // drawn dashed, without dots
	v            func(easyday.WellnessTrendDay) *float64
}

// wellnessPanel is one panel of the wellness chart: its series over one
// band, the first series the one the band belongs to.
type wellnessPanel struct {
	class, caption, unit, colour string
	top, bottom                  float64
	series                       []wellnessSeries
	lo, hi                       func(easyday.WellnessTrendDay) *float64
}

// wellnessPanels are the chart's panels, top to bottom.
var wellnessPanels = []wellnessPanel{
	{
		class: "resting_hr", caption: "Resting heart rate", unit: "bpm", colour: colRHR, top: rhrTop, bottom: rhrBottom,
		series: []wellnessSeries{{name: "rhr", colour: colRHR, v: func(t easyday.WellnessTrendDay) *float64 { return t.RHR }}},
		lo:     func(t easyday.WellnessTrendDay) *float64 { return t.RHRLow },
		hi:     func(t easyday.WellnessTrendDay) *float64 { return t.RHRHigh },
	},
	{
		class: "hrv", caption: "Overnight HRV (rMSSD)", unit: "ms", colour: colHRV, top: hrvTop, bottom: hrvBottom,
		series: []wellnessSeries{
			{name: "hrv_night", colour: colHRV, v: func(t easyday.WellnessTrendDay) *float64 { return t.HRV }},
			{name: "hrv_week", colour: colHRVWeek, dash: true, v: func(t easyday.WellnessTrendDay) *float64 { return t.HRVWeek }},
		},
		lo: func(t easyday.WellnessTrendDay) *float64 { return t.HRVLow },
		hi: func(t easyday.WellnessTrendDay) *float64 { return t.HRVHigh },
	},
}

// wellnessChart is the wellness chart being drawn: the days it covers and
// the SVG so far.
type wellnessChart struct {
	s           svg
	first, date easyday.Date
	by          map[easyday.Date]easyday.WellnessTrendDay
	slotW       float64
}

// renderWellnessChart draws the 30 days ending with date: resting HR over
// its band in the upper panel, overnight HRV and its 7-night average over
// their band in the lower, each panel with its own labelled axis. A band is
// drawn only under days that have a value, a day without one is a gap, the
// last values are labelled at the right, and where the files stopped before
// date the chart says so.
func renderWellnessChart(date easyday.Date, trend []easyday.WellnessTrendDay) []byte {
	c := &wellnessChart{
		first: date.AddDays(-wellnessDays + 1),
		date:  date,
		by:    map[easyday.Date]easyday.WellnessTrendDay{},
		slotW: (plotRight - plotLeft) / wellnessDays,
	}
	for _, t := range trend {
		c.by[t.Date] = t
	}
	c.header()
	c.legend()
	c.dateAxis()
	for _, p := range wellnessPanels {
		c.panel(p)
	}
	c.s.WriteString("</svg>\n")
	return []byte(c.s.String())
}

// xOf is the middle of a day's slot.
func (c *wellnessChart) xOf(d easyday.Date) float64 {
	return plotLeft + float64((float64(d-c.first)+0.5)*c.slotW)
}

// header opens the SVG with its title and the period it covers.
func (c *wellnessChart) header() {
	s := &c.s
	period := c.first.Time().Format("2 Jan") + " – " + c.date.Time().Format("2 Jan 2006")
	s.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="` + strconv.Itoa(chartW) + `" height="` + strconv.Itoa(wChartH) +
		`" viewBox="0 0 ` + strconv.Itoa(chartW) + " " + strconv.Itoa(wChartH) + `" font-family="` + fontFamily +
		`" font-size="12" fill="` + colText + `" role="img">` + "\n")
	s.WriteString("<title>")
	_ = xml.EscapeText(&s.Builder, []byte("Resting heart rate and overnight HRV, "+period))
	s.WriteString("</title>\n")
	s.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>` + "\n")
	s.text(plotLeft, 26, "", `font-size="16" font-weight="bold"`, "Resting heart rate and overnight HRV")
	s.text(plotRight, 26, "end", `fill="`+colMuted+`"`, period)
}

// legendEntry is one key of the legend, with the function that draws its
// swatch at x.
type legendEntry struct {
	label  string
	swatch func(s *svg, x float64)
}

// legend is the row of keys under the title: the three lines and the band.
func (c *wellnessChart) legend() {
	lx := plotLeft
	for _, l := range []legendEntry{
		{"Resting HR", solidSwatch(colRHR)},
		{"HRV last night", solidSwatch(colHRV)},
		{"HRV 7-night average", dashedSwatch(colHRVWeek)},
		{"usual band", bandSwatch(colAxis)},
	} {
		l.swatch(&c.s, lx)
		c.s.text(lx+24, 47, "", "", l.label)
		lx += 24 + 6.8*float64(len([]rune(l.label))) + 20
	}
}

// solidSwatch is the legend key of a line drawn solid.
func solidSwatch(colour string) func(*svg, float64) {
	return func(s *svg, x float64) { s.line(x, 43, x+18, 43, `stroke="`+colour+`" stroke-width="3"`) }
}

// dashedSwatch is the legend key of a line drawn dashed.
func dashedSwatch(colour string) func(*svg, float64) {
	return func(s *svg, x float64) {
		s.line(x, 43, x+18, 43, `stroke="`+colour+`" stroke-width="2.5" stroke-dasharray="4 3"`)
	}
}

// bandSwatch is the legend key of the usual band.
func bandSwatch(colour string) func(*svg, float64) {
	return func(s *svg, x float64) {
		s.WriteString(`<rect x="` + num(x) + `" y="37" width="18" height="12" fill="` + colour + `" fill-opacity="0.3"/>` + "\n")
	}
}

// dateAxis draws a faint line every Monday, labelled.
func (c *wellnessChart) dateAxis() {
	s := &c.s
	s.WriteString(`<g class="grid" font-size="11" fill="` + colMuted + `">` + "\n")
	for d := c.first; d <= c.date; d++ {
		if d.Time().Weekday() != 1 {
			continue
		}
		x := c.xOf(d)
		s.line(x, rhrTop, x, hrvBottom, `stroke="`+colGrid+`" stroke-dasharray="2 3"`)
		s.text(x, wDateY, "middle", "", d.Time().Format("2 Jan"))
	}
	s.WriteString("</g>\n")
}

// runs returns the paths of v through consecutive days that have it.
func (c *wellnessChart) runs(v func(easyday.WellnessTrendDay) *float64, y func(float64) float64) string {
	var path strings.Builder
	prev := false
	for d := c.first; d <= c.date; d++ {
		p := v(c.by[d])
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
		path.WriteString(num(c.xOf(d)) + " " + num(y(*p)))
		prev = true
	}
	return path.String()
}

// extent is the range of p's values over the chart's days, band included
// where the first series has a value; lastDay is the last day with any.
func (c *wellnessChart) extent(p wellnessPanel) (min, max float64, lastDay easyday.Date) {
	min, max = math.Inf(1), math.Inf(-1)
	lastDay = easyday.Date(math.MinInt32)
	for d := c.first; d <= c.date; d++ {
		t := c.by[d]
		for _, sr := range p.series {
			if v := sr.v(t); v != nil {
				min, max = math.Min(min, clean(*v)), math.Max(max, clean(*v))
				lastDay = d
			}
		}
		if p.series[0].v(t) != nil {
			for _, v := range []*float64{p.lo(t), p.hi(t)} {
				if v != nil {
					min, max = math.Min(min, clean(*v)), math.Max(max, clean(*v))
				}
			}
		}
	}
	return min, max, lastDay
}

// panel draws one panel: its caption, axis, band, lines, the last values
// and, where the files stopped, a veil over the days since.
func (c *wellnessChart) panel(p wellnessPanel) {
	s := &c.s
	min, max, lastDay := c.extent(p)
	s.WriteString(`<g class="` + p.class + `">` + "\n")
	s.text(plotLeft, p.top-8, "", `font-size="11" font-weight="bold" fill="`+p.colour+`"`, p.caption+", "+p.unit)
	if math.IsInf(min, 0) {
		s.text((plotLeft+plotRight)/2, (p.top+p.bottom)/2, "middle", `fill="`+colMuted+`"`, "No values in these 30 days")
		s.WriteString("</g>\n")
		return
	}
	sc := c.axis(p, min, max)
	c.band(p, sc)
	var labels []endLabel
	for _, sr := range p.series {
		labels = c.series(sr, sc, labels)
	}
	// Today's values at the right end, pushed apart so they never overlap.
	slices.SortStableFunc(labels, func(a, b endLabel) int { return cmp.Compare(a.y, b.y) })
	for i := 1; i < len(labels); i++ {
		labels[i].y = math.Max(labels[i].y, labels[i-1].y+13)
	}
	for _, l := range labels {
		s.text(plotRight+8, l.y+4, "", `font-weight="bold" fill="`+l.colour+`"`, l.text)
	}
	c.stopped(p, lastDay)
	s.WriteString("</g>\n")
}

// axis draws the panel's grid lines for values from min to max and
// returns the scale they set.
func (c *wellnessChart) axis(p wellnessPanel, min, max float64) scale {
	step := niceStep(math.Max(max-min, 4), 3)
	lo0, hi0 := math.Floor(min/step)*step, math.Ceil(max/step)*step
	if hi0 == lo0 {
		hi0 = lo0 + step
	}
	sc := scale{lo: lo0, hi: hi0, top: p.top, bottom: p.bottom}
	for g := lo0; g <= hi0+step/2; g += step {
		c.s.line(plotLeft, sc.y(g), plotRight, sc.y(g), `stroke="`+colGrid+`"`)
		c.s.text(plotLeft-6, sc.y(g)+4, "end", `font-size="11" fill="`+colMuted+`"`, fixed(g, 0))
	}
	return sc
}

// band draws the usual band under each day that has a value and a band,
// no stubs over days without data.
func (c *wellnessChart) band(p wellnessPanel, sc scale) {
	for d := c.first; d <= c.date; d++ {
		t := c.by[d]
		if l, h := p.lo(t), p.hi(t); l != nil && h != nil && p.series[0].v(t) != nil {
			c.s.WriteString(`<rect x="` + num(c.xOf(d)-c.slotW/2) + `" y="` + num(sc.y(*h)) + `" width="` + num(c.slotW) +
				`" height="` + num(math.Max(sc.y(*l)-sc.y(*h), 0)) + `" fill="` + p.colour + `" fill-opacity="` + bandOpaque + `"/>` + "\n")
		}
	}
}

// series draws one line, with a dot on each day unless it is dashed, and
// adds its value on the last day to labels.
func (c *wellnessChart) series(sr wellnessSeries, sc scale, labels []endLabel) []endLabel {
	s := &c.s
	if p := c.runs(sr.v, sc.y); p != "" {
		attrs := `fill="none" stroke="` + sr.colour + `" stroke-width="2"`
		if sr.dash {
			attrs = `fill="none" stroke="` + sr.colour + `" stroke-width="2" stroke-dasharray="4 3"`
		}
		s.WriteString(`<path class="` + sr.name + `" d="` + p + `" ` + attrs + `/>` + "\n")
	}
	if !sr.dash {
		for d := c.first; d <= c.date; d++ {
			if p := sr.v(c.by[d]); p != nil {
				s.WriteString(`<circle cx="` + num(c.xOf(d)) + `" cy="` + num(sc.y(*p)) + `" r="2.5" fill="` + sr.colour + `"/>` + "\n")
			}
		}
	}
	if p := sr.v(c.by[c.date]); p != nil {
		labels = append(labels, endLabel{sc.y(*p), integer(*p), sr.colour})
	}
	return labels
}

// stopped veils the days after lastDay when the files stopped. A day's
// resting HR is written at its end, so yesterday's is the newest a morning
// has: only a longer silence means files stopped.
func (c *wellnessChart) stopped(p wellnessPanel, lastDay easyday.Date) {
	if lastDay >= c.date-1 {
		return
	}
	x := c.xOf(lastDay) + c.slotW/2
	c.s.WriteString(`<rect x="` + num(x) + `" y="` + num(p.top) + `" width="` + num(plotRight-x) + `" height="` + num(p.bottom-p.top) +
		`" fill="#f2f2f2" fill-opacity="0.85"/>` + "\n")
	c.s.text((x+plotRight)/2, (p.top+p.bottom)/2+4, "middle", `font-size="11" fill="`+colMuted+`"`,
		"no files since "+lastDay.Time().Format("2 Jan"))
}

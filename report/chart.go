package report

import (
	"cmp"
	"encoding/xml"
	"math"
	"slices"
	"strconv"
	"strings"

	"easyday"
)

// The chart is one fixed-size, self-contained SVG: no script, no external
// font or stylesheet, a white background so it reads on dark themes too, and
// coordinates with at most one decimal so its bytes never vary.
const (
	chartW      = 800
	chartH      = 420
	plotLeft    = 52.0  // room for the y-axis labels
	plotRight   = 752.0 // room for the last values on the right
	lineTop     = 64.0  // fitness, fatigue and form panel
	lineBottom  = 268.0 //
	loadTop     = 298.0 // daily load panel
	loadBottom  = 378.0 //
	dateLabelY  = 396.0
	fontFamily  = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
	colFitness  = "#0072b2" // blue, colour-blind safe palette
	colFatigue  = "#cc3f8f" // magenta
	colForm     = "#e69f00" // orange
	colFormLine = "#b87d00" // darker orange so the form line reads on white
	colLoad     = "#9aa7b4" // grey-blue bars
	colGrid     = "#e6e6e6"
	colAxis     = "#8c8c8c"
	colText     = "#333333"
	colMuted    = "#666666"
)

// series names the chart's series; the same names are the class of each
// series' group, which the tests look for.
const (
	seriesFitness = "fitness"
	seriesFatigue = "fatigue"
	seriesForm    = "form"
	seriesLoad    = "load"
)

// endLabel is a series' last value printed beside the end of its line.
type endLabel struct {
	y      float64
	text   string
	colour string
}

// svg accumulates the chart's markup.
type svg struct{ strings.Builder }

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	s := strconv.FormatFloat(easyday.Round(v, 1), 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

func (s *svg) text(x, y float64, anchor, attrs, body string) {
	s.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if anchor != "" && anchor != "start" {
		s.WriteString(` text-anchor="` + anchor + `"`)
	}
	if attrs != "" {
		s.WriteString(" " + attrs)
	}
	s.WriteString(">")
	_ = xml.EscapeText(&s.Builder, []byte(body))
	s.WriteString("</text>\n")
}

func (s *svg) line(x1, y1, x2, y2 float64, attrs string) {
	s.WriteString(`<line x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) + `" ` + attrs + "/>\n")
}

// scale maps a value range onto a pixel range (top is the larger value).
type scale struct{ lo, hi, top, bottom float64 }

func (sc scale) y(v float64) float64 {
	if sc.hi == sc.lo {
		return sc.bottom
	}
	return sc.bottom - float64((clean(v)-sc.lo)/(sc.hi-sc.lo)*(sc.bottom-sc.top))
}

// niceStep returns a step of 1, 2 or 5 × 10^k that cuts span into about n parts.
func niceStep(span float64, n int) float64 {
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / mag; {
	case f < 1.5:
		return mag
	case f < 3:
		return 2 * mag
	case f < 7:
		return 5 * mag
	}
	return 10 * mag
}

// pmcChart is the layout of one day's chart: the days shown and the scales
// that place them.
type pmcChart struct {
	date, first, last easyday.Date
	learnedFrom       easyday.Date // the first day fitness is known (42 days of history), or before first
	todayForm         float64
	shown             []easyday.Day // the days of first … last the model has, in order
	slotW             float64       // width of one day
	ys, yl            scale         // the fitness panel's scale, the load panel's
	step, loadStep    float64       // grid steps of the two panels
}

// newPMCChart lays out the chart of date: the 90 days before it, and today's
// form. Fitness is known from learnedFrom on: before it the model has less
// than its 42 days of history.
func newPMCChart(date easyday.Date, days map[easyday.Date]easyday.Day, todayForm float64, learnedFrom easyday.Date) *pmcChart {
	c := &pmcChart{date: date, first: date.AddDays(-chartDays), last: date.AddDays(-1), todayForm: clean(todayForm), learnedFrom: learnedFrom}
	for d := c.first; d <= c.last; d++ {
		if day, ok := days[d]; ok {
			c.shown = append(c.shown, day)
		}
	}
	// One slot per day from first to date.
	c.slotW = (plotRight - plotLeft) / (chartDays + 1)
	lo, hi, maxLoad := math.Min(0, c.todayForm), math.Max(10, c.todayForm), 0.0
	for _, d := range c.shown {
		for _, v := range []float64{d.CTL, d.ATL, d.TSB} {
			lo, hi = math.Min(lo, clean(v)), math.Max(hi, clean(v))
		}
		maxLoad = math.Max(maxLoad, clean(d.Load))
	}
	c.step = niceStep(hi-lo, 5)
	lo, hi = math.Floor(lo/c.step)*c.step, math.Ceil(hi/c.step)*c.step
	c.ys = scale{lo: lo, hi: hi, top: lineTop, bottom: lineBottom}
	c.loadStep = niceStep(math.Max(maxLoad, 50), 2)
	loadHi := math.Ceil(math.Max(maxLoad, 50)/c.loadStep) * c.loadStep
	c.yl = scale{lo: 0, hi: loadHi, top: loadTop, bottom: loadBottom}
	return c
}

// x is the centre of day d's slot. The explicit conversion keeps platforms
// that fuse multiply-adds from moving a point by a rounding step.
func (c *pmcChart) x(d easyday.Date) float64 {
	return plotLeft + float64((float64(d-c.first)+0.5)*c.slotW)
}

// renderChart draws the last 90 days before date: fitness and fatigue lines
// and form as a line over a shaded area in the upper panel, over the form
// bands the advice reads, daily load as bars in the lower panel, a shared
// date axis with a tick every Monday. Form goes on to date itself
// (todayForm), so the chart ends on the verdict's number. Days before
// learnedFrom, when the model had less than 42 days of history, are marked
// as such.
func renderChart(date easyday.Date, days map[easyday.Date]easyday.Day, todayForm float64, learnedFrom easyday.Date) []byte {
	c := newPMCChart(date, days, todayForm, learnedFrom)
	var s svg
	c.header(&s)
	c.bands(&s)
	c.learning(&s)
	c.grid(&s)
	c.loadBars(&s)
	c.lines(&s)
	c.bandLabels(&s)
	c.endLabels(&s)
	// Panel captions.
	s.text(plotLeft+4, loadTop-4, "", `font-size="11" fill="`+colMuted+`"`, "Daily load")
	s.WriteString("</svg>\n")
	return []byte(s.String())
}

// header writes the SVG element, its title and background, the chart's
// title, period and legend.
func (c *pmcChart) header(s *svg) {
	period := c.first.Time().Format("2 Jan") + " – " + c.date.Time().Format("2 Jan 2006")
	s.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="` + strconv.Itoa(chartW) + `" height="` + strconv.Itoa(chartH) +
		`" viewBox="0 0 ` + strconv.Itoa(chartW) + " " + strconv.Itoa(chartH) + `" font-family="` + fontFamily +
		`" font-size="12" fill="` + colText + `" role="img">` + "\n")
	s.WriteString("<title>")
	_ = xml.EscapeText(&s.Builder, []byte("Fitness, fatigue and form, "+period))
	s.WriteString("</title>\n")
	s.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>` + "\n")

	s.text(plotLeft, 26, "", `font-size="16" font-weight="bold"`, "Fitness, fatigue and form")
	s.text(plotRight, 26, "end", `fill="`+colMuted+`"`, period)
	legend := []struct{ label, colour string }{
		{"Fitness (" + strconv.Itoa(easyday.FitnessDays) + "-day)", colFitness},
		{"Fatigue (" + strconv.Itoa(easyday.FatigueDays) + "-day)", colFatigue},
		{"Form = fitness − fatigue (● today)", colFormLine},
		{"Daily load", colLoad},
	}
	lx := plotLeft
	for i, l := range legend {
		if i < 3 {
			s.line(lx, 43, lx+18, 43, `stroke="`+l.colour+`" stroke-width="3"`)
		} else {
			s.WriteString(`<rect x="` + num(lx+4) + `" y="37" width="10" height="12" fill="` + l.colour + `"/>` + "\n")
		}
		s.text(lx+24, 47, "", "", l.label)
		lx += 24 + 6.8*float64(len([]rune(l.label))) + 20
	}
}

// bandStyles colour and name the form bands behind the upper panel: the
// bands easyday.FormBandOf defines and the advice reads.
var bandStyles = map[easyday.FormBand]struct{ fill, label string }{
	easyday.FormOverreached: {"#f4c7c3", "overreached: rest"},
	easyday.FormFatigued:    {"#fbe3c4", "fatigued: easy days"},
	easyday.FormProductive:  {"#eef3d6", "productive"},
	easyday.FormRecovered:   {"#e3f1e3", "recovered"},
	easyday.FormFresh:       {"#e1edf7", "fresh"},
	easyday.FormFading:      {"#f3f3f3", "fitness fading"},
}

// bandSpan is the part of band b the upper panel shows, top and bottom in
// pixels; ok is false when the panel does not reach it.
func (c *pmcChart) bandSpan(b easyday.FormBand) (top, bottom float64, ok bool) {
	lo, hi := b.Bounds()
	lo, hi = math.Max(lo, c.ys.lo), math.Min(hi, c.ys.hi)
	if hi <= lo {
		return 0, 0, false
	}
	return c.ys.y(hi), c.ys.y(lo), true
}

// bands shades the form bands across the upper panel, so the chart shows
// why the advice reads "easy days" at −26.
func (c *pmcChart) bands(s *svg) {
	s.WriteString(`<g class="bands">` + "\n")
	for _, b := range easyday.FormBands {
		if top, bottom, ok := c.bandSpan(b); ok {
			s.WriteString(`<rect x="` + num(plotLeft) + `" y="` + num(top) + `" width="` + num(plotRight-plotLeft) +
				`" height="` + num(bottom-top) + `" fill="` + bandStyles[b].fill + `"/>` + "\n")
		}
	}
	s.WriteString("</g>\n")
}

// bandLabels names each band at the plot's left edge, over the lines with a
// white outline so a line never hides it, where the band is tall enough.
func (c *pmcChart) bandLabels(s *svg) {
	s.WriteString(`<g class="band-labels" font-size="10" fill="` + colMuted + `" stroke="#ffffff" stroke-width="3" paint-order="stroke">` + "\n")
	for _, b := range easyday.FormBands {
		if top, bottom, ok := c.bandSpan(b); ok && bottom-top >= 11 {
			s.text(plotLeft+4, bottom-3, "", "", "form: "+bandStyles[b].label)
		}
	}
	s.WriteString("</g>\n")
}

// learning marks the days of the chart before fitness is known: a greyed
// span, labelled, over which the lines do not look as sure as later ones.
func (c *pmcChart) learning(s *svg) {
	if c.learnedFrom <= c.first || len(c.shown) == 0 {
		return
	}
	from := c.shown[0].Date
	to := min(c.learnedFrom, c.date)
	if to <= from {
		return
	}
	x0, x1 := c.x(from)-c.slotW/2, c.x(to)-c.slotW/2
	s.WriteString(`<g class="learning">` + "\n")
	s.WriteString(`<rect x="` + num(x0) + `" y="` + num(lineTop) + `" width="` + num(x1-x0) + `" height="` + num(lineBottom-lineTop) +
		`" fill="#f2f2f2" fill-opacity="0.85"/>` + "\n")
	s.text((x0+x1)/2, lineTop+12, "middle", `font-size="10" fill="`+colMuted+`"`, "fitness still being learned")
	s.WriteString("</g>\n")
}

// grid writes the value axes of both panels and the date axis: a tick and
// a faint line every Monday, labelled.
func (c *pmcChart) grid(s *svg) {
	s.WriteString(`<g class="grid" font-size="11" fill="` + colMuted + `">` + "\n")
	for v := c.ys.lo; v <= c.ys.hi+c.step/2; v += c.step {
		y := c.ys.y(v)
		colour := colGrid
		if math.Abs(v) < c.step/2 {
			colour = colAxis
		}
		s.line(plotLeft, y, plotRight, y, `stroke="`+colour+`"`)
		s.text(plotLeft-6, y+4, "end", "", fixed(v, 0))
	}
	for v := 0.0; v <= c.yl.hi+c.loadStep/2; v += c.loadStep {
		y := c.yl.y(v)
		colour := colGrid
		if v == 0 {
			colour = colAxis
		}
		s.line(plotLeft, y, plotRight, y, `stroke="`+colour+`"`)
		s.text(plotLeft-6, y+4, "end", "", fixed(v, 0))
	}
	for d := c.first; d <= c.date; d++ {
		if d.Time().Weekday() != 1 {
			continue
		}
		x := c.x(d)
		s.line(x, lineTop, x, loadBottom, `stroke="`+colGrid+`" stroke-dasharray="2 3"`)
		s.line(x, loadBottom, x, loadBottom+4, `stroke="`+colAxis+`"`)
		s.text(x, dateLabelY, "middle", "", d.Time().Format("2 Jan"))
	}
	s.WriteString("</g>\n")
}

// loadBars writes the daily load bars.
func (c *pmcChart) loadBars(s *svg) {
	s.WriteString(`<g class="` + seriesLoad + `" fill="` + colLoad + `">` + "\n")
	barW := c.slotW * 0.7
	for _, d := range c.shown {
		if clean(d.Load) <= 0 {
			continue
		}
		y := c.yl.y(math.Min(d.Load, c.yl.hi))
		s.WriteString(`<rect x="` + num(c.x(d.Date)-barW/2) + `" y="` + num(y) + `" width="` + num(barW) +
			`" height="` + num(loadBottom-y) + `"/>` + "\n")
	}
	s.WriteString("</g>\n")
}

// path is the SVG path of v over a run of consecutive days.
func (c *pmcChart) path(run []easyday.Day, v func(easyday.Day) float64) string {
	var p strings.Builder
	for i, d := range run {
		if i == 0 {
			p.WriteString("M")
		} else {
			p.WriteString(" L")
		}
		p.WriteString(num(c.x(d.Date)) + " " + num(c.ys.y(v(d))))
	}
	return p.String()
}

// lines writes form (an area, with today's point) and the fitness and
// fatigue lines. A missing day breaks the lines.
func (c *pmcChart) lines(s *svg) {
	var runs [][]easyday.Day
	for i, d := range c.shown {
		if i == 0 || d.Date != c.shown[i-1].Date+1 {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], d)
	}
	// Today's form joins the last run when yesterday is in it.
	today := easyday.Day{Date: c.date, TSB: c.todayForm}
	formRuns := slices.Clone(runs)
	if n := len(formRuns); n > 0 && formRuns[n-1][len(formRuns[n-1])-1].Date == c.last {
		formRuns[n-1] = append(slices.Clip(formRuns[n-1]), today)
	} else {
		formRuns = append(formRuns, []easyday.Day{today})
	}
	ctl := func(d easyday.Day) float64 { return d.CTL }
	atl := func(d easyday.Day) float64 { return d.ATL }
	tsb := func(d easyday.Day) float64 { return d.TSB }

	s.WriteString(`<g class="` + seriesForm + `">` + "\n")
	for _, run := range formRuns {
		zero := num(c.ys.y(0))
		area := c.path(run, tsb) + " L" + num(c.x(run[len(run)-1].Date)) + " " + zero +
			" L" + num(c.x(run[0].Date)) + " " + zero + " Z"
		s.WriteString(`<path d="` + area + `" fill="` + colForm + `" fill-opacity="0.25" stroke="none"/>` + "\n")
		s.WriteString(`<path d="` + c.path(run, tsb) + `" fill="none" stroke="` + colFormLine + `" stroke-width="1.5"/>` + "\n")
	}
	s.WriteString(`<circle cx="` + num(c.x(c.date)) + `" cy="` + num(c.ys.y(c.todayForm)) + `" r="3.5" fill="` + colFormLine + `"/>` + "\n")
	s.WriteString("</g>\n")
	for _, sr := range []struct {
		name, colour string
		v            func(easyday.Day) float64
	}{{seriesFatigue, colFatigue, atl}, {seriesFitness, colFitness, ctl}} {
		s.WriteString(`<g class="` + sr.name + `" fill="none" stroke="` + sr.colour + `" stroke-width="2.5" stroke-linejoin="round">` + "\n")
		for _, run := range runs {
			s.WriteString(`<path d="` + c.path(run, sr.v) + `"/>` + "\n")
		}
		s.WriteString("</g>\n")
	}
}

// endLabels writes the last values beside the line ends, pushed apart so
// they never overlap: fitness and fatigue of yesterday, form going into
// today; or, with no days at all, a note saying so.
func (c *pmcChart) endLabels(s *svg) {
	labels := []endLabel{{c.ys.y(c.todayForm), form(c.todayForm), colFormLine}}
	if n := len(c.shown); n > 0 && c.shown[n-1].Date == c.last {
		end := c.shown[n-1]
		labels = append(labels,
			endLabel{c.ys.y(end.CTL), fixed(end.CTL, 0), colFitness},
			endLabel{c.ys.y(end.ATL), fixed(end.ATL, 0), colFatigue})
	}
	slices.SortStableFunc(labels, func(a, b endLabel) int { return cmp.Compare(a.y, b.y) })
	const gap = 13.0
	for i := 1; i < len(labels); i++ {
		labels[i].y = math.Max(labels[i].y, labels[i-1].y+gap)
	}
	for _, l := range labels {
		s.text(plotRight+8, l.y+4, "", `font-weight="bold" fill="`+l.colour+`"`, l.text)
	}
	if len(c.shown) == 0 {
		s.text((plotLeft+plotRight)/2, (lineTop+lineBottom)/2, "middle", `fill="`+colMuted+`"`, "No history in these 90 days yet")
	}
}

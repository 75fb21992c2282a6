package report

import (
	"math"
	"strconv"
	"strings"

	"easyday"
)

// minus is the typographic minus sign every negative number in the report
// uses, so that columns of signed numbers line up and read as numbers.
const minus = "−"

// clean turns NaN and infinities into 0 so nothing unprintable is shown.
func clean(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// fixed formats v with n decimals, a real minus sign, and never "−0".
func fixed(v float64, n int) string {
	s := strconv.FormatFloat(easyday.Round(v, n), 'f', n, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	if strings.HasPrefix(s, "-") {
		return minus + s[1:]
	}
	return s
}

// signed formats v with n decimals and an explicit sign ("+3", "−12", "0"),
// for numbers that are a balance or a change.
func signed(v float64, n int) string {
	s := fixed(v, n)
	if strings.HasPrefix(s, minus) || strings.Trim(s, "0.") == "" {
		return s
	}
	return "+" + s
}

// form formats a form value as a signed number rounded to a whole number,
// as every number of the report is. The advice reads the unrounded value
// against bands closed above (−10 < form ≤ 5 is recovered), so where
// rounding would carry the number shown into the next band it keeps the
// decimals that keep it in its own: −9.6 reads −9.6 (recovered), not −10
// (productive training); −26.9 reads −27.
func form(v float64) string {
	v = clean(v)
	band := easyday.FormBandOf(v)
	for n := 0; n < 4; n++ {
		if easyday.FormBandOf(easyday.Round(v, n)) == band {
			return signed(v, n)
		}
	}
	return signed(v, 4)
}

// integer formats v rounded to a whole number.
func integer(v float64) string { return fixed(v, 0) }

// minSec formats seconds as m:ss, rounded to the second.
func minSec(seconds float64) string {
	t := int64(math.Round(clean(seconds)))
	return strconv.FormatInt(t/60, 10) + ":" + twoDigits(t%60)
}

// hmm formats seconds as h:mm, rounded to the minute.
func hmm(seconds float64) string {
	m := int64(math.Round(clean(seconds) / 60))
	if m < 0 {
		m = 0
	}
	return strconv.FormatInt(m/60, 10) + ":" + twoDigits(m%60)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// distance formats metres in the athlete's unit with one decimal.
func distance(metres float64, unit easyday.DistanceUnit) string {
	return fixed(unit.FromMetres(clean(metres)), 1) + " " + string(unit)
}

// longDate formats a day as "Thursday 29 October 2026".
func longDate(d easyday.Date) string { return d.Time().Format("Monday 2 January 2006") }

// shortDate formats a day as "Thu 29 Oct", for table rows.
func shortDate(d easyday.Date) string { return d.Time().Format("Mon 2 Jan") }

// sportName is the sport as people say it: "running", "e biking (trail)".
func sportName(a easyday.Activity) string {
	s := strings.ReplaceAll(string(a.Sport), "_", " ")
	if s == "" {
		s = "activity"
	}
	if sub := a.SubSport; sub != "" && sub != "generic" && sub != string(a.Sport) {
		s += " (" + strings.ReplaceAll(sub, "_", " ") + ")"
	}
	return s
}

// loadSource names where an activity's load came from (docs/metrics.md §5).
func loadSource(src easyday.LoadSource) string {
	if src == easyday.LoadNone || src == "" {
		return "(no heart rate, power or pace)"
	}
	return LoadSourceName(src)
}

// LoadSourceName is how the report and the activity table name the metric
// an activity's load is (docs/metrics.md §5): "TSS" for power TSS, "HRSS",
// "pace" for pace load, "none".
func LoadSourceName(src easyday.LoadSource) string {
	switch src {
	case easyday.LoadPower:
		return "TSS"
	case easyday.LoadHR:
		return "HRSS"
	case easyday.LoadPace:
		return "pace"
	}
	return "none"
}

// inline makes text safe inside a Markdown paragraph or table cell: one line
// (runs of white space become one space), what else does not print escaped
// (easyday.Printable: a reason may name a file), and the few characters
// that would start emphasis, code, links, HTML or a cell border escaped.
func inline(s string) string {
	s = easyday.Printable(strings.Join(strings.Fields(s), " "))
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '`', '[', ']', '<', '|':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// code puts text in a Markdown code span (for file paths), one line: what
// does not print, a new line included, is escaped (easyday.Printable: a
// name is shown as it is, not tidied), with a backtick fence longer
// than any run of backticks inside it. A '|' is escaped because table cells
// are split before code spans are read.
func code(s string) string {
	s = strings.Join(strings.Fields(easyday.Printable(s)), " ")
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	s = strings.ReplaceAll(s, "|", `\|`)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// zoneNames are the heart-rate zones in ZoneSeconds order.
var zoneNames = [7]string{"Z1", "Z2", "Z3", "Z4", "Z5a", "Z5b", "Z5c"}

// zoneTimes lists ZoneSeconds in zone order.
func zoneTimes(z easyday.ZoneSeconds) [7]float64 {
	return [7]float64{z.Z1, z.Z2, z.Z3, z.Z4, z.Z5a, z.Z5b, z.Z5c}
}

// bpm formats a zone's heart-rate range for a table cell; an empty range (a
// threshold too low to separate the zones) is "–".
func bpm(r easyday.BPMRange) string {
	switch {
	case r.Lo == 0:
		return strconv.Itoa(r.Hi) + " and below"
	case r.Hi == 0:
		return strconv.Itoa(r.Lo) + " and above"
	case r.Lo > r.Hi:
		return "–"
	case r.Lo == r.Hi:
		return strconv.Itoa(r.Lo)
	}
	return strconv.Itoa(r.Lo) + "–" + strconv.Itoa(r.Hi)
}

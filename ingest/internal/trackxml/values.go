package trackxml

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"time"

	"easyday"
)

// timeLayouts are tried in order. TCX and GPX ask for xsd:dateTime: RFC 3339
// with any offset and any number of fractional digits (Go accepts the
// fraction even where the layout has none). Some writers drop the colon of
// the offset or the offset itself; a time without one is read as UTC, which
// is what Garmin's own tools write.
var timeLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339, true},
	{"2006-01-02T15:04:05Z0700", true},
	{"2006-01-02T15:04:05", false},
}

// ParseTime reads an xsd:dateTime and returns it in UTC, whether the text
// carried an offset, and whether it is usable at all. Years outside
// 1970–2100 are not: no GPS watch recorded then, and such a time would
// wreck the timeline.
func ParseTime(b []byte) (t time.Time, zoned, ok bool) {
	s := string(bytes.TrimSpace(b))
	if s == "" {
		return time.Time{}, false, false
	}
	for _, l := range timeLayouts {
		if v, err := time.Parse(l.layout, s); err == nil {
			v = v.UTC()
			if y := v.Year(); y < 1970 || y > 2100 {
				return time.Time{}, false, false
			}
			return v, l.zoned, true
		}
	}
	return time.Time{}, false, false
}

// ZonelessWarning is the data-quality note for a file whose times carry no
// UTC offset.
var ZonelessWarning = easyday.Warning{Code: easyday.WarningNoUTCOffset, Text: "times carry no UTC offset; read as UTC"}

// ParseNumber reads a decimal number; empty text, NaN and infinities are
// missing values.
func ParseNumber(b []byte) (float64, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// Span is the time from the earliest to the latest point of one run of the
// timer: a TCX lap, a GPX trkseg.
type Span struct{ From, To time.Time }

// Add widens the span to hold t; ok reports whether the span had a point.
// The span runs from the earliest to the latest point, which in a sane file
// are the first and the last; in a file whose clock jumps back, file order
// would give a span that ends before it starts.
func (s *Span) Add(t time.Time, ok bool) {
	if !ok {
		s.From, s.To = t, t
		return
	}
	if t.Before(s.From) {
		s.From = t
	}
	if t.After(s.To) {
		s.To = t
	}
}

// TimerEvents turns spans into timer events (METRICS.md §1.4: the timer runs
// from the first to the last point of each TCX lap or GPX trkseg). Spans
// that overlap are joined, so the events alternate start, stop; spans that
// only touch keep their stop and start at the same instant, stop first. A
// span of one instant owns no time and gives no events.
func TimerEvents(spans []Span) []easyday.TimerEvent {
	s := make([]Span, 0, len(spans))
	for _, sp := range spans {
		if sp.To.After(sp.From) {
			s = append(s, sp)
		}
	}
	if len(s) == 0 {
		return nil
	}
	slices.SortStableFunc(s, func(a, b Span) int { return a.From.Compare(b.From) })
	merged := s[:1]
	for _, sp := range s[1:] {
		last := &merged[len(merged)-1]
		if sp.From.Before(last.To) {
			if sp.To.After(last.To) {
				last.To = sp.To
			}
			continue
		}
		merged = append(merged, sp)
	}
	events := make([]easyday.TimerEvent, 0, 2*len(merged))
	for _, sp := range merged {
		events = append(events,
			easyday.TimerEvent{Time: sp.From, Running: true},
			easyday.TimerEvent{Time: sp.To, Running: false})
	}
	return events
}

package tcx

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"time"

	"easyday"
)

// timeLayouts are tried in order. TCX asks for xsd:dateTime: RFC 3339 with
// any offset and any number of fractional digits (Go accepts the fraction
// even where the layout has none). Some writers drop the colon of the offset
// or the offset itself; a time without one is read as UTC, which is what
// Garmin's own tools write.
var timeLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339, true},
	{"2006-01-02T15:04:05Z0700", true},
	{"2006-01-02T15:04:05", false},
}

// parseTime reads a TCX time and returns it in UTC, whether the text carried
// an offset, and whether it is usable at all. Years outside 1970–2100 are
// not: no GPS watch recorded then, and such a time would wreck the timeline.
func parseTime(b []byte) (t time.Time, zoned, ok bool) {
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

// parseNumber reads a decimal number; empty text, NaN and infinities are
// missing values.
func parseNumber(b []byte) (float64, bool) {
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

// timerEvents turns the laps' spans into timer events (METRICS.md §1.4: the
// timer runs from the first to the last trackpoint of each lap). Spans that
// overlap are joined, so the events alternate start, stop; spans that only
// touch keep their stop and start at the same instant, stop first. A span
// of one instant owns no time and gives no events.
func timerEvents(spans []span) []easyday.TimerEvent {
	s := make([]span, 0, len(spans))
	for _, sp := range spans {
		if sp.to.After(sp.from) {
			s = append(s, sp)
		}
	}
	if len(s) == 0 {
		return nil
	}
	slices.SortStableFunc(s, func(a, b span) int { return a.from.Compare(b.from) })
	merged := s[:1]
	for _, sp := range s[1:] {
		last := &merged[len(merged)-1]
		if sp.from.Before(last.to) {
			if sp.to.After(last.to) {
				last.to = sp.to
			}
			continue
		}
		merged = append(merged, sp)
	}
	events := make([]easyday.TimerEvent, 0, 2*len(merged))
	for _, sp := range merged {
		events = append(events,
			easyday.TimerEvent{Time: sp.from, Running: true},
			easyday.TimerEvent{Time: sp.to, Running: false})
	}
	return events
}

package trackxml

import (
	"bytes"
	"errors"
	"io"
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

// SampleCap keeps the first Max samples of each recording and counts the
// rest, which are left out (easyday.MaxRecords): the points past it still
// widen their lap's or segment's span (Runs.Past), so the timer is what the
// whole file says.
//
// Hint, when known, is about how many points the whole document holds: the
// first recording's samples are allocated for that many (at most Max) at
// once, so that a huge file's samples are never regrown, which for a moment
// holds the old array and the new one (1.8 times the samples).
type SampleCap struct {
	Max  int // samples kept per recording
	Hint int // points the document may hold; 0: unknown
	seen int // samples of the current recording, kept or not
}

// Samples returns the samples slice a recording starts with: room for Hint
// samples (at most Max) for the first, nil for the rest.
func (c *SampleCap) Samples() []easyday.Sample {
	n := min(c.Hint, c.Max)
	c.Hint = 0
	if n <= 0 {
		return nil
	}
	return make([]easyday.Sample, 0, n)
}

// CountElements counts the elements named local (with any prefix) in an
// XML document without parsing it: the opening and closing tags' names,
// halved. It is a size hint, not a parse: names in comments count too.
func CountElements(r io.Reader, local string) (int, error) {
	name := []byte(local)
	buf := make([]byte, 64<<10)
	n, keep := 0, 0 // keep: bytes carried over, where a name may be split
	for {
		m, err := r.Read(buf[keep:])
		chunk := buf[:keep+m]
		n += bytes.Count(chunk, name)
		keep = min(len(name)-1, len(chunk))
		copy(buf, chunk[len(chunk)-keep:])
		if errors.Is(err, io.EOF) {
			return (n + 1) / 2, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// Keep counts one more sample of the current recording and reports whether
// it is kept.
func (c *SampleCap) Keep() bool {
	c.seen++
	return c.seen <= c.Max
}

// End ends the current recording: when it had more samples than Max, it
// returns the warning that says so.
func (c *SampleCap) End() (easyday.Warning, bool) {
	n := c.seen
	c.seen = 0
	if n <= c.Max {
		return easyday.Warning{}, false
	}
	return easyday.TooManyRecords(n, c.Max), true
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

// TimerEvents turns spans into timer events (docs/metrics.md §1.4: the timer runs
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

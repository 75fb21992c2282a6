package trackxml

import (
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// run gives the events of a timer that runs from each from to each to.
func run(bounds ...string) []easyday.TimerEvent {
	var ev []easyday.TimerEvent
	for i, b := range bounds {
		ev = append(ev, easyday.TimerEvent{Time: ts(b), Running: i%2 == 0})
	}
	return ev
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in        string
		want      string // RFC 3339 in UTC; "" when unusable
		wantZoned bool
	}{
		{"2016-04-10T18:40:59.000+01:00", "2016-04-10T17:40:59Z", true},
		{"2022-11-12T15:58:25.849800+00:00", "2022-11-12T15:58:25.8498Z", true},
		{"2013-11-03T13:05:00.000Z", "2013-11-03T13:05:00Z", true},
		{"2013-11-03T08:05:00-05:00", "2013-11-03T13:05:00Z", true},
		{"2013-11-03T14:05:00+0100", "2013-11-03T13:05:00Z", true},
		{"  2013-11-03T13:05:00Z\n", "2013-11-03T13:05:00Z", true},
		{"2013-11-03T13:05:00", "2013-11-03T13:05:00Z", false},
		{"2013-11-03T13:05:00.25", "2013-11-03T13:05:00.25Z", false},
		{"Aug 17 2011, 11:13:24", "", false},
		{"2013-11-03", "", false},
		{"", "", false},
		{"0001-01-01T00:00:00Z", "", false},
		{"1969-12-31T23:59:59Z", "", false},
		{"2101-01-01T00:00:00Z", "", false},
		{"2013-13-03T13:05:00Z", "", false},
	}
	for _, tt := range tests {
		got, zoned, ok := ParseTime([]byte(tt.in))
		if tt.want == "" {
			if ok {
				t.Errorf("ParseTime(%q) = %v, want unusable", tt.in, got)
			}
			continue
		}
		if !ok || !got.Equal(ts(tt.want)) || got.Location() != time.UTC || zoned != tt.wantZoned {
			t.Errorf("ParseTime(%q) = %v (zoned %v, ok %v), want %s (zoned %v)", tt.in, got, zoned, ok, tt.want, tt.wantZoned)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in     string
		want   float64
		wantOK bool
	}{
		{"3.5", 3.5, true},
		{"\n   12\n ", 12, true},
		{"-1", -1, true},
		{"1e3", 1000, true},
		{"", 0, false},
		{"   ", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"-Infinity", 0, false},
		{"3,5", 0, false},
		{"12 bpm", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseNumber([]byte(tt.in))
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseNumber(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestTimerEvents(t *testing.T) {
	sp := func(from, to string) Span { return Span{ts(from), ts(to)} }
	tests := []struct {
		name  string
		spans []Span
		want  []easyday.TimerEvent
	}{
		{"none", nil, nil},
		{"one lap", []Span{sp("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z")},
			run("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z")},
		{"pause between laps", []Span{
			sp("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z"),
			sp("2024-01-01T10:35:00Z", "2024-01-01T10:40:00Z"),
		}, run("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z", "2024-01-01T10:35:00Z", "2024-01-01T10:40:00Z")},
		{"touching laps: stop first", []Span{
			sp("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z"),
			sp("2024-01-01T10:30:00Z", "2024-01-01T10:40:00Z"),
		}, run("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z", "2024-01-01T10:30:00Z", "2024-01-01T10:40:00Z")},
		{"overlapping laps join", []Span{
			sp("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z"),
			sp("2024-01-01T10:20:00Z", "2024-01-01T10:40:00Z"),
		}, run("2024-01-01T10:00:00Z", "2024-01-01T10:40:00Z")},
		{"laps out of order", []Span{
			sp("2024-01-01T11:00:00Z", "2024-01-01T11:10:00Z"),
			sp("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z"),
		}, run("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z", "2024-01-01T11:00:00Z", "2024-01-01T11:10:00Z")},
		{"one-instant lap gives nothing", []Span{
			sp("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z"),
			sp("2024-01-01T10:30:00Z", "2024-01-01T10:30:00Z"),
			sp("2024-01-01T10:50:00Z", "2024-01-01T10:50:00Z"),
		}, run("2024-01-01T10:00:00Z", "2024-01-01T10:30:00Z")},
	}
	for _, tt := range tests {
		got := TimerEvents(tt.spans)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("TimerEvents(%s) differ (-want +got):\n%s", tt.name, diff)
		}
	}
}

// CountElements counts each element once, prefixed or not, whatever the
// reads' boundaries, and a self-closing one counts half (it holds no time).
func TestCountElements(t *testing.T) {
	doc := `<?xml version="1.0"?><gpx><trk><trkseg>` +
		`<trkpt lat="1" lon="2"><time>2026-05-01T06:00:00Z</time></trkpt>` +
		`<g:trkpt lat="1" lon="2"><time>2026-05-01T06:00:01Z</time></g:trkpt>` +
		`<trkpt lat="1" lon="2"><time>2026-05-01T06:00:02Z</time></trkpt>` +
		`</trkseg></trk></gpx>`
	for _, step := range []int{1, 2, 3, 5, 7, 64 << 10} {
		got, err := CountElements(&chunked{s: doc, step: step}, "trkpt")
		if err != nil || got != 3 {
			t.Errorf("reads of %d bytes: CountElements = %d, %v; want 3", step, got, err)
		}
	}
}

// chunked hands out s at most step bytes a read.
type chunked struct {
	s    string
	step int
}

func (c *chunked) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.step)], c.s)
	c.s = c.s[n:]
	return n, nil
}

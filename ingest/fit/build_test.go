package fit

import (
	"slices"
	"testing"

	"github.com/muktihari/fit/profile/typedef"

	"easyday"
)

func TestOwner(t *testing.T) {
	el := func(s float64) *float64 { return &s }
	contiguous := windows([]session{
		{start: 200, ts: 300, elapsed: el(100)}, // file order need not be time order
		{start: 100, ts: 200, elapsed: el(100)},
	})
	gap := windows([]session{
		{start: 100, ts: invalidTime, elapsed: el(50)},
		{start: 300, ts: invalidTime, elapsed: el(100)},
	})
	// Devices that write the timer time as elapsed time: the message
	// timestamp ends the window.
	shortElapsed := windows([]session{{start: 100, ts: 400, elapsed: el(100)}})
	noStart := windows([]session{{start: invalidTime, ts: 400, elapsed: el(100)}})
	tests := []struct {
		name string
		wins []window
		t    float64
		want int
	}{
		{"contiguous: inside the first", contiguous, 150, 0},
		{"contiguous: shared boundary goes to the later session", contiguous, 200, 1},
		{"contiguous: just before the boundary", contiguous, 199, 0},
		{"contiguous: a few seconds before the first start", contiguous, 95, 0},
		{"contiguous: before every session: the nearest", contiguous, 94, 0},
		{"contiguous: a few seconds after the end", contiguous, 305, 1},
		{"contiguous: after every session: the nearest", contiguous, 306, 1},
		{"gap: just after the first end", gap, 155, 0},
		{"gap: between sessions, nearer the first end", gap, 200, 0},
		{"gap: between sessions, nearer the second start", gap, 260, 1},
		{"gap: between sessions, halfway goes to the later", gap, 225, 1},
		{"gap: just before the second start", gap, 296, 1},
		{"short elapsed: up to the timestamp", shortElapsed, 390, 0},
		{"no start: timestamp minus elapsed", noStart, 310, 0},
		{"no start: before it: the only session", noStart, 250, 0},
		{"no sessions", nil, 250, -1},
	}
	for _, tc := range tests {
		if got := owner(tc.wins, tc.t); got != tc.want {
			t.Errorf("owner(%s, %v) = %d, want %d", tc.name, tc.t, got, tc.want)
		}
	}
}

func TestAddEvents(t *testing.T) {
	el := func(s float64) *float64 { return &s }
	wins := windows([]session{
		{start: 100, ts: 200, elapsed: el(100)},
		{start: 200, ts: 300, elapsed: el(100)},
		{start: 300, ts: 400, elapsed: el(100)},
	})
	events := []timerEvent{{100, true}, {250, false}, {260, true}, {400, false}}
	out := make([]easyday.Recording, len(wins))
	addEvents(out, wins, events)
	type ev struct {
		t       int64
		running bool
	}
	get := func(r easyday.Recording) []ev {
		var s []ev
		for _, e := range r.Events {
			s = append(s, ev{e.Time.Unix() - fitEpoch, e.Running})
		}
		return s
	}
	tests := []struct {
		name      string
		i         int
		want      []ev
		hasEvents bool
	}{
		{"first: its start", 0, []ev{{100, true}}, true},
		// The timer ran into the session, so its first stop gets a start.
		{"second: pause inside", 1, []ev{{200, true}, {250, false}, {260, true}}, true},
		// A session with no event of its own runs first to last sample;
		// the final stop starts it at its start.
		{"third: final stop", 2, []ev{{300, true}, {400, false}}, true},
	}
	for _, tc := range tests {
		if got := get(out[tc.i]); !slices.Equal(got, tc.want) || out[tc.i].HasEvents != tc.hasEvents {
			t.Errorf("addEvents(%s) = %v (HasEvents %v), want %v (%v)", tc.name, got, out[tc.i].HasEvents, tc.want, tc.hasEvents)
		}
	}
	// A single session whose first event is a stop keeps the file's events:
	// the analysis reads a first stop as a timer that was running.
	single := make([]easyday.Recording, 1)
	addEvents(single, windows([]session{{start: 100, ts: 200, elapsed: el(100)}}), []timerEvent{{150, false}, {160, true}, {200, false}})
	if got := get(single[0]); !slices.Equal(got, []ev{{150, false}, {160, true}, {200, false}}) {
		t.Errorf("addEvents(first session, first event a stop) = %v, want the file's events alone", got)
	}
	none := make([]easyday.Recording, 1)
	addEvents(none, windows([]session{{start: 100, ts: 200, elapsed: el(100)}}), nil)
	if none[0].HasEvents || none[0].Events != nil {
		t.Errorf("addEvents(no events) = %v (HasEvents %v), want none", none[0].Events, none[0].HasEvents)
	}
}

func TestSportNames(t *testing.T) {
	tests := []struct {
		sport typedef.Sport
		sub   typedef.SubSport
		want  easyday.Sport
		wsub  string
	}{
		{typedef.SportRunning, typedef.SubSportTrail, "running", "trail"},
		{typedef.SportCycling, typedef.SubSportGeneric, "cycling", ""},
		{typedef.SportStandUpPaddleboarding, typedef.SubSportInvalid, "stand_up_paddleboarding", ""},
		{typedef.SportEBiking, typedef.SubSportEBikeMountain, "e_biking", "e_bike_mountain"},
		{typedef.SportInvalid, typedef.SubSport(250), "generic", ""},
		{typedef.Sport(200), typedef.SubSportTreadmill, "generic", "treadmill"},
	}
	for _, tc := range tests {
		if got, sub := sportName(tc.sport), subSportName(tc.sub); got != tc.want || sub != tc.wsub {
			t.Errorf("sportName(%d), subSportName(%d) = %q, %q; want %q, %q", tc.sport, tc.sub, got, sub, tc.want, tc.wsub)
		}
	}
}

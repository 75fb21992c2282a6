package fit

import (
	"slices"
	"testing"

	"easyday"
)

func TestExpandHR(t *testing.T) {
	const s = 1024 // event_timestamp units per second
	tests := []struct {
		name string
		msgs []hrMesg
		want []hrPoint
	}{
		{
			name: "anchor then a block, with 250 ms carry-forward",
			msgs: []hrMesg{
				{hasTime: true, time: 1000, events: []uint32{10 * s}, bpm: []uint32{100}},
				{events: []uint32{11 * s, 12 * s}, bpm: []uint32{110, 120}},
			},
			want: []hrPoint{
				{1000, 100}, {1000.25, 100}, {1000.5, 100}, {1000.75, 100},
				{1001, 110}, {1001.25, 110}, {1001.5, 110}, {1001.75, 110},
				{1002, 120},
			},
		},
		{
			name: "fractional anchor, half-second beats",
			msgs: []hrMesg{
				{hasTime: true, time: 500.5, events: []uint32{0}, bpm: []uint32{90}},
				{events: []uint32{s / 2}, bpm: []uint32{91}},
			},
			want: []hrPoint{{500.5, 90}, {500.75, 90}, {501, 91}},
		},
		{
			name: "no anchor yet: nothing can be placed",
			msgs: []hrMesg{{events: []uint32{s}, bpm: []uint32{100}}},
		},
		{
			name: "anchor with two event times is not an anchor",
			msgs: []hrMesg{
				{hasTime: true, time: 1000, events: []uint32{s, 2 * s}, bpm: []uint32{100, 101}},
				{events: []uint32{3 * s}, bpm: []uint32{102}},
			},
		},
		{
			name: "event clock wraps around 2^32",
			msgs: []hrMesg{
				{hasTime: true, time: 2000, events: []uint32{1<<32 - s}, bpm: []uint32{100}},
				{events: []uint32{s / 4}, bpm: []uint32{101}},
			},
			want: []hrPoint{{2000, 100}, {2000.25, 100}, {2000.5, 100}, {2000.75, 100}, {2001, 100}, {2001.25, 101}},
		},
		{
			name: "event before the anchor is dropped",
			msgs: []hrMesg{
				{hasTime: true, time: 2000, events: []uint32{10 * s}, bpm: []uint32{100}},
				{events: []uint32{9 * s}, bpm: []uint32{99}},
			},
			want: []hrPoint{{2000, 100}},
		},
		{
			name: "carry-forward stops after 5 s",
			msgs: []hrMesg{
				{hasTime: true, time: 0, events: []uint32{0}, bpm: []uint32{100}},
				{events: []uint32{10 * s}, bpm: []uint32{120}},
			},
			want: func() []hrPoint {
				p := []hrPoint{{0, 100}}
				for i := 1; i <= 20; i++ {
					p = append(p, hrPoint{float64(i) * 0.25, 100})
				}
				return append(p, hrPoint{10, 120})
			}(),
		},
		{
			name: "unequal arrays: the shorter wins",
			msgs: []hrMesg{{hasTime: true, time: 0, events: []uint32{0}, bpm: []uint32{100, 101}}},
			want: []hrPoint{{0, 100}},
		},
	}
	for _, tc := range tests {
		if got := expandHR(tc.msgs, nil); !slices.Equal(got, tc.want) {
			t.Errorf("expandHR(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestMergeHR checks mergeHR against Garmin's FIT SDK 21.217.0: every want
// below is what the SDK's mergeHeartRates gives for the same hr messages
// and records (each hr message an anchor: timestamp, fractional_timestamp,
// one event_timestamp; 0xFF is the SDK's null), run with node.
func TestMergeHR(t *testing.T) {
	stream := []struct {
		t   float64
		bpm uint32
	}{{9.5, 80}, {10, 90}, {10.5, 100}, {11, 110}, {11.5, 255}, {12, 120}, {12.5, 130}, {20, 0}}
	var msgs []hrMesg
	for _, p := range stream {
		msgs = append(msgs, hrMesg{hasTime: true, time: p.t, events: []uint32{uint32((1000 + p.t) * 1024)}, bpm: []uint32{p.bpm}})
	}
	rec := func(t uint32, hr int) easyday.Sample {
		return easyday.Sample{Time: easyday.InstantOf(fitTime(t)), HR: hr}
	}
	tests := []struct {
		name string
		recs []easyday.Sample
		want []int
	}{
		{"in order", []easyday.Sample{rec(10, 0), rec(11, 0), rec(12, 0)}, []int{83, 100, 58}},
		{"a record's own HR is replaced", []easyday.Sample{rec(10, 0), rec(11, 150), rec(12, 0)}, []int{83, 100, 58}},
		{"file order, not time order", []easyday.Sample{rec(12, 0), rec(10, 0), rec(11, 0)}, []int{58, 0, 0}},
		{"shared time: (t-1, t], one value back", []easyday.Sample{rec(10, 0), rec(11, 0), rec(11, 0)}, []int{83, 100, 110}},
		{"long gap: everything since the previous record", []easyday.Sample{rec(9, 0), rec(12, 0)}, []int{0, 80}},
		{"a zero in the window is a value", []easyday.Sample{rec(20, 0)}, []int{0}},
		{"first record: (t-1, t]", []easyday.Sample{rec(13, 0)}, []int{128}},
		{"past the stream: its own is kept", []easyday.Sample{rec(30, 150)}, []int{150}},
		{"stream ends inside the window: not set", []easyday.Sample{rec(19, 0), rec(21, 150)}, []int{0, 150}},
	}
	for _, tc := range tests {
		recs := slices.Clone(tc.recs)
		mergeHR(recs, expandHR(msgs, nil))
		var got []int
		for _, r := range recs {
			got = append(got, r.HR)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("mergeHR(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

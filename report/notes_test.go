package report

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

func TestDataNotes(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	day := easyday.MakeDate(2026, time.October, 15)
	at := func(d easyday.Date, hour int) time.Time {
		y, m, dd := d.Time().Date()
		return time.Date(y, m, dd, hour, 0, 0, 0, loc)
	}
	yesterday, before := day.AddDays(-1), day.AddDays(-2)
	for _, tc := range []struct {
		name   string
		ledger []LedgerEntry
		week   []easyday.Activity
		want   []DataNote
	}{
		{name: "nothing to note"},
		{
			name: "a richer copy replaced one yesterday",
			ledger: []LedgerEntry{
				{Path: "no_hr.tcx", Status: "duplicate", Reason: "superseded by test.tcx", Seen: at(before, 9), SupersededBy: "test.tcx"},
				{Path: "test.tcx", Status: "ingested", Seen: at(yesterday, 9)},
			},
			want: []DataNote{{Code: easyday.NoteSuperseded, Path: "test.tcx", Status: "replaced", Reason: "a richer copy of no_hr.tcx (or its grown content): its numbers replace that file's"}},
		},
		{
			name: "a replacement two days ago is old news",
			ledger: []LedgerEntry{
				{Path: "no_hr.tcx", Status: "duplicate", Reason: "superseded by test.tcx", Seen: at(before, 1), SupersededBy: "test.tcx"},
				{Path: "test.tcx", Status: "ingested", Seen: at(before, 9)},
			},
		},
		{
			name:   "rejected yesterday",
			ledger: []LedgerEntry{{Path: "a.fit", Status: "rejected", Reason: "empty file", Seen: at(yesterday, 9)}},
			want:   []DataNote{{Code: easyday.NoteRejected, Path: "a.fit", Status: "rejected", Reason: "empty file"}},
		},
		{
			name:   "skipped today",
			ledger: []LedgerEntry{{Path: "s.fit", Status: "skipped", Reason: "settings file", Seen: at(day, 3)}},
			want:   []DataNote{{Code: easyday.NoteSkipped, Path: "s.fit", Status: "skipped", Reason: "settings file"}},
		},
		{
			name:   "rejected two days ago is old news",
			ledger: []LedgerEntry{{Path: "a.fit", Status: "rejected", Reason: "empty file", Seen: at(before, 23)}},
		},
		{
			// 23:30 local on the day before is still the day before, though
			// it is the report's day in UTC.
			name:   "days counted in local time",
			ledger: []LedgerEntry{{Path: "late.fit", Status: "rejected", Reason: "x", Seen: at(before, 23).Add(30 * time.Minute)}},
		},
		{
			name:   "ingested and duplicate files are not noted",
			ledger: []LedgerEntry{{Path: "a.fit", Status: "ingested", Seen: at(day, 1)}, {Path: "b.fit", Status: "duplicate", Reason: "same as a.fit", Seen: at(day, 1)}},
		},
		{
			name: "rejection mended by a later read",
			ledger: []LedgerEntry{
				{Path: "copy.fit", Status: "rejected", Reason: "truncated: still being copied? 2,262 of 4,524 bytes", Seen: at(yesterday, 8)},
				{Path: "copy.fit", Status: "ingested", Seen: at(yesterday, 9)},
			},
		},
		{
			name: "rejection after a good read is news",
			ledger: []LedgerEntry{
				{Path: "x.fit", Status: "ingested", Seen: at(yesterday, 8)},
				{Path: "x.fit", Status: "rejected", Reason: "garbage", Seen: at(yesterday, 9)},
			},
			want: []DataNote{{Code: easyday.NoteRejected, Path: "x.fit", Status: "rejected", Reason: "garbage"}},
		},
		{
			name: "decoding warnings",
			week: []easyday.Activity{
				{ID: 1, Source: "crc.fit", Warnings: []easyday.Warning{{Code: easyday.WarningFileCRC, Text: "file CRC mismatch"},
					{Code: easyday.WarningUntimedRecords, Text: "something harmless"}}},
				{ID: 2, Source: "cut.fit", Warnings: []easyday.Warning{{Code: easyday.WarningDecodeStopped, Text: "decoding stopped at byte 7472"}}},
			},
			want: []DataNote{
				{Code: easyday.NoteDamaged, Path: "crc.fit", Status: "warning", Reason: "file CRC mismatch", ActivityIDs: []int64{1}},
				{Code: easyday.NoteDamaged, Path: "cut.fit", Status: "warning", Reason: "decoding stopped at byte 7472", ActivityIDs: []int64{2}},
			},
		},
		{
			name: "patchy heart rate",
			week: []easyday.Activity{
				{ID: 3, Source: "patchy.fit", HRS: 1800, TimerS: 3600},
				{Source: "fine.fit", HRS: 2900, TimerS: 3600}, // 80.6%
				{Source: "nohr.fit", HRS: 0, TimerS: 3600},    // no strap at all: nothing to second-guess
			},
			want: []DataNote{{Code: easyday.NotePatchyHR, Path: "patchy.fit", Status: "warning", Reason: "heart rate on only 50% of the activity: its load may read low", ActivityIDs: []int64{3}}},
		},
		{
			name: "activities without load, a run among them with no threshold pace",
			week: []easyday.Activity{
				{ID: 4, Source: "run.fit", Sport: easyday.Running, NGPSPerKm: ptr(330.0), LoadSource: easyday.LoadNone},
				{ID: 5, Source: "walk.fit", Sport: easyday.Walking, LoadSource: easyday.LoadNone},
				{ID: 6, Source: "ride.fit", Sport: easyday.Cycling, LoadSource: easyday.LoadNone},
				{Source: "hr.fit", Sport: easyday.Running, LoadSource: easyday.LoadHR},
			},
			want: []DataNote{{Code: easyday.NoteNoLoad, ActivityIDs: []int64{4, 5, 6}, Status: "no load", Reason: "3 activities this week have no heart rate, power or pace: fitness and fatigue undercount them. " +
				"To fix: set run_threshold_pace in [[thresholds]] so runs get a pace load, then run 'easyday recompute'; or pair a heart-rate strap."}},
		},
		{
			name: "one activity without load, no run",
			week: []easyday.Activity{{ID: 7, Source: "ride.fit", Sport: easyday.Cycling, LoadSource: easyday.LoadNone}},
			want: []DataNote{{Code: easyday.NoteNoLoad, ActivityIDs: []int64{7}, Status: "no load", Reason: "1 activity this week has no heart rate, power or pace: fitness and fatigue undercount it. " +
				"To fix: pair a heart-rate strap (or a power meter on the bike) before the next one."}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := DataNotes(day, loc, tc.ledger, tc.week)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("DataNotes(%s) mismatch (-want +got):\n%s", day, diff)
			}
		})
	}
}

// TestDataNotesByCode: which warnings make a data note depends on their code
// alone. Rewording every warning's text (here, so that no text says "CRC"
// or "decoding stopped", and harmless ones do) changes no note but the
// wording it repeats.
func TestDataNotesByCode(t *testing.T) {
	day := easyday.MakeDate(2026, 10, 29)
	week := []easyday.Activity{{Source: "a.fit", Warnings: []easyday.Warning{
		{Code: easyday.WarningHeaderCRC, Text: "header CRC mismatch: stored 0x0001, computed 0x0002"},
		{Code: easyday.WarningFileCRC, Text: "file CRC mismatch: stored 0x0001, computed 0x0002"},
		{Code: easyday.WarningDecodeStopped, Text: "decoding stopped at byte 7,472: bad"},
		{Code: easyday.WarningBackwards, Text: "2 samples dropped: time went backwards"},
		{Code: easyday.WarningNoUTCOffset, Text: "times carry no UTC offset; read as UTC"},
	}}}
	reworded := []easyday.Activity{{Source: "a.fit", Warnings: []easyday.Warning{
		{Code: easyday.WarningHeaderCRC, Text: "the header checksum is wrong"},
		{Code: easyday.WarningFileCRC, Text: "the checksum is wrong"},
		{Code: easyday.WarningDecodeStopped, Text: "the file breaks off part-way"},
		{Code: easyday.WarningBackwards, Text: "CRC: decoding stopped (a text that reads like a note)"},
		{Code: easyday.WarningNoUTCOffset, Text: "file CRC mismatch"},
	}}}
	paths := func(ns []DataNote) []string {
		var out []string
		for _, n := range ns {
			out = append(out, n.Path+" "+n.Status)
		}
		return out
	}
	before, after := DataNotes(day, time.UTC, nil, week), DataNotes(day, time.UTC, nil, reworded)
	if len(before) != 3 || !cmp.Equal(paths(before), paths(after)) {
		t.Fatalf("DataNotes = %v, reworded %v; want the same three notes", before, after)
	}
	for i, n := range after {
		if want := reworded[0].Warnings[i].Text; n.Reason != want {
			t.Errorf("DataNotes(reworded)[%d].Reason = %q, want %q", i, n.Reason, want)
		}
	}
}

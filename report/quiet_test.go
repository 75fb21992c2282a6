package report

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"easyday"
)

// From 3 days without an activity the report's first lines say the advice
// assumes rest; with fewer, or none at all, they say nothing of it.
func TestQuietDaysLine(t *testing.T) {
	date := easyday.MakeDate(2026, time.October, 29)
	for _, tc := range []struct {
		quiet int
		want  string // "" for no line
	}{
		{0, ""},
		{2, ""},
		{3, "- **No activity since Sunday 25 October, 3 days:** if you trained since, add those files; this advice assumes you rested."},
		{16, "- **No activity since Monday 12 October, 16 days:** if you trained since, add those files; this advice assumes you rested."},
	} {
		in := sampleInput("km")
		last := date.AddDays(-tc.quiet - 1)
		in.Facts.LastActivityDate, in.Facts.QuietDays = &last, &tc.quiet
		md, _, _ := mustRender(t, in)
		lines := strings.SplitN(md, "\n", 7)
		got := ""
		if strings.HasPrefix(lines[4], "- **No activity since") {
			got = lines[4]
		}
		if got != tc.want {
			t.Errorf("Render(%d quiet days) line 5 = %q, want %q", tc.quiet, lines[4], tc.want)
		}
	}
}

// An empty history's advice is where to put the files, with no training
// advice and no form deciding anything.
func TestNoDataAdvice(t *testing.T) {
	in := sampleInput("km")
	in.Facts.Advice = easyday.Advice{Code: easyday.AdviceNoData, Text: "drop your watch's files into the inbox."}
	md, _, _ := mustRender(t, in)
	line := strings.SplitN(md, "\n", 5)[3]
	if want := "- **Today: add your watch's files.** drop your watch's files into the inbox."; line != want {
		t.Errorf("Render(no_data) line 4 = %q, want %q", line, want)
	}
}

// Readiness says how old the newest wellness value is when it is older
// than yesterday, instead of a bare unknown or "no files yet".
func TestReadinessNamesStaleWellness(t *testing.T) {
	date := easyday.MakeDate(2026, time.October, 29)
	old := date.AddDays(-21)
	in := sampleInput("km")
	in.Facts.Readiness = easyday.Readiness{Code: easyday.ReadinessUnknown}
	in.LatestWellness = &old
	md, _, _ := mustRender(t, in)
	if line, want := strings.SplitN(md, "\n", 4)[2], "- **Readiness: unknown.** latest wellness files are from 8 October, 21 days ago: drop newer sleep and HRV files into the inbox."; line != want {
		t.Errorf("Render(wellness 21 days old, none in the lookback) line 3 = %q, want %q", line, want)
	}
	in = sampleInput("km")
	in.LatestWellness = &old // within the lookback: known signals stay, the age is named
	md, _, _ = mustRender(t, in)
	if line := strings.SplitN(md, "\n", 4)[2]; !strings.Contains(line, "latest wellness files are from 8 October, 21 days ago") {
		t.Errorf("Render(wellness 21 days old) line 3 = %q, want it to name the age", line)
	}
	yesterday := date.AddDays(-1)
	in.LatestWellness = &yesterday
	md, _, _ = mustRender(t, in)
	if line := strings.SplitN(md, "\n", 4)[2]; strings.Contains(line, "latest wellness") {
		t.Errorf("Render(wellness from yesterday) line 3 = %q, want no age", line)
	}
	in = sampleInput("km")
	in.Facts.Readiness = easyday.Readiness{Code: easyday.ReadinessUnknown}
	md, _, _ = mustRender(t, in)
	if line := strings.SplitN(md, "\n", 4)[2]; line != "- **Readiness:** "+noWellness+"." {
		t.Errorf("Render(no wellness ever) line 3 = %q", line)
	}
}

// The week's activities over 16 hours or a load of 500, the excluded ones,
// and loads scored with old thresholds each make a coded note that names the
// activity and the command that deals with it.
func TestActivityNotes(t *testing.T) {
	day := easyday.MakeDate(2026, time.September, 24)
	start := time.Date(2026, 9, 22, 7, 0, 0, 0, time.UTC)
	long := easyday.Activity{ID: 12, Source: "ride.fit", Sport: easyday.Cycling, StartUTC: start, LocalDate: day.AddDays(-2), TimerS: 26 * 3600, Load: 420}
	heavy := easyday.Activity{ID: 13, Source: "run.fit", Sport: easyday.Running, StartUTC: start.Add(time.Hour), LocalDate: day.AddDays(-2), TimerS: 3 * 3600, Load: 501}
	fine := easyday.Activity{ID: 14, Source: "swim.fit", Sport: easyday.Swimming, StartUTC: start.Add(2 * time.Hour), LocalDate: day.AddDays(-2), TimerS: 16 * 3600, Load: 500}
	notes := implausibleNotes([]easyday.Activity{fine, heavy, long})
	if len(notes) != 2 || notes[0].ActivityIDs[0] != 12 || notes[1].ActivityIDs[0] != 13 {
		t.Fatalf("implausibleNotes = %+v, want the 26-hour ride and the load of 501, in start order", notes)
	}
	for _, n := range notes {
		if n.Code != easyday.NoteImplausible || !strings.Contains(n.Reason, "easyday exclude "+strconv.FormatInt(n.ActivityIDs[0], 10)) {
			t.Errorf("implausible note %+v: want code implausible and the exclude command", n)
		}
	}
	if r := notes[0].Reason; !strings.Contains(r, "Tue 22 Sep") || !strings.Contains(r, "cycling") || !strings.Contains(r, "26:00") || !strings.Contains(r, "load 420") {
		t.Errorf("implausible note %q: want the date, sport, duration and load", r)
	}

	long.Excluded, long.ExcludeReason = true, "watch left running"
	ex := excludedNotes([]easyday.Activity{long})
	if len(ex) != 1 || ex[0].Code != easyday.NoteExcluded || !strings.Contains(ex[0].Reason, "watch left running") || !strings.Contains(ex[0].Reason, "easyday include 12") {
		t.Errorf("excludedNotes = %+v, want one excluded note with the reason and the include command", ex)
	}

	if staleNote(0, 0) != nil {
		t.Errorf("staleNote(0) is a note, want none")
	}
	s := staleNote(5, easyday.MakeDate(2026, 9, 1))
	if s == nil || s.Code != easyday.NoteStaleThresholds || !strings.Contains(s.Reason, "5 activities since Tuesday 1 September 2026") ||
		!strings.Contains(s.Reason, "'easyday recompute --since 2026-09-01'") {
		t.Errorf("staleNote(5, 2026-09-01) = %+v, want the count, the day and the exact command", s)
	}

	j := ex[0].JSON()
	if j.Code != easyday.NoteExcluded || !strings.HasPrefix(j.Text, "ride.fit: ") || len(j.ActivityIDs) != 1 || j.ActivityIDs[0] != 12 {
		t.Errorf("JSON() = %+v, want the code, the file leading the text, and the id", j)
	}
	if j := s.JSON(); j.ActivityIDs == nil || strings.HasPrefix(j.Text, ":") {
		t.Errorf("JSON() of a week note = %+v, want [] ids and the text alone", j)
	}
}

package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"easyday"
)

// TestActivitiesRange: 'activities --from/--to' lists the activities of
// those local days, in date order, as 'days' and 'wellness' take them; an
// impossible date is named as one.
func TestActivitiesRange(t *testing.T) {
	e := newEnv(t, testConfig)
	for _, f := range []string{"2026-10-01-run.fit", "2026-10-03-ride.fit", "2026-10-04-run.fit", "2026-10-06-run.fit"} {
		copyFile(t, filepath.Join("..", "..", "testdata", "demo", f), filepath.Join(e.dir, "inbox", f))
	}
	e.mustRun(0, "ingest")
	all := e.activities()
	if len(all) != 4 {
		t.Fatalf("activities = %d, want 4", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].LocalDate < all[i-1].LocalDate {
			t.Errorf("activities: %s listed after %s, want date order", all[i].LocalDate, all[i-1].LocalDate)
		}
	}
	days := func(args ...string) []easyday.Date {
		var got []easyday.Date
		for _, line := range strings.Split(strings.TrimSpace(e.mustRun(0, append([]string{"activities"}, args...)...)), "\n")[1:] {
			if strings.HasPrefix(line, "(") {
				continue // the line that says there are none
			}
			if f := strings.Fields(line); len(f) > 1 {
				d, err := easyday.ParseDate(f[1])
				if err != nil {
					t.Fatalf("activities %v: line %q: %v", args, line, err)
				}
				got = append(got, d)
			}
		}
		return got
	}
	d := func(s string) easyday.Date { x, _ := easyday.ParseDate(s); return x }
	tests := []struct {
		args []string
		want []easyday.Date
	}{
		{nil, []easyday.Date{d("2026-10-01"), d("2026-10-03"), d("2026-10-04"), d("2026-10-06")}},
		{[]string{"--from", "2026-10-03"}, []easyday.Date{d("2026-10-03"), d("2026-10-04"), d("2026-10-06")}},
		{[]string{"--to", "2026-10-03"}, []easyday.Date{d("2026-10-01"), d("2026-10-03")}},
		{[]string{"--from", "2026-10-02", "--to", "2026-10-04"}, []easyday.Date{d("2026-10-03"), d("2026-10-04")}},
		{[]string{"--from", "2026-11-01"}, nil},
	}
	for _, tt := range tests {
		if got := days(tt.args...); !slices.Equal(got, tt.want) {
			t.Errorf("activities %v = days %v, want %v", tt.args, got, tt.want)
		}
	}
	if _, errs, code := e.run("activities", "--from", "2026-02-30"); code != exitUsage || !strings.Contains(errs, "does not exist") {
		t.Errorf("activities --from 2026-02-30 = exit %d, %q, want exit %d saying the date does not exist", code, errs, exitUsage)
	}
	if _, _, code := e.run("activities", "--from", "2026-10-04", "--to", "2026-10-03"); code != exitUsage {
		t.Errorf("activities --to before --from = exit %d, want %d", code, exitUsage)
	}
}

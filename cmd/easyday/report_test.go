package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"easyday"
)

// demoEnv is a history holding the demo files.
func demoEnv(t *testing.T, config string) *env {
	t.Helper()
	e := newEnv(t, config)
	e.mustRun(0, "ingest", filepath.Join("..", "..", "testdata", "demo"))
	return e
}

func (e *env) days(args ...string) []easyday.Day {
	e.t.Helper()
	var days []easyday.Day
	if err := json.Unmarshal([]byte(e.mustRun(0, append([]string{"days", "--json"}, args...)...)), &days); err != nil {
		e.t.Fatalf("days --json: %v", err)
	}
	return days
}

func TestDaysContract(t *testing.T) {
	e := demoEnv(t, testConfig)
	days := e.days()
	acts := e.activities()
	if len(days) == 0 || days[0].Date != acts[0].LocalDate || days[len(days)-1].Date != acts[len(acts)-1].LocalDate {
		t.Fatalf("days run %v … %v, want the first to the last activity's day", days[0].Date, days[len(days)-1].Date)
	}
	loads := map[easyday.Date]float64{}
	for _, a := range acts {
		loads[a.LocalDate] += a.Load
	}
	kC, kA := 1-math.Exp(-1.0/42), 1-math.Exp(-1.0/7)
	ctl, atl := 0.0, 0.0
	ctls := map[easyday.Date]float64{}
	for i, d := range days {
		if i > 0 && d.Date != days[i-1].Date+1 {
			t.Fatalf("days: %v follows %v, want every calendar day", d.Date, days[i-1].Date)
		}
		tsb := ctl - atl
		ctl += kC * (loads[d.Date] - ctl)
		atl += kA * (loads[d.Date] - atl)
		ctls[d.Date] = ctl
		ramp := ctl - ctls[d.Date-7]
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"load", d.Load, loads[d.Date]}, {"ctl", d.CTL, ctl}, {"atl", d.ATL, atl}, {"tsb", d.TSB, tsb}, {"ramp", d.Ramp, ramp}} {
			if math.Abs(c.got-c.want) > 1e-3 {
				t.Errorf("days %v: %s = %.4f, want %.4f", d.Date, c.name, c.got, c.want)
			}
		}
	}
	sub := e.days("--from", "2026-10-10", "--to", "2026-11-02")
	if len(sub) != 24 || sub[0].Date.String() != "2026-10-10" || sub[23].Date.String() != "2026-11-02" {
		t.Errorf("days --from 2026-10-10 --to 2026-11-02: %d days, want 24 ending on the --to day", len(sub))
	}
	// Days before the first activity rest at the seeds (0 here); a --from
	// after the last activity prints from there.
	early := e.days("--from", "2026-09-28", "--to", "2026-10-02")
	if len(early) != 5 || early[0].CTL != 0 || early[0].Load != 0 || early[3].Date != acts[0].LocalDate || early[3].Load == 0 {
		t.Errorf("days --from 2026-09-28 --to 2026-10-02 = %+v, want 3 seed days then the first activity's", early)
	}
	if late := e.days("--from", "2026-11-05"); len(late) != 1 || late[0].Date.String() != "2026-11-05" || late[0].CTL <= 0 {
		t.Errorf("days --from 2026-11-05 = %+v, want that one day with fitness decaying", late)
	}
	if sub[23].Load != 0 || sub[23].CTL >= sub[19].CTL {
		t.Errorf("days after the last activity: load %.1f, ctl %.2f then %.2f; want no load and fitness decaying", sub[23].Load, sub[19].CTL, sub[23].CTL)
	}
}

func TestReportWritesFilesAndFacts(t *testing.T) {
	e := demoEnv(t, testConfig)
	out := e.mustRun(0, "report", "--date", "2026-10-29")
	reports := filepath.Join(e.dir, "reports")
	want := filepath.Join(reports, "2026-10-29.md")
	if strings.TrimSpace(out) != want {
		t.Errorf("report printed %q, want %q", out, want)
	}
	md, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	latest, _ := os.ReadFile(filepath.Join(reports, "latest.md"))
	if string(latest) != string(md) {
		t.Errorf("latest.md differs from 2026-10-29.md")
	}
	if _, err := os.Stat(filepath.Join(reports, "2026-10-29-pmc.svg")); err != nil || !strings.Contains(string(md), "](2026-10-29-pmc.svg)") {
		t.Errorf("chart beside the report and linked relatively: %v", err)
	}
	// Same history, same bytes.
	e.mustRun(0, "report", "--date", "2026-10-29")
	if again, _ := os.ReadFile(want); string(again) != string(md) {
		t.Errorf("a second report of the same history differs")
	}

	var facts map[string]any
	if err := json.Unmarshal([]byte(e.mustRun(0, "report", "--date", "2026-10-29", "--json")), &facts); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"date", "fitness", "fatigue", "form", "ramp", "yesterday_load", "hard_yesterday", "week_distance", "distance_unit", "advice", "warnings", "rest_days_to_fresh"} {
		if _, ok := facts[k]; !ok {
			t.Errorf("report --json: %s missing", k)
		}
	}
	days := e.days("--to", "2026-10-28")
	last := days[len(days)-1]
	if f := facts["fitness"].(float64); math.Abs(f-last.CTL) > 1e-3 {
		t.Errorf("fitness = %.4f, want CTL of the day before %.4f", f, last.CTL)
	}
	if f := facts["form"].(float64); math.Abs(f-(last.CTL-last.ATL)) > 1e-3 {
		t.Errorf("form = %.4f, want CTL−ATL of the day before %.4f", f, last.CTL-last.ATL)
	}
	if f := facts["yesterday_load"].(float64); math.Abs(f-last.Load) > 1e-3 {
		t.Errorf("yesterday_load = %.4f, want %.4f", f, last.Load)
	}
	adv := facts["advice"].(map[string]any)
	if adv["code"] == "" || adv["text"] == "" {
		t.Errorf("advice = %v", adv)
	}
	if !strings.Contains(string(md), "**Today:") {
		t.Errorf("report has no 'Today:' advice line")
	}
	lines := strings.SplitN(string(md), "\n", 5)
	if len(lines) < 4 || !strings.Contains(lines[1], "Form") || !strings.Contains(lines[2], "Readiness") || !strings.Contains(lines[3], "Today") {
		t.Errorf("first four lines %q: want the verdict, readiness and today's advice", lines[:4])
	}
	if r, ok := facts["readiness"].(map[string]any); !ok || r["code"] != "unknown" || len(r["signals"].([]any)) != 3 {
		t.Errorf("readiness = %v, want unknown with three signals (no wellness files)", facts["readiness"])
	}
	if mb, ok := adv["moved_by"]; !ok || mb != nil {
		t.Errorf("advice moved_by = %v (present %v), want null", mb, ok)
	}
}

// TestRecomputeAfterThresholdChange: a new thresholds set touches exactly
// the activities on and after its day, and only when asked.
func TestRecomputeAfterThresholdChange(t *testing.T) {
	e := demoEnv(t, testConfig)
	before := e.activities()
	changed := testConfig + `[[thresholds]]
from = 2026-10-15
run_lthr = 160
bike_lthr = 150
ftp = 220
`
	if err := os.WriteFile(e.config, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	// Nothing changes by itself.
	for i, a := range e.activities() {
		if a.Load != before[i].Load {
			t.Fatalf("activity %d load changed from %.2f to %.2f without recompute", a.ID, before[i].Load, a.Load)
		}
	}
	out := e.mustRun(0, "recompute")
	after := e.activities()
	cut, _ := easyday.ParseDate("2026-10-15")
	n := 0
	for i, a := range after {
		b := before[i]
		if a.LocalDate < cut {
			if a.Load != b.Load {
				t.Errorf("activity %d on %v: load %.2f → %.2f, want unchanged before %v", a.ID, a.LocalDate, b.Load, a.Load, cut)
			}
			continue
		}
		if a.Load <= b.Load {
			t.Errorf("activity %d on %v: load %.2f → %.2f, want higher with lower thresholds", a.ID, a.LocalDate, b.Load, a.Load)
		}
		n++
		if !strings.Contains(out, a.LocalDate.String()+" #") {
			t.Errorf("recompute output does not name activity %d on %v:\n%s", a.ID, a.LocalDate, out)
		}
	}
	if n == 0 || strings.Count(out, " → ") != n {
		t.Errorf("recompute printed %d changes, want %d:\n%s", strings.Count(out, " → "), n, out)
	}
	if again := e.mustRun(0, "recompute"); !strings.Contains(again, "0 changed") {
		t.Errorf("second recompute: %q, want 0 changed", again)
	}
	// --since limits the work: restore the old thresholds, recompute from a
	// later day, and only those days go back.
	check(t, os.WriteFile(e.config, []byte(testConfig), 0o600))
	e.mustRun(0, "recompute", "--since", "2026-10-25")
	for i, a := range e.activities() {
		want := after[i].Load
		if a.LocalDate.String() >= "2026-10-25" {
			want = before[i].Load
		}
		if math.Abs(a.Load-want) > 1e-9 {
			t.Errorf("after recompute --since 2026-10-25: activity %d on %v load %.2f, want %.2f", a.ID, a.LocalDate, a.Load, want)
		}
	}
}

// TestReportDataNotes: a rejection shows in the next report, and is gone
// once the completed file was read.
func TestReportDataNotes(t *testing.T) {
	e := newEnv(t, testConfig)
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "metrics", "stream-1hz.fit"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(e.inbox(), "copying.fit")
	check(t, os.WriteFile(p, data[:len(data)/3], 0o600))
	e.run("run")
	today := easyday.DateOf(e.now(), mustLoc(t, "Europe/London")).String()
	md := func() string {
		b, err := os.ReadFile(filepath.Join(e.dir, "reports", today+".md"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if !strings.Contains(md(), "copying.fit") || !strings.Contains(md(), "truncated: still being copied?") {
		t.Errorf("report after a rejection has no data note naming the file:\n%s", md())
	}
	check(t, os.WriteFile(p, data, 0o600))
	e.mustRun(0, "run")
	if strings.Contains(md(), "truncated: still being copied?") {
		t.Errorf("report still lists the rejection after the complete file was read")
	}
}

package report

import (
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"easyday"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func mustRender(t *testing.T, in Input) (string, string, string) {
	t.Helper()
	md, chart, name, err := Render(in)
	if err != nil {
		t.Fatalf("Render(%s) error: %v", in.Facts.Date, err)
	}
	return string(md), string(chart), name
}

// TestGolden compares the sample report with testdata/; go test -update
// rewrites it. The golden Markdown links to the golden chart beside it, so
// testdata/ shows the whole report when browsed.
func TestGolden(t *testing.T) {
	md, chart, name := mustRender(t, sampleInput("km"))
	if name != "2026-10-29-pmc.svg" {
		t.Errorf("Render(sample) chartName = %q, want %q", name, "2026-10-29-pmc.svg")
	}
	raceMD, raceChart, _ := mustRender(t, raceDayInput())
	for _, g := range []struct{ file, got string }{
		{"2026-10-29.md", md},
		{name, chart},
		{"2026-10-29-wellness.svg", string(renderWellnessChart(sampleInput("km").Facts.Date, sampleInput("km").Wellness))},
		// The day after a triathlon: five activities of three sports.
		{"race-day/2026-10-29.md", raceMD},
		{"race-day/2026-10-29-pmc.svg", raceChart},
	} {
		path := filepath.Join("testdata", g.file)
		if *update {
			if err := os.WriteFile(path, []byte(g.got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("read golden file (run go test -update to create it): %v", err)
		}
		if g.got != string(want) {
			t.Errorf("Render(sample) %s differs from %s; run go test -update and review the diff\n%s",
				g.file, path, firstDiff(g.got, string(want)))
		}
	}
}

// firstDiff shows the first line that differs.
func firstDiff(got, want string) string {
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			return "line " + itoa(i+1) + ":\n got  " + g + "\n want " + w
		}
	}
	return ""
}

func itoa(n int) string { return fixed(float64(n), 0) }

// TestDeterministic renders twice, and again with every list shuffled: the
// bytes must not change.
func TestDeterministic(t *testing.T) {
	in := sampleInput("mi")
	md1, chart1, _ := mustRender(t, in)
	md2, chart2, _ := mustRender(t, in)
	if md1 != md2 || chart1 != chart2 {
		t.Fatalf("Render(sample) twice gave different bytes")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5 {
		s := sampleInput("mi")
		rng.Shuffle(len(s.Days), func(i, j int) { s.Days[i], s.Days[j] = s.Days[j], s.Days[i] })
		rng.Shuffle(len(s.Week), func(i, j int) { s.Week[i], s.Week[j] = s.Week[j], s.Week[i] })
		rng.Shuffle(len(s.Yesterday), func(i, j int) { s.Yesterday[i], s.Yesterday[j] = s.Yesterday[j], s.Yesterday[i] })
		rng.Shuffle(len(s.DataNotes), func(i, j int) { s.DataNotes[i], s.DataNotes[j] = s.DataNotes[j], s.DataNotes[i] })
		rng.Shuffle(len(s.Profile.Thresholds), func(i, j int) {
			s.Profile.Thresholds[i], s.Profile.Thresholds[j] = s.Profile.Thresholds[j], s.Profile.Thresholds[i]
		})
		md, chart, _ := mustRender(t, s)
		if md != md1 {
			t.Errorf("Render(shuffled sample %d) Markdown differs:\n%s", i, firstDiff(md, md1))
		}
		if chart != chart1 {
			t.Errorf("Render(shuffled sample %d) chart differs:\n%s", i, firstDiff(chart, chart1))
		}
	}
}

// TestFirstLines checks that title, verdict, readiness and advice are the
// first four lines, for form on each side of every band boundary.
func TestFirstLines(t *testing.T) {
	tests := []struct {
		form float64
		band string
		want string // form as printed: rounded, and in the band shown
	}{
		{40, "fresh, fitness fading", "+40"},
		{25.01, "fresh, fitness fading", "+25.01"},
		{25, "fresh", "+25"},
		// Rounded to a whole number, keeping decimals only where rounding
		// would carry the number into the next band.
		{5.01, "fresh", "+5.01"},
		{5.6, "fresh", "+6"},
		{5, "recovered", "+5"},
		{0.4, "recovered", "0"},
		{0.6, "recovered", "+1"},
		{-0.4, "recovered", "0"},
		{-9.99, "recovered", "−9.99"},
		{-9.4, "recovered", "−9"},
		{-10, "productive training", "−10"},
		{-10.6, "productive training", "−11"},
		{-20, "fatigued: take a few easy days", "−20"},
		{-26.9, "fatigued: take a few easy days", "−27"},
		{-29.99, "fatigued: take a few easy days", "−29.99"},
		{-30, "overreached", "−30"},
		{-55, "overreached", "−55"},
	}
	for _, tt := range tests {
		in := sampleInput("km")
		in.Facts.Form = tt.form
		md, _, _ := mustRender(t, in)
		lines := strings.SplitN(md, "\n", 5)
		if want := "# Recovery report, Thursday 29 October 2026"; lines[0] != want {
			t.Errorf("Render(form %v) line 1 = %q, want %q", tt.form, lines[0], want)
		}
		if want := "- **Form " + tt.want + " "; !strings.HasPrefix(lines[1], want) {
			t.Errorf("Render(form %v) line 2 = %q, want prefix %q", tt.form, lines[1], want)
		}
		if want := ": " + tt.band + ".** Fitness "; !strings.Contains(lines[1], want) {
			t.Errorf("Render(form %v) line 2 = %q, want band %q", tt.form, lines[1], want)
		}
		if want := "- **Readiness: reduced, one signal off.** 7-night HRV 52 ms, under your usual 58–71 (low: below normal); last night 60 ms · resting HR 56, usual 50 · " +
			"sleep 7:12, score 81; resting HR from yesterday."; lines[2] != want {
			t.Errorf("Render(form %v) line 3 = %q, want %q", tt.form, lines[2], want)
		}
		if want := "- **Today: recovery run.** Run 20–30 minutes easy in zones 1–2, heart rate at or below 152 bpm"; !strings.HasPrefix(lines[3], want) {
			t.Errorf("Render(form %v) line 4 = %q, want prefix %q", tt.form, lines[3], want)
		}
	}
}

// TestVerdictArrows checks the arrows against the model 7 days earlier.
func TestVerdictArrows(t *testing.T) {
	d := easyday.MakeDate(2026, time.October, 29)
	then := easyday.Day{Date: d.AddDays(-8), CTL: 40, ATL: 50} // form then −10
	tests := []struct {
		fitness, fatigue, form float64
		days                   []easyday.Day
		want                   string
	}{
		{45, 60, -15, []easyday.Day{then}, "**Form −15 ↓: productive training.** Fitness 45.0 ↑ and fatigue 60.0 ↑ at the end of yesterday, ramp +3.0 in 7 days (arrows: change over the last 7 days)."},
		{40.9, 49.1, -8.2, []easyday.Day{then}, "**Form −8 ↑: recovered.** Fitness 40.9 → and fatigue 49.1 → at the end of yesterday, ramp +3.0 in 7 days (arrows: change over the last 7 days)."},
		{39, 40, -1, []easyday.Day{then}, "**Form −1 ↑: recovered.** Fitness 39.0 ↓ and fatigue 40.0 ↓ at the end of yesterday, ramp +3.0 in 7 days (arrows: change over the last 7 days)."},
		{45, 60, -15, nil, "**Form −15: productive training.** Fitness 45.0 and fatigue 60.0 at the end of yesterday, ramp +3.0 in 7 days."},
	}
	for _, tt := range tests {
		in := Input{Facts: easyday.Facts{Date: d, Fitness: tt.fitness, Fatigue: tt.fatigue, Form: tt.form, Ramp: 3, HistoryDays: 100}, Days: tt.days}
		md, _, _ := mustRender(t, in)
		got := strings.Split(md, "\n")[1]
		if got != "- "+tt.want {
			t.Errorf("Render(fitness %v, fatigue %v, form %v) verdict =\n%q, want\n%q", tt.fitness, tt.fatigue, tt.form, got, "- "+tt.want)
		}
	}
}

// TestShortHistoryNote: the note appears in the verdict line exactly when the
// history is shorter than 42 days and no seed is set.
func TestShortHistoryNote(t *testing.T) {
	tests := []struct {
		days   int
		seeded bool
		want   bool
	}{
		{0, false, true},
		{1, false, true},
		{41, false, true},
		{42, false, false},
		{300, false, false},
		{0, true, false},
		{41, true, false},
	}
	for _, tt := range tests {
		in := sampleInput("km")
		in.Facts.HistoryDays, in.Facts.Seeded = tt.days, tt.seeded
		md, _, _ := mustRender(t, in)
		lines := strings.Split(md, "\n")
		if got := strings.Contains(lines[1], "Fitness is still being learned"); got != tt.want {
			t.Errorf("Render(history %d days, seeded %v) note in verdict = %v, want %v", tt.days, tt.seeded, got, tt.want)
		}
		if got := strings.Count(md, "fitness_seed"); tt.want && got != 1 || !tt.want && got != 0 {
			t.Errorf("Render(history %d days, seeded %v) mentions fitness_seed %d times", tt.days, tt.seeded, got)
		}
		if tt.want && !strings.Contains(lines[1], " "+itoa(tt.days)+" ") {
			t.Errorf("Render(history %d days) verdict = %q, want the number of days", tt.days, lines[1])
		}
	}
}

// TestUnits checks that distances follow the athlete's unit.
func TestUnits(t *testing.T) {
	tests := []struct {
		unit      easyday.DistanceUnit
		want      []string // run 12345 m, week's running total
		forbidden string
	}{
		{"km", []string{"| 12.3 km |", "| **Total** | | **"}, " mi"},
		{"mi", []string{"| 7.7 mi |", "| **Total** | | **"}, " km"},
	}
	for _, tt := range tests {
		md, _, _ := mustRender(t, sampleInput(tt.unit))
		for _, w := range tt.want {
			if !strings.Contains(md, w) {
				t.Errorf("Render(unit %s) has no %q", tt.unit, w)
			}
		}
		if strings.Contains(md, tt.forbidden+" |") || strings.Contains(md, tt.forbidden+"** |") {
			t.Errorf("Render(unit %s) shows a distance in%s", tt.unit, tt.forbidden)
		}
	}
	// The week's running distance is the sum of its runs, its riding
	// distance the sum of its rides.
	in := sampleInput("km")
	var runM, rideM float64
	var runs, rides int
	for _, a := range in.Week {
		switch {
		case a.IsRunning():
			runM += a.DistanceM
			runs++
		case a.IsCycling():
			rideM += a.DistanceM
			rides++
		}
	}
	md, _, _ := mustRender(t, in)
	for _, want := range []string{
		fmt.Sprintf("| Run | %d | ", runs) + "3:42 | " + fixed(runM/1000, 1) + " km |",
		fmt.Sprintf("| Ride | %d | ", rides) + "3:12 | " + fixed(rideM/1000, 1) + " km |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Render(sample) has no week line %q", want)
		}
	}

	in = sampleInput("furlongs")
	if _, _, _, err := Render(in); err == nil {
		t.Errorf("Render(unit furlongs) error = nil, want an error")
	}
	in = sampleInput("")
	in.Facts.DistanceUnit = "mi"
	if md, _, _ := mustRender(t, in); !strings.Contains(md, "| 7.7 mi |") {
		t.Errorf("Render(no profile unit, facts unit mi) does not use miles")
	}
}

// TestSections checks the content of each section of the sample report.
func TestSections(t *testing.T) {
	md, _, _ := mustRender(t, sampleInput("km"))
	for _, want := range []string{
		"- **Warning:** Your recovery run at 06:45 lasted 0:55",
		"- *Note:* Day 2 of your cycle",
		"## Last 14 days\n\n| Day | Load | Fitness | Fatigue | Form |",
		"| Thu 15 Oct |", // first row: Date−14
		"| Wed 28 Oct | 165 |",
		"| **Thu 29 Oct (today)** | | | | **",
		"![Fitness, fatigue and form, last 90 days](2026-10-29-pmc.svg)",
		"## Yesterday, Wednesday 28 October",
		"| 06:45 | running (trail) | 0:55 | 12.3 km | 4:22 /km NGP | 152 / 178 bpm | – | 95 HRSS |",
		"| 17:30 | cycling | 1:20 | 40.2 km | – | 131 / 160 bpm | – | 70 TSS |",
		// One zone table for the day; Z5c (10 s) rounds to no minute in
		// either activity, so it has no column; the ride has no Z4.
		"| Start | Sport | Z1 | Z2 | Z3 | Z4 | Z5a | Z5b |\n",
		"| 06:45 | running (trail) | 10 | 15 | 14 | 12 | 3 | 1 |",
		"| 17:30 | cycling | 40 | 30 | 10 | – | – | – |",
		"| Mon 26 Oct | training (strength training) 0:45 | 0 |",
		"| Wed 28 Oct | running (trail) 0:55 (12.3 km), cycling 1:20 (40.2 km) | 165 |",
		"Monotony 1.52, strain 1023",
		"form is back to 0 after **4 rest days**",
		"In force since Tuesday 1 September 2026 (58 days): run LTHR 170 bpm, bike LTHR 160 bpm, FTP 250 W, threshold pace 4:30 /km.",
		"at or below 152 bpm",
		"| Z2 | 145–152 | 130–143 |",
		"| Z5c | 181 and above | 170 and above |",
		"- from 2026-01-01: run LTHR 168 bpm, bike LTHR 158 bpm, FTP 240 W\n- from 2025-03-01: run LTHR 165 bpm, bike LTHR 155 bpm, FTP not set",
		"| `/watch/2026-10-27-broken\\|copy.fit` | rejected |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Render(sample) has no %q", want)
		}
	}
	// Data notes are sorted by path.
	a, b := strings.Index(md, "2026-10-27-broken"), strings.Index(md, "/watch/old/settings.fit")
	if a < 0 || b < 0 || a > b {
		t.Errorf("Render(sample) data notes not sorted by path")
	}
}

// TestEmptySections checks what an almost empty day says.
func TestEmptySections(t *testing.T) {
	in := Input{Facts: easyday.Facts{Date: easyday.MakeDate(2026, time.March, 2)}}
	md, chart, _ := mustRender(t, in)
	for _, want := range []string{
		"- **Today:** no advice for today.",
		"There are no activities before this day yet",
		"No training load this week",
		"| Sun 1 Mar | – | – | – | – |",
		"## Yesterday, Sunday 1 March\n\nNo activities.",
		"| Sun 1 Mar | rest | – |",
		"Form is 0 or above: training load alone needs no rest days to be fresh.",
		"No thresholds are in force on 2026-03-02",
		"## Data notes\n\nNone.\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Render(empty) has no %q", want)
		}
	}
	if !strings.Contains(chart, "No history in these 90 days yet") {
		t.Errorf("Render(empty) chart does not say there is no history")
	}
}

// TestOddInputs renders inputs no caller should send; none may panic, and
// nothing unprintable may reach the report.
func TestOddInputs(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	odd := []func(*Input){
		func(in *Input) {
			in.Facts.Form, in.Facts.Fitness, in.Facts.Fatigue, in.Facts.Ramp = nan, inf, -inf, nan
		},
		func(in *Input) {
			for i := range in.Days {
				in.Days[i].CTL, in.Days[i].Load, in.Days[i].TSB = nan, inf, -inf
			}
		},
		func(in *Input) { in.Days = append(in.Days, in.Days...) },                              // duplicate days
		func(in *Input) { in.Days = in.Days[:len(in.Days)-30] },                                // history ends early
		func(in *Input) { in.Days = append(in.Days[:50:50], in.Days[60:]...) },                 // a gap
		func(in *Input) { in.Days[len(in.Days)-3].Load = 1e9 },                                 // one enormous day
		func(in *Input) { in.Yesterday[0].Zones = easyday.ZoneSeconds{Z1: nan, Z2: -5} },       // bad zones
		func(in *Input) { in.Yesterday[0].TimerS, in.Yesterday[0].DistanceM = -60, nan },       // bad summary
		func(in *Input) { in.Yesterday[0].StartUTC = time.Time{} },                             // no start
		func(in *Input) { in.Profile.Thresholds = []easyday.Thresholds{{RunLTHR: 1}} },         // absurd LTHR
		func(in *Input) { in.Facts.HistoryDays, in.Facts.RestDaysToFresh = -5, -1 },            // negative counts
		func(in *Input) { in.Facts.Date = 0 },                                                  // 1970
		func(in *Input) { in.DataNotes = []DataNote{{Path: "a`b``c\nd", Reason: "x|y\n*z*"}} }, // markup in text
		func(in *Input) { in.Facts.Advice = easyday.Advice{Code: "new_rule_x", Text: "<b>bold</b>"} },
	}
	for i, change := range odd {
		in := sampleInput("km")
		change(&in)
		md, chart, _ := mustRender(t, in)
		for _, bad := range []string{"NaN", "Inf", "−0 ", "−0.0"} {
			if strings.Contains(md, bad) || strings.Contains(chart, bad) {
				t.Errorf("Render(odd input %d) contains %q", i, bad)
			}
		}
		if err := xml.Unmarshal([]byte(chart), new(struct{})); err != nil {
			t.Errorf("Render(odd input %d) chart is not XML: %v", i, err)
		}
	}
}

// TestInline checks the Markdown escaping of text from outside.
func TestInline(t *testing.T) {
	tests := []struct{ in, inline, code string }{
		{"plain words", "plain words", "`plain words`"},
		{"a|b", `a\|b`, "`a\\|b`"},
		{"two\nlines  here", "two lines here", "`two\\nlines here`"},
		{"bell\a esc\x1b[31m \xff", `bell\\a esc\\x1b\[31m \\xff`, "`bell\\a esc\\x1b[31m \\xff`"},
		{"*x* [y](z) <b>", `\*x\* \[y\](z) \<b>`, "`*x* [y](z) <b>`"},
		{"a`b", "a\\`b", "``a`b``"},
		{"`a``", "\\`a\\`\\`", "``` `a`` ```"},
	}
	for _, tt := range tests {
		if got := inline(tt.in); got != tt.inline {
			t.Errorf("inline(%q) = %q, want %q", tt.in, got, tt.inline)
		}
		if got := code(tt.in); got != tt.code {
			t.Errorf("code(%q) = %q, want %q", tt.in, got, tt.code)
		}
	}
}

// TestNumbers checks the number formats people read.
func TestNumbers(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{fixed(45.25, 1), "45.3"},
		{fixed(-3.04, 1), "−3.0"},
		{fixed(-0.04, 1), "0.0"},
		{fixed(-0.4, 0), "0"},
		{signed(12.5, 0), "+13"},
		{signed(-12.5, 0), "−13"},
		{signed(0.2, 0), "0"},
		{signed(-0.2, 1), "−0.2"},
		{signed(0, 1), "0.0"},
		{hmm(0), "0:00"},
		{hmm(29), "0:00"},
		{hmm(30), "0:01"},
		{hmm(55*60 + 10), "0:55"},
		{hmm(3600 + 59*60 + 40), "2:00"},
		{hmm(-100), "0:00"},
		{distance(1609.344, "mi"), "1.0 mi"},
		{distance(10050, "km"), "10.1 km"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d = %q, want %q", i, tt.got, tt.want)
		}
	}
}

// TestZoneBPM checks that the thresholds section shows the zone table the
// analysis uses (easyday.RunZones and BikeZones), not a copy: each row's
// cells are the ranges of the real tables for the LTHRs in force, and for
// LTHR 170 they read as docs/metrics.md §2 gives them.
func TestZoneBPM(t *testing.T) {
	in := sampleInput("km")
	th, _ := in.Profile.ThresholdsOn(in.Facts.Date)
	md, _, _ := mustRender(t, in)
	run, bike := easyday.RunZones.BPM(th.RunLTHR), easyday.BikeZones.BPM(th.BikeLTHR)
	for i, name := range zoneNames {
		if row := "| " + name + " | " + bpm(run[i]) + " | " + bpm(bike[i]) + " |"; !strings.Contains(md, row) {
			t.Errorf("Render(sample) has no thresholds row %q", row)
		}
	}
	// The checks of docs/metrics.md §2 for LTHR 170.
	run, bike = easyday.RunZones.BPM(170), easyday.BikeZones.BPM(170)
	for _, c := range []struct {
		r    easyday.BPMRange
		want string
	}{
		{run[0], "144 and below"}, {run[1], "145–152"}, {run[2], "153–161"}, {run[3], "162–169"},
		{run[4], "170–175"}, {run[5], "176–180"}, {run[6], "181 and above"},
		{bike[1], "138–152"}, {bike[3], "160–169"},
		{easyday.BPMRange{Lo: 5, Hi: 4}, "–"}, {easyday.BPMRange{Lo: 7, Hi: 7}, "7"},
	} {
		if got := bpm(c.r); got != c.want {
			t.Errorf("bpm(%v) = %q, want %q", c.r, got, c.want)
		}
	}
}

// TestChartSVG parses the chart and checks its frame and series.
func TestChartSVG(t *testing.T) {
	in := sampleInput("km")
	_, chart, _ := mustRender(t, in)
	dec := xml.NewDecoder(strings.NewReader(chart))
	type group struct{ paths, rects, points int }
	groups := map[string]*group{}
	var root xml.StartElement
	var current *group
	var depth int
	var texts []string
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Render(sample) chart is not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				root = e
			}
			for _, a := range e.Attr {
				if a.Name.Local == "href" || strings.Contains(a.Value, "url(") || strings.HasPrefix(a.Name.Local, "on") {
					t.Errorf("Render(sample) chart has external or active attribute %s=%q", a.Name.Local, a.Value)
				}
			}
			switch e.Name.Local {
			case "script", "style", "image", "foreignObject", "link":
				t.Errorf("Render(sample) chart has a <%s> element", e.Name.Local)
			case "g":
				current = &group{}
				groups[attr(e, "class")] = current
			case "path":
				if current != nil {
					current.paths++
					current.points = max(current.points, strings.Count(attr(e, "d"), "L")+1)
				}
			case "rect":
				if current != nil {
					current.rects++
				}
			case "text":
				inText = true
			}
		case xml.CharData:
			if inText {
				texts = append(texts, string(e))
			}
		case xml.EndElement:
			depth--
			inText = false
			if e.Name.Local == "g" {
				current = nil
			}
		}
	}
	if root.Name.Local != "svg" || attr(root, "width") != "800" || attr(root, "height") != "420" || attr(root, "viewBox") != "0 0 800 420" {
		t.Errorf("Render(sample) chart root = <%s width=%q height=%q viewBox=%q>, want <svg 800 420 \"0 0 800 420\">",
			root.Name.Local, attr(root, "width"), attr(root, "height"), attr(root, "viewBox"))
	}
	if !strings.Contains(chart, `<rect width="100%" height="100%" fill="#ffffff"/>`) {
		t.Errorf("Render(sample) chart has no white background")
	}
	// 90 days of lines, one path each (the form has its area too); one bar
	// per day with load in the last 90 days.
	bars := 0
	for _, d := range in.Days {
		if d.Date >= in.Facts.Date.AddDays(-90) && d.Load > 0 {
			bars++
		}
	}
	want := map[string]group{
		seriesFitness: {paths: 1, points: 90},
		seriesFatigue: {paths: 1, points: 90},
		seriesForm:    {paths: 2, points: 93}, // and today's form; the area closes along the zero line
		seriesLoad:    {rects: bars},
	}
	for name, w := range want {
		g := groups[name]
		if g == nil {
			t.Errorf("Render(sample) chart has no %q series", name)
			continue
		}
		if *g != w {
			t.Errorf("Render(sample) chart %q = %+v, want %+v", name, *g, w)
		}
	}
	all := strings.Join(texts, "|")
	for _, w := range []string{"Fitness (42-day)", "Fatigue (7-day)", "Form = fitness − fatigue (● today)", "Daily load", "31 Aug", "26 Oct", "31 Jul – 29 Oct 2026"} {
		if !strings.Contains(all, w) {
			t.Errorf("Render(sample) chart has no text %q", w)
		}
	}
	// A missing day breaks the lines into two pieces.
	in.Days = append(in.Days[:len(in.Days)-40:len(in.Days)-40], in.Days[len(in.Days)-39:]...)
	_, chart, _ = mustRender(t, in)
	if got := strings.Count(chart, `<path d="M`); got != 2+2+4 {
		t.Errorf("Render(sample with a missing day) chart has %d paths, want 8", got)
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestChartScale checks that negative form extends the axis below zero, that
// the load axis covers the biggest day, and that the chart ends on today's form.
func TestChartScale(t *testing.T) {
	d := easyday.MakeDate(2026, time.October, 29)
	days := map[easyday.Date]easyday.Day{
		d.AddDays(-2): {Date: d.AddDays(-2), Load: 260, CTL: 30, ATL: 70, TSB: -37},
		d.AddDays(-1): {Date: d.AddDays(-1), Load: 0, CTL: 29, ATL: 61, TSB: -40},
	}
	chart := string(renderChart(d, days, -32, d.AddDays(-200)))
	for _, want := range []string{
		">−40</text>", ">80</text>", // form and fatigue axis
		">300</text>", // load axis
		`font-weight="bold" fill="#b87d00">−32</text>`, // today's form beside the line end
		`font-weight="bold" fill="#0072b2">29</text>`,  // yesterday's fitness
		`font-weight="bold" fill="#cc3f8f">61</text>`,  // yesterday's fatigue
		`<circle cx="748.2" cy="`,                      // today's form marker in the last slot
	} {
		if !strings.Contains(chart, want) {
			t.Errorf("renderChart(form −32, fatigue 70, load 260) has no %q", want)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	in := sampleInput("km")
	for b.Loop() {
		if _, _, _, err := Render(in); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRenderRaceDay: a triathlete's day of five activities reads in two
// short tables: a ride shows its normalized power and intensity factor
// against the FTP of its day, a swim its pace per 100 m, and the zones of
// all five share one table without the zones nobody reached or the
// activity without heart rate.
func TestRenderRaceDay(t *testing.T) {
	md, _, _ := mustRender(t, raceDayInput())
	for _, want := range []string{
		"| swimming | 0:30 | 1.5 km | 2:00 /100 m | 150 / 170 bpm | – |",
		"| cycling | 2:30 | 90.0 km | – | 150 / 170 bpm | avg 189 W, NP 212 W, IF 0.85 | 180 TSS |",
		"| Start | Sport | Z1 | Z2 | Z3 | Z4 |\n|---|---|---:|---:|---:|---:|\n",
		"| swimming | – | 17 | 13 | – |",
		"| cycling | – | 50 | 100 | – |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Render(race day) has no %q", want)
		}
	}
	zones := md[strings.Index(md, "Minutes in heart-rate zones"):strings.Index(md, "## Last 7 days")]
	if strings.Contains(zones, "transition") {
		t.Errorf("Render(race day) zone table lists the activity without heart rate:\n%s", zones)
	}
	if n := strings.Count(zones, "\n| "); n != 1+4 {
		t.Errorf("Render(race day) zone table has %d lines, want a header and 4 activities:\n%s", n, zones)
	}
}

// TestChartBandsAndLearning: the chart shades the form bands the advice
// reads, each labelled, and marks the days before fitness has its 42 days
// of history (not when seeds stand in for them).
func TestChartBandsAndLearning(t *testing.T) {
	in := sampleInput("km")
	in.Facts.HistoryDays = 60 // the first 18 days of history are in the chart's 90
	_, chart, _ := mustRender(t, in)
	for _, want := range []string{`<g class="bands">`, "form: fatigued: easy days", "form: recovered", "fitness still being learned"} {
		if !strings.Contains(chart, want) {
			t.Errorf("Render(60 days of history) chart has no %q", want)
		}
	}
	lo, hi := easyday.FormFatigued.Bounds()
	c := newPMCChart(in.Facts.Date, byDate(in.Days), in.Facts.Form, learnedFrom(in.Facts))
	if top, bottom, ok := c.bandSpan(easyday.FormFatigued); !ok || top != c.ys.y(hi) || bottom != c.ys.y(lo) {
		t.Errorf("bandSpan(fatigued) = %v, %v, %v, want the rows of form %v…%v", top, bottom, ok, lo, hi)
	}
	if got, want := learnedFrom(in.Facts), in.Facts.Date.AddDays(-60+easyday.FitnessDays); got != want {
		t.Errorf("learnedFrom(60 days of history) = %s, want %s", got, want)
	}
	in.Facts.HistoryDays = 400
	if _, chart, _ := mustRender(t, in); strings.Contains(chart, "still being learned") {
		t.Errorf("Render(400 days of history) chart marks days as still being learned")
	}
	in.Facts.HistoryDays, in.Facts.Seeded = 60, true
	if _, chart, _ := mustRender(t, in); strings.Contains(chart, "still being learned") {
		t.Errorf("Render(seeded) chart marks days as still being learned")
	}
}

// TestFormBandBounds: the bands' bounds are the ones FormBandOf reads,
// closed above, and cover every form.
func TestFormBandBounds(t *testing.T) {
	for _, b := range easyday.FormBands {
		lo, hi := b.Bounds()
		for _, v := range []float64{lo + 1e-9, hi} {
			if math.IsInf(v, 0) {
				continue
			}
			if got := easyday.FormBandOf(v); got != b {
				t.Errorf("FormBandOf(%v) = %v, want %v (bounds %v…%v)", v, got, b, lo, hi)
			}
		}
	}
}

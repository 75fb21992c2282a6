package fit

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/muktihari/fit/decoder"

	"easyday"
)

// testdata is the project's generated fixtures (see internal/fitgen).
const testdata = "../../testdata"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("read fixture: %v (run `go run ./internal/fitgen/gen` from the module root)", err)
	}
	return b
}

func sports(recs []easyday.Recording) []string {
	var out []string
	for _, r := range recs {
		s := string(r.Sport)
		if r.SubSport != "" {
			s += "/" + r.SubSport
		}
		out = append(out, s)
	}
	return out
}

func TestDecodeFixtures(t *testing.T) {
	tests := []struct {
		file    string
		err     error  // sentinel the error must wrap
		errText string // the error's text must contain this
		sports  []string
		warning string // every recording carries a warning containing this; "" for no warning at all
	}{
		{file: "quirks/hr-messages.fit", sports: []string{"running"}},
		{file: "quirks/multisport.fit", sports: []string{"running", "cycling/road"}},
		{file: "quirks/header-crc-zero.fit", sports: []string{"running"}},
		{file: "quirks/bad-file-crc.fit", sports: []string{"running"}, warning: "file CRC mismatch: stored 0x"},
		{file: "quirks/truncated.fit", err: ErrTruncated, errText: "truncated: still being copied? 2,262 of 4,524 bytes"},
		{file: "quirks/settings.fit", err: easyday.ErrNotActivity, errText: "not an activity: settings file"},
		{file: "quirks/garbage.fit", errText: "not a FIT file"},
		{file: "quirks/no-records.fit", errText: "FIT activity has no records"},
		{file: "quirks/altitude.fit", sports: []string{"running/trail"}},
		{file: "quirks/altitude-16bit.fit", sports: []string{"running/trail"}},
		{file: "quirks/basetype-no-endian.fit", sports: []string{"running"}},
		{file: "quirks/records-after-session.fit", sports: []string{"running"}},
		{file: "quirks/hr-messages-override.fit", sports: []string{"running"}},
		{file: "quirks/chained.fit", sports: []string{"running", "running"}},
		{file: "quirks/chained-cut-short.fit", err: ErrTruncated, errText: "truncated: still being copied? FIT sequence 2 at byte 4,524 is cut short: 1,"},
		{file: "metrics/stream-1hz.fit", sports: []string{"running"}},
		{file: "metrics/stream-smart.fit", sports: []string{"running"}},
		{file: "metrics/power-oracle.fit", sports: []string{"cycling/road"}},
		{file: "metrics/pace-flat.fit", sports: []string{"running"}},
		{file: "metrics/pace-hilly-1hz.fit", sports: []string{"running/trail"}},
		{file: "metrics/pace-hilly-smart.fit", sports: []string{"running/trail"}},
		{file: "metrics/pace-intervals.fit", sports: []string{"running"}},
		{file: "metrics/pace-treadmill.fit", sports: []string{"running/treadmill"}},
	}
	covered := map[string]bool{}
	for _, tc := range tests {
		covered[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			recs, err := Decode(readFixture(t, tc.file))
			if tc.err != nil || tc.errText != "" {
				if err == nil {
					t.Fatalf("Decode(%s) = %d recordings, want error %q", tc.file, len(recs), tc.errText)
				}
				if tc.err != nil && !errors.Is(err, tc.err) {
					t.Errorf("Decode(%s) error = %v, want it to wrap %v", tc.file, err, tc.err)
				}
				if tc.err == nil && (errors.Is(err, ErrTruncated) || errors.Is(err, easyday.ErrNotActivity)) {
					t.Errorf("Decode(%s) error = %v, want neither truncated nor not-an-activity", tc.file, err)
				}
				if !strings.Contains(err.Error(), tc.errText) {
					t.Errorf("Decode(%s) error = %q, want it to contain %q", tc.file, err, tc.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%s) error = %v, want none", tc.file, err)
			}
			if got := sports(recs); !slices.Equal(got, tc.sports) {
				t.Errorf("Decode(%s) sports = %v, want %v", tc.file, got, tc.sports)
			}
			for i, r := range recs {
				if r.Format != "fit" || len(r.Samples) == 0 || !r.HasEvents || r.Start.IsZero() {
					t.Errorf("Decode(%s)[%d] = format %q, %d samples, events %v, start %v; want fit, samples, events, a start",
						tc.file, i, r.Format, len(r.Samples), r.HasEvents, r.Start)
				}
				if r.UTCOffsetS == nil || *r.UTCOffsetS != 3600 {
					t.Errorf("Decode(%s)[%d].UTCOffsetS = %v, want 3600", tc.file, i, r.UTCOffsetS)
				}
				checkWarnings(t, tc.file, r, tc.warning)
			}
		})
	}
	for _, dir := range []string{"quirks", "metrics"} {
		files, _ := filepath.Glob(filepath.Join(testdata, dir, "*.fit"))
		for _, f := range files {
			if name := dir + "/" + filepath.Base(f); !covered[name] {
				t.Errorf("fixture %s has no row in TestDecodeFixtures", name)
			}
		}
	}
}

func checkWarnings(t *testing.T, file string, r easyday.Recording, want string) {
	t.Helper()
	if want == "" {
		if len(r.Warnings) > 0 {
			t.Errorf("Decode(%s).Warnings = %q, want none", file, r.Warnings)
		}
		return
	}
	for _, w := range r.Warnings {
		if strings.Contains(w.Text, want) {
			return
		}
	}
	t.Errorf("Decode(%s).Warnings = %q, want one containing %q", file, r.Warnings, want)
}

// TestDecodeDemo checks the demo athlete's month: one clean recording per
// file, heart rate throughout, power on rides, the Europe/London offset.
func TestDecodeDemo(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testdata, "demo", "*.fit"))
	if len(files) < 20 {
		t.Fatalf("demo has %d files, want about four weeks of training", len(files))
	}
	bstEnd := time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC) // British Summer Time ends
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			recs, err := Decode(readFixture(t, "demo/"+name))
			if err != nil || len(recs) != 1 {
				t.Fatalf("Decode(%s) = %d recordings, %v; want 1, no error", name, len(recs), err)
			}
			r := recs[0]
			ride := strings.HasSuffix(name, "-ride.fit")
			wantSport := easyday.Running
			if ride {
				wantSport = easyday.Cycling
			}
			if r.Sport != wantSport {
				t.Errorf("Decode(%s).Sport = %q, want %q", name, r.Sport, wantSport)
			}
			wantOffset := 3600
			if r.Start.After(bstEnd) {
				wantOffset = 0
			}
			if r.UTCOffsetS == nil || *r.UTCOffsetS != wantOffset {
				t.Errorf("Decode(%s).UTCOffsetS = %v, want %d", name, r.UTCOffsetS, wantOffset)
			}
			if local := r.Start.Add(time.Duration(wantOffset) * time.Second).Format("2006-01-02"); !strings.HasPrefix(name, local) {
				t.Errorf("Decode(%s) starts on local day %s, want the file's date", name, local)
			}
			if r.TimerS == nil || *r.TimerS < 29*60 || *r.TimerS > 125*60 {
				t.Errorf("Decode(%s).TimerS = %v, want 30 min to 2 h", name, r.TimerS)
			}
			checkWarnings(t, name, r, "")
			for i, s := range r.Samples {
				if s.HR < 80 || s.HR > 190 || (s.Power == easyday.Missing) == ride || s.Distance < 0 || s.Speed <= 0 {
					t.Fatalf("Decode(%s).Samples[%d] = %+v, want HR, distance, speed, and power only on rides", name, i, s)
				}
				if i > 0 {
					gap := s.Time.Sub(r.Samples[i-1].Time)
					if gap < time.Second || (gap > 5*time.Second && gap < 30*time.Second) || gap > 2*time.Minute {
						t.Fatalf("Decode(%s).Samples[%d] comes %v after the previous, want 1–5 s (or a stop)", name, i, gap)
					}
				}
			}
		})
	}
}

// owned sums, per heart rate, the time each sample owns under docs/metrics.md
// §1.5: until the next sample or the next timer stop, capped at 30 s, and
// nothing while the timer is stopped or after the last sample of a file
// without a stop. It is a test oracle, not the analysis.
func owned(r easyday.Recording, key func(easyday.Sample) int) map[int]float64 {
	events := slices.Clone(r.Events)
	sort.SliceStable(events, func(i, j int) bool { return events[i].Time.Before(events[j].Time) })
	running := func(t time.Time) bool {
		on := !r.HasEvents
		for _, e := range events {
			if !e.Time.After(t) {
				on = e.Running
			}
		}
		return on
	}
	out := map[int]float64{}
	for i, s := range r.Samples {
		if !running(s.Time.Time()) {
			continue
		}
		end := s.Time
		if i+1 < len(r.Samples) {
			end = r.Samples[i+1].Time
		}
		for _, e := range events {
			if !e.Running && e.Time.After(s.Time.Time()) {
				if i+1 == len(r.Samples) || e.Time.Before(end.Time()) {
					end = easyday.InstantOf(e.Time)
				}
				break
			}
		}
		out[key(s)] += math.Min(end.Sub(s.Time).Seconds(), 30)
	}
	return out
}

func hrKey(s easyday.Sample) int    { return s.HR }
func powerKey(s easyday.Sample) int { return s.Power }

// TestStreamOracle checks that both stream fixtures decode to the docs/metrics.md
// §3 stream: the same owned time per heart rate, timer and summary.
func TestStreamOracle(t *testing.T) {
	want := map[int]float64{130: 600, 165: 1200, 0: 60, 172: 540, 140: 480}
	start := time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC)
	wantEvents := []easyday.TimerEvent{
		{Time: start, Running: true},
		{Time: start.Add(2400 * time.Second), Running: false},
		{Time: start.Add(2520 * time.Second), Running: true},
		{Time: start.Add(3000 * time.Second), Running: false},
	}
	for _, file := range []string{"metrics/stream-1hz.fit", "metrics/stream-smart.fit"} {
		recs, err := Decode(readFixture(t, file))
		if err != nil || len(recs) != 1 {
			t.Fatalf("Decode(%s) = %d recordings, %v; want 1", file, len(recs), err)
		}
		r := recs[0]
		if got := owned(r, hrKey); !mapsEqual(got, want) {
			t.Errorf("Decode(%s) owned seconds per HR = %v, want %v", file, got, want)
		}
		if !slices.EqualFunc(r.Events, wantEvents, func(a, b easyday.TimerEvent) bool { return a.Time.Equal(b.Time) && a.Running == b.Running }) {
			t.Errorf("Decode(%s).Events = %v, want %v", file, r.Events, wantEvents)
		}
		if !r.Start.Equal(start) || deref(r.ElapsedS) != 3000 || deref(r.TimerS) != 2880 || deref(r.DistanceM) != 8640 {
			t.Errorf("Decode(%s) = start %v, elapsed %v, timer %v, distance %v; want %v, 3000, 2880, 8640",
				file, r.Start, deref(r.ElapsedS), deref(r.TimerS), deref(r.DistanceM), start)
		}
		for i, s := range r.Samples {
			if s.Power != easyday.Missing || s.Speed != 3 {
				t.Fatalf("Decode(%s).Samples[%d] = %+v, want no power, speed 3 m/s", file, i, s)
			}
		}
	}
}

func TestPowerOracle(t *testing.T) {
	recs, err := Decode(readFixture(t, "metrics/power-oracle.fit"))
	if err != nil || len(recs) != 1 {
		t.Fatalf("Decode(power-oracle.fit) = %d recordings, %v; want 1", len(recs), err)
	}
	r := recs[0]
	want := map[int]float64{200: 2400, 300: 1200}
	if got := owned(r, powerKey); !mapsEqual(got, want) {
		t.Errorf("Decode(power-oracle.fit) owned seconds per power = %v, want %v", got, want)
	}
	if got := owned(r, hrKey); !mapsEqual(got, map[int]float64{0: 3600}) {
		t.Errorf("Decode(power-oracle.fit) owned seconds per HR = %v, want all missing", got)
	}
	if deref(r.TimerS) != 3600 || deref(r.DistanceM) != 32400 {
		t.Errorf("Decode(power-oracle.fit) = timer %v, distance %v; want 3600, 32400", deref(r.TimerS), deref(r.DistanceM))
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func mapsEqual(a, b map[int]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || math.Abs(v-w) > 1e-9 {
			return false
		}
	}
	return true
}

// TestHRMessagesQuirk: records without heart rate take it from the appended
// hr-message sequence.
func TestHRMessagesQuirk(t *testing.T) {
	recs, err := Decode(readFixture(t, "quirks/hr-messages.fit"))
	if err != nil || len(recs) != 1 {
		t.Fatalf("Decode(hr-messages.fit) = %d recordings, %v; want 1", len(recs), err)
	}
	start := recs[0].Start
	exact := 0
	for i, s := range recs[0].Samples {
		off := s.Time.Sub(easyday.InstantOf(start))
		want := 140
		switch {
		case off < 180*time.Second:
			want = 120
		case off < 420*time.Second:
			want = 150
		}
		if s.HR == want {
			exact++
		} else if s.HR < 120 || s.HR > 150 {
			t.Errorf("Decode(hr-messages.fit).Samples[%d].HR = %d at %v, want %d", i, s.HR, off, want)
		}
	}
	// A record right after a change averages the beats since the previous
	// record, as the Garmin SDK does: only those two may differ.
	if n := len(recs[0].Samples); exact < n-2 {
		t.Errorf("Decode(hr-messages.fit) has %d of %d samples with the block's HR, want all but 2", exact, n)
	}
}

// TestHRMessagesOverrideQuirk: heart rate from hr messages replaces the one
// records carry, as Garmin's SDK merges it: the samples are those of
// hr-messages.fit, whose records carry none.
func TestHRMessagesOverrideQuirk(t *testing.T) {
	plain, err1 := Decode(readFixture(t, "quirks/hr-messages.fit"))
	over, err2 := Decode(readFixture(t, "quirks/hr-messages-override.fit"))
	if err1 != nil || err2 != nil || len(plain) != 1 || len(over) != 1 || len(plain[0].Samples) != len(over[0].Samples) {
		t.Fatalf("Decode(hr-messages, hr-messages-override) = %d, %d recordings, %v, %v; want 1 each, as many samples", len(plain), len(over), err1, err2)
	}
	for i, s := range over[0].Samples {
		if want := plain[0].Samples[i].HR; s.HR != want || s.HR == 100 {
			t.Fatalf("Decode(hr-messages-override).Samples[%d].HR = %d, want %d from the hr stream, not the record's 100", i, s.HR, want)
		}
	}
}

// TestAltitudeQuirks: enhanced_altitude, else the 16-bit altitude, with the
// profile's scale 5 and offset 500 m; Missing where a record has neither.
func TestAltitudeQuirks(t *testing.T) {
	for _, file := range []string{"quirks/altitude.fit", "quirks/altitude-16bit.fit"} {
		recs, err := Decode(readFixture(t, file))
		if err != nil || len(recs) != 1 || len(recs[0].Samples) != 300 {
			t.Fatalf("Decode(%s) = %d recordings, %v; want 1 with 300 samples", file, len(recs), err)
		}
		r := recs[0]
		for _, s := range r.Samples {
			off := int(s.Time.Sub(easyday.InstantOf(r.Start)) / time.Second)
			want := -12.4 + 0.2*float64(off)
			if off%60 == 30 {
				want = easyday.Missing
			}
			if math.Abs(s.Altitude-want) > 1e-9 {
				t.Fatalf("Decode(%s) altitude at %d s = %v, want %v", file, off, s.Altitude, want)
			}
		}
	}
	for _, file := range []string{"metrics/stream-1hz.fit", "quirks/multisport.fit"} {
		recs, err := Decode(readFixture(t, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			for _, s := range r.Samples {
				if s.Altitude != easyday.Missing {
					t.Fatalf("Decode(%s) altitude = %v, want Missing: the file has none", file, s.Altitude)
				}
			}
		}
	}
}

// TestBaseTypeNoEndianQuirk: base types written without their endian bit
// are read as Garmin's SDK reads them (by the base type number); the
// library alone rejects the file at its first definition.
func TestBaseTypeNoEndianQuirk(t *testing.T) {
	data := readFixture(t, "quirks/basetype-no-endian.fit")
	if _, err := decoder.New(bytesReader(data), decoder.WithIgnoreChecksum()).Decode(); err == nil {
		t.Errorf("library Decode(basetype-no-endian.fit) = no error, want the invalid base type this quirk is about")
	}
	got, err1 := Decode(data)
	want, err2 := Decode(readFixture(t, "quirks/header-crc-zero.fit")) // the same run, endian bits intact
	if err1 != nil || err2 != nil {
		t.Fatalf("Decode(basetype-no-endian, header-crc-zero) errors = %v, %v", err1, err2)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Decode(basetype-no-endian.fit) differs from the same run with endian bits (-want +got):\n%s", diff)
	}
}

// TestRecordsAfterSessionQuirk: records after the only session's end belong
// to it (docs/metrics.md §1, "Sessions"), and so do its timer events.
func TestRecordsAfterSessionQuirk(t *testing.T) {
	recs, err := Decode(readFixture(t, "quirks/records-after-session.fit"))
	if err != nil || len(recs) != 1 {
		t.Fatalf("Decode(records-after-session.fit) = %d recordings, %v; want 1", len(recs), err)
	}
	r := recs[0]
	if len(r.Samples) != 300 || deref(r.ElapsedS) != 240 {
		t.Errorf("Decode(records-after-session.fit) = %d samples, elapsed %v; want all 300, and the file's 240 s", len(r.Samples), deref(r.ElapsedS))
	}
	if n := len(r.Events); n != 2 || r.Events[n-1].Running || !r.Events[n-1].Time.Equal(r.Start.Add(600*time.Second)) {
		t.Errorf("Decode(records-after-session.fit).Events = %v, want the start and the stop at 600 s", r.Events)
	}
}

// TestChainedQuirks: a chained file whole gives both activities; cut short
// in its second sequence, it is truncated, as the first cut short is.
func TestChainedQuirks(t *testing.T) {
	whole := readFixture(t, "quirks/chained.fit")
	recs, err := Decode(whole)
	if err != nil || len(recs) != 2 || len(recs[0].Samples) != 300 || len(recs[1].Samples) != 240 {
		t.Fatalf("Decode(chained.fit) = %d recordings, %v; want 2 runs of 300 and 240 samples", len(recs), err)
	}
	cut := readFixture(t, "quirks/chained-cut-short.fit")
	if !bytes.HasPrefix(whole, cut) {
		t.Fatalf("chained-cut-short.fit is not a prefix of chained.fit")
	}
	// Every length the copy passes through inside the second sequence is
	// truncated, never one activity.
	for n := 4524; n < len(whole); n += 97 {
		recs, err := Decode(whole[:n])
		if n == 4524 {
			if err != nil || len(recs) != 1 {
				t.Errorf("Decode(chained.fit[:%d]) = %d recordings, %v; want the first run alone", n, len(recs), err)
			}
			continue
		}
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("Decode(chained.fit[:%d]) = %d recordings, %v; want ErrTruncated", n, len(recs), err)
		}
	}
}

// TestCorpusChainedCutShort is issue 10's reproduction: the first 94,096 +
// 60,919 bytes of muktihari's Activity.fit and fitparse's fenix2 run
// concatenated, as a chained file caught while being copied.
func TestCorpusChainedCutShort(t *testing.T) {
	first := readCorpus(t, "muktihari-fit__Activity.fit")
	second := readCorpus(t, "python-fitparse__activity-small-fenix2-run.fit")
	if len(first) != 94096 || len(second) != 121839 {
		t.Fatalf("corpus sizes %d, %d; want 94,096 and 121,839", len(first), len(second))
	}
	whole := append(append([]byte(nil), first...), second...)
	_, err := Decode(whole[:94096+60919])
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "sequence 2 at byte 94,096 is cut short: 60,919 of 121,839 bytes") {
		t.Errorf("Decode(cut short) error = %v, want ErrTruncated naming sequence 2 at byte 94,096", err)
	}
	recs, err := Decode(whole)
	if err != nil || !slices.Equal(sports(recs), []string{"stand_up_paddleboarding", "running"}) {
		t.Errorf("Decode(whole) = %v, %v; want the paddle and the run", sports(recs), err)
	}
}

func TestMultisportQuirk(t *testing.T) {
	recs, err := Decode(readFixture(t, "quirks/multisport.fit"))
	if err != nil || len(recs) != 2 {
		t.Fatalf("Decode(multisport.fit) = %d recordings, %v; want 2", len(recs), err)
	}
	run, bike := recs[0], recs[1]
	if len(run.Samples) != 300 || len(bike.Samples) != 450 {
		t.Errorf("Decode(multisport.fit) samples = %d, %d; want 300, 450", len(run.Samples), len(bike.Samples))
	}
	if last, first := run.Samples[len(run.Samples)-1].Time, bike.Samples[0].Time; !last.Before(first) {
		t.Errorf("Decode(multisport.fit): run ends %v, ride starts %v; want the run first", last, first)
	}
	for _, s := range run.Samples {
		if s.Power != easyday.Missing {
			t.Fatalf("Decode(multisport.fit) run sample %+v has power, want none", s)
		}
	}
	for _, s := range bike.Samples {
		if s.Power != 210 {
			t.Fatalf("Decode(multisport.fit) ride sample %+v, want 210 W", s)
		}
	}
	// The timer starts in the run and stops at the end of the ride.
	if len(run.Events) != 1 || !run.Events[0].Running {
		t.Errorf("Decode(multisport.fit) run events = %v, want one start", run.Events)
	}
	if n := len(bike.Events); n == 0 || bike.Events[n-1].Running {
		t.Errorf("Decode(multisport.fit) ride events = %v, want a final stop", bike.Events)
	}
}

// TestHeaderCRCZeroQuirk: the library itself, checking checksums, rejects a
// 14-byte header with CRC 0; Decode reads it without a warning.
func TestHeaderCRCZeroQuirk(t *testing.T) {
	data := readFixture(t, "quirks/header-crc-zero.fit")
	if data[0] != 14 || data[12] != 0 || data[13] != 0 {
		t.Fatalf("header-crc-zero.fit header = % x, want size 14 and CRC 0", data[:14])
	}
	if _, err := decoder.New(bytesReader(data)).Decode(); err == nil {
		t.Errorf("library Decode(header-crc-zero.fit) with checksums = no error, want the false CRC mismatch this quirk is about")
	}
	recs, err := Decode(data)
	if err != nil || len(recs) != 1 {
		t.Fatalf("Decode(header-crc-zero.fit) = %d recordings, %v; want 1", len(recs), err)
	}
	checkWarnings(t, "header-crc-zero.fit", recs[0], "")
}

func TestThousands(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {41022, "41,022"}, {82114, "82,114"}, {2400201, "2,400,201"}, {-1234, "-1,234"}}
	for _, tc := range tests {
		if got := thousands(tc.in); got != tc.want {
			t.Errorf("thousands(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCRC16(t *testing.T) {
	if got := fitCRC(nil); got != 0 {
		t.Errorf("fitCRC(nil) = %#04x, want 0", got)
	}
	// CRC-16/ARC check value.
	if got := fitCRC([]byte("123456789")); got != 0xBB3D {
		t.Errorf("fitCRC(123456789) = %#04x, want 0xbb3d", got)
	}
	// A whole FIT sequence, CRC included, checks to 0.
	if got := fitCRC(readFixture(t, "quirks/settings.fit")); got != 0 {
		t.Errorf("fitCRC(settings.fit) = %#04x, want 0", got)
	}
}

// TestSplitErrors covers header problems that no fixture file shows.
func TestSplitErrors(t *testing.T) {
	good := readFixture(t, "quirks/settings.fit")
	zeroSize := append([]byte(nil), good...)
	zeroSize[4], zeroSize[5], zeroSize[6], zeroSize[7] = 0, 0, 0, 0
	tests := []struct {
		name    string
		data    []byte
		err     error
		errText string
	}{
		{"partial header", good[:6], ErrTruncated, "truncated: still being copied? 6 of 14 bytes"},
		{"partial header, not FIT", append([]byte{14, 0x20, 0, 0, 0, 0, 0, 0}, "XY"...), nil, "not a FIT file"},
		{"header only", good[:14], ErrTruncated, "truncated: still being copied? 14 of 75 bytes"},
		{"data size 0", zeroSize, nil, "declares no data"},
		{"wrong header size", append([]byte{13}, good[1:]...), nil, "not a FIT file"},
		{"no .FIT", append(append([]byte(nil), good[:8]...), append([]byte(".FIX"), good[12:]...)...), nil, "not a FIT file"},
	}
	for _, tc := range tests {
		_, err := Decode(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.errText) || (tc.err != nil) != errors.Is(err, ErrTruncated) {
			t.Errorf("Decode(%s) error = %v, want %q (truncated: %v)", tc.name, err, tc.errText, tc.err != nil)
		}
	}
}

// TestChainedTail: whatever follows a good sequence costs a warning, not
// the activity, except a last sequence cut short as a file still being
// copied is: then the whole file is truncated, and is read again when it has
// grown, so the part already there is never stored as an activity of its own.
func TestChainedTail(t *testing.T) {
	run := readFixture(t, "quirks/header-crc-zero.fit")
	settings := readFixture(t, "quirks/settings.fit")
	damaged := append([]byte(nil), settings[:40]...)
	damaged[14] = 0x0F // a data message of a local type never defined, where the first definition was
	tests := []struct {
		name    string
		tail    []byte
		warning string
		errText string // the error wraps ErrTruncated and contains this
	}{
		{name: "settings sequence", tail: settings},
		{name: "garbage", tail: []byte("trailing junk"), warning: "ignored 13 bytes after the last FIT sequence at byte 4,524"},
		{name: "cut-short sequence", tail: settings[:40], errText: "truncated: still being copied? FIT sequence 2 at byte 4,524 is cut short: 40 of 75 bytes"},
		{name: "header only", tail: settings[:14], errText: "truncated: still being copied? FIT sequence 2 at byte 4,524 is cut short: 14 of 75 bytes"},
		{name: "partial header", tail: settings[:5], errText: "truncated: still being copied? FIT sequence 2 at byte 4,524 is cut short inside its header: 5 of 14 bytes"},
		{name: "cut-short sequence damaged before its end", tail: damaged, warning: "FIT sequence 2 at byte 4,524 is cut short: 40 of 75 bytes"},
		{name: "second run with a bad CRC", tail: append(append([]byte(nil), run[:len(run)-2]...), 0, 0), warning: "file CRC mismatch in FIT sequence 2 at byte 4,524"},
	}
	for _, tc := range tests {
		data := append(append([]byte(nil), run...), tc.tail...)
		recs, err := Decode(data)
		if tc.errText != "" {
			if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), tc.errText) {
				t.Errorf("Decode(run + %s) = %d recordings, %v; want ErrTruncated %q", tc.name, len(recs), err, tc.errText)
			}
			continue
		}
		want := 1
		if len(tc.tail) == len(run) {
			want = 2 // the chained run is an activity of its own
		}
		if err != nil || len(recs) != want {
			t.Errorf("Decode(run + %s) = %d recordings, %v; want %d", tc.name, len(recs), err, want)
			continue
		}
		checkWarnings(t, "run + "+tc.name, recs[len(recs)-1], tc.warning)
	}
}

// TestDamagedFile: a full-length file whose data are damaged part-way keeps
// what came before when it spans a minute or more.
func TestDamagedFile(t *testing.T) {
	base := readFixture(t, "metrics/stream-1hz.fit")
	for _, tc := range []struct {
		name    string
		at      int // fraction of the file, in per cent, where a byte is broken
		wantErr string
	}{
		{"early", 1, "FIT file is damaged at byte"},
		{"late", 60, ""},
	} {
		data := append([]byte(nil), base...)
		// 0x0F is the header of a data message of local type 15, which
		// the encoder never defines: decoding stops there.
		pos := len(data) * tc.at / 100
		pos = nextRecordStart(data, pos)
		data[pos] = 0x0F
		recs, err := Decode(data)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Decode(stream damaged %s) = %d recordings, %v; want error %q", tc.name, len(recs), err, tc.wantErr)
			}
			continue
		}
		if err != nil || len(recs) != 1 || len(recs[0].Samples) == 0 {
			t.Fatalf("Decode(stream damaged %s) = %d recordings, %v; want the part before the damage", tc.name, len(recs), err)
		}
		// The position is the library's: just past the header byte it could
		// not use.
		checkWarnings(t, "stream damaged "+tc.name, recs[0], "decoding stopped at byte "+thousands(pos+1)+": message definition missing")
	}
}

// nextRecordStart returns the offset of the first data message at or after
// pos, found with the library's raw decoder.
func nextRecordStart(data []byte, pos int) int {
	off, found := 0, -1
	_, _ = decoder.NewRaw().Decode(bytesReader(data), func(flag decoder.RawFlag, b []byte) error {
		if flag == decoder.RawFlagMesgData && off >= pos && found < 0 {
			found = off
		}
		off += len(b)
		return nil
	})
	return found
}

func bytesReader(b []byte) *strings.Reader { return strings.NewReader(string(b)) }

// TestDecodeEmpty: a 0-byte file (a copy that has not started) is
// rejected as empty, not as truncated or garbage.
func TestDecodeEmpty(t *testing.T) {
	for _, data := range [][]byte{nil, {}} {
		if _, err := Decode(data); err == nil || !strings.HasPrefix(err.Error(), "empty file") || errors.Is(err, ErrTruncated) {
			t.Errorf("Decode(%d bytes) = %v, want \"empty file\"", len(data), err)
		}
	}
}

// TestScanFraming: the walk before decoding counts the records that become
// samples (so they are allocated once) and finds the base types to patch.
func TestScanFraming(t *testing.T) {
	tests := []struct {
		file    string
		patched bool
	}{
		{"metrics/stream-1hz.fit", false},
		{"metrics/stream-smart.fit", false},
		{"quirks/multisport.fit", false},
		{"quirks/basetype-no-endian.fit", true},
	}
	for _, tc := range tests {
		data := readFixture(t, tc.file)
		seqs, _, err := split(bytes.NewReader(data), len(data))
		if err != nil || len(seqs) != 1 {
			t.Fatalf("split(%s) = %d sequences, %v", tc.file, len(seqs), err)
		}
		fr, err := scanFraming(bytes.NewReader(data[:seqs[0].hdrSize+seqs[0].dataSize]), seqs[0].hdrSize)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range recs {
			n += len(r.Samples)
		}
		if fr.records != n || (len(fr.fixes) > 0) != tc.patched {
			t.Errorf("scanFraming(%s) = %d records, %d patches; want %d records, patches %v", tc.file, fr.records, len(fr.fixes), n, tc.patched)
		}
	}
}

// bytePos reads the first "byte pos: N" of the library's error text, as
// the regular expression `byte pos: (\d+)` did.
func TestBytePos(t *testing.T) {
	for msg, want := range map[string]int{
		"decode: [byte pos: 1234]: unexpected EOF": 1234,
		"byte pos: 0": 0,
		"x byte pos: y, then byte pos: 56 and byte pos: 78": 56,
		"byte pos: ":                        -1,
		"byte pos 12":                       -1,
		"no position":                       -1,
		"byte pos: 99999999999999999999999": -1, // past int: no position
	} {
		got, ok := bytePos(msg)
		if !ok {
			got = -1
		}
		if got != want {
			t.Errorf("bytePos(%q) = %d, want %d", msg, got, want)
		}
	}
}

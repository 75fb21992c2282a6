package fitgen

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/kit/hash/crc16"
	"github.com/muktihari/fit/profile/filedef"
	"github.com/muktihari/fit/profile/typedef"
)

// testdata is the project's testdata folder, relative to this package.
const testdata = "../../testdata"

// TestFixturesCommitted fails when the committed fixture files differ from
// what the generator makes now: run `go run ./internal/fitgen/gen` from
// the module root after changing the generator, and commit the result.
func TestFixturesCommitted(t *testing.T) {
	files, err := Fixtures()
	if err != nil {
		t.Fatalf("Fixtures() error = %v", err)
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(testdata, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("committed %s: %v; run `go run ./internal/fitgen/gen`", name, err)
			continue
		}
		if !bytes.Equal(got, files[name]) {
			t.Errorf("committed %s (%d bytes) differs from the generator's (%d bytes); run `go run ./internal/fitgen/gen`",
				name, len(got), len(files[name]))
		}
	}
	for dir, ext := range map[string]string{"demo": "fit", "metrics": "fit", "quirks": "fit", "gpx": "gpx"} {
		committed, _ := filepath.Glob(filepath.Join(testdata, dir, "*."+ext))
		for _, path := range committed {
			if name := dir + "/" + filepath.Base(path); files[name] == nil {
				t.Errorf("committed %s is not made by the generator; run `go run ./internal/fitgen/gen`", name)
			}
		}
	}
}

func TestFixturesDeterministic(t *testing.T) {
	a, err1 := Fixtures()
	b, err2 := Fixtures()
	if err1 != nil || err2 != nil {
		t.Fatalf("Fixtures() errors = %v, %v", err1, err2)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("Fixtures()[%s] differs between two runs, want the same bytes", name)
		}
	}
}

func TestDemoSize(t *testing.T) {
	files, err := Fixtures()
	if err != nil {
		t.Fatal(err)
	}
	total, n := 0, 0
	for name, b := range files {
		if strings.HasPrefix(name, "demo/") {
			total += len(b)
			n++
		}
	}
	if n != len(demoPlan) || total > 1<<20 {
		t.Errorf("demo = %d files, %d bytes; want %d files under 1 MiB", n, total, len(demoPlan))
	}
	if _, ok := files["demo/2026-10-28-run.fit"]; !ok {
		t.Errorf("demo has no 2026-10-28-run.fit, want the month to end with that hard run")
	}
}

// TestBuildDecodes reads a built file back with the library's own activity
// decoder (checksums on), independently of the project's decoder.
func TestBuildDecodes(t *testing.T) {
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	var pts []Point
	for s := range 120 {
		pts = append(pts, Point{Offset: time.Duration(s) * time.Second, HR: 140, Power: 200, Distance: float64(s) * 8, Speed: 8})
	}
	b, err := Build(Spec{
		Start:     start,
		UTCOffset: -5 * time.Hour,
		Sessions:  []Session{{Sport: "cycling", SubSport: "gravel_cycling", Points: pts, End: 120 * time.Second}},
		Pauses:    []Pause{{At: 60 * time.Second, Dur: 10 * time.Second}},
	})
	if err != nil {
		t.Fatalf("Build() error = %v", err)
	}
	lis := filedef.NewListener()
	defer lis.Close()
	if _, err := decoder.New(bytes.NewReader(b), decoder.WithMesgListener(lis), decoder.WithBroadcastOnly()).Decode(); err != nil {
		t.Fatalf("library Decode(Build()) error = %v", err)
	}
	act, ok := lis.File().(*filedef.Activity)
	if !ok {
		t.Fatalf("library Decode(Build()) = %T, want an activity", lis.File())
	}
	if act.FileId.Manufacturer != typedef.ManufacturerDevelopment || len(act.Records) != 120 || len(act.Sessions) != 1 || len(act.Laps) != 1 {
		t.Fatalf("library Decode(Build()) = manufacturer %v, %d records, %d sessions, %d laps; want development, 120, 1, 1",
			act.FileId.Manufacturer, len(act.Records), len(act.Sessions), len(act.Laps))
	}
	s := act.Sessions[0]
	if s.Sport != typedef.SportCycling || s.SubSport != typedef.SubSportGravelCycling || !s.StartTime.Equal(start) ||
		s.TotalElapsedTime != 120000 || s.TotalTimerTime != 110000 || s.TotalDistance != 952*100 || s.AvgPower != 200 {
		t.Errorf("library Decode(Build()) session = %v/%v start %v elapsed %d timer %d distance %d power %d; want cycling/gravel_cycling %v 120000 110000 95200 200",
			s.Sport, s.SubSport, s.StartTime, s.TotalElapsedTime, s.TotalTimerTime, s.TotalDistance, s.AvgPower, start)
	}
	if got := act.Activity.LocalTimestamp.Sub(act.Activity.Timestamp); got != -5*time.Hour {
		t.Errorf("library Decode(Build()) local − UTC = %v, want -5h", got)
	}
	var kinds []typedef.EventType
	for _, e := range act.Events {
		kinds = append(kinds, e.EventType)
	}
	want := []typedef.EventType{typedef.EventTypeStart, typedef.EventTypeStopAll, typedef.EventTypeStart, typedef.EventTypeStopAll}
	if len(kinds) != len(want) {
		t.Errorf("library Decode(Build()) events = %v, want %v", kinds, want)
	} else {
		for i := range want {
			if kinds[i] != want[i] {
				t.Errorf("library Decode(Build()) events = %v, want %v", kinds, want)
				break
			}
		}
	}
}

func TestBuildErrors(t *testing.T) {
	p := func(s int) Point {
		return Point{Offset: time.Duration(s) * time.Second, HR: 120, Power: -1, Distance: -1, Speed: -1}
	}
	tests := []struct {
		name string
		spec Spec
		want string
	}{
		{"no session", Spec{}, "no session"},
		{"no point", Spec{Sessions: []Session{{Sport: "running"}}}, "no point"},
		{"unknown sport", Spec{Sessions: []Session{{Sport: "jogging", Points: []Point{p(0)}}}}, `unknown sport "jogging"`},
		{"unknown sub-sport", Spec{Sessions: []Session{{Sport: "running", SubSport: "moon", Points: []Point{p(0)}}}}, `unknown sub-sport "moon"`},
		{"points out of order", Spec{Sessions: []Session{{Sport: "running", Points: []Point{p(5), p(5)}}}}, "point 1 is not after point 0"},
		{"end before last point", Spec{Sessions: []Session{{Sport: "running", Points: []Point{p(0), p(9)}, End: 5 * time.Second}}}, "ends before its last point"},
		{"overlapping sessions", Spec{Sessions: []Session{
			{Sport: "running", Points: []Point{p(0), p(9)}},
			{Sport: "cycling", Points: []Point{p(5)}},
		}}, "starts before the previous session ends"},
	}
	for _, tc := range tests {
		_, err := Build(tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Build(%s) error = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestPack12(t *testing.T) {
	tests := []struct {
		in   []uint32
		want []byte
	}{
		{[]uint32{0xABC}, []byte{0xBC, 0x0A}},
		{[]uint32{0xABC, 0x123}, []byte{0xBC, 0x3A, 0x12}},
		{[]uint32{0x1FFF, 0}, []byte{0xFF, 0x0F, 0x00}}, // only the low 12 bits count
	}
	for _, tc := range tests {
		if got := pack12(tc.in); !bytes.Equal(got, tc.want) {
			t.Errorf("pack12(%x) = % x, want % x", tc.in, got, tc.want)
		}
	}
}

func TestHeaderQuirks(t *testing.T) {
	s, err := Settings(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	z, err := ZeroHeaderCRC(s)
	if err != nil {
		t.Fatalf("ZeroHeaderCRC() error = %v", err)
	}
	if z[12] != 0 || z[13] != 0 || bytes.Equal(z[len(z)-2:], s[len(s)-2:]) {
		t.Errorf("ZeroHeaderCRC() header CRC % x, file CRC % x (was % x); want 00 00 and a new file CRC", z[12:14], z[len(z)-2:], s[len(s)-2:])
	}
	if _, err := ZeroHeaderCRC([]byte("not FIT at all")); err == nil {
		t.Errorf("ZeroHeaderCRC(not FIT) = no error, want one")
	}
	if c := CorruptFileCRC(s); bytes.Equal(c, s) || !bytes.Equal(c[:len(c)-2], s[:len(s)-2]) {
		t.Errorf("CorruptFileCRC() changed more or less than the CRC")
	}
}

func TestClearEndianBits(t *testing.T) {
	s, err := Settings(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ClearEndianBits(s)
	if err != nil {
		t.Fatalf("ClearEndianBits(settings) error = %v", err)
	}
	if bytes.Equal(c, s) || len(c) != len(s) || crc16Of(c) != 0 {
		t.Errorf("ClearEndianBits(settings): changed %v, %d of %d bytes, CRC check %#04x; want a change, the same length, a valid CRC",
			!bytes.Equal(c, s), len(c), len(s), crc16Of(c))
	}
	if _, err := ClearEndianBits(append(append([]byte(nil), s...), s...)); err == nil {
		t.Errorf("ClearEndianBits(chained) = no error, want one: only single sequences")
	}
}

func crc16Of(b []byte) uint16 {
	h := crc16.New()
	_, _ = h.Write(b)
	return h.Sum16()
}

package tcx

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"easyday"
)

func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(fixtures, "*.tcx"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed fixtures in %s", fixtures)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(minimal))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := Decode(data)
		if err != nil {
			if recs != nil {
				t.Fatalf("Decode = %d recordings and error %v, want one or the other", len(recs), err)
			}
			return
		}
		if len(recs) == 0 {
			t.Fatal("Decode = no recordings and no error")
		}
		for _, r := range recs {
			checkInvariants(t, r)
		}
	})
}

// checkInvariants asserts what every decoded recording promises.
func checkInvariants(t *testing.T, r easyday.Recording) {
	t.Helper()
	if r.Format != "tcx" || r.Sport == "" || r.ElapsedS != nil || r.UTCOffsetS != nil {
		t.Fatalf("recording header = %q %q %v %v, want tcx, a sport, nil, nil", r.Format, r.Sport, r.ElapsedS, r.UTCOffsetS)
	}
	if r.TimerS != nil && !(*r.TimerS >= 0) || r.DistanceM != nil && !(*r.DistanceM >= 0) {
		t.Fatalf("summary = %v, %v, want non-negative", deref(r.TimerS), deref(r.DistanceM))
	}
	for _, s := range r.Samples {
		if y := s.Time.Time().Year(); y < 1970 || y > 2100 {
			t.Fatalf("sample time %v, want within 1970–2100", s.Time.Time())
		}
		if s.HR < 0 || s.HR > 254 || s.Power < easyday.Missing ||
			s.Distance < 0 && s.Distance != easyday.Missing || s.Speed < 0 && s.Speed != easyday.Missing ||
			s.Distance != s.Distance || s.Speed != s.Speed || math.IsNaN(s.Altitude) || math.IsInf(s.Altitude, 0) {
			t.Fatalf("sample %+v has an impossible value", s)
		}
	}
	if len(r.Events)%2 != 0 || len(r.Events) > 0 && !r.HasEvents {
		t.Fatalf("%d events with HasEvents %v, want pairs", len(r.Events), r.HasEvents)
	}
	for i, e := range r.Events {
		if e.Running != (i%2 == 0) || i > 0 && e.Time.Before(r.Events[i-1].Time) ||
			e.Running && i+1 < len(r.Events) && !r.Events[i+1].Time.After(e.Time) {
			t.Fatalf("events %v do not alternate start, stop forward in time", r.Events)
		}
	}
}

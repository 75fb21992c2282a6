package history

import (
	"fmt"
	"testing"
	"time"

	"easyday"
)

// hourActivity is a 1-hour run at 1 Hz starting on day n after t0.
func hourActivity(n int) easyday.Activity {
	a := activity(easyday.Running, t0.Add(time.Duration(n)*24*time.Hour), 3600)
	a.Segments = hourStream(uint64(n))
	return a
}

func BenchmarkCommitHour(b *testing.B) {
	s, _ := openTemp(b)
	acts := make([]easyday.Activity, 64)
	for i := range acts {
		acts[i] = hourActivity(i)
	}
	n := 0
	for b.Loop() {
		a := acts[n%len(acts)]
		a.StartUTC = t0.Add(time.Duration(n) * 24 * time.Hour)
		f := FileRecord{Path: fmt.Sprintf("inbox/%d.fit", n), SHA256: fmt.Sprint(n), Status: easyday.StatusIngested}
		rec, err := s.Commit(ctx, f, []easyday.Activity{a})
		if err != nil || rec.Status != easyday.StatusIngested {
			b.Fatalf("Commit(%s) = %s, %v", f.Path, rec.Status, err)
		}
		n++
	}
}

func BenchmarkActivitiesOnDecade(b *testing.B) {
	const days = 3650
	s, _ := openTemp(b)
	start := time.Now()
	for n := 0; n < days; n++ {
		f := FileRecord{Path: fmt.Sprintf("inbox/%d.fit", n), SHA256: fmt.Sprint(n), Status: easyday.StatusIngested}
		if _, err := s.Commit(ctx, f, []easyday.Activity{hourActivity(n)}); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("stored %d hour-long activities in %v", days, time.Since(start).Round(time.Millisecond))
	first := easyday.DateOf(t0, time.UTC).AddDays(-1)
	last := first.AddDays(days + 1)
	for _, with := range []bool{false, true} {
		b.Run(fmt.Sprintf("segments=%v", with), func(b *testing.B) {
			for b.Loop() {
				acts, err := s.ActivitiesOn(ctx, first, last, with)
				if err != nil || len(acts) != days {
					b.Fatalf("ActivitiesOn = %d activities, %v", len(acts), err)
				}
			}
		})
	}
	b.Run("DailyLoads", func(b *testing.B) {
		for b.Loop() {
			loads, _, _, ok, err := s.DailyLoads(ctx)
			if err != nil || !ok || len(loads) != days {
				b.Fatalf("DailyLoads = %d days, %v", len(loads), err)
			}
		}
	})
}

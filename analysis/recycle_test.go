package analysis

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"easyday"
)

// TestRecycleReusesSegments checks that a recycled activity's segment array
// serves the next timeline, and that what was in it never shows through:
// every activity analysed after a Recycle equals the same one analysed
// before any.
func TestRecycleReusesSegments(t *testing.T) {
	for freeSegments.Get(0) != nil { // start from an empty list
	}
	rec, p := tenHourRun()
	a := Analyze(rec, p)
	first := &a.Segments[:1][0]
	Recycle([]easyday.Activity{a})
	b := Analyze(rec, p)
	if &b.Segments[:1][0] != first {
		t.Error("the recycled array was not reused for an activity of the same length")
	}
	want := Analyze(rec, p)
	if !reflect.DeepEqual(b, want) {
		t.Error("an activity analysed into a recycled array differs from one analysed into a new one")
	}

	rng := rand.New(rand.NewPCG(7, 11))
	recs := make([]easyday.Recording, 60)
	wants := make([]easyday.Activity, len(recs))
	for i := range recs {
		recs[i] = randomRecording(rng)
		wants[i] = Analyze(recs[i], p)
	}
	for i := range recs {
		got := Analyze(recs[i], p)
		if !reflect.DeepEqual(got, wants[i]) {
			t.Fatalf("recording %d: analysed after others were recycled, it differs", i)
		}
		acts := []easyday.Activity{got}
		Recycle(acts)
		if acts[0].Segments != nil {
			t.Fatal("Recycle left the activity's segments")
		}
	}
}

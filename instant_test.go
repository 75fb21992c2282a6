package easyday

import (
	"math/rand/v2"
	"testing"
	"time"
)

// Every time a decoder reads (1970–2125) is an instant and back exactly,
// and two instants compare and subtract as their times do.
func TestInstantMatchesTime(t *testing.T) {
	lo := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2126, 1, 1, 0, 0, 0, 0, time.UTC)
	span := hi.Sub(lo) // under 2^63 ns
	rng := rand.New(rand.NewPCG(3, 4))
	at := func() time.Time { return lo.Add(time.Duration(rng.Int64N(int64(span)))) }
	for range 10000 {
		a, b := at(), at()
		ia, ib := InstantOf(a), InstantOf(b)
		if got := ia.Time(); !got.Equal(a) || got.Location() != time.UTC {
			t.Fatalf("InstantOf(%v).Time() = %v", a, got)
		}
		if got, want := ia.Sub(ib), a.Sub(b); got != want {
			t.Fatalf("%v − %v = %v as instants, %v as times", a, b, got, want)
		}
		if ia.Before(ib) != a.Before(b) || ia.After(ib) != a.After(b) || ia.Compare(ib) != a.Compare(b) {
			t.Fatalf("%v and %v compare otherwise as instants", a, b)
		}
		d := time.Duration(rng.Int64N(int64(48*time.Hour))) - 24*time.Hour
		if got, want := ia.Add(d), InstantOf(a.Add(d)); got != want {
			t.Fatalf("%v + %v = %v, want %v", a, d, got, want)
		}
	}
}

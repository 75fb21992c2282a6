package history

import (
	"errors"
	"fmt"
	"math"

	"github.com/mattn/go-sqlite3"

	"easyday"
)

// RefusedError is a file the history will not store as it is, through no
// fault of the history: a value its stream cannot hold (a RangeError), a
// number that is not one, a row the schema's checks refuse. The caller
// records the file as rejected with Reason and goes on; any other error of
// a commit is the history's own (a full disk, damage) and stops the run.
type RefusedError struct {
	Path   string // the file, when known
	Reason string // what is wrong with it, in a runner's words
	Err    error  // the underlying error
}

func (e *RefusedError) Error() string {
	if e.Path == "" {
		return e.Reason
	}
	return e.Path + ": " + e.Reason
}

// Unwrap returns the underlying error.
func (e *RefusedError) Unwrap() error { return e.Err }

// RangeError is a value the stream encoder cannot store: a time step or a
// duration over a year, a distance or an altitude beyond maxMetres, a heart
// rate or power beyond 32 bits, too many segments. Its message says what is
// wrong in a runner's words; Segment says where.
type RangeError struct {
	Segment int     // the segment's index (-1: the stream as a whole)
	Field   string  // "time step", "duration", "distance", "altitude", "heart rate", "power", "segments"
	Value   float64 // the value refused
}

func (e *RangeError) Error() string {
	v := e.Value
	a := "a"
	if e.Field == "altitude" {
		a = "an"
	}
	switch {
	case e.Field == "segments":
		return fmt.Sprintf("%.0f samples, more than one activity can hold (%d)", v, maxSegments)
	case math.IsNaN(v):
		return fmt.Sprintf("%s %s that is not a number", a, e.Field)
	case e.Field == "time step" && v < 0:
		return "samples out of time order"
	case e.Field == "time step":
		return "timestamps " + span(v) + " apart"
	case e.Field == "duration" && v < 0:
		return "a sample of negative duration"
	case e.Field == "duration":
		return "a sample lasting " + span(v)
	case e.Field == "distance", e.Field == "altitude":
		if math.IsInf(v, 0) {
			return fmt.Sprintf("an infinite %s", e.Field)
		}
		return fmt.Sprintf("%s %s of %.3g km, beyond what any activity can have", a, e.Field, v/1000)
	}
	return fmt.Sprintf("a %s of %.0f, beyond what any sensor reports", e.Field, v)
}

// span says how long s seconds is, roughly, in the largest unit that fits.
func span(s float64) string {
	const day = 86400
	switch {
	case math.IsInf(s, 0):
		return "infinitely far"
	case s >= 2*365.25*day:
		return fmt.Sprintf("%.0f years", s/(365.25*day))
	case s >= 2*day:
		return fmt.Sprintf("%.0f days", s/day)
	case s >= 2*3600:
		return fmt.Sprintf("%.0f hours", s/3600)
	}
	return fmt.Sprintf("%.0f seconds", s)
}

// checkActivity refuses an activity whose numbers the history cannot keep:
// a float field that is not a finite number (SQLite would store NaN as
// NULL), a negative elapsed or timer time.
func checkActivity(a *easyday.Activity) error {
	z := a.Zones
	type number struct {
		name string
		v    *float64
	}
	zones := z.Total()
	for _, n := range []number{
		{"elapsed time", &a.ElapsedS}, {"timer time", &a.TimerS}, {"distance", &a.DistanceM},
		{"heart-rate seconds", &a.HRS}, {"load", &a.Load}, {"zone seconds", &zones},
		{"average heart rate", a.AvgHR}, {"maximum heart rate", a.MaxHR}, {"TRIMP", a.TRIMP},
		{"HRSS", a.HRSS}, {"normalized power", a.NPW}, {"power TSS", a.PowerTSS},
		{"normalized graded pace", a.NGPSPerKm}, {"pace load", a.PaceLoad},
		{"LTHR estimate", a.Estimates.LTHR}, {"FTP estimate", a.Estimates.FTP},
		{"threshold pace estimate", a.Estimates.ThresholdPace}, {"max HR estimate", a.Estimates.MaxHR},
	} {
		if n.v != nil && (math.IsNaN(*n.v) || math.IsInf(*n.v, 0)) {
			return fmt.Errorf("its %s is not a finite number", n.name)
		}
	}
	if a.ElapsedS < 0 || a.TimerS < 0 {
		return fmt.Errorf("a negative time (elapsed %v s, timer %v s)", a.ElapsedS, a.TimerS)
	}
	return nil
}

// refusedByConstraint turns a commit error that is the file's own fault
// into a *RefusedError: a NOT NULL or CHECK constraint of the schema,
// which only values the file brought can break. Any other error (a
// trigger, a foreign key, I/O, a full disk) is returned as it is.
func refusedByConstraint(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintNotNull || se.ExtendedCode == sqlite3.ErrConstraintCheck) {
		return &RefusedError{Reason: "a value the history cannot store: " + err.Error(), Err: err}
	}
	return err
}

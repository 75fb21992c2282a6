// Package tcx decodes Garmin Training Center XML (TCX) documents into
// easyday recordings: one per Activity, with each Trackpoint as a sample and
// the laps' first and last trackpoints as the timer's bounds.
//
// It reads the XML as a token stream (trackxml: encoding/xml tokens with
// limits, no struct unmarshalling) and matches elements by local name only,
// because writers disagree on namespace prefixes (ns2:, ns3:, a default
// namespace, or none at all).
package tcx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"easyday"
	"easyday/ingest/internal/trackxml"
)

// Decode reads a TCX document and returns one easyday.Recording per Activity (multisport: per nested activity).
func Decode(data []byte) ([]easyday.Recording, error) {
	return DecodeReader(bytes.NewReader(data))
}

// DecodeReader is Decode reading from a stream: the document is never held
// whole, only the recordings it yields.
func DecodeReader(r io.Reader) ([]easyday.Recording, error) { return DecodeReaderSized(r, 0) }

// DecodeReaderSized is DecodeReader told about how many points the document
// holds (trackxml.CountElements), so that the first activity's samples are
// allocated once; 0 is unknown.
func DecodeReaderSized(r io.Reader, points int) ([]easyday.Recording, error) {
	rd, err := trackxml.NewReader(r, "TCX", "TrainingCenterDatabase")
	if err != nil {
		return nil, err
	}
	p := parser{Reader: rd, kept: trackxml.SampleCap{Max: maxRecords, Hint: points}}
	if err := rd.Run(&p); err != nil {
		return nil, err
	}
	if len(p.recs) > 0 {
		return p.recs, nil
	}
	switch {
	case p.hasCourse:
		return nil, fmt.Errorf("%w: TCX course", easyday.ErrNotActivity)
	case p.hasWorkout:
		return nil, fmt.Errorf("%w: TCX workout", easyday.ErrNotActivity)
	}
	return nil, errors.New("TCX has no activities")
}

// maxRecords is the most samples kept per activity (easyday.MaxRecords);
// tests lower it.
var maxRecords = easyday.MaxRecords

// parser handles the elements of the token stream. Depths are 1-based
// positions in the reader's stack; 0 means "not inside".
type parser struct {
	*trackxml.Reader
	kept trackxml.SampleCap // samples of the current activity

	hasCourse, hasWorkout bool // root-level Courses/Course, Workouts/Workout

	recs []easyday.Recording

	actDepth, lapDepth, tpDepth, extDepth int

	rec       *easyday.Recording
	laps      int           // laps seen in the current activity
	runs      trackxml.Runs // the laps: the timer runs over each one's kept trackpoints
	timerS    *float64      // sum of laps' TotalTimeSeconds
	distanceM *float64      // sum of laps' DistanceMeters
	noTime    int           // trackpoints dropped for want of a usable time
	zoneless  bool          // some times carried no UTC offset

	tp     easyday.Sample
	tpTime bool // the trackpoint has a usable time
}

// start handles an opening tag; the element is already on the stack.
func (p *parser) Start(t xml.StartElement) {
	depth := p.Depth()
	local := t.Name.Local
	if depth == 3 {
		// Folders also holds Courses and Workouts, but only as references.
		switch {
		case local == "Course" && p.Parent() == "Courses":
			p.hasCourse = true
		case local == "Workout" && p.Parent() == "Workouts":
			p.hasWorkout = true
		}
	}
	switch {
	case p.actDepth == 0:
		if local == "Activity" && inActivities(p.Stack()) {
			p.beginActivity(t, depth)
		}
	case p.lapDepth == 0:
		if local == "Lap" && depth == p.actDepth+1 {
			p.beginLap(t, depth)
		}
	case p.tpDepth == 0:
		if local == "Trackpoint" {
			p.tpDepth = depth
			p.tp = easyday.Sample{Power: easyday.Missing, Distance: easyday.Missing, Speed: easyday.Missing, Altitude: easyday.Missing}
			p.tpTime = false
		}
	case p.extDepth == 0:
		if local == "Extensions" && depth == p.tpDepth+1 {
			p.extDepth = depth
		}
	}
}

// inActivities reports whether the innermost element (an Activity) sits
// where TCX puts activities: under Activities, or under FirstSport or
// NextSport of a MultiSportSession.
func inActivities(stack []xml.Name) bool {
	if len(stack) < 2 {
		return false
	}
	switch stack[len(stack)-2].Local {
	case "Activities", "FirstSport", "NextSport":
		return true
	}
	return false
}

func (p *parser) beginActivity(t xml.StartElement, depth int) {
	p.actDepth = depth
	sport, sub := sportOf(attr(t, "Sport"))
	p.recs = append(p.recs, easyday.Recording{Format: easyday.FormatTCX, Sport: sport, SubSport: sub, Samples: p.kept.Samples()})
	p.rec = &p.recs[len(p.recs)-1]
	p.laps, p.runs, p.timerS, p.distanceM = 0, trackxml.Runs{}, nil, nil
	p.noTime, p.zoneless = 0, false
}

func (p *parser) beginLap(t xml.StartElement, depth int) {
	p.lapDepth = depth
	p.runs.Begin(len(p.rec.Samples))
	if p.laps == 0 {
		if s, ok := attrPresent(t, "StartTime"); ok {
			if tm, zoned, ok := trackxml.ParseTime([]byte(s)); ok {
				p.rec.Start = tm
				p.zoneless = p.zoneless || !zoned
			}
		}
	}
	p.laps++
}

// end handles a closing tag; the element is still on the stack.
func (p *parser) End(local string) {
	depth := p.Depth()
	switch {
	case p.tpDepth > 0:
		p.endInTrackpoint(local, depth)
	case p.lapDepth > 0 && depth == p.lapDepth+1:
		switch local {
		case "TotalTimeSeconds":
			if v, ok := p.Number(); ok && v >= 0 {
				p.timerS = addTo(p.timerS, v)
			}
		case "DistanceMeters":
			if v, ok := p.Number(); ok && v >= 0 {
				p.distanceM = addTo(p.distanceM, v)
			}
		}
	case p.lapDepth > 0 && depth == p.lapDepth:
		p.lapDepth = 0
	case p.actDepth > 0 && depth == p.actDepth:
		p.endActivity()
	}
}

func (p *parser) endInTrackpoint(local string, depth int) {
	switch {
	case depth == p.tpDepth:
		p.endTrackpoint()
	case depth == p.extDepth:
		p.extDepth = 0
	case p.extDepth > 0:
		// Extension values sit at any depth: TPX/Speed, ns3:TPX/ns3:Watts, or
		// a bare Watts.
		switch local {
		case "Speed":
			if v, ok := p.Number(); ok && v >= 0 {
				p.tp.Speed = v
			}
		case "Watts":
			p.tp.Power = p.Power()
		}
	case depth == p.tpDepth+1:
		switch local {
		case "Time":
			text, ok := p.Text()
			if !ok {
				return
			}
			if tm, zoned, ok := trackxml.ParseTime(text); ok {
				p.tp.Time, p.tpTime = easyday.InstantOf(tm), true
				p.zoneless = p.zoneless || !zoned
			}
		case "DistanceMeters":
			if v, ok := p.Number(); ok && v >= 0 {
				p.tp.Distance = v
			}
		case "AltitudeMeters":
			if v, ok := p.Number(); ok {
				p.tp.Altitude = v
			}
		case "HeartRateBpm":
			// Some writers put the number directly in HeartRateBpm.
			if p.tp.HR == 0 {
				p.tp.HR = p.HeartRate()
			}
		}
	case depth == p.tpDepth+2 && local == "Value" && p.Parent() == "HeartRateBpm":
		p.tp.HR = p.HeartRate()
	}
}

func (p *parser) endTrackpoint() {
	p.tpDepth, p.extDepth = 0, 0
	if !p.tpTime {
		p.noTime++
		return
	}
	if p.kept.Keep() {
		p.rec.Samples = append(p.rec.Samples, p.tp)
	} else {
		p.runs.Past(p.tp.Time.Time())
	}
}

// endActivity completes the current recording from what its laps said.
func (p *parser) endActivity() {
	r := p.rec
	r.TimerS, r.DistanceM = p.timerS, p.distanceM
	spans := p.runs.Spans(r.Samples, easyday.KeptClock(r.Samples))
	r.HasEvents = len(spans) > 0
	r.Events = trackxml.TimerEvents(spans)
	switch {
	case p.noTime == 1:
		r.Warnings = append(r.Warnings, easyday.Warning{Code: easyday.WarningUntimedPoints, Text: "dropped 1 trackpoint without a usable time"})
	case p.noTime > 1:
		r.Warnings = append(r.Warnings, easyday.Warnf(easyday.WarningUntimedPoints, "dropped %d trackpoints without a usable time", p.noTime))
	}
	if p.zoneless {
		r.Warnings = append(r.Warnings, trackxml.ZonelessWarning)
	}
	if len(r.Samples) == 0 {
		r.Warnings = append(r.Warnings, easyday.Warning{Code: easyday.WarningNoTrackpoints, Text: "activity has no trackpoints"})
	}
	if w, ok := p.kept.End(); ok {
		r.Warnings = append(r.Warnings, w)
	}
	p.actDepth, p.lapDepth, p.tpDepth, p.extDepth = 0, 0, 0, 0
	p.rec = nil
}

func addTo(sum *float64, v float64) *float64 {
	if sum == nil {
		return &v
	}
	s := *sum + v
	return &s
}

func attr(t xml.StartElement, local string) string {
	v, _ := attrPresent(t, local)
	return v
}

func attrPresent(t xml.StartElement, local string) (string, bool) {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// sportOf maps TCX's Sport attribute (Running, Biking, Other; some writers
// use lower case or a FIT-like name) to an easyday sport.
func sportOf(s string) (easyday.Sport, string) {
	if sport, sub, ok := trackxml.LookupSport(s); ok {
		return sport, sub
	}
	return easyday.Generic, ""
}

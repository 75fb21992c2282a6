// Package gpx decodes GPS Exchange Format (GPX 1.0 and 1.1) documents into
// easyday recordings: one per track (trk) whose points carry times, each
// trkpt a sample and each trkseg a run of the timer.
//
// Heart rate, power and speed come from the point's extensions, matched by
// local name whatever the namespace prefix: Garmin's TrackPointExtension v1
// and v2 (hr, speed), Strava's bare power element and Garmin's
// PowerExtension (PowerInWatts). Cadence is passed over, as the FIT and TCX
// decoders do: no metric uses it. Altitude comes from ele. Distance is not
// in a GPX; it is summed from the positions (docs/metrics.md §1.1). A GPX has no
// time zone: recordings carry no UTC offset, so the local day comes from
// the configured zone.
//
// Like the TCX decoder it reads the XML as a token stream with limits
// (ingest/internal/trackxml).
package gpx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"easyday"
	"easyday/ingest/internal/trackxml"
)

// Decode reads a GPX document and returns one easyday.Recording per track
// with timed points.
func Decode(data []byte) ([]easyday.Recording, error) {
	return DecodeReader(bytes.NewReader(data))
}

// DecodeReader is Decode reading from a stream: the document is never held
// whole, only the recordings it yields.
func DecodeReader(r io.Reader) ([]easyday.Recording, error) { return DecodeReaderSized(r, 0) }

// DecodeReaderSized is DecodeReader told about how many points the document
// holds (trackxml.CountElements), so that the first track's samples are
// allocated once; 0 is unknown.
func DecodeReaderSized(r io.Reader, points int) ([]easyday.Recording, error) {
	rd, err := trackxml.NewReader(r, "GPX", "gpx")
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
	if p.routes > 0 || p.tracks > 0 {
		// A planned route, or a track drawn on a map: where, never when.
		return nil, fmt.Errorf("%w: GPX route: no times", easyday.ErrNotActivity)
	}
	return nil, fmt.Errorf("%w: GPX without a track", easyday.ErrNotActivity)
}

// earthRadius is the mean Earth radius, R1 of the IUGG (Moritz, Geodetic
// Reference System 1980), the radius docs/metrics.md §1.1 gives for haversine.
const earthRadius = 6_371_008.8 // metres

// haversine is the great-circle distance in metres between two positions
// in degrees.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	φ1, φ2 := lat1*rad, lat2*rad
	dφ, dλ := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * earthRadius * math.Asin(math.Sqrt(min(1, h)))
}

// maxRecords is the most samples kept per track (easyday.MaxRecords); tests
// lower it.
var maxRecords = easyday.MaxRecords

// parser handles the elements of the token stream. Depths are 1-based
// positions in the reader's stack; 0 means "not inside".
type parser struct {
	*trackxml.Reader
	kept trackxml.SampleCap // samples of the current track

	recs           []easyday.Recording
	routes, tracks int // rte and trk elements seen

	trkDepth, segDepth, ptDepth, extDepth int

	// The current track.
	samples   []easyday.Sample
	positions []position    // each kept sample's place, for its distance
	runs      trackxml.Runs // the trksegs: the timer runs over each one's kept points
	rawType   string        // <trk><type> as written
	noTime    int           // points dropped for want of a usable time
	zoneless  bool          // some times carried no UTC offset

	// The current trkpt.
	pt     easyday.Sample
	ptTime bool
	pos    position
}

// position is a point's place in degrees; NaN when it had none usable.
type position struct{ lat, lon float64 }

// noPosition is the place of a point without one.
var noPosition = position{math.NaN(), math.NaN()}

func (p position) ok() bool { return !math.IsNaN(p.lat) }

// Start handles an opening tag; the element is already on the stack.
func (p *parser) Start(t xml.StartElement) {
	depth := p.Depth()
	local := t.Name.Local
	switch {
	case depth == 2:
		switch local {
		case "trk":
			p.beginTrack(depth)
		case "rte":
			p.routes++
		}
	case p.trkDepth == 0:
	case p.segDepth == 0:
		if local == "trkseg" && depth == p.trkDepth+1 {
			p.segDepth = depth
			p.runs.Begin(len(p.samples))
		}
	case p.ptDepth == 0:
		if local == "trkpt" && depth == p.segDepth+1 {
			p.ptDepth = depth
			p.pt = easyday.Sample{Power: easyday.Missing, Distance: easyday.Missing, Speed: easyday.Missing, Altitude: easyday.Missing}
			p.ptTime = false
			p.pos = positionOf(t)
		}
	case p.extDepth == 0:
		if local == "extensions" && depth == p.ptDepth+1 {
			p.extDepth = depth
		}
	}
}

func (p *parser) beginTrack(depth int) {
	p.tracks++
	p.trkDepth = depth
	p.samples, p.runs, p.rawType = p.kept.Samples(), trackxml.Runs{}, ""
	p.positions = make([]position, 0, cap(p.samples))
	p.noTime, p.zoneless = 0, false
}

// positionOf reads a trkpt's lat and lon attributes.
func positionOf(t xml.StartElement) position {
	pos := noPosition
	var hasLat, hasLon bool
	for _, a := range t.Attr {
		v, err := strconv.ParseFloat(strings.TrimSpace(a.Value), 64)
		if err != nil {
			continue
		}
		switch a.Name.Local {
		case "lat":
			pos.lat, hasLat = v, v >= -90 && v <= 90
		case "lon":
			pos.lon, hasLon = v, v >= -180 && v <= 180
		}
	}
	if !hasLat || !hasLon {
		return noPosition
	}
	return pos
}

// End handles a closing tag; the element is still on the stack.
func (p *parser) End(local string) {
	depth := p.Depth()
	switch {
	case p.ptDepth > 0:
		p.endInPoint(local, depth)
	case p.segDepth > 0 && depth == p.segDepth:
		p.segDepth = 0
	case p.trkDepth > 0 && depth == p.trkDepth+1 && local == "type":
		if text, ok := p.Text(); ok {
			p.rawType = strings.TrimSpace(string(text))
		}
	case p.trkDepth > 0 && depth == p.trkDepth:
		p.endTrack()
	}
}

func (p *parser) endInPoint(local string, depth int) {
	switch {
	case depth == p.ptDepth:
		p.endPoint()
	case depth == p.extDepth:
		p.extDepth = 0
	case p.extDepth > 0:
		// Extension values sit at any depth: gpxtpx:TrackPointExtension/
		// gpxtpx:hr, ns3:TrackPointExtension/ns3:hr, a bare power.
		switch local {
		case "hr", "heartrate":
			if bpm := p.HeartRate(); bpm > 0 {
				p.pt.HR = bpm
			}
		case "power", "PowerInWatts":
			if w := p.Power(); w != easyday.Missing {
				p.pt.Power = w
			}
		case "speed":
			if v, ok := p.Number(); ok && v >= 0 {
				p.pt.Speed = v
			}
		}
	case depth == p.ptDepth+1:
		switch local {
		case "time":
			text, ok := p.Text()
			if !ok {
				return
			}
			if tm, zoned, ok := trackxml.ParseTime(text); ok {
				p.pt.Time, p.ptTime = easyday.InstantOf(tm), true
				p.zoneless = p.zoneless || !zoned
			}
		case "ele":
			if v, ok := p.Number(); ok {
				p.pt.Altitude = v
			}
		case "speed": // GPX 1.0
			if v, ok := p.Number(); ok && v >= 0 {
				p.pt.Speed = v
			}
		}
	}
}

func (p *parser) endPoint() {
	p.ptDepth, p.extDepth = 0, 0
	if !p.ptTime {
		p.noTime++
		return
	}
	if p.kept.Keep() {
		p.samples = append(p.samples, p.pt)
		p.positions = append(p.positions, p.pos)
	} else {
		p.runs.Past(p.pt.Time.Time())
	}
}

// endTrack completes a track: a recording when any point had a time.
func (p *parser) endTrack() {
	p.trkDepth, p.segDepth, p.ptDepth, p.extDepth = 0, 0, 0, 0
	if len(p.samples) == 0 {
		return
	}
	r := easyday.Recording{Format: easyday.FormatGPX, Samples: p.samples}
	r.Sport, r.SubSport = sportOf(p.rawType)
	clk := easyday.KeptClock(p.samples)
	addDistances(p.samples, p.positions, p.runs.Starts(), clk, r.Sport.SpeedCeiling())
	p.positions = nil
	spans := p.runs.Spans(p.samples, clk)
	r.HasEvents = len(spans) > 0
	r.Events = trackxml.TimerEvents(spans)
	switch {
	case p.noTime == 1:
		r.Warnings = append(r.Warnings, easyday.Warning{Code: easyday.WarningUntimedPoints, Text: "dropped 1 track point without a usable time"})
	case p.noTime > 1:
		r.Warnings = append(r.Warnings, easyday.Warnf(easyday.WarningUntimedPoints, "dropped %d track points without a usable time", p.noTime))
	}
	if p.zoneless {
		r.Warnings = append(r.Warnings, trackxml.ZonelessWarning)
	}
	if w, ok := p.kept.End(); ok {
		r.Warnings = append(r.Warnings, w)
	}
	p.recs = append(p.recs, r)
	p.samples, p.runs = nil, trackxml.Runs{}
}

// addDistances sets the cumulative distance of the samples that
// docs/metrics.md §1.3 keeps (easyday.KeptOrder, over the kept clock span
// clk), as §1.1 defines it for a GPX: the sum of the great-circle steps
// between consecutive kept points with a position. A step with no time
// between its points, or faster than ceiling (m/s, the sport's
// easyday.Sport.SpeedCeiling), is a position fault and adds nothing; the
// next step starts from its far point, so that one wild fix costs the two
// steps around it, never the rest of the track. A step from one trkseg to
// the next adds nothing either: the timer was stopped between them, and a
// watch counts no distance while paused. runs holds the index of each
// trkseg's first sample. A point without a position, or one that is not
// kept, has no distance; a point merged into an earlier one at its
// timestamp keeps none of its own, as that one's distance stands.
func addDistances(samples []easyday.Sample, pos []position, runs []int, clk easyday.ClockSpan, ceiling float64) {
	var (
		prev     position
		prevT    easyday.Instant
		prevRun  = -1 // the trkseg of prev; -1 before the first point
		run      int
		distance float64
	)
	o := easyday.NewKeptOrder(samples, clk)
	for i, _, ok := o.Next(); ok; i, _, ok = o.Next() {
		for run+1 < len(runs) && runs[run+1] <= i {
			run++
		}
		at, t := pos[i], samples[i].Time
		if !at.ok() || prevRun >= 0 && t == prevT {
			continue
		}
		if prevRun == run {
			step := haversine(prev.lat, prev.lon, at.lat, at.lon)
			if step <= ceiling*t.Sub(prevT).Seconds() {
				distance += step
			}
		}
		samples[i].Distance = distance
		prev, prevT, prevRun = at, t, run
	}
}

// sportOf maps a track's type (Garmin Connect's and Strava's names, Strava's
// numeric codes) to an easyday sport; an unknown type is generic, with the
// value as written kept as the sub-sport so that nothing is lost.
func sportOf(raw string) (easyday.Sport, string) {
	if raw == "" {
		return easyday.Generic, ""
	}
	if sport, sub, ok := trackxml.LookupSport(raw); ok {
		return sport, sub
	}
	return easyday.Generic, trackxml.Clip(raw)
}

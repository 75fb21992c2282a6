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
	samples  []easyday.Sample
	spans    []trackxml.Span // each trkseg's first to last point time
	rawType  string          // <trk><type> as written
	noTime   int             // points dropped for want of a usable time
	zoneless bool            // some times carried no UTC offset
	dist     float64         // metres covered so far in the track

	// The current trkseg.
	seg        trackxml.Span
	segHasTime bool
	prev       position // the segment's previous positioned point

	// The current trkpt.
	pt     easyday.Sample
	ptTime bool
	pos    position
}

// position is a point's place; ok is false when it had none usable.
type position struct {
	lat, lon float64
	ok       bool
}

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
			p.segHasTime, p.prev = false, position{}
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
	p.samples, p.spans, p.rawType = p.kept.Samples(), nil, ""
	p.noTime, p.zoneless, p.dist = 0, false, 0
}

// positionOf reads a trkpt's lat and lon attributes.
func positionOf(t xml.StartElement) position {
	var pos position
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
	pos.ok = hasLat && hasLon
	return pos
}

// End handles a closing tag; the element is still on the stack.
func (p *parser) End(local string) {
	depth := p.Depth()
	switch {
	case p.ptDepth > 0:
		p.endInPoint(local, depth)
	case p.segDepth > 0 && depth == p.segDepth:
		if p.segHasTime {
			p.spans = append(p.spans, p.seg)
		}
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
				p.pt.Time, p.ptTime = tm, true
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
	// Distance adds up within a segment only: between two segments the
	// timer was stopped, and a watch counts no distance while paused.
	if p.pos.ok {
		if p.prev.ok {
			p.dist += haversine(p.prev.lat, p.prev.lon, p.pos.lat, p.pos.lon)
		}
		p.pt.Distance = p.dist
		p.prev = p.pos
	}
	if p.kept.Keep() {
		p.samples = append(p.samples, p.pt)
	}
	p.seg.Add(p.pt.Time, p.segHasTime)
	p.segHasTime = true
}

// endTrack completes a track: a recording when any point had a time.
func (p *parser) endTrack() {
	p.trkDepth, p.segDepth, p.ptDepth, p.extDepth = 0, 0, 0, 0
	if len(p.samples) == 0 {
		return
	}
	r := easyday.Recording{Format: easyday.FormatGPX, Samples: p.samples}
	r.Sport, r.SubSport = sportOf(p.rawType)
	r.HasEvents = len(p.spans) > 0
	r.Events = trackxml.TimerEvents(p.spans)
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
	p.samples, p.spans = nil, nil
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

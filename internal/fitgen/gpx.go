package fitgen

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"
)

// GPXPoint is one trkpt (or rtept) of a synthetic GPX file.
type GPXPoint struct {
	Offset   time.Duration // from GPX.Start; sub-second offsets are written with milliseconds
	NoTime   bool          // write no <time> (a planned route, a point the device lost)
	Lat, Lon float64       // degrees
	Ele      float64       // metres, written when HasEle
	HasEle   bool
	HR       int // bpm into the TrackPointExtension; 0 writes none
	Cad      int // rpm into the TrackPointExtension; 0 writes none
	Power    int // watts as Strava's bare <power>; easyday.Missing (or any negative) writes none
	Speed    float64
	HasSpeed bool // write <speed> into a v2 TrackPointExtension
}

// GPXTrack is one trk: a type and segments of points.
type GPXTrack struct {
	Name     string
	Type     string // written as <type> when not empty: "running", Strava's "9", ...
	Segments [][]GPXPoint
}

// GPX describes a GPX 1.1 file.
type GPX struct {
	Creator string
	Start   time.Time      // UTC instant of offset 0
	Zone    *time.Location // times are written in this zone with their offset; nil: UTC with Z
	// TPX is the TrackPointExtension version written for heart rate and
	// cadence, 1 or 2 (Garmin's v1 and v2 schemas), with TPXPrefix as its
	// namespace prefix ("gpxtpx" as Garmin Connect and Strava write, "ns3").
	TPX       int
	TPXPrefix string
	// RootPrefix writes the root and GPX elements with a namespace prefix
	// ("g:gpx") instead of the default namespace.
	RootPrefix string
	BOM        bool   // start with a UTF-8 byte-order mark
	Leading    string // written before the XML declaration (blank lines)
	Tracks     []GPXTrack
	Routes     [][]GPXPoint // rte elements; their points are written without times
}

// Namespaces of the schemas written.
const (
	gpxNS   = "http://www.topografix.com/GPX/1/1"
	tpxV1NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
	tpxV2NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
)

// BuildGPX encodes g as a GPX 1.1 document.
func BuildGPX(g GPX) []byte {
	var buf bytes.Buffer
	_ = WriteGPX(&buf, g) // a bytes.Buffer never fails
	return buf.Bytes()
}

// WriteGPX writes g as a GPX 1.1 document to w, point by point, so that a
// large file never has to be held in memory.
func WriteGPX(w io.Writer, g GPX) error {
	bw := bufio.NewWriter(w)
	e := gpxWriter{w: bw, g: g}
	e.document()
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

type gpxWriter struct {
	w   *bufio.Writer
	g   GPX
	err error
}

func (e *gpxWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// el is a GPX element name with the root prefix.
func (e *gpxWriter) el(local string) string {
	if e.g.RootPrefix == "" {
		return local
	}
	return e.g.RootPrefix + ":" + local
}

func (e *gpxWriter) document() {
	g := e.g
	if g.BOM {
		e.printf("\xEF\xBB\xBF")
	}
	e.printf("%s<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", g.Leading)
	ns := fmt.Sprintf(`xmlns=%q`, gpxNS)
	if g.RootPrefix != "" {
		ns = fmt.Sprintf(`xmlns:%s=%q`, g.RootPrefix, gpxNS)
	}
	if g.TPX != 0 {
		uri := tpxV1NS
		if g.TPX == 2 {
			uri = tpxV2NS
		}
		ns += fmt.Sprintf(` xmlns:%s=%q`, g.TPXPrefix, uri)
	}
	e.printf("<%s creator=%q version=\"1.1\" %s>\n", e.el("gpx"), g.Creator, ns)
	e.printf(" <%s><%s>%s</%s></%s>\n", e.el("metadata"), e.el("time"), e.time(0), e.el("time"), e.el("metadata"))
	for _, r := range g.Routes {
		e.printf(" <%s>\n", e.el("rte"))
		for _, p := range r {
			p.NoTime = true
			e.point("rtept", p, "  ")
		}
		e.printf(" </%s>\n", e.el("rte"))
	}
	for _, t := range g.Tracks {
		e.printf(" <%s>\n", e.el("trk"))
		if t.Name != "" {
			e.printf("  <%s>%s</%s>\n", e.el("name"), t.Name, e.el("name"))
		}
		if t.Type != "" {
			e.printf("  <%s>%s</%s>\n", e.el("type"), t.Type, e.el("type"))
		}
		for _, seg := range t.Segments {
			e.printf("  <%s>\n", e.el("trkseg"))
			for _, p := range seg {
				e.point("trkpt", p, "   ")
			}
			e.printf("  </%s>\n", e.el("trkseg"))
		}
		e.printf(" </%s>\n", e.el("trk"))
	}
	e.printf("</%s>\n", e.el("gpx"))
}

func (e *gpxWriter) time(off time.Duration) string {
	t := e.g.Start.Add(off)
	if e.g.Zone != nil {
		t = t.In(e.g.Zone)
	} else {
		t = t.UTC()
	}
	if off%time.Second != 0 {
		return t.Format("2006-01-02T15:04:05.000Z07:00")
	}
	return t.Format(time.RFC3339)
}

func (e *gpxWriter) point(name string, p GPXPoint, indent string) {
	e.printf("%s<%s lat=\"%s\" lon=\"%s\">", indent, e.el(name), coord(p.Lat), coord(p.Lon))
	if p.HasEle {
		e.printf("<%s>%s</%s>", e.el("ele"), strconv.FormatFloat(p.Ele, 'f', -1, 64), e.el("ele"))
	}
	if !p.NoTime {
		e.printf("<%s>%s</%s>", e.el("time"), e.time(p.Offset), e.el("time"))
	}
	tpx := e.g.TPX != 0 && (p.HR > 0 || p.Cad > 0 || p.HasSpeed && e.g.TPX == 2)
	if p.Power >= 0 || tpx {
		e.printf("<%s>", e.el("extensions"))
		if p.Power >= 0 {
			e.printf("<power>%d</power>", p.Power)
		}
		if tpx {
			x := e.g.TPXPrefix
			e.printf("<%s:TrackPointExtension>", x)
			if p.HR > 0 {
				e.printf("<%s:hr>%d</%s:hr>", x, p.HR, x)
			}
			if p.Cad > 0 {
				e.printf("<%s:cad>%d</%s:cad>", x, p.Cad, x)
			}
			if p.HasSpeed && e.g.TPX == 2 {
				e.printf("<%s:speed>%s</%s:speed>", x, strconv.FormatFloat(p.Speed, 'f', -1, 64), x)
			}
			e.printf("</%s:TrackPointExtension>", x)
		}
		e.printf("</%s>", e.el("extensions"))
	}
	e.printf("</%s>\n", e.el(name))
}

// coord writes a latitude or longitude with 7 decimals (about 1 cm), as
// Garmin Connect and Strava do.
func coord(v float64) string { return strconv.FormatFloat(v, 'f', 7, 64) }

// metresPerDegree is the length of one degree of latitude on the sphere
// the GPX decoder measures on (docs/metrics.md §1.1, R = 6,371,008.8 m), so a
// track heading due north covers exactly the distance asked for.
const metresPerDegree = 6_371_008.8 * 3.141592653589793 / 180

// North returns n points one step apart heading due north from (lat, lon)
// at speed m/s: offset i·step, latitude advanced by speed·i·step metres.
func North(lat, lon float64, from time.Duration, n int, step time.Duration, speed float64) []GPXPoint {
	pts := make([]GPXPoint, n)
	for i := range pts {
		off := from + time.Duration(i)*step
		pts[i] = GPXPoint{Offset: off, Lat: lat + speed*(off-from).Seconds()/metresPerDegree, Lon: lon, Power: -1}
	}
	return pts
}

// gpxFixtures writes one small GPX file per quirk the decoder handles, all
// starting on 2026-05-10 or later (one day per file, so that no two are the
// same activity), points heading due north from 51.5° N 0.1° W:
//
//	gpx/garmin-v1.gpx            Garmin Connect: type running, gpxtpx: TrackPointExtension
//	                             v1 with hr and cad, ele; 5 points 1 s apart at 3 m/s
//	gpx/garmin-v2.gpx            type cycling, TrackPointExtension v2 under the prefix ns3
//	                             with hr, cad and speed; 5 points at 8 m/s
//	gpx/prefixes.gpx             the GPX namespace under the prefix g:, the extension
//	                             under tp:, type trail_running
//	gpx/bom-and-whitespace.gpx   a byte-order mark and blank lines before the
//	                             declaration; no type, no extensions
//	gpx/strava-power.gpx         StravaGPX: type cycling, bare <power> (200, 0, none, 250)
//	                             beside gpxtpx:hr
//	gpx/strava-numeric-type.gpx  StravaGPX: <type>9</type> (a run)
//	gpx/unknown-type.gpx         <type>Quidditch</type>
//	gpx/two-segments-pause.gpx   a run in two trksegs: 0–120 s, then 300–360 s, 100 m
//	                             further north (walked while paused)
//	gpx/missing-times.gpx        4 points, the 2nd and 3rd without a time
//	gpx/offset-times.gpx         times written in UTC+02:00 with their offset
//	gpx/two-tracks.gpx           two trk: a run, then a walk an hour later
//	gpx/route-no-times.gpx       a planned route (rte), no times
//	gpx/track-no-times.gpx       a track drawn on a map: trkpts without times
//	gpx/truncated.gpx            garmin-v1.gpx cut in half: malformed XML
func gpxFixtures(files map[string][]byte) error {
	day := func(n int) time.Time { return time.Date(2026, 5, 10+n, 7, 0, 0, 0, time.UTC) }
	const lat, lon = 51.5, -0.1
	withEle := func(pts []GPXPoint, from, step float64) []GPXPoint {
		for i := range pts {
			pts[i].Ele, pts[i].HasEle = from+step*float64(i), true
		}
		return pts
	}
	withHR := func(pts []GPXPoint, from, cad int) []GPXPoint {
		for i := range pts {
			pts[i].HR, pts[i].Cad = from+i, cad
		}
		return pts
	}
	track := func(typ string, segs ...[]GPXPoint) []GPXTrack {
		return []GPXTrack{{Name: "Morning", Type: typ, Segments: segs}}
	}

	v1 := BuildGPX(GPX{Creator: "Garmin Connect", Start: day(0), TPX: 1, TPXPrefix: "gpxtpx",
		Tracks: track("running", withHR(withEle(North(lat, lon, 0, 5, time.Second, 3), 10, 0.5), 120, 80))})
	files["gpx/garmin-v1.gpx"] = v1
	files["gpx/truncated.gpx"] = v1[:len(v1)/2]

	v2 := withHR(withEle(North(lat, lon, 0, 5, time.Second, 8), 30, -1.25), 130, 90)
	for i := range v2 {
		v2[i].Speed, v2[i].HasSpeed = 8, true
	}
	files["gpx/garmin-v2.gpx"] = BuildGPX(GPX{Creator: "Garmin Connect", Start: day(1), TPX: 2, TPXPrefix: "ns3",
		Tracks: track("cycling", v2)})

	files["gpx/prefixes.gpx"] = BuildGPX(GPX{Creator: "easyday fixture", Start: day(2), TPX: 1, TPXPrefix: "tp", RootPrefix: "g",
		Tracks: track("trail_running", withHR(North(lat, lon, 0, 3, time.Second, 2.5), 140, 0))})

	files["gpx/bom-and-whitespace.gpx"] = BuildGPX(GPX{Creator: "easyday fixture", Start: day(3), BOM: true, Leading: "\n\n  ",
		Tracks: track("", North(lat, lon, 0, 3, time.Second, 1.5))})

	power := withHR(North(lat, lon, 0, 4, time.Second, 9), 150, 0)
	for i, w := range []int{200, 0, -1, 250} {
		power[i].Power = w
	}
	files["gpx/strava-power.gpx"] = BuildGPX(GPX{Creator: "StravaGPX", Start: day(4), TPX: 1, TPXPrefix: "gpxtpx",
		Tracks: track("cycling", power)})

	files["gpx/strava-numeric-type.gpx"] = BuildGPX(GPX{Creator: "StravaGPX Android", Start: day(5), TPX: 1, TPXPrefix: "gpxtpx",
		Tracks: track("9", withHR(North(lat, lon, 0, 3, 2*time.Second, 3.2), 145, 88))})

	files["gpx/unknown-type.gpx"] = BuildGPX(GPX{Creator: "easyday fixture", Start: day(6),
		Tracks: track("Quidditch", North(lat, lon, 0, 3, time.Second, 4))})

	seg1 := withHR(North(lat, lon, 0, 3, time.Minute, 3), 140, 0)
	seg2 := withHR(North(lat+(360+100)/metresPerDegree, lon, 300*time.Second, 2, time.Minute, 3), 150, 0)
	files["gpx/two-segments-pause.gpx"] = BuildGPX(GPX{Creator: "easyday fixture", Start: day(7), TPX: 1, TPXPrefix: "gpxtpx",
		Tracks: track("running", seg1, seg2)})

	missing := North(lat, lon, 0, 4, 10*time.Second, 2)
	missing[1].NoTime, missing[2].NoTime = true, true
	files["gpx/missing-times.gpx"] = BuildGPX(GPX{Creator: "easyday fixture", Start: day(8),
		Tracks: track("walking", missing)})

	files["gpx/offset-times.gpx"] = BuildGPX(GPX{Creator: "easyday fixture", Start: day(9), Zone: time.FixedZone("", 2*3600),
		Tracks: track("running", North(lat, lon, 0, 2, 1500*time.Millisecond, 3))})

	files["gpx/two-tracks.gpx"] = BuildGPX(GPX{Creator: "easyday fixture", Start: day(10), Tracks: []GPXTrack{
		{Type: "running", Segments: [][]GPXPoint{North(lat, lon, 0, 3, time.Second, 3)}},
		{Type: "walking", Segments: [][]GPXPoint{North(lat, lon, time.Hour, 3, time.Second, 1.2)}},
	}})

	files["gpx/route-no-times.gpx"] = BuildGPX(GPX{Creator: "easyday fixture", Start: day(11),
		Routes: [][]GPXPoint{North(lat, lon, 0, 3, time.Second, 100)}})
	untimed := North(lat, lon, 0, 3, time.Second, 100)
	for i := range untimed {
		untimed[i].NoTime = true
	}
	files["gpx/track-no-times.gpx"] = BuildGPX(GPX{Creator: "easyday fixture", Start: day(12),
		Tracks: track("running", untimed)})
	return nil
}

// GPXCopy returns the GPX a sync service writes of a FIT activity built
// from spec (Strava exports one beside the original upload): one track per
// session typed with its FIT sport name, a point per record, a new trkseg
// after each pause, positions due north of (lat, lon) by each point's
// distance, heart rate in a TrackPointExtension v1 and power as a bare
// <power>.
func GPXCopy(spec Spec, lat, lon float64) GPX {
	g := GPX{Creator: "StravaGPX", Start: spec.Start, TPX: 1, TPXPrefix: "gpxtpx"}
	for _, s := range spec.Sessions {
		t := GPXTrack{Type: s.Sport}
		var seg []GPXPoint
		pauses := spec.Pauses
		for _, p := range s.Points {
			if len(pauses) > 0 && p.Offset >= pauses[0].At {
				if len(seg) > 0 {
					t.Segments = append(t.Segments, seg)
				}
				seg = nil
				for len(pauses) > 0 && p.Offset >= pauses[0].At {
					pauses = pauses[1:]
				}
			}
			gp := GPXPoint{Offset: p.Offset, Lat: lat, Lon: lon, Power: p.Power}
			if p.Distance >= 0 {
				gp.Lat = lat + p.Distance/metresPerDegree
			}
			if p.HR > 0 && p.HR < 255 {
				gp.HR = p.HR
			}
			seg = append(seg, gp)
		}
		if len(seg) > 0 {
			t.Segments = append(t.Segments, seg)
		}
		g.Tracks = append(g.Tracks, t)
	}
	return g
}

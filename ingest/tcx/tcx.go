// Package tcx decodes Garmin Training Center XML (TCX) documents into
// easyday recordings: one per Activity, with each Trackpoint as a sample and
// the laps' first and last trackpoints as the timer's bounds.
//
// It reads the XML as a token stream (encoding/xml, no struct unmarshalling)
// and matches elements by local name only, because writers disagree on
// namespace prefixes (ns2:, ns3:, a default namespace, or none at all).
package tcx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"easyday"
)

// maxDepth bounds element nesting. Real TCX files nest about ten deep; a
// limit keeps a hostile file from growing the decoder's stacks without end.
const maxDepth = 256

// maxText bounds the text kept for one element. Every value read here (a
// time, a number) is far shorter; a longer text is unusable, not truncated.
const maxText = 128

// Decode reads a TCX document and returns one easyday.Recording per Activity (multisport: per nested activity).
func Decode(data []byte) ([]easyday.Recording, error) {
	data, err := normalize(data)
	if err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charsetReader
	p := parser{dec: d}
	if err := p.run(); err != nil {
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

// normalize strips what some writers put before the XML declaration (a
// UTF-8 byte-order mark, spaces: both make strict parsers reject the file)
// and turns UTF-16 into UTF-8, which encoding/xml cannot read.
func normalize(data []byte) ([]byte, error) {
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		data = fromUTF16(data)
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 {
		return nil, errors.New("not a TCX file: it is empty")
	}
	return data, nil
}

// fromUTF16 converts UTF-16 with a byte-order mark to UTF-8.
func fromUTF16(data []byte) []byte {
	big := data[0] == 0xFE
	data = data[2:]
	units := make([]uint16, len(data)/2)
	for i := range units {
		if big {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return []byte(string(utf16.Decode(units)))
}

// charsetReader lets encoding/xml read the single-byte encodings older
// Windows tools declare. Bytes above 0x7F become the Latin-1 code point of
// the same value: windows-1252's few extra symbols come out wrong, but they
// can only occur in names and notes, never in a value read here.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii":
		return latin1Reader{r: input}, nil
	case "utf-16", "utf-16le", "utf-16be", "utf16":
		// normalize already converted the bytes to UTF-8.
		return input, nil
	}
	return nil, fmt.Errorf("unsupported character encoding %q", charset)
}

// latin1Reader converts ISO-8859-1 bytes to UTF-8.
type latin1Reader struct{ r io.Reader }

func (l latin1Reader) Read(p []byte) (int, error) {
	if len(p) < 2 {
		return 0, io.ErrShortBuffer
	}
	// Each input byte becomes at most two output bytes.
	in := make([]byte, len(p)/2)
	m, err := l.r.Read(in)
	out := p[:0]
	for _, b := range in[:m] {
		if b < 0x80 {
			out = append(out, b)
		} else {
			out = append(out, 0xC0|b>>6, 0x80|b&0x3F)
		}
	}
	return len(out), err
}

// parser walks the token stream. Depths are 1-based positions in stack; 0
// means "not inside".
type parser struct {
	dec   *xml.Decoder
	stack []xml.Name // open elements; Space is the prefix as written
	text  []byte     // character data of the innermost element so far
	long  bool       // text overflowed maxText

	hasCourse, hasWorkout bool // root-level Courses/Course, Workouts/Workout

	recs []easyday.Recording

	actDepth, lapDepth, tpDepth, extDepth int

	rec        *easyday.Recording
	laps       int      // laps seen in the current activity
	spans      []span   // each lap's first to last trackpoint time
	timerS     *float64 // sum of laps' TotalTimeSeconds
	distanceM  *float64 // sum of laps' DistanceMeters
	noTime     int      // trackpoints dropped for want of a usable time
	zoneless   bool     // some times carried no UTC offset
	lapSpan    span
	lapHasTime bool

	tp     easyday.Sample
	tpTime bool // the trackpoint has a usable time
}

// run reads tokens until the root element closes. It uses RawToken, which
// skips namespace translation (a quarter of the time on a large file), and
// so checks itself that every end tag matches its start tag.
func (p *parser) run() error {
	rootSeen := false
	for {
		tok, err := p.dec.RawToken()
		if err == io.EOF {
			if !rootSeen {
				return errors.New("not a TCX file: no root element")
			}
			return p.malformed("unexpected end of file inside <%s>", p.stack[len(p.stack)-1].Local)
		}
		if err != nil {
			var syntax *xml.SyntaxError
			if !errors.As(err, &syntax) {
				return fmt.Errorf("cannot read TCX: %w", err)
			}
			if !rootSeen {
				// Binary data or another format fails before any element.
				return fmt.Errorf("not a TCX file: %w", err)
			}
			return fmt.Errorf("malformed TCX: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !rootSeen {
				if t.Name.Local != "TrainingCenterDatabase" {
					return fmt.Errorf("not a TCX file: root element is <%s>", clip(t.Name.Local))
				}
				rootSeen = true
			}
			if len(p.stack) >= maxDepth {
				return p.malformed("elements nested deeper than %d", maxDepth)
			}
			p.stack = append(p.stack, t.Name)
			p.text, p.long = p.text[:0], false
			p.start(t)
		case xml.CharData:
			if len(p.text)+len(t) > maxText {
				p.long = true
			} else {
				p.text = append(p.text, t...)
			}
		case xml.EndElement:
			if len(p.stack) == 0 {
				return p.malformed("unexpected end tag </%s>", t.Name.Local)
			}
			if open := p.stack[len(p.stack)-1]; open != t.Name {
				return p.malformed("element <%s> closed by </%s>", qualified(open), qualified(t.Name))
			}
			p.end(t.Name.Local)
			p.stack = p.stack[:len(p.stack)-1]
			p.text, p.long = p.text[:0], false
			if len(p.stack) == 0 {
				// Whatever follows the root is not part of the document.
				return nil
			}
		}
	}
}

// malformed reports a structural error at the decoder's position.
func (p *parser) malformed(format string, args ...any) error {
	line, col := p.dec.InputPos()
	return fmt.Errorf("malformed TCX at line %d, column %d: %w", line, col, fmt.Errorf(format, args...))
}

// qualified writes a name as it stood in the file.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return clip(n.Local)
	}
	return clip(n.Space + ":" + n.Local)
}

// clip shortens a name from the file for an error message: a hostile file
// could otherwise put megabytes into it.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return strings.ToValidUTF8(s[:max], "") + "…"
}

// parent returns the local name of the element enclosing the innermost one.
func (p *parser) parent() string {
	if len(p.stack) < 2 {
		return ""
	}
	return p.stack[len(p.stack)-2].Local
}

// start handles an opening tag; the element is already on the stack.
func (p *parser) start(t xml.StartElement) {
	depth := len(p.stack)
	local := t.Name.Local
	if depth == 3 {
		// Folders also holds Courses and Workouts, but only as references.
		switch {
		case local == "Course" && p.parent() == "Courses":
			p.hasCourse = true
		case local == "Workout" && p.parent() == "Workouts":
			p.hasWorkout = true
		}
	}
	switch {
	case p.actDepth == 0:
		if local == "Activity" && inActivities(p.stack) {
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
	p.recs = append(p.recs, easyday.Recording{Format: "tcx", Sport: sportOf(attr(t, "Sport"))})
	p.rec = &p.recs[len(p.recs)-1]
	p.laps, p.spans, p.timerS, p.distanceM = 0, nil, nil, nil
	p.noTime, p.zoneless = 0, false
}

func (p *parser) beginLap(t xml.StartElement, depth int) {
	p.lapDepth = depth
	p.lapHasTime = false
	if p.laps == 0 {
		if s, ok := attrPresent(t, "StartTime"); ok {
			if tm, zoned, ok := parseTime([]byte(s)); ok {
				p.rec.Start = tm
				p.zoneless = p.zoneless || !zoned
			}
		}
	}
	p.laps++
}

// end handles a closing tag; the element is still on the stack.
func (p *parser) end(local string) {
	depth := len(p.stack)
	switch {
	case p.tpDepth > 0:
		p.endInTrackpoint(local, depth)
	case p.lapDepth > 0 && depth == p.lapDepth+1:
		switch local {
		case "TotalTimeSeconds":
			if v, ok := p.number(); ok && v >= 0 {
				p.timerS = addTo(p.timerS, v)
			}
		case "DistanceMeters":
			if v, ok := p.number(); ok && v >= 0 {
				p.distanceM = addTo(p.distanceM, v)
			}
		}
	case p.lapDepth > 0 && depth == p.lapDepth:
		if p.lapHasTime {
			p.spans = append(p.spans, p.lapSpan)
		}
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
			if v, ok := p.number(); ok && v >= 0 {
				p.tp.Speed = v
			}
		case "Watts":
			if v, ok := p.number(); ok && v >= 0 && v < 65535 {
				p.tp.Power = int(v + 0.5)
			}
		}
	case depth == p.tpDepth+1:
		switch local {
		case "Time":
			if p.long {
				return
			}
			if tm, zoned, ok := parseTime(p.text); ok {
				p.tp.Time, p.tpTime = tm, true
				p.zoneless = p.zoneless || !zoned
			}
		case "DistanceMeters":
			if v, ok := p.number(); ok && v >= 0 {
				p.tp.Distance = v
			}
		case "HeartRateBpm":
			// Some writers put the number directly in HeartRateBpm.
			if p.tp.HR == 0 {
				p.tp.HR = p.heartRate()
			}
		}
	case depth == p.tpDepth+2 && local == "Value" && p.parent() == "HeartRateBpm":
		p.tp.HR = p.heartRate()
	}
}

func (p *parser) endTrackpoint() {
	p.tpDepth, p.extDepth = 0, 0
	if !p.tpTime {
		p.noTime++
		return
	}
	p.rec.Samples = append(p.rec.Samples, p.tp)
	// The lap's span runs from its earliest to its latest trackpoint, which
	// in a sane file are its first and last; in a file whose clock jumps
	// back, file order would give a span that ends before it starts.
	t := p.tp.Time
	if !p.lapHasTime {
		p.lapSpan, p.lapHasTime = span{t, t}, true
		return
	}
	if t.Before(p.lapSpan.from) {
		p.lapSpan.from = t
	}
	if t.After(p.lapSpan.to) {
		p.lapSpan.to = t
	}
}

// endActivity completes the current recording from what its laps said.
func (p *parser) endActivity() {
	r := p.rec
	r.TimerS, r.DistanceM = p.timerS, p.distanceM
	r.HasEvents = len(p.spans) > 0
	r.Events = timerEvents(p.spans)
	switch {
	case p.noTime == 1:
		r.Warnings = append(r.Warnings, "dropped 1 trackpoint without a usable time")
	case p.noTime > 1:
		r.Warnings = append(r.Warnings, fmt.Sprintf("dropped %d trackpoints without a usable time", p.noTime))
	}
	if p.zoneless {
		r.Warnings = append(r.Warnings, "times carry no UTC offset; read as UTC")
	}
	if len(r.Samples) == 0 {
		r.Warnings = append(r.Warnings, "activity has no trackpoints")
	}
	p.actDepth, p.lapDepth, p.tpDepth, p.extDepth = 0, 0, 0, 0
	p.rec = nil
}

// number parses the current element's text as a finite number.
func (p *parser) number() (float64, bool) {
	if p.long {
		return 0, false
	}
	return parseNumber(p.text)
}

// heartRate parses the current element's text as beats per minute, 0 when
// missing or impossible (METRICS.md §1.2: 0 and 255 are never readings).
func (p *parser) heartRate() int {
	v, ok := p.number()
	if !ok {
		return 0
	}
	bpm := int(v + 0.5)
	if v < 0 || bpm < 1 || bpm > 254 {
		return 0
	}
	return bpm
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
func sportOf(s string) easyday.Sport {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "running":
		return easyday.Running
	case "biking", "cycling":
		return easyday.Cycling
	case "walking":
		return easyday.Walking
	case "swimming":
		return easyday.Swimming
	}
	return easyday.Generic
}

// span is the time from a lap's first to its last trackpoint.
type span struct{ from, to time.Time }

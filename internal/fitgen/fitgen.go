// Package fitgen writes synthetic FIT activity files from a simple spec, with
// the FIT encoder of github.com/muktihari/fit. The project's test fixtures
// (testdata/demo, testdata/metrics, testdata/quirks) are made with it, so no
// third-party file has to ship with the project. It is test tooling, not
// part of easyday's API: `go generate ./internal/fitgen` (or `make fixtures`)
// rewrites the fixtures.
package fitgen

//go:generate go run ./gen -dir ../../testdata

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/kit/hash/crc16"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// Point is one sample of a synthetic recording.
type Point struct {
	Offset   time.Duration // from Spec.Start, whole seconds (the FIT time resolution)
	HR       int           // bpm written as given (0 is what a strap without contact sends); easyday.Missing writes none
	Power    int           // watts; easyday.Missing for none
	Distance float64       // cumulative metres; easyday.Missing for none
	Speed    float64       // metres per second; easyday.Missing for none
	Altitude *float64      // metres above sea level; nil for none (0 is sea level, not "none")
}

// Metres returns a pointer to an altitude, for Point.Altitude.
func Metres(m float64) *float64 { return &m }

// Pause stops the timer At (an offset from Spec.Start) for Dur.
type Pause struct {
	At, Dur time.Duration
}

// Session is one sport of an activity; a multisport file has several.
type Session struct {
	Sport    string        // FIT profile sport name: "running", "cycling", "transition", ...
	SubSport string        // FIT profile sub-sport name ("trail", "road"); "" for generic
	Points   []Point       // in time order; the session starts at the first point
	End      time.Duration // offset where the session ends; 0: at its last point
	Elapsed  time.Duration // when set, total_elapsed_time and the session's timestamp say it ended this long after its start, whatever its points (as some files' records run on past their session)
	Distance float64       // total_distance in metres; 0: last minus first point distance
}

// Spec describes a FIT activity file.
type Spec struct {
	Start      time.Time     // UTC instant of offset 0
	UTCOffset  time.Duration // local time − UTC, written as activity.local_timestamp
	Sessions   []Session     // at least one, in time order
	Pauses     []Pause       // timer stops; the timer starts at the first session and stops at the last one's end
	HRMessages bool          // heart rate goes to an appended hr-message sequence without file_id (as HRM-Swim/Tri/Pro uploads), not into records
	RecordHR   int           // with HRMessages: the heart rate every record carries too (a watch's own reading, which the strap's stream replaces); 0 for none
	Altitude16 bool          // write altitude in the 16-bit record.altitude field, as older devices do, instead of enhanced_altitude
}

// Device identity written to file_id: the FIT "development" manufacturer is
// meant for files that no product wrote.
const (
	manufacturer = typedef.ManufacturerDevelopment
	product      = 0
	serialNumber = 1
)

// Build encodes spec as a FIT activity file: file_id, timer events,
// records, one lap and one session per Session, and an activity message with
// local_timestamp. With HRMessages the heart rate follows in a second FIT
// sequence of hr messages.
func Build(spec Spec) ([]byte, error) {
	if len(spec.Sessions) == 0 {
		return nil, errors.New("fitgen: spec has no session")
	}
	var msgs []proto.Message
	add := func(m proto.Message) { msgs = append(msgs, m) }
	at := func(d time.Duration) time.Time { return spec.Start.Add(d) }

	fid := mesgdef.NewFileId(nil)
	fid.Type = typedef.FileActivity
	fid.Manufacturer = manufacturer
	fid.Product = product
	fid.SerialNumber = serialNumber
	fid.TimeCreated = spec.Start
	add(fid.ToMesg(nil))

	first := spec.Sessions[0]
	if len(first.Points) == 0 {
		return nil, errors.New("fitgen: first session has no point")
	}
	add(timerEvent(at(first.Points[0].Offset), typedef.EventTypeStart))

	pauses := spec.Pauses
	var totalTimer time.Duration
	var last time.Duration
	var lastEnd time.Time
	for si, s := range spec.Sessions {
		start, end, err := sessionBounds(s, last)
		if err != nil {
			return nil, fmt.Errorf("fitgen: session %d: %w", si+1, err)
		}
		sport, sub, err := sports(s)
		if err != nil {
			return nil, fmt.Errorf("fitgen: session %d: %w", si+1, err)
		}
		var st stats
		for _, p := range s.Points {
			// Timer events due before this point come first, in time order.
			for len(pauses) > 0 && pauses[0].At <= p.Offset {
				add(timerEvent(at(pauses[0].At), typedef.EventTypeStopAll))
				add(timerEvent(at(pauses[0].At+pauses[0].Dur), typedef.EventTypeStart))
				pauses = pauses[1:]
			}
			add(recordMesg(at(p.Offset), p, spec))
			st.add(p)
		}
		timer := timerTime(start, end, spec.Pauses)
		totalTimer += timer
		if si == len(spec.Sessions)-1 {
			add(timerEvent(at(end), typedef.EventTypeStopAll))
		}
		lap, ses := summaries(si, s, sport, sub, spec.Start, start, end, timer, &st)
		add(lap.ToMesg(nil))
		add(ses.ToMesg(nil))
		last, lastEnd = end, at(end)
	}
	act := mesgdef.NewActivity(nil)
	act.Timestamp = lastEnd
	act.LocalTimestamp = lastEnd.Add(spec.UTCOffset)
	act.TotalTimerTime = ms(totalTimer)
	act.NumSessions = uint16(len(spec.Sessions))
	act.Type = typedef.ActivityManual
	act.Event, act.EventType = typedef.EventActivity, typedef.EventTypeStop
	add(act.ToMesg(nil))

	var buf bytes.Buffer
	if err := encode(&buf, msgs); err != nil {
		return nil, err
	}
	if spec.HRMessages {
		hrs := hrMessages(spec)
		if len(hrs) > 0 {
			if err := encode(&buf, hrs); err != nil {
				return nil, err
			}
		}
	}
	return buf.Bytes(), nil
}

// sports parses a session's sport and sub-sport (generic when not given).
func sports(s Session) (typedef.Sport, typedef.SubSport, error) {
	sport := typedef.SportFromString(s.Sport)
	if sport == typedef.SportInvalid {
		return 0, 0, fmt.Errorf("unknown sport %q", s.Sport)
	}
	sub := typedef.SubSportGeneric
	if s.SubSport != "" {
		if sub = typedef.SubSportFromString(s.SubSport); sub == typedef.SubSportInvalid {
			return 0, 0, fmt.Errorf("unknown sub-sport %q", s.SubSport)
		}
	}
	return sport, sub, nil
}

// timerTime is the time from start to end less the pauses within it.
func timerTime(start, end time.Duration, pauses []Pause) time.Duration {
	timer := end - start
	for _, pz := range pauses {
		lo, hi := max(pz.At, start), min(pz.At+pz.Dur, end)
		if hi > lo {
			timer -= hi - lo
		}
	}
	return timer
}

// summaries makes the lap and session messages of session si, which runs
// from start to end (offsets from origin) with timer time timer and the
// totals of its points in st.
func summaries(si int, s Session, sport typedef.Sport, sub typedef.SubSport, origin time.Time, start, end, timer time.Duration, st *stats) (*mesgdef.Lap, *mesgdef.Session) {
	at := func(d time.Duration) time.Time { return origin.Add(d) }
	lap := mesgdef.NewLap(nil)
	lap.MessageIndex = typedef.MessageIndex(si)
	lap.Timestamp = at(end)
	lap.StartTime = at(start)
	lap.Event, lap.EventType = typedef.EventLap, typedef.EventTypeStop
	lap.TotalElapsedTime = ms(end - start)
	lap.TotalTimerTime = ms(timer)
	lap.Sport, lap.SubSport = sport, sub
	ses := mesgdef.NewSession(nil)
	ses.MessageIndex = typedef.MessageIndex(si)
	ses.Timestamp = at(end)
	ses.StartTime = at(start)
	ses.Event, ses.EventType = typedef.EventSession, typedef.EventTypeStop
	ses.TotalElapsedTime = ms(end - start)
	if s.Elapsed > 0 {
		ses.Timestamp, ses.TotalElapsedTime = at(start+s.Elapsed), ms(s.Elapsed)
	}
	ses.TotalTimerTime = ms(timer)
	ses.Sport, ses.SubSport = sport, sub
	ses.FirstLapIndex, ses.NumLaps = uint16(si), 1
	if d, ok := st.distance(); ok || s.Distance > 0 {
		if s.Distance > 0 {
			d = s.Distance
		}
		lap.TotalDistance, ses.TotalDistance = cm(d), cm(d)
	}
	if st.hrN > 0 {
		avg := uint8(math.Round(float64(st.hrSum) / float64(st.hrN)))
		lap.AvgHeartRate, lap.MaxHeartRate = avg, uint8(st.hrMax)
		ses.AvgHeartRate, ses.MaxHeartRate = avg, uint8(st.hrMax)
	}
	if st.powN > 0 {
		avg := uint16(math.Round(float64(st.powSum) / float64(st.powN)))
		lap.AvgPower, lap.MaxPower = avg, uint16(st.powMax)
		ses.AvgPower, ses.MaxPower = avg, uint16(st.powMax)
	}
	return lap, ses
}

// sessionBounds returns a session's start and end offsets, checking that its
// points are in time order and after the previous session's end.
func sessionBounds(s Session, prevEnd time.Duration) (start, end time.Duration, err error) {
	if len(s.Points) == 0 {
		return 0, 0, errors.New("no point")
	}
	start = s.Points[0].Offset
	if start < prevEnd {
		return 0, 0, errors.New("starts before the previous session ends")
	}
	for i := 1; i < len(s.Points); i++ {
		if s.Points[i].Offset <= s.Points[i-1].Offset {
			return 0, 0, fmt.Errorf("point %d is not after point %d", i, i-1)
		}
	}
	end = s.Points[len(s.Points)-1].Offset
	if s.End != 0 {
		if s.End < end {
			return 0, 0, errors.New("ends before its last point")
		}
		end = s.End
	}
	return start, end, nil
}

// stats sums a session's points for its summary fields.
type stats struct {
	hrSum, hrN, hrMax    int
	powSum, powN, powMax int
	firstDist, lastDist  float64
	hasDist              bool
}

func (s *stats) add(p Point) {
	if p.HR > 0 && p.HR < 255 {
		s.hrSum, s.hrN, s.hrMax = s.hrSum+p.HR, s.hrN+1, max(s.hrMax, p.HR)
	}
	if p.Power >= 0 {
		s.powSum, s.powN, s.powMax = s.powSum+p.Power, s.powN+1, max(s.powMax, p.Power)
	}
	if p.Distance >= 0 {
		if !s.hasDist {
			s.firstDist, s.hasDist = p.Distance, true
		}
		s.lastDist = p.Distance
	}
}

// distance is the distance covered in the session.
func (s *stats) distance() (float64, bool) { return s.lastDist - s.firstDist, s.hasDist }

func ms(d time.Duration) uint32 { return uint32(d.Milliseconds()) }
func cm(m float64) uint32       { return uint32(math.Round(m * 100)) }

func timerEvent(t time.Time, typ typedef.EventType) proto.Message {
	e := mesgdef.NewEvent(nil)
	e.Timestamp = t
	e.Event = typedef.EventTimer
	e.EventType = typ
	e.Data = 0 // timer_trigger manual
	return e.ToMesg(nil)
}

func recordMesg(t time.Time, p Point, spec Spec) proto.Message {
	r := mesgdef.NewRecord(nil)
	r.Timestamp = t
	switch {
	case !spec.HRMessages && p.HR >= 0:
		r.HeartRate = uint8(min(p.HR, 254))
	case spec.HRMessages && spec.RecordHR > 0:
		r.HeartRate = uint8(min(spec.RecordHR, 254))
	}
	if p.Power >= 0 {
		r.Power = uint16(min(p.Power, math.MaxUint16-1))
	}
	if p.Distance >= 0 {
		r.Distance = cm(p.Distance)
	}
	if p.Speed >= 0 {
		r.EnhancedSpeed = uint32(math.Round(p.Speed * 1000))
	}
	if p.Altitude != nil {
		// FIT profile: scale 5, offset 500 m, for both fields, rounded (the
		// library's Set…Scaled truncates: 123.4 m would come back 123.2).
		raw := math.Round((*p.Altitude + 500) * 5)
		if spec.Altitude16 {
			r.Altitude = uint16(min(max(raw, 0), math.MaxUint16-1))
		} else {
			r.EnhancedAltitude = uint32(min(max(raw, 0), math.MaxUint32-1))
		}
	}
	return r.ToMesg(nil)
}

// encode appends one FIT sequence holding msgs.
func encode(buf *bytes.Buffer, msgs []proto.Message) error {
	enc := encoder.New(buf)
	if err := enc.Encode(&proto.FIT{Messages: msgs}); err != nil {
		return fmt.Errorf("fitgen: encode: %w", err)
	}
	return nil
}

// hrAnchorGap is the longest time between two heart beats of one hr
// message block: event_timestamp_12 holds 12 bits of 1/1024 s, so a later
// beat needs a new anchor message (with a full timestamp).
const hrAnchorGap = 3 * time.Second

// hrMessages makes the hr-message stream of a spec: one value per second of
// running timer, the heart rate of the latest point at or before it. A block
// starts with an anchor (timestamp and one full event_timestamp) followed by
// messages of up to 8 beats with packed 12-bit event times, as HRM-Pro
// uploads are written (FIT profile, hr message).
func hrMessages(spec Spec) []proto.Message {
	type beat struct {
		off time.Duration
		bpm uint8
	}
	var beats []beat
	for _, s := range spec.Sessions {
		start, end, _ := sessionBounds(s, 0)
		j := 0
		for off := start; off < end; off += time.Second {
			if paused(spec.Pauses, off) {
				continue
			}
			for j+1 < len(s.Points) && s.Points[j+1].Offset <= off {
				j++
			}
			if hr := s.Points[j].HR; hr > 0 && hr < 255 {
				beats = append(beats, beat{off, uint8(hr)})
			}
		}
	}
	var msgs []proto.Message
	const anchorEvent = 1 << 20 // arbitrary origin of the strap's event clock, 1/1024 s
	var anchorOff time.Duration
	for i := 0; i < len(beats); {
		b := beats[i]
		if i == 0 || b.off-beats[i-1].off > hrAnchorGap {
			h := mesgdef.NewHr(nil)
			h.Timestamp = spec.Start.Add(b.off)
			h.FilteredBpm = []uint8{b.bpm}
			h.EventTimestamp = []uint32{anchorEvent}
			msgs = append(msgs, h.ToMesg(nil))
			anchorOff = b.off
			i++
			continue
		}
		var bpm []uint8
		var ev []uint32
		for ; i < len(beats) && len(bpm) < 8; i++ {
			if len(bpm) > 0 && beats[i].off-beats[i-1].off > hrAnchorGap {
				break
			}
			bpm = append(bpm, beats[i].bpm)
			ev = append(ev, anchorEvent+uint32((beats[i].off-anchorOff).Seconds()*1024))
		}
		h := mesgdef.NewHr(nil)
		h.FilteredBpm = bpm
		h.EventTimestamp12 = pack12(ev)
		msgs = append(msgs, h.ToMesg(nil))
	}
	return msgs
}

// pack12 packs the low 12 bits of each value, least significant first, into
// bytes (the FIT component layout of hr.event_timestamp_12).
func pack12(vals []uint32) []byte {
	out := make([]byte, (len(vals)*12+7)/8)
	for i, v := range vals {
		for b := range 12 {
			if v>>b&1 != 0 {
				bit := i*12 + b
				out[bit/8] |= 1 << (bit % 8)
			}
		}
	}
	return out
}

func paused(pauses []Pause, off time.Duration) bool {
	for _, p := range pauses {
		if off >= p.At && off < p.At+p.Dur {
			return true
		}
	}
	return false
}

// ZeroHeaderCRC returns a copy of a single-sequence FIT file with a 14-byte
// header whose CRC is 0x0000 ("not computed") and whose file CRC covers
// header and data, as older Garmin devices write them.
func ZeroHeaderCRC(b []byte) ([]byte, error) {
	if len(b) < 16 || b[0] != 14 {
		return nil, errors.New("fitgen: not a FIT file with a 14-byte header")
	}
	out := append([]byte(nil), b...)
	out[12], out[13] = 0, 0
	h := crc16.New()
	_, _ = h.Write(out[:len(out)-2])
	binary.LittleEndian.PutUint16(out[len(out)-2:], h.Sum16())
	return out, nil
}

// ClearEndianBits returns a copy of a single-sequence FIT file in which
// every field definition's base type lacks the endian bit (0x84 uint16
// written 0x04, 0x8C uint32z written 0x0C), as some third-party writers
// leave it out; the file CRC is made to match again.
func ClearEndianBits(b []byte) ([]byte, error) {
	out := append([]byte(nil), b...)
	off, headers := 0, 0
	_, err := decoder.NewRaw().Decode(bytes.NewReader(b), func(flag decoder.RawFlag, m []byte) error {
		switch flag {
		case decoder.RawFlagFileHeader:
			if headers++; headers > 1 {
				return errors.New("chained sequences")
			}
		case decoder.RawFlagMesgDef:
			// header, reserved, architecture, global number (2), field count, then 3 bytes a field
			for i := 0; i < int(m[5]); i++ {
				out[off+6+3*i+2] &^= basetype.EndianAbilityMask
			}
		}
		off += len(m)
		return nil
	})
	if err != nil || off != len(b) {
		return nil, fmt.Errorf("fitgen: not a single whole FIT sequence (%d of %d bytes read): %v", off, len(b), err)
	}
	h := crc16.New()
	_, _ = h.Write(out[:len(out)-2])
	binary.LittleEndian.PutUint16(out[len(out)-2:], h.Sum16())
	return out, nil
}

// CorruptFileCRC returns a copy of a FIT file whose last two bytes, the file
// CRC, no longer match its content.
func CorruptFileCRC(b []byte) []byte {
	out := append([]byte(nil), b...)
	if n := len(out); n >= 2 {
		out[n-2] ^= 0xFF
		out[n-1] ^= 0x5A
	}
	return out
}

// Settings returns a small settings file (file_id type settings and a user
// profile): a FIT file that holds no activity.
func Settings(created time.Time) ([]byte, error) {
	fid := mesgdef.NewFileId(nil)
	fid.Type = typedef.FileSettings
	fid.Manufacturer = manufacturer
	fid.Product = product
	fid.SerialNumber = serialNumber
	fid.TimeCreated = created
	up := mesgdef.NewUserProfile(nil)
	up.Gender = typedef.GenderMale
	up.Weight = 700 // 70.0 kg
	up.RestingHeartRate = 50
	up.DefaultMaxHeartRate = 190
	var buf bytes.Buffer
	if err := encode(&buf, []proto.Message{fid.ToMesg(nil), up.ToMesg(nil)}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// NoRecords returns an activity file with file_id, timer events, a session
// and an activity message but not one record.
func NoRecords(start time.Time, dur time.Duration) ([]byte, error) {
	fid := mesgdef.NewFileId(nil)
	fid.Type = typedef.FileActivity
	fid.Manufacturer = manufacturer
	fid.Product = product
	fid.SerialNumber = serialNumber
	fid.TimeCreated = start
	end := start.Add(dur)
	ses := mesgdef.NewSession(nil)
	ses.MessageIndex = 0
	ses.Timestamp = end
	ses.StartTime = start
	ses.Event, ses.EventType = typedef.EventSession, typedef.EventTypeStop
	ses.TotalElapsedTime, ses.TotalTimerTime = ms(dur), ms(dur)
	ses.Sport, ses.SubSport = typedef.SportRunning, typedef.SubSportGeneric
	act := mesgdef.NewActivity(nil)
	act.Timestamp = end
	act.TotalTimerTime = ms(dur)
	act.NumSessions = 1
	act.Type = typedef.ActivityManual
	act.Event, act.EventType = typedef.EventActivity, typedef.EventTypeStop
	msgs := []proto.Message{
		fid.ToMesg(nil),
		timerEvent(start, typedef.EventTypeStart),
		timerEvent(end, typedef.EventTypeStopAll),
		ses.ToMesg(nil),
		act.ToMesg(nil),
	}
	var buf bytes.Buffer
	if err := encode(&buf, msgs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

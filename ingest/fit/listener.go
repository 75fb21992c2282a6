package fit

import (
	"math"

	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"easyday"
)

// listener receives every decoded message and keeps what easyday needs. The
// message is only valid during OnMesg (broadcast-only decoding reuses it).
type listener struct{ s *sequence }

// OnMesg implements decoder.MesgListener.
func (l *listener) OnMesg(m proto.Message) {
	s := l.s
	switch m.Num {
	case mesgnum.Record:
		if r, ok := readRecord(&m); ok {
			s.addSample(r)
		} else {
			s.untimed++
		}
	case mesgnum.Event:
		if e, ok := readTimerEvent(&m); ok {
			s.events = append(s.events, e)
		}
	case mesgnum.Session:
		s.sessions = append(s.sessions, readSession(&m))
	case mesgnum.Sport:
		if si := readSport(&m, fieldnum.SportSport, fieldnum.SportSubSport); si.sport != typedef.SportInvalid {
			s.sports = append(s.sports, si)
		}
	case mesgnum.Lap:
		if si := readSport(&m, fieldnum.LapSport, fieldnum.LapSubSport); si.sport != typedef.SportInvalid {
			s.sports = append(s.sports, si)
		}
	case mesgnum.Activity:
		if s.activity == nil {
			a := readActivity(&m)
			s.activity = &a
		}
	case mesgnum.Hr:
		s.hrs = append(s.hrs, readHr(&m))
	case mesgnum.FileId:
		if !s.hasFileID {
			s.hasFileID = true
			s.fileType = readFileType(&m)
		}
	}
}

// Scales and offsets from the library's FIT profile: value = raw/scale − offset.
var (
	distanceScale = profileScale(mesgnum.Record, fieldnum.RecordDistance)
	speedScale    = profileScale(mesgnum.Record, fieldnum.RecordEnhancedSpeed)
	altitudeScale = profileScale(mesgnum.Record, fieldnum.RecordEnhancedAltitude)
	elapsedScale  = profileScale(mesgnum.Session, fieldnum.SessionTotalElapsedTime)
	timerScale    = profileScale(mesgnum.Session, fieldnum.SessionTotalTimerTime)
	totalScale    = profileScale(mesgnum.Session, fieldnum.SessionTotalDistance)
	fracScale     = profileScale(mesgnum.Hr, fieldnum.HrFractionalTimestamp)
)

// scale is a field's profile scale and offset.
type scale struct{ div, off float64 }

func profileScale(mesg typedef.MesgNum, num byte) scale {
	f := factory.CreateField(mesg, num)
	return scale{f.Scale, f.Offset}
}

func (sc scale) of(raw uint64) float64 { return float64(raw)/sc.div - sc.off }

// readRecord reads a record message as a sample in easyday's units and
// conventions; false when it has no usable timestamp. Records become samples
// at once, so a long file is held once as samples, not also as records. The
// enhanced (32-bit) speed and altitude win over the 16-bit fields they
// extend (docs/metrics.md §1); the library also expands the 16-bit ones into the
// enhanced fields, which have the same scale and offset.
func readRecord(m *proto.Message) (easyday.Sample, bool) {
	t := uint32(invalidTime)
	s := easyday.Sample{Power: easyday.Missing, Distance: easyday.Missing, Speed: easyday.Missing, Altitude: easyday.Missing}
	speed16, alt16 := float64(easyday.Missing), float64(easyday.Missing)
	for num, v := range uintFields(m) {
		switch num {
		case fieldnum.RecordTimestamp:
			t = uint32(v)
		case fieldnum.RecordHeartRate:
			if v < math.MaxUint8 {
				s.HR = int(v)
			}
		case fieldnum.RecordPower:
			if v < math.MaxUint16 {
				s.Power = int(v)
			}
		case fieldnum.RecordDistance:
			s.Distance = distanceScale.of(v)
		case fieldnum.RecordSpeed:
			speed16 = speedScale.of(v)
		case fieldnum.RecordEnhancedSpeed:
			s.Speed = speedScale.of(v)
		case fieldnum.RecordAltitude:
			alt16 = altitudeScale.of(v)
		case fieldnum.RecordEnhancedAltitude:
			s.Altitude = altitudeScale.of(v)
		}
	}
	if s.Speed == easyday.Missing {
		s.Speed = speed16
	}
	if s.Altitude == easyday.Missing {
		s.Altitude = alt16
	}
	if t == invalidTime {
		return s, false
	}
	s.Time = fitInstant(t)
	return s, true
}

// readTimerEvent reads an event message; false unless it starts or stops
// the timer and has a timestamp.
func readTimerEvent(m *proto.Message) (timerEvent, bool) {
	e := timerEvent{t: invalidTime}
	event, typ := typedef.EventInvalid, typedef.EventTypeInvalid
	for num, v := range uintFields(m) {
		switch num {
		case fieldnum.EventTimestamp:
			e.t = uint32(v)
		case fieldnum.EventEvent:
			event = typedef.Event(v)
		case fieldnum.EventEventType:
			typ = typedef.EventType(v)
		}
	}
	return timerEventOf(e, event, typ)
}

// timerEventOf completes a timer event from its event and event type; false
// unless it starts or stops the timer and has a timestamp that is UTC, not
// a device's relative time (docs/metrics.md §1.3, §1.4).
func timerEventOf(e timerEvent, event typedef.Event, typ typedef.EventType) (timerEvent, bool) {
	if e.t == invalidTime || e.t < relativeTimeLimit || event != typedef.EventTimer {
		return e, false
	}
	switch typ {
	case typedef.EventTypeStart:
		e.running = true
	case typedef.EventTypeStop, typedef.EventTypeStopAll, typedef.EventTypeStopDisable, typedef.EventTypeStopDisableAll:
		e.running = false
	default:
		return e, false
	}
	return e, true
}

func readSession(m *proto.Message) session {
	ss := session{start: invalidTime, ts: invalidTime, sport: typedef.SportInvalid, subSport: typedef.SubSportInvalid}
	for num, v := range uintFields(m) {
		switch num {
		case fieldnum.SessionTimestamp:
			ss.ts = uint32(v)
		case fieldnum.SessionStartTime:
			ss.start = uint32(v)
		case fieldnum.SessionTotalElapsedTime:
			ss.elapsed = ptr(elapsedScale.of(v))
		case fieldnum.SessionTotalTimerTime:
			ss.timer = ptr(timerScale.of(v))
		case fieldnum.SessionTotalDistance:
			ss.distance = ptr(totalScale.of(v))
		case fieldnum.SessionSport:
			ss.sport = typedef.Sport(v)
		case fieldnum.SessionSubSport:
			ss.subSport = typedef.SubSport(v)
		}
	}
	return ss
}

// readSport reads the sport of a sport or lap message, whose fields differ
// in number only.
func readSport(m *proto.Message, sportNum, subSportNum byte) sportInfo {
	si := sportInfo{sport: typedef.SportInvalid, subSport: typedef.SubSportInvalid}
	for num, v := range uintFields(m) {
		switch num {
		case sportNum:
			si.sport = typedef.Sport(v)
		case subSportNum:
			si.subSport = typedef.SubSport(v)
		}
	}
	return si
}

func readActivity(m *proto.Message) activityInfo {
	a := activityInfo{ts: invalidTime, local: invalidTime}
	for num, v := range uintFields(m) {
		switch num {
		case fieldnum.ActivityTimestamp:
			a.ts = uint32(v)
		case fieldnum.ActivityLocalTimestamp:
			a.local = uint32(v)
		}
	}
	return a
}

// readHr reads an hr message. event_timestamp is kept in the profile's raw
// 1/1024 s (the library expands event_timestamp_12 into it), as the
// wrap-around arithmetic of expandHR needs.
func readHr(m *proto.Message) hrMesg {
	h := hrMesg{}
	var frac float64
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.HrTimestamp:
			if v, ok := uintValue(f.Value); ok {
				h.hasTime, h.time = true, float64(v)
			}
		case fieldnum.HrFractionalTimestamp:
			if v, ok := uintValue(f.Value); ok {
				frac = fracScale.of(v)
			}
		case fieldnum.HrFilteredBpm:
			h.bpm = uint32Slice(f.Value)
		case fieldnum.HrEventTimestamp:
			h.events = uint32Slice(f.Value)
		}
	}
	if h.hasTime {
		h.time += frac
	}
	return h
}

func readFileType(m *proto.Message) typedef.File {
	if f := m.FieldByNum(fieldnum.FileIdType); f != nil {
		if v, ok := uintValue(f.Value); ok {
			return typedef.File(v)
		}
	}
	return typedef.FileInvalid
}

func ptr[T any](v T) *T { return &v }

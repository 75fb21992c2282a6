package fitgen

import (
	"bytes"
	"math"
	"time"

	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// Wellness file types the public profile does not name (Garmin's sleep and
// HRV status files, corpus/wellness/SOURCES.md), and the sleep event.
const (
	fileSleep     typedef.File  = 49
	fileHRVStatus typedef.File  = 68
	eventSleep    typedef.Event = 74
)

// MonitoringDay is one daily monitoring file (monitoring_b), as a watch
// writes it: heart rate rows with timestamp_16 after a full timestamp every
// hour, a resting-HR row, stress readings.
type MonitoringDay struct {
	Created time.Time     // file_id.time_created; also the first full timestamp
	HR      []int         // monitoring heart rate, one every HRStep from Created (0: none written)
	HRStep  time.Duration // default 2 minutes
	// EarlyRow adds, right after each hourly full timestamp, a heart-rate
	// row stamped EarlyBy before it, as real devices do: a reader that
	// rebuilds timestamp_16 forward-only puts it 18 hours later.
	EarlyBy     time.Duration
	RestingAt   time.Time // the monitoring_hr_data row; zero: none
	RestingHR   int       // current_day_resting_heart_rate; 0: not written
	RestingHR7d int       // resting_heart_rate (7-day); 0: not written
	Stress      []int     // stress_level values every 3 minutes from Created; negative: no reading (−1, −2 as devices write)
}

// Monitoring writes a monitoring_b file.
func Monitoring(m MonitoringDay) ([]byte, error) {
	step := m.HRStep
	if step == 0 {
		step = 2 * time.Minute
	}
	msgs := []proto.Message{fileID(typedef.FileMonitoringB, m.Created)}
	full := m.Created
	for i, hr := range m.HR {
		t := m.Created.Add(time.Duration(i) * step)
		if i == 0 || t.Sub(full) >= time.Hour {
			// A full timestamp: a monitoring row with the activity type only.
			mon := mesgdef.NewMonitoring(nil)
			mon.Timestamp = t
			mon.ActivityType = typedef.ActivityTypeGeneric
			msgs = append(msgs, mon.ToMesg(nil))
			full = t
			if m.EarlyBy > 0 && i > 0 {
				msgs = append(msgs, hrRow(t.Add(-m.EarlyBy), m.HR[i-1]))
			}
		}
		if hr > 0 {
			msgs = append(msgs, hrRow(t, hr))
		}
	}
	for i, v := range m.Stress {
		s := mesgdef.NewStressLevel(nil)
		s.StressLevelTime = m.Created.Add(time.Duration(i) * 3 * time.Minute)
		s.StressLevelValue = int16(v)
		msgs = append(msgs, s.ToMesg(nil))
	}
	if !m.RestingAt.IsZero() {
		r := mesgdef.NewMonitoringHrData(nil)
		r.Timestamp = m.RestingAt
		if m.RestingHR > 0 {
			r.CurrentDayRestingHeartRate = uint8(m.RestingHR)
		}
		if m.RestingHR7d > 0 {
			r.RestingHeartRate = uint8(m.RestingHR7d)
		}
		msgs = append(msgs, r.ToMesg(nil))
	}
	return encodeFile(msgs)
}

// hrRow is a monitoring row with heart rate and a 16-bit timestamp.
func hrRow(t time.Time, hr int) proto.Message {
	mon := mesgdef.NewMonitoring(nil)
	mon.Timestamp16 = uint16(t.Unix() - fitEpochUnix)
	mon.HeartRate = uint8(hr)
	return mon.ToMesg(nil)
}

// fitEpochUnix is 1989-12-31T00:00:00Z in Unix seconds.
const fitEpochUnix = 631065600

// SleepLevel is one sleep-level row: from Offset into the night.
type SleepLevel struct {
	Offset time.Duration
	Level  typedef.SleepLevel
}

// Night is one sleep file (type 49): the window (event 74 start and stop),
// the level rows, and an assessment when Score > 0.
type Night struct {
	Start, End time.Time
	Levels     []SleepLevel
	Score      int // overall_sleep_score; 0: no sleep_assessment message
	Created    time.Time
}

// Sleep writes a sleep file.
func Sleep(n Night) ([]byte, error) {
	created := n.Created
	if created.IsZero() {
		created = n.End
	}
	msgs := []proto.Message{fileID(fileSleep, created)}
	ev := func(t time.Time, typ typedef.EventType) proto.Message {
		e := mesgdef.NewEvent(nil)
		e.Timestamp, e.Event, e.EventType = t, eventSleep, typ
		return e.ToMesg(nil)
	}
	msgs = append(msgs, ev(n.Start, typedef.EventTypeStart))
	for _, l := range n.Levels {
		s := mesgdef.NewSleepLevel(nil)
		s.Timestamp, s.SleepLevel = n.Start.Add(l.Offset), l.Level
		msgs = append(msgs, s.ToMesg(nil))
	}
	msgs = append(msgs, ev(n.End, typedef.EventTypeStop))
	if n.Score > 0 {
		a := mesgdef.NewSleepAssessment(nil)
		a.OverallSleepScore = uint8(n.Score)
		a.SleepQualityScore = uint8(min(n.Score+3, 100))
		a.AwakeningsCount = 2
		a.AverageStressDuringSleep = 1200 // 12.00
		msgs = append(msgs, a.ToMesg(nil))
	}
	return encodeFile(msgs)
}

// HRVSummary is Garmin's hrv_status_summary, ms.
type HRVSummary struct {
	Weekly, LastNight, High5, LowUpper, BalancedLow, BalancedHigh float64
	Status                                                        typedef.HrvStatus
}

// HRVNight is one HRV status file (type 68): the 5-minute rMSSD values from
// Start, and Garmin's summary when Summary is set (written at the end).
type HRVNight struct {
	Start   time.Time
	Values  []float64 // ms; 0 writes the 0xFFFF "no value" marker
	Summary *HRVSummary
}

// HRVStatus writes an HRV status file.
func HRVStatus(h HRVNight) ([]byte, error) {
	end := h.Start.Add(time.Duration(len(h.Values)) * 5 * time.Minute)
	msgs := []proto.Message{fileID(fileHRVStatus, end)}
	for i, v := range h.Values {
		m := mesgdef.NewHrvValue(nil)
		m.Timestamp = h.Start.Add(time.Duration(i) * 5 * time.Minute)
		m.Value = math.MaxUint16
		if v > 0 {
			m.Value = scaled128(v)
		}
		msgs = append(msgs, m.ToMesg(nil))
	}
	if s := h.Summary; s != nil {
		m := mesgdef.NewHrvStatusSummary(nil)
		m.Timestamp = end
		m.WeeklyAverage, m.LastNightAverage, m.LastNight5MinHigh = scaled128(s.Weekly), scaled128(s.LastNight), scaled128(s.High5)
		m.BaselineLowUpper, m.BaselineBalancedLower, m.BaselineBalancedUpper = scaled128(s.LowUpper), scaled128(s.BalancedLow), scaled128(s.BalancedHigh)
		m.Status = s.Status
		msgs = append(msgs, m.ToMesg(nil))
	}
	return encodeFile(msgs)
}

func scaled128(ms float64) uint16 { return uint16(math.Round(ms * 128)) }

func fileID(t typedef.File, created time.Time) proto.Message {
	fid := mesgdef.NewFileId(nil)
	fid.Type = t
	fid.Manufacturer = manufacturer
	fid.Product = product
	fid.SerialNumber = serialNumber
	fid.TimeCreated = created
	return fid.ToMesg(nil)
}

func encodeFile(msgs []proto.Message) ([]byte, error) {
	var buf bytes.Buffer
	if err := encode(&buf, msgs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Typed writes a file of the given FIT file type holding only its file_id:
// how the wellness kinds easyday does not read (metrics 44, skin
// temperature 73) are tested.
func Typed(t typedef.File, created time.Time) ([]byte, error) {
	return encodeFile([]proto.Message{fileID(t, created)})
}

package fitgen

import (
	"bytes"
	"encoding/binary"
	"errors"
	"time"

	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/kit/hash/crc16"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// Files with the clock faults real devices write, which Build, keeping its
// points in order after one start, cannot make: records and timer events at
// any time, a device's relative times, compressed timestamps before any
// full one (docs/metrics.md §1.3, §1.4).

// RelativeTime is the time a FIT date_time of s seconds reads as when s is
// below 0x10000000: seconds from the device's power-on, written while its
// clock was not set, counted here from the FIT epoch as the format does.
func RelativeTime(s uint32) time.Time { return datetime.Epoch().Add(time.Duration(s) * time.Second) }

// Record is a record at an instant, for Faulty.
type Record struct {
	At       time.Time
	HR       int     // bpm; 0 writes none
	Distance float64 // cumulative metres; negative writes none
}

// Event is a timer event at an instant, for Faulty: Stop false starts the
// timer, true stops it (stop_all).
type Event struct {
	At   time.Time
	Stop bool
}

// FaultySpec is a FIT activity written message by message in the order
// given: file_id, the events, the records, then a session when Sport is
// set.
type FaultySpec struct {
	Records []Record
	Events  []Event
	Sport   string    // FIT profile sport name of a session message; "": no session
	Start   time.Time // the session's start_time; zero writes none
	// Elapsed, Timer and Distance are the session's totals; 0 writes none.
	Elapsed, Timer time.Duration
	Distance       float64
}

// Faulty encodes spec.
func Faulty(spec FaultySpec) ([]byte, error) {
	fid := mesgdef.NewFileId(nil)
	fid.Type = typedef.FileActivity
	fid.Manufacturer = manufacturer
	fid.Product = product
	fid.SerialNumber = serialNumber
	msgs := []proto.Message{fid.ToMesg(nil)}
	for _, e := range spec.Events {
		typ := typedef.EventTypeStart
		if e.Stop {
			typ = typedef.EventTypeStopAll
		}
		msgs = append(msgs, timerEvent(e.At, typ))
	}
	for _, r := range spec.Records {
		m := mesgdef.NewRecord(nil)
		m.Timestamp = r.At
		if r.HR > 0 {
			m.HeartRate = uint8(min(r.HR, 254))
		}
		if r.Distance >= 0 {
			m.Distance = cm(r.Distance)
		}
		msgs = append(msgs, m.ToMesg(nil))
	}
	if spec.Sport != "" {
		sport := typedef.SportFromString(spec.Sport)
		if sport == typedef.SportInvalid {
			return nil, errors.New("fitgen: unknown sport " + spec.Sport)
		}
		ses := mesgdef.NewSession(nil)
		ses.Sport, ses.SubSport = sport, typedef.SubSportGeneric
		ses.Event, ses.EventType = typedef.EventSession, typedef.EventTypeStop
		if !spec.Start.IsZero() {
			ses.StartTime = spec.Start
			ses.Timestamp = spec.Start.Add(spec.Elapsed)
		}
		if spec.Elapsed > 0 {
			ses.TotalElapsedTime = ms(spec.Elapsed)
		}
		if spec.Timer > 0 {
			ses.TotalTimerTime = ms(spec.Timer)
		}
		if spec.Distance > 0 {
			ses.TotalDistance = cm(spec.Distance)
		}
		msgs = append(msgs, ses.ToMesg(nil))
	}
	var buf bytes.Buffer
	if err := encode(&buf, msgs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// CompressedFirst returns an activity file of records without events or
// session: first n records with compressed-timestamp headers before any
// full timestamp (their times count from 0, as a device's relative time
// does), then len(hr) records a second apart from start with full
// timestamps, each with the heart rate given.
func CompressedFirst(n int, start time.Time, hr []uint8) []byte {
	var data []byte
	// Definition: local message 0, file_id: type (enum), manufacturer
	// (uint16).
	data = append(data, 0x40, 0, 0, 0, 0, 2, 0, 1, 0x00, 1, 2, 0x84)
	data = append(data, 0x00, byte(typedef.FileActivity))
	data = binary.LittleEndian.AppendUint16(data, uint16(manufacturer))
	// Definition: local message 1, record: heart_rate only.
	data = append(data, 0x41, 0, 0, 20, 0, 1, 3, 1, 0x02)
	for i := range n {
		// Compressed header: bit 7, local message 1, 5-bit time offset.
		data = append(data, 0x80|1<<5|byte(i&0x1f), 120)
	}
	// Definition: local message 2, record: timestamp, heart_rate.
	data = append(data, 0x42, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02)
	for i, bpm := range hr {
		data = append(data, 0x02)
		data = binary.LittleEndian.AppendUint32(data, datetime.ToUint32(start.Add(time.Duration(i)*time.Second)))
		data = append(data, bpm)
	}
	header := []byte{14, 0x20, 0, 0, 0, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0}
	binary.LittleEndian.PutUint16(header[2:], 2132)
	binary.LittleEndian.PutUint32(header[4:], uint32(len(data)))
	h := crc16.New()
	h.Write(header[:12])
	binary.LittleEndian.PutUint16(header[12:], h.Sum16())
	out := append(header, data...)
	h.Reset()
	h.Write(out)
	return binary.LittleEndian.AppendUint16(out, h.Sum16())
}

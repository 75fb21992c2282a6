package fitgen

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// WriteLarge writes a single-session FIT ride of at least size bytes to w,
// one record a second, streamed through the library's encoder so that no
// file of that size is ever held in memory. Records carry what a head unit
// writes every second (position, altitude, heart rate, cadence, distance,
// speed, power, temperature), about 30 bytes each, so a 40 MB file holds
// some 1.3 million records. It is for memory and speed measurements of
// decoding, not a fixture: the content is plain and regular.
func WriteLarge(w io.WriteSeeker, start time.Time, size int64) error {
	enc, err := encoder.NewStream(w)
	if err != nil {
		return fmt.Errorf("fitgen: %w", err)
	}
	write := func(m proto.Message) error {
		if err := enc.WriteMessage(&m); err != nil {
			return fmt.Errorf("fitgen: %w", err)
		}
		return nil
	}
	fid := mesgdef.NewFileId(nil)
	fid.Type, fid.Manufacturer, fid.Product, fid.SerialNumber, fid.TimeCreated =
		typedef.FileActivity, manufacturer, product, serialNumber, start
	if err := write(fid.ToMesg(nil)); err != nil {
		return err
	}
	if err := write(timerEvent(start, typedef.EventTypeStart)); err != nil {
		return err
	}
	r := mesgdef.NewRecord(nil)
	var m proto.Message
	dist := 0.0
	n := 0
	for ; ; n++ {
		if n%4096 == 0 {
			pos, err := w.Seek(0, io.SeekCurrent)
			if err != nil {
				return fmt.Errorf("fitgen: %w", err)
			}
			if pos >= size {
				break
			}
		}
		t := float64(n)
		speed := 8 + 2*math.Sin(t/600)
		dist += speed
		r.Timestamp = start.Add(time.Duration(n) * time.Second)
		r.PositionLat = int32(600000000 + n%100000)
		r.PositionLong = int32(-10000000 - n%100000)
		r.EnhancedAltitude = uint32((100 + 50*math.Sin(t/900) + 500) * 5)
		r.HeartRate = uint8(130 + 20*math.Sin(t/300))
		r.Cadence = uint8(85 + n%10)
		r.Distance = cm(dist)
		r.EnhancedSpeed = uint32(speed * 1000)
		r.Power = uint16(200 + 50*math.Sin(t/120))
		r.Temperature = int8(15 + n%5)
		m = r.ToMesg(nil)
		if err := enc.WriteMessage(&m); err != nil {
			return fmt.Errorf("fitgen: %w", err)
		}
	}
	end := start.Add(time.Duration(n) * time.Second)
	if err := write(timerEvent(end, typedef.EventTypeStopAll)); err != nil {
		return err
	}
	ses := mesgdef.NewSession(nil)
	ses.Timestamp, ses.StartTime = end, start
	ses.Event, ses.EventType = typedef.EventSession, typedef.EventTypeStop
	ses.TotalElapsedTime, ses.TotalTimerTime = ms(end.Sub(start)), ms(end.Sub(start))
	ses.TotalDistance = cm(dist)
	ses.Sport, ses.SubSport = typedef.SportCycling, typedef.SubSportRoad
	ses.NumLaps = 1
	if err := write(ses.ToMesg(nil)); err != nil {
		return err
	}
	act := mesgdef.NewActivity(nil)
	act.Timestamp, act.LocalTimestamp = end, end
	act.TotalTimerTime, act.NumSessions = ms(end.Sub(start)), 1
	act.Type, act.Event, act.EventType = typedef.ActivityManual, typedef.EventActivity, typedef.EventTypeStop
	if err := write(act.ToMesg(nil)); err != nil {
		return err
	}
	if err := enc.SequenceCompleted(); err != nil {
		return fmt.Errorf("fitgen: %w", err)
	}
	return nil
}

package fit

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"easyday"
)

// ErrNotWellness is returned by DecodeWellness for a FIT file whose
// file_id.type is not one of the wellness kinds easyday reads.
var ErrNotWellness = errors.New("not a wellness file")

// Wellness file types. Sleep and HRV status are Garmin types the public FIT
// profile does not name (Gadgetbridge FileType.java, tcgoetz/Fit file_type.py).
const (
	fileSleep     typedef.File = 49
	fileHRVStatus typedef.File = 68
	fileMetrics   typedef.File = 44 // skipped: no public file to learn it from
	fileSkinTemp  typedef.File = 73 // skipped: likewise
)

// eventSleep is Garmin's sleep window event (start and stop), not in the
// public Event enum.
const eventSleep = 74

// wellnessKinds maps the file types easyday reads to their kinds.
var wellnessKinds = map[typedef.File]easyday.WellnessKind{
	typedef.FileMonitoringB: easyday.WellnessMonitoring,
	fileSleep:               easyday.WellnessSleep,
	fileHRVStatus:           easyday.WellnessHRVStatus,
}

// peekDecoders are the library's decoders WellnessKindOf reads file_id
// with: one is a few KB of buffers, allocated once rather than per file.
var peekDecoders = sync.Pool{New: func() any { return decoder.New(nil) }}

// WellnessKindOf reads the file_id.type of the FIT content starting with
// head (its header and first message are enough: file_id comes first) and
// reports the wellness kind it names, if it is one easyday reads. Anything
// else, including a head that does not reach a file_id, is not (ok false):
// the file is then read as an activity file, which says what it is.
func WellnessKindOf(head []byte) (kind easyday.WellnessKind, ok bool) {
	dec := peekDecoders.Get().(*decoder.Decoder)
	defer peekDecoders.Put(dec)
	dec.Reset(bytes.NewReader(head), decoder.WithIgnoreChecksum())
	fid, err := dec.PeekFileId()
	if err != nil {
		return "", false
	}
	kind, ok = wellnessKinds[fid.Type]
	return kind, ok
}

// DecodeWellness reads a wellness FIT file, classified by its file_id.type
// alone: monitoring_b (resting heart rate, stress, monitored heart rate),
// sleep (levels, window, assessment) and HRV status (summary, 5-minute
// values). Sentinels and negative stress values (no reading) are dropped.
// It returns ErrNotWellness for any other file type.
func DecodeWellness(data []byte) (easyday.WellnessFile, error) {
	seqs, warnings, err := split(bytes.NewReader(data), len(data))
	if err != nil {
		return easyday.WellnessFile{}, err
	}
	l := &wellnessListener{fileType: typedef.FileInvalid, lastFull: invalidTime}
	dec := decoder.New(nil)
	for _, s := range seqs {
		if !s.complete {
			if s.index == 0 {
				return easyday.WellnessFile{}, fmt.Errorf("%w %s of %s bytes", ErrTruncated, thousands(len(data)), thousands(s.want))
			}
			break
		}
		dec.Reset(bytes.NewReader(data[s.off:s.end]),
			decoder.WithIgnoreChecksum(),
			decoder.WithBroadcastOnly(),
			decoder.WithMesgListener(l),
		)
		if _, derr := dec.Decode(); derr != nil {
			if !l.hasFileID {
				return easyday.WellnessFile{}, fmt.Errorf("damaged FIT before its file_id: %w", derr)
			}
			// The values before the damage are kept, as in activity files.
			warnings = append(warnings, easyday.Warnf(easyday.WarningDecodeStopped, "decoding stopped in FIT sequence %d: %v", s.index+1, derr))
			break
		}
	}
	kind, ok := wellnessKinds[l.fileType]
	if !l.hasFileID || !ok {
		return easyday.WellnessFile{}, ErrNotWellness
	}
	l.finish()
	return easyday.WellnessFile{Kind: kind, Values: l.values, Warnings: warnings}, nil
}

// wellnessListener keeps the values of a wellness file.
type wellnessListener struct {
	hasFileID bool
	fileType  typedef.File
	values    []easyday.WellnessValue
	// lastFull is the latest full timestamp (field 253 of any message), the
	// base of monitoring's timestamp_16.
	lastFull uint32
	// lastTime is the latest time of any value: what a sleep assessment,
	// which has no timestamp of its own, falls back to.
	lastTime, sleepEnd, lastLevel uint32
	assessment                    []easyday.WellnessValue // times filled in by finish
}

func (l *wellnessListener) add(t uint32, m easyday.Metric, v float64) {
	l.values = append(l.values, easyday.WellnessValue{Time: fitTime(t), Metric: m, Value: v})
	if l.lastTime == 0 || t > l.lastTime {
		l.lastTime = t
	}
}

// timestamp16 rebuilds a 16-bit timestamp from the latest full one with a
// signed delta: devices write rows a little before the full timestamp they
// follow, which the forward-only rollover would push 18 hours ahead.
func timestamp16(full uint32, t16 uint16) uint32 {
	return uint32(int64(full) + int64(int16(t16-uint16(full))))
}

// OnMesg implements decoder.MesgListener.
func (l *wellnessListener) OnMesg(m proto.Message) {
	var ts uint32 = invalidTime
	if f := m.FieldByNum(proto.FieldNumTimestamp); f != nil {
		if v, ok := uintValue(f.Value); ok {
			ts = uint32(v)
			l.lastFull = ts
		}
	}
	switch m.Num {
	case mesgnum.FileId:
		l.fileID(&m)
	case mesgnum.Monitoring:
		l.monitoring(&m, ts)
	case mesgnum.MonitoringHrData:
		l.monitoringHR(&m, ts)
	case mesgnum.StressLevel:
		l.stress(&m)
	case mesgnum.HrvValue:
		l.hrv(&m, ts)
	case mesgnum.HrvStatusSummary:
		l.hrvSummary(&m, ts)
	case mesgnum.SleepLevel:
		l.sleepLevel(&m, ts)
	case mesgnum.SleepAssessment:
		l.sleepAssessment(&m)
	case mesgnum.Event:
		l.event(&m, ts)
	}
}

// fileID reads the file_id message: the file type, from the first one.
func (l *wellnessListener) fileID(m *proto.Message) {
	if l.hasFileID {
		return
	}
	l.hasFileID = true
	if f := m.FieldByNum(fieldnum.FileIdType); f != nil {
		if v, ok := uintValue(f.Value); ok {
			l.fileType = typedef.File(v)
		}
	}
}

// monitoring reads a monitoring row: heart rate, at a full or a 16-bit timestamp.
func (l *wellnessListener) monitoring(m *proto.Message, ts uint32) {
	t := ts
	if t == invalidTime && l.lastFull != invalidTime {
		if f := m.FieldByNum(fieldnum.MonitoringTimestamp16); f != nil {
			if v, ok := uintValue(f.Value); ok {
				t = timestamp16(l.lastFull, uint16(v))
			}
		}
	}
	if t == invalidTime {
		return
	}
	if f := m.FieldByNum(fieldnum.MonitoringHeartRate); f != nil {
		if v, ok := uintValue(f.Value); ok && v > 0 {
			l.add(t, easyday.MetricHeartRate, float64(v))
		}
	}
}

// monitoringHR reads the day's resting heart rate and its 7-day average.
func (l *wellnessListener) monitoringHR(m *proto.Message, ts uint32) {
	if ts == invalidTime {
		return
	}
	for num, v := range uintFields(m) {
		switch num {
		case fieldnum.MonitoringHrDataCurrentDayRestingHeartRate:
			l.add(ts, easyday.MetricRestingHR, float64(v))
		case fieldnum.MonitoringHrDataRestingHeartRate:
			l.add(ts, easyday.MetricRestingHR7d, float64(v))
		}
	}
}

// stress reads one stress reading (negative values are none).
func (l *wellnessListener) stress(m *proto.Message) {
	t, level, ok := uint32(invalidTime), uint64(0), false
	// uintValue drops negative values: −1, −2 … are "no reading".
	for num, v := range uintFields(m) {
		switch num {
		case fieldnum.StressLevelStressLevelTime:
			t = uint32(v)
		case fieldnum.StressLevelStressLevelValue:
			level, ok = v, true
		}
	}
	if t != invalidTime && ok && level <= 100 {
		l.add(t, easyday.MetricStress, float64(level))
	}
}

// hrv reads one overnight HRV reading, in ms.
func (l *wellnessListener) hrv(m *proto.Message, ts uint32) {
	if f := m.FieldByNum(fieldnum.HrvValueValue); f != nil && ts != invalidTime {
		if v, ok := uintValue(f.Value); ok && v > 0 {
			l.add(ts, easyday.MetricHRV, float64(v)/128)
		}
	}
}

// hrvSummary reads the night's HRV status and its averages.
func (l *wellnessListener) hrvSummary(m *proto.Message, ts uint32) {
	if ts == invalidTime {
		return
	}
	for num, v := range uintFields(m) {
		if num == fieldnum.HrvStatusSummaryStatus {
			if easyday.HRVStatusName(int(v)) != "" {
				l.add(ts, easyday.MetricHRVStatus, float64(v))
			}
			continue
		}
		if metric, ok := hrvSummaryMetrics[num]; ok {
			l.add(ts, metric, float64(v)/128)
		}
	}
}

// sleepLevel reads one sleep-stage change.
func (l *wellnessListener) sleepLevel(m *proto.Message, ts uint32) {
	if f := m.FieldByNum(fieldnum.SleepLevelSleepLevel); f != nil && ts != invalidTime {
		if v, ok := uintValue(f.Value); ok && v <= easyday.SleepREM {
			l.add(ts, easyday.MetricSleepLevel, float64(v))
			l.lastLevel = max(l.lastLevel, ts)
		}
	}
}

// sleepAssessment reads the sleep assessment, stamped by finish.
func (l *wellnessListener) sleepAssessment(m *proto.Message) {
	for num, v := range uintFields(m) {
		metric, ok := sleepAssessmentMetrics[num]
		if !ok || (v > 100 && num != fieldnum.SleepAssessmentAwakeningsCount && num != fieldnum.SleepAssessmentAverageStressDuringSleep) {
			continue
		}
		x := float64(v)
		if num == fieldnum.SleepAssessmentAverageStressDuringSleep {
			x /= 100
		}
		l.assessment = append(l.assessment, easyday.WellnessValue{Metric: metric, Value: x})
	}
}

// event reads an event: the end of the sleep window.
func (l *wellnessListener) event(m *proto.Message, ts uint32) {
	event, typ := uint64(0), uint64(0)
	for num, v := range uintFields(m) {
		switch num {
		case fieldnum.EventEvent:
			event = v
		case fieldnum.EventEventType:
			typ = v
		}
	}
	if event == eventSleep && ts != invalidTime && (typedef.EventType(typ) == typedef.EventTypeStop || typedef.EventType(typ) == typedef.EventTypeStopAll) {
		l.add(ts, easyday.MetricSleepEnd, 0)
		l.sleepEnd = max(l.sleepEnd, ts)
	}
}

// finish stamps the sleep assessment with the end of the sleep window (the
// event 74 stop, else the last sleep level, else the file's last value).
func (l *wellnessListener) finish() {
	if len(l.assessment) == 0 {
		return
	}
	t := l.sleepEnd
	if t == 0 {
		t = l.lastLevel
	}
	if t == 0 {
		t = l.lastTime
	}
	if t == 0 {
		return
	}
	for _, v := range l.assessment {
		l.add(t, v.Metric, v.Value)
	}
}

var hrvSummaryMetrics = map[byte]easyday.Metric{
	fieldnum.HrvStatusSummaryWeeklyAverage:         easyday.MetricHRVWeekly,
	fieldnum.HrvStatusSummaryLastNightAverage:      easyday.MetricHRVLastNight,
	fieldnum.HrvStatusSummaryLastNight5MinHigh:     easyday.MetricHRV5MinHigh,
	fieldnum.HrvStatusSummaryBaselineLowUpper:      easyday.MetricHRVLowUpper,
	fieldnum.HrvStatusSummaryBaselineBalancedLower: easyday.MetricHRVBalancedLow,
	fieldnum.HrvStatusSummaryBaselineBalancedUpper: easyday.MetricHRVBalancedHigh,
}

var sleepAssessmentMetrics = map[byte]easyday.Metric{
	fieldnum.SleepAssessmentOverallSleepScore:        easyday.MetricSleepScore,
	fieldnum.SleepAssessmentSleepQualityScore:        easyday.MetricSleepQuality,
	fieldnum.SleepAssessmentSleepDurationScore:       easyday.MetricSleepDuration,
	fieldnum.SleepAssessmentSleepRecoveryScore:       easyday.MetricSleepRecovery,
	fieldnum.SleepAssessmentDeepSleepScore:           easyday.MetricSleepDeep,
	fieldnum.SleepAssessmentLightSleepScore:          easyday.MetricSleepLight,
	fieldnum.SleepAssessmentRemSleepScore:            easyday.MetricSleepREM,
	fieldnum.SleepAssessmentSleepRestlessnessScore:   easyday.MetricSleepRestless,
	fieldnum.SleepAssessmentAwakeningsCount:          easyday.MetricSleepAwakenings,
	fieldnum.SleepAssessmentInterruptionsScore:       easyday.MetricSleepInterrupted,
	fieldnum.SleepAssessmentAverageStressDuringSleep: easyday.MetricSleepStress,
}

package fit

import (
	"iter"
	"math"
	"strconv"
	"time"

	"easyday"

	"github.com/muktihari/fit/proto"
)

// fitEpoch is the FIT date_time origin, 1989-12-31T00:00:00Z, as Unix seconds
// (FIT protocol, "date_time" type).
const fitEpoch = 631065600

// invalidTime is the FIT date_time "invalid" value.
const invalidTime = math.MaxUint32

// relativeTimeLimit bounds the FIT date_time values that are UTC: below it
// a value counts seconds from the device's power-on, its clock not yet set
// (FIT protocol, date_time type; docs/metrics.md §1.3). A compressed
// timestamp before any full one counts from 0, so it is below it too.
const relativeTimeLimit = 0x10000000

// relativeBefore is relativeTimeLimit as a time: a sample before it has a
// device's relative time.
var relativeBefore = fitInstant(relativeTimeLimit)

// fitTime converts FIT seconds to a UTC time.
func fitTime(t uint32) time.Time { return time.Unix(int64(t)+fitEpoch, 0).UTC() }

// fitInstant converts FIT seconds to an instant.
func fitInstant(t uint32) easyday.Instant { return easyday.Instant((int64(t) + fitEpoch) * 1e9) }

// fitSecondsAt converts an instant to FIT seconds: its whole seconds since
// the FIT epoch, plus its nanoseconds as a fraction.
func fitSecondsAt(i easyday.Instant) float64 {
	sec, ns := int64(i)/1e9, int64(i)%1e9
	if ns < 0 {
		sec, ns = sec-1, ns+1e9
	}
	return float64(sec-fitEpoch) + float64(ns)/1e9
}

// fitTimeF converts fractional FIT seconds to a UTC time.
func fitTimeF(t float64) time.Time {
	sec := math.Floor(t)
	return time.Unix(int64(sec)+fitEpoch, int64((t-sec)*1e9)).UTC()
}

// uintFields yields the number and value of each field of m that holds a
// valid unsigned number: the one loop every message kind easyday reads needs.
func uintFields(m *proto.Message) iter.Seq2[byte, uint64] {
	return func(yield func(byte, uint64) bool) {
		for i := range m.Fields {
			if v, ok := uintValue(m.Fields[i].Value); ok && !yield(m.Fields[i].Num, v) {
				return
			}
		}
	}
}

// uintValue returns a field's value as an unsigned integer, and false when the
// field holds its base type's "invalid" marker or a negative number. Files
// sometimes declare a field with another width than the profile, and the
// library then hands back the profile's type, a wider one or an array; taking
// every integer type (and an array's first element) keeps such files readable.
func uintValue(v proto.Value) (uint64, bool) {
	switch v.Type() {
	case proto.TypeUint8:
		x := v.Uint8()
		return uint64(x), x != math.MaxUint8
	case proto.TypeUint16:
		x := v.Uint16()
		return uint64(x), x != math.MaxUint16
	case proto.TypeUint32:
		x := v.Uint32()
		return uint64(x), x != math.MaxUint32
	case proto.TypeUint64:
		x := v.Uint64()
		return x, x != math.MaxUint64
	case proto.TypeInt8:
		x := v.Int8()
		return uint64(x), x >= 0 && x != math.MaxInt8
	case proto.TypeInt16:
		x := v.Int16()
		return uint64(x), x >= 0 && x != math.MaxInt16
	case proto.TypeInt32:
		x := v.Int32()
		return uint64(x), x >= 0 && x != math.MaxInt32
	case proto.TypeInt64:
		x := v.Int64()
		return uint64(x), x >= 0 && x != math.MaxInt64
	case proto.TypeFloat32:
		x := float64(v.Float32())
		ok := !math.IsNaN(x) && x >= 0 && x < math.MaxUint32 && math.Float32bits(v.Float32()) != math.MaxUint32
		return uint64(x), ok
	case proto.TypeFloat64:
		x := v.Float64()
		ok := !math.IsNaN(x) && x >= 0 && x < math.MaxUint64 && math.Float64bits(x) != math.MaxUint64
		return uint64(x), ok
	case proto.TypeSliceUint8:
		if s := v.SliceUint8(); len(s) > 0 {
			return uint64(s[0]), s[0] != math.MaxUint8
		}
	case proto.TypeSliceUint16:
		if s := v.SliceUint16(); len(s) > 0 {
			return uint64(s[0]), s[0] != math.MaxUint16
		}
	case proto.TypeSliceUint32:
		if s := v.SliceUint32(); len(s) > 0 {
			return uint64(s[0]), s[0] != math.MaxUint32
		}
	}
	return 0, false
}

// uint32Slice returns every element of an array field (or the one value of a
// scalar field) as uint32, invalid markers included, so that parallel arrays
// such as hr's filtered_bpm and event_timestamp keep their positions.
func uint32Slice(v proto.Value) (vals []uint32) {
	switch v.Type() {
	case proto.TypeSliceUint32:
		return append(vals, v.SliceUint32()...)
	case proto.TypeSliceUint16:
		for _, x := range v.SliceUint16() {
			vals = append(vals, uint32(x))
		}
	case proto.TypeSliceUint8:
		for _, x := range v.SliceUint8() {
			vals = append(vals, uint32(x))
		}
	default:
		if v.Type() != proto.TypeInvalid {
			x, _ := uintValue(v)
			vals = append(vals, uint32(x))
		}
	}
	return vals
}

// thousands formats n with comma separators ("82,114"), as the truncation
// message promises.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := false
	if n < 0 {
		neg, s = true, s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

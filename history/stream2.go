package history

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"

	"easyday"
)

// streamV2 is the first byte of a stream stored since pace load. After it:
//
//	uvarint n
//	6 columns of n residuals each, in this order:
//	  duration in ms, as the change from the previous segment's
//	  time step minus duration in ms (0 at 1 Hz; minus the duration at an interval's end)
//	  heart rate, as the change from the previous segment
//	  power, as the change from the previous segment
//	  distance in cm, as the change of the change (the speed varies slowly)
//	  altitude in cm, as the change from the previous segment
//
// Each column is cut in blocks of up to 128 residuals, and a block is
//
//	uvarint g   the greatest common divisor of the residuals; 0 when all are 0 and nothing follows
//	byte    w   bits per residual (1–64)
//	⌈len·w/8⌉ bytes: each residual / g, zigzag-coded, in w bits, least significant first
//
// Changes rather than values because a stream drifts; a per-block bit width
// rather than varints because most residuals need 2–8 bits, not a byte's
// multiples; the divisor because FIT altitude moves in 0.2 m steps. An hour
// at 1 Hz with heart rate, power, distance and altitude takes about 8 KB,
// and packing it is a few loops over integers, with no compressor.
//
// The first values are changes from 0. Missing values need no code:
// heart rate 0 and power −1 are stored as they are, and a missing distance
// or altitude (easyday.Missing, −1 m) is −100 cm.
const streamV2 = 2

// blockLen is how many residuals share one bit width.
const blockLen = 128

// v2Columns is the number of columns of a version 2 stream.
const v2Columns = 6

// maxMetres bounds a stored distance or altitude: a million kilometres is no
// activity, and the bound keeps every residual far from int64 overflow.
const maxMetres = 1e9

// encodeSegments packs segs into the stored form (version 2). Durations and
// time steps are rounded to the millisecond, distance and altitude to the
// centimetre; a negative, NaN or absurdly long duration or step, and a
// value out of range, is an error.
func encodeSegments(segs []easyday.Segment) ([]byte, error) {
	if len(segs) > maxSegments {
		return nil, fmt.Errorf("%d segments: more than %d", len(segs), maxSegments)
	}
	for i, s := range segs {
		if math.IsNaN(s.Dur) || s.Dur < 0 || s.Dur*1000 > maxDurMS {
			return nil, fmt.Errorf("segment %d: duration %v s out of range", i, s.Dur)
		}
		if math.IsNaN(s.Step) || s.Step < 0 || s.Step*1000 > maxDurMS {
			return nil, fmt.Errorf("segment %d: time step %v s out of range", i, s.Step)
		}
		if s.HR < math.MinInt32 || s.HR > math.MaxInt32 || s.Power < math.MinInt32 || s.Power > math.MaxInt32 {
			return nil, fmt.Errorf("segment %d: heart rate %d or power %d out of range", i, s.HR, s.Power)
		}
		if !(math.Abs(s.Distance) <= maxMetres) || !(math.Abs(s.Altitude) <= maxMetres) {
			return nil, fmt.Errorf("segment %d: distance %v m or altitude %v m out of range", i, s.Distance, s.Altitude)
		}
	}
	out := make([]byte, 0, 16+len(segs)*3)
	out = append(out, streamV2)
	out = binary.AppendUvarint(out, uint64(len(segs)))
	// One column at a time, one block at a time: the residuals of a block
	// live on the stack, and nothing is allocated but the output.
	var block [blockLen]int64
	for c := range v2Columns {
		var prev, prevDelta int64
		for lo := 0; lo < len(segs); lo += blockLen {
			part := segs[lo:min(lo+blockLen, len(segs))]
			for i, s := range part {
				var v int64
				switch c {
				case 0:
					v = int64(math.Round(s.Dur * 1000))
					block[i] = v - prev
				case 1:
					block[i] = int64(math.Round(s.Step*1000)) - int64(math.Round(s.Dur*1000))
				case 2:
					v = int64(s.HR)
					block[i] = v - prev
				case 3:
					v = int64(s.Power)
					block[i] = v - prev
				case 4:
					v = int64(math.Round(s.Distance * 100))
					delta := v - prev
					block[i] = delta - prevDelta
					prevDelta = delta
				case 5:
					v = int64(math.Round(s.Altitude * 100))
					block[i] = v - prev
				}
				prev = v
			}
			out = appendBlock(out, block[:len(part)])
		}
	}
	return out, nil
}

// appendBlock packs one block of residuals.
func appendBlock(out []byte, block []int64) []byte {
	var g uint64
	for _, r := range block {
		if g = gcd(g, abs64(r)); g == 1 {
			break
		}
	}
	out = binary.AppendUvarint(out, g)
	if g == 0 {
		return out
	}
	var vs [blockLen]uint64
	var top uint64
	for i, r := range block {
		if g != 1 {
			r /= int64(g)
		}
		vs[i] = zigzag(r)
		top |= vs[i]
	}
	w := uint(bits.Len64(top))
	out = append(out, byte(w))
	var acc uint64 // bits not yet written, least significant first
	var have uint  // how many
	for _, v := range vs[:len(block)] {
		for left := w; left > 0; {
			k := min(left, 32)
			acc |= (v & (1<<k - 1)) << have
			have += k
			v >>= k
			left -= k
			for have >= 8 {
				out = append(out, byte(acc))
				acc >>= 8
				have -= 8
			}
		}
	}
	if have > 0 {
		out = append(out, byte(acc))
	}
	return out
}

// decodeV2 unpacks the body of a version 2 stream.
func decodeV2(raw []byte) ([]easyday.Segment, error) {
	n, k := binary.Uvarint(raw)
	if k <= 0 {
		return nil, fmt.Errorf("%w: bad count", errCorruptStream)
	}
	raw = raw[k:]
	// Every block takes at least a byte: a cheap bound before allocating.
	if n > maxSegments || (n+blockLen-1)/blockLen*v2Columns > uint64(len(raw)) {
		return nil, fmt.Errorf("%w: %d segments in %d bytes", errCorruptStream, n, len(raw))
	}
	if n == 0 {
		if len(raw) != 0 {
			return nil, fmt.Errorf("%w: trailing bytes", errCorruptStream)
		}
		return nil, nil
	}
	cols := make([]int64, v2Columns*int(n))
	for c := range v2Columns {
		col := cols[c*int(n) : (c+1)*int(n)]
		for i := 0; i < len(col); i += blockLen {
			var err error
			if raw, err = readBlock(raw, col[i:min(i+blockLen, len(col))]); err != nil {
				return nil, fmt.Errorf("%w: column %d, segment %d: %w", errCorruptStream, c, i, err)
			}
		}
	}
	if len(raw) != 0 {
		return nil, fmt.Errorf("%w: trailing bytes", errCorruptStream)
	}
	segs := make([]easyday.Segment, n)
	var ms, hr, pw, cm, delta, h int64
	// Residuals are sums of at most 2^21 values each below 2^63 / 2^22, so
	// a running total cannot wrap before the range check catches it.
	const limit = math.MaxInt64 >> 22
	for i := range segs {
		r := [v2Columns]int64{cols[i], cols[int(n)+i], cols[2*int(n)+i], cols[3*int(n)+i], cols[4*int(n)+i], cols[5*int(n)+i]}
		for _, x := range r {
			if x > limit || x < -limit {
				return nil, fmt.Errorf("%w: value out of range at segment %d", errCorruptStream, i)
			}
		}
		ms += r[0]
		step := ms + r[1]
		hr += r[2]
		pw += r[3]
		delta += r[4]
		cm += delta
		h += r[5]
		switch {
		case ms < 0 || ms > maxDurMS || step < 0 || step > maxDurMS:
			return nil, fmt.Errorf("%w: bad duration at segment %d", errCorruptStream, i)
		case hr < math.MinInt32 || hr > math.MaxInt32 || pw < math.MinInt32 || pw > math.MaxInt32:
			return nil, fmt.Errorf("%w: value out of range at segment %d", errCorruptStream, i)
		case delta > limit || delta < -limit || cm > maxMetres*100 || cm < -maxMetres*100 || h > maxMetres*100 || h < -maxMetres*100:
			return nil, fmt.Errorf("%w: distance or altitude out of range at segment %d", errCorruptStream, i)
		}
		segs[i] = easyday.Segment{
			Dur: float64(ms) / 1000, Step: float64(step) / 1000,
			HR: int(hr), Power: int(pw),
			Distance: float64(cm) / 100, Altitude: float64(h) / 100,
		}
	}
	return segs, nil
}

// readBlock unpacks one block of residuals into dst and returns the rest.
func readBlock(raw []byte, dst []int64) ([]byte, error) {
	g, k := binary.Uvarint(raw)
	if k <= 0 {
		return nil, fmt.Errorf("bad divisor")
	}
	raw = raw[k:]
	if g == 0 {
		clear(dst)
		return raw, nil
	}
	if g > math.MaxInt64 || len(raw) == 0 {
		return nil, fmt.Errorf("bad block")
	}
	w := uint(raw[0])
	raw = raw[1:]
	size := (len(dst)*int(w) + 7) / 8
	if w == 0 || w > 64 || size > len(raw) {
		return nil, fmt.Errorf("bad bit width %d", w)
	}
	var acc uint64
	var have uint
	src := raw[:size]
	get := func(w uint) uint64 { // w ≤ 32
		for have < w {
			acc |= uint64(src[0]) << have
			src = src[1:]
			have += 8
		}
		v := acc & (1<<w - 1)
		acc >>= w
		have -= w
		return v
	}
	for i := range dst {
		var v uint64
		if w > 32 {
			v = get(32)
			v |= get(w-32) << 32
		} else {
			v = get(w)
		}
		q := unzigzag(v)
		r := q * int64(g)
		if q != 0 && (r/q != int64(g) || r/int64(g) != q) {
			return nil, fmt.Errorf("residual overflows")
		}
		dst[i] = r
	}
	return raw[size:], nil
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

func abs64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

func gcd(a, b uint64) uint64 {
	if a == b {
		return a
	}
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

package history

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"sync"

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
// multiples; the divisor because FIT altitude moves in 0.2 m steps. Packing
// is a few loops over integers, with no compressor; the bytes an hour takes
// are in docs/benchmarks.md, "Settings measured".
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
// value out of range, is a *RangeError.
//
// It reads the segments once, 128 at a time: each block's six columns of
// residuals are packed into a buffer per column, and the columns are
// joined at the end.
func encodeSegments(segs []easyday.Segment) ([]byte, error) {
	if len(segs) > maxSegments {
		return nil, &RangeError{Segment: -1, Field: "segments", Value: float64(len(segs))}
	}
	cols := columnPool.Get().(*[v2Columns][]byte)
	defer columnPool.Put(cols)
	for c := range cols {
		cols[c] = cols[c][:0]
	}
	var block [v2Columns][blockLen]int64
	var prevDur, prevHR, prevPower, prevDist, prevDelta, prevAlt int64
	for lo := 0; lo < len(segs); lo += blockLen {
		part := segs[lo:min(lo+blockLen, len(segs))]
		for i := range part {
			s := &part[i]
			if !storable(s) {
				return nil, checkSegment(s, lo+i)
			}
			dur := roundInt(s.Dur * 1000)
			block[0][i], prevDur = dur-prevDur, dur
			block[1][i] = roundInt(s.Step*1000) - dur
			hr := int64(s.HR)
			block[2][i], prevHR = hr-prevHR, hr
			w := int64(s.Power)
			block[3][i], prevPower = w-prevPower, w
			d := roundInt(s.Distance * 100)
			delta := d - prevDist
			block[4][i], prevDist, prevDelta = delta-prevDelta, d, delta
			alt := roundInt(s.Altitude * 100)
			block[5][i], prevAlt = alt-prevAlt, alt
		}
		for c := range cols {
			cols[c] = appendBlock(cols[c], block[c][:len(part)])
		}
	}
	size := 1 + binary.MaxVarintLen64
	for _, col := range cols {
		size += len(col)
	}
	out := make([]byte, 0, size)
	out = append(out, streamV2)
	out = binary.AppendUvarint(out, uint64(len(segs)))
	for _, col := range cols {
		out = append(out, col...)
	}
	return out, nil
}

// roundInt is int64(math.Round(x)), halves away from zero, for |x| below
// 2^62, as storable makes every value encodeSegments rounds: the
// truncation is one instruction and x less it is exact, where math.Round
// works on the bits (a sixth of the encoder's time went to it).
func roundInt(x float64) int64 {
	r := int64(x)
	switch f := x - float64(r); {
	case f >= 0.5:
		r++
	case f <= -0.5:
		r--
	}
	return r
}

// columnPool holds the column buffers of encodeSegments from one stream to
// the next.
var columnPool = sync.Pool{New: func() any { return new([v2Columns][]byte) }}

// storable reports whether every value of s can be stored: checkSegment
// finds no fault.
func storable(s *easyday.Segment) bool {
	return s.Dur >= 0 && s.Dur*1000 <= maxDurMS && s.Step >= 0 && s.Step*1000 <= maxDurMS &&
		int64(s.HR) >= math.MinInt32 && int64(s.HR) <= math.MaxInt32 &&
		int64(s.Power) >= math.MinInt32 && int64(s.Power) <= math.MaxInt32 &&
		math.Abs(s.Distance) <= maxMetres && math.Abs(s.Altitude) <= maxMetres
}

// checkSegment returns a *RangeError for segment i when a value of s
// cannot be stored.
func checkSegment(s *easyday.Segment, i int) error {
	switch {
	case math.IsNaN(s.Dur) || s.Dur < 0 || s.Dur*1000 > maxDurMS:
		return &RangeError{Segment: i, Field: "duration", Value: s.Dur}
	case math.IsNaN(s.Step) || s.Step < 0 || s.Step*1000 > maxDurMS:
		return &RangeError{Segment: i, Field: "time step", Value: s.Step}
	case s.HR < math.MinInt32 || s.HR > math.MaxInt32:
		return &RangeError{Segment: i, Field: "heart rate", Value: float64(s.HR)}
	case s.Power < math.MinInt32 || s.Power > math.MaxInt32:
		return &RangeError{Segment: i, Field: "power", Value: float64(s.Power)}
	case !(math.Abs(s.Distance) <= maxMetres):
		return &RangeError{Segment: i, Field: "distance", Value: s.Distance}
	case !(math.Abs(s.Altitude) <= maxMetres):
		return &RangeError{Segment: i, Field: "altitude", Value: s.Altitude}
	}
	return nil
}

// appendBlock packs one block of residuals.
func appendBlock(out []byte, block []int64) []byte {
	g := blockGCD(block)
	out = binary.AppendUvarint(out, g)
	if g == 0 {
		return out
	}
	var vs [blockLen]uint64
	var top uint64
	if g == 1 {
		for i, r := range block {
			vs[i] = zigzag(r)
			top |= vs[i]
		}
	} else {
		// Every residual is a multiple of g = 2^k·o with o odd: r/g is
		// (r >> k) times the inverse of o modulo 2^64, exactly, and
		// without a division.
		k := uint(bits.TrailingZeros64(g))
		inv := inverseOdd(g >> k)
		for i, r := range block {
			vs[i] = zigzag((r >> k) * int64(inv))
			top |= vs[i]
		}
	}
	w := uint(bits.Len64(top))
	out = append(out, byte(w))
	var acc uint64 // bits not yet written, least significant first
	var have uint  // how many (below 32 between values)
	for _, v := range vs[:len(block)] {
		if w > 32 {
			acc |= (v & math.MaxUint32) << have
			out = binary.LittleEndian.AppendUint32(out, uint32(acc))
			acc >>= 32
			v >>= 32
			acc |= v << have
			have += w - 32
		} else {
			acc |= v << have
			have += w
		}
		if have >= 32 {
			out = binary.LittleEndian.AppendUint32(out, uint32(acc))
			acc >>= 32
			have -= 32
		}
	}
	for ; have > 0; have -= min(have, 8) {
		out = append(out, byte(acc))
		acc >>= 8
	}
	return out
}

// blockGCD is the greatest common divisor of the residuals of a block, 0
// when all are 0. It stays a call of its own: inlined into encodeSegments
// by the profile-guided build, its loop kept its counter and divisor on
// the stack, and the encoder took 10.4–10.9% of an import's CPU samples
// instead of 9.4–9.7% (docs/benchmarks.md, "Steps and what the profiles
// showed").
//
//go:noinline
func blockGCD(block []int64) uint64 {
	var g uint64
	for _, r := range block {
		if a := abs64(r); a != 0 && a != g {
			if g = gcd(g, a); g == 1 {
				break
			}
		}
	}
	return g
}

// inverseOdd returns the inverse of an odd o modulo 2^64 (Newton's
// iteration: each step doubles the correct low bits, from 3).
func inverseOdd(o uint64) uint64 {
	x := o
	for range 5 {
		x *= 2 - o*x
	}
	return x
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
	segs := make([]easyday.Segment, n)
	// Residuals are sums of at most 2^21 values each below 2^63 / 2^22, so
	// a running total cannot wrap before the range checks catch it.
	const limit = math.MaxInt64 >> 22
	const maxCM = maxMetres * 100
	var block [blockLen]int64
	for c := range v2Columns {
		var v, delta int64
		for lo := 0; lo < len(segs); lo += blockLen {
			r := block[:min(blockLen, len(segs)-lo)]
			var err error
			if raw, err = readBlock(raw, r); err != nil {
				return nil, fmt.Errorf("%w: column %d, segment %d: %w", errCorruptStream, c, lo, err)
			}
			part := segs[lo : lo+len(r)]
			for i, x := range r {
				if x > limit || x < -limit {
					return nil, fmt.Errorf("%w: value out of range at segment %d", errCorruptStream, lo+i)
				}
				s := &part[i]
				switch c {
				case 0:
					if v += x; v < 0 || v > maxDurMS {
						return nil, fmt.Errorf("%w: bad duration at segment %d", errCorruptStream, lo+i)
					}
					s.Dur = float64(v) / 1000
				case 1:
					// Dur holds a whole number of milliseconds: it rounds back exactly.
					step := int64(math.Round(s.Dur*1000)) + x
					if step < 0 || step > maxDurMS {
						return nil, fmt.Errorf("%w: bad time step at segment %d", errCorruptStream, lo+i)
					}
					s.Step = float64(step) / 1000
				case 2, 3:
					if v += x; v < math.MinInt32 || v > math.MaxInt32 {
						return nil, fmt.Errorf("%w: value out of range at segment %d", errCorruptStream, lo+i)
					}
					if c == 2 {
						s.HR = int(v)
					} else {
						s.Power = int(v)
					}
				case 4:
					delta += x
					if v += delta; delta > limit || delta < -limit || v > maxCM || v < -maxCM {
						return nil, fmt.Errorf("%w: distance out of range at segment %d", errCorruptStream, lo+i)
					}
					s.Distance = float64(v) / 100
				case 5:
					if v += x; v > maxCM || v < -maxCM {
						return nil, fmt.Errorf("%w: altitude out of range at segment %d", errCorruptStream, lo+i)
					}
					s.Altitude = float64(v) / 100
				}
			}
		}
	}
	if len(raw) != 0 {
		return nil, fmt.Errorf("%w: trailing bytes", errCorruptStream)
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
	src := raw[:size]
	mask := uint64(math.MaxUint64) >> (64 - w)
	var acc uint64 // bits read and not yet used, least significant first
	var have uint  // how many
	for i := range dst {
		var u uint64
		if w <= 56 {
			// The usual case: top up a byte at a time, at most 63 bits held.
			for have < w {
				acc |= uint64(src[0]) << have
				src = src[1:]
				have += 8
			}
			u = acc & mask
			acc >>= w
			have -= w
		} else {
			// Wider than 56 bits: in two steps, so no bit falls off.
			need, shift := w, uint(0)
			for need > 0 {
				for have < min(need, 56) && len(src) > 0 {
					acc |= uint64(src[0]) << have
					src = src[1:]
					have += 8
				}
				k := min(need, have)
				if k == 0 {
					return nil, fmt.Errorf("block shorter than its bits")
				}
				u |= (acc & (uint64(math.MaxUint64) >> (64 - k))) << shift
				acc >>= k
				have -= k
				need -= k
				shift += k
			}
		}
		q := unzigzag(u)
		if g == 1 {
			dst[i] = q
			continue
		}
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

// gcd is the binary greatest common divisor: shifts and subtractions, no
// division.
func gcd(a, b uint64) uint64 {
	switch {
	case a == 0:
		return b
	case b == 0 || a == b:
		return a
	}
	k := bits.TrailingZeros64(a | b)
	a >>= bits.TrailingZeros64(a)
	for {
		b >>= bits.TrailingZeros64(b)
		if a > b {
			a, b = b, a
		}
		b -= a
		if b == 0 {
			return a << k
		}
	}
}

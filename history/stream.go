package history

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"easyday"
)

// streamV1 is the first byte of a stored stream. After it comes a raw DEFLATE
// stream of:
//
//	uvarint n
//	n × uvarint duration in milliseconds
//	n × zigzag varint heart-rate change from the previous segment (first from 0)
//	n × zigzag varint power change from the previous segment (first from 0)
//
// Columns rather than records, and changes rather than values, because a 1 Hz
// stream repeats its duration and drifts slowly in heart rate: DEFLATE then
// shrinks an hour to a few kilobytes. Power is stored as the int itself, so
// easyday.Missing (−1) needs no special code and no reading is out of range.
const streamV1 = 1

// maxSegments bounds one activity's stream, so that a corrupt blob cannot
// exhaust memory: over 24 days at 1 Hz, far beyond any single activity.
const maxSegments = 1 << 21

// maxStream bounds a decompressed stream: a segment takes at most 15 bytes
// (a duration below 2^35 ms and two int32 changes, 5 bytes each).
const maxStream = binary.MaxVarintLen64 + maxSegments*15

// maxDurMS bounds one segment's duration: a segment owns at most 30 s
// (METRICS.md §1.5); a year leaves room for any future rule while keeping
// the millisecond count far from float64's exact-integer limit.
const maxDurMS = 365 * 24 * 3600 * 1000

// errCorruptStream marks a stored stream that cannot be decoded.
var errCorruptStream = errors.New("corrupt segment stream")

// encodeSegments packs segs into the stored form. Durations are rounded to the
// millisecond; a negative, NaN or absurdly long duration is an error.
func encodeSegments(segs []easyday.Segment) ([]byte, error) {
	if len(segs) > maxSegments {
		return nil, fmt.Errorf("%d segments: more than %d", len(segs), maxSegments)
	}
	raw := make([]byte, 0, binary.MaxVarintLen64+len(segs)*5)
	raw = binary.AppendUvarint(raw, uint64(len(segs)))
	for i, s := range segs {
		if math.IsNaN(s.Dur) || s.Dur < 0 || s.Dur*1000 > maxDurMS {
			return nil, fmt.Errorf("segment %d: duration %v s out of range", i, s.Dur)
		}
		if s.HR < math.MinInt32 || s.HR > math.MaxInt32 || s.Power < math.MinInt32 || s.Power > math.MaxInt32 {
			return nil, fmt.Errorf("segment %d: heart rate %d or power %d out of range", i, s.HR, s.Power)
		}
		raw = binary.AppendUvarint(raw, uint64(math.Round(s.Dur*1000)))
	}
	prev := int64(0)
	for _, s := range segs {
		raw = binary.AppendVarint(raw, int64(s.HR)-prev)
		prev = int64(s.HR)
	}
	prev = 0
	for _, s := range segs {
		raw = binary.AppendVarint(raw, int64(s.Power)-prev)
		prev = int64(s.Power)
	}

	var buf bytes.Buffer
	buf.Grow(len(raw)/3 + 16)
	buf.WriteByte(streamV1)
	zw := writers.Get().(*flate.Writer)
	defer writers.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("compress segments: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress segments: %w", err)
	}
	return buf.Bytes(), nil
}

// A DEFLATE writer allocates about 600 KB and a reader about 40 KB: pooled,
// storing or loading thousands of streams does not churn the heap.
var (
	writers = sync.Pool{New: func() any {
		zw, _ := flate.NewWriter(nil, flate.DefaultCompression) // fails only for a bad level
		return zw
	}}
	readers = sync.Pool{New: func() any { return flate.NewReader(nil) }}
	buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// decodeSegments unpacks a stored stream. An empty stream gives nil.
func decodeSegments(b []byte) ([]easyday.Segment, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: empty", errCorruptStream)
	}
	if b[0] != streamV1 {
		return nil, fmt.Errorf("%w: unknown version %d", errCorruptStream, b[0])
	}
	zr := readers.Get().(io.ReadCloser)
	defer readers.Put(zr)
	if err := zr.(flate.Resetter).Reset(bytes.NewReader(b[1:]), nil); err != nil {
		return nil, fmt.Errorf("%w: %w", errCorruptStream, err)
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(io.LimitReader(zr, maxStream+1)); err != nil {
		return nil, fmt.Errorf("%w: %w", errCorruptStream, err)
	}
	raw := buf.Bytes()
	if len(raw) > maxStream {
		return nil, fmt.Errorf("%w: longer than %d bytes", errCorruptStream, maxStream)
	}

	n, k := binary.Uvarint(raw)
	if k <= 0 {
		return nil, fmt.Errorf("%w: bad count", errCorruptStream)
	}
	raw = raw[k:]
	// Every segment takes at least three bytes: a cheap bound before allocating.
	if n > uint64(len(raw))/3 || n > maxSegments {
		return nil, fmt.Errorf("%w: %d segments in %d bytes", errCorruptStream, n, len(raw))
	}
	if n == 0 {
		if len(raw) != 0 {
			return nil, fmt.Errorf("%w: trailing bytes", errCorruptStream)
		}
		return nil, nil
	}
	segs := make([]easyday.Segment, n)
	for i := range segs {
		ms, k := binary.Uvarint(raw)
		if k <= 0 || ms > maxDurMS {
			return nil, fmt.Errorf("%w: bad duration at segment %d", errCorruptStream, i)
		}
		raw = raw[k:]
		segs[i].Dur = float64(ms) / 1000
	}
	for col := 0; col < 2; col++ {
		v := int64(0)
		for i := range segs {
			d, k := binary.Varint(raw)
			if k <= 0 {
				return nil, fmt.Errorf("%w: bad value at segment %d", errCorruptStream, i)
			}
			raw = raw[k:]
			v += d
			if v < math.MinInt32 || v > math.MaxInt32 {
				return nil, fmt.Errorf("%w: value out of range at segment %d", errCorruptStream, i)
			}
			if col == 0 {
				segs[i].HR = int(v)
			} else {
				segs[i].Power = int(v)
			}
		}
	}
	if len(raw) != 0 {
		return nil, fmt.Errorf("%w: trailing bytes", errCorruptStream)
	}
	return segs, nil
}

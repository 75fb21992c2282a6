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

// streamV1 is the first byte of a stream stored before pace load (it is
// read, never written any more). After it comes a raw DEFLATE stream of:
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

// maxStream bounds a decompressed version 1 stream: a segment takes at most 15 bytes
// (a duration below 2^35 ms and two int32 changes, 5 bytes each).
const maxStream = binary.MaxVarintLen64 + maxSegments*15

// maxDurMS bounds one segment's duration: a segment owns at most 30 s
// (docs/metrics.md §1.5); a year leaves room for any future rule while keeping
// the millisecond count far from float64's exact-integer limit.
const maxDurMS = 365 * 24 * 3600 * 1000

// errCorruptStream marks a stored stream that cannot be decoded.
var errCorruptStream = errors.New("corrupt segment stream")

// A DEFLATE reader allocates about 40 KB: pooled, loading thousands of
// version 1 streams does not churn the heap.
var (
	readers = sync.Pool{New: func() any { return flate.NewReader(nil) }}
	buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// decodeSegments unpacks a stored stream of either version. An empty
// stream gives nil.
func decodeSegments(b []byte) ([]easyday.Segment, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: empty", errCorruptStream)
	}
	switch b[0] {
	case streamV1:
		return decodeV1(b[1:])
	case streamV2:
		return decodeV2(b[1:])
	}
	return nil, fmt.Errorf("%w: unknown version %d", errCorruptStream, b[0])
}

// decodeV1 unpacks the body of a version 1 stream. Version 1 carries no
// distance, altitude or time step: its segments have Distance and Altitude
// Missing, so pace load sees an activity without distance.
func decodeV1(body []byte) ([]easyday.Segment, error) {
	zr := readers.Get().(io.ReadCloser)
	defer readers.Put(zr)
	if err := zr.(flate.Resetter).Reset(bytes.NewReader(body), nil); err != nil {
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
		// Version 1 streams carry no distance or altitude.
		segs[i].Distance, segs[i].Altitude = easyday.Missing, easyday.Missing
		ms, k := binary.Uvarint(raw)
		if k <= 0 || ms > maxDurMS {
			return nil, fmt.Errorf("%w: bad duration at segment %d", errCorruptStream, i)
		}
		raw = raw[k:]
		segs[i].Dur = float64(ms) / 1000
		segs[i].Step = segs[i].Dur
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

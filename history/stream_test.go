package history

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

// hourStream returns a realistic 1 Hz hour: heart rate drifting between 110
// and 180 bpm, power around 200 W with noise and some missing seconds.
func hourStream(seed uint64) []easyday.Segment {
	r := rand.New(rand.NewPCG(seed, 1))
	segs := make([]easyday.Segment, 3600)
	hr := 120
	for i := range segs {
		hr += r.IntN(5) - 2
		hr = max(110, min(180, hr))
		p := 200 + r.IntN(81) - 40
		if i%600 == 599 {
			p = easyday.Missing
		}
		segs[i] = easyday.Segment{Dur: 1, HR: hr, Power: p}
	}
	return segs
}

func TestSegmentsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		segs []easyday.Segment
		want []easyday.Segment // nil: same as segs
	}{
		{name: "nil", segs: nil},
		{name: "empty becomes nil", segs: []easyday.Segment{}, want: nil},
		{name: "one", segs: []easyday.Segment{{Dur: 1, HR: 150, Power: 250}}},
		{name: "missing values", segs: []easyday.Segment{{Dur: 1, HR: 0, Power: easyday.Missing}, {Dur: 2.5, HR: 0, Power: 0}}},
		{name: "smart recording, millisecond durations", segs: []easyday.Segment{
			{Dur: 0.001, HR: 60, Power: 1}, {Dur: 4.25, HR: 61, Power: 65535}, {Dur: 30, HR: 254, Power: 65534},
			{Dur: 0, HR: 255, Power: 3000}, {Dur: 12.345, HR: 1, Power: easyday.Missing},
		}},
		{name: "out-of-range readings kept", segs: []easyday.Segment{{Dur: 1, HR: 1000, Power: 100000}, {Dur: 1, HR: -5, Power: -7}}},
		{name: "extremes", segs: []easyday.Segment{{Dur: 1, HR: math.MaxInt32, Power: math.MinInt32}, {Dur: 1, HR: math.MinInt32, Power: math.MaxInt32}}},
		{name: "hour", segs: hourStream(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := encodeSegments(tt.segs)
			if err != nil {
				t.Fatalf("encodeSegments(%s) error %v", tt.name, err)
			}
			got, err := decodeSegments(b)
			if err != nil {
				t.Fatalf("decodeSegments(encodeSegments(%s)) error %v", tt.name, err)
			}
			want := tt.want
			if want == nil && len(tt.segs) > 0 {
				want = tt.segs
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("decodeSegments(encodeSegments(%s)) mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// Durations that are not whole milliseconds come back within half a millisecond.
func TestSegmentsMillisecond(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	segs := make([]easyday.Segment, 1000)
	for i := range segs {
		segs[i] = easyday.Segment{Dur: r.Float64() * 30, HR: 100, Power: 100}
	}
	segs[0].Dur = 0.1 + 0.2 // 0.30000000000000004
	b, err := encodeSegments(segs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeSegments(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range segs {
		if d := math.Abs(got[i].Dur - segs[i].Dur); d > 0.0005 {
			t.Errorf("segment %d: Dur %v came back %v, off by %v s", i, segs[i].Dur, got[i].Dur, d)
		}
		if want := math.Round(segs[i].Dur*1000) / 1000; got[i].Dur != want {
			t.Errorf("segment %d: Dur %v came back %v, want %v", i, segs[i].Dur, got[i].Dur, want)
		}
	}
	if got[0].Dur != 0.3 {
		t.Errorf("Dur 0.1+0.2 came back %v, want 0.3", got[0].Dur)
	}
}

func TestEncodeSegmentsRejects(t *testing.T) {
	tests := []struct {
		name string
		seg  easyday.Segment
	}{
		{"NaN duration", easyday.Segment{Dur: math.NaN()}},
		{"negative duration", easyday.Segment{Dur: -1}},
		{"infinite duration", easyday.Segment{Dur: math.Inf(1)}},
		{"duration over a year", easyday.Segment{Dur: 366 * 86400}},
		{"heart rate beyond int32", easyday.Segment{Dur: 1, HR: math.MaxInt32 + 1}},
		{"power beyond int32", easyday.Segment{Dur: 1, Power: math.MinInt32 - 1}},
	}
	for _, tt := range tests {
		segs := []easyday.Segment{{Dur: 1, HR: 100, Power: 100}, tt.seg}
		if b, err := encodeSegments(segs); err == nil {
			t.Errorf("encodeSegments(%s) = %d bytes, want error", tt.name, len(b))
		}
	}
	if b, err := encodeSegments(make([]easyday.Segment, maxSegments+1)); err == nil {
		t.Errorf("encodeSegments(%d segments) = %d bytes, want error", maxSegments+1, len(b))
	}
}

// deflate compresses raw as a version-1 stream body.
func deflate(t testing.TB, raw []byte) []byte {
	var buf bytes.Buffer
	buf.WriteByte(streamV1)
	zw, _ := flate.NewWriter(&buf, flate.BestSpeed)
	zw.Write(raw)
	zw.Close()
	return buf.Bytes()
}

func TestDecodeSegmentsCorrupt(t *testing.T) {
	good, err := encodeSegments(hourStream(2))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"unknown version", append([]byte{9}, good[1:]...)},
		{"truncated deflate", good[:len(good)/2]},
		{"not deflate", []byte{streamV1, 0xff, 0xff, 0xff}},
		{"no count", deflate(t, nil)},
		{"count larger than data", deflate(t, binary.AppendUvarint(nil, 1<<40))},
		{"missing columns", deflate(t, []byte{2, 1, 1, 1})},
		{"trailing bytes", deflate(t, []byte{1, 1, 1, 1, 7})},
		{"trailing bytes after none", deflate(t, []byte{0, 7})},
		{"heart rate overflow", deflate(t, append([]byte{1, 1}, binary.AppendVarint(binary.AppendVarint(nil, math.MaxInt32+1), 0)...))},
		{"duration too long", deflate(t, append(append([]byte{1}, binary.AppendUvarint(nil, maxDurMS+1)...), 0, 0))},
	}
	for _, tt := range tests {
		got, err := decodeSegments(tt.b)
		if err == nil {
			t.Errorf("decodeSegments(%s) = %d segments, want error", tt.name, len(got))
		} else if !errors.Is(err, errCorruptStream) {
			t.Errorf("decodeSegments(%s) error %v, want errCorruptStream", tt.name, err)
		}
	}
}

// A stored hour is small: the point of the compact form.
func TestSegmentsHourSize(t *testing.T) {
	b, err := encodeSegments(hourStream(3))
	if err != nil {
		t.Fatal(err)
	}
	// 3600 × (2-byte duration, HR byte, 2-byte power) = 18,000 bytes before
	// compression; the noisy power column dominates what remains.
	if len(b) > 9000 {
		t.Errorf("encodeSegments(1 h at 1 Hz) = %d bytes, want at most 9000", len(b))
	}
	t.Logf("1 h at 1 Hz: %d bytes", len(b))
}

func FuzzDecodeSegments(f *testing.F) {
	for _, segs := range [][]easyday.Segment{nil, {{Dur: 1, HR: 150, Power: easyday.Missing}}, hourStream(4)[:100]} {
		b, err := encodeSegments(segs)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		segs, err := decodeSegments(b)
		if err != nil {
			return
		}
		// Whatever decodes must encode and decode to itself.
		b2, err := encodeSegments(segs)
		if err != nil {
			t.Fatalf("encodeSegments(decoded) error %v", err)
		}
		segs2, err := decodeSegments(b2)
		if err != nil {
			t.Fatalf("decodeSegments(re-encoded) error %v", err)
		}
		if diff := cmp.Diff(segs, segs2); diff != "" {
			t.Fatalf("re-encode mismatch (-first +second):\n%s", diff)
		}
	})
}

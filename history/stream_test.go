package history

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"sync"
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
		{name: "hour of a run with distance and altitude", segs: hourRun(1)},
		{name: "pace fields", segs: []easyday.Segment{
			{Dur: 1, HR: 150, Power: easyday.Missing, Distance: 0, Altitude: -12.34, Step: 1},
			{Dur: 30, HR: 151, Power: easyday.Missing, Distance: 3.01, Altitude: 8848.86, Step: 95.5},
			{Dur: 0.5, HR: 0, Power: easyday.Missing, Distance: easyday.Missing, Altitude: easyday.Missing, Step: 0.5},
			{Dur: 0, HR: 0, Power: easyday.Missing, Distance: 42195, Altitude: easyday.Missing, Step: 0},
			{Dur: 2, HR: 0, Power: 0, Distance: 1e6, Altitude: -430.5, Step: 2},
			{Dur: 1, HR: 0, Power: 0, Distance: 12.5, Altitude: 0, Step: 1},
		}},
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

// A value the stream cannot hold is told in a runner's words.
func TestRangeErrorSaysWhatIsWrong(t *testing.T) {
	tests := []struct {
		seg  easyday.Segment
		want string
	}{
		{easyday.Segment{Dur: 1, Step: 80 * 365.25 * 86400}, "timestamps 80 years apart"},
		{easyday.Segment{Dur: 1, Step: 400 * 86400}, "timestamps 400 days apart"},
		{easyday.Segment{Dur: 1, Step: -3}, "samples out of time order"},
		{easyday.Segment{Dur: 1, Distance: 2e9}, "a distance of 2e+06 km, beyond what any activity can have"},
		{easyday.Segment{Dur: 1, Altitude: -2e9}, "an altitude of -2e+06 km, beyond what any activity can have"},
		{easyday.Segment{Dur: 1, Altitude: math.NaN()}, "an altitude that is not a number"},
	}
	for _, tt := range tests {
		_, err := encodeSegments([]easyday.Segment{{Dur: 1}, tt.seg})
		if err == nil || err.Error() != tt.want {
			t.Errorf("encodeSegments(%+v) error %v, want %q", tt.seg, err, tt.want)
		}
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
		{"NaN step", easyday.Segment{Dur: 1, Step: math.NaN()}},
		{"negative step", easyday.Segment{Dur: 1, Step: -1}},
		{"NaN distance", easyday.Segment{Dur: 1, Distance: math.NaN()}},
		{"infinite altitude", easyday.Segment{Dur: 1, Altitude: math.Inf(-1)}},
		{"distance beyond a million km", easyday.Segment{Dur: 1, Distance: 2e9}},
	}
	for _, tt := range tests {
		segs := []easyday.Segment{{Dur: 1, HR: 100, Power: 100}, tt.seg}
		b, err := encodeSegments(segs)
		var re *RangeError
		if !errors.As(err, &re) || re.Segment != 1 {
			t.Errorf("encodeSegments(%s) = %d bytes, %v; want a *RangeError at segment 1", tt.name, len(b), err)
		}
	}
	if b, err := encodeSegments(make([]easyday.Segment, maxSegments+1)); err == nil {
		t.Errorf("encodeSegments(%d segments) = %d bytes, want error", maxSegments+1, len(b))
	}
}

// v1Writers pools DEFLATE writers as the version 1 encoder did.
var v1Writers = sync.Pool{New: func() any {
	zw, _ := flate.NewWriter(nil, flate.DefaultCompression)
	return zw
}}

// encodeSegmentsV1 is how streams were stored before version 2: the tests
// keep it to prove that such streams still read.
func encodeSegmentsV1(segs []easyday.Segment) ([]byte, error) {
	raw := binary.AppendUvarint(nil, uint64(len(segs)))
	for _, s := range segs {
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
	buf.WriteByte(streamV1)
	zw := v1Writers.Get().(*flate.Writer)
	defer v1Writers.Put(zw)
	zw.Reset(&buf)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// A stream stored before version 2 reads as heart rate, power and
// duration, with no distance or altitude.
func TestDecodeSegmentsV1(t *testing.T) {
	in := hourStream(6)
	b, err := encodeSegmentsV1(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeSegments(b)
	if err != nil {
		t.Fatalf("decodeSegments(v1) error %v", err)
	}
	want := make([]easyday.Segment, len(in))
	for i, s := range in {
		want[i] = easyday.Segment{Dur: s.Dur, HR: s.HR, Power: s.Power, Distance: easyday.Missing, Altitude: easyday.Missing, Step: s.Dur}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decodeSegments(v1) mismatch (-want +got):\n%s", diff)
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
		{"v2 truncated", good[:len(good)-1]},
		{"v2 no count", []byte{streamV2}},
		{"v2 count larger than data", append([]byte{streamV2}, binary.AppendUvarint(nil, 1<<20)...)},
		{"v2 missing columns", []byte{streamV2, 1, 0, 0}},
		{"v2 trailing bytes", append(append([]byte{}, good...), 0)},
		{"v2 bit width 0", []byte{streamV2, 1, 1, 0, 0, 0, 0, 0, 0}},
		{"v2 bit width 65", []byte{streamV2, 1, 1, 65, 1, 0, 0, 0, 0, 0}},
		{"v2 negative duration", []byte{streamV2, 1, 1, 1, 1, 0, 0, 0, 0, 0}},
		{"v2 divisor overflow", append(append([]byte{streamV2, 1}, binary.AppendUvarint(nil, math.MaxUint64)...), 1, 1, 0, 0, 0, 0, 0)},
		{"v2 heart rate overflow", append(append([]byte{streamV2, 1, 0, 0}, binary.AppendUvarint(nil, math.MaxInt32+1)...), 2, 2, 0, 0, 0)},
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

// A stored hour is small: the point of the compact form. An hour of 1 s
// data with heart rate, power, distance and altitude stays within 10 KB
// (issue 11's target: ten years of daily training under 40 MB).
func TestSegmentsHourSize(t *testing.T) {
	for _, tt := range []struct {
		name string
		segs []easyday.Segment
		max  int
	}{
		{"heart rate and power", hourStream(3), 9000},
		{"heart rate, power, distance and altitude", hourRun(3), 10 * 1024},
	} {
		b, err := encodeSegments(tt.segs)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > tt.max {
			t.Errorf("encodeSegments(1 h at 1 Hz, %s) = %d bytes, want at most %d", tt.name, len(b), tt.max)
		}
		t.Logf("1 h at 1 Hz, %s: %d bytes", tt.name, len(b))
	}
}

func FuzzDecodeSegments(f *testing.F) {
	for _, segs := range [][]easyday.Segment{nil, {{Dur: 1, HR: 150, Power: easyday.Missing}}, hourStream(4)[:100], hourRun(4)[:300]} {
		for _, enc := range []func([]easyday.Segment) ([]byte, error){encodeSegments, encodeSegmentsV1} {
			b, err := enc(segs)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
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

// roundInt agrees with math.Round on halves, on the doubles just either
// side of them, on values as the encoder meets them and on random ones.
func TestRoundInt(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
		1e9 * 100, -1e9 * 100, 1<<52 + 0.5, 1 << 53, -(1 << 53), 123456.78 * 100, 3599.9995 * 1000}
	for _, x := range []float64{0.5, 1.5, 2.5, 1e6 + 0.5, 1<<51 + 0.5} {
		xs = append(xs, math.Nextafter(x, 0), math.Nextafter(x, math.Inf(1)), -math.Nextafter(x, 0), -math.Nextafter(x, math.Inf(1)))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		xs = append(xs, (r.Float64()-0.5)*2e11, float64(r.IntN(1e7))/100*100, float64(r.IntN(1e6))/1000*1000)
	}
	for _, x := range xs {
		if got, want := roundInt(x), int64(math.Round(x)); got != want {
			t.Fatalf("roundInt(%v) = %d, want %d", x, got, want)
		}
	}
}

package fit

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/proto"

	"easyday/internal/bench"
	"easyday/internal/corpus"
	"easyday/internal/fitgen"
)

// decodeBoth decodes data with the fast path allowed and with the library
// alone, and fails unless both give the same recordings and the same error.
func decodeBoth(t testing.TB, name string, data []byte) {
	t.Helper()
	fastEnabled.Store(true)
	fast, fastErr := Decode(data)
	fastEnabled.Store(false)
	slow, slowErr := Decode(data)
	fastEnabled.Store(true)
	if (fastErr == nil) != (slowErr == nil) || (fastErr != nil && fastErr.Error() != slowErr.Error()) {
		t.Fatalf("Decode(%s) error: fast path %v, library %v", name, fastErr, slowErr)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("Decode(%s): fast path differs from the library (-library +fast):\n%s", name, cmp.Diff(slow, fast))
	}
}

// fastSequences reports, per sequence of data, whether the fast path read
// it, as DecodeReaderAt decodes them.
func fastSequences(t testing.TB, data []byte) []bool {
	t.Helper()
	r := bytes.NewReader(data)
	seqs, _, err := split(r, len(data))
	if err != nil {
		return nil
	}
	l := &listener{}
	var out []bool
	var d *decoder.Decoder
	for _, s := range seqs {
		s.limit = maxRecords
		if err := decodeSequence(&d, l, r, len(data), s); err != nil {
			t.Fatalf("decodeSequence: %v", err)
		}
		out = append(out, s.fast)
	}
	return out
}

// reencoded returns the messages of a FIT file written again the ways
// devices also write them: big-endian, with compressed timestamp headers,
// and with another local message type. Only what the library decodes
// cleanly is kept.
func reencoded(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	dec := decoder.New(bytes.NewReader(data))
	var msgs []proto.Message
	for dec.Next() {
		f, err := dec.Decode()
		if err != nil {
			return out
		}
		msgs = append(msgs, f.Messages...)
	}
	for name, opts := range map[string][]encoder.Option{
		"big-endian": {encoder.WithBigEndian()},
		"compressed": {encoder.WithHeaderOption(encoder.HeaderOptionCompressedTimestamp, 3)},
		"local-15":   {encoder.WithHeaderOption(encoder.HeaderOptionNormal, 15)},
	} {
		var buf bytes.Buffer
		if err := encoder.New(&buf, opts...).Encode(&proto.FIT{Messages: msgs}); err != nil {
			t.Fatalf("encode %s: %v", name, err)
		}
		out[name] = buf.Bytes()
	}
	return out
}

// generated returns the generated FIT fixtures by name.
func generated(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := fitgen.Fixtures()
	if err != nil {
		t.Fatal(err)
	}
	fits := map[string][]byte{}
	for name, b := range files {
		if strings.HasSuffix(name, ".fit") {
			fits[name] = b
		}
	}
	return fits
}

func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// TestFastMatchesLibraryGenerated: every generated fixture decodes the same
// both ways, and the fast path reads every activity sequence of the
// ordinary ones (all but the quirks, which are there to be odd).
func TestFastMatchesLibraryGenerated(t *testing.T) {
	files := generated(t)
	for _, name := range sortedNames(files) {
		data := files[name]
		decodeBoth(t, name, data)
		fast := fastSequences(t, data)
		if !strings.HasPrefix(name, "quirks/") && (len(fast) == 0 || !fast[0]) {
			t.Errorf("%s: sequences read by the fast path %v, want the first", name, fast)
		}
	}
	// The same messages as other writers lay them out.
	for _, name := range []string{"metrics/stream-smart.fit", "quirks/altitude-16bit.fit", "quirks/multisport.fit", "metrics/power-oracle.fit"} {
		for kind, data := range reencoded(t, files[name]) {
			decodeBoth(t, name+" "+kind, data)
			if fast := fastSequences(t, data); !reflect.DeepEqual(fast, []bool{true}) {
				t.Errorf("%s %s: sequences read by the fast path %v, want [true]", name, kind, fast)
			}
		}
	}
	// Quirks the fast path must read itself, and those it must leave to
	// the library.
	for name, want := range map[string][]bool{
		"quirks/altitude-16bit.fit":        {true},
		"quirks/altitude.fit":              {true},
		"quirks/bad-file-crc.fit":          {true},
		"quirks/header-crc-zero.fit":       {true},
		"quirks/multisport.fit":            {true},
		"quirks/chained.fit":               {true, true},
		"quirks/hr-messages.fit":           {true, false}, // hr messages: the library
		"quirks/basetype-no-endian.fit":    {false},       // base types to patch: the library
		"quirks/truncated.fit":             {false},       // cut short: the library says where
		"quirks/records-after-session.fit": {true},
		"quirks/hr-messages-override.fit":  {true, false},
	} {
		if got := fastSequences(t, files[name]); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: sequences read by the fast path %v, want %v", name, got, want)
		}
	}
}

// TestFastMatchesLibraryCorpus: every real file of the corpus decodes the
// same both ways; the fast path reads most of their sequences.
func TestFastMatchesLibraryCorpus(t *testing.T) {
	dir := corpus.Path(t, "fit")
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	seqs, fast, filesFast := 0, 0, 0
	var slow []string
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		decodeBoth(t, name, data)
		got := fastSequences(t, data)
		all := len(got) > 0
		for _, f := range got {
			seqs++
			if f {
				fast++
			}
			all = all && f
		}
		if all {
			filesFast++
		} else {
			slow = append(slow, name)
		}
	}
	t.Logf("fast path: %d of %d files whole, %d of %d sequences; library: %s", filesFast, len(files), fast, seqs, strings.Join(slow, " "))
	if fast*10 < seqs*7 {
		t.Errorf("fast path read %d of %d sequences, want at least 70%%", fast, seqs)
	}
}

// TestFastMatchesLibraryDamaged: cut and corrupted copies of fixtures and
// corpus files (every byte of a small file, and cuts) decode the same.
func TestFastMatchesLibraryDamaged(t *testing.T) {
	files := generated(t)
	b := files["metrics/stream-smart.fit"]
	for _, cut := range []int{len(b) - 1, len(b) - 2, len(b) - 3, len(b) / 2, 100, 20} {
		decodeBoth(t, "cut", b[:cut])
	}
	small := files["quirks/altitude-16bit.fit"]
	for i := range small {
		xs := []byte{small[i] ^ 0x01}
		if i < 512 { // the definitions and the first messages: every kind of damage
			xs = append(xs, 0x00, 0xFF, small[i]^0x80, small[i]^0x20)
		}
		for _, x := range xs {
			c := bytes.Clone(small)
			c[i] = x
			decodeBoth(t, "mutated", c)
		}
	}
}

// FuzzFastMatchesLibrary: on any input the fast path and the library give
// the same recordings and the same error.
func FuzzFastMatchesLibrary(f *testing.F) {
	files := generated(f)
	for _, name := range sortedNames(files) {
		f.Add(files[name])
	}
	for _, name := range []string{"quirks/altitude-16bit.fit", "quirks/chained.fit"} {
		for _, kind := range []string{"big-endian", "compressed", "local-15"} {
			f.Add(reencoded(f, files[name])[kind])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeBoth(t, "input", data)
	})
}

// BenchmarkDecodeActivity decodes the benchmark archive's four kinds of
// file (1 s runs with heart rate, rides with power, smart recording, pauses;
// 45–90 min each), with the fast path and with the library alone.
func BenchmarkDecodeActivity(b *testing.B) {
	dir := b.TempDir()
	if _, err := bench.Generate(dir, 4); err != nil {
		b.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.fit"))
	var files [][]byte
	records := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		recs, err := Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range recs {
			records += len(r.Samples)
		}
		files = append(files, data)
	}
	for _, fast := range []bool{true, false} {
		name := "fast"
		if !fast {
			name = "library"
		}
		b.Run(name, func(b *testing.B) {
			defer fastEnabled.Store(true)
			fastEnabled.Store(fast)
			b.ReportAllocs()
			for b.Loop() {
				for _, data := range files {
					if _, err := Decode(data); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(records), "ns/record")
		})
	}
}

// rideOf is a generated 1 s ride of n records with every value the fast
// path reads.
func rideOf(t testing.TB, n int) []byte {
	t.Helper()
	pts := make([]fitgen.Point, n)
	for i := range pts {
		pts[i] = fitgen.Point{Offset: time.Duration(i) * time.Second, HR: 120 + i%40, Power: 150 + i%90,
			Distance: float64(i) * 8, Speed: 8, Altitude: fitgen.Metres(100 + float64(i%50))}
	}
	b, err := fitgen.Build(fitgen.Spec{Start: time.Date(2026, 5, 1, 6, 0, 0, 0, time.UTC), UTCOffset: time.Hour,
		Sessions: []fitgen.Session{{Sport: "cycling", Points: pts}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFastAllocsPerFile: the fast path's allocations do not grow with the
// records of a file: the samples are one allocation, the rest is per file.
func TestFastAllocsPerFile(t *testing.T) {
	short, long := rideOf(t, 1000), rideOf(t, 8000)
	for _, b := range [][]byte{short, long} {
		if fast := fastSequences(t, b); !reflect.DeepEqual(fast, []bool{true}) {
			t.Fatalf("sequences read by the fast path %v, want [true]", fast)
		}
	}
	// The read buffer and the sample array come from sync.Pools, which
	// under the race detector drop what they hold at random: a run then
	// allocates once or twice more, whatever the file's length. Such
	// drops only ever add, so the fewest of several measurements is the
	// decode's own count. Growing with the records would be thousands
	// more, and an array regrown from 1,000 to 8,000 samples three more.
	allocs := func(b []byte) float64 {
		fewest := math.Inf(1)
		for range 4 {
			fewest = min(fewest, testing.AllocsPerRun(10, func() {
				if _, err := Decode(b); err != nil {
					t.Fatal(err)
				}
			}))
		}
		return fewest
	}
	if a, b := allocs(short), allocs(long); b > a+1 {
		t.Errorf("Decode allocates %.1f times for 1,000 records and %.1f for 8,000, want no more", a, b)
	}
}

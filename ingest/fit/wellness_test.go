package fit

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/profile/typedef"

	"easyday"
	"easyday/internal/corpus"
	"easyday/internal/fitgen"
)

// garminWellness is what Garmin's FIT SDK (@garmin/fitsdk 21.x,
// Decoder.read with a mesgListener, in file order) reads from each file of
// the wellness corpus, as counted once and kept in testdata: the kind from
// file_id.type; monitoring heart-rate rows (heart_rate 1–254, timestamp_16
// rebuilt with a signed 16-bit delta from the latest full timestamp of any
// message), with the first and last of their times; stress rows 0–100;
// hrv_value and sleep_level rows. Derived with:
//
//	npm install @garmin/fitsdk   # in a scratch folder outside the repository
//	node expected.mjs ../shared/corpus/wellness > expected.json
//
// where expected.mjs walks every message with the SDK's decoder and counts
// as described; the per-day values it derives are in
// cmd/easyday/testdata/wellness-garmin.json.
type garminWellness struct {
	Kind           string    `json:"kind"`
	HeartRateRows  int       `json:"heart_rate_rows"`
	HeartRateFirst time.Time `json:"heart_rate_first"`
	HeartRateLast  time.Time `json:"heart_rate_last"`
	StressRows     int       `json:"stress_rows"`
	HRVRows        int       `json:"hrv_rows"`
	SleepLevelRows int       `json:"sleep_level_rows"`
}

func TestDecodeWellnessCorpus(t *testing.T) {
	wellnessCorpus := corpus.Path(t, "wellness")
	b, err := os.ReadFile("testdata/wellness-garmin.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]garminWellness
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		data, err := os.ReadFile(filepath.Join(wellnessCorpus, name))
		if err != nil {
			t.Fatal(err)
		}
		wf, err := DecodeWellness(data)
		if w.Kind == "activity" {
			if err != ErrNotWellness {
				t.Errorf("DecodeWellness(%s) = %v, want ErrNotWellness", name, err)
			}
			continue
		}
		if err != nil || string(wf.Kind) != w.Kind {
			t.Errorf("DecodeWellness(%s) = kind %q, %v, want %q", name, wf.Kind, err, w.Kind)
			continue
		}
		count := map[easyday.Metric]int{}
		var first, last time.Time
		for _, v := range wf.Values {
			count[v.Metric]++
			switch v.Metric {
			case easyday.MetricHeartRate:
				if first.IsZero() || v.Time.Before(first) {
					first = v.Time
				}
				if v.Time.After(last) {
					last = v.Time
				}
				if v.Value < 1 || v.Value > 254 {
					t.Errorf("%s: heart rate %v kept", name, v.Value)
				}
			case easyday.MetricStress:
				if v.Value < 0 || v.Value > 100 {
					t.Errorf("%s: stress %v kept: negative values are no reading", name, v.Value)
				}
			case easyday.MetricHRV:
				if v.Value <= 0 || v.Value >= 0xFFFF/128.0 {
					t.Errorf("%s: HRV %v kept", name, v.Value)
				}
			}
		}
		got := garminWellness{Kind: w.Kind, HeartRateRows: count[easyday.MetricHeartRate], StressRows: count[easyday.MetricStress],
			HRVRows: count[easyday.MetricHRV], SleepLevelRows: count[easyday.MetricSleepLevel]}
		if w.HeartRateRows > 0 {
			got.HeartRateFirst, got.HeartRateLast = first, last
		}
		if got != w {
			t.Errorf("DecodeWellness(%s) = %+v, want %+v (Garmin's SDK)", name, got, w)
		}
	}
}

// TestTimestamp16Signed: a monitoring row stamped a little before the full
// timestamp it follows lies before it, not 18 hours later (the forward-only
// rollover of the FIT documentation is wrong on 4 of the 11 real
// monitoring files).
func TestTimestamp16Signed(t *testing.T) {
	tests := []struct {
		full uint32
		t16  uint16
		want uint32
	}{
		{0x3F6A_1000, 0x1010, 0x3F6A_1010}, // 16 s later
		{0x3F6A_1000, 0x0FF0, 0x3F6A_0FF0}, // 16 s earlier: not 0x3F6B_0FF0
		{0x3F6A_FFF0, 0x0010, 0x3F6B_0010}, // across a 16-bit rollover
		{0x3F6B_0010, 0xFFF0, 0x3F6A_FFF0}, // back across it
		{0x3F6A_1000, 0x1000, 0x3F6A_1000}, // the same second
	}
	for _, tt := range tests {
		if got := timestamp16(tt.full, tt.t16); got != tt.want {
			t.Errorf("timestamp16(%#x, %#x) = %#x, want %#x", tt.full, tt.t16, got, tt.want)
		}
	}
	// On a real file: monitor1 ends at 22:00 UTC; rows written just before
	// a full timestamp would land after it with the forward-only rule.
	data := corpus.ReadFile(t, "wellness/fit_data_whiz__monitor1_with_all.fit")
	wf, err := DecodeWellness(data)
	if err != nil {
		t.Fatal(err)
	}
	end := time.Date(2023, 9, 26, 22, 0, 0, 0, time.UTC)
	for _, v := range wf.Values {
		if v.Time.After(end) {
			t.Fatalf("monitor1: %s at %s, after the file's end %s", v.Metric, v.Time, end)
		}
	}
}

// TestOtherWellnessKindsSkipped: metrics and skin-temperature files are not
// read as wellness and are skipped with their kind named.
func TestOtherWellnessKindsSkipped(t *testing.T) {
	created := time.Date(2026, 2, 20, 6, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		typ  typedef.File
		kind string
	}{{fileMetrics, "metrics file"}, {fileSkinTemp, "skin temperature file"}} {
		b, err := fitgen.Typed(tt.typ, created)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeWellness(b); !errors.Is(err, ErrNotWellness) {
			t.Errorf("DecodeWellness(type %d) = %v, want ErrNotWellness", tt.typ, err)
		}
		_, err = Decode(b)
		if !errors.Is(err, easyday.ErrNotActivity) || !strings.Contains(err.Error(), tt.kind) {
			t.Errorf("Decode(type %d) = %v, want not an activity: %s", tt.typ, err, tt.kind)
		}
	}
	// And the kinds read are classified by type alone.
	for typ, want := range map[typedef.File]easyday.WellnessKind{
		typedef.FileMonitoringB: easyday.WellnessMonitoring, fileSleep: easyday.WellnessSleep, fileHRVStatus: easyday.WellnessHRVStatus,
	} {
		b, err := fitgen.Typed(typ, created)
		if err != nil {
			t.Fatal(err)
		}
		if wf, err := DecodeWellness(b); err != nil || wf.Kind != want || len(wf.Values) != 0 {
			t.Errorf("DecodeWellness(type %d, no values) = %+v, %v, want kind %s", typ, wf, err, want)
		}
	}
}

// BenchmarkDecodeWellness decodes the largest real monitoring file (54,777
// bytes, a whole day of a fenix 6S).
func BenchmarkDecodeWellness(b *testing.B) {
	data := corpus.ReadFile(b, "wellness/fit_data_whiz__monitor_with_intensities.fit")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeWellness(data); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzDecodeWellness: whatever the bytes, DecodeWellness returns values
// or an error, never a panic nor a value it should have dropped. Seeded
// with generated files of the three kinds.
func FuzzDecodeWellness(f *testing.F) {
	t0 := time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)
	seeds := []func() ([]byte, error){
		func() ([]byte, error) {
			return fitgen.Monitoring(fitgen.MonitoringDay{Created: t0.Add(6 * time.Hour), HR: []int{60, 61, 0, 62},
				EarlyBy: time.Minute, RestingAt: t0.Add(24 * time.Hour), RestingHR: 50, RestingHR7d: 51, Stress: []int{10, -1, -2, 30}})
		},
		func() ([]byte, error) {
			return fitgen.Sleep(fitgen.Night{Start: t0.Add(-time.Hour), End: t0.Add(6 * time.Hour), Score: 80,
				Levels: []fitgen.SleepLevel{{Offset: 0, Level: typedef.SleepLevelLight}, {Offset: time.Hour, Level: typedef.SleepLevelDeep}}})
		},
		func() ([]byte, error) {
			return fitgen.HRVStatus(fitgen.HRVNight{Start: t0, Values: []float64{60, 0, 62},
				Summary: &fitgen.HRVSummary{Weekly: 60, LastNight: 61, High5: 90, LowUpper: 50, BalancedLow: 55, BalancedHigh: 70, Status: typedef.HrvStatusBalanced}})
		},
	}
	for _, s := range seeds {
		b, err := s()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		wf, err := DecodeWellness(data) // a panic fails the fuzz: nothing here recovers
		if err != nil {
			return
		}
		for _, v := range wf.Values {
			if v.Metric == easyday.MetricStress && (v.Value < 0 || v.Value > 100) {
				t.Fatalf("DecodeWellness(% x...) kept stress %v", head(data), v.Value)
			}
			if v.Metric == easyday.MetricHeartRate && (v.Value < 1 || v.Value > 254) {
				t.Fatalf("DecodeWellness(% x...) kept heart rate %v", head(data), v.Value)
			}
		}
	})
}

package easyday

import (
	"errors"
	"math"
	"testing"
)

func TestParsePace(t *testing.T) {
	tests := []struct {
		in   string
		want float64 // seconds per km; 0: an error
	}{
		{"4:30/km", 270},
		{"4:00/km", 240},
		{" 4:30 / km ", 270},
		{"7:15/mi", 435 * 1000 / 1609.344},
		{"12:05/km", 725},
		{"4:75/km", 0},
		{"fast", 0},
		{"0:00/km", 0},
		{"0", 0},
		{"", 0},
		{"4:3/km", 0},
		{"4:30", 0},
		{"4:30/m", 0},
		{"-4:30/km", 0},
		{"1:30/km", 0},
		{"25:00/km", 0},
	}
	for _, tt := range tests {
		got, err := ParsePace(tt.in)
		if tt.want == 0 {
			if err == nil {
				t.Errorf("ParsePace(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ParsePace(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := ParsePace("4:75/km"); !errors.Is(err, ErrPace) {
		t.Errorf("ParsePace(4:75/km) error %v, want ErrPace", err)
	}
}

func TestFormatPace(t *testing.T) {
	tests := []struct {
		sPerKm float64
		unit   DistanceUnit
		want   string
	}{
		{328.12, "km", "5:28 /km"},
		{328.12, "mi", "8:48 /mi"},
		{299.6, "km", "5:00 /km"},
		{0, "km", "-"},
		{math.Inf(1), "mi", "-"},
	}
	for _, tt := range tests {
		if got := FormatPace(tt.sPerKm, tt.unit); got != tt.want {
			t.Errorf("FormatPace(%v, %s) = %q, want %q", tt.sPerKm, tt.unit, got, tt.want)
		}
	}
}

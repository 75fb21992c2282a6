package easyday

import "testing"

// TestParseDate: a date is YYYY-MM-DD and must exist; 30 February is named
// as a date that does not exist rather than read as 2 March.
func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		err  string
	}{
		{"2026-02-28", MakeDate(2026, 2, 28), ""},
		{"2024-02-29", MakeDate(2024, 2, 29), ""},
		{"1970-01-01", 0, ""},
		{"2026-02-30", 0, "date 2026-02-30 does not exist"},
		{"2025-02-29", 0, "date 2025-02-29 does not exist"},
		{"2026-13-01", 0, "date 2026-13-01 does not exist"},
		{"2026-00-10", 0, "date 2026-00-10 does not exist"},
		{"2026-04-31", 0, "date 2026-04-31 does not exist"},
		{"2026-4-1", 0, `date "2026-4-1" is not YYYY-MM-DD`},
		{"tomorrow", 0, `date "tomorrow" is not YYYY-MM-DD`},
		{"2026-0a-01", 0, `date "2026-0a-01" is not YYYY-MM-DD`},
		{"", 0, `date "" is not YYYY-MM-DD`},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseDate(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("ParseDate(%q) error = %v, want %q", tt.in, err, tt.err)
		}
	}
}

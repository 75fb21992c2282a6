package history

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"easyday"
)

func TestDecodeWarnings(t *testing.T) {
	tests := []struct {
		col  string
		want []easyday.Warning
	}{
		{`[]`, []easyday.Warning{}},
		{`null`, []easyday.Warning{}},
		{`[{"code":"file_crc","text":"file CRC mismatch: stored 0x0001, computed 0x0002"}]`,
			[]easyday.Warning{{Code: easyday.WarningFileCRC, Text: "file CRC mismatch: stored 0x0001, computed 0x0002"}}},
		// A code from a newer easyday keeps its text.
		{`[{"code":"from_the_future","text":"something new"}]`,
			[]easyday.Warning{{Code: easyday.WarningUnknown, Text: "something new"}}},
		// Rows stored before warnings had codes: a JSON array of strings.
		{`["header CRC mismatch: stored 0x0001, computed 0x0002", "decoding stopped at byte 7,472: bad",
		   "no thresholds in force on 2024-06-01", "power is 0 throughout (no power meter?): load from heart rate",
		   "2 samples dropped: time went backwards", "dropped 3 trackpoints without a usable time",
		   "times carry no UTC offset; read as UTC", "ignored 4 records without a timestamp", "no heart rate"]`,
			[]easyday.Warning{
				{Code: easyday.WarningHeaderCRC, Text: "header CRC mismatch: stored 0x0001, computed 0x0002"},
				{Code: easyday.WarningDecodeStopped, Text: "decoding stopped at byte 7,472: bad"},
				{Code: easyday.WarningNoThresholds, Text: "no thresholds in force on 2024-06-01"},
				{Code: easyday.WarningZeroPower, Text: "power is 0 throughout (no power meter?): load from heart rate"},
				{Code: easyday.WarningBackwards, Text: "2 samples dropped: time went backwards"},
				{Code: easyday.WarningUntimedPoints, Text: "dropped 3 trackpoints without a usable time"},
				{Code: easyday.WarningNoUTCOffset, Text: "times carry no UTC offset; read as UTC"},
				{Code: easyday.WarningUntimedRecords, Text: "ignored 4 records without a timestamp"},
				{Code: easyday.WarningUnknown, Text: "no heart rate"},
			}},
	}
	for _, tt := range tests {
		got, err := decodeWarnings(tt.col)
		if err != nil {
			t.Errorf("decodeWarnings(%s) error %v", tt.col, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("decodeWarnings(%s) (-want +got):\n%s", tt.col, diff)
		}
	}
	for _, bad := range []string{``, `{}`, `[1]`, `["a", 2]`} {
		if _, err := decodeWarnings(bad); err == nil {
			t.Errorf("decodeWarnings(%s) error = nil, want an error", bad)
		}
	}
}

// TestWarningsRoundTrip: warnings are stored as objects and read back equal.
func TestWarningsRoundTrip(t *testing.T) {
	w := []easyday.Warning{{Code: easyday.WarningFileCRC, Text: "x"}, {Code: easyday.WarningBackwards, Text: "y"}}
	col, err := encodeWarnings(w)
	if err != nil {
		t.Fatal(err)
	}
	if want := `[{"code":"file_crc","text":"x"},{"code":"time_backwards","text":"y"}]`; col != want {
		t.Errorf("encodeWarnings = %s, want %s", col, want)
	}
	got, err := decodeWarnings(col)
	if err != nil || !cmp.Equal(got, w) {
		t.Errorf("decodeWarnings(encodeWarnings(w)) = %v, %v, want %v", got, err, w)
	}
}

// No warnings are stored as the empty array json.Marshal makes of them,
// nil or empty.
func TestNoWarnings(t *testing.T) {
	want, err := json.Marshal([]easyday.Warning{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range [][]easyday.Warning{nil, {}} {
		if col, err := encodeWarnings(w); err != nil || col != string(want) {
			t.Errorf("encodeWarnings(%#v) = %q, %v; want %q", w, col, err, want)
		}
	}
}

// TestLegacyWarningsOfV1: the committed version 1 history, whose warnings
// are arrays of strings, reads with the codes their texts name.
func TestLegacyWarningsOfV1(t *testing.T) {
	s, err := Open(context.Background(), copyV1(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acts, err := s.Activities(context.Background(), time.Time{}, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[int64][]easyday.WarningCode{}
	for _, a := range acts {
		if a.Warnings == nil {
			t.Errorf("activity %d: Warnings nil, want empty", a.ID)
		}
		for _, w := range a.Warnings {
			if w.Text == "" {
				t.Errorf("activity %d: warning %v lost its text", a.ID, w)
			}
			codes[a.ID] = append(codes[a.ID], w.Code)
		}
	}
	want := map[int64][]easyday.WarningCode{
		2: {easyday.WarningBackwards, easyday.WarningFileCRC},
		3: {easyday.WarningUnknown},
	}
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("v1 warnings codes (-want +got):\n%s", diff)
	}
}

// TestRowsParsedAtTheEdge: a row whose format is not one easyday knows is
// an error naming the activity, not a value passed on unchecked.
func TestRowsParsedAtTheEdge(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	t0 := time.Date(2024, 4, 14, 6, 0, 0, 0, time.UTC)
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "a", Status: easyday.StatusIngested},
		[]easyday.Activity{activity(easyday.Running, t0, 3600)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE activities SET format = 'fitx'`); err != nil {
		t.Fatal(err)
	}
	_, err := s.Activities(ctx, time.Time{}, time.Time{}, false)
	var we *easyday.WordError
	if !errors.As(err, &we) || we.Word != "fitx" || !strings.Contains(err.Error(), "activity 1") {
		t.Errorf("Activities(format fitx) error = %v, want a WordError naming activity 1", err)
	}
}

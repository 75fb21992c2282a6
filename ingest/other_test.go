package ingest

import (
	"errors"
	"testing"
)

func TestOtherFormat(t *testing.T) {
	tests := []struct {
		head []byte
		want string
	}{
		{[]byte("Activity ID,Activity Date,Activity Name\n1,2,3\n"), "CSV"},
		{[]byte("\xef\xbb\xbfid;type\n"), "CSV"},
		{[]byte("my notes about the race\n"), "text"},
		{[]byte(" \n{\"athlete\": 1}"), "JSON"},
		{[]byte(`[{"summarizedActivitiesExport":[]}]`), "JSON"},
		{[]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F'}, "JPEG"},
		{[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), "PNG"},
		{[]byte("GIF89a\x01\x00\x01\x00"), "GIF"},
		{[]byte("\x00\x00\x00\x20ftypisom\x00\x00\x02\x00"), "MP4"},
		{[]byte("\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00"), "MOV"},
		{[]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3"), "PDF"},
		{[]byte("<!DOCTYPE html>\n<html><head>"), "HTML"},
		{[]byte("<html lang=\"en\">"), "HTML"},
		{[]byte(`<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">`), "XML"},
		{[]byte("caf\xc3"), "text"}, // a rune cut by the end of the head
		{[]byte{0xbe, 0xfa, 0xcb, 0xdf, 0x51, 0x8e, 0x6d, 0xba}, ""},
		{[]byte("nope\x00\x01"), ""},
		{[]byte{14, 0x20, 0, 0, 0, 0, 0, 0, 'X', 'Y'}, ""},
	}
	for _, tt := range tests {
		if got := otherFormat(tt.head); got != tt.want {
			t.Errorf("otherFormat(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

// TestDecodeOtherFormats: what is recognisably not a watch export is
// skipped with its kind named; unrecognisable bytes, and a file named as an
// activity whose content is none, are rejected.
func TestDecodeOtherFormats(t *testing.T) {
	skipped := map[string]string{
		"activities.csv": "not an activity file: CSV",
		"media/1.jpg":    "not an activity file: JPEG",
		"profile.json":   "not an activity file: JSON",
		"README":         "not an activity file: text",
	}
	content := map[string][]byte{
		"activities.csv": []byte("Activity ID,Activity Date\n"),
		"media/1.jpg":    {0xff, 0xd8, 0xff, 0xdb},
		"profile.json":   []byte("{}"),
		"README":         []byte("exported by Strava"),
	}
	for name, want := range skipped {
		_, err := Decode(NewItem(name, content[name]))
		var skip *SkipError
		if !errors.As(err, &skip) || skip.Reason != want {
			t.Errorf("Decode(%s) = %v, want skipped: %q", name, err, want)
		}
	}
	for name, b := range map[string][]byte{
		"garbage":    {0xbe, 0xfa, 0xcb, 0xdf, 0x51, 0x8e, 0x6d, 0xba},
		"broken.fit": []byte("nope"),
		"run.tcx":    []byte("Activity ID,Activity Date\n"),
	} {
		_, err := Decode(NewItem(name, b))
		if err == nil || errors.Is(err, ErrSkipped) {
			t.Errorf("Decode(%s) = %v, want a rejection", name, err)
		}
	}
}

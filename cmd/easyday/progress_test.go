package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The bar counts the files done, says how long is left once a second has
// passed, redraws at most every barEvery, and is wiped when the last file
// is done.
func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 12, 5, 6, 0, 0, 0, time.UTC)
	bar := newBar(&out, func() time.Time { return clock })
	bar(0, 1000)
	if out.Len() != 0 {
		t.Fatalf("drawn before any file was done: %q", out.String())
	}
	clock = clock.Add(2 * time.Second)
	bar(400, 1000)
	want := "\ringesting  400/1000 [============>                 ]  40%, about 3s left"
	if got := out.String(); got != want {
		t.Fatalf("after 400 of 1000 in 2 s:\n got %q\nwant %q", got, want)
	}
	out.Reset()
	clock = clock.Add(barEvery / 2)
	bar(401, 1000)
	if out.Len() != 0 {
		t.Errorf("redrawn %v after the last drawing: %q", barEvery/2, out.String())
	}
	clock = clock.Add(barEvery)
	bar(999, 1000)
	// Under half a second left: no time is shown, and the end of the
	// longer line before is wiped.
	if got, want := out.String(), "\ringesting  999/1000 [=============================>]  99%"; !strings.HasPrefix(got, want) || strings.TrimRight(got[len(want):], " ") != "" || len(got) != len("\ringesting  400/1000 [============>                 ]  40%, about 3s left") {
		t.Errorf("after 999 of 1000: %q, want %q and spaces to the length of the line before", got, want)
	}
	out.Reset()
	bar(1000, 1000)
	if got, want := out.String(), "\r"+strings.Repeat(" ", len(want)-1)+"\r"; got != want {
		t.Errorf("at the end: %q, want the line wiped: %q", got, want)
	}
}

// A run of one file shows no bar.
func TestProgressBarOneFile(t *testing.T) {
	var out bytes.Buffer
	bar := newBar(&out, time.Now)
	bar(0, 1)
	bar(1, 1)
	if out.Len() != 0 {
		t.Errorf("one file drew %q", out.String())
	}
}

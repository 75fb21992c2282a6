package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"easyday/report"
)

// hostileName is a file name a file system allows and a terminal obeys:
// a title-setting escape sequence, a bell, a colour, a byte that is not
// UTF-8 and a new line that would forge the next line.
const hostileName = "evil\x1b]0;owned\a\x1b[31m\xff\nrejected ok.fit"

// printableText fails the test when text holds a byte a terminal would
// obey (a control character other than a new line) or is not UTF-8.
func printableText(t *testing.T, what, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("%s is not valid UTF-8:\n%q", what, text)
	}
	for _, r := range text {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			t.Errorf("%s holds the control character %U:\n%q", what, r, text)
			return
		}
	}
}

// A file name is shown escaped wherever a person reads it (the report's
// data notes, the files table, run's rejections) and exact in --json.
func TestHostileFileNamesShownEscaped(t *testing.T) {
	e := newEnv(t, testConfig)
	inbox := filepath.Join(e.dir, "inbox")
	copyFile(t, filepath.Join("..", "..", "testdata", "demo", "2026-10-01-run.fit"), filepath.Join(inbox, "good.fit"))
	bad := filepath.Join(inbox, hostileName)
	check(t, os.WriteFile(bad, []byte("this is no activity file at all, only text"), 0o600))
	escaped := `evil\x1b]0;owned\a\x1b[31m\xff\nrejected ok.fit`

	_, stderr, code := e.run("run")
	if code != exitRejected {
		t.Fatalf("run: exit %d, want %d\n%s", code, exitRejected, stderr)
	}
	printableText(t, "run's stderr", stderr)
	if !strings.Contains(stderr, escaped) {
		t.Errorf("run's stderr does not name the rejected file escaped as %s:\n%s", escaped, stderr)
	}

	md, err := os.ReadFile(filepath.Join(e.dir, "reports", report.LatestName))
	check(t, err)
	printableText(t, "the report", string(md))
	if !bytes.Contains(md, []byte(escaped)) {
		t.Errorf("the report's data notes do not name the rejected file escaped as %s:\n%s", escaped, md)
	}

	table := e.mustRun(0, "files")
	printableText(t, "files", table)
	if !strings.Contains(table, escaped) {
		t.Errorf("files does not show the name escaped as %s:\n%s", escaped, table)
	}
	// JSON keeps every character; a byte that is not UTF-8 is the one
	// thing JSON cannot hold, and becomes U+FFFD.
	exact := strings.ToValidUTF8(bad, "\uFFFD")
	found := false
	for _, f := range e.files() {
		if f.Path == exact {
			found = true
		}
	}
	if !found {
		t.Errorf("files --json does not hold the exact path %q", exact)
	}
}

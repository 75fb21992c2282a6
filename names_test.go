package easyday

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestIgnoredName(t *testing.T) {
	for name, want := range map[string]bool{
		"a.fit":                      false,
		"Morning_Run.FIT":            false,
		"sub/d.fit":                  false,
		"b.fit.part":                 true,
		".hidden.fit":                true,
		"~lock.fit":                  true,
		"c.tcx.crdownload":           true,
		"e.TMP":                      true,
		"f.fit~":                     true,
		"g.fit.download":             true,
		"h.fit.partial":              true,
		".syncthing.x.fit.tmp":       true,
		"syncthing-temp.fit":         true,
		"Desktop.ini":                true,
		"Thumbs.db":                  true,
		"export/.stfolder":           true,
		"__MACOSX/._activity.fit":    true,
		"folder.part/inner_file.fit": false, // only the last element counts
	} {
		if got := IgnoredName(name); got != want {
			t.Errorf("IgnoredName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"inbox/Morning Run.fit":           "inbox/Morning Run.fit",
		"inbox/Läufe/朝のラン.fit":            "inbox/Läufe/朝のラン.fit",
		"a\x1b[31mred\x1b[0m.fit":         `a\x1b[31mred\x1b[0m.fit`,
		"bell\a.fit":                      `bell\a.fit`,
		"two\nlines.fit":                  `two\nlines.fit`,
		"tab\there.fit":                   `tab\there.fit`,
		"bad\xff\xfeutf8.fit":             `bad\xff\xfeutf8.fit`,
		"cut\xe2\x82.fit":                 `cut\xe2\x82.fit`,
		"right\u202eto-left.fit":          `right\u202eto-left.fit`,
		"del\x7f.fit":                     `del\x7f.fit`,
		"c1\u009b.fit":                    `c1\u009b.fit`,
		"real \ufffd replacement.fit":     "real \ufffd replacement.fit",
		`C:\Users\me\a.fit`:               `C:\Users\me\a.fit`,
		"export.zip!/activities/\x00.fit": `export.zip!/activities/\x00.fit`,
	} {
		got := Printable(in)
		if got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
		for _, r := range got {
			if !unicode.IsPrint(r) {
				t.Errorf("Printable(%q) = %q keeps %U, which does not print", in, got, r)
			}
		}
		if !utf8.ValidString(got) {
			t.Errorf("Printable(%q) = %q is not valid UTF-8", in, got)
		}
	}
}

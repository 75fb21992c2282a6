package easyday

import "testing"

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

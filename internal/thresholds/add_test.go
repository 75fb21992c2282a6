package thresholds

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"easyday"
	"easyday/analysis"
	"easyday/internal/atomicfile"
)

// The sets come after the file's text byte for byte; a file that does not
// end its last line gets the newline it lacks, and nothing else changes.
func TestAppended(t *testing.T) {
	run := &easyday.Activity{ID: 7, LocalDate: easyday.MakeDate(2026, 3, 3)}
	sets := []analysis.Adoption{{
		Set:         easyday.Thresholds{From: run.LocalDate, RunLTHR: 172, BikeLTHR: 160, FTP: 250, RunThresholdPace: 274},
		Suggestions: []analysis.Suggestion{{Key: easyday.KeyRunLTHR, Value: 172, Activity: run}},
	}}
	add := "\n# Added by 'easyday thresholds --add' as of 2026-03-11: run_lthr from activity #7.\n" +
		"[[thresholds]]\nfrom = 2026-03-03\nrun_lthr = 172\nbike_lthr = 160\nftp = 250\nrun_threshold_pace = \"4:34/km\"\n"
	for _, old := range []string{"# ends its line\r\n", "max_hr = 190 # no newline", ""} {
		got := string(appended([]byte(old), sets, "km", easyday.MakeDate(2026, 3, 11)))
		want := old
		if old != "" && !strings.HasSuffix(old, "\n") {
			want += "\n"
		}
		if got != want+add {
			t.Errorf("appended(%q) =\n%q\nwant\n%q", old, got, want+add)
		}
	}
}

// The new text replaces the file with its mode kept; the copy is 0600.
func TestWriteKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("a = 1\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	perm, err := writable(path)
	if err != nil || perm != 0o640 {
		t.Fatalf("writable(%s) = %v, %v; want 0640", path, perm, err)
	}
	backup, err := writeBackup(path, []byte("a = 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(path, []byte("a = 1\nb = 2\n"), perm); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		path string
		text string
		perm os.FileMode
	}{{path, "a = 1\nb = 2\n", 0o640}, {backup, "a = 1\n", 0o600}} {
		b, err := os.ReadFile(f.path)
		info, _ := os.Stat(f.path)
		if err != nil || string(b) != f.text || info.Mode().Perm() != f.perm {
			t.Errorf("%s = %q (%v), %v; want %q (%v)", f.path, b, info.Mode().Perm(), err, f.text, f.perm)
		}
	}
	// No temporary file is left beside them.
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
	// A file that is gone cannot be written: the error names it.
	if _, err := writable(path + ".gone"); err == nil || !strings.Contains(err.Error(), path+".gone") {
		t.Errorf("writable(missing) = %v, want an error naming it", err)
	}
}

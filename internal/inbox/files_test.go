package inbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.fit", "b.fit.part", ".hidden.fit", "~lock.fit", "c.tcx.crdownload", "sub/d.fit", ".stfolder/x.fit", "sub/e.tmp", "sub/deeper/f.tcx"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, problems := Files([]string{dir})
	if problems != nil {
		t.Fatal(problems)
	}
	var rel []string
	for _, p := range got {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		rel = append(rel, r)
	}
	if want := "a.fit,sub/d.fit,sub/deeper/f.tcx"; strings.Join(rel, ",") != want {
		t.Errorf("Files(%s) = %v, want %s", dir, rel, want)
	}
}

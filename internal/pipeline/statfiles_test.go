package pipeline

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// A statter tells what os.Stat tells, folder after folder: a file's size
// and time to the nanosecond, a symbolic link followed, a folder not a
// regular file, a missing file not there.
func TestStatterAgreesWithOsStat(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	paths := []string{filepath.Join(a, "1.fit"), filepath.Join(a, "2.fit"), filepath.Join(b, "3.fit")}
	when := time.Date(2026, 3, 1, 6, 0, 0, 123456789, time.UTC)
	for i, p := range paths {
		if err := os.WriteFile(p, make([]byte, 10*(i+1)), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, when, when.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	paths = append(paths, filepath.Join(b, "sub"), filepath.Join(b, "gone.fit"), filepath.Join(a, "1.fit"))
	if err := os.Mkdir(paths[3], 0o700); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		link := filepath.Join(b, "link.fit")
		if err := os.Symlink(paths[0], link); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, link)
	}
	st := newStatter()
	defer st.close()
	for _, p := range paths {
		got, ok := st.stat(p)
		info, err := os.Stat(p)
		if ok != (err == nil) {
			t.Errorf("stat(%s) ok = %v, os.Stat error %v", p, ok, err)
			continue
		}
		if err != nil {
			continue
		}
		want := fileStat{regular: info.Mode().IsRegular(), size: info.Size(), sec: info.ModTime().Unix(), nsec: info.ModTime().Nanosecond()}
		if info.IsDir() {
			want.size, got.size = 0, 0 // a folder's size is the file system's
		}
		if got != want {
			t.Errorf("stat(%s) = %+v, os.Stat gives %+v", p, got, want)
		}
	}
}

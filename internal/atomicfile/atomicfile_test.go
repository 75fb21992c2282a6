package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Write replaces the content, gives the mode asked for, and leaves no
// temporary file.
func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte("a = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("a = 1\nb = 2\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	info, _ := os.Stat(path)
	if err != nil || string(b) != "a = 1\nb = 2\n" || info.Mode().Perm() != 0o640 {
		t.Errorf("%s = %q (%v), %v; want the new text, 0640", path, b, info.Mode().Perm(), err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.tmp*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

// A write that cannot finish (a folder stands where the file goes) leaves
// what was there, no temporary file, and an error naming the path.
func TestWriteFailsWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(path, "inside"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := Write(path, []byte("new"), 0o600)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Write over a folder = %v, want an error naming %s", err, path)
	}
	if b, err := os.ReadFile(filepath.Join(path, "inside")); err != nil || string(b) != "x" {
		t.Errorf("the folder's content changed: %q, %v", b, err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.tmp*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

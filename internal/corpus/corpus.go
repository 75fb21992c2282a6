// Package corpus finds, for tests, the shared corpus of real device files
// kept beside the project in ../shared/corpus. Their licences forbid copying
// them into the repository, so a test that needs them skips when they are
// absent, except in CI (the CI environment variable is set), where their
// absence fails the test: a comparison must never stop running unnoticed.
package corpus

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Root is the corpus folder: ../shared/corpus seen from the module root,
// found by walking up from the working directory (a test's is its
// package's folder) to the go.mod.
func Root() string {
	dir, err := os.Getwd()
	if err != nil {
		return filepath.Join("..", "shared", "corpus")
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "corpus")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return filepath.Join("..", "shared", "corpus")
		}
		dir = parent
	}
}

// Path returns the path of rel (a file or folder, slash-separated) inside
// the corpus. When it is absent the test is skipped, or fails under CI.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Root(), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		absent(tb, p, err)
	}
	return p
}

// ReadFile returns the content of the corpus file rel. When it is absent
// the test is skipped, or fails under CI; any other error fails.
func ReadFile(tb testing.TB, rel string) []byte {
	tb.Helper()
	p := filepath.Join(Root(), filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		absent(tb, p, err)
	}
	return b
}

func absent(tb testing.TB, path string, err error) {
	tb.Helper()
	if !errors.Is(err, fs.ErrNotExist) {
		tb.Fatal(err)
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s absent, and CI is set: the corpus must be present in CI", path)
	}
	tb.Skipf("%s absent: the real-file tests run where ../shared/corpus exists", path)
}

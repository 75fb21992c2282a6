package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain removes the folders that outlive any one test: the end-to-end
// tests' binary and the benchmarks' ten-year history, each built once per
// test binary into a temporary folder of its own.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, p := range []string{binPath, tenYearsPath} {
		if p != "" {
			os.RemoveAll(filepath.Dir(p))
		}
	}
	os.Exit(code)
}

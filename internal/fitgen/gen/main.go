// Command gen writes the project's generated fixtures into testdata/:
// demo/, metrics/ and quirks/ (FIT) and gpx/. `go generate ./internal/fitgen`
// runs it (so does `make fixtures`); from the module root it is also
//
//	go run ./internal/fitgen/gen
//
// Files in those folders that the generator no longer makes are removed, so
// the folders hold exactly what fitgen.Fixtures returns.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"easyday/internal/fitgen"
)

func main() {
	dir := flag.String("dir", "testdata", "testdata folder to write into")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := fitgen.Fixtures()
	if err != nil {
		return err
	}
	for sub, ext := range map[string]string{"demo": "fit", "metrics": "fit", "quirks": "fit", "gpx": "gpx"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
		old, err := filepath.Glob(filepath.Join(dir, sub, "*."+ext))
		if err != nil {
			return err
		}
		for _, path := range old {
			rel, _ := filepath.Rel(dir, path)
			if _, ok := files[filepath.ToSlash(rel)]; !ok {
				if err := os.Remove(path); err != nil {
					return err
				}
			}
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	total := 0
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), files[name], 0o644); err != nil {
			return err
		}
		total += len(files[name])
	}
	fmt.Printf("wrote %d files, %d bytes, into %s\n", len(names), total, dir)
	return nil
}

// Package inbox finds the files waiting to be read: it lists the files under
// folders (Files), leaving out the names easyday never reads
// (easyday.IgnoredName), and watches a folder until its files have settled
// (Watch). It knows nothing about what a file holds; ingest does.
package inbox

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"easyday"
)

// Files lists the regular files under paths (files are taken as they are,
// folders recursively), in a stable order, leaving out ignored names. Paths
// are made absolute, so that the same file reached from another working
// directory is still the same file.
func Files(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		p, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != p && easyday.IgnoredName(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

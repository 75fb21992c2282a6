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

// Files lists the files under paths (files are taken as they are, folders
// recursively), in a stable order, leaving out ignored names. Paths are made
// absolute, so that the same file reached from another working directory is
// still the same file. Besides regular files it lists the pipes, sockets
// and devices it meets, for the reader to skip with a reason; symbolic links
// inside folders are not followed.
//
// A path or folder that cannot be listed (gone, no permission) is a
// problem, returned as a *fs.PathError, and the listing goes on with the
// rest: one bad folder never hides the others.
func Files(paths []string) (files []string, problems []error) {
	for _, p := range paths {
		p, err := filepath.Abs(p)
		if err != nil {
			problems = append(problems, &fs.PathError{Op: "list", Path: p, Err: err})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				// A folder that cannot be read: WalkDir has listed
				// what it could; say so and go on with its siblings.
				problems = append(problems, err)
				if d != nil && d.IsDir() && path != p {
					return filepath.SkipDir
				}
				return nil
			}
			if path != p && easyday.IgnoredName(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			switch t := d.Type(); {
			case t.IsDir(), t&fs.ModeSymlink != 0:
			default: // regular files, and pipes and the like to be skipped
				files = append(files, path)
			}
			return nil
		})
	}
	sort.Strings(files)
	return files, problems
}

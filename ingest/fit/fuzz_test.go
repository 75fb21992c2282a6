package fit

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds mutations of the project's fixtures to Decode: it must
// never panic (nothing in the package recovers, so a panic fails the fuzz
// run), and must return either an error or recordings.
func FuzzDecode(f *testing.F) {
	for _, dir := range []string{"quirks", "metrics", "demo"} {
		files, _ := filepath.Glob(filepath.Join(testdata, dir, "*.fit"))
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := Decode(data)
		if err == nil && len(recs) == 0 {
			t.Fatalf("Decode(% x...) = no recordings and no error, want one of them", head(data))
		}
		for i, r := range recs {
			if r.Format != "fit" || r.Sport == "" {
				t.Fatalf("Decode(% x...)[%d] = format %q, sport %q; want fit and a sport", head(data), i, r.Format, r.Sport)
			}
		}
	})
}

func head(b []byte) []byte { return b[:min(len(b), 16)] }

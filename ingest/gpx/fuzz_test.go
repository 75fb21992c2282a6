package gpx

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary documents to the decoder, seeded with the
// project's GPX fixtures: every outcome is recordings or an error, never a
// panic, and recordings keep the decoder's promises.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(fixtures, "*.gpx"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed fixtures in %s", fixtures)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(minimal))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := Decode(data)
		if err != nil {
			if recs != nil {
				t.Fatalf("Decode = %d recordings and error %v, want one or the other", len(recs), err)
			}
			return
		}
		if len(recs) == 0 {
			t.Fatal("Decode = no recordings and no error")
		}
		for _, r := range recs {
			checkInvariants(t, r)
		}
	})
}

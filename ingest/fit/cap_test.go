package fit

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"easyday/internal/corpus"
)

// TestRecordsCap: with the cap applied while decoding, every file gives what
// decoding all of its records and then keeping the first maxRecords of each
// recording gives (as ingest capped them before), and a sequence never holds
// more than maxRecords samples.
func TestRecordsCap(t *testing.T) {
	files := generated(t)
	if os.Getenv("CI") != "" || corpusPresent() {
		paths, _ := filepath.Glob(filepath.Join(corpus.Path(t, "fit"), "*"))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files["corpus/"+filepath.Base(p)] = b
		}
	}
	defer func(n int) { maxRecords = n }(maxRecords)
	for _, limit := range []int{1, 2, 100, 1000} {
		for _, name := range sortedNames(files) {
			data := files[name]
			maxRecords = math.MaxInt
			want, wantErr := Decode(data)
			maxRecords = limit
			for i := range want {
				limitRecords(&want[i], len(want[i].Samples))
			}
			got, err := Decode(data)
			if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
				t.Fatalf("cap %d: Decode(%s) error %v, want %v", limit, name, err, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("cap %d: Decode(%s) differs (-want +got):\n%s", limit, name, cmp.Diff(want, got))
			}
		}
	}
}

// TestRecordsCapKeepsNoMore: a single-session file over the cap holds only
// the capped samples, counted in the warning.
func TestRecordsCapKeepsNoMore(t *testing.T) {
	data := generated(t)["metrics/stream-1hz.fit"]
	defer func(n int) { maxRecords = n }(maxRecords)
	maxRecords = 100
	recs, err := decodeAll(bytes.NewReader(data), len(data), maxRecords)
	if err != nil || len(recs) != 1 {
		t.Fatalf("decodeAll(stream-1hz) = %d recordings, %v; want 1", len(recs), err)
	}
	if n := cap(recs[0].Samples); n != 100 {
		t.Errorf("decodeAll(stream-1hz) kept room for %d samples, want 100", n)
	}
	w := recs[0].Warnings
	if len(w) == 0 || w[len(w)-1].Text != "2880 records, more than the 100 easyday reads: the rest were left out" {
		t.Errorf("decodeAll(stream-1hz) warnings %v, want the records cap last", w)
	}
}

func corpusPresent() bool {
	_, err := os.Stat(filepath.Join(corpus.Root(), "fit"))
	return err == nil
}

package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"easyday"
)

// A minimal FIT header: size 14, protocol, profile, data size, ".FIT", CRC.
var fitHead = []byte{14, 0x10, 0x2b, 0x08, 0, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0}

const tcxDoc = `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"></TrainingCenterDatabase>`

const gpxDoc = "\xef\xbb\xbf\n  <?xml version=\"1.0\"?><g:gpx xmlns:g=\"http://www.topografix.com/GPX/1/1\"><g:trk><g:trkseg>" +
	`<g:trkpt lat="1" lon="2"><g:time>2024-01-01T00:00:00Z</g:time></g:trkpt>` +
	`<g:trkpt lat="1" lon="2.0001"><g:time>2024-01-01T00:00:01Z</g:time></g:trkpt></g:trkseg></g:trk></g:gpx>`

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipOf(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range sortedKeys(members) {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(members[name])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sortedKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want Kind
	}{
		{"fit14", fitHead, FIT},
		{"fit12", append([]byte{12}, fitHead[1:12]...), FIT},
		{"fit bad size byte", append([]byte{13}, fitHead[1:]...), Unknown},
		{"tcx", []byte(tcxDoc), TCX},
		{"tcx bom", append([]byte("\xef\xbb\xbf"), tcxDoc...), TCX},
		{"tcx leading spaces", []byte("          " + tcxDoc), TCX},
		{"tcx prefixed root", []byte(`<?xml version="1.0"?><!-- exported --><tcd:TrainingCenterDatabase xmlns:tcd="x">`), TCX},
		{"tcx utf-16le", utf16(tcxDoc, false), TCX},
		{"tcx utf-16be", utf16(tcxDoc, true), TCX},
		{"gpx", []byte(`<?xml version="1.0"?>` + "\n" + `<gpx version="1.1" creator="x">`), GPX},
		{"gpx bom, blanks, prefix", []byte(gpxDoc), GPX},
		{"gpx utf-16le", utf16(gpxDoc[3:], false), GPX},
		{"gzip", gz(t, []byte("x")), Gzip},
		{"zip", zipOf(t, map[string][]byte{"a": []byte("b")}), Zip},
		{"html", []byte("<html><body>"), Unknown},
		{"empty", nil, Unknown},
		{"text", []byte("hello"), Unknown},
	}
	for _, tt := range tests {
		if got := Sniff(tt.head); got != tt.want {
			t.Errorf("Sniff(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func collect(t *testing.T, path string) []Item {
	t.Helper()
	var items []Item
	err := Open(context.Background(), path, func(it Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatalf("Open(%s) = %v", path, err)
	}
	return items
}

func TestOpenUnpacks(t *testing.T) {
	dir := t.TempDir()
	fit := append(append([]byte{}, fitHead...), 1, 2, 3)
	inner := zipOf(t, map[string][]byte{"123_ACTIVITY.fit": fit, "notes.json": []byte("{}")})
	files := map[string][]byte{
		"plain.fit":     fit,
		"ride.tcx.gz":   gz(t, []byte(tcxDoc)),
		"123.zip":       zipOf(t, map[string][]byte{"123_ACTIVITY.fit": fit}),
		"export.zip":    zipOf(t, map[string][]byte{"DI_CONNECT/summary.json": []byte("{}"), "uploads/part1.zip": inner, "uploads/b.tcx.gz": gz(t, []byte(tcxDoc)), "__MACOSX/._x.fit": fit, "broken.fit": []byte("nope")}),
		"notes.txt":     []byte("my notes"),
		"fit-no-ext":    fit,
		"double.fit.gz": gz(t, gz(t, fit)),
		"strava.zip": zipOf(t, map[string][]byte{"activities/1.gpx": []byte(gpxDoc), "activities/2.gpx.gz": gz(t, []byte(gpxDoc)),
			"activities/3.fit.gz": gz(t, fit), "activities/4.gpx": []byte("<gpx><trk>"), "activities.csv": []byte("id,type")}),
		"run.gpx.gz": gz(t, []byte(gpxDoc)),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		file  string
		paths []string
		kinds []Kind
	}{
		{"plain.fit", []string{"plain.fit"}, []Kind{FIT}},
		{"fit-no-ext", []string{"fit-no-ext"}, []Kind{FIT}},
		{"ride.tcx.gz", []string{"ride.tcx.gz"}, []Kind{TCX}},
		{"double.fit.gz", []string{"double.fit.gz"}, []Kind{FIT}},
		{"123.zip", []string{"123.zip!/123_ACTIVITY.fit"}, []Kind{FIT}},
		{"export.zip", []string{"export.zip!/broken.fit", "export.zip!/uploads/b.tcx.gz", "export.zip!/uploads/part1.zip!/123_ACTIVITY.fit"}, []Kind{Unknown, TCX, FIT}},
		{"notes.txt", []string{"notes.txt"}, []Kind{Unknown}},
		{"run.gpx.gz", []string{"run.gpx.gz"}, []Kind{GPX}},
		{"strava.zip", []string{"strava.zip!/activities/1.gpx", "strava.zip!/activities/2.gpx.gz", "strava.zip!/activities/3.fit.gz", "strava.zip!/activities/4.gpx"},
			[]Kind{GPX, GPX, FIT, GPX}},
	}
	for _, tt := range tests {
		items := collect(t, filepath.Join(dir, tt.file))
		var paths []string
		var kinds []Kind
		for _, it := range items {
			if it.Err != nil {
				t.Errorf("Open(%s): item %s error %v", tt.file, it.Path, it.Err)
			}
			paths = append(paths, strings.TrimPrefix(it.Path, dir+string(filepath.Separator)))
			kinds = append(kinds, it.Kind)
		}
		if strings.Join(paths, ",") != strings.Join(tt.paths, ",") {
			t.Errorf("Open(%s) paths = %v, want %v", tt.file, paths, tt.paths)
		}
		if len(kinds) == len(tt.kinds) {
			for i := range kinds {
				if kinds[i] != tt.kinds[i] {
					t.Errorf("Open(%s) kind of %s = %v, want %v", tt.file, paths[i], kinds[i], tt.kinds[i])
				}
			}
		}
	}
	// The plain and the gzipped copies decompress to the same bytes, so the
	// history sees one file.
	a, b := collect(t, filepath.Join(dir, "plain.fit")), collect(t, filepath.Join(dir, "double.fit.gz"))
	ac, aerr := a[0].Content()
	bc, berr := b[0].Content()
	if aerr != nil || berr != nil || !bytes.Equal(ac, bc) || a[0].SHA256 != b[0].SHA256 {
		t.Errorf("Open(double.fit.gz) data differs from plain.fit")
	}
}

func TestOpenBadArchives(t *testing.T) {
	dir := t.TempDir()
	good := gz(t, []byte(tcxDoc))
	files := map[string][]byte{
		"cut.tcx.gz":  good[:len(good)/2],
		"cut.zip":     zipOf(t, map[string][]byte{"a.fit": fitHead})[:30],
		"missing.fit": nil,
	}
	for name, b := range files {
		if b != nil {
			os.WriteFile(filepath.Join(dir, name), b, 0o600)
		}
	}
	for name := range files {
		items := collect(t, filepath.Join(dir, name))
		if len(items) != 1 || items[0].Err == nil {
			t.Errorf("Open(%s) = %+v, want one item with an error", name, items)
			continue
		}
		if _, err := Decode(items[0]); err == nil {
			t.Errorf("Decode(%s) = nil error", name)
		}
	}
}

func TestDecodeKinds(t *testing.T) {
	if _, err := Decode(NewItem("a.gpx", []byte(`<gpx version="1.1">`))); err == nil || errors.Is(err, ErrSkipped) {
		t.Errorf("Decode(gpx cut short) = %v, want a rejection", err)
	}
	_, err := Decode(NewItem("a.gpx", []byte("<gpx/>")))
	if !errors.Is(err, ErrSkipped) {
		t.Errorf("Decode(gpx without a track) = %v, want ErrSkipped", err)
	}
	// The ledger's reason comes from the error's field, not its message.
	var skip *SkipError
	if !errors.As(err, &skip) || skip.Reason != "not an activity: GPX without a track" || !errors.Is(err, easyday.ErrNotActivity) {
		t.Errorf("Decode(gpx without a track) = %#v, want a SkipError of reason %q wrapping ErrNotActivity", err, "not an activity: GPX without a track")
	}
	recs, err := Decode(NewItem("b.gpx", []byte(gpxDoc)))
	if err != nil || len(recs) != 1 || recs[0].Format != "gpx" || len(recs[0].Samples) != 2 {
		t.Errorf("Decode(gpx) = %+v, %v; want one gpx recording of 2 samples", recs, err)
	}
	if _, err := Decode(NewItem("e", nil)); err == nil || err.Error() != "empty file" {
		t.Errorf("Decode(empty) = %v, want empty file", err)
	}
	if _, err := Decode(NewItem("t", []byte{0xbe, 0xfa, 0xcb, 0xdf, 0x51})); err == nil || !strings.Contains(err.Error(), "not a FIT") {
		t.Errorf("Decode(garbage) = %v, want 'not a FIT ...'", err)
	}
}

// FuzzOpen feeds arbitrary bytes through sniffing and unpacking (gzip, zip,
// zips in zips): every outcome is items, never a panic.
func FuzzOpen(f *testing.F) {
	for _, dir := range []string{"../testdata/quirks", "../testdata/tcx", "../testdata/gpx"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && len(b) < 1<<16 {
				f.Add(b)
			}
		}
	}
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("a/1_ACTIVITY.fit")
	w.Write(fitHead)
	zw.Close()
	f.Add(z.Bytes())
	var g bytes.Buffer
	gw := gzip.NewWriter(&g)
	gw.Write([]byte(tcxDoc))
	gw.Close()
	f.Add(g.Bytes())
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "in")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		err := Open(context.Background(), p, func(it Item) error {
			if it.Err == nil && (it.Kind == Gzip || it.Kind == Zip) {
				t.Errorf("item %s of kind %v handed over unpacked", it.Path, it.Kind)
			}
			_, _ = Decode(it)
			return nil
		})
		if err != nil {
			t.Errorf("Open = %v, want problems as items", err)
		}
	})
}

// utf16 encodes ASCII text as UTF-16 with a byte-order mark.
func utf16(s string, bigEndian bool) []byte {
	out := []byte{0xff, 0xfe}
	if bigEndian {
		out = []byte{0xfe, 0xff}
	}
	for _, c := range []byte(s) {
		if bigEndian {
			out = append(out, 0, c)
		} else {
			out = append(out, c, 0)
		}
	}
	return out
}

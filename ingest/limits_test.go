package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// withLimits lowers the content cap and the in-memory limit for one test,
// so that the paths a real bomb takes run on kilobytes.
func withLimits(t *testing.T, content int64, keep int) {
	t.Helper()
	oldContent, oldKeep := maxContent, keepLimit
	maxContent, keepLimit = content, keep
	t.Cleanup(func() { maxContent, keepLimit = oldContent, oldKeep })
}

func putFile(t *testing.T, path string, b []byte) string {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// nestZips wraps content in n zips, each the only member of the next.
func nestZips(t *testing.T, name string, content []byte, n int) []byte {
	t.Helper()
	for i := 0; i < n; i++ {
		content = zipOf(t, map[string][]byte{name: content})
		name = "inner.zip"
	}
	return content
}

func TestOpenBombs(t *testing.T) {
	withLimits(t, 1<<20, 64<<10)
	dir := t.TempDir()
	zeros := make([]byte, 2<<20)
	fit := append(append([]byte{}, fitHead...), 1, 2, 3)
	tests := []struct {
		name    string
		content []byte
		want    string // the error of the one item, "" for an item without error
		items   int
	}{
		{"bomb.fit.gz", gz(t, zeros), "larger than 1 MB", 1},
		{"bomb.zip", zipOf(t, map[string][]byte{"a.fit": zeros}), "larger than 1 MB", 1},
		{"export.zip", zipOf(t, map[string][]byte{"DI_CONNECT/big.json": zeros}), "", 0},
		{"nested-gzip.zip", zipOf(t, map[string][]byte{"a.fit.gz": gz(t, gz(t, zeros))}), "larger than 1 MB", 1},
		{"nested4.zip", nestZips(t, "a.fit", fit, 4), "", 1},
		{"nested5.zip", nestZips(t, "a.fit", fit, 5), "archives nested too deep", 1},
		// A nested zip larger than the in-memory limit is read through a
		// temporary file.
		{"big-inner.zip", zipOf(t, map[string][]byte{"inner.zip": zipOfStored(t, "x.fit", append(append([]byte{}, fit...), make([]byte, 200<<10)...))}), "", 1},
	}
	for _, tt := range tests {
		items := collect(t, putFile(t, filepath.Join(dir, tt.name), tt.content))
		if len(items) != tt.items {
			t.Errorf("Open(%s) = %d items, want %d", tt.name, len(items), tt.items)
			continue
		}
		if tt.items == 0 {
			continue
		}
		got := ""
		if items[0].Err != nil {
			got = items[0].Err.Error()
		}
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("Open(%s) error = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// zipOfStored is a zip whose one member is stored, not compressed, so that
// the archive is as large as its content.
func zipOfStored(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	f.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestContentReadTwice: content above the in-memory limit is read again to
// be decoded, and a change in between is caught, not decoded.
func TestContentReadTwice(t *testing.T) {
	withLimits(t, 1<<20, 1<<10)
	dir := t.TempDir()
	body := append(append([]byte{}, fitHead...), bytes.Repeat([]byte{7}, 8<<10)...)
	for _, name := range []string{"big.fit", "big.fit.gz"} {
		content := body
		if strings.HasSuffix(name, ".gz") {
			content = gz(t, body)
		}
		p := putFile(t, filepath.Join(dir, name), content)
		n := 0
		err := Open(context.Background(), p, func(it Item) error {
			n++
			if it.data != nil {
				t.Errorf("Open(%s): content of %d bytes kept in memory", name, it.Size)
			}
			got, err := it.Content()
			if err != nil || !bytes.Equal(got, body) || it.Size != int64(len(body)) {
				t.Errorf("Open(%s).Content() = %d bytes, %v; want the %d bytes written", name, len(got), err, len(body))
			}
			return nil
		})
		if err != nil || n != 1 {
			t.Errorf("Open(%s) = %d items, %v; want 1", name, n, err)
		}
	}
	// The file grows between the hash and the decode: a copy in progress.
	p := filepath.Join(dir, "growing.fit")
	putFile(t, p, body)
	err := Open(context.Background(), p, func(it Item) error {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		f.Write([]byte("more"))
		f.Close()
		_, err = it.Content()
		if !errors.Is(err, ErrUnreadable) {
			t.Errorf("Content() of a file grown since it was hashed = %v, want ErrUnreadable", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOpenNotRegular: pipes, sockets and folders are skipped without being
// opened (opening a pipe with no writer would block for ever).
func TestOpenNotRegular(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe.fit")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock.fit")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	folder := filepath.Join(dir, "folder.fit")
	os.Mkdir(folder, 0o700)
	for path, want := range map[string]string{pipe: "a named pipe", sock: "a socket", folder: "a folder", "/dev/null": "a device"} {
		done := make(chan []Item, 1)
		go func() { done <- collect(t, path) }()
		select {
		case items := <-done:
			if len(items) != 1 || !errors.Is(items[0].Err, ErrSkipped) || !strings.Contains(items[0].Err.Error(), want) {
				t.Errorf("Open(%s) = %+v, want one item skipped as %s", path, items, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Open(%s) blocked", path)
		}
	}
}

// TestOpenUnreadable: paths that cannot be read, whoever runs the test
// (root reads through any permission bits, so these are faults no
// permission can lift): a symbolic link to itself and one to nothing.
func TestOpenUnreadable(t *testing.T) {
	dir := t.TempDir()
	loop := filepath.Join(dir, "loop.fit")
	os.Symlink("loop.fit", loop)
	dangling := filepath.Join(dir, "dangling.fit")
	os.Symlink("nowhere.fit", dangling)
	for _, p := range []string{loop, dangling} {
		items := collect(t, p)
		if len(items) != 1 || !errors.Is(items[0].Err, ErrUnreadable) {
			t.Errorf("Open(%s) = %+v, want one ErrUnreadable item", p, items)
			continue
		}
		if _, err := Decode(items[0]); !errors.Is(err, ErrUnreadable) {
			t.Errorf("Decode(%s) = %v, want ErrUnreadable", p, err)
		}
	}
	if items := collect(t, dangling); !errors.Is(items[0].Err, os.ErrNotExist) {
		t.Errorf("Open(dangling link) = %v, want a not-exist error", items[0].Err)
	}
}

// A short read of the disk shows as ErrUnreadable through gzip, not as a
// broken gzip.
func TestDiskErrorsStayUnreadable(t *testing.T) {
	src := func() (io.ReadCloser, error) {
		return io.NopCloser(io.MultiReader(bytes.NewReader(gz(t, []byte(tcxDoc))[:20]), failReader{})), nil
	}
	var got []Item
	u := unpacker{ctx: context.Background(), fn: func(it Item) error { got = append(got, it); return nil }}
	if err := u.item("x.tcx.gz", src, 0, true, nil); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !errors.Is(got[0].Err, ErrUnreadable) {
		t.Errorf("items = %+v, want one ErrUnreadable", got)
	}
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) {
	return 0, diskFileErr
}

// brokenFile is a file on disk whose every read fails.
type brokenFile struct{}

func (brokenFile) ReadAt([]byte, int64) (int, error) { return 0, os.ErrInvalid }
func (brokenFile) Close() error                      { return nil }

var diskFileErr = func() error {
	_, err := diskFile{brokenFile{}}.ReadAt(nil, 0)
	return err
}()

// TestXMLDecodedAsStream: TCX and GPX content above the in-memory limit is
// decoded from a second read as a stream, never held whole, and a change
// since the first read (here in the bytes after the root, which the
// decoder itself never needs) is caught.
func TestXMLDecodedAsStream(t *testing.T) {
	withLimits(t, 1<<20, 1<<10)
	dir := t.TempDir()
	var pts strings.Builder
	for i := range 200 {
		fmt.Fprintf(&pts, `<trkpt lat="51.5" lon="%.4f"><time>2024-01-01T00:%02d:%02dZ</time></trkpt>`, -0.1+float64(i)/1e4, i/60, i%60)
	}
	doc := []byte(`<gpx><trk><type>running</type><trkseg>` + pts.String() + `</trkseg></trk></gpx>` + "\n<!-- trailer -->\n")
	for _, name := range []string{"big.gpx", "big.gpx.gz"} {
		content := doc
		if strings.HasSuffix(name, ".gz") {
			content = gz(t, doc)
		}
		p := putFile(t, filepath.Join(dir, name), content)
		err := Open(context.Background(), p, func(it Item) error {
			if it.data != nil {
				t.Errorf("Open(%s): content of %d bytes kept in memory", name, it.Size)
			}
			recs, err := Decode(it)
			if err != nil || len(recs) != 1 || len(recs[0].Samples) != 200 || recs[0].Sport != "running" {
				t.Errorf("Decode(%s) = %d recordings, %v; want one run of 200 samples", name, len(recs), err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	p := putFile(t, filepath.Join(dir, "changing.gpx"), doc)
	err := Open(context.Background(), p, func(it Item) error {
		changed := bytes.Replace(doc, []byte("trailer"), []byte("TRAILER"), 1)
		if err := os.WriteFile(p, changed, 0o600); err != nil {
			return err
		}
		if _, err := Decode(it); !errors.Is(err, ErrUnreadable) {
			t.Errorf("Decode() of a file changed since it was hashed = %v, want ErrUnreadable", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestHeadAndContentFromReusedBuffers reads files of every size around
// the in-memory limit, and while each item is handed over, reads every
// other file too, so that they take the content buffers given back
// meanwhile (as a bulk import's other workers do): each item's first
// bytes (what its kind is told from) and its content must still be its
// own, also for a file past the limit, whose buffer goes back before its
// item is handed over.
func TestHeadAndContentFromReusedBuffers(t *testing.T) {
	// A limit above a new content buffer's room, so that buffers go back
	// to the list (putKept keeps none much larger than the limit).
	withLimits(t, 4<<20, 300<<10)
	dir := t.TempDir()
	sizes := []int{20, sniffLen - 1, sniffLen, sniffLen + 1, 12 << 10, 256 << 10, 300 << 10, 300<<10 + 1, 400 << 10, 100, 350 << 10, 5 << 10}
	members := map[string][]byte{}
	var names []string
	for i, n := range sizes {
		content := make([]byte, n)
		for j := range content {
			content[j] = byte(i*31 + j*7)
		}
		copy(content, fitHead)
		name := fmt.Sprintf("f%02d.fit", i)
		members[name] = content
		names = append(names, name)
		putFile(t, filepath.Join(dir, name), content)
	}
	check := func(it Item, want []byte) {
		t.Helper()
		if it.Err != nil {
			t.Fatalf("%s: %v", it.Path, it.Err)
		}
		if head := want[:min(len(want), sniffLen)]; !bytes.Equal(it.head, head) {
			t.Errorf("%s: the item's first bytes are not its own", it.Path)
		}
		kept := len(want) <= keepLimit
		if (it.data != nil) != kept || kept && !bytes.Equal(it.data, want) {
			t.Errorf("%s (%d bytes): kept content %d bytes, want it kept: %v", it.Path, len(want), len(it.data), kept)
		}
		if got, err := it.Content(); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: the content read back differs (%v)", it.Path, err)
		}
	}
	readOthers := func(skip string) {
		t.Helper()
		for _, name := range names {
			if name == skip {
				continue
			}
			if err := Open(context.Background(), filepath.Join(dir, name), func(it Item) error {
				check(it, members[name])
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, name := range names {
		err := Open(context.Background(), filepath.Join(dir, name), func(it Item) error {
			readOthers(name)
			check(it, members[name])
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	zipPath := putFile(t, filepath.Join(dir, "all.zip"), zipOf(t, members))
	n := 0
	err := Open(context.Background(), zipPath, func(it Item) error {
		n++
		name := strings.TrimPrefix(it.Path, zipPath+"!/")
		readOthers(name)
		check(it, members[name])
		return nil
	})
	if err != nil || n != len(sizes) {
		t.Fatalf("the zip: %d items, %v", n, err)
	}
}

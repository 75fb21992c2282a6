package ingest

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"easyday/ingest/fit"
	"easyday/internal/fitgen"
)

// TestDecodeLargeFITInPlace: a FIT file too large to keep from the first
// read is decoded in place (re-read for each pass, never held whole), plain,
// gzipped or in a zip, to exactly what decoding its bytes in memory gives.
func TestDecodeLargeFITInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "large.fit")
	var buf seekBuffer
	if err := fitgen.WriteLarge(&buf, time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC), int64(keepLimit+1<<16)); err != nil {
		t.Fatal(err)
	}
	raw := buf.b
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	want, err := fit.Decode(raw)
	if err != nil || len(want) != 1 {
		t.Fatalf("fit.Decode(large) = %d recordings, %v", len(want), err)
	}
	if err := os.WriteFile(path+".gz", gz(t, raw), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "large.zip"), zipOf(t, map[string][]byte{"large.fit": raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"large.fit", "large.fit.gz", "large.zip"} {
		n := 0
		err := Open(context.Background(), filepath.Join(dir, name), func(it Item) error {
			n++
			if it.data != nil {
				t.Errorf("%s: content of %d bytes kept from the first read, want it read again", name, it.Size)
			}
			got, err := Decode(it)
			if err != nil {
				t.Errorf("Decode(%s) error = %v", name, err)
				return nil
			}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("Decode(%s) differs from decoding its bytes in memory", name)
			}
			return nil
		})
		if err != nil || n != 1 {
			t.Errorf("Open(%s) = %d items, %v; want 1", name, n, err)
		}
	}

	// A file that changes between the first read and decoding is not
	// decoded from mixed content: it is unreadable for now, tried again later.
	err = Open(context.Background(), path, func(it Item) error {
		if err := os.WriteFile(path, append(raw[:len(raw)-2:len(raw)-2], 0, 0), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Decode(it); !errors.Is(err, ErrUnreadable) {
			t.Errorf("Decode(changed while read) error = %v, want ErrUnreadable", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// seekBuffer is an in-memory io.WriteSeeker for the streaming FIT encoder.
type seekBuffer struct {
	b   []byte
	pos int
}

func (s *seekBuffer) Write(p []byte) (int, error) {
	if end := s.pos + len(p); end > len(s.b) {
		s.b = append(s.b, make([]byte, end-len(s.b))...)
	}
	s.pos += copy(s.b[s.pos:], p)
	return len(p), nil
}

func (s *seekBuffer) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		off += int64(s.pos)
	case io.SeekEnd:
		off += int64(len(s.b))
	}
	if off < 0 {
		return 0, errors.New("seek before the start")
	}
	s.pos = int(off)
	return off, nil
}

// Package ingest reads one watch export: it sniffs what a file is from its
// content (never its name), unpacks gzip and zip archives in memory one
// entry at a time, and hands each file to the FIT or TCX decoder. Finding
// and watching files is package inbox's work.
package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"easyday"
	"easyday/ingest/fit"
	"easyday/ingest/tcx"
)

// Kind is what a file's content is.
type Kind int

// The kinds of content easyday recognises.
const (
	Unknown Kind = iota
	FIT
	TCX
	GPX
	Gzip
	Zip
)

func (k Kind) String() string {
	switch k {
	case FIT:
		return "fit"
	case TCX:
		return "tcx"
	case GPX:
		return "gpx"
	case Gzip:
		return "gzip"
	case Zip:
		return "zip"
	}
	return "unknown"
}

// Limits that keep a hostile or broken archive from exhausting memory.
const (
	// MaxFileSize is the largest decompressed file easyday reads: real FIT
	// files of a long ultra are tens of MB; TCX of the same a few times more.
	MaxFileSize = 256 << 20
	// maxNesting bounds zips inside zips (Garmin's full export nests two deep).
	maxNesting = 4
	sniffLen   = 4096
)

// ErrTruncated marks a FIT file shorter than its header says, read cleanly
// up to where it ends: most likely a copy still in progress.
var ErrTruncated = fit.ErrTruncated

// ErrSkipped marks a file that is not an activity and is skipped rather than
// rejected (GPX for now, settings or course files).
var ErrSkipped = errors.New("skipped")

// FileError is a problem with one file (or archive member): where it is and
// what is wrong. It reads as a sentence a runner understands.
type FileError struct {
	Path string // file path; archive members as "outer.zip!/member.fit"
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// Sniff tells what the content starting with head is.
func Sniff(head []byte) Kind {
	switch {
	case len(head) >= 12 && string(head[8:12]) == ".FIT" && (head[0] == 12 || head[0] == 14):
		return FIT
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return Gzip
	case len(head) >= 4 && string(head[:2]) == "PK" && (string(head[2:4]) == "\x03\x04" || string(head[2:4]) == "\x05\x06"):
		return Zip
	}
	switch xmlRoot(head) {
	case "TrainingCenterDatabase":
		return TCX
	case "gpx":
		return GPX
	}
	return Unknown
}

// xmlRoot returns the local name of the first element in head, skipping a
// BOM, white space, the XML declaration, comments and a doctype.
func xmlRoot(head []byte) string {
	s := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	// A UTF-16 document (Windows tools write them) starts with its byte-order
	// mark; the names sniffed are ASCII, so keeping every other byte reads them.
	if len(s) >= 2 && (s[0] == 0xff && s[1] == 0xfe || s[0] == 0xfe && s[1] == 0xff) {
		low := 2 // little-endian: the ASCII byte comes first
		if s[0] == 0xfe {
			low = 3
		}
		ascii := make([]byte, 0, len(s)/2)
		for i := low; i < len(s); i += 2 {
			ascii = append(ascii, s[i])
		}
		s = ascii
	}
	for {
		s = bytes.TrimLeft(s, " \t\r\n")
		switch {
		case bytes.HasPrefix(s, []byte("<?")):
			i := bytes.Index(s, []byte("?>"))
			if i < 0 {
				return ""
			}
			s = s[i+2:]
		case bytes.HasPrefix(s, []byte("<!--")):
			i := bytes.Index(s, []byte("-->"))
			if i < 0 {
				return ""
			}
			s = s[i+3:]
		case bytes.HasPrefix(s, []byte("<!")):
			i := bytes.IndexByte(s, '>')
			if i < 0 {
				return ""
			}
			s = s[i+1:]
		case bytes.HasPrefix(s, []byte("<")):
			s = s[1:]
			end := bytes.IndexAny(s, " \t\r\n/>")
			if end < 0 {
				return ""
			}
			name := string(s[:end])
			if i := strings.IndexByte(name, ':'); i >= 0 {
				name = name[i+1:]
			}
			return name
		default:
			return ""
		}
	}
}

// Item is one file's decompressed content, ready to decode.
type Item struct {
	Path string // file path; archive members as "outer.zip!/member.fit"
	Kind Kind   // FIT, TCX, GPX or Unknown (never an archive)
	Data []byte
	Err  error // the file could not be read or unpacked; Data is nil
}

// Decode turns an item into recordings. Errors wrap ErrSkipped for files
// that are not activities; any other error means the file is rejected.
func Decode(it Item) ([]easyday.Recording, error) {
	if it.Err != nil {
		return nil, it.Err
	}
	var (
		recs []easyday.Recording
		err  error
	)
	switch it.Kind {
	case FIT:
		recs, err = fit.Decode(it.Data)
	case TCX:
		recs, err = tcx.Decode(it.Data)
	case GPX:
		return nil, fmt.Errorf("%w: GPX files are not read yet (export FIT or TCX instead)", ErrSkipped)
	default:
		if len(it.Data) == 0 {
			return nil, errors.New("empty file")
		}
		return nil, errors.New("not a FIT, TCX, GPX, gzip or zip file")
	}
	if errors.Is(err, easyday.ErrNotActivity) {
		return nil, fmt.Errorf("%w: %v", ErrSkipped, err)
	}
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errors.New("no activity in file")
	}
	return recs, nil
}

// Open reads one file from disk and calls fn with each item it holds: the
// file itself, its gzip content, or each member of a zip (zips inside zips
// too), one at a time so that a bulk export of thousands of files never sits
// in memory or on disk at once. Archive members that are not activity files
// (the JSON and CSV of an account export) are passed over silently. fn's
// error stops the walk and is returned; problems with the file become items
// with Err set.
func Open(ctx context.Context, path string, fn func(Item) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fn(Item{Path: path, Err: err})
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fn(Item{Path: path, Err: err})
	}
	br := bufio.NewReaderSize(f, sniffLen)
	head, _ := br.Peek(sniffLen)
	if Sniff(head) == Zip {
		zr, err := zip.NewReader(f, info.Size())
		if err != nil {
			return fn(Item{Path: path, Err: fmt.Errorf("unreadable zip: %w", err)})
		}
		return walkZip(ctx, path, zr, 1, fn)
	}
	return readItem(ctx, path, br, 0, true, fn)
}

// readItem reads one stream (a file, a gzip's content or a zip member) and
// unpacks it when it is itself compressed.
func readItem(ctx context.Context, path string, r io.Reader, depth int, top bool, fn func(Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return fn(Item{Path: path, Err: fmt.Errorf("read: %w", err)})
	}
	if len(data) > MaxFileSize {
		return fn(Item{Path: path, Err: fmt.Errorf("larger than %d MB: not a watch export", MaxFileSize>>20)})
	}
	switch k := Sniff(data); k {
	case Gzip:
		if depth >= maxNesting {
			return fn(Item{Path: path, Err: errors.New("archives nested too deep")})
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return fn(Item{Path: path, Err: fmt.Errorf("unreadable gzip: %w", err)})
		}
		inner, err := io.ReadAll(io.LimitReader(zr, MaxFileSize+1))
		if err != nil {
			return fn(Item{Path: path, Err: fmt.Errorf("unreadable gzip: %w", err)})
		}
		if len(inner) > MaxFileSize {
			return fn(Item{Path: path, Err: fmt.Errorf("gzip content larger than %d MB", MaxFileSize>>20)})
		}
		return readItem(ctx, path, bytes.NewReader(inner), depth+1, top, fn)
	case Zip:
		if depth >= maxNesting {
			return fn(Item{Path: path, Err: errors.New("archives nested too deep")})
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return fn(Item{Path: path, Err: fmt.Errorf("unreadable zip: %w", err)})
		}
		return walkZip(ctx, path, zr, depth+1, fn)
	case Unknown:
		if !top && !activityName(path) {
			return nil // an account export's JSON, CSV or image: not ours
		}
		return fn(Item{Path: path, Kind: k, Data: data})
	default:
		return fn(Item{Path: path, Kind: k, Data: data})
	}
}

func walkZip(ctx context.Context, path string, zr *zip.Reader, depth int, fn func(Item) error) error {
	for _, m := range zr.File {
		if m.FileInfo().IsDir() || strings.HasPrefix(m.Name, "__MACOSX/") || easyday.IgnoredName(m.Name) {
			continue
		}
		member := path + "!/" + m.Name
		rc, err := m.Open()
		if err != nil {
			if err := fn(Item{Path: member, Err: fmt.Errorf("unreadable zip member: %w", err)}); err != nil {
				return err
			}
			continue
		}
		err = readItem(ctx, member, rc, depth, false, fn)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// activityName reports whether a name says it should be an activity file, so
// that a broken one inside an archive is reported rather than passed over.
func activityName(path string) bool {
	name := strings.ToLower(path)
	name = strings.TrimSuffix(name, ".gz")
	return strings.HasSuffix(name, ".fit") || strings.HasSuffix(name, ".tcx")
}

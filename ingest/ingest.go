// Package ingest reads one watch export: it sniffs what a file is from its
// content (never its name), unpacks gzip and zip archives in memory one
// entry at a time, and hands each file to the FIT, TCX or GPX decoder. Finding
// and watching files is package inbox's work.
package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"
	"syscall"

	"easyday"
	"easyday/ingest/fit"
	"easyday/ingest/gpx"
	"easyday/ingest/internal/trackxml"
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

// The limits as the code reads them: tests lower them to try the paths that
// real limits reach only with hundreds of megabytes.
var (
	maxContent int64 = MaxFileSize
	// keepLimit is the most content kept in memory from the first read (a
	// typical FIT file is a few hundred KB); larger content is read again
	// to be decoded, never held while it is hashed.
	keepLimit = 4 << 20
)

// ErrTruncated marks a FIT file shorter than its header says, read cleanly
// up to where it ends: most likely a copy still in progress.
var ErrTruncated = fit.ErrTruncated

// ErrUnreadable marks a file that could not be read (permissions, a file
// gone since it was listed, a disk error, content that changed while being
// read): nothing is known of its content, so it is not remembered and is
// tried again next time.
var ErrUnreadable = errors.New("could not be read")

// ErrSkipped marks a file that is not an activity and is skipped rather than
// rejected (settings, course or route files).
var ErrSkipped = errors.New("skipped")

// SkipError says why a file is skipped rather than rejected. Every error
// that wraps ErrSkipped is one: errors.As gives the reason for the ledger
// without reading it out of the message.
type SkipError struct {
	Reason string // a sentence for the ledger: "not an activity: settings file"
	Err    error  // the cause, when there is one (easyday.ErrNotActivity)
}

func (e *SkipError) Error() string { return ErrSkipped.Error() + ": " + e.Reason }

// Is makes errors.Is(err, ErrSkipped) hold.
func (e *SkipError) Is(target error) bool { return target == ErrSkipped }

// Unwrap returns the cause.
func (e *SkipError) Unwrap() error { return e.Err }

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

// Item is one file's decompressed content, ready to decode. The content is
// read once to size and hash it; Content reads it again (or hands over the
// copy kept from the first read, for the small files that most are), so a
// large file is never held twice and a bomb is never held at all.
type Item struct {
	Path   string // file path; archive members as "outer.zip!/member.fit"
	Kind   Kind   // FIT, TCX, GPX or Unknown (never an archive)
	Size   int64  // bytes of decompressed content
	SHA256 string // hex SHA-256 of the decompressed content; "" when Err is set
	Err    error  // the file could not be read or unpacked; errors.Is(Err, ErrUnreadable) when trying again may help

	head   []byte                        // the first bytes of the content (up to sniffLen), what Kind was told from
	data   []byte                        // the content, when small enough to keep from the first read
	reopen func() (io.ReadCloser, error) // the content again from its start
}

// NewItem makes the item of content already in memory (unpacked): tests and
// tools that have bytes rather than a file use it.
func NewItem(path string, data []byte) Item {
	sum := sha256.Sum256(data)
	if data == nil {
		data = []byte{}
	}
	return Item{Path: path, Kind: Sniff(data), Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), head: data[:min(len(data), sniffLen)], data: data}
}

// Content returns the item's content in one buffer of exactly its size. When
// the content was too large to keep from the first read it is read again and
// checked against the size and hash taken then: content that changed in
// between (a file still being written) is ErrUnreadable, to be tried again.
// Like the item, it is good only while Open's fn runs.
func (it Item) Content() ([]byte, error) {
	if it.Err != nil {
		return nil, it.Err
	}
	if it.data != nil {
		return it.data, nil
	}
	if it.reopen == nil {
		return nil, errors.New("no content")
	}
	r, err := it.reopen()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	buf := make([]byte, it.Size) // Size was counted by reading, never taken from a header
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%w: it shrank while being read", ErrUnreadable)
		}
		return nil, err
	}
	var one [1]byte
	if n, _ := r.Read(one[:]); n > 0 {
		return nil, fmt.Errorf("%w: it grew while being read (still being copied?)", ErrUnreadable)
	}
	if sum := sha256.Sum256(buf); hex.EncodeToString(sum[:]) != it.SHA256 {
		return nil, fmt.Errorf("%w: it changed while being read (still being copied?)", ErrUnreadable)
	}
	return buf, nil
}

// decodeStream runs an XML decoder (TCX, GPX: token streams) on the item's
// content as a stream, so that a large document is never held in memory:
// only the kept copy of a small one, or a second read of a large one,
// checked against the size and hash of the first read as Content does.
func decodeStream(it Item, point string, decode func(io.Reader, int) ([]easyday.Recording, error)) ([]easyday.Recording, error) {
	if it.data != nil || it.reopen == nil {
		data, err := it.Content()
		if err != nil {
			return nil, err
		}
		return decode(bytes.NewReader(data), 0)
	}
	// Content too large to keep is counted first, a cheap pass, so that its
	// samples are allocated once (peak memory is the samples, not 1.8 times
	// them while an array regrows).
	points, err := countPoints(it, point)
	if err != nil {
		return nil, err
	}
	r, err := it.reopen()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	h := sha256.New()
	cr := &countingReader{r: io.TeeReader(r, h)}
	recs, decErr := decode(cr, points)
	// The decoder stops at the root's end; the rest still counts for the hash.
	if _, err := io.Copy(io.Discard, cr); err != nil {
		return nil, err
	}
	switch {
	case cr.n < it.Size:
		return nil, fmt.Errorf("%w: it shrank while being read", ErrUnreadable)
	case cr.n > it.Size:
		return nil, fmt.Errorf("%w: it grew while being read (still being copied?)", ErrUnreadable)
	case hex.EncodeToString(h.Sum(nil)) != it.SHA256:
		return nil, fmt.Errorf("%w: it changed while being read (still being copied?)", ErrUnreadable)
	}
	return recs, decErr
}

// countPoints reads the content again to count its point elements.
func countPoints(it Item, point string) (int, error) {
	r, err := it.reopen()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	return trackxml.CountElements(r, point)
}

// decodeFIT decodes a FIT item. Content kept from the first read is decoded
// from memory; a larger file is decoded in place, read again from its start
// for each pass of the decoder (reopenAt), never held whole, and then
// checked against the size and hash of the first read as Content does.
func decodeFIT(it Item) ([]easyday.Recording, error) {
	if it.data != nil || it.reopen == nil {
		data, err := it.Content()
		if err != nil {
			return nil, err
		}
		return fit.Decode(data)
	}
	at := &reopenAt{open: it.reopen}
	recs, decErr := fit.DecodeReaderAt(at, it.Size)
	at.close()
	if at.err != nil {
		return nil, at.err
	}
	r, err := it.reopen()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, r)
	switch {
	case err != nil:
		return nil, err
	case n < it.Size:
		return nil, fmt.Errorf("%w: it shrank while being read", ErrUnreadable)
	case n > it.Size:
		return nil, fmt.Errorf("%w: it grew while being read (still being copied?)", ErrUnreadable)
	case hex.EncodeToString(h.Sum(nil)) != it.SHA256:
		return nil, fmt.Errorf("%w: it changed while being read (still being copied?)", ErrUnreadable)
	}
	return recs, decErr
}

// reopenAt serves ReadAt from an item's content stream, opening it again
// when a read goes back: the FIT decoder reads its file front to back a few
// times (headers, framing, decoding), so a stream (a file, a gzip or zip
// member) does for random access without being held in memory. A failure
// to open or read is kept in err, for the caller to tell from damage.
type reopenAt struct {
	open func() (io.ReadCloser, error)
	r    io.ReadCloser
	pos  int64
	err  error
}

// ReadAt implements io.ReaderAt.
func (a *reopenAt) ReadAt(p []byte, off int64) (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	if a.r == nil || off < a.pos {
		a.close()
		r, err := a.open()
		if err != nil {
			a.err = err
			return 0, err
		}
		a.r, a.pos = r, 0
	}
	if off > a.pos {
		n, err := io.CopyN(io.Discard, a.r, off-a.pos)
		a.pos += n
		if err != nil {
			return 0, a.fail(err)
		}
	}
	n, err := io.ReadFull(a.r, p)
	a.pos += int64(n)
	if err != nil {
		return n, a.fail(err)
	}
	return n, nil
}

// fail keeps a read error other than the end of the content.
func (a *reopenAt) fail(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return io.EOF
	}
	a.err = err
	return err
}

func (a *reopenAt) close() {
	if a.r != nil {
		a.r.Close()
		a.r = nil
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// HasPrefix reports whether the item's content starts with the n bytes
// whose hex SHA-256 is sha: the content of a file that has grown since.
func (it Item) HasPrefix(n int64, sha string) (bool, error) {
	if it.Err != nil || n > it.Size || n < 0 {
		return false, it.Err
	}
	h := sha256.New()
	if it.data != nil {
		h.Write(it.data[:n])
	} else {
		r, err := it.reopen()
		if err != nil {
			return false, err
		}
		defer r.Close()
		if _, err := io.CopyN(h, r, n); err != nil {
			return false, err
		}
	}
	return hex.EncodeToString(h.Sum(nil)) == sha, nil
}

// Decode turns an item into recordings, reading it as an activity file
// whatever it holds (Read tells wellness files apart first). Errors are a
// *SkipError (wrapping ErrSkipped) for files that are not activities and
// ErrUnreadable for files that could not be read; any other error means the
// file is rejected. A recording of more than easyday.MaxRecords samples
// keeps the first of them, with a warning (each decoder applies the cap
// while it reads).
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
		recs, err = decodeFIT(it)
	case TCX:
		recs, err = decodeStream(it, "Trackpoint", tcx.DecodeReaderSized)
	case GPX:
		recs, err = decodeStream(it, "trkpt", gpx.DecodeReaderSized)
	default:
		if it.Size == 0 {
			return nil, errors.New("empty file")
		}
		// What is recognisably something else (an export's CSV, JSON
		// and pictures) is skipped, unless its name says it should be an
		// activity: then it is a broken one, to be reported.
		if what := otherFormat(it.head); what != "" && !activityName(it.Path) {
			return nil, &SkipError{Reason: "not an activity file: " + what}
		}
		return nil, errors.New("not a FIT, TCX, GPX, gzip or zip file")
	}
	if errors.Is(err, easyday.ErrNotActivity) {
		return nil, &SkipError{Reason: err.Error(), Err: err}
	}
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errors.New("no activity in file")
	}
	for _, r := range recs {
		// docs/metrics.md §1.3: samples kept before 2000 come from a
		// device whose clock was never set; no day can be told.
		if clk := easyday.KeptClock(r.Samples); clk.NotSet() {
			return nil, fmt.Errorf("%w: its times lie in %d, before 2000 (the device's clock was never set)", easyday.ErrClockNotSet, clk.Last.Year())
		}
	}
	return recs, nil
}

// Open reads one file from disk and calls fn with each item it holds: the
// file itself, its gzip content, or each member of a zip (zips inside zips
// too), one at a time so that a bulk export of thousands of files never sits
// in memory at once. Archive members that are not activity files (the JSON
// and CSV of an account export) are passed over silently; such a file on
// its own is an item that Decode skips, naming its kind. fn's error stops
// the walk and is returned, as is the context's; problems with the file
// become items with Err set.
//
// Only regular files are opened: a named pipe, socket or device is an item
// wrapping ErrSkipped, found without opening it, so it can never block.
func Open(ctx context.Context, path string, fn func(Item) error) error {
	info, err := os.Stat(path)
	if err != nil {
		return fn(Item{Path: path, Err: fmt.Errorf("%w: %w", ErrUnreadable, err)})
	}
	if !info.Mode().IsRegular() {
		return fn(Item{Path: path, Err: notRegular(info.Mode())})
	}
	// O_NONBLOCK: should the path become a pipe after the Stat, opening it
	// still returns at once; on a regular file the flag changes nothing.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return fn(Item{Path: path, Err: fmt.Errorf("%w: %w", ErrUnreadable, err)})
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return fn(Item{Path: path, Err: fmt.Errorf("%w: %w", ErrUnreadable, err)})
	}
	if !info.Mode().IsRegular() {
		return fn(Item{Path: path, Err: notRegular(info.Mode())})
	}
	file := diskFile{f}
	u := unpacker{ctx: ctx, fn: fn}
	return u.item(path, func() (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(file, 0, math.MaxInt64)), nil
	}, 0, true, &sized{file, info.Size()})
}

// notRegular is the skip reason of a path that is not a regular file.
func notRegular(m fs.FileMode) error {
	what := "not a regular file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		what = "a device"
	case m.IsDir():
		what = "a folder"
	}
	return &SkipError{Reason: what + ", not a file: not opened"}
}

// diskFile marks the errors of reading the file on disk as ErrUnreadable, so
// that they stay apart from what is wrong with the content (a broken gzip)
// through any layers of unpacking.
type diskFile struct{ f *os.File }

func (d diskFile) ReadAt(p []byte, off int64) (int, error) {
	n, err := d.f.ReadAt(p, off)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	return n, err
}

// sized is random access to content of a known size: what a zip needs.
type sized struct {
	io.ReaderAt
	size int64
}

// source opens a stream of content from its start; each call starts afresh,
// so that content can be read a second time without being kept.
type source func() (io.ReadCloser, error)

// unpacker walks one file's content, calling fn with each item.
type unpacker struct {
	ctx context.Context
	fn  func(Item) error
}

// item reads one stream (a file, a gzip's content or a zip member): archives
// are unpacked, anything else is sized and hashed as a stream and handed to
// fn. at is the stream as random access when it has that already (the file
// on disk).
func (u *unpacker) item(path string, src source, depth int, top bool, at *sized) error {
	if err := u.ctx.Err(); err != nil {
		return err
	}
	fail := func(err error) error { return u.fn(Item{Path: path, Err: err}) }
	r, err := src()
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return fail(err)
	}
	head = head[:n]
	switch kind := Sniff(head); kind {
	case Gzip:
		if depth >= maxNesting {
			return fail(errors.New("archives nested too deep"))
		}
		r.Close()
		return u.item(path, gunzip(src), depth+1, top, nil)
	case Zip:
		if depth >= maxNesting {
			return fail(errors.New("archives nested too deep"))
		}
		if at == nil {
			var done func()
			at, done, err = u.randomAccess(head, r)
			if err != nil {
				return fail(err)
			}
			defer done()
		}
		zr, err := zip.NewReader(at, at.size)
		if err != nil {
			if errors.Is(err, ErrUnreadable) {
				return fail(err)
			}
			return fail(fmt.Errorf("unreadable zip: %w", err))
		}
		return u.walkZip(path, zr, depth+1)
	case Unknown:
		if !top && !activityName(path) {
			return nil // an account export's JSON, CSV or image: not ours
		}
		fallthrough
	default:
		it, err := u.leaf(path, kind, head, r)
		if err != nil {
			if u.ctx.Err() != nil {
				return u.ctx.Err()
			}
			return fail(err)
		}
		it.reopen = src
		return u.fn(it)
	}
}

// leaf sizes and hashes the rest of a stream whose first bytes are head,
// keeping the content only while it is at most keepLimit.
func (u *unpacker) leaf(path string, kind Kind, head []byte, r io.Reader) (Item, error) {
	h := sha256.New()
	h.Write(head)
	size := int64(len(head))
	kept := append(make([]byte, 0, len(head)), head...)
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			size += int64(n)
			if size > maxContent {
				return Item{}, fmt.Errorf("larger than %d MB: not a watch export", maxContent>>20)
			}
			h.Write(buf[:n])
			if kept != nil {
				if len(kept)+n > keepLimit {
					kept = nil // read again when decoded
				} else {
					kept = append(kept, buf[:n]...)
				}
			}
			if size%(1<<20) < int64(n) && u.ctx.Err() != nil {
				return Item{}, u.ctx.Err()
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return Item{}, err
		}
	}
	return Item{Path: path, Kind: kind, Size: size, SHA256: hex.EncodeToString(h.Sum(nil)), head: head, data: kept}, nil
}

// randomAccess makes the rest of a stream (after head) random access, as a
// zip inside an archive needs: in memory up to keepLimit, else in a
// temporary file that is unlinked at once, so that nothing is left on disk
// whatever happens. done releases it.
func (u *unpacker) randomAccess(head []byte, r io.Reader) (*sized, func(), error) {
	rest := io.LimitReader(r, maxContent+1-int64(len(head)))
	small := append(make([]byte, 0, len(head)), head...)
	buf := make([]byte, 64<<10)
	for len(small) <= keepLimit {
		n, err := rest.Read(buf)
		small = append(small, buf[:n]...)
		if err == io.EOF {
			return &sized{bytes.NewReader(small), int64(len(small))}, func() {}, nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
	f, err := os.CreateTemp("", "easyday-zip-*")
	if err != nil {
		return nil, nil, fmt.Errorf("zip inside an archive: %w", err)
	}
	name := f.Name()
	_ = os.Remove(name) // where the system allows it (not Windows), unlinked while open
	done := func() {
		f.Close()
		os.Remove(name)
	}
	n, err := io.Copy(f, io.MultiReader(bytes.NewReader(small), rest))
	if err != nil {
		done()
		return nil, nil, err
	}
	if n > maxContent {
		done()
		return nil, nil, fmt.Errorf("zip inside an archive larger than %d MB", maxContent>>20)
	}
	return &sized{f, n}, done, nil
}

// gunzip is the decompressed content of a gzip source.
func gunzip(src source) source {
	return func() (io.ReadCloser, error) {
		r, err := src()
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(r)
		if err != nil {
			r.Close()
			return nil, contentError("gzip", err)
		}
		return &readCloser{r: zr, what: "gzip", close: r.Close}, nil
	}
}

// readCloser names the archive in its read errors and closes what is under it.
type readCloser struct {
	r     io.Reader
	what  string
	close func() error
}

func (rc *readCloser) Read(p []byte) (int, error) {
	n, err := rc.r.Read(p)
	if err != nil && err != io.EOF {
		err = contentError(rc.what, err)
	}
	return n, err
}

func (rc *readCloser) Close() error { return rc.close() }

// contentError says what could not be unpacked, unless the fault was in
// reading the disk.
func contentError(what string, err error) error {
	if errors.Is(err, ErrUnreadable) {
		return err
	}
	return fmt.Errorf("unreadable %s: %w", what, err)
}

func (u *unpacker) walkZip(path string, zr *zip.Reader, depth int) error {
	for _, m := range zr.File {
		if m.FileInfo().IsDir() || strings.HasPrefix(m.Name, "__MACOSX/") || easyday.IgnoredName(m.Name) {
			continue
		}
		m := m
		src := func() (io.ReadCloser, error) {
			rc, err := m.Open()
			if err != nil {
				return nil, contentError("zip member", err)
			}
			return &readCloser{r: rc, what: "zip member", close: rc.Close}, nil
		}
		if err := u.item(path+"!/"+m.Name, src, depth, false, nil); err != nil {
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
	return strings.HasSuffix(name, ".fit") || strings.HasSuffix(name, ".tcx") || strings.HasSuffix(name, ".gpx")
}

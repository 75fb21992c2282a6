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
	"sync"

	"easyday"
	"easyday/internal/freelist"
)

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
	return OpenStat(ctx, path, info, fn)
}

// OpenStat is Open for a caller that has just stat'ed path (os.Stat):
// info, which decides whether the file is opened at all.
func OpenStat(ctx context.Context, path string, info fs.FileInfo, fn func(Item) error) error {
	if !info.Mode().IsRegular() {
		return fn(Item{Path: path, Err: notRegular(info.Mode())})
	}
	// Should the path have become a pipe since the Stat, opening it still
	// returns at once (openRegular), and the mode it gives says so.
	f, size, mode, err := openRegular(path)
	if err != nil {
		return fn(Item{Path: path, Err: fmt.Errorf("%w: %w", ErrUnreadable, err)})
	}
	defer f.Close()
	if !mode.IsRegular() {
		return fn(Item{Path: path, Err: notRegular(mode)})
	}
	disk := diskFile{f}
	u := unpacker{ctx: ctx, fn: fn}
	return u.item(path, func() (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(disk, 0, math.MaxInt64)), nil
	}, 0, true, &sized{disk, size})
}

// file is an open file on disk: openRegular's.
type file interface {
	io.ReaderAt
	io.Closer
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
type diskFile struct{ f file }

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
	// The first bytes are read into a content buffer, where a kept
	// content goes on after them (leaf): not into an array of their own,
	// allocated and cleared for every file.
	head := getKept()[:sniffLen]
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		putKept(head)
		return fail(err)
	}
	head = head[:n]
	switch kind := Sniff(head); kind {
	case Gzip:
		putKept(head)
		if depth >= maxNesting {
			return fail(errors.New("archives nested too deep"))
		}
		r.Close()
		return u.item(path, gunzip(src), depth+1, top, nil)
	case Zip:
		if depth >= maxNesting {
			putKept(head)
			return fail(errors.New("archives nested too deep"))
		}
		if at == nil {
			var done func()
			at, done, err = u.randomAccess(head, r) // it copies head
			if err != nil {
				putKept(head)
				return fail(err)
			}
			defer done()
		}
		putKept(head)
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
			putKept(head)
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
		err = u.fn(it)
		// The item is good only while fn runs: its content serves the
		// next file's.
		putKept(it.data)
		return err
	}
}

// readBufs are the 64 KB buffers files are read through, reused from file
// to file rather than allocated and cleared for each.
var readBufs = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// freeKept holds the content buffers of files already decoded, for the
// next files' (getKept): a bulk import read each file into a new array,
// grown by copying as it was read and written while still cold.
var freeKept = freelist.New[byte](4)

// getKept returns an empty content buffer, with room for a usual file.
func getKept() []byte {
	if b := freeKept.Get(sniffLen); b != nil {
		return b
	}
	return make([]byte, 0, 256<<10)
}

// putKept gives a content buffer back once nothing reads it.
func putKept(b []byte) {
	if cap(b) <= keepLimit+64<<10 {
		freeKept.Put(b)
	}
}

// leaf sizes and hashes the rest of a stream whose first bytes are head,
// keeping the content only while it is at most keepLimit. head is the
// start of a content buffer (getKept), which the content is kept in; leaf
// owns it from the call, and the Item's data is it on success.
func (u *unpacker) leaf(path string, kind Kind, head []byte, r io.Reader) (it Item, err error) {
	h := sha256.New()
	h.Write(head)
	size := int64(len(head))
	kept := head
	defer func() {
		if err != nil && kept != nil {
			putKept(kept)
		}
	}()
	bp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bp)
	buf := *bp
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
					head = bytes.Clone(head) // kept's array serves other files from here
					putKept(kept)
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

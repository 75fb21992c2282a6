package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"easyday"
	"easyday/ingest/fit"
	"easyday/ingest/gpx"
	"easyday/ingest/internal/trackxml"
	"easyday/ingest/tcx"
)

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
	if err := it.reread(cr.n, hex.EncodeToString(h.Sum(nil))); err != nil {
		return nil, err
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
	if err != nil {
		return nil, err
	}
	if err := it.reread(n, hex.EncodeToString(h.Sum(nil))); err != nil {
		return nil, err
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
			return nil, fmt.Errorf("%w: its times lie in %d, before 2000 (the device's clock was never set)", easyday.ErrClockNotSet, clk.Last.Time().Year())
		}
	}
	return recs, nil
}

// Recycle gives back the sample arrays of recordings Decode made, once
// nothing reads their samples any more: the next files decoded reuse them.
func Recycle(recs []easyday.Recording) { fit.Recycle(recs) }

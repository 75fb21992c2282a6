// Package fit decodes FIT activity files into easyday recordings. It is the
// only package that knows the FIT format: it wraps github.com/muktihari/fit
// and adds what real device files need beyond the library (own checksum
// handling, chained sequences, recovery after damage, heart rate from hr
// messages, and one recording per session).
package fit

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/typedef"

	"easyday"
)

// ErrTruncated is wrapped by the error for a file shorter than its header's
// data size, read cleanly up to its end: a file still being copied. Its text
// is what the ledger says of such a file, followed by the sizes.
var ErrTruncated = errors.New("truncated: still being copied?")

// minKeptSpan is how much recording time must precede damage in a
// full-length file for the part before it to be kept: less is not worth a
// history entry, and is more likely noise than an activity.
const minKeptSpan = 60 // seconds

// Decode reads a whole FIT file (one or more chained FIT sequences) and returns one easyday.Recording per session.
// A panic (a bug here or in the library) is not recovered: the caller's one
// guard, at the pipeline's boundary, turns it into a rejection, and the fuzz
// test reports it as the bug it is.
func Decode(data []byte) ([]easyday.Recording, error) {
	return DecodeReaderAt(bytes.NewReader(data), int64(len(data)))
}

// DecodeReaderAt decodes the size bytes of a FIT file read through r, as
// Decode does, without holding the file in memory: an open file can be
// decoded in place. The file is read twice, once to walk its message framing
// (record count, base types to fix) and once to decode it, its checksums
// computed from the bytes as they are decoded; r must not change meanwhile.
func DecodeReaderAt(r io.ReaderAt, size int64) ([]easyday.Recording, error) {
	if size > math.MaxInt32 {
		return nil, fmt.Errorf("FIT file of %d bytes: too large", size)
	}
	n := int(size)
	recs, err := decodeAll(r, n, maxRecords)
	if errors.Is(err, errUncapped) {
		// Rare: a capped sequence whose samples several recordings
		// share. Each recording is capped on its own, so all samples are
		// needed to tell which are kept.
		recs, err = decodeAll(r, n, math.MaxInt)
	}
	return recs, err
}

// maxRecords is easyday.MaxRecords as the code reads it: tests lower it.
// The samples past it are counted, not kept, so that a huge file never
// holds them all.
var maxRecords = easyday.MaxRecords

// limitRecords keeps the first maxRecords of r's samples, with a warning,
// when r had total (more) samples.
func limitRecords(r *easyday.Recording, total int) {
	if total <= maxRecords {
		return
	}
	r.Warnings = append(r.Warnings, easyday.TooManyRecords(total, maxRecords))
	if len(r.Samples) > maxRecords {
		r.Samples = r.Samples[:maxRecords:maxRecords]
	}
}

// errUncapped asks for a file to be decoded again without the per-sequence
// records cap.
var errUncapped = errors.New("decode again without the records cap")

// decodeAll decodes the file, keeping at most limit samples per sequence.
func decodeAll(r io.ReaderAt, n, limit int) ([]easyday.Recording, error) {
	seqs, fileWarnings, err := split(r, n)
	if err != nil {
		return nil, err
	}
	var dec *decoder.Decoder // made when a sequence needs it
	l := &listener{}
	for _, s := range seqs {
		s.limit = limit
		if err := decodeSequence(&dec, l, r, n, s); err != nil {
			return nil, err
		}
	}
	if last := seqs[len(seqs)-1]; !last.complete {
		if err := cutShort(last, n); err != nil {
			return nil, err
		}
	}
	return build(seqs, fileWarnings)
}

// cutShort decides about a last sequence the file does not hold whole. One
// that decodes cleanly up to where the file ends is being copied: more bytes
// will come, so the file is truncated (ErrTruncated), whichever sequence it
// is; storing the part already there would count an activity that later
// arrives whole a second time. One that is damaged before its end will not
// get better by waiting: it costs a warning, and what decoded is kept.
func cutShort(s *sequence, size int) error {
	clean := errors.Is(s.decodeErr, io.EOF) || errors.Is(s.decodeErr, io.ErrUnexpectedEOF)
	switch {
	case clean && s.index == 0:
		return fmt.Errorf("%w %s of %s bytes", ErrTruncated, thousands(size), thousands(s.want))
	case clean:
		return fmt.Errorf("%w FIT sequence %d at byte %s is cut short: %s of %s bytes",
			ErrTruncated, s.index+1, thousands(s.off), thousands(size-s.off), thousands(s.want))
	case s.index == 0:
		s.warnings = append(s.warnings, easyday.Warnf(easyday.WarningCutShort, "file is shorter than its header says: %s of %s bytes",
			thousands(size), thousands(s.want)))
	default:
		s.warnings = append(s.warnings, easyday.Warnf(easyday.WarningCutShort, "FIT sequence %d at byte %s is cut short: %s of %s bytes",
			s.index+1, thousands(s.off), thousands(size-s.off), thousands(s.want)))
	}
	return nil
}

// sequence is one FIT sequence (header, messages, CRC) of a possibly chained
// file, with what its messages told us.
type sequence struct {
	index    int // 0 for the first sequence of the file
	off      int // byte offset of the header
	hdrSize  int
	dataSize int
	want     int // header + data + CRC size the header declares
	end      int // offset just past the CRC, or the file's size when cut short
	header   [14]byte
	complete bool // the file holds the whole sequence, CRC included
	fast     bool // decoded by decodeFast, not by the library

	hasFileID bool
	fileType  typedef.File
	samples   []easyday.Sample // one per record with a timestamp, in file order, at most limit
	limit     int              // most samples kept
	dropped   int              // records with a timestamp past limit: counted, not kept
	untimed   int              // records without a usable timestamp
	relative  int              // records with a device's relative time, dropped (docs/metrics.md §1.3)
	events    []timerEvent
	sessions  []session
	sports    []sportInfo // from sport and lap messages, for files without a session
	activity  *activityInfo
	hrs       []hrMesg

	decodeErr error // why decoding stopped before the end, nil when it did not
	errPos    int   // absolute byte offset where decoding stopped
	warnings  []easyday.Warning
}

// addSample keeps a record's sample, or counts it past the limit. A
// record with a device's relative time is dropped and counted: it is never
// UTC (docs/metrics.md §1.3).
func (s *sequence) addSample(smp easyday.Sample) {
	if smp.Time.Before(relativeBefore) {
		s.relative++
		return
	}
	s.keepSample(smp)
}

// keepSample keeps a sample in UTC, or counts it past the limit.
func (s *sequence) keepSample(smp easyday.Sample) {
	if s.full() {
		s.dropped++
		return
	}
	s.samples = append(s.samples, smp)
}

// full reports whether the sequence holds as many samples as it may keep:
// a record past the limit is only counted (dropped).
func (s *sequence) full() bool { return len(s.samples) >= s.limit }

// records is the number of records with a timestamp, kept or not.
func (s *sequence) records() int { return len(s.samples) + s.dropped }

// timerEvent is a FIT event message with event = timer.
type timerEvent struct {
	t       uint32
	running bool
}

// session is the part of a FIT session message easyday uses.
type session struct {
	start    uint32 // invalidTime when absent
	ts       uint32 // message timestamp (end of session), invalidTime when absent
	elapsed  *float64
	timer    *float64
	distance *float64
	sport    typedef.Sport
	subSport typedef.SubSport
}

// sportInfo is a sport named by a sport or lap message.
type sportInfo struct {
	sport    typedef.Sport
	subSport typedef.SubSport
}

// activityInfo is the part of the FIT activity message easyday uses.
type activityInfo struct {
	ts, local uint32
}

// hrMesg is one FIT hr message: an anchor (with timestamp) or a block of
// filtered heart rates with event times in 1/1024 s.
type hrMesg struct {
	hasTime bool
	time    float64 // FIT seconds, fraction included
	events  []uint32
	bpm     []uint32
}

// split finds the FIT sequences of a file from their headers alone. It
// rejects a file that is not FIT, and one whose last header is cut short
// (the file is still being copied). Bytes after the last sequence that are
// not a FIT header only produce a warning: the sequences before them are
// whole. Whether a last sequence cut short after its header is being copied
// is decided after decoding it (cutShort).
func split(r io.ReaderAt, n int) (seqs []*sequence, warnings []easyday.Warning, err error) {
	if n == 0 {
		return nil, nil, errors.New("empty file: not a FIT file")
	}
	off := 0
	var buf [14]byte
	for off < n {
		first := len(seqs) == 0
		m, err := r.ReadAt(buf[:min(len(buf), n-off)], int64(off))
		if m < min(len(buf), n-off) {
			return nil, nil, fmt.Errorf("read FIT header at byte %s: %w", thousands(off), err)
		}
		rest, left := buf[:m], n-off // the header's bytes, and all that is left
		hdr := int(rest[0])
		switch {
		case hdr != 12 && hdr != 14, len(rest) >= 12 && string(rest[8:12]) != ".FIT":
			if first {
				return nil, nil, errors.New("not a FIT file: no FIT header at the start")
			}
			warnings = append(warnings, easyday.Warnf(easyday.WarningTrailingBytes, "ignored %s bytes after the last FIT sequence at byte %s: not a FIT header",
				thousands(left), thousands(off)))
			return seqs, warnings, nil
		case len(rest) < hdr:
			if first {
				if len(rest) > 8 && !bytes.HasPrefix([]byte(".FIT"), rest[8:]) {
					return nil, nil, errors.New("not a FIT file: no FIT header at the start")
				}
				return nil, nil, fmt.Errorf("%w %s of %s bytes", ErrTruncated, thousands(n), thousands(hdr))
			}
			return nil, nil, fmt.Errorf("%w FIT sequence %d at byte %s is cut short inside its header: %d of %d bytes",
				ErrTruncated, len(seqs)+1, thousands(off), len(rest), hdr)
		}
		size := int(binary.LittleEndian.Uint32(rest[4:8]))
		if size == 0 {
			if first {
				return nil, nil, errors.New("FIT header declares no data: the file was never finished by the device")
			}
			warnings = append(warnings, easyday.Warnf(easyday.WarningEmptySequence, "ignored FIT sequence %d at byte %s: its header declares no data",
				len(seqs)+1, thousands(off)))
			return seqs, warnings, nil
		}
		want := hdr + size + 2
		s := &sequence{index: len(seqs), off: off, hdrSize: hdr, dataSize: size, want: want, fileType: typedef.FileInvalid}
		copy(s.header[:], rest[:hdr])
		if want > left {
			// Cut short. Whether this is a file still being copied or a
			// damaged one is decided after decoding what is there.
			s.end = n
			seqs = append(seqs, s)
			return seqs, warnings, nil
		}
		s.end, s.complete = off+want, true
		seqs = append(seqs, s)
		off += want
	}
	return seqs, warnings, nil
}

// bytePos finds the N of the library's first "byte pos: N" in its error
// text. The position is not available otherwise: muktihari/fit v0.28.3
// formats it into its errors with fmt.Errorf and exports no error type,
// field or method that carries it (the decoder's count is unexported).
// When the text changes, the position falls back to the sequence's start
// and the warning still says that decoding stopped. (A regular expression
// did this before; compiling it was a quarter of a millisecond of every
// command's start.)
func bytePos(msg string) (int, bool) {
	const label = "byte pos: "
	for {
		i := strings.Index(msg, label)
		if i < 0 {
			return 0, false
		}
		msg = msg[i+len(label):]
		n := 0
		for n < len(msg) && msg[n] >= '0' && msg[n] <= '9' {
			n++
		}
		if n > 0 {
			v, err := strconv.Atoi(msg[:n])
			return v, err == nil
		}
	}
}

// decodeSequence decodes one sequence through the listener, so that the
// messages before an error are kept, then checks its CRCs. Its error is a
// failure to read the file (not damage in it, which is a warning).
func decodeSequence(decp **decoder.Decoder, l *listener, r io.ReaderAt, size int, s *sequence) error {
	if fastEnabled.Load() && s.complete {
		if whole, dataOnly, stored, ok := decodeFast(r, s); ok {
			s.fast = true
			s.checkCRCs(whole, dataOnly, stored)
			return nil
		}
		s.clearDecoded()
	}
	if *decp == nil {
		*decp = decoder.New(nil)
	}
	dec := *decp
	l.s = s
	body := s.hdrSize + s.dataSize
	fr, err := scanFraming(io.NewSectionReader(r, int64(s.off), int64(min(body, s.end-s.off))), s.hdrSize)
	if err != nil {
		return err
	}
	rd := newSeqReader(io.NewSectionReader(r, int64(s.off), int64(s.end-s.off)), s.header[:s.hdrSize], body, fr.fixes)
	// Records are most of an activity file: their samples are allocated
	// once, for as many as the framing holds, instead of by regrowing.
	s.samples = newSamples(min(fr.records, s.limit), s.limit)
	// Checksums are ours to check: the library misreads 14-byte headers
	// whose CRC is 0 ("not computed") and would reject the whole file.
	dec.Reset(rd,
		decoder.WithIgnoreChecksum(),
		decoder.WithBroadcastOnly(),
		decoder.WithMesgListener(l),
		decoder.WithReadBufferSize(64<<10))
	if _, err := dec.Decode(); rd.err != nil {
		return fmt.Errorf("read FIT file: %w", rd.err)
	} else if err != nil {
		pos := s.off
		if n, ok := bytePos(err.Error()); ok {
			pos += n
		}
		if inner := errors.Unwrap(err); inner != nil {
			err = inner
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			// Keep the sentinel for the truncation test, with a readable text.
			err = fmt.Errorf("%w: a message runs past the end of the data", io.ErrUnexpectedEOF)
		}
		s.decodeErr, s.errPos = err, pos
		if s.complete || (s.index == 0 && pos < size) {
			s.warnings = append(s.warnings, easyday.Warnf(easyday.WarningDecodeStopped, "decoding stopped at byte %s: %v", thousands(pos), err))
		}
	}
	if !s.complete {
		return nil
	}
	whole, dataOnly, stored, err := rd.crcs()
	if err != nil {
		return fmt.Errorf("read FIT file: %w", err)
	}
	s.checkCRCs(whole, dataOnly, stored)
	return nil
}

// clearDecoded forgets what a fast decoding that gave up had read.
func (s *sequence) clearDecoded() {
	*s = sequence{index: s.index, off: s.off, hdrSize: s.hdrSize, dataSize: s.dataSize, want: s.want, end: s.end,
		header: s.header, complete: s.complete, limit: s.limit, fileType: typedef.FileInvalid}
}

// checkCRCs warns about a header CRC or a file CRC that does not match: the
// CRC over header and data, over data alone, and the one stored after them.
func (s *sequence) checkCRCs(whole, dataOnly, stored uint16) {
	if s.hdrSize == 14 {
		if stored := binary.LittleEndian.Uint16(s.header[12:]); stored != 0 {
			if got := fitCRC(s.header[:12]); got != stored {
				s.warnings = append(s.warnings, easyday.Warnf(easyday.WarningHeaderCRC, "header CRC mismatch%s: stored 0x%04X, computed 0x%04X",
					s.where(), stored, got))
			}
		}
	}
	// The file CRC covers header and data. When the header carries a valid
	// CRC, covering the data alone gives the same value; some writers of
	// headers with CRC 0 check the data alone, so either passes.
	if whole != stored && (s.hdrSize != 14 || dataOnly != stored) {
		s.warnings = append(s.warnings, easyday.Warnf(easyday.WarningFileCRC, "file CRC mismatch%s: stored 0x%04X, computed 0x%04X",
			s.where(), stored, whole))
	}
}

// where names a later sequence in a warning; the first needs no name.
func (s *sequence) where() string {
	if s.index == 0 {
		return ""
	}
	return fmt.Sprintf(" in FIT sequence %d at byte %s", s.index+1, thousands(s.off))
}

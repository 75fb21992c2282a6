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
	"regexp"
	"strconv"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"easyday"
)

// ErrTruncated is wrapped by the error for a file shorter than its header's data size (a file still being copied).
var ErrTruncated = errors.New("truncated FIT")

// errInternal marks a failure of this package's own code on some input (a
// bug, recovered from a panic); the fuzz test looks for it.
var errInternal = errors.New("FIT decoder failed")

// minKeptSpan is how much recording time must precede damage in a
// full-length file for the part before it to be kept: less is not worth a
// history entry, and is more likely noise than an activity.
const minKeptSpan = 60 // seconds

// Decode reads a whole FIT file (one or more chained FIT sequences) and returns one easyday.Recording per session.
func Decode(data []byte) (recs []easyday.Recording, err error) {
	defer func() {
		// The decoder must never take the program down, whatever the bytes.
		if r := recover(); r != nil {
			recs, err = nil, fmt.Errorf("%w: %v", errInternal, r)
		}
	}()
	seqs, fileWarnings, err := split(data)
	if err != nil {
		return nil, err
	}
	dec := decoder.New(nil)
	l := &listener{}
	for _, s := range seqs {
		decodeSequence(dec, l, data, s)
	}
	if first := seqs[0]; !first.complete {
		// A file shorter than its header says that decodes cleanly up to
		// where it ends is being copied: more bytes will come. One that is
		// damaged before its end will not get better by waiting.
		if errors.Is(first.decodeErr, io.EOF) || errors.Is(first.decodeErr, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%w: %s of %s bytes", ErrTruncated, thousands(len(data)), thousands(first.want))
		}
		first.warnings = append(first.warnings, fmt.Sprintf("file is shorter than its header says: %s of %s bytes",
			thousands(len(data)), thousands(first.want)))
	}
	return build(seqs, fileWarnings)
}

// sequence is one FIT sequence (header, messages, CRC) of a possibly chained
// file, with what its messages told us.
type sequence struct {
	index    int // 0 for the first sequence of the file
	off      int // byte offset of the header
	hdrSize  int
	dataSize int
	want     int  // header + data + CRC size the header declares
	end      int  // offset just past the CRC, or len(data) when cut short
	complete bool // the file holds the whole sequence, CRC included

	hasFileID bool
	fileType  typedef.File
	records   []record
	untimed   int // records without a usable timestamp
	events    []timerEvent
	sessions  []session
	sports    []sportInfo // from sport and lap messages, for files without a session
	activity  *activityInfo
	hrs       []hrMesg

	decodeErr error // why decoding stopped before the end, nil when it did not
	errPos    int   // absolute byte offset where decoding stopped
	warnings  []string
}

// record is the part of a FIT record message easyday uses: FIT time, the
// other values already in easyday.Sample units and conventions.
type record struct {
	t     uint32 // FIT seconds
	hr    uint8  // 0 when missing
	power int    // easyday.Missing when absent
	dist  float64
	speed float64
}

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
// rejects a file that is not FIT, and a first sequence that is cut short
// (the file is still being copied). A damaged or cut-short later sequence
// only produces a warning: the sequences before it are whole.
func split(data []byte) (seqs []*sequence, warnings []string, err error) {
	if len(data) == 0 {
		return nil, nil, errors.New("empty file: not a FIT file")
	}
	off := 0
	for off < len(data) {
		first := len(seqs) == 0
		rest := data[off:]
		hdr := int(rest[0])
		switch {
		case hdr != 12 && hdr != 14, len(rest) >= 12 && string(rest[8:12]) != ".FIT":
			if first {
				return nil, nil, errors.New("not a FIT file: no FIT header at the start")
			}
			warnings = append(warnings, fmt.Sprintf("ignored %s bytes after the last FIT sequence at byte %s: not a FIT header",
				thousands(len(rest)), thousands(off)))
			return seqs, warnings, nil
		case len(rest) < hdr:
			if first {
				if len(rest) > 8 && !bytes.HasPrefix([]byte(".FIT"), rest[8:]) {
					return nil, nil, errors.New("not a FIT file: no FIT header at the start")
				}
				return nil, nil, fmt.Errorf("%w: %s of %s bytes", ErrTruncated, thousands(len(data)), thousands(hdr))
			}
			warnings = append(warnings, fmt.Sprintf("FIT sequence %d at byte %s is cut short inside its header",
				len(seqs)+1, thousands(off)))
			return seqs, warnings, nil
		}
		size := int(binary.LittleEndian.Uint32(rest[4:8]))
		if size == 0 {
			if first {
				return nil, nil, errors.New("FIT header declares no data: the file was never finished by the device")
			}
			warnings = append(warnings, fmt.Sprintf("ignored FIT sequence %d at byte %s: its header declares no data",
				len(seqs)+1, thousands(off)))
			return seqs, warnings, nil
		}
		want := hdr + size + 2
		s := &sequence{index: len(seqs), off: off, hdrSize: hdr, dataSize: size, want: want, fileType: typedef.FileInvalid}
		if want > len(rest) {
			// Cut short. Whether this is a file still being copied or a
			// damaged one is decided after decoding what is there.
			s.end = len(data)
			if !first {
				s.warnings = append(s.warnings, fmt.Sprintf("FIT sequence %d at byte %s is cut short: %s of %s bytes",
					s.index+1, thousands(off), thousands(len(rest)), thousands(want)))
			}
			seqs = append(seqs, s)
			return seqs, warnings, nil
		}
		s.end, s.complete = off+want, true
		seqs = append(seqs, s)
		off += want
	}
	return seqs, warnings, nil
}

// bytePos finds the library's "[byte pos: N]" in its error text: the
// position is not available otherwise.
var bytePos = regexp.MustCompile(`byte pos: (\d+)`)

// decodeSequence decodes one sequence through the listener, so that the
// messages before an error are kept, then checks its CRCs.
func decodeSequence(dec *decoder.Decoder, l *listener, data []byte, s *sequence) {
	l.s = s
	// Records are most of an activity file; sizing for the smallest
	// plausible record (about 20 bytes) saves regrowing a large slice.
	s.records = make([]record, 0, min(s.dataSize, len(data))/20)
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("decoder failed: %v", r)
			}
		}()
		// Checksums are ours to check: the library misreads 14-byte headers
		// whose CRC is 0 ("not computed") and would reject the whole file.
		dec.Reset(bytes.NewReader(data[s.off:s.end]),
			decoder.WithIgnoreChecksum(),
			decoder.WithBroadcastOnly(),
			decoder.WithMesgListener(l),
			decoder.WithReadBufferSize(64<<10))
		_, err = dec.Decode()
		return err
	}()
	if err != nil {
		pos := s.off
		if m := bytePos.FindStringSubmatch(err.Error()); m != nil {
			if n, perr := strconv.Atoi(m[1]); perr == nil {
				pos += n
			}
		}
		if inner := errors.Unwrap(err); inner != nil {
			err = inner
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			// Keep the sentinel for the truncation test, with a readable text.
			err = fmt.Errorf("%w: a message runs past the end of the data", io.ErrUnexpectedEOF)
		}
		s.decodeErr, s.errPos = err, pos
		if s.complete || (s.index == 0 && pos < len(data)) {
			s.warnings = append(s.warnings, fmt.Sprintf("decoding stopped at byte %s: %v", thousands(pos), err))
		}
	}
	if !s.complete {
		return
	}
	if s.hdrSize == 14 {
		if stored := binary.LittleEndian.Uint16(data[s.off+12:]); stored != 0 {
			if got := fitCRC(data[s.off : s.off+12]); got != stored {
				s.warnings = append(s.warnings, fmt.Sprintf("header CRC mismatch%s: stored 0x%04X, computed 0x%04X",
					s.where(), stored, got))
			}
		}
	}
	body := data[s.off : s.end-2]
	stored := binary.LittleEndian.Uint16(data[s.end-2:])
	// The file CRC covers header and data. When the header carries a valid
	// CRC, covering the data alone gives the same value; some writers of
	// headers with CRC 0 check the data alone, so either passes.
	if got := fitCRC(body); got != stored && (s.hdrSize != 14 || fitCRC(body[14:]) != stored) {
		s.warnings = append(s.warnings, fmt.Sprintf("file CRC mismatch%s: stored 0x%04X, computed 0x%04X",
			s.where(), stored, got))
	}
}

// where names a later sequence in a warning; the first needs no name.
func (s *sequence) where() string {
	if s.index == 0 {
		return ""
	}
	return fmt.Sprintf(" in FIT sequence %d at byte %s", s.index+1, thousands(s.off))
}

// listener receives every decoded message and keeps what easyday needs. The
// message is only valid during OnMesg (broadcast-only decoding reuses it).
type listener struct{ s *sequence }

// OnMesg implements decoder.MesgListener.
func (l *listener) OnMesg(m proto.Message) {
	s := l.s
	switch m.Num {
	case mesgnum.Record:
		r := record{t: invalidTime, power: easyday.Missing, dist: easyday.Missing, speed: easyday.Missing}
		enhanced := false
		for num, v := range uintFields(&m) {
			switch num {
			case 253: // timestamp
				r.t = uint32(v)
			case 3: // heart_rate, bpm
				if v < 255 {
					r.hr = uint8(v)
				}
			case 7: // power, W
				if v < math.MaxUint16 {
					r.power = int(v)
				}
			case 5: // distance, 1/100 m
				r.dist = float64(v) / 100
			case 6: // speed, 1/1000 m/s
				if !enhanced {
					r.speed = float64(v) / 1000
				}
			case 73: // enhanced_speed, 1/1000 m/s: wider, preferred
				r.speed, enhanced = float64(v)/1000, true
			}
		}
		if r.t == invalidTime {
			s.untimed++
			return
		}
		s.records = append(s.records, r)
	case mesgnum.Event:
		var t uint32 = invalidTime
		event, typ := uint64(math.MaxUint8), uint64(math.MaxUint8)
		for num, v := range uintFields(&m) {
			switch num {
			case 253:
				t = uint32(v)
			case 0: // event
				event = v
			case 1: // event_type
				typ = v
			}
		}
		if t == invalidTime || typedef.Event(event) != typedef.EventTimer {
			return
		}
		switch typedef.EventType(typ) {
		case typedef.EventTypeStart:
			s.events = append(s.events, timerEvent{t: t, running: true})
		case typedef.EventTypeStop, typedef.EventTypeStopAll, typedef.EventTypeStopDisable, typedef.EventTypeStopDisableAll:
			s.events = append(s.events, timerEvent{t: t, running: false})
		}
	case mesgnum.Session:
		ss := session{start: invalidTime, ts: invalidTime, sport: typedef.SportInvalid, subSport: typedef.SubSportInvalid}
		for num, v := range uintFields(&m) {
			switch num {
			case 253:
				ss.ts = uint32(v)
			case 2: // start_time
				ss.start = uint32(v)
			case 7: // total_elapsed_time, ms
				ss.elapsed = ptr(float64(v) / 1000)
			case 8: // total_timer_time, ms
				ss.timer = ptr(float64(v) / 1000)
			case 9: // total_distance, cm
				ss.distance = ptr(float64(v) / 100)
			case 5:
				ss.sport = typedef.Sport(v)
			case 6:
				ss.subSport = typedef.SubSport(v)
			}
		}
		s.sessions = append(s.sessions, ss)
	case mesgnum.Sport, mesgnum.Lap:
		sportNum, subNum := byte(0), byte(1) // sport message fields
		if m.Num == mesgnum.Lap {
			sportNum, subNum = 25, 39
		}
		si := sportInfo{sport: typedef.SportInvalid, subSport: typedef.SubSportInvalid}
		for num, v := range uintFields(&m) {
			switch num {
			case sportNum:
				si.sport = typedef.Sport(v)
			case subNum:
				si.subSport = typedef.SubSport(v)
			}
		}
		if si.sport != typedef.SportInvalid {
			s.sports = append(s.sports, si)
		}
	case mesgnum.Activity:
		a := activityInfo{ts: invalidTime, local: invalidTime}
		for num, v := range uintFields(&m) {
			switch num {
			case 253:
				a.ts = uint32(v)
			case 5: // local_timestamp
				a.local = uint32(v)
			}
		}
		if s.activity == nil {
			s.activity = &a
		}
	case mesgnum.Hr:
		h := hrMesg{}
		var frac float64
		for i := range m.Fields {
			f := &m.Fields[i]
			switch f.Num {
			case 253:
				if v, ok := uintValue(f.Value); ok {
					h.hasTime, h.time = true, float64(v)
				}
			case 0: // fractional_timestamp, 1/32768 s
				if v, ok := uintValue(f.Value); ok {
					frac = float64(v) / 32768
				}
			case 6: // filtered_bpm
				h.bpm = uint32Slice(f.Value)
			case 9: // event_timestamp, 1/1024 s (expanded from event_timestamp_12 by the library)
				h.events = uint32Slice(f.Value)
			}
		}
		if h.hasTime {
			h.time += frac
		}
		s.hrs = append(s.hrs, h)
	case mesgnum.FileId:
		if s.hasFileID {
			return
		}
		s.hasFileID = true
		if f := m.FieldByNum(0); f != nil { // type
			if v, ok := uintValue(f.Value); ok {
				s.fileType = typedef.File(v)
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

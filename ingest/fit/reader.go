package fit

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"

	"github.com/muktihari/fit/kit/hash"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// patch replaces the byte at off (relative to the sequence's start) as the
// library reads it; the file's bytes themselves are never changed.
type patch struct {
	off int
	b   byte
}

// byNumber maps a base type number (the low 5 bits) to the library's base
// type, endian bit included.
var byNumber = func() (m [basetype.BaseTypeNumMask + 1]basetype.BaseType) {
	for i := range m {
		m[i] = 0xFF // not a base type
	}
	for _, t := range basetype.List() {
		m[t&basetype.BaseTypeNumMask] = t
	}
	return m
}()

// framing is what a walk over a sequence's message framing finds before the
// library decodes it.
type framing struct {
	fixes   []patch // base type bytes to read otherwise, in file order
	records int     // record messages, to size the samples once
}

// scanFraming walks the message framing of one sequence (r holds its header
// of hdrSize bytes and its data), without decoding a field. It counts the
// record messages that will be samples and returns a patch for every field
// definition whose base type byte the library would reject but Garmin's SDK
// reads: the SDK keeps only the base type number (the low 5 bits,
// FIT.BaseTypeMask), so a writer that leaves out the endian bit (0x0C for
// uint32z, whose profile byte is 0x8C) is read as the type that number
// names. The walk stops quietly at anything the framing cannot follow
// (decoding reports it); its error is a failure to read.
func scanFraming(r io.Reader, hdrSize int) (framing, error) {
	var fr framing
	var sizes [proto.LocalMesgNumMask + 1]int            // data message size per local type, 0: undefined
	var isRecord, timed [proto.LocalMesgNumMask + 1]bool // a record definition; one with a timestamp field
	br := bufio.NewReaderSize(r, 64<<10)
	pos := hdrSize
	if _, err := br.Discard(hdrSize); err != nil {
		return fr, quiet(err)
	}
	for {
		b, err := br.Peek(1)
		if err != nil {
			return fr, quiet(err)
		}
		h := b[0]
		if h&(proto.MesgCompressedHeaderMask|proto.MesgDefinitionMask) != proto.MesgDefinitionMask {
			local := h & proto.LocalMesgNumMask
			if h&proto.MesgCompressedHeaderMask != 0 {
				local = (h >> 5) & 0x03 // compressed timestamp header: 2-bit local type
			}
			if sizes[local] == 0 {
				return fr, nil
			}
			if isRecord[local] && (timed[local] || h&proto.MesgCompressedHeaderMask != 0) {
				fr.records++ // only records that will be samples: a hostile file cannot make us allocate for empty ones
			}
			if _, err := br.Discard(sizes[local]); err != nil {
				return fr, quiet(err)
			}
			pos += sizes[local]
			continue
		}
		def, err := br.Peek(6)
		if err != nil {
			return fr, quiet(err)
		}
		num := binary.LittleEndian.Uint16(def[3:])
		if def[2] == proto.BigEndian {
			num = binary.BigEndian.Uint16(def[3:])
		}
		nFields := int(def[5])
		n := 6 + 3*nFields
		if def, err = br.Peek(n); err != nil {
			return fr, quiet(err)
		}
		size, hasTime := 1, false // the header byte
		for i := range nFields {
			f := 6 + 3*i
			size += int(def[f+1])
			hasTime = hasTime || def[f] == proto.FieldNumTimestamp
			if bt := basetype.BaseType(def[f+2]); !bt.Valid() {
				if fixed := byNumber[bt&basetype.BaseTypeNumMask]; fixed.Valid() {
					fr.fixes = append(fr.fixes, patch{off: pos + f + 2, b: byte(fixed)})
				}
			}
		}
		if h&proto.DevDataMask == proto.DevDataMask {
			if def, err = br.Peek(n + 1); err != nil {
				return fr, quiet(err)
			}
			nDev := int(def[n])
			if def, err = br.Peek(n + 1 + 3*nDev); err != nil {
				return fr, quiet(err)
			}
			for i := range nDev {
				size += int(def[n+1+3*i+1])
			}
			n += 1 + 3*nDev
		}
		local := h & proto.LocalMesgNumMask
		sizes[local], isRecord[local], timed[local] = size, typedef.MesgNum(num) == mesgnum.Record, hasTime
		if _, err := br.Discard(n); err != nil {
			return fr, quiet(err)
		}
		pos += n
	}
}

// quiet drops the end of the input, where a walk simply stops, from a read
// error.
func quiet(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, bufio.ErrBufferFull) {
		return nil
	}
	return err
}

// seqReader hands one sequence's bytes to the library's decoder, applying
// the base type patches on the way, and computes the sequence's CRCs from
// the very bytes it hands out: the file is read once, for decoding and
// checksums together.
type seqReader struct {
	r       io.Reader // header, data and CRC (or up to the end of a cut-short file)
	pos     int       // bytes handed out
	patches []patch
	body    int         // length of header + data: what the file CRC covers
	hdrSize int         // the data-only CRC starts here
	whole   hash.Hash16 // over header and data
	data    hash.Hash16 // over data alone (some writers of 14-byte headers with CRC 0); nil when it equals whole
	err     error       // a failure to read, other than the end of the input
	stored  uint16      // the file CRC after header and data, as read
}

func newSeqReader(r io.Reader, header []byte, body int, patches []patch) *seqReader {
	sr := &seqReader{r: r, patches: patches, body: body, hdrSize: len(header), whole: newCRC()}
	if len(header) == 14 {
		sr.data = newCRC() // only a 14-byte header can carry a CRC of 0
	}
	return sr
}

// Read implements io.Reader.
func (r *seqReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		r.err = err
	}
	r.feed(p[:n])
	for len(r.patches) > 0 && r.patches[0].off < r.pos {
		if i := r.patches[0].off - (r.pos - n); i >= 0 {
			p[i] = r.patches[0].b
		}
		r.patches = r.patches[1:]
	}
	return n, err
}

// feed takes the next unpatched bytes b (from r.pos on) into the CRCs, and
// keeps the two bytes of the stored CRC after header and data.
func (r *seqReader) feed(b []byte) {
	lo := r.pos
	r.pos += len(b)
	for at := max(lo, r.body); at < min(r.pos, r.body+2); at++ {
		r.stored |= uint16(b[at-lo]) << (8 * (at - r.body)) // little-endian
	}
	b = b[:max(0, min(len(b), r.body-lo))] // the stored CRC is not summed
	if lo < r.hdrSize {
		h := min(len(b), r.hdrSize-lo)
		r.whole.Write(b[:h])
		if lo+h == r.hdrSize && r.whole.Sum16() == 0 {
			// A header that carries its valid CRC leaves the CRC at 0: over
			// header and data it is then the CRC over data alone.
			r.data = nil
		}
		b = b[h:]
	}
	if len(b) > 0 {
		r.whole.Write(b)
		if r.data != nil {
			r.data.Write(b)
		}
	}
}

// crcs reads whatever the decoder left unread and returns the CRC over
// header and data, the CRC over data alone, and the CRC stored after them.
func (r *seqReader) crcs() (whole, data, stored uint16, err error) {
	var buf [4096]byte
	for {
		n, err := r.r.Read(buf[:])
		r.feed(buf[:n])
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, 0, 0, err
		}
	}
	if r.data == nil {
		return r.whole.Sum16(), r.whole.Sum16(), r.stored, nil
	}
	return r.whole.Sum16(), r.data.Sum16(), r.stored, nil
}

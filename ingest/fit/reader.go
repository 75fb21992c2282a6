package fit

import (
	"encoding/binary"
	"io"

	"github.com/muktihari/fit/kit/hash"
	"github.com/muktihari/fit/kit/hash/crc16"
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

// scanFraming walks the message framing of one sequence (header at 0, data
// up to end), without decoding a field. It counts the record messages and
// returns a patch for every field definition whose base type byte the
// library would reject but Garmin's SDK reads: the SDK keeps only the base
// type number (the low 5 bits, FIT.BaseTypeMask), so a writer that leaves
// out the endian bit (0x0C for uint32z, whose profile byte is 0x8C) is read
// as the type that number names. The walk stops quietly at anything else the
// framing cannot follow: decoding reports it.
func scanFraming(seq []byte, hdrSize, end int) framing {
	var fr framing
	var sizes [proto.LocalMesgNumMask + 1]int            // data message size per local type, 0: undefined
	var isRecord, timed [proto.LocalMesgNumMask + 1]bool // a record definition; one with a timestamp field
	end = min(end, len(seq))
	for pos := hdrSize; pos < end; {
		h := seq[pos]
		if h&(proto.MesgCompressedHeaderMask|proto.MesgDefinitionMask) != proto.MesgDefinitionMask {
			local := h & proto.LocalMesgNumMask
			if h&proto.MesgCompressedHeaderMask != 0 {
				local = (h >> 5) & 0x03 // compressed timestamp header: 2-bit local type
			}
			if sizes[local] == 0 {
				return fr
			}
			if isRecord[local] && (timed[local] || h&proto.MesgCompressedHeaderMask != 0) {
				fr.records++ // only records that will be samples: a hostile file cannot make us allocate for empty ones
			}
			pos += sizes[local]
			continue
		}
		if pos+6 > end {
			return fr
		}
		num := binary.LittleEndian.Uint16(seq[pos+3:])
		if seq[pos+2] == proto.BigEndian {
			num = binary.BigEndian.Uint16(seq[pos+3:])
		}
		nFields := int(seq[pos+5])
		p := pos + 6
		if p+3*nFields > end {
			return fr
		}
		size, hasTime := 1, false // the header byte
		for i := range nFields {
			f := p + 3*i
			size += int(seq[f+1])
			hasTime = hasTime || seq[f] == proto.FieldNumTimestamp
			if bt := basetype.BaseType(seq[f+2]); !bt.Valid() {
				if fixed := byNumber[bt&basetype.BaseTypeNumMask]; fixed.Valid() {
					fr.fixes = append(fr.fixes, patch{off: f + 2, b: byte(fixed)})
				}
			}
		}
		p += 3 * nFields
		if h&proto.DevDataMask == proto.DevDataMask {
			if p >= end {
				return fr
			}
			nDev := int(seq[p])
			p++
			if p+3*nDev > end {
				return fr
			}
			for i := range nDev {
				size += int(seq[p+3*i+1])
			}
			p += 3 * nDev
		}
		local := h & proto.LocalMesgNumMask
		sizes[local], isRecord[local], timed[local] = size, typedef.MesgNum(num) == mesgnum.Record, hasTime
		pos = p
	}
	return fr
}

// seqReader hands one sequence's bytes to the library's decoder, applying
// the base type patches on the way, and computes the sequence's CRCs from
// the very bytes it hands out: the file is read once, for decoding and
// checksums together.
type seqReader struct {
	seq     []byte // header, data and CRC (or up to the end of a cut-short file)
	pos     int
	patches []patch
	body    int         // length of header + data: what the file CRC covers
	hdrSize int         // the data-only CRC starts here
	whole   hash.Hash16 // over header and data
	data    hash.Hash16 // over data alone (some writers of 14-byte headers with CRC 0); nil when it equals whole
}

func newSeqReader(seq []byte, hdrSize, body int, patches []patch) *seqReader {
	r := &seqReader{seq: seq, patches: patches, body: min(body, len(seq)), hdrSize: hdrSize, whole: crc16.New()}
	if hdrSize == 14 {
		r.data = crc16.New() // only a 14-byte header can carry a CRC of 0
	}
	return r
}

// Read implements io.Reader.
func (r *seqReader) Read(p []byte) (int, error) {
	if r.pos >= len(r.seq) {
		return 0, io.EOF
	}
	n := copy(p, r.seq[r.pos:])
	r.sum(r.pos + n)
	for len(r.patches) > 0 && r.patches[0].off < r.pos+n {
		if i := r.patches[0].off - r.pos; i >= 0 {
			p[i] = r.patches[0].b
		}
		r.patches = r.patches[1:]
	}
	r.pos += n
	return n, nil
}

// sum feeds the CRCs with the unpatched bytes from r.pos up to to.
func (r *seqReader) sum(to int) {
	lo, hi := r.pos, min(to, r.body)
	if lo >= hi {
		return
	}
	if lo < r.hdrSize {
		h := min(hi, r.hdrSize)
		r.whole.Write(r.seq[lo:h])
		if h == r.hdrSize && r.whole.Sum16() == 0 {
			// A header that carries its valid CRC leaves the CRC at 0: over
			// header and data it is then the CRC over data alone.
			r.data = nil
		}
		lo = h
	}
	if lo < hi {
		r.whole.Write(r.seq[lo:hi])
		if r.data != nil {
			r.data.Write(r.seq[lo:hi])
		}
	}
}

// crcs returns the CRC over header and data and the CRC over data alone,
// reading whatever the decoder left unread.
func (r *seqReader) crcs() (whole, data uint16) {
	r.sum(r.body)
	r.pos = max(r.pos, r.body)
	if r.data == nil {
		return r.whole.Sum16(), r.whole.Sum16()
	}
	return r.whole.Sum16(), r.data.Sum16()
}

// storedCRC is the file CRC at the end of a complete sequence.
func storedCRC(seq []byte) uint16 { return binary.LittleEndian.Uint16(seq[len(seq)-2:]) }

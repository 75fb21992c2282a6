package fit

import (
	"encoding/binary"
	"io"

	"github.com/muktihari/fit/kit/hash"
	"github.com/muktihari/fit/kit/hash/crc16"
	"github.com/muktihari/fit/profile/basetype"
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

// baseTypeFixes walks the message framing of one sequence (header at 0, data
// up to end) and returns a patch for every field definition whose base type
// byte the library would reject but Garmin's SDK reads: the SDK keeps only
// the base type number (the low 5 bits, FIT.BaseTypeMask), so a writer that
// leaves out the endian bit (0x0C for uint32z, 0x0C|0x80 being the profile's
// byte) is read as the type that number names. The walk stops quietly at
// anything else the framing cannot follow: decoding reports it.
func baseTypeFixes(seq []byte, hdrSize, end int) []patch {
	var fixes []patch
	var sizes [proto.LocalMesgNumMask + 1]int // data message size per local type, 0: undefined
	end = min(end, len(seq))
	for pos := hdrSize; pos < end; {
		h := seq[pos]
		switch {
		case h&(proto.MesgCompressedHeaderMask|proto.MesgDefinitionMask) == proto.MesgDefinitionMask:
			if pos+6 > end {
				return fixes
			}
			nFields := int(seq[pos+5])
			p := pos + 6
			if p+3*nFields > end {
				return fixes
			}
			size := 1 // the header byte
			for i := range nFields {
				f := p + 3*i
				size += int(seq[f+1])
				if bt := basetype.BaseType(seq[f+2]); !bt.Valid() {
					if fixed := byNumber[bt&basetype.BaseTypeNumMask]; fixed.Valid() {
						fixes = append(fixes, patch{off: f + 2, b: byte(fixed)})
					}
				}
			}
			p += 3 * nFields
			if h&proto.DevDataMask == proto.DevDataMask {
				if p >= end {
					return fixes
				}
				nDev := int(seq[p])
				p++
				if p+3*nDev > end {
					return fixes
				}
				for i := range nDev {
					size += int(seq[p+3*i+1])
				}
				p += 3 * nDev
			}
			sizes[h&proto.LocalMesgNumMask] = size
			pos = p
		default:
			local := h & proto.LocalMesgNumMask
			if h&proto.MesgCompressedHeaderMask != 0 {
				local = (h >> 5) & 0x03
			}
			if sizes[local] == 0 {
				return fixes
			}
			pos += sizes[local]
		}
	}
	return fixes
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
	data    hash.Hash16 // over data alone (some writers of 14-byte headers with CRC 0)
}

func newSeqReader(seq []byte, hdrSize, body int, patches []patch) *seqReader {
	return &seqReader{seq: seq, patches: patches, body: min(body, len(seq)), hdrSize: hdrSize,
		whole: crc16.New(), data: crc16.New()}
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
	r.whole.Write(r.seq[lo:hi])
	if lo = max(lo, r.hdrSize); lo < hi {
		r.data.Write(r.seq[lo:hi])
	}
}

// crcs returns the CRC over header and data and the CRC over data alone,
// reading whatever the decoder left unread.
func (r *seqReader) crcs() (whole, data uint16) {
	r.sum(r.body)
	r.pos = max(r.pos, r.body)
	return r.whole.Sum16(), r.data.Sum16()
}

// storedCRC is the file CRC at the end of a complete sequence.
func storedCRC(seq []byte) uint16 { return binary.LittleEndian.Uint16(seq[len(seq)-2:]) }

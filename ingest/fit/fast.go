package fit

import (
	"encoding/binary"
	"io"
	"math"
	"sync"
	"sync/atomic"

	"github.com/muktihari/fit/profile"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"easyday"
)

// fastEnabled lets a sequence be read by the fast path (decodeFast) before
// the library is asked; tests turn it off to compare both.
var fastEnabled = func() *atomic.Bool { var b atomic.Bool; b.Store(true); return &b }()

// The fast path reads the messages easyday uses straight from a sequence's
// bytes, one walk for framing, fields and checksums, with a plan per local
// message definition made once per definition message: which bytes hold
// which of the values readRecord and the other readers take, as the library
// would hand them over. It handles only what it can show to give what the
// library path gives, value for value; anything else (damage of any kind,
// a missing definition, base types the library rejects, fields declared
// unlike the profile in a way that changes their value's type, component
// expansions other than record speed and altitude, hr messages, developer
// fields) makes it give up, and the sequence is decoded by the library from
// its start.

// What a planned field's value becomes.
const (
	dstNone = iota
	dstTime
	dstHR
	dstPower
	dstDistance
	dstSpeed16
	dstSpeed
	dstAlt16
	dstAlt
	dstEvent
	dstEventType
	dstStart
	dstElapsed
	dstTimer
	dstTotalDistance
	dstSport
	dstSubSport
	dstLocalTime
	dstFileType
	dstDevIndex
	dstDevField
	dstDevBaseType
	dstCount // the number of destinations
)

// Message kinds the fast path reads; kindOther messages only move the
// running timestamp, kindGiveUp ones make the fast path give up.
const (
	kindOther = iota
	kindRecord
	kindEvent
	kindSession
	kindSport
	kindLap
	kindActivity
	kindFileID
	kindFieldDesc
	kindGiveUp
)

// kindInfo is what one message kind reads: field number → destination.
type kindInfo struct {
	mesg   typedef.MesgNum
	fields map[byte]uint8
}

var kinds = [...]kindInfo{
	kindRecord: {mesgnum.Record, map[byte]uint8{
		fieldnum.RecordTimestamp: dstTime, fieldnum.RecordHeartRate: dstHR, fieldnum.RecordPower: dstPower,
		fieldnum.RecordDistance: dstDistance, fieldnum.RecordSpeed: dstSpeed16, fieldnum.RecordEnhancedSpeed: dstSpeed,
		fieldnum.RecordAltitude: dstAlt16, fieldnum.RecordEnhancedAltitude: dstAlt}},
	kindEvent: {mesgnum.Event, map[byte]uint8{
		fieldnum.EventTimestamp: dstTime, fieldnum.EventEvent: dstEvent, fieldnum.EventEventType: dstEventType}},
	kindSession: {mesgnum.Session, map[byte]uint8{
		fieldnum.SessionTimestamp: dstTime, fieldnum.SessionStartTime: dstStart,
		fieldnum.SessionTotalElapsedTime: dstElapsed, fieldnum.SessionTotalTimerTime: dstTimer,
		fieldnum.SessionTotalDistance: dstTotalDistance, fieldnum.SessionSport: dstSport,
		fieldnum.SessionSubSport: dstSubSport}},
	kindSport: {mesgnum.Sport, map[byte]uint8{fieldnum.SportSport: dstSport, fieldnum.SportSubSport: dstSubSport}},
	kindLap:   {mesgnum.Lap, map[byte]uint8{fieldnum.LapSport: dstSport, fieldnum.LapSubSport: dstSubSport}},
	kindActivity: {mesgnum.Activity, map[byte]uint8{
		fieldnum.ActivityTimestamp: dstTime, fieldnum.ActivityLocalTimestamp: dstLocalTime}},
	kindFileID: {mesgnum.FileId, map[byte]uint8{fieldnum.FileIdType: dstFileType}},
	// Only to know that developer fields cannot fail the library's decoding.
	kindFieldDesc: {mesgnum.FieldDescription, map[byte]uint8{
		fieldnum.FieldDescriptionDeveloperDataIndex: dstDevIndex, fieldnum.FieldDescriptionFieldDefinitionNumber: dstDevField,
		fieldnum.FieldDescriptionFitBaseTypeId: dstDevBaseType}},
}

// kindOf names the fast path's kind of a global message number.
func kindOf(num typedef.MesgNum) uint8 {
	switch num {
	case mesgnum.Hr:
		return kindGiveUp
	}
	for k := kindRecord; k < kindGiveUp; k++ {
		if kinds[k].mesg == num {
			return uint8(k)
		}
	}
	return kindOther
}

// expansion is a component expansion the fast path performs as the
// library does (decoder.expandComponents): a 16-bit record field whose value
// is copied into its 32-bit enhanced field.
type expansion struct {
	ok                    bool
	to                    byte
	scale, off            float64 // the component's
	destScale, destOff    float64 // the destination field's
	destIs32, srcIsUint16 bool
}

// of is the destination's raw value for the source's raw v, computed as the
// library computes it, float rounding included.
func (e *expansion) of(v uint64) uint64 {
	scaled := float64(v)/e.scale - e.off
	return uint64(float64(scaled+e.destOff) * e.destScale)
}

func makeExpansion(mesg typedef.MesgNum, num byte) expansion {
	f := factory.CreateField(mesg, num)
	if len(f.Components) != 1 || len(f.SubFields) != 0 || f.Array || f.BaseType != basetype.Uint16 {
		return expansion{}
	}
	c := f.Components[0]
	d := factory.CreateField(mesg, c.FieldNum)
	if c.Accumulate || c.Bits != 16 || d.BaseType != basetype.Uint32 || d.Array || len(d.Components) != 0 || len(d.SubFields) != 0 {
		return expansion{}
	}
	return expansion{ok: true, to: c.FieldNum, scale: c.Scale, off: c.Offset, destScale: d.Scale, destOff: d.Offset, destIs32: true, srcIsUint16: true}
}

// fastProfile is what the fast path takes from the library's FIT profile
// about component expansions. It is built on first use, not at start-up:
// building it reads much of the library's profile tables, which took every
// command about 3 ms to start, whether it decodes a file or not
// (docs/benchmarks.md, "Settings measured").
type fastProfile struct {
	// expanders[kind] holds the field numbers of that kind's message
	// whose components (through sub-fields and further expansions too)
	// land in a field the kind reads: the library would change what we
	// read.
	expanders [kindGiveUp]map[byte]bool
	// speed and alt are the record's speed and altitude expansions.
	speed, alt expansion
}

var fastProfileOf = sync.OnceValue(func() *fastProfile {
	fp := &fastProfile{
		speed: makeExpansion(mesgnum.Record, fieldnum.RecordSpeed),
		alt:   makeExpansion(mesgnum.Record, fieldnum.RecordAltitude),
	}
	for k := kindRecord; k < kindGiveUp; k++ {
		fp.expanders[k] = map[byte]bool{}
		m := factory.CreateMesg(kinds[k].mesg)
		for _, f := range m.Fields {
			if reaches(kinds[k].mesg, f, kinds[k].fields, 0) {
				fp.expanders[k][f.Num] = true
			}
		}
	}
	return fp
})

// reaches reports whether a component of f (or of one of its sub-fields),
// or of the fields those expand into, is a field in read.
func reaches(mesg typedef.MesgNum, f proto.Field, read map[byte]uint8, depth int) bool {
	if depth > 8 {
		return true // a cycle: assume the worst
	}
	comps := append([]proto.Component(nil), f.Components...)
	for _, sf := range f.SubFields {
		comps = append(comps, sf.Components...)
	}
	for _, c := range comps {
		if _, ok := read[c.FieldNum]; ok {
			return true
		}
		if reaches(mesg, factory.CreateField(mesg, c.FieldNum), read, depth+1) {
			return true
		}
	}
	return false
}

// fieldRead is where a planned message holds one value the fast path reads.
type fieldRead struct {
	off  int    // in the message's content, after its header byte
	enc  uint8  // how its bytes make the value (enc*); encAbsent: not in the message
	inv  uint64 // the value type's invalid value (all ones)
	size int    // bytes that make the value: the declared size, at most the value type's
}

// How a field's bytes make its value.
const (
	encAbsent = iota
	encByte
	encLittle16
	encBig16
	encLittle32
	encBig32
	encOther // 3 bytes (a short declared size): byte by byte
)

func newFieldRead(off, size, width int, big bool) fieldRead {
	r := fieldRead{off: off, size: min(size, width), inv: 1<<(8*width) - 1, enc: encOther}
	switch {
	case r.size == 1:
		r.enc = encByte
	case r.size == 2 && big:
		r.enc = encBig16
	case r.size == 2:
		r.enc = encLittle16
	case r.size == 4 && big:
		r.enc = encBig32
	case r.size == 4:
		r.enc = encLittle32
	}
	return r
}

// value reads the field from a message's content b.
func (f *fieldRead) value(b []byte, big bool) uint64 {
	switch f.enc {
	case encByte:
		return uint64(b[f.off])
	case encLittle16:
		return uint64(binary.LittleEndian.Uint16(b[f.off:]))
	case encBig16:
		return uint64(binary.BigEndian.Uint16(b[f.off:]))
	case encLittle32:
		return uint64(binary.LittleEndian.Uint32(b[f.off:]))
	case encBig32:
		return uint64(binary.BigEndian.Uint32(b[f.off:]))
	}
	return readUint(b[f.off:f.off+f.size], big)
}

// plan is what the fast path knows of one local message type.
type plan struct {
	defined bool
	kind    uint8
	size    int // content bytes of a data message
	big     bool
	f       [dstCount]fieldRead // by destination
	// stamp is the last field the library takes as the running timestamp
	// (a uint32 field 253): each one sets it, so the last one wins.
	stamp                  fieldRead
	expandSpeed, expandAlt bool       // record speed, altitude present (the library expands them)
	speedX, altX           *expansion // their expansions, when set
}

// get returns the value for destination d, and whether the message holds
// a valid one.
func (p *plan) get(b []byte, d int) (uint64, bool) {
	f := &p.f[d]
	if f.enc == encAbsent {
		return 0, false
	}
	v := f.value(b, p.big)
	return v, v != f.inv
}

// makePlan plans the local message type of a definition message: def is its
// content after the header byte (reserved, architecture, global number,
// field count, fields), dev the developer fields' count byte and
// definitions or nil. It returns false when the fast path cannot read what
// the library would.
func makePlan(p *plan, def []byte) bool {
	arch := def[1]
	if arch > 1 {
		return false // the library reads any other value as big-endian; rare enough to leave to it
	}
	big := arch == proto.BigEndian
	num := typedef.MesgNum(binary.LittleEndian.Uint16(def[2:4]))
	if big {
		num = typedef.MesgNum(binary.BigEndian.Uint16(def[2:4]))
	}
	// Developer fields are skipped: easyday reads none, and they cannot
	// fail the library's decoding while every field description has a
	// valid base type (kindFieldDesc).
	*p = plan{defined: true, kind: kindOf(num), big: big}
	read := map[byte]uint8(nil)
	if p.kind != kindOther && p.kind != kindGiveUp {
		read = kinds[p.kind].fields
	}
	fp := fastProfileOf()
	var seen [256]bool
	fields := def[5:]
	for i := 0; i+3 <= len(fields); i += 3 {
		fnum, size, bt := fields[i], int(fields[i+1]), basetype.BaseType(fields[i+2])
		if !bt.Valid() {
			return false // the library rejects it, or it must be patched: the library's way
		}
		off := p.size
		p.size += size
		if size == 0 {
			continue // the library skips it
		}
		dst, wanted := read[fnum]
		if p.kind != kindGiveUp && p.kind != kindOther && fp.expanders[p.kind][fnum] {
			switch {
			case p.kind == kindRecord && fnum == fieldnum.RecordSpeed && fp.speed.ok:
				p.expandSpeed, p.speedX = true, &fp.speed
			case p.kind == kindRecord && fnum == fieldnum.RecordAltitude && fp.alt.ok:
				p.expandAlt, p.altX = true, &fp.alt
			default:
				return false
			}
		}
		if !wanted && fnum != proto.FieldNumTimestamp {
			continue
		}
		if wanted && seen[fnum] {
			return false // which value wins is the library's business
		}
		seen[fnum] = true
		w, ok := valueWidth(num, fnum, size, bt)
		stamp := fnum == proto.FieldNumTimestamp && ok && w == 4
		if wanted && !ok {
			return false
		}
		if wanted && dst == dstTime && !stamp {
			return false
		}
		r := newFieldRead(off, size, w, big)
		if stamp {
			p.stamp = r
		}
		if wanted {
			p.f[dst] = r
		}
	}
	return true
}

// valueWidth asks the library what a field declared with this size and
// base type decodes to in this message: true with the byte width of an
// unsigned integer scalar, false for anything else.
func valueWidth(mesg typedef.MesgNum, num byte, size int, bt basetype.BaseType) (int, bool) {
	f := factory.CreateField(mesg, num)
	baseType, typ, array := f.BaseType, f.Type, f.Array
	if f.Name == factory.NameUnknown {
		baseType, typ = bt, profile.ProfileType(bt&basetype.BaseTypeNumMask)
		if baseType == basetype.String {
			return 0, false
		}
		bs := int(baseType.Size())
		array = size > bs && size%bs == 0
	}
	if array {
		return 0, false
	}
	b := make([]byte, max(size, int(baseType.Size())))
	v, err := proto.UnmarshalValue(b, proto.LittleEndian, baseType, typ, false)
	if err != nil {
		return 0, false
	}
	switch v.Type() {
	case proto.TypeUint8:
		return 1, true
	case proto.TypeUint16:
		return 2, true
	case proto.TypeUint32:
		return 4, true
	}
	return 0, false
}

// walker hands out the bytes of one sequence in order, reading them through
// r in large blocks, and takes each byte once into the sequence's CRCs.
type walker struct {
	r      io.ReaderAt
	base   int64 // file offset of the sequence
	n      int   // bytes in the sequence: header, data, CRC
	buf    []byte
	start  int // sequence offset of buf[0]
	lo, hi int // buf[lo:hi] not handed out yet
	failed bool

	body, hdrSize int
	whole, data   crc
	dataOnly      bool // data is needed: a 14-byte header without a valid CRC
	stored        uint16
}

var walkBufs = sync.Pool{New: func() any { b := make([]byte, 128<<10); return &b }}

// next returns the next k bytes, or nil when the sequence ends first or
// cannot be read.
func (w *walker) next(k int) []byte {
	if w.hi-w.lo < k && !w.fill(k) {
		return nil
	}
	b := w.buf[w.lo : w.lo+k]
	w.lo += k
	return b
}

// fill reads on until at least k bytes are unread, or the buffer is full or
// the sequence read whole.
func (w *walker) fill(k int) bool {
	if w.failed {
		return false
	}
	w.start += w.lo
	w.hi = copy(w.buf, w.buf[w.lo:w.hi])
	w.lo = 0
	end := min(len(w.buf), w.n-w.start)
	if end < k {
		return false
	}
	for w.hi < end {
		m, err := w.r.ReadAt(w.buf[w.hi:end], w.base+int64(w.start+w.hi))
		w.feed(w.start+w.hi, w.buf[w.hi:w.hi+m])
		w.hi += m
		if m == 0 || (err != nil && w.hi < end) {
			w.failed = true // the library will meet the same problem and say what it is
			return false
		}
	}
	return true
}

// feed takes the bytes b at sequence offset at into the CRCs.
func (w *walker) feed(at int, b []byte) {
	for i := max(at, w.body); i < min(at+len(b), w.body+2); i++ {
		w.stored |= uint16(b[i-at]) << (8 * (i - w.body))
	}
	b = b[:max(0, min(len(b), w.body-at))]
	if at < w.hdrSize {
		h := min(len(b), w.hdrSize-at)
		w.whole.Write(b[:h])
		if at+h == w.hdrSize && w.hdrSize == 14 && w.whole != 0 {
			w.dataOnly = true
		}
		b = b[h:]
	}
	if len(b) > 0 {
		w.whole.Write(b)
		if w.dataOnly {
			w.data.Write(b)
		}
	}
}

// decodeFast decodes sequence s, a complete one, from r. false: s holds
// nothing yet and the library must decode it.
func decodeFast(r io.ReaderAt, s *sequence) (whole, dataOnly, stored uint16, ok bool) {
	bp := walkBufs.Get().(*[]byte)
	defer walkBufs.Put(bp)
	w := walker{r: r, base: int64(s.off), n: s.want, buf: *bp, body: s.hdrSize + s.dataSize, hdrSize: s.hdrSize}
	if w.next(s.hdrSize) == nil {
		return 0, 0, 0, false
	}
	var plans [proto.LocalMesgNumMask + 1]plan
	var timestamp uint32
	var lastOffset byte
	pos, end := s.hdrSize, s.hdrSize+s.dataSize
	for pos < end {
		hb := w.next(1)
		if hb == nil {
			return 0, 0, 0, false
		}
		h := hb[0]
		pos++
		if h&(proto.MesgCompressedHeaderMask|proto.MesgDefinitionMask) == proto.MesgDefinitionMask {
			n, ok := readDefinition(&w, h, &plans[h&proto.LocalMesgNumMask])
			if !ok {
				return 0, 0, 0, false
			}
			pos += n
			continue
		}
		local := h & proto.LocalMesgNumMask
		compressed := h&proto.MesgCompressedHeaderMask != 0
		if compressed {
			local = (h & proto.CompressedLocalMesgNumMask) >> proto.CompressedBitShift
		}
		p := &plans[local]
		if !p.defined || p.kind == kindGiveUp {
			return 0, 0, 0, false
		}
		b := w.next(p.size)
		if b == nil {
			return 0, 0, 0, false
		}
		pos += p.size
		if pos > end {
			return 0, 0, 0, false // it runs into the CRC: the library's way
		}
		t := uint32(invalidTime)
		if compressed {
			off := h & proto.CompressedTimeMask
			timestamp += uint32((off - lastOffset) & proto.CompressedTimeMask)
			lastOffset = off
			t = timestamp
		}
		if f := &p.stamp; f.enc != encAbsent {
			v := uint32(f.value(b, p.big))
			timestamp, lastOffset = v, byte(v&proto.CompressedTimeMask)
		}
		if p.kind == kindOther {
			continue
		}
		if p.kind == kindRecord && s.samples == nil {
			// Room for as many samples as the rest of the data could
			// hold records of this size: one allocation, no regrowing.
			s.samples = newSamples(min(maxRecords, 1+(end-pos)/(1+p.size)), maxRecords)
		}
		if !s.fastMesg(p, b, t) {
			return 0, 0, 0, false
		}
	}
	if pos != end || w.next(s.want-end) == nil { // the CRC, read for the checksums
		return 0, 0, 0, false
	}
	if !w.dataOnly {
		return uint16(w.whole), uint16(w.whole), w.stored, true
	}
	return uint16(w.whole), uint16(w.data), w.stored, true
}

// readDefinition reads the rest of a definition message whose header byte
// is h and plans its local message type in p. It returns the bytes it
// read, and false when the sequence ends first or the fast path cannot
// read what the library would.
func readDefinition(w *walker, h byte, p *plan) (int, bool) {
	def := w.next(5)
	if def == nil {
		return 0, false
	}
	nFields := int(def[4])
	head := [5]byte(def)
	fields := w.next(3 * nFields)
	if fields == nil {
		return 0, false
	}
	n := 5 + 3*nFields
	// The plan needs the definition whole: header and fields side by side.
	var buf [5 + 3*255]byte
	copy(buf[:], head[:])
	copy(buf[5:], fields)
	devSize := 0
	if h&proto.DevDataMask == proto.DevDataMask {
		nb := w.next(1)
		if nb == nil {
			return 0, false
		}
		nDev := int(nb[0])
		devs := w.next(3 * nDev)
		if devs == nil {
			return 0, false
		}
		n += 1 + 3*nDev
		for i := range nDev {
			devSize += int(devs[3*i+1])
		}
	}
	if !makePlan(p, buf[:5+3*nFields]) {
		return 0, false
	}
	p.size += devSize
	return n, true
}

// readUint reads an unsigned integer of len(b) bytes (1 to 4).
func readUint(b []byte, big bool) uint64 {
	var v uint64
	if big {
		for _, x := range b {
			v = v<<8 | uint64(x)
		}
		return v
	}
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// fastMesg reads one data message of a kind easyday uses, as the listener
// reads the library's message. t is the timestamp a compressed header gives
// (invalidTime when it has none): the library puts it before the fields,
// so a valid timestamp field wins over it. false: the library must decode
// the sequence.
func (s *sequence) fastMesg(p *plan, b []byte, t uint32) bool {
	if v, ok := p.get(b, dstTime); ok {
		t = uint32(v)
	}
	switch p.kind {
	case kindRecord:
		s.fastRecord(p, b, t)
	case kindEvent:
		s.fastEvent(p, b, t)
	case kindSession:
		s.fastSession(p, b, t)
	case kindSport, kindLap:
		s.fastSport(p, b)
	case kindActivity:
		s.fastActivity(p, b, t)
	case kindFileID:
		s.fastFileID(p, b)
	case kindFieldDesc:
		return fastFieldDesc(p, b)
	}
	return true
}

// fastRecord reads a record message: one sample, or one more untimed
// record when it has no time.
func (s *sequence) fastRecord(p *plan, b []byte, t uint32) {
	switch {
	case t == invalidTime:
		s.untimed++
		return
	case t < relativeTimeLimit: // addSample's test, on the FIT seconds
		s.relative++
		return
	}
	if s.full() {
		s.dropped++ // as keepSample counts it, without reading the fields
		return
	}
	hr, power := 0, easyday.Missing
	dist, speed, alt := float64(easyday.Missing), float64(easyday.Missing), float64(easyday.Missing)
	if v, ok := p.get(b, dstHR); ok && v < math.MaxUint8 {
		hr = int(v)
	}
	if v, ok := p.get(b, dstPower); ok && v < math.MaxUint16 {
		power = int(v)
	}
	if v, ok := p.get(b, dstDistance); ok {
		dist = distanceScale.of(v)
	}
	if v, ok := p.enhanced(b, dstSpeed16, dstSpeed, p.expandSpeed, p.speedX); ok {
		speed = speedScale.of(v)
	}
	if v, ok := p.enhanced(b, dstAlt16, dstAlt, p.expandAlt, p.altX); ok {
		alt = altitudeScale.of(v)
	}
	// The sample is written field by field into its place: built aside
	// and copied, its 16-byte loads waited on the 8-byte stores that had
	// just built it (a third of this function's samples in perf).
	n := len(s.samples)
	if n < cap(s.samples) {
		s.samples = s.samples[:n+1]
	} else {
		s.samples = append(s.samples, easyday.Sample{})
	}
	smp := &s.samples[n]
	smp.Time = fitInstant(t)
	smp.HR, smp.Power = hr, power
	smp.Distance, smp.Speed, smp.Altitude = dist, speed, alt
}

// enhanced returns the raw value of a record's enhanced (32-bit) field d32
// as the listener gets it from the library: when expand is set and the
// 16-bit field d16 has a value, the library writes its expansion e into
// the enhanced field, over the file's own value; the 16-bit value stands
// in when the enhanced one is invalid or absent (both have one scale).
func (p *plan) enhanced(b []byte, d16, d32 int, expand bool, e *expansion) (uint64, bool) {
	v16, ok16 := p.get(b, d16)
	v, ok := p.get(b, d32)
	if expand && ok16 {
		x := uint32(e.of(v16))
		v, ok = uint64(x), x != math.MaxUint32
	}
	if ok {
		return v, true
	}
	return v16, ok16
}

// fastEvent reads an event message: a timer event, when it is one.
func (s *sequence) fastEvent(p *plan, b []byte, t uint32) {
	event, typ := typedef.EventInvalid, typedef.EventTypeInvalid
	if v, ok := p.get(b, dstEvent); ok {
		event = typedef.Event(v)
	}
	if v, ok := p.get(b, dstEventType); ok {
		typ = typedef.EventType(v)
	}
	if e, ok := timerEventOf(timerEvent{t: t}, event, typ); ok {
		s.events = append(s.events, e)
	}
}

// fastSession reads a session message.
func (s *sequence) fastSession(p *plan, b []byte, t uint32) {
	ss := session{start: invalidTime, ts: t, sport: typedef.SportInvalid, subSport: typedef.SubSportInvalid}
	if v, ok := p.get(b, dstStart); ok {
		ss.start = uint32(v)
	}
	if v, ok := p.get(b, dstElapsed); ok {
		ss.elapsed = ptr(elapsedScale.of(v))
	}
	if v, ok := p.get(b, dstTimer); ok {
		ss.timer = ptr(timerScale.of(v))
	}
	if v, ok := p.get(b, dstTotalDistance); ok {
		ss.distance = ptr(totalScale.of(v))
	}
	if v, ok := p.get(b, dstSport); ok {
		ss.sport = typedef.Sport(v)
	}
	if v, ok := p.get(b, dstSubSport); ok {
		ss.subSport = typedef.SubSport(v)
	}
	s.sessions = append(s.sessions, ss)
}

// fastSport reads a sport or lap message: the sport it names, if any.
func (s *sequence) fastSport(p *plan, b []byte) {
	si := sportInfo{sport: typedef.SportInvalid, subSport: typedef.SubSportInvalid}
	if v, ok := p.get(b, dstSport); ok {
		si.sport = typedef.Sport(v)
	}
	if v, ok := p.get(b, dstSubSport); ok {
		si.subSport = typedef.SubSport(v)
	}
	if si.sport != typedef.SportInvalid {
		s.sports = append(s.sports, si)
	}
}

// fastActivity reads the first activity message: its local time.
func (s *sequence) fastActivity(p *plan, b []byte, t uint32) {
	if s.activity != nil {
		return
	}
	a := activityInfo{ts: t, local: invalidTime}
	if v, ok := p.get(b, dstLocalTime); ok {
		a.local = uint32(v)
	}
	s.activity = &a
}

// fastFileID reads the first file_id message: the file's type.
func (s *sequence) fastFileID(p *plan, b []byte) {
	if s.hasFileID {
		return
	}
	s.hasFileID = true
	s.fileType = typedef.FileInvalid
	if v, ok := p.get(b, dstFileType); ok {
		s.fileType = typedef.File(v)
	}
}

// fastFieldDesc checks a developer field's description. The library fails
// on one whose base type is invalid; one with every value valid cannot, so
// false (the library decodes the sequence) unless all three are valid.
func fastFieldDesc(p *plan, b []byte) bool {
	bt, ok := p.get(b, dstDevBaseType)
	_, okIndex := p.get(b, dstDevIndex)
	_, okField := p.get(b, dstDevField)
	return ok && okIndex && okField && basetype.BaseType(bt).Valid()
}

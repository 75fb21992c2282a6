// Package trackxml holds what the TCX and GPX decoders share: a token reader
// that is safe on hostile XML, the parsing of times and numbers, the timer
// built from runs of points, and the table of sport names.
//
// The reader streams tokens (encoding/xml's RawToken, never a document tree)
// and enforces the limits of SECURITY.md: no entity is ever expanded beyond
// XML's five predefined ones and character references, a document that
// declares entities is refused, elements nest at most MaxDepth deep, no more
// than MaxRun bytes pass without markup, and at most MaxText bytes of text
// are kept for one element.
package trackxml

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"easyday"
)

// MaxDepth bounds element nesting. Real TCX and GPX files nest about ten
// deep; a limit keeps a hostile file from growing the reader's stack
// without end.
const MaxDepth = 256

// MaxText bounds the text kept for one element. Every value read (a time, a
// number, a sport name) is far shorter; a longer text is unusable, not
// truncated.
const MaxText = 128

// MaxRun bounds the bytes between two '<'. encoding/xml holds a whole text,
// comment or attribute in memory before handing it over; real files have
// markup every few dozen bytes, so a megabyte without any is hostile.
const MaxRun = 1 << 20

// ErrRunTooLong is the cause when more than MaxRun bytes pass without markup.
var ErrRunTooLong = fmt.Errorf("more than %d bytes without markup", MaxRun)

// Handler receives elements from Reader.Run.
type Handler interface {
	// Start is called for an opening tag, the element already on the stack.
	Start(t xml.StartElement)
	// End is called for a closing tag, the element still on the stack, its
	// text available from Reader.Text.
	End(local string)
}

// Reader walks one document's tokens. Format ("TCX", "GPX") names the kind
// of file in its error messages; Root is the local name the root element
// must have.
type Reader struct {
	Format string
	Root   string

	dec   *xml.Decoder
	stack []xml.Name // open elements; Space is the prefix as written
	text  []byte     // character data of the innermost element so far
	long  bool       // text overflowed MaxText
}

// NewReader prepares r for reading: a UTF-8 byte-order mark and blanks
// before the XML declaration are skipped (both make strict parsers reject
// the file, and writers put them there), UTF-16 is turned into UTF-8 as it
// streams, and the single-byte encodings older Windows tools declare are
// read as Latin-1.
func NewReader(r io.Reader, format, root string) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(2); len(head) == 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		_, _ = br.Discard(2)
		br = bufio.NewReaderSize(&utf16Reader{r: br, big: head[0] == 0xFE}, 64<<10)
	}
	if head, _ := br.Peek(3); bytes.Equal(head, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3)
	}
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return nil, fmt.Errorf("not a %s file: it is empty", format)
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", format, err)
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			_ = br.UnreadByte()
			break
		}
	}
	d := xml.NewDecoder(&runLimiter{r: br})
	d.Strict = true // an undeclared entity is an error, never passed through
	d.Entity = nil  // only XML's predefined entities; a DTD's are never read
	d.CharsetReader = charsetReader
	return &Reader{Format: format, Root: root, dec: d}, nil
}

// Run reads tokens until the root element closes, calling h for each
// element. It uses RawToken, which skips namespace translation (a quarter
// of the time on a large file), and so checks itself that every end tag
// matches its start tag. Elements are matched by local name only, because
// writers disagree on namespace prefixes.
func (p *Reader) Run(h Handler) error {
	rootSeen := false
	for {
		tok, err := p.dec.RawToken()
		if err == io.EOF {
			if !rootSeen {
				return fmt.Errorf("not a %s file: no root element", p.Format)
			}
			return p.Malformed("unexpected end of file inside <%s>", clip(p.stack[len(p.stack)-1].Local))
		}
		if err != nil {
			var syntax *xml.SyntaxError
			if !errors.As(err, &syntax) {
				return fmt.Errorf("cannot read %s: %w", p.Format, err)
			}
			if !rootSeen {
				// Binary data or another format fails before any element.
				return fmt.Errorf("not a %s file: %w", p.Format, err)
			}
			return fmt.Errorf("malformed %s: %w", p.Format, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !rootSeen {
				if t.Name.Local != p.Root {
					return fmt.Errorf("not a %s file: root element is <%s>", p.Format, clip(t.Name.Local))
				}
				rootSeen = true
			}
			if len(p.stack) >= MaxDepth {
				return p.Malformed("elements nested deeper than %d", MaxDepth)
			}
			p.stack = append(p.stack, t.Name)
			p.text, p.long = p.text[:0], false
			h.Start(t)
		case xml.CharData:
			if len(p.text)+len(t) > MaxText {
				p.long = true
			} else {
				p.text = append(p.text, t...)
			}
		case xml.Directive:
			// A DOCTYPE may declare entities (the "billion laughs" and
			// external-entity attacks); encoding/xml would not expand them,
			// but no TCX or GPX writer declares any, so such a file is
			// refused rather than half read.
			if bytes.Contains(t, []byte("<!ENTITY")) || bytes.HasPrefix(bytes.TrimSpace(t), []byte("ENTITY")) {
				return p.Malformed("entity declarations are not allowed")
			}
		case xml.EndElement:
			if len(p.stack) == 0 {
				return p.Malformed("unexpected end tag </%s>", clip(t.Name.Local))
			}
			if open := p.stack[len(p.stack)-1]; open != t.Name {
				return p.Malformed("element <%s> closed by </%s>", qualified(open), qualified(t.Name))
			}
			h.End(t.Name.Local)
			p.stack = p.stack[:len(p.stack)-1]
			p.text, p.long = p.text[:0], false
			if len(p.stack) == 0 {
				// Whatever follows the root is not part of the document.
				return nil
			}
		}
	}
}

// Malformed reports a structural error at the reader's position.
func (p *Reader) Malformed(format string, args ...any) error {
	line, col := p.dec.InputPos()
	return fmt.Errorf("malformed %s at line %d, column %d: %w", p.Format, line, col, fmt.Errorf(format, args...))
}

// Depth is the number of open elements, the innermost included.
func (p *Reader) Depth() int { return len(p.stack) }

// Parent returns the local name of the element enclosing the innermost one.
func (p *Reader) Parent() string {
	if len(p.stack) < 2 {
		return ""
	}
	return p.stack[len(p.stack)-2].Local
}

// Stack returns the open elements, outermost first; the caller must not
// keep or change it.
func (p *Reader) Stack() []xml.Name { return p.stack }

// Text returns the innermost element's text so far, and false when it was
// longer than MaxText (and so unusable).
func (p *Reader) Text() ([]byte, bool) { return p.text, !p.long }

// Number parses the innermost element's text as a finite number.
func (p *Reader) Number() (float64, bool) {
	if p.long {
		return 0, false
	}
	return ParseNumber(p.text)
}

// HeartRate parses the innermost element's text as beats per minute, 0 when
// missing or impossible (docs/metrics.md §1.2: 0 and 255 are never readings).
func (p *Reader) HeartRate() int {
	v, ok := p.Number()
	if !ok {
		return 0
	}
	bpm := int(v + 0.5)
	if v < 0 || bpm < 1 || bpm > 254 {
		return 0
	}
	return bpm
}

// Power parses the innermost element's text as watts, easyday.Missing when
// missing or beyond what a FIT field holds (0 is a reading: coasting).
func (p *Reader) Power() int {
	v, ok := p.Number()
	if !ok || v < 0 || v >= 65535 {
		return easyday.Missing
	}
	return int(v + 0.5)
}

// qualified writes a name as it stood in the file.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return clip(n.Local)
	}
	return clip(n.Space + ":" + n.Local)
}

// Clip shortens a name or value from the file for a message: a hostile file
// could otherwise put megabytes into it.
func Clip(s string) string { return clip(s) }

func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return strings.ToValidUTF8(s[:max], "") + "…"
}

// runLimiter fails a read once more than MaxRun bytes have passed since the
// last '<'.
type runLimiter struct {
	r   io.Reader
	run int
}

func (l *runLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	// The bytes past the limit are withheld, so that the decoder meets the
	// error where the limit is crossed and not after it.
	for off := 0; ; {
		i := bytes.IndexByte(p[off:n], '<')
		if i < 0 {
			if l.run+n-off > MaxRun {
				return off + MaxRun - l.run, ErrRunTooLong
			}
			l.run += n - off
			break
		}
		if l.run+i > MaxRun {
			return off + MaxRun - l.run, ErrRunTooLong
		}
		l.run, off = 0, off+i+1
	}
	return n, err
}

// charsetReader lets encoding/xml read the single-byte encodings older
// Windows tools declare. Bytes above 0x7F become the Latin-1 code point of
// the same value: windows-1252's few extra symbols come out wrong, but they
// can only occur in names and notes, never in a value read here.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii":
		return latin1Reader{r: input}, nil
	case "utf-16", "utf-16le", "utf-16be", "utf16":
		// NewReader already turned the bytes into UTF-8.
		return input, nil
	}
	return nil, fmt.Errorf("unsupported character encoding %q", charset)
}

// latin1Reader converts ISO-8859-1 bytes to UTF-8.
type latin1Reader struct{ r io.Reader }

func (l latin1Reader) Read(p []byte) (int, error) {
	if len(p) < 2 {
		return 0, io.ErrShortBuffer
	}
	// Each input byte becomes at most two output bytes.
	in := make([]byte, len(p)/2)
	m, err := l.r.Read(in)
	out := p[:0]
	for _, b := range in[:m] {
		if b < 0x80 {
			out = append(out, b)
		} else {
			out = append(out, 0xC0|b>>6, 0x80|b&0x3F)
		}
	}
	return len(out), err
}

// utf16Reader converts UTF-16 (the byte-order mark already read) to UTF-8
// as it streams; an unpaired surrogate becomes U+FFFD.
type utf16Reader struct {
	r   *bufio.Reader
	big bool
	out []byte // converted bytes not yet handed out
	hi  rune   // a high surrogate waiting for its pair; 0 when none
	err error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 && u.err == nil {
		u.fill()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	if len(u.out) == 0 && u.err != nil {
		return n, u.err
	}
	return n, nil
}

// fill converts up to 4 KiB of input.
func (u *utf16Reader) fill() {
	var buf [4096]byte
	n, err := io.ReadFull(u.r, buf[:])
	if err == io.ErrUnexpectedEOF {
		err = io.EOF // a dangling odd byte is dropped
	}
	for i := 0; i+1 < n; i += 2 {
		c := rune(buf[i+1])<<8 | rune(buf[i])
		if u.big {
			c = rune(buf[i])<<8 | rune(buf[i+1])
		}
		switch {
		case u.hi != 0 && utf16.IsSurrogate(c) && c >= 0xDC00:
			u.out = utf8.AppendRune(u.out, utf16.DecodeRune(u.hi, c))
			u.hi = 0
			continue
		case u.hi != 0:
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
			u.hi = 0
		}
		switch {
		case c >= 0xD800 && c < 0xDC00:
			u.hi = c
		case utf16.IsSurrogate(c):
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
		default:
			u.out = utf8.AppendRune(u.out, c)
		}
	}
	if err != nil {
		if u.hi != 0 {
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
			u.hi = 0
		}
		u.err = err
	}
}

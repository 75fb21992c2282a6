package trackxml

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
)

// collect is a Handler that records the local names it sees and each
// element's text.
type collect struct {
	r     *Reader
	names []string
	texts []string
}

func (c *collect) Start(t xml.StartElement) { c.names = append(c.names, t.Name.Local) }
func (c *collect) End(string) {
	text, ok := c.r.Text()
	if !ok {
		text = []byte("(long)")
	}
	c.texts = append(c.texts, string(text))
}

func read(t *testing.T, r io.Reader) (*collect, error) {
	t.Helper()
	rd, err := NewReader(r, "X", "doc")
	if err != nil {
		return nil, err
	}
	c := &collect{r: rd}
	return c, rd.Run(c)
}

func utf16Bytes(s string, big bool) []byte {
	out := []byte{0xFF, 0xFE}
	if big {
		out = []byte{0xFE, 0xFF}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestReaderEncodings(t *testing.T) {
	const doc = `<?xml version="1.0" encoding="UTF-16"?><doc><a>x 🏃 é</a></doc>`
	tests := []struct {
		name string
		in   []byte
	}{
		{"utf-16le", utf16Bytes(doc, false)},
		{"utf-16be", utf16Bytes(doc, true)},
		{"utf-8 bom and blanks", []byte("\xEF\xBB\xBF \r\n\t" + strings.Replace(doc, "UTF-16", "UTF-8", 1))},
	}
	for _, tt := range tests {
		// One byte at a time: surrogate pairs and the BOM cross reads.
		c, err := read(t, iotest.OneByteReader(strings.NewReader(string(tt.in))))
		if err != nil {
			t.Errorf("Run(%s) = %v, want nil", tt.name, err)
			continue
		}
		if got := strings.Join(c.texts, "|"); got != "x 🏃 é|" {
			t.Errorf("Run(%s) texts = %q, want %q", tt.name, got, "x 🏃 é|")
		}
	}
	// An unpaired surrogate becomes U+FFFD instead of failing the file.
	bad := utf16Bytes(`<doc>a</doc>`, false)
	bad = append(bad[:len(bad)-12], append([]byte{0x00, 0xD8}, bad[len(bad)-12:]...)...)
	c, err := read(t, strings.NewReader(string(bad)))
	if err != nil || len(c.texts) != 1 || c.texts[0] != "a\uFFFD" {
		t.Errorf("Run(unpaired surrogate) = %v, %v; want text a\\uFFFD", c, err)
	}
}

func TestReaderLimits(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
	}{
		{"empty", "  \n", "not a X file: it is empty"},
		{"wrong root", "<other/>", "not a X file: root element is <other>"},
		{"entity declaration", `<!DOCTYPE doc [<!ENTITY a "aaaa">]><doc>&a;</doc>`, "entity declarations are not allowed"},
		{"undeclared entity", `<doc>&a;</doc>`, "invalid character entity &a;"},
		{"too deep", "<doc>" + strings.Repeat("<a>", MaxDepth), "elements nested deeper than 256"},
		{"long text", "<doc>" + strings.Repeat("x", MaxRun+1) + "</doc>", "without markup"},
		{"long attribute", `<doc a="` + strings.Repeat("x", MaxRun+1) + `"/>`, "without markup"},
	}
	for _, tt := range tests {
		_, err := read(t, strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Run(%s) = %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := read(t, strings.NewReader("<doc>"+strings.Repeat("x", MaxRun+1)+"</doc>")); !errors.Is(err, ErrRunTooLong) {
		t.Errorf("Run(long text) = %v, want ErrRunTooLong", err)
	}
	// Just under the limits is fine; text over MaxText is kept as unusable.
	c, err := read(t, strings.NewReader("<doc>"+strings.Repeat("<a>", MaxDepth-1)+strings.Repeat("</a>", MaxDepth-1)+
		"<b>"+strings.Repeat("x", MaxRun-10)+"</b></doc>"))
	if err != nil || c.texts[len(c.texts)-2] != "(long)" {
		t.Errorf("Run(at the limits) = %v; want no error and a long text", err)
	}
}

func TestLookupSport(t *testing.T) {
	tests := []struct {
		in    string
		sport string
		sub   string
		ok    bool
	}{
		{"running", "running", "", true},
		{"Running", "running", "", true},
		{"trail_running", "running", "trail", true},
		{"TrailRun", "running", "trail", true},
		{"road_biking", "cycling", "road", true},
		{"VirtualRide", "cycling", "virtual_activity", true},
		{"Biking", "cycling", "", true},
		{"e-bike ride", "e_biking", "", true},
		{"hiking", "hiking", "", true},
		{"lap_swimming", "swimming", "lap_swimming", true},
		{"9", "running", "", true},
		{"1", "cycling", "", true},
		{"4", "hiking", "", true},
		{"10", "walking", "", true},
		{"16", "swimming", "", true},
		{"23", "rowing", "", true},
		{"other", "generic", "", true},
		{"99", "", "", false},
		{"quidditch", "", "", false},
	}
	for _, tt := range tests {
		sport, sub, ok := LookupSport(tt.in)
		if string(sport) != tt.sport || sub != tt.sub || ok != tt.ok {
			t.Errorf("LookupSport(%q) = %q, %q, %v; want %q, %q, %v", tt.in, sport, sub, ok, tt.sport, tt.sub, tt.ok)
		}
	}
}

package ingest

import (
	"bytes"
	"strings"
)

// Kind is what a file's content is.
type Kind int

// The kinds of content easyday recognises.
const (
	Unknown Kind = iota
	FIT
	TCX
	GPX
	Gzip
	Zip
)

func (k Kind) String() string {
	switch k {
	case FIT:
		return "fit"
	case TCX:
		return "tcx"
	case GPX:
		return "gpx"
	case Gzip:
		return "gzip"
	case Zip:
		return "zip"
	}
	return "unknown"
}

// Sniff tells what the content starting with head is.
func Sniff(head []byte) Kind {
	switch {
	case len(head) >= 12 && string(head[8:12]) == ".FIT" && (head[0] == 12 || head[0] == 14):
		return FIT
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return Gzip
	case len(head) >= 4 && string(head[:2]) == "PK" && (string(head[2:4]) == "\x03\x04" || string(head[2:4]) == "\x05\x06"):
		return Zip
	}
	switch xmlRoot(head) {
	case "TrainingCenterDatabase":
		return TCX
	case "gpx":
		return GPX
	}
	return Unknown
}

// xmlRoot returns the local name of the first element in head, skipping a
// BOM, white space, the XML declaration, comments and a doctype.
func xmlRoot(head []byte) string {
	s := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	// A UTF-16 document (Windows tools write them) starts with its byte-order
	// mark; the names sniffed are ASCII, so keeping every other byte reads them.
	if len(s) >= 2 && (s[0] == 0xff && s[1] == 0xfe || s[0] == 0xfe && s[1] == 0xff) {
		low := 2 // little-endian: the ASCII byte comes first
		if s[0] == 0xfe {
			low = 3
		}
		ascii := make([]byte, 0, len(s)/2)
		for i := low; i < len(s); i += 2 {
			ascii = append(ascii, s[i])
		}
		s = ascii
	}
	for {
		s = bytes.TrimLeft(s, " \t\r\n")
		switch {
		case bytes.HasPrefix(s, []byte("<?")):
			i := bytes.Index(s, []byte("?>"))
			if i < 0 {
				return ""
			}
			s = s[i+2:]
		case bytes.HasPrefix(s, []byte("<!--")):
			i := bytes.Index(s, []byte("-->"))
			if i < 0 {
				return ""
			}
			s = s[i+3:]
		case bytes.HasPrefix(s, []byte("<!")):
			i := bytes.IndexByte(s, '>')
			if i < 0 {
				return ""
			}
			s = s[i+1:]
		case bytes.HasPrefix(s, []byte("<")):
			s = s[1:]
			end := bytes.IndexAny(s, " \t\r\n/>")
			if end < 0 {
				return ""
			}
			name := string(s[:end])
			if i := strings.IndexByte(name, ':'); i >= 0 {
				name = name[i+1:]
			}
			return name
		default:
			return ""
		}
	}
}

package ingest

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// otherFormat names the kind of a file that is recognisably not a watch
// export, from its first bytes: the CSV, JSON, pictures and videos an account
// export (Strava's, Garmin's) holds beside its activities, and the PDF, HTML
// and text files people keep with them. It returns "" for content it does not
// recognise, which stays a rejection: a FIT file with a broken header is
// unrecognisable bytes, not text.
func otherFormat(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xd8, 0xff}):
		return "JPEG"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "PNG"
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "GIF"
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "PDF"
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		if string(head[8:10]) == "qt" {
			return "MOV"
		}
		return "MP4"
	case len(head) >= 8 && (string(head[4:8]) == "moov" || string(head[4:8]) == "mdat" || string(head[4:8]) == "wide"):
		return "MOV" // QuickTime files older than the ftyp box
	}
	if !isText(head) {
		return ""
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(text) == 0:
		return "text"
	case text[0] == '{' || text[0] == '[':
		return "JSON"
	case text[0] == '<':
		if root := xmlRoot(head); strings.EqualFold(root, "html") || strings.EqualFold(root, "head") || strings.EqualFold(root, "body") {
			return "HTML"
		}
		if lower := bytes.ToLower(text[:min(len(text), 15)]); bytes.HasPrefix(lower, []byte("<!doctype html")) {
			return "HTML"
		}
		return "XML"
	}
	line, _, _ := bytes.Cut(text, []byte("\n"))
	if bytes.IndexByte(line, ',') >= 0 || bytes.IndexByte(line, ';') >= 0 {
		return "CSV"
	}
	return "text"
}

// isText reports whether head reads as UTF-8 text: valid runes (the last
// one may be cut by the end of head) and no control characters but tab,
// line feed, form feed and carriage return.
func isText(head []byte) bool {
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && n <= 1 {
			return len(head)-i < utf8.UTFMax && !utf8.FullRune(head[i:])
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\f' && r != '\r' || r == 0x7f {
			return false
		}
		i += n
	}
	return true
}

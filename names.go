package easyday

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IgnoredName reports whether a file name is one easyday never reads: hidden
// files and the temporaries of copies in flight (browsers, rsync, Syncthing,
// editors). The inbox skips such files (the watcher waits for them to be
// renamed into place) and ingest skips such archive members. The rule lives
// here, beside the domain, so that both use it without the decoders
// depending on the watcher.
func IgnoredName(name string) bool {
	base := filepath.Base(name)
	lower := strings.ToLower(base)
	switch {
	case strings.HasPrefix(base, "."), strings.HasPrefix(base, "~"):
		return true // dotfiles, rsync/Syncthing temporaries (.syncthing.*.tmp), Office locks
	case strings.HasSuffix(lower, ".part"), strings.HasSuffix(lower, ".crdownload"),
		strings.HasSuffix(lower, ".tmp"), strings.HasSuffix(lower, ".download"),
		strings.HasSuffix(lower, ".partial"), strings.HasSuffix(lower, "~"):
		return true
	case strings.HasPrefix(lower, "syncthing"), lower == "desktop.ini", lower == "thumbs.db":
		return true
	}
	return false
}

// Printable returns s as it may be shown to a person: in a terminal, a
// table, a log line or the Markdown report. A file name is whatever bytes
// the file system allows, and a terminal obeys the escape sequences in it
// (a bell, a colour, a cursor move, a new line that forges the next line
// of a log), so every character that does not print is written in Go's
// escaped form, as %q writes it but without the quotes: "\x1b", "\a",
// "\n", "\u202e"; so is each byte that is not valid UTF-8 ("\xff").
// Printable letters of any script are kept. What easyday writes as JSON
// keeps names exact instead: JSON escapes them itself.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsPrint(r):
			b.WriteString(s[i : i+n])
		default:
			q := strconv.QuoteRune(r) // '\x1b', '\a', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		}
		i += n
	}
	return b.String()
}

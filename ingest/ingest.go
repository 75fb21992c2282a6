// Package ingest reads one watch export: it sniffs what a file is from its
// content (never its name), unpacks gzip and zip archives in memory one
// entry at a time, and hands each file to the FIT, TCX or GPX decoder. Finding
// and watching files is package inbox's work.
package ingest

import (
	"errors"

	"easyday/ingest/fit"
)

// Limits that keep a hostile or broken archive from exhausting memory.
const (
	// MaxFileSize is the largest decompressed file easyday reads: real FIT
	// files of a long ultra are tens of MB; TCX of the same a few times more.
	MaxFileSize = 256 << 20
	// maxNesting bounds zips inside zips (Garmin's full export nests two deep).
	maxNesting = 4
	sniffLen   = 4096
)

// The limits as the code reads them: tests lower them to try the paths that
// real limits reach only with hundreds of megabytes.
var (
	maxContent int64 = MaxFileSize
	// keepLimit is the most content kept in memory from the first read (a
	// typical FIT file is a few hundred KB); larger content is read again
	// to be decoded, never held while it is hashed.
	keepLimit = 4 << 20
)

// ErrTruncated marks a FIT file shorter than its header says, read cleanly
// up to where it ends: most likely a copy still in progress.
var ErrTruncated = fit.ErrTruncated

// ErrUnreadable marks a file that could not be read (permissions, a file
// gone since it was listed, a disk error, content that changed while being
// read): nothing is known of its content, so it is not remembered and is
// tried again next time.
var ErrUnreadable = errors.New("could not be read")

// ErrSkipped marks a file that is not an activity and is skipped rather than
// rejected (settings, course or route files).
var ErrSkipped = errors.New("skipped")

// SkipError says why a file is skipped rather than rejected. Every error
// that wraps ErrSkipped is one: errors.As gives the reason for the ledger
// without reading it out of the message.
type SkipError struct {
	Reason string // a sentence for the ledger: "not an activity: settings file"
	Err    error  // the cause, when there is one (easyday.ErrNotActivity)
}

func (e *SkipError) Error() string { return ErrSkipped.Error() + ": " + e.Reason }

// Is makes errors.Is(err, ErrSkipped) hold.
func (e *SkipError) Is(target error) bool { return target == ErrSkipped }

// Unwrap returns the cause.
func (e *SkipError) Unwrap() error { return e.Err }

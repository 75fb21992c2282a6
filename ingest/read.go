package ingest

import (
	"errors"

	"easyday"
	"easyday/ingest/fit"
)

// Content is what Read found a file to hold.
type Content int

// What a file holds.
const (
	// Activity: recordings, to be analysed (Result.Recordings).
	Activity Content = iota + 1
	// Wellness: daily values, to be placed on their days (Result.Wellness).
	Wellness
	// Skip: nothing easyday reads, said why (Result.SkipReason).
	Skip
)

// Result is what one file holds, as Read tells it.
type Result struct {
	Content    Content
	Recordings []easyday.Recording  // Activity
	Wellness   easyday.WellnessFile // Wellness
	SkipReason string               // Skip: a sentence for the ledger
}

// Read reads what an item holds, told by its content, never its name: a FIT
// file's file_id.type is read once, from the first bytes, and a wellness
// type easyday reads is decoded as wellness values, anything else as an
// activity. A file that holds no activity (settings, a course, a wellness
// kind easyday does not read, a picture in an export) is a Skip with its
// reason. Errors are ErrUnreadable for a file that could not be read,
// wrap ErrTruncated for a FIT file still being copied, and otherwise mean
// the file is rejected.
func Read(it Item) (Result, error) {
	if it.Err != nil {
		return skipOr(it.Err)
	}
	if it.Kind == FIT {
		if _, ok := fit.WellnessKindOf(it.head); ok {
			wf, err := DecodeWellness(it)
			if err == nil {
				return Result{Content: Wellness, Wellness: wf}, nil
			}
			if !errors.Is(err, ErrNotWellness) {
				return Result{}, err
			}
			// A file_id further on says otherwise: the activity decoder
			// says what the file is.
		}
	}
	recs, err := Decode(it)
	if err != nil {
		return skipOr(err)
	}
	return Result{Content: Activity, Recordings: recs}, nil
}

// skipOr is the Skip result of a *SkipError (a file that is not one easyday
// reads: a named pipe, settings, a picture), or err as the error it is.
func skipOr(err error) (Result, error) {
	var skip *SkipError
	if errors.As(err, &skip) {
		return Result{Content: Skip, SkipReason: skip.Reason}, nil
	}
	return Result{}, err
}

package ingest

import (
	"errors"
	"fmt"

	"easyday"
	"easyday/ingest/fit"
)

// ErrNotWellness marks an item that is not a wellness file easyday reads.
var ErrNotWellness = fit.ErrNotWellness

// DecodeWellness reads a wellness FIT file (daily monitoring, sleep, HRV
// status; classified by its file_id.type, never its name). It returns an
// error wrapping ErrNotWellness for anything else, including the wellness
// kinds easyday does not read (metrics, skin temperature), which Decode
// skips with their kind named.
func DecodeWellness(it Item) (wf easyday.WellnessFile, err error) {
	if it.Err != nil {
		return easyday.WellnessFile{}, it.Err
	}
	if it.Kind != FIT {
		return easyday.WellnessFile{}, fmt.Errorf("%w: %s content", ErrNotWellness, it.Kind)
	}
	data, err := it.Content()
	if err != nil {
		return easyday.WellnessFile{}, err
	}
	wf, err = fit.DecodeWellness(data)
	if err != nil && !errors.Is(err, ErrNotWellness) {
		return easyday.WellnessFile{}, err
	}
	return wf, err
}

package tcx

import (
	"path/filepath"
	"testing"

	"easyday/ingest/internal/trackxml/trackxmltest"
)

// An activity of more trackpoints than easyday reads keeps the first
// maxRecords, says how many the file held, and keeps the timer the whole
// file gives: exactly what reading every trackpoint and then cutting the
// samples gives, without holding the rest.
func TestSampleCap(t *testing.T) {
	trackxmltest.CheckSampleCap(t, filepath.Join(fixtures, "*.tcx"), Decode, func(n int) { maxRecords = n })
}

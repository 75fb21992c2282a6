package gpx

import (
	"path/filepath"
	"testing"

	"easyday/ingest/internal/trackxml/trackxmltest"
)

// A track of more track points than easyday reads keeps the first
// maxRecords, says how many the file held, and keeps the timer the whole
// file gives: exactly what reading every point and then cutting the
// samples gives, without holding the rest.
func TestSampleCap(t *testing.T) {
	trackxmltest.CheckSampleCap(t, filepath.Join(fixtures, "*.gpx"), Decode, func(n int) { maxRecords = n })
}

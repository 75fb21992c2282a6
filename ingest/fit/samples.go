package fit

import (
	"sync"

	"easyday"
)

// The sample arrays of files already analysed are reused for the next
// file's records: a new array of a few thousand samples must be cleared
// before use (a sample holds a pointer), and the bulk import of an archive
// allocated and cleared one per file. Arrays of more than pooledSamples
// (about 18 hours at 1 s) are left to the collector.
const pooledSamples = 1 << 16

var samplePool sync.Pool // of *[]easyday.Sample, empty, with room

// newSamples returns an empty sample array with room for n, of at most
// limit (the records cap, which an array for a capped file holds exactly).
func newSamples(n, limit int) []easyday.Sample {
	if n >= limit {
		return make([]easyday.Sample, 0, n)
	}
	if p, ok := samplePool.Get().(*[]easyday.Sample); ok && cap(*p) >= n && cap(*p) <= limit {
		return (*p)[:0]
	}
	// A quarter more than this file needs, so that the array serves the
	// next, somewhat longer, files too.
	return make([]easyday.Sample, 0, max(n, min(n+n/4, limit, pooledSamples)))
}

// Recycle gives back the samples of the only recording Decode made of a
// file, once nothing reads them any more: the next file's records reuse
// the array. Samples of a file with several recordings share one array
// and are not given back.
func Recycle(recs []easyday.Recording) {
	if len(recs) != 1 || recs[0].Format != easyday.FormatFIT {
		return
	}
	s := recs[0].Samples
	if cap(s) == 0 || cap(s) > pooledSamples {
		return
	}
	s = s[:0]
	samplePool.Put(&s)
}

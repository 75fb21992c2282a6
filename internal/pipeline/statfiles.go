package pipeline

// fileStat is what the scan cache's test needs of a file's stat: whether
// it is a regular file, its size and its modification time in seconds and
// nanoseconds since 1970 (as time.Time's Unix and Nanosecond give them).
type fileStat struct {
	regular   bool
	size, sec int64
	nsec      int
}

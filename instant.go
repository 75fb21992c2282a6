package easyday

import (
	"cmp"
	"time"
)

// Instant is the time of a sample: nanoseconds since 1970-01-01 00:00 UTC.
// It holds 1678–2262, and every time a decoder reads lies within
// 1970–2125 (a FIT time counts 32-bit seconds from 1989; a TCX or GPX time
// outside 1970–2100 is not read), so the difference of two of them, at
// most 155 years, is exact (an int64 of nanoseconds spans 292). A sample's
// time as one integer, not a time.Time (24 bytes, with a pointer the
// collector must scan), makes a Sample 48 bytes instead of 64 and spares
// the analysis a conversion per sample (docs/benchmarks.md).
type Instant int64

// InstantOf returns the instant of t, which must lie within 1678–2262.
func InstantOf(t time.Time) Instant { return Instant(t.UnixNano()) }

// Time returns the instant as a time in UTC.
func (i Instant) Time() time.Time { return time.Unix(0, int64(i)).UTC() }

// Sub returns the duration i−j.
func (i Instant) Sub(j Instant) time.Duration { return time.Duration(i - j) }

// Add returns the instant i+d.
func (i Instant) Add(d time.Duration) Instant { return i + Instant(d) }

// Before reports whether i is earlier than j.
func (i Instant) Before(j Instant) bool { return i < j }

// After reports whether i is later than j.
func (i Instant) After(j Instant) bool { return i > j }

// Compare returns −1, 0 or +1 as i is before, at or after j.
func (i Instant) Compare(j Instant) int { return cmp.Compare(i, j) }

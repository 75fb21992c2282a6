//go:build unix

package analysis

import (
	"syscall"
	"time"
)

// ProcessCPU is the CPU time (user and system, every thread, the garbage
// collector's included) the test process has used so far. Benchmarks report
// it per operation besides the wall time, which a shared machine's steal
// time inflates.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

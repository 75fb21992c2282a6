//go:build !unix

package analysis

import "time"

// ProcessCPU is not measured here: benchmarks report 0 CPU time.
func ProcessCPU() time.Duration { return 0 }

package fit

import "golang.org/x/sys/cpu"

// foldAvailable reports whether this CPU multiplies without carries
// (PCLMULQDQ, with SSE4.1's PEXTRD), for crcFold.
var foldAvailable = cpu.X86.HasPCLMULQDQ && cpu.X86.HasSSE41

// crcFold is in crc_amd64.s.
//
//go:noescape
func crcFold(crc uint32, p []byte, k *foldKeys) uint32

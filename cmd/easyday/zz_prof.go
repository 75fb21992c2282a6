package main

import (
	"os"
	"runtime/pprof"
	"runtime/trace"
)

var stopProf = func() {}

func init() {
	if p := os.Getenv("EASYDAY_CPUPROF"); p != "" {
		f, _ := os.Create(p)
		pprof.StartCPUProfile(f)
		stopProf = func() { pprof.StopCPUProfile(); f.Close() }
	}
	if p := os.Getenv("EASYDAY_TRACE"); p != "" {
		f, _ := os.Create(p)
		trace.Start(f)
		stopProf = func() { trace.Stop(); f.Close() }
	}
}

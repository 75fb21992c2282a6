# easyday: the targets a person and CI use. Go and a C compiler (for the
# SQLite driver) are all it needs; modules come from the Go module proxy.
GO        ?= go
BIN       := bin/easyday
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
export CGO_ENABLED := 1

.PHONY: build check test lint fuzz bench bench-go pgo demo clean fixtures

# Without the symbol table and DWARF (-s -w): every command starts about a
# millisecond sooner (docs/benchmarks.md, "Settings measured"). Stack
# traces, profiles and `go version -m` still work; build without the flags
# for a debugger or `perf report`.
build:
	$(GO) build -ldflags='-s -w' -o $(BIN) ./cmd/easyday

# The quick loop while working (under a minute): every package's tests
# without the end-to-end, benchmark and long-running ones (-short).
check:
	$(GO) vet -pgo=off ./...
	$(GO) test -pgo=off -short -count=1 ./...

# The whole test suite, with the race detector, plus vet and formatting:
# what CI runs, and what to run before a change lands.
test:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt would change:"; gofmt -l .; exit 1; }
	$(GO) vet -pgo=off ./...
	$(GO) test -pgo=off -race -count=1 -timeout 20m ./...

lint:
	$(GO) vet -pgo=off ./...
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) run $(STATICCHECK) ./...

# Every fuzz target in the module (found in the test files), FUZZTIME each.
FUZZTIME ?= 30s
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) bash .ci/fuzz

# Speed and memory: compare ratios within one run, not across machines.
# `make bench` generates archives of BENCH_FILES activity files (with and
# without .fit.gz), of BENCH_TEN_YEARS (ten years of daily training; 0
# leaves it out) and of 1,000 one-minute files, and prints the tables in
# docs/benchmarks.md: easyday's ingest against the raw decode on one core
# (the fastest way and with checksums) and Garmin's JavaScript SDK
# (installed into bin/bench when Node.js is there), the no-op run, report,
# watch.
BENCH_FILES     ?= 1000
BENCH_TEN_YEARS ?= 3650
BENCH_RUNS      ?= 5
bench: build
	$(GO) run ./internal/bench/cmd/bench -files $(BENCH_FILES) -ten-years $(BENCH_TEN_YEARS) -runs $(BENCH_RUNS)

# The Go benchmarks of every package (decoders, analysis, history, report).
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The build is profile-guided: go build reads cmd/easyday/default.pgo, a
# CPU profile of a bulk import (BenchmarkIngestArchive over PGO_FILES
# files), and optimises the hot paths it shows (docs/benchmarks.md,
# "Settings measured"). Take it again after a change to the
# ingest's hot paths. vet and the tests build without it (-pgo=off above,
# and in the binaries the tests build): a profile-guided build compiles
# every dependency of easyday, SQLite's C included, apart from the
# ordinary one: go vet alone took about 8.5 minutes on a clean machine.
PGO_FILES ?= 1000
pgo:
	@d=$$(mktemp -d) && EASYDAY_BENCH_FILES=$(PGO_FILES) $(GO) test -pgo=off -run '^$$' -bench '^BenchmarkIngestArchive$$' -benchtime 8x \
		-o $$d/easyday.test -cpuprofile $$d/cpu.pprof ./cmd/easyday && \
	$(GO) tool pprof -proto $$d/cpu.pprof > cmd/easyday/default.pgo && rm -rf $$d && \
	echo "cmd/easyday/default.pgo: $$(wc -c < cmd/easyday/default.pgo) bytes"

# Regenerate the project's own FIT and GPX fixtures in testdata/.
fixtures:
	$(GO) generate ./internal/fitgen

# Build, then ingest the example files that ship in testdata/demo into a
# throwaway history, list them and write the report for the day after.
demo: build
	@d=$$(mktemp -d) && cp testdata/demo.toml $$d/config.toml && \
	echo "== easyday ingest testdata/demo" && \
	./$(BIN) --config $$d/config.toml ingest testdata/demo && \
	echo && echo "== easyday activities" && \
	./$(BIN) --config $$d/config.toml activities && \
	echo && echo "== easyday report --date 2026-10-29" && \
	./$(BIN) --config $$d/config.toml report --date 2026-10-29 && \
	echo && cat $$d/reports/2026-10-29.md && \
	echo && echo "(throwaway history and report in $$d)"

clean:
	rm -rf bin
